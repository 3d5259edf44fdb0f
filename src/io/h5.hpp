// A thin RAII layer over the HDF5 C API: handles that close themselves, and the few writes the
// results file needs (1-D columns, string columns, scalar and string attributes). Errors become
// exceptions naming the object and HDF5's own reason, in one line: HDF5's printing of its error
// stack is switched off. Files are built in memory and written to disk in one go by
// write_file_atomically, so a full disk or a failed write is one POSIX error, never a half-closed
// HDF5 file.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace pathways::io::h5 {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Switches off HDF5's printing of its error stack (idempotent; every function here calls it).
void silence_errors();
// The innermost reason on HDF5's error stack ("truncated file: eof = ...", "file signature not
// found"), or "" if none.
std::string last_error();

class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
        if (id < 0) {
            const std::string why = last_error();
            throw Error("cannot " + what + (why.empty() ? "" : " (HDF5: " + why + ")"));
        }
    }
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = o.id_;
            close_ = o.close_;
            o.id_ = -1;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    hid_t id() const { return id_; }
    void reset() {
        if (id_ >= 0 && close_) close_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    herr_t (*close_)(hid_t) = nullptr;
};

// Opens an HDF5 file to read. Throws Error naming the file: missing, not a regular file, empty,
// not HDF5, or unreadable (with HDF5's reason).
Handle open_file(const std::string& path);
// Builds an HDF5 file in memory with body(file), then writes it under a temporary name in the
// same folder (path.tmp-<pid>), flushes it to disk and renames it to path. On any failure
// (a full disk, a read-only folder, a file-size limit) the temporary is removed, an older file
// at path is left as it was, and Error says what failed, with the system's reason.
void write_file_atomically(const std::string& path, const std::function<void(hid_t)>& body);
// Runs `read` (a reader of the file `path`) first in a child process, so that a file damaged in
// a way that crashes the HDF5 library itself (Debian's 1.10 reads some corrupted heaps out of
// bounds) ends in one line, not a segfault: the child's death becomes Error("path: damaged:
// reading it crashed the HDF5 library"); an Error it threw is thrown here. Returns when the child
// read the file without a problem; the caller then reads it in this process. Not under mpirun
// (fork and MPI do not mix), nor when fork fails: then it returns at once.
void probe_read(const std::string& path, const std::function<void()>& read);

// Removes, in `folder`, temporary files (<name>.tmp-<pid>) whose names start with `prefix` and
// whose process no longer runs. Returns how many it removed.
int remove_stale_temporaries(const std::string& folder, const std::string& prefix = "");
// Files read by the program are refused above this size (a guard against a wrong path).
inline constexpr std::uintmax_t kMaxReadBytes = std::uintmax_t{64} << 30;
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);

template <class T>
hid_t native_type() {
    if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
    else if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
    else if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
    else if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
    else if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
    else if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
    else if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
    else if constexpr (std::is_same_v<T, std::int8_t>) return H5T_NATIVE_INT8;
    else static_assert(sizeof(T) == 0, "unsupported HDF5 column type");
}

// A 1-D column; chunked and gzip-compressed when `compress` (for large per-child data).
void write_raw_column(hid_t group, const std::string& name, hid_t type, const void* data, std::size_t n, bool compress);
template <class T>
void write_column(hid_t group, const std::string& name, const std::vector<T>& v, bool compress = false) {
    write_raw_column(group, name, native_type<T>(), v.data(), v.size(), compress);
}
void write_string_column(hid_t group, const std::string& name, const std::vector<std::string>& v);

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, double value);

// " (HDF5: <last_error()>)", or "" if HDF5 gave no reason.
std::string reason();
// The number of elements of a 1-D dataset, checked: a dataset that is not 1-D, or whose elements
// would take more than kMaxReadBytes in memory, is refused.
std::size_t column_size(hid_t dataset, const std::string& name, std::size_t element_bytes);

template <class T>
std::vector<T> read_column(hid_t group, const std::string& name) {
    Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    std::vector<T> v(column_size(ds.id(), name, sizeof(T)));
    if (!v.empty() && H5Dread(ds.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
        throw Error("cannot read dataset " + name + reason());
    return v;
}
std::vector<std::string> read_string_column(hid_t group, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
bool exists(hid_t group, const std::string& path);
// The names of a group's members, in HDF5's name order.
std::vector<std::string> member_names(hid_t group);
std::int64_t read_int_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);

}  // namespace pathways::io::h5
