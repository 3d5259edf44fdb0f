// pathways sensitivity: which assumptions drive an outcome or a policy's effect (docs/sensitivity.md).
#include "cli/commands.hpp"
#include "pathways_version.hpp"

#include "engine/batch.hpp"
#include "engine/sensitivity.hpp"
#include "io/h5.hpp"
#include "io/sensitivity.hpp"
#include "io/tables.hpp"
#include "scenario/scenario.hpp"
#include "scenario/sensitivity_file.hpp"
#include "stats/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

namespace pathways::cli {
namespace {

struct SensitivityArgs {
    std::string file;
    std::string out;
    int threads = 0;
    bool quiet = false;
};

void fail(const std::string& message, int code) {
    std::cerr << ("pathways: error: " + message + '\n');
    set_exit_code(code);
}

void sensitivity(const SensitivityArgs& a) {
    try {
        const auto f = scenario::read_sensitivity_file(a.file);
        engine::SensitivityOptions o;
        o.threads = a.threads;
        o.out = a.out;
        o.progress = !a.quiet;
        o.code_version = PATHWAYS_VERSION;
        o.command_line = command_line();
        const auto r = engine::run_sensitivity(f, o);
        if (!a.quiet) {
            char line[512];
            std::snprintf(line, sizeof line,
                          "pathways: sensitivity: %zu parameters, %zu outputs, %zu samples (%zu run, %zu from the journal) "
                          "in %.1f s: %.1f samples/s, %zu child-years per sample\n",
                          r.parameters, r.outputs, r.evaluations, r.evaluations_run, r.evaluations_loaded, r.seconds,
                          r.samples_per_second, r.child_years);
            std::cerr << line;
        }
        std::cout << r.out << '\n';
    } catch (const scenario::ScenarioError& e) {
        fail(e.what(), 2);
    } catch (const engine::BatchError& e) {
        fail(e.what(), 2);
    } catch (const std::exception& e) {
        fail(e.what(), 1);
    }
}

}  // namespace

std::string sensitivity_summary(const std::string& path, bool csv, const std::vector<std::string>& outcomes) {
    const auto s = io::read_sensitivity_summary(path);
    auto wanted = [&](const std::string& o) {
        return outcomes.empty() || std::find(outcomes.begin(), outcomes.end(), o) != outcomes.end();
    };
    std::ostringstream out;
    if (csv) {
        out << "method,outcome,group,label,parameter,index,estimate,ci_low,ci_high,rank\n";
        for (const auto& r : s.rows)
            if (wanted(r.outcome))
                out << r.method << ',' << r.outcome << ',' << r.group << ',' << r.label << ',' << r.parameter << ',' << r.index
                    << ',' << io::csv_number(r.estimate) << ',' << io::csv_number(r.low) << ',' << io::csv_number(r.high) << ',' << r.rank << '\n';
        return out.str();
    }
    const std::string of = s.policy.empty() ? "scenario " + s.scenario : "the paired difference " + s.policy + " - " + s.scenario;
    out << "Sensitivity of " << of << " (method " << s.method << ")\n";
    out << "Indices with their " << stats::sensitivity::interval_statement() << ".\n";
    for (const auto& o : s.outputs) {
        if (!wanted(o.outcome)) continue;
        auto rows_of = [&](const std::string& method, const std::string& index) {
            std::vector<const io::SensitivityRow*> v;
            for (const auto& r : s.rows)
                if (r.method == method && r.index == index && r.outcome == o.outcome && r.group == o.group && r.label == o.label)
                    v.push_back(&r);
            std::stable_sort(v.begin(), v.end(), [](const auto* x, const auto* y) { return x->rank < y->rank; });
            return v;
        };
        std::size_t width = 9;
        for (const auto& r : s.rows) width = std::max(width, r.parameter.size());
        out << '\n' << o.outcome << ", " << (o.group == "overall" ? "all children" : o.group + " " + o.label)
            << " (at the scenario's values: " << io::fixed(o.nominal, 3) << ")\n";
        const auto total = rows_of("sobol", "total"), first = rows_of("sobol", "first");
        if (!total.empty()) {
            char line[512];
            std::snprintf(line, sizeof line, "  %4s  %-*s  %-24s  %-24s\n", "rank", static_cast<int>(width), "parameter",
                          "total index [95%]", "first-order [95%]");
            out << line;
            for (const auto* t : total) {
                const io::SensitivityRow* f1 = nullptr;
                for (const auto* f : first)
                    if (f->parameter == t->parameter) f1 = f;
                const std::string ti = io::fixed(t->estimate, 3) + " [" + io::fixed(t->low, 3) + ", " + io::fixed(t->high, 3) + "]";
                const std::string fi = f1 ? io::fixed(f1->estimate, 3) + " [" + io::fixed(f1->low, 3) + ", " + io::fixed(f1->high, 3) + "]" : "";
                std::snprintf(line, sizeof line, "  %4d  %-*s  %-24s  %-24s\n", t->rank, static_cast<int>(width),
                              t->parameter.c_str(), ti.c_str(), fi.c_str());
                out << line;
            }
        }
        const auto mu = rows_of("morris", "mu_star"), sigma = rows_of("morris", "sigma");
        if (!mu.empty()) {
            char line[512];
            std::snprintf(line, sizeof line, "  %4s  %-*s  %-30s  %s\n", "rank", static_cast<int>(width), "parameter",
                          "Morris mu* [95%]", "sigma");
            out << line;
            for (const auto* m : mu) {
                double sd = NAN;
                for (const auto* x : sigma)
                    if (x->parameter == m->parameter) sd = x->estimate;
                const std::string mi = io::fixed(m->estimate, 4) + " [" + io::fixed(m->low, 4) + ", " + io::fixed(m->high, 4) + "]";
                std::snprintf(line, sizeof line, "  %4d  %-*s  %-30s  %s\n", m->rank, static_cast<int>(width),
                              m->parameter.c_str(), mi.c_str(), io::fixed(sd, 4).c_str());
                out << line;
            }
        }
    }
    out << "\nTotal index: the share of the output's variance over the parameter ranges that involves the parameter "
           "(alone or with others); first-order: its share alone. Morris mu*: the mean absolute change of the output "
           "when the parameter moves across its whole range.\n";
    return out.str();
}

void add_sensitivity_command(CLI::App& app) {
    static SensitivityArgs a;
    CLI::App* cmd = app.add_subcommand(
        "sensitivity",
        "Which assumptions drive an outcome or a policy's effect: Morris screening and Sobol indices over parameter ranges");
    cmd->add_option("file", a.file, "Sensitivity file (TOML; docs/sensitivity.md)")->required();
    cmd->add_option("-o,--out", a.out, "Output file (default: the file's out, else output/<file name>.h5)");
    cmd->add_option("-t,--threads", a.threads, "Worker threads, one sample each (default: all cores); results do not depend on it")
        ->check(CLI::Range(0, 4096));
    cmd->add_flag("-q,--quiet", a.quiet, "No progress bar or summary on stderr");
    cmd->footer(
        "Examples:\n"
        "  pathways sensitivity sensitivity/ten_fourteen.toml --threads 2\n"
        "  pathways sensitivity sensitivity/ten_fourteen.toml   # again after an interruption: resumes from <out>.journal\n"
        "  pathways summary output/ten_fourteen.h5 --csv\n"
        "Sensitivity file keys (TOML; paths relative to the file):\n"
        "  scenario = \"../scenarios/baseline.toml\"   required\n"
        "  policy = \"../scenarios/ten_fourteen_citywide.toml\"   optional: outputs are policy minus scenario\n"
        "  set = [\"population.birth_cohorts=1\"]      optional overrides for both\n"
        "  method = \"sobol\"                           morris, sobol or both (default sobol)\n"
        "  samples = 1024                             Sobol base samples N: N(k+2) samples (default 1024)\n"
        "  seed = 20240101                            the model's seed, the same in every sample\n"
        "  bootstrap = 1000                           resamples for the 95% intervals\n"
        "  outcomes = [\"havo_vwo_diploma\"]           headline outcomes or target ids\n"
        "  groups = [\"parent_edu\"]                   optional: each outcome per group as well\n"
        "  out = \"../output/ten_fourteen.h5\"          optional\n"
        "  [morris] trajectories = 20, levels = 4, top = 5   (top: parameters kept for Sobol with method both)\n"
        "  [[parameter]] key = \"selection.teacher_noise_sd\", range = [0.3, 0.7]   (or key = \"x.list[0]\"; uniform prior)\n"
        "  [[parameter]] key = \"preschool.effect\", prior = \"schema\"   (the schema's prior of that number or element)");
    cmd->callback([] { sensitivity(a); });
}

}  // namespace pathways::cli
