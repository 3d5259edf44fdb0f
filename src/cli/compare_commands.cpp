// pathways compare / batch / merge / summary: scenario comparisons with intervals (docs/comparison.md).
#include "cli/commands.hpp"
#include "pathways_version.hpp"

#include "engine/batch.hpp"
#include "engine/cluster.hpp"
#include "io/comparison.hpp"
#include "io/h5.hpp"
#include "io/sensitivity.hpp"
#include "scenario/batch_file.hpp"
#include "io/tables.hpp"
#include "scenario/scenario.hpp"
#include "stats/compare.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <chrono>
#include <cmath>
#include <tuple>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace pathways::cli {
namespace {

namespace fs = std::filesystem;


void fail(const std::string& message, int code) {
    std::cerr << ("pathways: error: " + message + '\n');  // one write: MPI ranks' messages interleave otherwise
    set_exit_code(code);
}

struct CompareArgs {
    std::vector<std::string> scenarios;
    std::string batch_file;
    int replicates = 10;
    std::uint64_t seed = 20240101;
    int threads = 0;
    std::string out;
    std::vector<std::string> set;
    double precision = 0;
    std::vector<std::string> outcomes;
    int max_replicates = 200;
    bool keep_units = false;
    bool quiet = false;
    bool uncertainty = false;  // --uncertainty: parameter uncertainty from the priors
    std::string shard;  // "K/N", 1-based
};

void fill_run_settings(engine::BatchSpec& spec, const CompareArgs& a) {
    spec.threads = a.threads;
    spec.keep_units = a.keep_units;
    spec.progress = !a.quiet;
    spec.code_version = PATHWAYS_VERSION;
    spec.command_line = command_line();
}

// A batch that fails part-way (a full disk) keeps the units it finished: say so, on the same line.
std::string resume_hint(const std::string& out) {
    std::error_code ec;
    const std::string folder = engine::units_folder(out);
    int finished = 0;
    if (fs::is_directory(folder, ec))
        for (const auto& e : fs::directory_iterator(folder, ec))
            if (e.path().extension() == ".h5") ++finished;
    if (finished == 0) return "";
    return "; the " + std::to_string(finished) + " finished unit(s) are kept in " + folder + ": run the same command again to resume";
}

void run_batch_command(engine::BatchSpec spec, const CompareArgs& a) {
    fill_run_settings(spec, a);
    engine::BatchReport report;
    try {
        report = engine::run_batch(spec);
    } catch (const engine::BatchError&) {
        throw;
    } catch (const std::exception& e) {
        throw std::runtime_error(e.what() + resume_hint(spec.out));
    }
    if (!a.quiet)
        std::cerr << "pathways: " << spec.scenarios.size() << " scenario(s) × " << report.replicates << " replicate(s): "
                  << report.units_run << " unit(s) run, " << report.units_loaded << " resumed, in " << report.seconds
                  << " s; " << report.stop_reason << '\n';
    std::cout << spec.out << '\n';
}

void compare(const CompareArgs& a) {
    try {
        engine::BatchSpec spec;
        for (const auto& f : a.scenarios) spec.scenarios.push_back(scenario::load_scenario(f, a.set));
        if (spec.scenarios.size() < 2) throw engine::BatchError("compare needs a baseline and at least one other scenario");
        scenario::share_priors_switch(spec.scenarios, a.uncertainty);
        spec.replicates = a.replicates;
        spec.seed = a.seed;
        spec.out = a.out.empty() ? "output/compare.h5" : a.out;
        spec.precision = a.precision;
        spec.precision_outcomes = a.outcomes;
        spec.max_replicates = a.max_replicates;
        run_batch_command(std::move(spec), a);
    } catch (const scenario::ScenarioError& e) {
        fail(e.what(), 2);
    } catch (const engine::BatchError& e) {
        fail(e.what(), 2);
    } catch (const std::exception& e) {
        fail(e.what(), 1);
    }
}

int error_code(const std::exception& e) {
    return dynamic_cast<const scenario::ScenarioError*>(&e) || dynamic_cast<const engine::BatchError*>(&e) ? 2 : 1;
}

bool parse_shard(const std::string& text, int& k, int& n) {
    const auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (i != slash && !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    if (slash > 6 || text.size() - slash - 1 > 6) return false;
    k = std::stoi(text.substr(0, slash));
    n = std::stoi(text.substr(slash + 1));
    return true;
}

// `batch` over MPI ranks: every rank runs the units k with k % ranks == rank into the shared
// <out>.units/, then rank 0 assembles the file from them (the code path of a single process).
void batch_mpi(engine::BatchSpec spec, const CompareArgs& a) {
    const int rank = engine::cluster::rank(), size = engine::cluster::size();
    const auto start = std::chrono::steady_clock::now();
    spec.progress = spec.progress && rank == 0;
    if (rank == 0) engine::prepare_units_folder(spec.out);
    engine::cluster::barrier();
    engine::BatchReport part;
    try {
        part = engine::run_part(spec, rank, size);
    } catch (const std::exception& e) {
        // one write, so that Open MPI's abort notice cannot land inside the message
        std::cerr << ("pathways: error: rank " + std::to_string(rank) + " of " + std::to_string(size) + ": " + e.what() +
                      "\npathways: the finished units are kept in " + engine::units_folder(spec.out) +
                      "; run the same command again to resume\n");
        engine::cluster::abort(error_code(e));
    }
    const int ran = engine::cluster::sum(part.units_run);  // also waits for every rank
    if (rank != 0) return;
    spec.ranks = size;
    spec.units_run_before = ran;
    spec.seconds_before = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto report = engine::run_batch(spec);
    if (!a.quiet)
        std::cerr << "pathways: " << spec.scenarios.size() << " scenario(s) × " << report.replicates << " replicate(s) on " << size
                  << " MPI ranks: " << report.units_run << " unit(s) run, " << report.units_loaded << " resumed, in "
                  << report.seconds << " s; " << report.stop_reason << '\n';
    std::cout << spec.out << '\n';
}

void batch(const CompareArgs& a) {
    const int rank = engine::cluster::rank(), size = engine::cluster::size();
    engine::BatchSpec spec;
    int shard = 0, shards = 0;
    std::string shard_path;
    // Reading and checking the inputs: the same on every rank, so reported once.
    std::string message;
    int code = 0;
    try {
        if (!a.shard.empty() && !parse_shard(a.shard, shard, shards))
            throw engine::BatchError("--shard " + a.shard + ": expected K/N, e.g. --shard 3/16 (K from 1 to N)");
        if (!a.shard.empty() && size > 1)
            throw engine::BatchError("--shard and MPI ranks do not mix: run the shards as separate (job array) tasks, or the "
                                     "whole batch with mpirun");
        const scenario::BatchFile b = scenario::read_batch_file(a.batch_file);
        // Scenarios, then for every scenario after the baseline each combination of swept values,
        // in a fixed order (keys as written, values as listed, the last key varying fastest).
        for (std::size_t k = 0; k < b.scenarios.size(); ++k) {
            if (k == 0 || b.sweep.empty()) {
                spec.scenarios.push_back(scenario::load_scenario(b.scenarios[k], a.set));
                continue;
            }
            std::vector<std::size_t> at(b.sweep.size(), 0);
            int combination = 0;
            for (bool more = true; more;) {
                std::vector<std::string> overrides = a.set;
                std::string label;
                for (std::size_t j = 0; j < b.sweep.size(); ++j) {
                    const auto& [key, values] = b.sweep[j];
                    overrides.push_back(key + "=" + values[at[j]]);
                    label += (label.empty() ? "" : ",") + key + "=" + values[at[j]];
                }
                auto sc = scenario::load_scenario(b.scenarios[k], overrides);
                char suffix[32];
                std::snprintf(suffix, sizeof suffix, "_sweep%02d", ++combination);
                sc.name += suffix;  // names become HDF5 groups: the values go into the description
                sc.description += (sc.description.empty() ? "" : " ") + std::string("[") + label + "]";
                spec.scenarios.push_back(std::move(sc));
                more = false;
                for (std::size_t j = b.sweep.size(); j-- > 0;) {
                    if (++at[j] < b.sweep[j].second.size()) {
                        more = true;
                        break;
                    }
                    at[j] = 0;
                }
            }
        }
        scenario::share_priors_switch(spec.scenarios, a.uncertainty || b.uncertainty);
        spec.replicates = b.replicates;
        spec.seed = b.seed;
        const std::string out = !b.out.empty() ? b.out : "output/" + fs::path(a.batch_file).stem().string() + ".h5";
        spec.out = a.shard.empty() && !a.out.empty() ? a.out : out;
        spec.precision = b.precision;
        spec.precision_outcomes = b.outcomes;
        spec.max_replicates = b.max_replicates;
        fill_run_settings(spec, a);
        if (!a.shard.empty()) shard_path = !a.out.empty() ? a.out : engine::default_shard_path(out, shard, shards);
        engine::validate_batch(spec);
    } catch (const std::exception& e) {
        message = e.what();
        code = error_code(e);
    }
    if (size > 1) {
        const int failed = engine::cluster::count(code != 0);
        if (failed > 0) {
            if (failed == size) {
                if (rank == 0) fail(message, code);
            } else if (code != 0) {
                fail("rank " + std::to_string(rank) + " of " + std::to_string(size) + ": " + message, code);
            }
            set_exit_code(code != 0 ? code : 2);
            return;
        }
    } else if (code != 0) {
        fail(message, code);
        return;
    }
    try {
        if (size > 1) {
            batch_mpi(spec, a);
        } else if (!a.shard.empty()) {
            const auto report = engine::run_shard(spec, shard, shards, shard_path);
            if (!a.quiet)
                std::cerr << "pathways: shard " << shard << "/" << shards << ": " << report.units_run << " unit(s) run, "
                          << report.units_loaded << " resumed, in " << report.seconds << " s\n";
            std::cout << shard_path << '\n';
        } else {
            run_batch_command(std::move(spec), a);
        }
    } catch (const std::exception& e) {
        fail(e.what(), error_code(e));
    }
}

void merge(const std::vector<std::string>& files, const std::string& out, bool quiet) {
    try {
        const auto r = engine::merge_shards(files, out, command_line());
        if (!quiet)
            std::cerr << "pathways: merged " << r.shards << " shard(s): " << r.scenarios << " scenario(s) × " << r.replicates
                      << " replicate(s), " << r.units << " unit(s)\n";
        std::cout << out << '\n';
    } catch (const std::exception& e) {
        fail(e.what(), error_code(e));
    }
}

const char* outcome_title(const std::string& o) {
    if (o == "havo_vwo_year3") return "havo/vwo in year 3 (%)";
    if (o == "havo_vwo_diploma") return "havo/vwo diploma (%)";
    if (o == "social_gap_pp") return "social gap, year 3 (pp)";
    if (o == "social_gap_or") return "social gap, year 3 (odds ratio)";
    if (o == "misplaced_high_potential_low_edu") return "high potential, low-ed. home, below havo (%)";
    if (o == "early_leaving") return "early leaving (%)";
    if (o == "cost_per_child") return "intervention cost per child (EUR)";
    return o.c_str();
}

// Full precision for the CSV (so it can be checked against the stored replicates), empty for NaN.
using io::csv_number;
using io::fixed;

struct SummaryArgs {
    std::string file, out;
    bool csv = false;
    std::vector<std::string> by, outcomes;
};

// The planner's table of a projection file: CSV, or for people the city's rows.
std::string planner_output(const std::string& path, bool csv) {
    std::vector<std::string> districts;
    const auto rows = io::read_projection(path, districts);
    std::ostringstream o;
    if (csv) {
        io::write_planner_csv(o, rows, districts);
        return o.str();
    }
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %-26s %9s %-20s %9s %10s\n", "school", "school type", "pupils", "95% prediction",
                  "places", "shortfall");
    o << "The city's pupils (residents) per school year; every district: --csv\n" << line;
    for (const auto& r : rows) {
        if (r.district >= 0) continue;
        const std::string iv = "[" + fixed(r.ci_low, 0) + ", " + fixed(r.ci_high, 0) + "]";
        char year[16];
        std::snprintf(year, sizeof year, "%d/%02d", r.year, (r.year + 1) % 100);
        std::snprintf(line, sizeof line, "%-8s %-26s %9s %-20s %9s %10s\n", year, r.school_type.c_str(),
                      fixed(r.mean, 0).c_str(), iv.c_str(), r.places >= 0 ? fixed(r.places, 0).c_str() : "",
                      r.places >= 0 ? fixed(r.shortfall, 0).c_str() : "");
        o << line;
    }
    o << "\nPupils: mean over replicates with the 95% prediction interval for one future, mean \u00b1 t(0.975, n\u22121) "
         "\u00b7 SD \u00b7 \u221a(1 + 1/n) (docs/projection.md). Shortfall: upper end minus places.\n";
    return o.str();
}

bool is_projection(const std::string& path) {
    std::vector<std::string> districts;
    return !io::read_projection(path, districts).empty();
}

// The values of each sweep variant (<scenario>_sweepNN), from the end of its description, e.g.
// "  ve_reach_up_sweep02  preschool.quality=1, preschool.reach=0.95"; empty without variants.
std::string sweep_values(const std::string& path, const std::vector<io::StoredScenario>& stored) {
    std::string out;
    io::h5::Handle file = io::h5::open_file(path);
    for (const auto& s : stored) {
        const auto at = s.name.rfind("_sweep");
        if (at == std::string::npos || !io::h5::exists(file.id(), "scenarios/" + s.name)) continue;
        io::h5::Handle g = io::h5::open_group(file.id(), "scenarios/" + s.name);
        const std::string d = io::h5::read_string_attribute(g.id(), "description");
        const auto open = d.rfind('['), close = d.rfind(']');
        if (open == std::string::npos || close == std::string::npos || close < open) continue;
        std::string values = d.substr(open + 1, close - open - 1);
        for (std::size_t k = 0; (k = values.find(',', k)) != std::string::npos; k += 2) values.replace(k, 1, ", ");
        out += "  " + s.name + "  " + values + "\n";
    }
    return out.empty() ? out : "sweep variants and their values:\n" + out;
}

// The summary table (text or CSV) of any file kind; throws engine::BatchError for bad options.
std::string summary_output(const SummaryArgs& a) {
    const std::string& path = a.file;
    const bool csv = a.csv;
    {
        if (!fs::exists(path)) throw engine::BatchError("no such file: " + path);
        if (io::is_sensitivity(path)) {
            if (!a.by.empty())
                throw engine::BatchError("--by: a sensitivity file's groups are those its sensitivity file named (groups = [...])");
            return sensitivity_summary(path, csv, a.outcomes);
        }
        if (a.by.empty() && a.outcomes.empty() && is_projection(path)) return planner_output(path, csv);
        std::vector<std::string> by;
        for (const auto& d : a.by) {
            try {
                by.push_back(stats::subgroup_dimension(d));
            } catch (const std::invalid_argument& e) {
                throw engine::BatchError(std::string("--by: ") + e.what());
            }
        }
        for (const auto& o : a.outcomes)
            if (std::find(stats::headline_outcomes().begin(), stats::headline_outcomes().end(), o) ==
                stats::headline_outcomes().end()) {
                std::string all;
                for (const auto& h : stats::headline_outcomes()) all += (all.empty() ? "" : ", ") + h;
                throw engine::BatchError("--outcomes: unknown outcome '" + o + "': choose from " + all);
            }
        auto wanted = [&](const std::string& o) {
            return a.outcomes.empty() || std::find(a.outcomes.begin(), a.outcomes.end(), o) != a.outcomes.end();
        };
        const auto stored = io::read_outcome_tables(path);
        std::vector<std::vector<model::OutcomeTable>> tables;
        for (const auto& s : stored) tables.push_back(s.replicates);
        std::vector<int> birth_years;
        if (!stored.empty() && !stored.front().replicates.empty()) {
            birth_years = stored.front().replicates.front().birth_year;
            std::sort(birth_years.begin(), birth_years.end());
            birth_years.erase(std::unique(birth_years.begin(), birth_years.end()), birth_years.end());
        }
        const auto& districts = stored.front().district_names;
        std::vector<stats::Group> groups;
        try {
            groups = stats::subgroups(by, districts, birth_years);
        } catch (const std::invalid_argument& e) {
            throw engine::BatchError(std::string("--by: ") + e.what());
        }
        std::vector<stats::HeadlineRow> rows;
        try {
            rows = stats::headline_rows(tables, groups);
        } catch (const std::out_of_range& e) {  // a table without a column the headline needs
            throw io::h5::Error(path + ": incomplete, not a file pathways wrote: " + e.what());
        }
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const stats::HeadlineRow& r) { return !wanted(r.outcome); }),
                   rows.end());
        // With parameter uncertainty on, every table adds the uncertainty interval over parameter draws
        // beside the Monte Carlo interval, and says which is which.
        const std::string uncertainty = io::read_parameter_uncertainty(path);
        const bool unc = uncertainty != "off";
        auto spread = [](const stats::Spread& x, int dg) { return "[" + fixed(x.low, dg) + ", " + fixed(x.high, dg) + "]"; };
        // A row's two uncertainty columns (appended to a line that ends in '\n').
        auto with_spread = [&](std::string line, const std::string& value_ui, const std::string& diff_ui) {
            if (!unc) return line;
            char extra[128];
            std::snprintf(extra, sizeof extra, " %-20s %-20s", value_ui.c_str(), diff_ui.c_str());
            line.insert(line.size() - 1, extra);
            return line;
        };
        auto footer = [&](std::ostringstream& o) {
            if (!unc) return;
            o << stats::uncertainty_statement() << " (parameter uncertainty: " << uncertainty
              << "; columns '95% uncertainty').\n";
            int n = 0;
            for (const auto& r : rows) n = std::max(n, r.value_spread.n);
            if (n < stats::kMinReplicatesForUncertainty)
                o << "warning: " << n << " replicates are too few for the 2.5 and 97.5 percentiles; use "
                  << stats::kMinReplicatesForUncertainty << " or more (40 or more for stable ends).\n";
        };
        std::ostringstream o;
        if (csv) {
            o << "scenario,";
            for (const auto& d : by) o << d << ',';
            o << "outcome,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,replicates"
              << (unc ? ",ui_low,ui_high,diff_ui_low,diff_ui_high" : "") << "\n";
            for (std::size_t s = 0; s < stored.size(); ++s)
                for (const auto& r : rows)
                    if (r.scenario == s) {
                        o << stored[s].name << ',';
                        for (const auto& d : by) o << stats::subgroup_value(groups[r.group], d, districts) << ',';
                        o << r.outcome << ',' << csv_number(r.value.mean) << ','
                          << csv_number(r.value.sd) << ',' << csv_number(r.value.ci_low) << ','
                          << csv_number(r.value.ci_high) << ',' << csv_number(s == 0 ? stats::kNaN : r.diff.mean) << ','
                          << csv_number(s == 0 ? stats::kNaN : r.diff.ci_low) << ','
                          << csv_number(s == 0 ? stats::kNaN : r.diff.ci_high) << ',' << r.value.n;
                        if (unc)
                            o << ',' << csv_number(r.value_spread.low) << ',' << csv_number(r.value_spread.high) << ','
                              << csv_number(s == 0 ? stats::kNaN : r.diff_spread.low) << ','
                              << csv_number(s == 0 ? stats::kNaN : r.diff_spread.high);
                        o << '\n';
                    }
        } else if (!by.empty()) {
            const std::string head = groups.back().kind;
            std::size_t width = head.size();
            for (const auto& g : groups) width = std::max(width, g.label.size());
            std::size_t name_width = 8;
            for (const auto& s : stored) name_width = std::max(name_width, s.name.size());
            char line[512];
            std::snprintf(line, sizeof line, "%-*s %-*s %-46s %8s %-18s %9s %-18s %4s\n", static_cast<int>(name_width),
                          "scenario", static_cast<int>(width), head.c_str(), "outcome", "mean", "95% interval", "vs base",
                          "95% interval", "n");
            o << with_spread(line, "95% uncertainty", "vs base 95% uncert.")
              << std::string(name_width + width + 115 + (unc ? 42 : 0), '-') << '\n';
            for (std::size_t s = 0; s < stored.size(); ++s)
                for (std::size_t g = 0; g < groups.size(); ++g)
                    for (const auto& r : rows) {
                        if (r.scenario != s || r.group != g) continue;
                        const int dg = r.outcome == "social_gap_or" ? 2 : r.outcome == "cost_per_child" ? 0 : 1;
                        const std::string ci = "[" + fixed(r.value.ci_low, dg) + ", " + fixed(r.value.ci_high, dg) + "]";
                        const std::string diff = s == 0 ? "" : (r.diff.mean >= 0 ? "+" : "") + fixed(r.diff.mean, dg);
                        const std::string dci =
                            s == 0 ? "" : "[" + fixed(r.diff.ci_low, dg) + ", " + fixed(r.diff.ci_high, dg) + "]";
                        std::snprintf(line, sizeof line, "%-*s %-*s %-46s %8s %-18s %9s %-18s %4d\n",
                                      static_cast<int>(name_width), stored[s].name.c_str(), static_cast<int>(width),
                                      groups[g].label.c_str(), outcome_title(r.outcome), fixed(r.value.mean, dg).c_str(),
                                      ci.c_str(), diff.c_str(), dci.c_str(), r.value.n);
                        o << with_spread(line, spread(r.value_spread, dg), s == 0 ? "" : spread(r.diff_spread, dg));
                    }
            o << "\n" << stats::interval_statement() << ".\n";
            if (stored.size() > 1)
                o << "'vs base' is the paired difference against " << stored.front().name
                  << " (same children, same random draws), with the same kind of interval.\n";
            o << "n: replicates in which the group had children for the outcome; '-': undefined (no interval with "
                 "one replicate, or the outcome needs a group the split leaves out).\n";
            footer(o);
        } else {
            char line[256];
            std::snprintf(line, sizeof line, "%-20s %-46s %8s %-18s %9s %-18s %4s\n", "scenario", "outcome", "mean",
                          "95% interval", "vs base", "95% interval", "n");
            o << with_spread(line, "95% uncertainty", "vs base 95% uncert.");
            o << std::string(129 + (unc ? 42 : 0), '-') << '\n';
            for (std::size_t s = 0; s < stored.size(); ++s)
                for (const auto& r : rows) {
                    if (r.scenario != s) continue;
                    const int dg = r.outcome == "social_gap_or" ? 2 : r.outcome == "cost_per_child" ? 0 : 1;
                    const std::string ci = "[" + fixed(r.value.ci_low, dg) + ", " + fixed(r.value.ci_high, dg) + "]";
                    const std::string diff = s == 0 ? "" : (r.diff.mean >= 0 ? "+" : "") + fixed(r.diff.mean, dg);
                    const std::string dci = s == 0 ? "" : "[" + fixed(r.diff.ci_low, dg) + ", " + fixed(r.diff.ci_high, dg) + "]";
                    std::snprintf(line, sizeof line, "%-20s %-46s %8s %-18s %9s %-18s %4d\n", stored[s].name.c_str(),
                                  outcome_title(r.outcome), fixed(r.value.mean, dg).c_str(), ci.c_str(), diff.c_str(),
                                  dci.c_str(), r.value.n);
                    o << with_spread(line, spread(r.value_spread, dg), s == 0 ? "" : spread(r.diff_spread, dg));
                }
            o << "\n" << stats::interval_statement() << ".\n";
            if (stored.size() > 1)
                o << "'vs base' is the paired difference against " << stored.front().name
                  << " (same children, same random draws), with the same kind of interval.\n";
            footer(o);
            o << sweep_values(path, stored);
            // Cost against effect: the extra cost per child over the extra share of children with
            // the outcome, from the paired differences' means.
            auto diff_of = [&](std::size_t s, const std::string& outcome) -> const stats::HeadlineRow* {
                for (const auto& r : rows)
                    if (r.scenario == s && r.outcome == outcome) return &r;
                return nullptr;
            };
            bool header = false;
            for (std::size_t s = 1; s < stored.size(); ++s) {
                const auto* cost = diff_of(s, "cost_per_child");
                if (!cost || !std::isfinite(cost->diff.mean) || cost->diff.mean <= 0) continue;
                if (!header) {
                    o << "\ncost against effect (EUR, from the mean paired differences):\n";
                    header = true;
                }
                for (const auto& [outcome, sign, what] : {std::tuple{"havo_vwo_diploma", 1.0, "per extra havo/vwo diploma"},
                                                          std::tuple{"early_leaving", -1.0, "per avoided early leaver"}}) {
                    const auto* effect = diff_of(s, outcome);
                    if (!effect) continue;
                    const double gain = sign * effect->diff.mean / 100.0;  // per child
                    const bool sure = sign > 0 ? effect->diff.ci_low > 0 : effect->diff.ci_high < 0;
                    // a figure only for an effect clearly above zero, and a warning instead of an absurd one
                    const double ratio = gain > 0 ? cost->diff.mean / gain : stats::kNaN;
                    const std::string shown = !(gain > 0)   ? std::string("no gain")
                                              : !sure       ? std::string("no figure: the effect is not clearly above zero")
                                              : ratio > 1e6 ? "warning: over EUR 1 million each (" + fixed(ratio, 0) +
                                                                  "; a tiny effect): check the unit costs"
                                                            : fixed(ratio, 0);
                    std::snprintf(line, sizeof line, "  %-20s %-30s %s\n", stored[s].name.c_str(), what, shown.c_str());
                    o << line;
                }
            }
        }
        return o.str();
    }
}

void summary(const SummaryArgs& a) {
    const std::string& out = a.out;
    try {
        const std::string text = summary_output(a);
        if (out.empty()) {
            std::cout << text;
        } else {
            std::error_code ec;
            if (fs::is_directory(out, ec)) throw engine::BatchError("cannot write " + out + ": it is a folder");
            const std::string tmp = out + ".tmp-" + std::to_string(::getpid());
            errno = 0;
            std::ofstream f(tmp);
            if (f) f << text;
            if (f) f.close();
            if (!f || ::rename(tmp.c_str(), out.c_str()) != 0) {
                const std::string why = errno ? std::strerror(errno) : "write failed";
                fs::remove(tmp, ec);
                throw std::runtime_error("cannot write " + out + ": " + why);
            }
            std::cout << out << '\n';
        }
    } catch (const engine::BatchError& e) {
        fail(e.what(), 2);
    } catch (const io::h5::Error& e) {
        fail(e.what(), 2);  // the file is not one summary can read: io names it and what is wrong
    } catch (const std::exception& e) {
        fail(e.what(), 1);
    }
}

void export_command(const std::string& path, const std::string& dir, bool force) {
    try {
        if (!fs::exists(path)) throw engine::BatchError("no such file: " + path);
        if (fs::exists(dir) && !fs::is_empty(dir) && !force)
            throw engine::BatchError(dir + " exists and is not empty: choose another --to, or add --force to overwrite its files");
        const auto tables = io::export_tables(path, dir);
        std::ofstream dict(fs::path(dir) / "dictionary.csv", std::ios::app);
        SummaryArgs s;
        s.file = path;
        s.csv = true;
        s.outcomes = stats::headline_outcomes();  // the cohort outcomes, also for a projection file
        auto write = [&](const std::string& name, const std::string& text) {
            std::ofstream f(fs::path(dir) / name);
            if (!f) throw engine::BatchError("cannot write " + (fs::path(dir) / name).string());
            f << text;
            std::cout << (fs::path(dir) / name).string() << '\n';
        };
        write("summary.csv", summary_output(s));
        dict << "summary.csv,,(all),,,\"headline outcomes per scenario, whole population: mean with its "
             << stats::interval_statement() << "; diff_*: paired difference against the baseline (pathways summary --csv)"
             << (io::read_parameter_uncertainty(path) == "off" ? std::string()
                                                               : std::string("; ui_*: the ") + stats::uncertainty_statement())
             << "\"\n";
        if (is_projection(path)) {
            write("planner.csv", planner_output(path, true));
            dict << "planner.csv,projection/pupils,(all),,,\"pupils per school year x district x school type with sector and "
                    "track: mean over replicates, 95% prediction interval (pupils_low, pupils_high), places, shortfall "
                    "(pathways project --csv)\"\n";
        }
        for (const auto& t : tables) std::cout << (fs::path(dir) / t.file).string() << '\n';
        std::cout << (fs::path(dir) / "dictionary.csv").string() << '\n';
    } catch (const engine::BatchError& e) {
        fail(e.what(), 2);
    } catch (const std::exception& e) {
        fail(std::string(path) + ": " + e.what(), 1);
    }
}

}  // namespace

void add_compare_commands(CLI::App& app) {
    static CompareArgs ca, ba;
    static SummaryArgs sa;
    {
        CompareArgs& a = ca;
        CLI::App* cmd = app.add_subcommand(
            "compare", "Run scenarios on the same children with the same draws and compare them with the first (baseline)");
        cmd->add_option("scenarios", a.scenarios, "Scenario files; the first is the baseline")->required();
        cmd->add_option("-r,--replicates", a.replicates, "Replicates (with --precision: the minimum)")->check(CLI::Range(1, 100000));
        cmd->add_option("-s,--seed", a.seed, "Seed")->check(seed_validator());
        cmd->add_option("-t,--threads", a.threads, "Worker threads (default: all cores); results do not depend on it")
            ->check(CLI::Range(0, 4096));
        cmd->add_option("-o,--out", a.out, "Comparison file (default: output/compare.h5)");
        cmd->add_option("--set", a.set, "Override a parameter in every scenario (repeatable)");
        cmd->add_option("--precision", a.precision,
                        "Add replicates until every 95% half-width (whole population, each scenario and each paired "
                        "difference) is within this many percentage points")
            ->check(CLI::PositiveNumber);
        cmd->add_option("--outcome", a.outcomes, "Outcome the precision applies to (repeatable; default: every headline outcome in %)");
        cmd->add_option("--max-replicates", a.max_replicates, "With --precision: stop here if the target is not met")
            ->check(CLI::Range(2, 100000));
        cmd->add_flag("--keep-units", a.keep_units, "Keep the finished units in <out>.units/ after writing the file");
        cmd->add_flag("--uncertainty", a.uncertainty,
                      "Parameter uncertainty: every replicate draws each parameter a scenario leaves at its default "
                      "from its prior, the same draw in every scenario; tables add the 95% uncertainty interval "
                      "(--precision still applies to the Monte Carlo interval)");
        cmd->add_flag("-q,--quiet", a.quiet, "No progress bar or summary on stderr");
        cmd->callback([] { compare(ca); });
    }
    {
        CompareArgs& a = ba;
        CLI::App* cmd = app.add_subcommand(
            "batch", "Run a batch file (scenarios × replicates, interleaved); resumes an interrupted batch");
        cmd->add_option("batch_file", a.batch_file, "Batch file (TOML): scenarios = [...], replicates, seed, out")->required();
        cmd->add_option("-t,--threads", a.threads, "Worker threads (default: all cores); results do not depend on it")
            ->check(CLI::Range(0, 4096));
        cmd->add_option("-o,--out", a.out, "Comparison file (default: the batch file's out, else output/<batch name>.h5)");
        cmd->add_option("--set", a.set, "Override a parameter in every scenario (repeatable)");
        cmd->add_flag("--keep-units", a.keep_units, "Keep the finished units in <out>.units/ after writing the file");
        cmd->add_flag("--uncertainty", a.uncertainty,
                      "Parameter uncertainty: every replicate draws each parameter a scenario leaves at its default "
                      "from its prior, the same draw in every scenario; tables add the 95% uncertainty interval "
                      "(--precision still applies to the Monte Carlo interval)");
        cmd->add_flag("-q,--quiet", a.quiet, "No progress bar or summary on stderr");
        cmd->add_option("--shard", a.shard,
                        "Run only shard K of N (K from 1 to N, e.g. $SLURM_ARRAY_TASK_ID/16): the units k with "
                        "k % N == K-1; writes a shard file (--out, default <out dir>/shards/<name>-shard-KK-of-NN.h5) "
                        "for `pathways merge`");
        cmd->callback([] { batch(ba); });
    }
    {
        static std::vector<std::string> merge_files;
        static std::string merge_out;
        static bool merge_quiet = false;
        CLI::App* cmd = app.add_subcommand(
            "merge", "Merge the shard files of one batch (batch --shard K/N) into its comparison file");
        cmd->add_option("shards", merge_files, "Shard files, every shard of the batch exactly once")->required();
        cmd->add_option("-o,--out", merge_out, "Comparison file")->required();
        cmd->add_flag("-q,--quiet", merge_quiet, "No summary on stderr");
        cmd->callback([] { merge(merge_files, merge_out, merge_quiet); });
    }
    {
        CLI::App* cmd = app.add_subcommand("summary", "Print the headline table of a comparison or results file");
        cmd->add_option("file", sa.file, "A file written by compare, batch or run")->required();
        cmd->add_option("--by", sa.by,
                        "Split by group: parent_edu, income, home_language, district, birth_year (repeatable or "
                        "comma-separated; combined: every combination)")
            ->delimiter(',');
        cmd->add_option("--outcomes", sa.outcomes,
                        "Only these headline outcomes (repeatable or comma-separated; default: all): havo_vwo_year3, "
                        "havo_vwo_diploma, social_gap_pp, social_gap_or, misplaced_high_potential_low_edu, "
                        "early_leaving, cost_per_child")
            ->delimiter(',');
        cmd->add_flag("--csv", sa.csv, "Write CSV (full precision) instead of the table");
        cmd->add_option("-o,--out", sa.out, "Write to this file instead of standard output");
        cmd->callback([] { summary(sa); });
    }
    {
        static std::string export_file, export_dir;
        static bool export_force = false;
        CLI::App* cmd = app.add_subcommand(
            "export", "Write every table of a results, projection or comparison file as CSV, with a data dictionary");
        cmd->add_option("file", export_file, "A file written by run, project, compare or batch")->required();
        cmd->add_option("--to", export_dir, "Folder for the CSV files (created; refused if not empty, unless --force)")
            ->required();
        cmd->add_flag("--force", export_force, "Write into a folder that already has files, overwriting those of the same name");
        cmd->callback([] { export_command(export_file, export_dir, export_force); });
    }
}

}  // namespace pathways::cli
