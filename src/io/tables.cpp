#include "io/tables.hpp"

#include "io/h5.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace pathways::io {

using h5::Handle;

std::string csv_number(double x) {
    if (!std::isfinite(x)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
}

std::string fixed(double x, int digits) {
    if (!std::isfinite(x)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    return buf;
}

std::string csv_text(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

std::vector<ProjectionRow> read_projection(const std::string& path, std::vector<std::string>& districts) {
    Handle file = h5::open_file(path);
    std::vector<ProjectionRow> rows;
    if (h5::exists(file.id(), "labels")) {
        Handle labels = h5::open_group(file.id(), "labels");
        districts = h5::read_string_column(labels.id(), "district");
    }
    if (!h5::exists(file.id(), "projection")) return rows;
    Handle g = h5::open_group(file.id(), "projection/pupils");
    const auto year = h5::read_column<std::int32_t>(g.id(), "year");
    const auto district = h5::read_column<std::int32_t>(g.id(), "district");
    const auto type = h5::read_string_column(g.id(), "school_type");
    const auto mean = h5::read_column<double>(g.id(), "mean");
    const auto lo = h5::read_column<double>(g.id(), "ci_low");
    const auto hi = h5::read_column<double>(g.id(), "ci_high");
    const auto places = h5::read_column<double>(g.id(), "places");
    const auto shortfall = h5::read_column<double>(g.id(), "shortfall");
    for (std::size_t i = 0; i < year.size(); ++i)
        rows.push_back({year[i], district[i], type[i], mean[i], lo[i], hi[i], places[i], shortfall[i]});
    return rows;
}

namespace {

// sector and track of a school type of /projection/pupils
std::pair<std::string, std::string> sector_track(const std::string& type) {
    static const std::vector<std::string> tracks{"pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo"};
    if (std::find(tracks.begin(), tracks.end(), type) != tracks.end()) return {"secondary", type};
    if (type == "secondary") return {"secondary", "all"};
    if (type == "secondary_at_city_schools") return {"secondary at the city's schools", "all"};
    if (type == "ten_fourteen") return {"10-14 school", ""};
    if (type == "zero_eighteen") return {"0-18 community", ""};
    return {type, ""};
}

}  // namespace

void write_planner_csv(std::ostream& out, const std::vector<ProjectionRow>& rows, const std::vector<std::string>& districts) {
    out << "school_year,district,school_type,sector,track,pupils,pupils_low,pupils_high,places,shortfall\n";
    for (const auto& r : rows) {
        char year[16];
        std::snprintf(year, sizeof year, "%d/%02d", r.year, (r.year + 1) % 100);
        const std::string d = r.district < 0 ? "city" : districts.at(static_cast<std::size_t>(r.district));
        const auto [sector, track] = sector_track(r.school_type);
        out << year << ',' << csv_text(d) << ',' << r.school_type << ',' << csv_text(sector) << ',' << track << ','
            << csv_number(r.mean) << ',' << csv_number(r.ci_low) << ',' << csv_number(r.ci_high) << ','
            << (r.places >= 0 ? csv_number(r.places) : "") << ',' << (r.places >= 0 ? csv_number(r.shortfall) : "") << '\n';
    }
}

namespace {

namespace fs = std::filesystem;

bool is_group(hid_t parent, const std::string& name) {
    const hid_t id = H5Oopen(parent, name.c_str(), H5P_DEFAULT);
    if (id < 0) return false;
    const bool g = H5Iget_type(id) == H5I_GROUP;
    H5Oclose(id);
    return g;
}

// One column read generically: integers, floats or strings.
struct Column {
    std::string name;
    enum Kind { integer, number, text } kind = number;
    std::vector<std::int64_t> ints;
    std::vector<double> numbers;
    std::vector<std::string> texts;
    std::size_t size() const { return kind == integer ? ints.size() : kind == number ? numbers.size() : texts.size(); }
};

// The columns of `group` if it is a table (equal-length 1-D datasets; by_group's column-order
// lists aside), else empty.
std::vector<std::string> table_columns(hid_t group) {
    std::vector<std::string> cols;
    hsize_t length = 0;
    bool first = true;
    for (const auto& m : h5::member_names(group)) {
        if (m == "count_names" || m == "sum_names" || is_group(group, m)) continue;
        Handle ds(H5Dopen2(group, m.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + m);
        Handle space(H5Dget_space(ds.id()), H5Sclose, "get space of " + m);
        if (H5Sget_simple_extent_ndims(space.id()) != 1) return {};
        hsize_t n = 0;
        H5Sget_simple_extent_dims(space.id(), &n, nullptr);
        if (!first && n != length) return {};
        length = n;
        first = false;
        cols.push_back(m);
    }
    return cols;
}

Column read_any(hid_t group, const std::string& name) {
    Column c;
    c.name = name;
    Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    Handle type(H5Dget_type(ds.id()), H5Tclose, "get type of " + name);
    const H5T_class_t cls = H5Tget_class(type.id());
    if (cls == H5T_STRING) {
        c.kind = Column::text;
        c.texts = h5::read_string_column(group, name);
    } else if (cls == H5T_INTEGER) {
        c.kind = Column::integer;
        if (H5Tget_sign(type.id()) == H5T_SGN_NONE && H5Tget_size(type.id()) == 8) {
            c.kind = Column::text;  // uint64 checksums: written as their decimal digits
            for (const auto x : h5::read_column<std::uint64_t>(group, name)) c.texts.push_back(std::to_string(x));
        } else {
            c.ints = h5::read_column<std::int64_t>(group, name);
        }
    } else {
        c.numbers = h5::read_column<double>(group, name);
    }
    return c;
}

// column name -> /labels table
const std::map<std::string, std::string>& code_tables() {
    static const std::map<std::string, std::string> m{
        {"parent_edu", "parent_edu"}, {"home_language", "home_language"}, {"income_group", "income_group"},
        {"district", "district"}, {"route", "route"}, {"teacher_advice", "advice"}, {"test_advice", "advice"},
        {"final_advice", "advice"}, {"track_year1", "track"}, {"track_year3", "track"}, {"class_year1", "class_type"},
        {"final_stage", "stage"}};
    return m;
}

std::string label_table(const std::string& table, const std::string& column) {
    if (table == "calendar/enrolment" && column == "kind") return "enrolment";
    if (table == "calendar/school_years" && column == "level") return "level";
    const auto it = code_tables().find(column);
    return it == code_tables().end() ? "" : it->second;
}

// what -1 means in a key column of the table
std::string minus_one(const std::string& table) {
    if (table == "comparison/headline" || table == "comparison/switch") return "all";
    if (table == "projection/pupils") return "city";
    return "";  // none / not reached
}

const std::map<std::string, std::string>& table_meanings() {
    static const std::map<std::string, std::string> m{
        {"outcomes/by_group", "counts and sums per replicate x birth year x parent_edu x home_language x income_group x district (docs/hdf5-layout.md)"},
        {"outcomes/indicators", "the figures of targets.csv per replicate, in per cent"},
        {"calendar/enrolment", "children of the simulated cohorts per replicate x year (1 October) x district x where they are"},
        {"calendar/school_years", "pupils and how their school year ended per replicate x year x level x grade"},
        {"calendar/segregation", "dissimilarity indices and dBos spending per replicate x year"},
        {"calendar/budgets", "per replicate x year, for dBos and each lever a budget can drive: the city's budget, EUR spent on the simulated children, its city-wide equivalent, the simulated part of the city's year groups"},
        {"projection/pupils", "residents per school year x district (city = all) x school type: mean and 95% prediction interval over replicates, places, shortfall"},
        {"projection/residents", "residents by age group on 1 January per replicate"},
        {"comparison/headline", "headline outcomes per scenario x outcome x group: mean with its 95% Monte Carlo interval of the mean, paired difference against the baseline with its interval"},
        {"comparison/replicate_values", "the per-replicate values behind comparison/headline (headline_row = its row, from 0)"},
        {"comparison/switch", "children per (baseline value, scenario value), summed over replicates"},
        {"provenance/parameters", "every parameter as resolved"},
        {"parameters", "every parameter as resolved, per scenario"},
        {"provenance/checksums", "per replicate: checksum of the children's transitions and child-years"},
        {"checksums", "per scenario and replicate: checksum and child-years"},
        {"provenance/scenario_files", "the text of the scenario files"},
        {"scenario_files", "the text of each scenario's files"},
        {"provenance", "the scenarios of the comparison and their input hashes"},
        {"provenance/priors", "every prior dimension of the schema (docs/uncertainty.md): name, parameter, target, distribution, bounds"},
        {"provenance/uncertainty", "the scenario's [uncertainty] ranges"},
        {"provenance/uncertainty/draws", "each replicate's parameter draws (empty with uncertainty off)"},
        {"uncertainty/draws", "per scenario, each replicate's parameter draws (docs/uncertainty.md)"}};
    return m;
}

std::string column_meaning(const std::string& table, const std::string& column) {
    if (column == "scenario") return "scenario name (the first is the baseline)";
    if (column == "replicate") return "replicate number, from 0";
    if (column == "year") return "calendar year of the 1 October that starts the school year";
    if (column == "birth_year") return "birth year";
    if (column == "ci_low" || column == "ci_high")
        return table == "projection/pupils" ? "95% prediction interval for one future (docs/projection.md)"
                                            : "95% Monte Carlo interval of the mean over replicates (Student t)";
    if (column == "diff_ci_low" || column == "diff_ci_high")
        return "95% Monte Carlo interval of the paired difference against the baseline";
    if (column == "ui_low" || column == "ui_high")
        return "95% uncertainty interval over parameter draws: 2.5 and 97.5 percentiles of the replicates";
    if (column == "diff_ui_low" || column == "diff_ui_high")
        return "95% uncertainty interval over parameter draws of the paired difference against the baseline";
    if (column == "diff_mean") return "mean paired difference against the baseline (scenario minus baseline, per replicate)";
    if (column == "mean") return "mean over replicates";
    const std::string lab = label_table(table, column);
    if (!lab.empty()) return "label (code table /labels/" + lab + ")";
    return "";
}

// Key columns first (in this order), then the others in name order.
std::vector<std::string> key_first(std::vector<std::string> cols) {
    static const std::vector<std::string> keys{"scenario", "outcome", "group_kind", "group", "replicate", "year",
                                               "january_1_of", "birth_year", "parent_edu", "home_language",
                                               "income_group", "district", "kind", "level", "grade", "school_type",
                                               "id", "key", "child"};
    auto rank = [&](const std::string& c) {
        const auto it = std::find(keys.begin(), keys.end(), c);
        return it == keys.end() ? keys.size() : static_cast<std::size_t>(it - keys.begin());
    };
    std::stable_sort(cols.begin(), cols.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    return cols;
}

std::string csv_name(const std::string& table) {
    std::string s = table;
    std::replace(s.begin(), s.end(), '/', '_');
    return s + ".csv";
}

}  // namespace

std::vector<ExportedTable> export_tables(const std::string& path, const std::string& dir) {
    Handle file = h5::open_file(path);
    const std::string format = h5::read_string_attribute(file.id(), "format");
    if (format != "pathways-results" && format != "pathways-comparison")
        throw h5::Error(path + ": not a pathways results or comparison file (format '" + format + "')");
    std::map<std::string, std::vector<std::string>> labels;
    if (h5::exists(file.id(), "labels")) {
        Handle l = h5::open_group(file.id(), "labels");
        for (const auto& m : h5::member_names(l.id())) labels[m] = h5::read_string_column(l.id(), m);
    }
    // comparison files before income groups were compared store no income_group labels; they are those of every run file
    if (!labels.count("income_group")) labels["income_group"] = {"lowest", "middle", "highest"};
    // table name -> (scenario, group path), in the order found
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> where;
    std::vector<std::string> scenarios;
    if (format == "pathways-comparison") {
        Handle prov = h5::open_group(file.id(), "provenance");
        scenarios = h5::read_string_column(prov.id(), "scenario");
    }
    auto visit = [&](auto& self, const std::string& at) -> void {
        Handle g = h5::open_group(file.id(), at.empty() ? "/" : at);
        for (const auto& m : h5::member_names(g.id())) {
            const std::string child = at.empty() ? m : at + "/" + m;
            if (child == "labels" || !is_group(g.id(), m)) continue;
            Handle cg = h5::open_group(g.id(), m);
            if (!table_columns(cg.id()).empty()) {
                std::string name = child, scenario;
                if (child.rfind("scenarios/", 0) == 0) {
                    const auto slash = child.find('/', 10);
                    scenario = child.substr(10, slash - 10);
                    name = slash == std::string::npos ? child : child.substr(slash + 1);
                }
                if (!where.count(name)) order.push_back(name);
                where[name].push_back({scenario, child});
            }
            self(self, child);
        }
    };
    visit(visit, "");
    fs::create_directories(dir);
    std::vector<ExportedTable> out;
    std::ofstream dict(fs::path(dir) / "dictionary.csv");
    dict << "file,table,column,type,values,meaning\n";
    for (const auto& name : order) {
        ExportedTable t{csv_name(name), name, 0};
        std::ofstream csv(fs::path(dir) / t.file);
        if (!csv) throw h5::Error("cannot write " + (fs::path(dir) / t.file).string());
        const bool stacked = !where[name].front().first.empty();
        const auto meaning = table_meanings().count(name) ? table_meanings().at(name) : std::string();
        bool header = false;
        for (const auto& [scenario, group] : where[name]) {
            Handle g = h5::open_group(file.id(), group);
            std::vector<Column> cols;
            for (const auto& c : key_first(table_columns(g.id()))) cols.push_back(read_any(g.id(), c));
            if (!header) {
                dict << t.file << ',' << csv_text(name) << ",(table),,," << csv_text(meaning) << '\n';
                if (stacked) {
                    csv << "scenario";
                    dict << t.file << ',' << csv_text(name) << ",scenario,label,,"
                         << csv_text(column_meaning(name, "scenario")) << '\n';
                }
                for (std::size_t k = 0; k < cols.size(); ++k) {
                    csv << (stacked || k ? "," : "") << csv_text(cols[k].name);
                    const std::string lab = label_table(name, cols[k].name);
                    std::string type = cols[k].kind == Column::integer ? "integer" : cols[k].kind == Column::number ? "number" : "text";
                    std::string values;
                    if (!lab.empty() && labels.count(lab) && cols[k].kind == Column::integer) {
                        type = "label";
                        for (const auto& v : labels[lab]) values += (values.empty() ? "" : "|") + v;
                        const std::string m1 = minus_one(name);
                        values += m1.empty() ? " (empty: none)" : " (" + m1 + ")";
                    }
                    const std::string m = column_meaning(name, cols[k].name);
                    dict << t.file << ',' << csv_text(name) << ',' << csv_text(cols[k].name) << ',' << type << ','
                         << csv_text(values) << ',' << csv_text(m) << '\n';
                }
                csv << '\n';
                header = true;
            }
            const std::size_t n = cols.empty() ? 0 : cols.front().size();
            for (std::size_t r = 0; r < n; ++r) {
                if (stacked) csv << csv_text(scenario);
                for (std::size_t k = 0; k < cols.size(); ++k) {
                    if (stacked || k) csv << ',';
                    const auto& c = cols[k];
                    if (c.kind == Column::text) {
                        csv << csv_text(c.texts[r]);
                    } else if (c.kind == Column::number) {
                        csv << csv_number(c.numbers[r]);
                    } else {
                        const std::string lab = label_table(name, c.name);
                        const auto it = lab.empty() ? labels.end() : labels.find(lab);
                        const std::int64_t v = c.ints[r];
                        if (it == labels.end()) csv << v;
                        else if (v >= 0 && static_cast<std::size_t>(v) < it->second.size()) csv << csv_text(it->second[static_cast<std::size_t>(v)]);
                        else if (v < 0) csv << minus_one(name);
                        else csv << v;
                    }
                }
                csv << '\n';
            }
            t.rows += n;
        }
        out.push_back(t);
    }
    return out;
}

}  // namespace pathways::io
