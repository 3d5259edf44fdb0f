#include "io/h5.hpp"

namespace pathways::io::h5 {

Handle create_file(const std::string& path) {
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create file " + path);
}
Handle open_file(const std::string& path) {
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open file " + path);
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
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, visit, &names) < 0) throw Error("HDF5: cannot list a group");
    return names;
}

namespace {
template <class T>
T read_scalar_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    T value{};
    if (H5Aread(a.id(), native_type<T>(), &value) < 0) throw Error("HDF5: cannot read attribute " + name);
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
            throw Error("HDF5: cannot size the conversion buffer for " + name);
    }
    const hid_t transfer_list = transfer.id() >= 0 ? transfer.id() : H5P_DEFAULT;
    if (n > 0 && H5Dwrite(ds.id(), type, H5S_ALL, H5S_ALL, transfer_list, data) < 0)
        throw Error("HDF5: cannot write dataset " + name);
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
    if (H5Awrite(a.id(), type.id(), &p) < 0) throw Error("HDF5: cannot write attribute " + name);
}

template <class T>
static void write_scalar_attribute(hid_t object, const std::string& name, T value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    Handle a(H5Acreate2(object, name.c_str(), native_type<T>(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
             "create attribute " + name);
    if (H5Awrite(a.id(), native_type<T>(), &value) < 0) throw Error("HDF5: cannot write attribute " + name);
}
void write_attribute(hid_t object, const std::string& name, std::int64_t value) { write_scalar_attribute(object, name, value); }
void write_attribute(hid_t object, const std::string& name, double value) { write_scalar_attribute(object, name, value); }

std::vector<std::string> read_string_column(hid_t group, const std::string& name) {
    Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    Handle space(H5Dget_space(ds.id()), H5Sclose, "get space of " + name);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id()));
    std::vector<char*> ptrs(n, nullptr);
    Handle type = utf8_string_type();
    if (n > 0 && H5Dread(ds.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
        throw Error("HDF5: cannot read " + name);
    std::vector<std::string> out;
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    if (n > 0) H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, ptrs.data());
    return out;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle type = utf8_string_type();
    char* p = nullptr;
    if (H5Aread(a.id(), type.id(), &p) < 0) throw Error("HDF5: cannot read attribute " + name);
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
}

}  // namespace pathways::io::h5
