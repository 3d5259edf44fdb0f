#include "io/h5.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pathways::io::h5 {

namespace fs = std::filesystem;

void silence_errors() {
    static std::once_flag once;
    std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

std::string last_error() {
    std::string innermost;
    auto walk = [](unsigned n, const H5E_error2_t* e, void* data) -> herr_t {
        if (n == 0 && e->desc) *static_cast<std::string*>(data) = e->desc;  // upward: the innermost first
        return 0;
    };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk, &innermost);
    H5Eclear2(H5E_DEFAULT);
    return innermost;
}

std::string reason() {
    const std::string why = last_error();
    return why.empty() ? "" : " (HDF5: " + why + ")";
}

std::size_t column_size(hid_t dataset, const std::string& name, std::size_t element_bytes) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get the space of " + name);
    const int rank = H5Sget_simple_extent_ndims(space.id());
    if (rank != 1) throw Error("dataset " + name + " has " + std::to_string(rank) + " dimensions, expected 1");
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    if (n < 0 || static_cast<std::uintmax_t>(n) > kMaxReadBytes / std::max<std::size_t>(element_bytes, 1))
        throw Error("dataset " + name + " has an impossible size (" + std::to_string(n) + " elements)");
    return static_cast<std::size_t>(n);
}

Handle open_file(const std::string& path) {
    silence_errors();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(path + ": is a folder, not an HDF5 file");
    if (!S_ISREG(st.st_mode)) throw Error(path + ": not a regular file, so not an HDF5 file");
    if (st.st_size == 0) throw Error(path + ": empty file, not an HDF5 file");
    if (static_cast<std::uintmax_t>(st.st_size) > kMaxReadBytes)
        throw Error(path + ": " + std::to_string(st.st_size) + " bytes, larger than any file pathways reads (64 GiB)");
    if (::access(path.c_str(), R_OK) != 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw Error(path + ": not an HDF5 file");
    }
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw Error(path + ": cannot open as HDF5, the file is truncated or damaged" + reason());
    return Handle(id, H5Fclose, "open " + path);
}

namespace {

[[noreturn]] void system_error(const std::string& what, const std::string& path, int err) {
    throw Error("cannot " + what + " " + path + ": " + std::strerror(err));
}

void write_all(int fd, const char* data, std::size_t n, const std::string& path) {
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            system_error("write", path, errno);
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
}

}  // namespace

void probe_read(const std::string& path, const std::function<void()>& read) {
    if (std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE")) return;
    int fds[2];
    if (::pipe(fds) != 0) return;
    // a time limit too, as a damaged file can also make the library loop: 30 s and 1 s per 20 MB
    unsigned seconds = 30;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) seconds += static_cast<unsigned>(st.st_size / (20 << 20));
    if (const char* s = std::getenv("PATHWAYS_PROBE_SECONDS")) seconds = static_cast<unsigned>(std::max(1, std::atoi(s)));
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (pid == 0) {  // the child: read, report, exit without running the parent's exit handlers
        ::close(fds[0]);
        const char* log = std::getenv("PATHWAYS_PROBE_LOG");  // the fuzz harness keeps a crash's report
        const int err = ::open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (err >= 0) ::dup2(err, 2);
        std::signal(SIGALRM, SIG_DFL);  // the time limit kills, whatever handler the parent installed
        ::alarm(seconds);
        int code = 0;
        std::string message;
        try {
            read();
        } catch (const Error& e) {
            message = e.what();
            code = 2;
        } catch (const std::exception& e) {
            message = e.what();
            code = 3;
        }
        for (std::size_t at = 0; at < message.size();) {
            const ssize_t w = ::write(fds[1], message.data() + at, message.size() - at);
            if (w <= 0) break;
            at += static_cast<std::size_t>(w);
        }
        ::_exit(code);
    }
    ::close(fds[1]);
    std::string message;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n > 0) message.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR) break;
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 2) throw Error(message);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3) throw std::runtime_error(message);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        throw Error(path + ": damaged: reading it did not finish in " + std::to_string(seconds) + " s (the HDF5 library loops on it)");
    throw Error(path + ": damaged: reading it crashed the HDF5 library" +
                (WIFSIGNALED(status) ? std::string(" (") + ::strsignal(WTERMSIG(status)) + ")" : std::string()));
}

int remove_stale_temporaries(const std::string& folder, const std::string& prefix) {
    std::error_code ec;
    int removed = 0;
    const fs::path dir = folder.empty() ? fs::path(".") : fs::path(folder);
    if (!fs::is_directory(dir, ec)) return 0;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        const auto at = name.rfind(".tmp-");
        if (at == std::string::npos || name.compare(0, prefix.size(), prefix) != 0) continue;
        const char* digits = name.c_str() + at + 5;
        char* end = nullptr;
        const long pid = std::strtol(digits, &end, 10);
        if (end == digits || *end != '\0') continue;  // not ours: <name>.tmp-<digits> only
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH && fs::remove(e.path(), ec)) ++removed;
    }
    return removed;
}

void write_file_atomically(const std::string& path, const std::function<void(hid_t)>& body) {
    silence_errors();
    const fs::path target(path);
    std::error_code ec;
    if (fs::is_directory(target, ec)) throw Error("cannot write " + path + ": it is a folder");
    if (target.has_parent_path()) {
        fs::create_directories(target.parent_path(), ec);
        if (ec) throw Error("cannot create the folder " + target.parent_path().string() + ": " + ec.message());
    }
    // Temporaries that killed processes left beside this file.
    remove_stale_temporaries(target.has_parent_path() ? target.parent_path().string() : ".",
                             target.filename().string() + ".tmp-");
    // The file in memory (HDF5's core driver, no backing store): HDF5 never writes to disk itself.
    std::vector<char> image;
    {
        Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create a file access list");
        if (H5Pset_fapl_core(fapl.id(), std::size_t{4} << 20, false) < 0) throw Error("cannot set up an in-memory file" + reason());
        Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()), H5Fclose, "create " + path + " in memory");
        body(file.id());
        if (H5Fflush(file.id(), H5F_SCOPE_GLOBAL) < 0) throw Error("cannot finish " + path + " in memory" + reason());
        const ssize_t size = H5Fget_file_image(file.id(), nullptr, 0);
        if (size <= 0) throw Error("cannot finish " + path + " in memory" + reason());
        image.resize(static_cast<std::size_t>(size));
        if (H5Fget_file_image(file.id(), image.data(), image.size()) != size)
            throw Error("cannot finish " + path + " in memory" + reason());
    }
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) system_error("write", path, errno);
    try {
        write_all(fd, image.data(), image.size(), path);
        if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) system_error("write", path, errno);
        const int closed = ::close(fd);
        if (closed != 0) system_error("write", path, errno);
        if (::rename(tmp.c_str(), path.c_str()) != 0) system_error("rename the finished file to", path, errno);
    } catch (...) {
        ::close(fd);  // EBADF if already closed: harmless
        ::unlink(tmp.c_str());
        throw;
    }
}
// Object timestamps are off everywhere so that identical results give byte-identical files.
Handle create_group(hid_t parent, const std::string& name) {
    Handle plist(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create property list");
    H5Pset_obj_track_times(plist.id(), false);
    return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, plist.id(), H5P_DEFAULT), H5Gclose, "create group " + name);
}
Handle open_group(hid_t parent, const std::string& name) {
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name);
}

bool exists(hid_t group, const std::string& path) { return H5Lexists(group, path.c_str(), H5P_DEFAULT) > 0; }

std::vector<std::string> member_names(hid_t group) {
    std::vector<std::string> names;
    auto visit = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
    };
    hsize_t idx = 0;
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, visit, &names) < 0) throw Error("cannot list a group" + reason());
    return names;
}

namespace {
template <class T>
T read_scalar_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    T value{};
    Handle space(H5Aget_space(a.id()), H5Sclose, "get the space of attribute " + name);
    if (H5Sget_simple_extent_npoints(space.id()) != 1) throw Error("attribute " + name + " is not a single value");
    if (H5Aread(a.id(), native_type<T>(), &value) < 0) throw Error("cannot read attribute " + name + reason());
    return value;
}
}  // namespace
std::int64_t read_int_attribute(hid_t object, const std::string& name) { return read_scalar_attribute<std::int64_t>(object, name); }
double read_double_attribute(hid_t object, const std::string& name) { return read_scalar_attribute<double>(object, name); }

void write_raw_column(hid_t group, const std::string& name, hid_t type, const void* data, std::size_t n, bool compress) {
    const hsize_t dims[1] = {static_cast<hsize_t>(n)};
    Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create dataspace for " + name);
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create property list");
    H5Pset_obj_track_times(plist.id(), false);
    if (compress && n > 0) {
        const hsize_t chunk[1] = {static_cast<hsize_t>(std::min<std::size_t>(n, 65536))};
        H5Pset_chunk(plist.id(), 1, chunk);
        H5Pset_shuffle(plist.id());
        H5Pset_deflate(plist.id(), 4);
    }
    Handle ds(H5Dcreate2(group, name.c_str(), type, space.id(), H5P_DEFAULT, plist.id(), H5P_DEFAULT), H5Dclose,
              "create dataset " + name);
    // A type that needs converting on the way (variable-length strings) goes through a buffer
    // that HDF5 takes zeroed at its default size, 1 MiB, for every dataset: sized to the column
    // instead (64 bytes an element covers any string type's memory and file forms).
    Handle transfer;
    if (H5Tis_variable_str(type) > 0) {
        transfer = Handle(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "create property list");
        if (H5Pset_buffer(transfer.id(), std::max<std::size_t>(n, 16) * 64, nullptr, nullptr) < 0)
            throw Error("cannot size the conversion buffer for " + name + reason());
    }
    const hid_t transfer_list = transfer.id() >= 0 ? transfer.id() : H5P_DEFAULT;
    if (n > 0 && H5Dwrite(ds.id(), type, H5S_ALL, H5S_ALL, transfer_list, data) < 0)
        throw Error("cannot write dataset " + name + reason());
}

namespace {
Handle utf8_string_type() {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    H5Tset_size(t.id(), H5T_VARIABLE);
    H5Tset_cset(t.id(), H5T_CSET_UTF8);
    return t;
}
}  // namespace

void write_string_column(hid_t group, const std::string& name, const std::vector<std::string>& v) {
    std::vector<const char*> ptrs;
    for (const auto& s : v) ptrs.push_back(s.c_str());
    Handle type = utf8_string_type();
    write_raw_column(group, name, type.id(), ptrs.data(), ptrs.size(), false);
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    Handle type = utf8_string_type();
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle a(H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
             "create attribute " + name);
    const char* p = value.c_str();
    if (H5Awrite(a.id(), type.id(), &p) < 0) throw Error("cannot write attribute " + name + reason());
}

template <class T>
static void write_scalar_attribute(hid_t object, const std::string& name, T value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle a(H5Acreate2(object, name.c_str(), native_type<T>(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
             "create attribute " + name);
    if (H5Awrite(a.id(), native_type<T>(), &value) < 0) throw Error("cannot write attribute " + name + reason());
}
void write_attribute(hid_t object, const std::string& name, std::int64_t value) { write_scalar_attribute(object, name, value); }
void write_attribute(hid_t object, const std::string& name, double value) { write_scalar_attribute(object, name, value); }

std::vector<std::string> read_string_column(hid_t group, const std::string& name) {
    Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    const std::size_t n = column_size(ds.id(), name, 64);
    Handle space(H5Dget_space(ds.id()), H5Sclose, "get space of " + name);
    Handle file_type(H5Dget_type(ds.id()), H5Tclose, "get the type of " + name);
    if (H5Tget_class(file_type.id()) != H5T_STRING || H5Tis_variable_str(file_type.id()) <= 0)
        throw Error("dataset " + name + " is not a column of strings");
    std::vector<char*> ptrs(n, nullptr);
    Handle type = utf8_string_type();
    const bool read = n == 0 || H5Dread(ds.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) >= 0;
    const std::string why = read ? "" : reason();
    std::vector<std::string> out;
    if (read) {
        out.reserve(n);
        for (char* p : ptrs) out.emplace_back(p ? p : "");
    }
    // what a failed read got before failing is freed too
    if (n > 0) H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, ptrs.data());
    if (!read) throw Error("cannot read dataset " + name + why);
    return out;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle file_type(H5Aget_type(a.id()), H5Tclose, "get the type of attribute " + name);
    if (H5Tget_class(file_type.id()) != H5T_STRING || H5Tis_variable_str(file_type.id()) <= 0)
        throw Error("attribute " + name + " is not a string");
    Handle space(H5Aget_space(a.id()), H5Sclose, "get the space of attribute " + name);
    if (H5Sget_simple_extent_npoints(space.id()) != 1) throw Error("attribute " + name + " is not a single string");
    Handle type = utf8_string_type();
    char* p = nullptr;
    if (H5Aread(a.id(), type.id(), &p) < 0) {
        if (p) H5free_memory(p);
        throw Error("cannot read attribute " + name + reason());
    }
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
}

}  // namespace pathways::io::h5
