#include "io/comparison.hpp"

#include "io/h5.hpp"
#include "io/results.hpp"
#include "model/schema.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace pathways::io {
namespace {

namespace fs = std::filesystem;
using h5::Handle;

const std::vector<std::string> kKeyColumns{"replicate", "birth_year", "parent_edu", "home_language", "income_group", "district"};


// The columns that say which scenario, outcome and group a row of /comparison/headline or
// /comparison/switch is about.
struct GroupKeys {
    std::vector<std::string> scenario, outcome, kind, group;
    std::vector<std::int32_t> parent_edu, income_group, home_language, district;

    void add(const std::string& scenario_name, const std::string& outcome_name, const stats::Group& g) {
        scenario.push_back(scenario_name);
        outcome.push_back(outcome_name);
        kind.push_back(g.kind);
        group.push_back(g.label);
        parent_edu.push_back(g.parent_edu);
        income_group.push_back(g.income_group);
        home_language.push_back(g.home_language);
        district.push_back(g.district);
    }
    void write(hid_t t) const {
        h5::write_string_column(t, "scenario", scenario);
        h5::write_string_column(t, "outcome", outcome);
        h5::write_string_column(t, "group_kind", kind);
        h5::write_string_column(t, "group", group);
        h5::write_column(t, "parent_edu", parent_edu);
        h5::write_column(t, "income_group", income_group);
        h5::write_column(t, "home_language", home_language);
        h5::write_column(t, "district", district);
    }
};

// Reads a by_group table back, split by replicate (in order of first appearance).
void read_by_group(hid_t t, std::vector<int>& ids, std::vector<model::OutcomeTable>& out) {
    std::vector<std::string> count_names, sum_names;
    if (h5::exists(t, "count_names")) {
        count_names = h5::read_string_column(t, "count_names");
        sum_names = h5::read_string_column(t, "sum_names");
    } else {  // a `run` results file: every column but the keys, integer ones are counts
        for (const auto& name : h5::member_names(t)) {
            if (std::find(kKeyColumns.begin(), kKeyColumns.end(), name) != kKeyColumns.end()) continue;
            Handle ds(H5Dopen2(t, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
            Handle type(H5Dget_type(ds.id()), H5Tclose, "get type of " + name);
            (H5Tget_class(type.id()) == H5T_FLOAT ? sum_names : count_names).push_back(name);
        }
    }
    const auto replicate = h5::read_column<std::int32_t>(t, "replicate");
    const auto birth_year = h5::read_column<std::int32_t>(t, "birth_year");
    const auto parent_edu = h5::read_column<std::int32_t>(t, "parent_edu");
    const auto home_language = h5::read_column<std::int32_t>(t, "home_language");
    const auto income_group = h5::read_column<std::int32_t>(t, "income_group");
    const auto district = h5::read_column<std::int32_t>(t, "district");
    std::vector<std::vector<std::int64_t>> counts;
    std::vector<std::vector<double>> sums;
    for (const auto& n : count_names) counts.push_back(h5::read_column<std::int64_t>(t, n));
    for (const auto& n : sum_names) sums.push_back(h5::read_column<double>(t, n));
    // every column one value per row: a damaged or foreign table is refused, not read past its end
    const std::size_t rows = replicate.size();
    auto check = [&](std::size_t n, const std::string& name) {
        if (n != rows)
            throw h5::Error("column " + name + " has " + std::to_string(n) + " rows, the column replicate " + std::to_string(rows));
    };
    check(birth_year.size(), "birth_year");
    check(parent_edu.size(), "parent_edu");
    check(home_language.size(), "home_language");
    check(income_group.size(), "income_group");
    check(district.size(), "district");
    for (std::size_t c = 0; c < counts.size(); ++c) check(counts[c].size(), count_names[c]);
    for (std::size_t c = 0; c < sums.size(); ++c) check(sums[c].size(), sum_names[c]);
    // counts are of children: never negative, and small enough that no total over a table can
    // overflow (at most 2^40 each, at most 2^20 rows a replicate)
    for (std::size_t c = 0; c < counts.size(); ++c)
        for (const auto v : counts[c])
            if (v < 0 || v > (std::int64_t{1} << 40))
                throw h5::Error("column " + count_names[c] + " holds " + std::to_string(v) + ", not a count of children");
    std::size_t row = 0;
    while (row < replicate.size()) {
        std::size_t end = row;
        while (end < replicate.size() && replicate[end] == replicate[row]) ++end;
        if (end - row > (std::size_t{1} << 20))
            throw h5::Error("replicate " + std::to_string(replicate[row]) + " has " + std::to_string(end - row) + " rows, more than any pathways table");
        model::OutcomeTable o;
        o.birth_year.assign(birth_year.begin() + static_cast<std::ptrdiff_t>(row), birth_year.begin() + static_cast<std::ptrdiff_t>(end));
        o.parent_edu.assign(parent_edu.begin() + static_cast<std::ptrdiff_t>(row), parent_edu.begin() + static_cast<std::ptrdiff_t>(end));
        o.home_language.assign(home_language.begin() + static_cast<std::ptrdiff_t>(row), home_language.begin() + static_cast<std::ptrdiff_t>(end));
        o.income_group.assign(income_group.begin() + static_cast<std::ptrdiff_t>(row), income_group.begin() + static_cast<std::ptrdiff_t>(end));
        o.district.assign(district.begin() + static_cast<std::ptrdiff_t>(row), district.begin() + static_cast<std::ptrdiff_t>(end));
        o.count_names = count_names;
        o.sum_names = sum_names;
        for (const auto& c : counts) o.counts.emplace_back(c.begin() + static_cast<std::ptrdiff_t>(row), c.begin() + static_cast<std::ptrdiff_t>(end));
        for (const auto& c : sums) o.sums.emplace_back(c.begin() + static_cast<std::ptrdiff_t>(row), c.begin() + static_cast<std::ptrdiff_t>(end));
        ids.push_back(replicate[row]);
        out.push_back(std::move(o));
        row = end;
    }
}

template <class F>
void write_atomically(const std::string& path, const std::string& format, F body) {
    h5::write_file_atomically(path, [&](hid_t file) {
        h5::write_attribute(file, "format", format);
        h5::write_attribute(file, "format_version", static_cast<std::int64_t>(1));
        body(file);
    });
}

std::vector<std::string> value_labels() {
    std::vector<std::string> v{"none"};
    for (const auto& t : model::track_names()) v.push_back(t);
    return v;
}

}  // namespace

// The outcome tables of several replicates, one row per (replicate, group row), in the layout of
// a `run` file's /outcomes/by_group. The column order is kept in count_names and sum_names.
void write_by_group(hid_t parent, const std::vector<const model::OutcomeTable*>& tables, const std::vector<int>& replicate_ids) {
    Handle t = h5::create_group(parent, "by_group");
    std::vector<std::int32_t> replicate, birth_year, parent_edu, home_language, income_group, district;
    for (std::size_t k = 0; k < tables.size(); ++k) {
        const auto& o = *tables[k];
        for (std::size_t row = 0; row < o.rows(); ++row) {
            replicate.push_back(replicate_ids[k]);
            birth_year.push_back(o.birth_year[row]);
            parent_edu.push_back(o.parent_edu[row]);
            home_language.push_back(o.home_language[row]);
            income_group.push_back(o.income_group[row]);
            district.push_back(o.district[row]);
        }
    }
    h5::write_column(t.id(), "replicate", replicate);
    h5::write_column(t.id(), "birth_year", birth_year);
    h5::write_column(t.id(), "parent_edu", parent_edu);
    h5::write_column(t.id(), "home_language", home_language);
    h5::write_column(t.id(), "income_group", income_group);
    h5::write_column(t.id(), "district", district);
    if (tables.empty()) return;
    const auto& first = *tables.front();
    h5::write_string_column(t.id(), "count_names", first.count_names);
    h5::write_string_column(t.id(), "sum_names", first.sum_names);
    for (std::size_t c = 0; c < first.count_names.size(); ++c) {
        std::vector<std::int64_t> col;
        for (const auto* o : tables) col.insert(col.end(), o->counts[c].begin(), o->counts[c].end());
        h5::write_column(t.id(), first.count_names[c], col);
    }
    for (std::size_t c = 0; c < first.sum_names.size(); ++c) {
        std::vector<double> col;
        for (const auto* o : tables) col.insert(col.end(), o->sums[c].begin(), o->sums[c].end());
        h5::write_column(t.id(), first.sum_names[c], col);
    }
}

std::string parameter_uncertainty_label(bool priors, bool ranges) {
    return priors && ranges ? "priors and ranges" : priors ? "priors" : ranges ? "ranges" : "off";
}

std::string read_parameter_uncertainty(const std::string& path) {
    Handle file = h5::open_file(path);
    if (!h5::exists(file.id(), "provenance")) return "off";
    Handle g = h5::open_group(file.id(), "provenance");
    if (H5Aexists(g.id(), "parameter_uncertainty") <= 0) return "off";
    return h5::read_string_attribute(g.id(), "parameter_uncertainty");
}

void write_priors_table(hid_t parent, const std::vector<std::uint8_t>& drawn) {
    Handle g = h5::create_group(parent, "priors");
    std::vector<std::string> name, key, target, prior;
    std::vector<double> lower, upper;
    for (const auto* d : model::prior_dimensions()) {
        name.push_back(d->name);
        key.push_back(d->key);
        target.push_back(model::target_name(d->target));
        prior.push_back(d->prior.describe());
        lower.push_back(d->prior.lower);
        upper.push_back(d->prior.upper);
    }
    h5::write_string_column(g.id(), "name", name);
    h5::write_string_column(g.id(), "key", key);
    h5::write_string_column(g.id(), "target", target);
    h5::write_string_column(g.id(), "prior", prior);
    h5::write_column(g.id(), "lower", lower);
    h5::write_column(g.id(), "upper", upper);
    if (!drawn.empty()) h5::write_column(g.id(), "drawn", drawn);
}

void write_draws_table(hid_t parent, const std::vector<std::int32_t>& replicate, const std::vector<scenario::ParameterDraw>& draws) {
    Handle g = h5::create_group(parent, "draws");
    std::vector<std::string> name, key, prior, source;
    std::vector<double> value;
    for (const auto& d : draws) {
        name.push_back(d.name);
        key.push_back(d.key);
        prior.push_back(d.prior);
        source.push_back(d.source);
        value.push_back(d.value);
    }
    h5::write_column(g.id(), "replicate", replicate);
    h5::write_string_column(g.id(), "name", name);
    h5::write_string_column(g.id(), "key", key);
    h5::write_string_column(g.id(), "prior", prior);
    h5::write_string_column(g.id(), "source", source);
    h5::write_column(g.id(), "value", value);
}

namespace {

void write_unit_to(hid_t g, const Unit& u) {
    h5::write_attribute(g, "input_hash", u.input_hash);
    h5::write_attribute(g, "scenario", u.scenario);
    h5::write_attribute(g, "scenario_index", static_cast<std::int64_t>(u.scenario_index));
    h5::write_attribute(g, "replicate", static_cast<std::int64_t>(u.replicate));
    h5::write_column(g, "checksum", std::vector<std::uint64_t>{u.checksum});
    h5::write_column(g, "child_years", std::vector<std::uint64_t>{u.child_years});
    write_by_group(g, {&u.outcomes}, {u.replicate});
    Handle c = h5::create_group(g, "children");
    h5::write_column(c.id(), "parent_edu", u.children.parent_edu, true);
    h5::write_column(c.id(), "home_language", u.children.home_language, true);
    h5::write_column(c.id(), "district", u.children.district, true);
    h5::write_column(c.id(), "income_group", u.children.income_group, true);
    h5::write_column(c.id(), "track_year3", u.children.track_year3, true);
    h5::write_column(c.id(), "diploma", u.children.diploma, true);
    if (!u.draws.empty()) write_draws_table(g, std::vector<std::int32_t>(u.draws.size(), u.replicate), u.draws);
}

Unit read_unit_from(hid_t g, const std::string& where) {
    Unit u;
    u.input_hash = h5::read_string_attribute(g, "input_hash");
    u.scenario = h5::read_string_attribute(g, "scenario");
    u.scenario_index = static_cast<int>(h5::read_int_attribute(g, "scenario_index"));
    u.replicate = static_cast<int>(h5::read_int_attribute(g, "replicate"));
    u.checksum = h5::read_column<std::uint64_t>(g, "checksum").at(0);
    u.child_years = h5::read_column<std::uint64_t>(g, "child_years").at(0);
    {
        Handle t = h5::open_group(g, "by_group");
        std::vector<int> ids;
        std::vector<model::OutcomeTable> tables;
        read_by_group(t.id(), ids, tables);
        if (tables.size() != 1) throw h5::Error(where + ": expected one outcome table");
        u.outcomes = std::move(tables.front());
    }
    Handle c = h5::open_group(g, "children");
    u.children.parent_edu = h5::read_column<std::int8_t>(c.id(), "parent_edu");
    u.children.home_language = h5::read_column<std::int8_t>(c.id(), "home_language");
    u.children.district = h5::read_column<std::int8_t>(c.id(), "district");
    u.children.income_group = h5::read_column<std::int8_t>(c.id(), "income_group");
    u.children.track_year3 = h5::read_column<std::int8_t>(c.id(), "track_year3");
    u.children.diploma = h5::read_column<std::int8_t>(c.id(), "diploma");
    if (h5::exists(g, "draws")) {
        Handle dg = h5::open_group(g, "draws");
        const auto name = h5::read_string_column(dg.id(), "name"), key = h5::read_string_column(dg.id(), "key"),
                   prior = h5::read_string_column(dg.id(), "prior"), source = h5::read_string_column(dg.id(), "source");
        const auto value = h5::read_column<double>(dg.id(), "value");
        if (key.size() != name.size() || prior.size() != name.size() || value.size() != name.size() ||
            source.size() != name.size())
            throw h5::Error(where + ": draws: columns of unequal length");
        for (std::size_t i = 0; i < name.size(); ++i) u.draws.push_back({name[i], key[i], prior[i], value[i], source[i]});
    }
    return u;
}

std::string join_lines(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& o : v) out += (out.empty() ? "" : "\n") + o;
    return out;
}

// /scenarios/<name> minus the results: description, input_hash, overrides, parameters, files.
void write_scenario_record(hid_t g, const ScenarioRecord& sc, const std::string& input_hash) {
    h5::write_attribute(g, "description", sc.description);
    h5::write_attribute(g, "input_hash", input_hash);
    h5::write_attribute(g, "overrides", join_lines(sc.overrides));
    {
        Handle pg = h5::create_group(g, "parameters");
        h5::write_string_column(pg.id(), "key", sc.param_keys);
        h5::write_string_column(pg.id(), "value", sc.param_values);
    }
    {
        Handle fg = h5::create_group(g, "scenario_files");
        std::vector<std::string> fpath, text;
        for (const auto& f : sc.files) {
            fpath.push_back(f.path);
            text.push_back(f.text);
        }
        h5::write_string_column(fg.id(), "path", fpath);
        h5::write_string_column(fg.id(), "text", text);
    }
}

}  // namespace

ScenarioRecord record_of(const scenario::Scenario& s) {
    ScenarioRecord r;
    r.name = s.name;
    r.description = s.description;
    r.overrides = s.overrides;
    for (const auto& spec : model::schema()) {
        r.param_keys.push_back(spec.key);
        r.param_values.push_back(model::format_value(spec.get(s.params)));
    }
    r.files = s.files;
    return r;
}

void write_unit(const std::string& path, const Unit& u) {
    write_atomically(path, "pathways-unit", [&](hid_t file) { write_unit_to(file, u); });
}

namespace {
// Runs a reader; an error that does not name the file yet gets "path: " in front.
template <class F>
auto naming(const std::string& path, F read) {
    try {
        return read();
    } catch (const h5::Error& e) {
        const std::string what = e.what();
        if (what.rfind(path + ":", 0) == 0) throw;
        throw h5::Error(path + ": damaged, or not a file pathways wrote: " + what);
    }
}
}  // namespace

// Each reader first reads in a child process (h5::probe_read), so that a file that crashes the
// HDF5 library is one line, not a segfault.
Unit read_unit(const std::string& path) {
    return naming(path, [&] {
        h5::probe_read(path, [&] { read_unit_file(path); });
        return read_unit_file(path);
    });
}
Shard read_shard(const std::string& path, bool with_units) {
    return naming(path, [&] {
        h5::probe_read(path, [&] { read_shard_file(path, with_units); });
        return read_shard_file(path, with_units);
    });
}
std::vector<StoredScenario> read_outcome_tables(const std::string& path) {
    return naming(path, [&] {
        h5::probe_read(path, [&] { read_outcome_tables_file(path); });
        return read_outcome_tables_file(path);
    });
}

Unit read_unit_file(const std::string& path) {
    Handle file = h5::open_file(path);
    if (h5::read_string_attribute(file.id(), "format") != "pathways-unit") throw h5::Error(path + ": not a pathways unit file");
    return read_unit_from(file.id(), path);
}

void write_shard(const std::string& path, const Shard& sh) {
    write_atomically(path, "pathways-shard", [&](hid_t file) {
        h5::write_attribute(file, "batch_hash", sh.batch_hash);
        h5::write_attribute(file, "shard", static_cast<std::int64_t>(sh.shard));
        h5::write_attribute(file, "shards", static_cast<std::int64_t>(sh.shards));
        h5::write_attribute(file, "replicates", static_cast<std::int64_t>(sh.replicates));
        h5::write_attribute(file, "seed", static_cast<std::int64_t>(sh.seed));
        h5::write_attribute(file, "code_version", sh.code_version);
        h5::write_string_column(file, "district_names", sh.district_names);
        std::vector<std::string> names;
        for (const auto& sc : sh.scenarios) names.push_back(sc.name);
        h5::write_string_column(file, "scenario", names);
        {
            Handle sg = h5::create_group(file, "scenarios");
            for (std::size_t s = 0; s < sh.scenarios.size(); ++s) {
                Handle g = h5::create_group(sg.id(), sh.scenarios[s].name);
                write_scenario_record(g.id(), sh.scenarios[s], sh.input_hashes[s]);
            }
        }
        Handle ug = h5::create_group(file, "units");
        char name[64];
        for (const auto& u : sh.units) {
            std::snprintf(name, sizeof name, "s%02d-r%04d", u.scenario_index, u.replicate);
            Handle g = h5::create_group(ug.id(), name);
            write_unit_to(g.id(), u);
        }
    });
}

Shard read_shard_file(const std::string& path, bool with_units) {
    Handle file = h5::open_file(path);
    if (h5::read_string_attribute(file.id(), "format") != "pathways-shard")
        throw h5::Error(path + ": not a pathways shard file (format '" + h5::read_string_attribute(file.id(), "format") + "')");
    Shard sh;
    sh.batch_hash = h5::read_string_attribute(file.id(), "batch_hash");
    sh.shard = static_cast<int>(h5::read_int_attribute(file.id(), "shard"));
    sh.shards = static_cast<int>(h5::read_int_attribute(file.id(), "shards"));
    sh.replicates = static_cast<int>(h5::read_int_attribute(file.id(), "replicates"));
    sh.seed = static_cast<std::uint64_t>(h5::read_int_attribute(file.id(), "seed"));
    if (sh.shards < 1 || sh.shards > 100000 || sh.shard < 1 || sh.shard > sh.shards)
        throw h5::Error("shard " + std::to_string(sh.shard) + "/" + std::to_string(sh.shards) + " is not a shard number K/N with 1 <= K <= N <= 100000");
    if (sh.replicates < 1 || sh.replicates > 100000)
        throw h5::Error("replicates = " + std::to_string(sh.replicates) + ", expected 1 to 100000");
    sh.code_version = h5::read_string_attribute(file.id(), "code_version");
    sh.district_names = h5::read_string_column(file.id(), "district_names");
    for (const auto& name : h5::read_string_column(file.id(), "scenario")) {
        Handle g = h5::open_group(file.id(), "scenarios/" + name);
        ScenarioRecord r;
        r.name = name;
        r.description = h5::read_string_attribute(g.id(), "description");
        const std::string overrides = h5::read_string_attribute(g.id(), "overrides");
        for (std::size_t at = 0; !overrides.empty() && at <= overrides.size();) {
            const auto nl = std::min(overrides.find('\n', at), overrides.size());
            r.overrides.push_back(overrides.substr(at, nl - at));
            at = nl + 1;
        }
        sh.input_hashes.push_back(h5::read_string_attribute(g.id(), "input_hash"));
        Handle pg = h5::open_group(g.id(), "parameters");
        r.param_keys = h5::read_string_column(pg.id(), "key");
        r.param_values = h5::read_string_column(pg.id(), "value");
        Handle fg = h5::open_group(g.id(), "scenario_files");
        const auto fpath = h5::read_string_column(fg.id(), "path");
        const auto text = h5::read_string_column(fg.id(), "text");
        for (std::size_t k = 0; k < fpath.size() && k < text.size(); ++k) r.files.push_back({fpath[k], text[k]});
        sh.scenarios.push_back(std::move(r));
    }
    if (sh.scenarios.empty() || sh.scenarios.size() > 1000 || sh.scenarios.size() * static_cast<std::size_t>(sh.replicates) > 10000000)
        throw h5::Error(std::to_string(sh.scenarios.size()) + " scenarios × " + std::to_string(sh.replicates) +
                        " replicates: not a batch pathways writes");
    if (with_units) {
        Handle ug = h5::open_group(file.id(), "units");
        for (const auto& name : h5::member_names(ug.id())) {
            Handle g = h5::open_group(ug.id(), name);
            sh.units.push_back(read_unit_from(g.id(), path + ":/units/" + name));
        }
    }
    return sh;
}

void write_comparison(const std::string& path, const ComparisonData& d) {
    write_atomically(path, "pathways-comparison", [&](hid_t file) {
        const std::size_t S = d.scenarios.size();
        std::vector<std::string> names;
        for (const auto& s : d.scenarios) names.push_back(s.name);
        bool priors_drawn = false, ranges_drawn = false;
        for (const auto& per_scenario : d.units)
            for (const auto* u : per_scenario)
                for (const auto& dr : u->draws) (dr.source == "range" ? ranges_drawn : priors_drawn) = true;
        const bool uncertain = priors_drawn || ranges_drawn;
        {
            Handle g = h5::create_group(file, "provenance");
            h5::write_attribute(g.id(), "baseline", names.front());
            h5::write_attribute(g.id(), "seed", static_cast<std::int64_t>(d.seed));
            h5::write_attribute(g.id(), "replicates", static_cast<std::int64_t>(d.replicates));
            h5::write_attribute(g.id(), "precision", d.precision);
            std::string outcomes;
            for (const auto& o : d.precision_outcomes) outcomes += (outcomes.empty() ? "" : ",") + o;
            h5::write_attribute(g.id(), "precision_outcomes", outcomes);
            h5::write_attribute(g.id(), "stop_reason", d.stop_reason);
            h5::write_attribute(g.id(), "interval", std::string("95% Student t over replicates; differences paired by replicate"));
            h5::write_attribute(g.id(), "parameter_uncertainty", parameter_uncertainty_label(priors_drawn, ranges_drawn));
            write_priors_table(g.id(), {});
            h5::write_attribute(g.id(), "code_version", d.code_version);
            for (const auto& [lib, version] : library_versions()) h5::write_attribute(g.id(), "version_" + lib, version);
            h5::write_string_column(g.id(), "scenario", names);
            h5::write_string_column(g.id(), "input_hash", d.input_hashes);
            Handle rg = h5::create_group(g.id(), "run");
            h5::write_attribute(rg.id(), "threads", static_cast<std::int64_t>(d.threads));
            h5::write_attribute(rg.id(), "command_line", d.command_line);
            h5::write_attribute(rg.id(), "seconds", d.seconds);
            h5::write_attribute(rg.id(), "units_run", static_cast<std::int64_t>(d.units_run));
            h5::write_attribute(rg.id(), "units_loaded", static_cast<std::int64_t>(d.units_loaded));
            h5::write_attribute(rg.id(), "ranks", static_cast<std::int64_t>(d.ranks));
            h5::write_attribute(rg.id(), "shards", static_cast<std::int64_t>(d.shards));
        }
        {
            Handle g = h5::create_group(file, "labels");
            h5::write_string_column(g.id(), "track", model::track_names());
            h5::write_string_column(g.id(), "switch_value", value_labels());
            h5::write_string_column(g.id(), "district", d.district_names);
            h5::write_string_column(g.id(), "parent_edu", stats::parent_edu_labels());
            h5::write_string_column(g.id(), "home_language", stats::home_language_labels());
            h5::write_string_column(g.id(), "income_group", stats::income_group_labels());
        }
        {
            Handle sg = h5::create_group(file, "scenarios");
            for (std::size_t s = 0; s < S; ++s) {
                const auto& sc = d.scenarios[s];
                Handle g = h5::create_group(sg.id(), sc.name);
                write_scenario_record(g.id(), sc, d.input_hashes[s]);
                std::vector<const model::OutcomeTable*> tables;
                std::vector<int> ids;
                std::vector<std::int32_t> rep;
                std::vector<std::uint64_t> checksum, child_years;
                for (const auto* u : d.units[s]) {
                    tables.push_back(&u->outcomes);
                    ids.push_back(u->replicate);
                    rep.push_back(u->replicate);
                    checksum.push_back(u->checksum);
                    child_years.push_back(u->child_years);
                }
                {
                    Handle cg = h5::create_group(g.id(), "checksums");
                    h5::write_column(cg.id(), "replicate", rep);
                    h5::write_column(cg.id(), "checksum", checksum);
                    h5::write_column(cg.id(), "child_years", child_years);
                }
                Handle og = h5::create_group(g.id(), "outcomes");
                write_by_group(og.id(), tables, ids);
                if (uncertain) {  // each replicate's parameter draws
                    Handle ug = h5::create_group(g.id(), "uncertainty");
                    std::vector<std::int32_t> dr_rep;
                    std::vector<scenario::ParameterDraw> draws;
                    for (const auto* u : d.units[s])
                        for (const auto& dr : u->draws) {
                            dr_rep.push_back(u->replicate);
                            draws.push_back(dr);
                        }
                    write_draws_table(ug.id(), dr_rep, draws);
                }
            }
        }
        Handle cg = h5::create_group(file, "comparison");
        {
            Handle t = h5::create_group(cg.id(), "headline");
            GroupKeys keys;
            std::vector<std::int32_t> n, diff_n, row_id, rep_id;
            std::vector<double> mean, sd, lo, hi, dmean, dsd, dlo, dhi, value;
            for (std::size_t k = 0; k < d.headline.size(); ++k) {
                const auto& r = d.headline[k];
                keys.add(names[r.scenario], r.outcome, d.groups[r.group]);
                mean.push_back(r.value.mean);
                sd.push_back(r.value.sd);
                lo.push_back(r.value.ci_low);
                hi.push_back(r.value.ci_high);
                n.push_back(r.value.n);
                dmean.push_back(r.diff.mean);
                dsd.push_back(r.diff.sd);
                dlo.push_back(r.diff.ci_low);
                dhi.push_back(r.diff.ci_high);
                diff_n.push_back(r.diff.n);
                for (std::size_t rr = 0; rr < r.per_replicate.size(); ++rr) {
                    row_id.push_back(static_cast<std::int32_t>(k));
                    rep_id.push_back(d.units[r.scenario][rr]->replicate);
                    value.push_back(r.per_replicate[rr]);
                }
            }
            keys.write(t.id());
            h5::write_column(t.id(), "mean", mean);
            h5::write_column(t.id(), "sd", sd);
            h5::write_column(t.id(), "ci_low", lo);
            h5::write_column(t.id(), "ci_high", hi);
            h5::write_column(t.id(), "replicates", n);
            h5::write_column(t.id(), "diff_mean", dmean);
            h5::write_column(t.id(), "diff_sd", dsd);
            h5::write_column(t.id(), "diff_ci_low", dlo);
            h5::write_column(t.id(), "diff_ci_high", dhi);
            h5::write_column(t.id(), "diff_replicates", diff_n);
            if (uncertain) {  // the uncertainty interval over parameter draws (stats::uncertainty_statement)
                std::vector<double> ul, uh, dul, duh;
                for (const auto& r : d.headline) {
                    ul.push_back(r.value_spread.low);
                    uh.push_back(r.value_spread.high);
                    dul.push_back(r.diff_spread.low);
                    duh.push_back(r.diff_spread.high);
                }
                h5::write_column(t.id(), "ui_low", ul);
                h5::write_column(t.id(), "ui_high", uh);
                h5::write_column(t.id(), "diff_ui_low", dul);
                h5::write_column(t.id(), "diff_ui_high", duh);
                h5::write_attribute(t.id(), "uncertainty_interval", std::string(stats::uncertainty_statement()));
            }
            Handle v = h5::create_group(cg.id(), "replicate_values");
            h5::write_column(v.id(), "headline_row", row_id, true);
            h5::write_column(v.id(), "replicate", rep_id, true);
            h5::write_column(v.id(), "value", value, true);
        }
        {
            Handle t = h5::create_group(cg.id(), "switch");
            GroupKeys keys;
            std::vector<std::int32_t> bv, sv;
            std::vector<std::int64_t> count;
            for (std::size_t s = 1; s < S; ++s) {
                const auto& table = d.switches[s];
                for (std::size_t o = 0; o < stats::SwitchTable::outcomes().size(); ++o)
                    for (std::size_t g = 0; g < d.groups.size(); ++g)
                        for (int b = -1; b < stats::SwitchTable::kValues - 1; ++b)
                            for (int x = -1; x < stats::SwitchTable::kValues - 1; ++x) {
                                const auto c = table.count(o, g, b, x);
                                if (c == 0) continue;
                                keys.add(names[s], stats::SwitchTable::outcomes()[o], d.groups[g]);
                                bv.push_back(b);
                                sv.push_back(x);
                                count.push_back(c);
                            }
            }
            keys.write(t.id());
            h5::write_column(t.id(), "baseline_value", bv);
            h5::write_column(t.id(), "scenario_value", sv);
            h5::write_column(t.id(), "count", count);
        }
    });
}

std::vector<StoredScenario> read_outcome_tables_file(const std::string& path) {
    Handle file = h5::open_file(path);
    const std::string format = h5::read_string_attribute(file.id(), "format");
    std::vector<StoredScenario> out;
    if (format == "pathways-comparison") {
        Handle prov = h5::open_group(file.id(), "provenance");
        Handle labels = h5::open_group(file.id(), "labels");
        const auto districts = h5::read_string_column(labels.id(), "district");
        for (const auto& name : h5::read_string_column(prov.id(), "scenario")) {
            StoredScenario s;
            s.name = name;
            s.district_names = districts;
            Handle t = h5::open_group(file.id(), "scenarios/" + name + "/outcomes/by_group");
            read_by_group(t.id(), s.replicate_ids, s.replicates);
            out.push_back(std::move(s));
        }
    } else if (format == "pathways-results") {
        StoredScenario s;
        Handle prov = h5::open_group(file.id(), "provenance");
        s.name = h5::read_string_attribute(prov.id(), "scenario_name");
        Handle labels = h5::open_group(file.id(), "labels");
        s.district_names = h5::read_string_column(labels.id(), "district");
        Handle t = h5::open_group(file.id(), "outcomes/by_group");
        read_by_group(t.id(), s.replicate_ids, s.replicates);
        out.push_back(std::move(s));
    } else {
        throw h5::Error(path + ": not a pathways results or comparison file (format '" + format + "')");
    }
    return out;
}

}  // namespace pathways::io
