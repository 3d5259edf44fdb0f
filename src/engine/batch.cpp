#include "engine/batch.hpp"

#include "engine/progress.hpp"
#include "engine/run.hpp"
#include "io/comparison.hpp"
#include "io/h5.hpp"
#include "model/schema.hpp"
#include "stats/compare.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <atomic>
#include <csignal>
#include <cstring>
#include <cstdio>
#include <cstring>
#include <unistd.h>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include <unistd.h>

namespace pathways::engine {

using stats::ChildOutcomes, stats::Group, stats::Interval, stats::SwitchTable, stats::comparison_groups,
    stats::headline_outcomes, stats::headline_rows, stats::headline_value, stats::interval95, stats::is_percentage,
    stats::paired_difference;

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
    c.income_group = column("income_group");
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

// Refuses, before anything runs or is created, an output path that can never be written: a
// folder, a path under a file, a folder that cannot be written to.
void check_output_path(const std::string& out) {
    std::error_code ec;
    const fs::path target(out);
    if (fs::is_directory(target, ec)) throw BatchError(out + ": is a folder; the output must name a file");
    for (fs::path dir = target.parent_path(); !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir, ec)) {
            if (!fs::is_directory(dir, ec))
                throw BatchError(out + ": cannot write there: " + dir.string() + " is not a folder");
            if (::access(dir.c_str(), W_OK | X_OK) != 0)
                throw BatchError(out + ": cannot write into " + dir.string() + ": " + std::strerror(errno));
            break;
        }
        if (dir == dir.parent_path()) break;
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
    for (const auto& u : s.uncertain) text += "uncertain " + u.key + "=" + std::to_string(u.low) + "," + std::to_string(u.high) + "\n";
    // only when on, so that the hashes (and resumable units) of runs without priors stay as they were
    if (s.priors)
        for (const auto* d : model::prior_dimensions())
            if (scenario::draws_prior(s, *d)) text += "prior " + d->name + "=" + d->prior.describe() + "\n";
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(text)));
    return hex;
}

namespace {

struct Prepared {
    std::size_t S = 0;
    std::vector<std::string> names, hashes, checked;
    int years = 0, threads = 1;
};

Prepared prepare(const BatchSpec& spec) {
    check_comparable(spec.scenarios);
    if (spec.out.empty()) throw BatchError("no output file given");
    check_output_path(spec.out);
    Prepared p;
    p.S = spec.scenarios.size();
    for (const auto& s : spec.scenarios) {
        p.names.push_back(s.name);
        p.hashes.push_back(input_hash(s, spec.seed, spec.code_version));
    }
    p.checked = spec.precision_outcomes;
    if (p.checked.empty())
        for (const auto& o : headline_outcomes())
            if (is_percentage(o)) p.checked.push_back(o);
    for (const auto& o : p.checked)
        if (std::find(headline_outcomes().begin(), headline_outcomes().end(), o) == headline_outcomes().end()) {
            std::string all;
            for (const auto& h : headline_outcomes()) all += (all.empty() ? "" : ", ") + h;
            throw BatchError("unknown outcome '" + o + "' for --precision; the headline outcomes are " + all);
        }
    if (spec.precision > 0 && spec.replicates < 2) throw BatchError("--precision needs at least 2 replicates to start from");
    if (spec.precision > 0 && spec.max_replicates < spec.replicates)
        throw BatchError("--max-replicates is below --replicates");
    p.years = spec.scenarios.front().params.population.birth_cohorts + spec.scenarios.front().params.population.last_age;
    p.threads = spec.threads > 0 ? spec.threads : default_threads();
    return p;
}

// Ctrl-C (SIGINT) or SIGTERM during a batch: say how many units are saved and how to resume, then
// end as the signal would have (exit status 130 for Ctrl-C). The handler only writes preformatted
// bytes and numbers (async-signal-safe).
std::atomic<int> g_units_saved{0};
int g_units_total = 0;
char g_units_folder[1024] = {0};

void write_number(int fd, int v) {
    char buf[16];
    int n = 0;
    if (v == 0) buf[n++] = '0';
    while (v > 0 && n < 15) {
        buf[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    for (int i = n - 1; i >= 0; --i) (void)!write(fd, &buf[i], 1);
}

void write_text(int fd, const char* t) { (void)!write(fd, t, std::strlen(t)); }

extern "C" void on_interrupt(int sig) {
    write_text(2, "\npathways: interrupted: ");
    write_number(2, g_units_saved.load());
    write_text(2, " of ");
    write_number(2, g_units_total);
    write_text(2, " units saved in ");
    write_text(2, g_units_folder);
    write_text(2, "; rerun the same command to resume\n");
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

class InterruptNotice {
public:
    InterruptNotice(const std::string& folder, int saved, int total) {
        g_units_saved = saved;
        g_units_total = total;
        std::snprintf(g_units_folder, sizeof g_units_folder, "%s", folder.c_str());
        old_int_ = std::signal(SIGINT, on_interrupt);
        old_term_ = std::signal(SIGTERM, on_interrupt);
    }
    ~InterruptNotice() {
        std::signal(SIGINT, old_int_);
        std::signal(SIGTERM, old_term_);
    }
    void total(int t) { g_units_total = t; }
    InterruptNotice(const InterruptNotice&) = delete;
    InterruptNotice& operator=(const InterruptNotice&) = delete;

private:
    void (*old_int_)(int) = SIG_DFL;
    void (*old_term_)(int) = SIG_DFL;
};

// How many of the units (s < S, r < replicates) are already finished in `folder`; with `part` and
// `parts`, only the units k = r * S + s with k % parts == part.
int finished_units(const std::string& folder, std::size_t S, int replicates, int part = 0, int parts = 1) {
    int n = 0;
    for (int r = 0; r < replicates; ++r)
        for (std::size_t s = 0; s < S; ++s) {
            const auto k = static_cast<std::uint64_t>(r) * S + s;
            if (k % static_cast<std::uint64_t>(parts) == static_cast<std::uint64_t>(part) &&
                fs::exists(unit_path(folder, static_cast<int>(s), r)))
                ++n;
        }
    return n;
}

void say_resuming(bool progress, int finished, int total, const std::string& folder) {
    if (progress && finished > 0)  // one write: the messages of MPI ranks would interleave otherwise
        std::cerr << ("pathways: resuming " + std::to_string(finished) + " finished unit" + (finished == 1 ? "" : "s") +
                      " of " + std::to_string(total) + " from " + folder + "; " + std::to_string(total - finished) +
                      " still to run\n");
}

// Unit (s, r): loaded from its file in `folder` if finished (and checked to come from these
// inputs), else run and committed there.
std::unique_ptr<io::Unit> obtain_unit(const BatchSpec& spec, const Prepared& p, const std::string& folder, std::size_t s,
                                      int r, Progress& progress, BatchReport& report) {
    const std::string path = unit_path(folder, static_cast<int>(s), r);
    std::unique_ptr<io::Unit> unit;
    if (fs::exists(path)) {
        try {
            unit = std::make_unique<io::Unit>(io::read_unit(path));
        } catch (const std::exception& e) {
            throw BatchError("cannot read the finished unit " + std::string(e.what()) + "; remove it to run that unit again");
        }
        if (unit->input_hash != p.hashes[s] || unit->scenario_index != static_cast<int>(s) || unit->replicate != r)
            throw BatchError("the finished unit " + path + " was made from other inputs (scenario '" + unit->scenario +
                             "', input hash " + unit->input_hash + ", expected '" + p.names[s] + "', " + p.hashes[s] +
                             "): the scenarios, their parameters, the seed or the program version changed. "
                             "Remove " + folder + " to start afresh, or choose another output file");
        ++report.units_loaded;  // not on the progress bar: its ETA counts only units still to run
    } else {
        const ReplicateResult res =
            run_replicate(scenario::replicate_params(spec.scenarios[s], spec.seed, r), spec.seed, r, p.threads, true,
                          [&] { progress.advance(); });
        unit = std::make_unique<io::Unit>();
        unit->input_hash = p.hashes[s];
        unit->scenario = p.names[s];
        unit->scenario_index = static_cast<int>(s);
        unit->replicate = r;
        unit->checksum = res.checksum;
        unit->child_years = res.child_years;
        unit->draws = scenario::replicate_draws(spec.scenarios[s], spec.seed, r);
        unit->outcomes = res.outcomes;
        unit->children = child_outcomes(res.microdata);
        io::write_unit(path, *unit);
        ++g_units_saved;
        ++report.units_run;
    }
    return unit;
}

// The statistics of a comparison file from its units, then the file: one code path for batch,
// MPI and merge, so their files are identical.
void assemble_and_write(const std::string& out, io::ComparisonData& d) {
    const std::size_t S = d.units.size();
    std::vector<std::vector<model::OutcomeTable>> tables(S);
    for (std::size_t s = 0; s < S; ++s)
        for (const auto* u : d.units[s]) tables[s].push_back(u->outcomes);
    d.groups = comparison_groups(d.district_names);
    d.headline = headline_rows(tables, d.groups);
    const std::size_t districts = d.district_names.size();
    d.switches.assign(S, SwitchTable(d.groups.size()));
    for (std::size_t s = 1; s < S; ++s)
        for (int r = 0; r < d.replicates; ++r)
            d.switches[s].add(d.units[0][static_cast<std::size_t>(r)]->children, d.units[s][static_cast<std::size_t>(r)]->children,
                              districts);
    io::write_comparison(out, d);
}

std::string fixed_stop_reason(int n) { return "fixed number of replicates (" + std::to_string(n) + ")"; }

BatchReport run_part_impl(const BatchSpec& spec, int index, int count, std::vector<std::unique_ptr<io::Unit>>* keep) {
    if (count < 1 || index < 0 || index >= count) throw BatchError("internal: part " + std::to_string(index) + " of " + std::to_string(count));
    const auto start = std::chrono::steady_clock::now();
    const Prepared p = prepare(spec);
    const std::string folder = units_folder(spec.out);
    fs::create_directories(folder);
    BatchReport report;
    const std::uint64_t total = static_cast<std::uint64_t>(p.S) * static_cast<std::uint64_t>(spec.replicates);
    std::uint64_t mine = 0;
    for (std::uint64_t k = 0; k < total; ++k)
        if (k % static_cast<std::uint64_t>(count) == static_cast<std::uint64_t>(index)) ++mine;
    {
        const int finished = finished_units(folder, p.S, spec.replicates, index, count);
        say_resuming(spec.progress, finished, static_cast<int>(mine), folder);  // this shard's or rank's units
        InterruptNotice notice(folder, finished, static_cast<int>(mine));
        Progress progress("pathways batch, part " + std::to_string(index + 1) + "/" + std::to_string(count) + " (" +
                              std::to_string(mine - static_cast<std::uint64_t>(finished)) + " of " + std::to_string(total) +
                              " units to run)",
                          (mine - static_cast<std::uint64_t>(finished)) * static_cast<std::uint64_t>(p.years), spec.progress);
        for (std::uint64_t k = static_cast<std::uint64_t>(index); k < total; k += static_cast<std::uint64_t>(count)) {
            const std::size_t s = static_cast<std::size_t>(k % p.S);
            const int r = static_cast<int>(k / p.S);
            auto unit = obtain_unit(spec, p, folder, s, r, progress, report);
            if (keep) keep->push_back(std::move(unit));
        }
    }
    report.replicates = spec.replicates;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace

void validate_batch(const BatchSpec& spec) { prepare(spec); }

void prepare_units_folder(const std::string& out) {
    const std::string folder = units_folder(out);
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw BatchError("cannot create the units folder " + folder + ": " + ec.message());
    io::h5::remove_stale_temporaries(folder);
    io::h5::remove_stale_temporaries(fs::path(out).has_parent_path() ? fs::path(out).parent_path().string() : ".",
                                     fs::path(out).filename().string() + ".tmp-");
}

BatchReport run_part(const BatchSpec& spec, int index, int count) { return run_part_impl(spec, index, count, nullptr); }

std::string batch_hash(const BatchSpec& spec) {
    std::string text = "pathways-batch-v1\nreplicates=" + std::to_string(spec.replicates) + "\nscenarios=" +
                       std::to_string(spec.scenarios.size()) + "\n";
    auto field = [&](const std::string& key, const std::string& value) {
        text += key + "[" + std::to_string(value.size()) + "]=" + value + "\n";
    };
    for (const auto& s : spec.scenarios) {
        field("input_hash", input_hash(s, spec.seed, spec.code_version));
        field("name", s.name);
        field("description", s.description);
        for (const auto& o : s.overrides) field("override", o);
        for (const auto& f : s.files) {
            field("file", f.path);
            field("text", f.text);
        }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(text)));
    return hex;
}

std::string default_shard_path(const std::string& out, int shard, int shards) {
    char name[64];
    std::snprintf(name, sizeof name, "-shard-%02d-of-%02d.h5", shard, shards);
    const fs::path o(out);
    return (o.parent_path() / "shards" / (o.stem().string() + name)).string();
}

BatchReport run_shard(const BatchSpec& spec_in, int shard, int shards, const std::string& shard_path) {
    if (shards < 1 || shard < 1 || shard > shards)
        throw BatchError("--shard " + std::to_string(shard) + "/" + std::to_string(shards) +
                         ": expected K/N with 1 <= K <= N (K counts from 1, as SLURM_ARRAY_TASK_ID=1..N)");
    if (spec_in.precision > 0)
        throw BatchError("--shard cannot be used with precision: a precision batch decides how many replicates to run "
                         "as it goes, so it cannot be divided beforehand. Give the batch a fixed number of replicates");
    BatchSpec spec = spec_in;
    spec.out = shard_path;
    validate_batch(spec);
    prepare_units_folder(spec.out);
    std::vector<std::unique_ptr<io::Unit>> units;
    BatchReport report = run_part_impl(spec, shard - 1, shards, &units);
    io::Shard sh;
    sh.batch_hash = batch_hash(spec);
    sh.shard = shard;
    sh.shards = shards;
    sh.replicates = spec.replicates;
    sh.seed = spec.seed;
    sh.code_version = spec.code_version;
    for (const auto& s : spec.scenarios) {
        sh.scenarios.push_back(io::record_of(s));
        sh.input_hashes.push_back(input_hash(s, spec.seed, spec.code_version));
    }
    sh.district_names = spec.scenarios.front().params.population.district_names;
    for (auto& u : units) sh.units.push_back(std::move(*u));
    io::write_shard(shard_path, sh);
    if (!spec.keep_units) {
        std::error_code ec;
        fs::remove_all(units_folder(shard_path), ec);
    }
    report.stop_reason = "shard " + std::to_string(shard) + "/" + std::to_string(shards) + " of a fixed number of replicates (" +
                         std::to_string(spec.replicates) + ")";
    return report;
}

MergeReport merge_shards(const std::vector<std::string>& files, const std::string& out, const std::string& command_line) {
    const auto start = std::chrono::steady_clock::now();
    if (files.empty()) throw BatchError("merge: no shard files given");
    if (out.empty()) throw BatchError("merge: no output file given (--out)");
    auto read = [](const std::string& path, bool with_units) {
        if (!fs::exists(path)) throw BatchError("merge: no such file: " + path);
        try {
            return io::read_shard(path, with_units);
        } catch (const std::exception& e) {
            throw BatchError("merge: " + std::string(e.what()) +
                             "; shard files are written by `pathways batch BATCH.toml --shard K/N`");
        }
    };
    // Headers first: one batch, one shard count, every shard once.
    std::vector<io::Shard> head;
    for (const auto& f : files) head.push_back(read(f, false));
    const io::Shard& first = head.front();
    std::vector<std::string> owner(static_cast<std::size_t>(first.shards));
    for (std::size_t i = 0; i < head.size(); ++i) {
        const auto& h = head[i];
        if (h.batch_hash != first.batch_hash)
            throw BatchError("merge: " + files[i] + " is a shard of another batch than " + files[0] + " (batch hash " + h.batch_hash +
                             " vs " + first.batch_hash +
                             "): the scenarios, their parameters or files, the seed, the replicates or the program version "
                             "differ. Merge only the shards of one batch, run with the same inputs and program");
        if (h.shards != first.shards)
            throw BatchError("merge: " + files[i] + " is shard " + std::to_string(h.shard) + "/" + std::to_string(h.shards) + " but " +
                             files[0] + " is shard " + std::to_string(first.shard) + "/" + std::to_string(first.shards) +
                             ": the batch was cut into different numbers of shards");
        auto& o = owner[static_cast<std::size_t>(h.shard - 1)];
        if (!o.empty())
            throw BatchError("merge: shard " + std::to_string(h.shard) + "/" + std::to_string(h.shards) + " is given twice: " + o +
                             " and " + files[i]);
        o = files[i];
    }
    std::string missing;
    int n_missing = 0;
    for (std::size_t k = 0; k < owner.size(); ++k)
        if (owner[k].empty()) {
            missing += (missing.empty() ? "" : ", ") + std::to_string(k + 1) + "/" + std::to_string(first.shards);
            ++n_missing;
        }
    if (n_missing > 0)
        throw BatchError("merge: " + std::string(n_missing == 1 ? "shard " : "shards ") + missing +
                         (n_missing == 1 ? " is missing; run it" : " are missing; run them") + " with `pathways batch BATCH.toml --shard K/N` and merge again");

    const std::size_t S = first.scenarios.size();
    const int R = first.replicates;
    std::vector<io::Shard> shards;
    std::vector<std::vector<const io::Unit*>> grid(S, std::vector<const io::Unit*>(static_cast<std::size_t>(R), nullptr));
    std::vector<std::vector<std::string>> from(S, std::vector<std::string>(static_cast<std::size_t>(R)));
    shards.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        shards.push_back(read(files[i], true));
        const auto& sh = shards.back();
        for (const auto& u : sh.units) {
            char name[64];
            std::snprintf(name, sizeof name, "s%02d-r%04d", u.scenario_index, u.replicate);
            if (u.scenario_index < 0 || static_cast<std::size_t>(u.scenario_index) >= S || u.replicate < 0 || u.replicate >= R)
                throw BatchError("merge: " + files[i] + " holds unit " + name + ", outside the batch (" + std::to_string(S) +
                                 " scenarios × " + std::to_string(R) + " replicates)");
            const auto s = static_cast<std::size_t>(u.scenario_index);
            const auto r = static_cast<std::size_t>(u.replicate);
            if (u.input_hash != first.input_hashes[s])
                throw BatchError("merge: unit " + std::string(name) + " in " + files[i] + " was made from other inputs (input hash " +
                                 u.input_hash + ", expected " + first.input_hashes[s] + ")");
            if (grid[s][r])
                throw BatchError("merge: unit " + std::string(name) + " (scenario '" + u.scenario + "', replicate " +
                                 std::to_string(u.replicate) + ") is in both " + from[s][r] + " and " + files[i]);
            grid[s][r] = &u;
            from[s][r] = files[i];
        }
    }
    int units = 0;
    for (std::size_t s = 0; s < S; ++s)
        for (int r = 0; r < R; ++r) {
            if (!grid[s][static_cast<std::size_t>(r)]) {
                const std::uint64_t k = static_cast<std::uint64_t>(r) * S + s;
                throw BatchError("merge: unit s" + std::string(s < 10 ? "0" : "") + std::to_string(s) + "-r" + std::to_string(r) +
                                 " (scenario '" + first.scenarios[s].name + "', replicate " + std::to_string(r) +
                                 ") is in no shard file; it belongs to shard " + std::to_string(k % static_cast<std::uint64_t>(first.shards) + 1) +
                                 "/" + std::to_string(first.shards) + ", whose file is incomplete: run that shard again");
            }
            ++units;
        }

    io::ComparisonData d;
    d.scenarios = first.scenarios;
    d.district_names = first.district_names;
    d.input_hashes = first.input_hashes;
    d.units = grid;
    d.seed = first.seed;
    d.replicates = R;
    d.precision = 0;
    d.stop_reason = fixed_stop_reason(R);
    d.code_version = first.code_version;
    d.command_line = command_line;
    d.threads = 0;
    d.units_run = 0;
    d.units_loaded = units;
    d.shards = first.shards;
    d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    assemble_and_write(out, d);
    MergeReport rep;
    rep.shards = first.shards;
    rep.units = units;
    rep.replicates = R;
    rep.scenarios = static_cast<int>(S);
    return rep;
}

BatchReport run_batch(const BatchSpec& spec) {
    const Prepared p = prepare(spec);
    const std::size_t S = p.S;
    const auto& names = p.names;
    const auto& checked = p.checked;

    const auto start = std::chrono::steady_clock::now();
    const std::string folder = units_folder(spec.out);
    prepare_units_folder(spec.out);

    BatchReport report;
    std::vector<std::vector<std::unique_ptr<io::Unit>>> units(S);
    std::vector<std::vector<model::OutcomeTable>> tables(S);  // copies for the precision check
    const int years = p.years;

    auto run_round = [&](int r, Progress& progress) {
        for (std::size_t s = 0; s < S; ++s) {
            auto unit = obtain_unit(spec, p, folder, s, r, progress, report);
            tables[s].push_back(unit->outcomes);
            units[s].push_back(std::move(unit));
        }
    };

    int n = 0;
    const int planned = static_cast<int>(S) * spec.replicates;
    const int finished = finished_units(folder, S, spec.replicates);
    say_resuming(spec.progress, finished, planned, folder);
    InterruptNotice notice(folder, finished, planned);
    {
        Progress progress("pathways batch (" + std::to_string(S) + " scenarios × " + std::to_string(spec.replicates) + ", " +
                              std::to_string(planned - finished) + " units to run)",
                          static_cast<std::uint64_t>(planned - finished) * static_cast<std::uint64_t>(years), spec.progress);
        for (; n < spec.replicates; ++n) run_round(n, progress);
    }
    if (spec.precision > 0) {
        Check c = precision_check(tables, checked, names, spec.precision);
        while (!c.met && n < spec.max_replicates) {
            notice.total(static_cast<int>(S) * (n + 1));
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
        report.stop_reason = fixed_stop_reason(n);
    }
    report.replicates = n;
    // units run by other MPI ranks in this invocation count as run, not resumed
    const int before = std::min(spec.units_run_before, report.units_loaded);
    report.units_run += before;
    report.units_loaded -= before;

    io::ComparisonData d;
    for (const auto& s : spec.scenarios) d.scenarios.push_back(io::record_of(s));
    d.district_names = spec.scenarios.front().params.population.district_names;
    d.input_hashes = p.hashes;
    d.units.resize(S);
    for (std::size_t s = 0; s < S; ++s)
        for (const auto& u : units[s]) d.units[s].push_back(u.get());
    d.seed = spec.seed;
    d.replicates = n;
    d.precision = spec.precision;
    if (spec.precision > 0) d.precision_outcomes = checked;
    d.stop_reason = report.stop_reason;
    d.code_version = spec.code_version;
    d.command_line = spec.command_line;
    d.threads = p.threads;
    d.ranks = spec.ranks;
    d.units_run = report.units_run;
    d.units_loaded = report.units_loaded;
    report.seconds = spec.seconds_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    d.seconds = report.seconds;
    assemble_and_write(spec.out, d);
    if (!spec.keep_units) {
        std::error_code ec;
        fs::remove_all(folder, ec);
    }
    return report;
}

io::Unit run_unit(const BatchSpec& spec, std::size_t s, int r, const std::function<void()>& on_year) {
    const auto& sc = spec.scenarios.at(s);
    const int threads = spec.threads > 0 ? spec.threads : default_threads();
    const ReplicateResult res = run_replicate(scenario::replicate_params(sc, spec.seed, r), spec.seed, r, threads, true, on_year);
    io::Unit unit;
    unit.input_hash = input_hash(sc, spec.seed, spec.code_version);
    unit.scenario = sc.name;
    unit.scenario_index = static_cast<int>(s);
    unit.replicate = r;
    unit.checksum = res.checksum;
    unit.child_years = res.child_years;
    unit.outcomes = res.outcomes;
    unit.children = child_outcomes(res.microdata);
    return unit;
}

void assemble_comparison(const std::string& out, io::ComparisonData& d) { assemble_and_write(out, d); }

}  // namespace pathways::engine
