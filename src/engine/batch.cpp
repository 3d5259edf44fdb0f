#include "engine/batch.hpp"

#include "engine/compare.hpp"
#include "engine/progress.hpp"
#include "engine/run.hpp"
#include "io/comparison.hpp"
#include "model/schema.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

namespace pathways::engine {
namespace {

namespace fs = std::filesystem;

std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (const unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string unit_path(const std::string& folder, int scenario, int replicate) {
    char name[64];
    std::snprintf(name, sizeof name, "s%02d-r%04d.h5", scenario, replicate);
    return (fs::path(folder) / name).string();
}

// Temporary files of processes that no longer run (a killed batch): removed.
void remove_stale_temporaries(const fs::path& folder, const std::string& prefix = "") {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
        const std::string name = e.path().filename().string();
        const auto at = name.rfind(".tmp-");
        if (at == std::string::npos || name.compare(0, prefix.size(), prefix) != 0) continue;
        const long pid = std::strtol(name.c_str() + at + 5, nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(e.path(), ec);
    }
}

ChildOutcomes child_outcomes(const io::Microdata& m) {
    auto column = [&](const std::string& name) {
        for (std::size_t c = 0; c < m.int_names.size(); ++c)
            if (m.int_names[c] == name) {
                std::vector<std::int8_t> v(m.int_columns[c].size());
                for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int8_t>(m.int_columns[c][i]);
                return v;
            }
        throw BatchError("internal: the microdata lack the column " + name);
    };
    ChildOutcomes c;
    c.parent_edu = column("parent_edu");
    c.home_language = column("home_language");
    c.district = column("district");
    c.track_year3 = column("track_year3");
    c.diploma = column("diploma");
    return c;
}

void check_comparable(const std::vector<scenario::Scenario>& scenarios) {
    if (scenarios.empty()) throw BatchError("no scenarios to run");
    std::set<std::string> names;
    for (const auto& s : scenarios) {
        if (s.name.empty() || s.name.find_first_of("/.") != std::string::npos)
            throw BatchError("scenario name '" + s.name + "' cannot name a group in the results file (no '/' or '.')");
        if (!names.insert(s.name).second)
            throw BatchError("two scenarios are named '" + s.name +
                             "': give each a distinct [scenario] name so their results can be told apart");
    }
    const auto& base = scenarios.front();
    for (std::size_t k = 1; k < scenarios.size(); ++k)
        for (const auto& spec : model::schema()) {
            if (spec.key.rfind("population.", 0) != 0) continue;
            const std::string a = model::format_value(spec.get(base.params)), b = model::format_value(spec.get(scenarios[k].params));
            if (a != b)
                throw BatchError("scenario '" + scenarios[k].name + "' sets " + spec.key + " = " + b + " but the baseline '" +
                                 base.name + "' has " + a +
                                 ": a comparison needs the same children in every scenario, so every population.* "
                                 "setting must be equal");
        }
}

struct Check {
    bool met = true;
    double worst = 0;
    std::string what;
};

// The largest 95% half-width, over the checked outcomes for the whole population, of every
// scenario's mean and every paired difference against the baseline.
Check precision_check(const std::vector<std::vector<model::OutcomeTable>>& tables, const std::vector<std::string>& outcomes,
                      const std::vector<std::string>& names, double target) {
    Check c;
    const Group all{"overall", "all", -1, -1, -1};
    std::vector<std::vector<double>> v(tables.size());
    for (const auto& outcome : outcomes) {
        for (std::size_t s = 0; s < tables.size(); ++s) {
            v[s].clear();
            for (const auto& t : tables[s]) v[s].push_back(headline_value(t, outcome, all));
        }
        for (std::size_t s = 0; s < tables.size(); ++s)
            for (int kind = 0; kind < 2; ++kind) {
                if (kind == 1 && s == 0) continue;
                const Interval i = kind == 0 ? interval95(v[s]) : paired_difference(v[s], v[0]);
                if (i.n == 0) continue;  // undefined for this population (e.g. nobody in the group)
                const double h = i.n < 2 || !std::isfinite(i.half_width()) ? INFINITY : i.half_width();
                if (h > target) c.met = false;
                if (h > c.worst || c.what.empty()) {
                    c.worst = h;
                    c.what = outcome + (kind == 0 ? " of " : " difference of ") + names[s] +
                             (kind == 1 ? " vs " + names[0] : "");
                }
            }
    }
    return c;
}

std::string fmt(double x) {
    std::ostringstream o;
    o.precision(3);
    o << std::fixed << x;
    return o.str();
}

}  // namespace

std::string units_folder(const std::string& out) { return out + ".units"; }

std::string input_hash(const scenario::Scenario& s, std::uint64_t seed, const std::string& code_version) {
    std::string text = "pathways-unit-v1\ncode=" + code_version + "\nseed=" + std::to_string(seed) + "\nname=" + s.name + "\n";
    for (const auto& spec : model::schema()) text += spec.key + "=" + model::format_value(spec.get(s.params)) + "\n";
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(text)));
    return hex;
}

BatchReport run_batch(const BatchSpec& spec) {
    check_comparable(spec.scenarios);
    if (spec.out.empty()) throw BatchError("no output file given");
    const std::size_t S = spec.scenarios.size();
    std::vector<std::string> names, hashes;
    for (const auto& s : spec.scenarios) {
        names.push_back(s.name);
        hashes.push_back(input_hash(s, spec.seed, spec.code_version));
    }
    std::vector<std::string> checked = spec.precision_outcomes;
    if (checked.empty())
        for (const auto& o : headline_outcomes())
            if (is_percentage(o)) checked.push_back(o);
    for (const auto& o : checked)
        if (std::find(headline_outcomes().begin(), headline_outcomes().end(), o) == headline_outcomes().end()) {
            std::string all;
            for (const auto& h : headline_outcomes()) all += (all.empty() ? "" : ", ") + h;
            throw BatchError("unknown outcome '" + o + "' for --precision; the headline outcomes are " + all);
        }
    if (spec.precision > 0 && spec.replicates < 2) throw BatchError("--precision needs at least 2 replicates to start from");
    if (spec.precision > 0 && spec.max_replicates < spec.replicates)
        throw BatchError("--max-replicates is below --replicates");

    const auto start = std::chrono::steady_clock::now();
    const std::string folder = units_folder(spec.out);
    fs::create_directories(folder);
    remove_stale_temporaries(folder);
    if (fs::path(spec.out).has_parent_path())
        remove_stale_temporaries(fs::path(spec.out).parent_path(), fs::path(spec.out).filename().string());
    else
        remove_stale_temporaries(".", spec.out);

    BatchReport report;
    std::vector<std::vector<std::unique_ptr<io::Unit>>> units(S);
    std::vector<std::vector<model::OutcomeTable>> tables(S);  // copies for the precision check
    const int years = spec.scenarios.front().params.population.birth_cohorts + spec.scenarios.front().params.population.last_age;
    const int threads = spec.threads > 0 ? spec.threads : default_threads();

    auto run_round = [&](int r, Progress& progress) {
        for (std::size_t s = 0; s < S; ++s) {
            const std::string path = unit_path(folder, static_cast<int>(s), r);
            std::unique_ptr<io::Unit> unit;
            if (fs::exists(path)) {
                try {
                    unit = std::make_unique<io::Unit>(io::read_unit(path));
                } catch (const std::exception& e) {
                    throw BatchError("cannot read the finished unit " + path + " (" + e.what() +
                                     "); remove it to run that unit again");
                }
                if (unit->input_hash != hashes[s] || unit->scenario_index != static_cast<int>(s) || unit->replicate != r)
                    throw BatchError("the finished unit " + path + " was made from other inputs (scenario '" + unit->scenario +
                                     "', input hash " + unit->input_hash + ", expected '" + names[s] + "', " + hashes[s] +
                                     "): the scenarios, their parameters, the seed or the program version changed. "
                                     "Remove " + folder + " to start afresh, or choose another output file");
                progress.advance(static_cast<std::uint64_t>(years));
                ++report.units_loaded;
            } else {
                const ReplicateResult res = run_replicate(spec.scenarios[s].params, spec.seed, r, threads, true,
                                                          [&] { progress.advance(); });
                unit = std::make_unique<io::Unit>();
                unit->input_hash = hashes[s];
                unit->scenario = names[s];
                unit->scenario_index = static_cast<int>(s);
                unit->replicate = r;
                unit->checksum = res.checksum;
                unit->child_years = res.child_years;
                unit->outcomes = res.outcomes;
                unit->children = child_outcomes(res.microdata);
                io::write_unit(path, *unit);
                ++report.units_run;
            }
            tables[s].push_back(unit->outcomes);
            units[s].push_back(std::move(unit));
        }
    };

    int n = 0;
    {
        Progress progress("pathways batch (" + std::to_string(S) + " scenarios × " + std::to_string(spec.replicates) + ")",
                          static_cast<std::uint64_t>(S) * static_cast<std::uint64_t>(spec.replicates) * static_cast<std::uint64_t>(years),
                          spec.progress);
        for (; n < spec.replicates; ++n) run_round(n, progress);
    }
    if (spec.precision > 0) {
        Check c = precision_check(tables, checked, names, spec.precision);
        while (!c.met && n < spec.max_replicates) {
            Progress progress("pathways replicate " + std::to_string(n + 1) + " (largest half-width " + fmt(c.worst) + ")",
                              static_cast<std::uint64_t>(S) * static_cast<std::uint64_t>(years), spec.progress);
            run_round(n++, progress);
            c = precision_check(tables, checked, names, spec.precision);
        }
        report.stop_reason = (c.met ? "precision met: every 95% half-width is within " + fmt(spec.precision)
                                    : "max_replicates (" + std::to_string(spec.max_replicates) +
                                          ") reached before every 95% half-width was within " + fmt(spec.precision)) +
                             " after " + std::to_string(n) + " replicates; the largest is " + fmt(c.worst) + " (" + c.what + ")";
    } else {
        report.stop_reason = "fixed number of replicates (" + std::to_string(n) + ")";
    }
    report.replicates = n;

    io::ComparisonData d;
    for (const auto& s : spec.scenarios) d.scenarios.push_back(&s);
    d.input_hashes = hashes;
    d.units.resize(S);
    for (std::size_t s = 0; s < S; ++s)
        for (const auto& u : units[s]) d.units[s].push_back(u.get());
    d.groups = comparison_groups(spec.scenarios.front().params.population.district_names);
    d.headline = headline_rows(tables, d.groups);
    const std::size_t districts = spec.scenarios.front().params.population.district_names.size();
    d.switches.assign(S, SwitchTable(d.groups.size()));
    for (std::size_t s = 1; s < S; ++s)
        for (int r = 0; r < n; ++r) d.switches[s].add(units[0][static_cast<std::size_t>(r)]->children, units[s][static_cast<std::size_t>(r)]->children, districts);
    d.seed = spec.seed;
    d.replicates = n;
    d.precision = spec.precision;
    if (spec.precision > 0) d.precision_outcomes = checked;
    d.stop_reason = report.stop_reason;
    d.code_version = spec.code_version;
    d.command_line = spec.command_line;
    d.threads = threads;
    d.units_run = report.units_run;
    d.units_loaded = report.units_loaded;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    d.seconds = report.seconds;
    io::write_comparison(spec.out, d);
    if (!spec.keep_units) {
        std::error_code ec;
        fs::remove_all(folder, ec);
    }
    return report;
}

BatchFile read_batch_file(const std::string& path) {
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::ostringstream o;
        o << path << ":" << e.source().begin.line << ": not valid TOML: " << e.description();
        throw BatchError(o.str());
    }
    const fs::path dir = fs::path(path).parent_path();
    auto resolve = [&](const std::string& p) { return fs::path(p).is_absolute() || dir.empty() ? p : (dir / p).string(); };
    auto where = [&](const toml::node& n) { return path + ":" + std::to_string(n.source().begin.line); };
    BatchFile b;
    for (auto&& [key, node] : t) {
        const std::string k(key.str());
        if (k == "scenarios") {
            const auto* arr = node.as_array();
            if (!arr || arr->empty()) throw BatchError(where(node) + ": key 'scenarios': expected a non-empty list of scenario files");
            for (const auto& e : *arr) {
                if (!e.is_string()) throw BatchError(where(e) + ": key 'scenarios': expected file names (strings)");
                b.scenarios.push_back(resolve(e.as_string()->get()));
            }
        } else if (k == "replicates" || k == "max_replicates") {
            const auto* v = node.as_integer();
            if (!v || v->get() < 1 || v->get() > 100000)
                throw BatchError(where(node) + ": key '" + k + "': expected an integer in [1, 100000]");
            (k == "replicates" ? b.replicates : b.max_replicates) = static_cast<int>(v->get());
        } else if (k == "seed") {
            const auto* v = node.as_integer();
            if (!v || v->get() < 0) throw BatchError(where(node) + ": key 'seed': expected a non-negative integer");
            b.seed = static_cast<std::uint64_t>(v->get());
        } else if (k == "out") {
            if (!node.is_string()) throw BatchError(where(node) + ": key 'out': expected a file name");
            b.out = resolve(node.as_string()->get());
        } else if (k == "precision") {
            const auto v = node.value<double>();
            if (!v || *v <= 0) throw BatchError(where(node) + ": key 'precision': expected a positive number (percentage points)");
            b.precision = *v;
        } else if (k == "outcomes") {
            const auto* arr = node.as_array();
            if (!arr) throw BatchError(where(node) + ": key 'outcomes': expected a list of outcome names");
            for (const auto& e : *arr) {
                if (!e.is_string()) throw BatchError(where(e) + ": key 'outcomes': expected outcome names (strings)");
                b.outcomes.push_back(e.as_string()->get());
            }
        } else {
            throw BatchError(where(node) + ": unknown key '" + k +
                             "'; a batch file has scenarios, replicates, seed, out, precision, outcomes, max_replicates");
        }
    }
    if (b.scenarios.empty()) throw BatchError(path + ": the batch file names no scenarios (scenarios = [\"a.toml\", ...])");
    return b;
}

}  // namespace pathways::engine
