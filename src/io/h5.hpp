// A thin RAII layer over the HDF5 C API: handles that close themselves, and the few writes the
// results file needs (1-D columns, string columns, scalar and string attributes). Errors become
// exceptions naming the object.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace pathways::io::h5 {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
        if (id < 0) throw Error("HDF5: cannot " + what);
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

Handle create_file(const std::string& path);
Handle open_file(const std::string& path);
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

template <class T>
std::vector<T> read_column(hid_t group, const std::string& name) {
    Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    Handle space(H5Dget_space(ds.id()), H5Sclose, "get space of " + name);
    const auto n = H5Sget_simple_extent_npoints(space.id());
    std::vector<T> v(static_cast<std::size_t>(n));
    if (n > 0 && H5Dread(ds.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
        throw Error("HDF5: cannot read " + name);
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
