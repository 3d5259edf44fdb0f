#include "cli/commands.hpp"
#include "pathways_version.hpp"

#include "engine/projection.hpp"
#include "engine/run.hpp"
#include "io/results.hpp"
#include "io/tables.hpp"
#include "model/levers.hpp"
#include "model/schema.hpp"
#include "scenario/scenario.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace pathways::cli {
namespace {

int g_exit_code = 0;


void fail(const std::string& message, int code = 2) {
    std::cerr << ("pathways: error: " + message + '\n');  // one write: MPI ranks' messages interleave otherwise
    g_exit_code = code;
}

// A short table on stderr: the city's pupils per school type every few years, and any shortfall.
void print_projection(const std::vector<io::ProjectionRow>& rows, const model::Params& p) {
    std::cerr << "pupils (residents; mean over replicates and 95% prediction interval for one future)\n";
    for (const auto& r : rows) {
        if (r.district >= 0 || (r.school_type != "primary" && r.school_type != "secondary_at_city_schools" &&
                                r.school_type != "ten_fourteen"))
            continue;
        std::fprintf(stderr, "  %d/%02d %-26s %8.0f [%.0f, %.0f]\n", r.year, (r.year + 1) % 100, r.school_type.c_str(),
                     r.mean, r.ci_low, r.ci_high);
    }
    for (const auto& r : rows)
        if (r.shortfall > 0)
            std::fprintf(stderr, "  shortfall %d/%02d %s %s: %.0f places needed (upper 95%%) against %.0f\n", r.year,
                         (r.year + 1) % 100, r.district < 0 ? "city" : p.population.district_names[static_cast<std::size_t>(r.district)].c_str(),
                         r.school_type.c_str(), r.ci_high, r.places);
}

// A short table on stderr: each year's budgets and what they spent, city-wide (mean over
// replicates; the simulated children's spending over the part of the city's year groups they
// are), in the years with simulated children at the lever's stage.
void print_budgets(const engine::RunResult& result) {
    std::map<std::pair<int, int>, std::array<double, 3>> rows;  // (year, lever) -> budget, spent (city), replicates
    for (const auto& r : result.replicates)
        for (const auto& y : r.years)
            for (int l = 0; l < model::kLevers; ++l) {
                const auto k = static_cast<std::size_t>(l);
                if (y.budget_city[k] <= 0 || y.budget_scale[k] <= 0) continue;  // no budget, or no simulated children at the stage
                auto& row = rows[{y.year, l}];
                row[0] = y.budget_city[k];
                row[1] += y.budget_scale[k] > 0 ? y.budget_spent[k] / y.budget_scale[k] : 0.0;
                row[2] += 1;
            }
    if (rows.empty()) return;
    std::cerr << "budgets (EUR per school year, city-wide; spent: mean over replicates, /calendar/budgets)\n";
    for (const auto& [key, row] : rows)
        std::fprintf(stderr, "  %d/%02d %-18s budget %10.0f spent %10.0f\n", key.first, (key.first + 1) % 100,
                     model::lever_name(static_cast<model::Lever>(key.second)), row[0], row[1] / row[2]);
}

void run(const RunArgs& a, int project_from = 0, int project_to = 0) {
    try {
        std::vector<std::string> overrides = a.set;
        if (project_from > 0) {  // children aged 0-17 on 1 January of `from`, and every birth up to `to`
            overrides.push_back("projection.start_year=" + std::to_string(project_from));
            overrides.push_back("population.first_birth_year=" + std::to_string(project_from - 18));
            overrides.push_back("population.birth_cohorts=" + std::to_string(project_to - (project_from - 18) + 1));
        }
        scenario::Scenario s = scenario::load_scenario(a.scenario, overrides);
        s.priors = s.priors || a.uncertainty;
        const std::string out = a.out.empty() ? "output/" + s.name + (project_from > 0 ? "_projection" : "") + ".h5" : a.out;
        engine::RunOptions options;
        options.replicates = a.replicates;
        options.seed = a.seed;
        options.threads = a.threads;
        options.microdata = a.microdata;
        options.progress = !a.quiet;
        engine::RunResult result = engine::run_scenario(s, options);
        if (project_from > 0) {
            result.projection = engine::projection_rows(result, s.params, project_from, project_to);
            if (!a.quiet) print_projection(result.projection, s.params);
        }
        if (!a.quiet) print_budgets(result);
        io::Provenance prov;
        prov.seed = a.seed;
        prov.replicates = a.replicates;
        prov.threads = result.threads;
        prov.code_version = PATHWAYS_VERSION;
        prov.command_line = command_line();
        io::write_results(out, s, prov, result);
        if (!a.quiet)
            std::cerr << "pathways: " << s.name << ": " << a.replicates << " replicate(s), " << result.child_years
                      << " child-years in " << result.seconds << " s on " << result.threads << " thread(s)\n";
        if (a.csv)
            io::write_planner_csv(std::cout, result.projection, s.params.population.district_names);
        else
            std::cout << out << '\n';
    } catch (const scenario::ScenarioError& e) {
        fail(e.what());
    } catch (const std::exception& e) {
        fail(e.what(), 1);
    }
}

std::string markdown_escape(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else out += c;
    }
    return out;
}

// The prior column of docs/parameters.md: "U(0.69, 0.77)", "[1] U(-0.25, 0); [3] U(0, 0.15)",
// "× U(0, 2)", "[1] share U(0.4, 0.5)", "weights Gamma(...)", or "—" with the reason.
std::string prior_text(const model::ParamSpec& spec) {
    if (spec.priors.empty()) return spec.prior_note.empty() ? "—" : "— (" + spec.prior_note.substr(spec.prior_note.find(": ") + 2) + ")";
    std::string out;
    bool weights = false;
    for (const auto& d : spec.priors) {
        std::string one;
        switch (d.target) {
            case model::PriorTarget::value: one = d.prior.describe(); break;
            case model::PriorTarget::element: one = "[" + std::to_string(d.element + 1) + "] " + d.prior.describe(); break;
            case model::PriorTarget::scale: one = "× " + d.prior.describe(); break;
            case model::PriorTarget::shift: one = "+ " + d.prior.describe(); break;
            case model::PriorTarget::share: one = "[" + std::to_string(d.element + 1) + "] share " + d.prior.describe(); break;
            case model::PriorTarget::weight: {
                if (weights) continue;  // one entry for the whole array
                weights = true;
                const double share = std::get<std::vector<double>>(spec.default_value).at(d.element);
                std::ostringstream c;
                c << "Dirichlet(" << std::lround(d.prior.a / share) << " × default) as gamma weights";
                one = c.str();
                break;
            }
        }
        out += (out.empty() ? "" : "; ") + one;
    }
    return out;
}

void print_markdown() {
    std::cout << "# Scenario parameters\n\n"
                 "Generated by `pathways params` from the parameter schema in `src/model/schema.cpp`;\n"
                 "do not edit by hand. Every key can be set in a scenario file (TOML, under the table named by the\n"
                 "part before the dot) or with `--set key=value`. Ids such as A01, R05 or V04 refer to the published\n"
                 "figures in `tests/statistical/targets.csv`; 'seed 002' and 'UOA ambition A28' refer to Utrecht's\n"
                 "education agenda 2024-2027 (the project's source document);\n"
                 "rows marked **assumption** have no published point value.\n\n"
                 "The column *prior* is what `--uncertainty` draws for each replicate (docs/uncertainty.md; the\n"
                 "priors are proposed in docs/evidence.md): U(a, b) uniform, T(a, m, b) triangular with mode m,\n"
                 "LU(a, b) log-uniform, Gamma(shape, scale) on [lower, upper]. For an array, `[i]` is element i\n"
                 "(1-based), `×` a multiplier on the whole array, `[i] share` one share whose siblings make room\n"
                 "(in proportion), `weights` one gamma weight per share, renormalised (a Dirichlet). A parameter\n"
                 "a scenario sets is not drawn in that scenario; '—' is no prior, with the reason where it is not\n"
                 "a run setting or scenario input.\n";
    std::string group;
    for (const auto& spec : model::schema()) {
        const std::string g = spec.key.substr(0, spec.key.find('.'));
        if (g != group) {
            group = g;
            std::cout << "\n## [" << group << "]\n\n| key | type | unit | default | range | prior | meaning | source |\n"
                         "|---|---|---|---|---|---|---|---|\n";
        }
        std::ostringstream range;
        if (spec.kind == model::ParamKind::number || spec.kind == model::ParamKind::integer ||
            spec.kind == model::ParamKind::number_list)
            range << spec.min << " – " << spec.max;
        else if (spec.kind == model::ParamKind::choice)
            for (const auto& c : spec.choices) range << (range.tellp() > 0 ? ", " : "") << '`' << c << '`';
        std::cout << "| `" << spec.key.substr(spec.key.find('.') + 1) << "` | " << model::kind_name(spec.kind) << " | "
                  << spec.unit << " | `" << markdown_escape(model::format_value(spec.default_value)) << "` | "
                  << range.str() << " | " << markdown_escape(prior_text(spec)) << " | " << markdown_escape(spec.meaning) << " | "
                  << (spec.assumption ? "**assumption**: " + markdown_escape(spec.source.substr(std::min<std::size_t>(spec.source.size(), 12)))
                                      : markdown_escape(spec.source))
                  << " |\n";
    }
}

// Every error of a scenario file, not only the first: after an error on a `key = value` line of
// the file itself, that line is blanked in a copy beside the file (so `extends` resolves the same)
// and the copy is read again, until it reads or the error is elsewhere (an extended file, a table
// header, the TOML syntax). The copy's name in messages is replaced by the file's.
std::vector<std::string> check_all(const std::string& path, const std::vector<std::string>& sets) {
    std::vector<std::string> errors;
    std::vector<std::string> lines;
    {
        std::ifstream in(path);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    const std::filesystem::path p(path);
    const std::string copy = (p.parent_path() / ("." + p.filename().string() + ".check-" + std::to_string(getpid()))).string();
    std::string current = path;
    for (int round = 0; round < 200; ++round) {
        try {
            scenario::load_scenario(current, sets);
            break;
        } catch (const scenario::ScenarioError& e) {
            std::string msg = e.what();
            for (std::size_t at; (at = msg.find(copy)) != std::string::npos;) msg.replace(at, copy.size(), path);
            errors.push_back(msg);
            // the line of this file the error is on, if it is a plain key = value line
            const std::string prefix = path + ":";
            if (msg.rfind(prefix, 0) != 0) break;
            std::size_t end = prefix.size();
            while (end < msg.size() && std::isdigit(static_cast<unsigned char>(msg[end]))) ++end;
            if (end == prefix.size() || end >= msg.size() || msg[end] != ':') break;
            const std::size_t line = std::stoul(msg.substr(prefix.size(), end - prefix.size()));
            if (line == 0 || line > lines.size()) break;
            const std::string& text = lines[line - 1];
            const auto first = text.find_first_not_of(" \t");
            if (first == std::string::npos || text[first] == '[' || text.find('=') == std::string::npos ||
                msg.find("not valid TOML") != std::string::npos)
                break;
            lines[line - 1] = "";
            std::ofstream out(copy);
            for (const auto& l : lines) out << l << '\n';
            current = copy;
        }
    }
    if (current != path) std::filesystem::remove(copy);
    return errors;
}

}  // namespace

std::string command_line() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto& c : all)
        if (c == '\0') c = ' ';
    while (!all.empty() && all.back() == ' ') all.pop_back();
    return all;
}

CLI::Validator seed_validator() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const std::string max = "18446744073709551615";
            const bool digits = !text.empty() && text.size() <= max.size() &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || (text.size() == max.size() && text > max))
                return "expected an integer from 0 to " + max + ", found '" + text.substr(0, 40) + "'";
            return "";
        },
        "SEED");
}

int exit_code() { return g_exit_code; }
void set_exit_code(int code) { g_exit_code = code; }

void add_run_command(CLI::App& app, RunArgs& a) {
    CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario and write its results to HDF5");
    cmd->add_option("scenario", a.scenario, "Scenario file (TOML), e.g. scenarios/baseline.toml")->required();
    cmd->add_option("-r,--replicates", a.replicates, "Independent replicates (each its own random key)")
        ->check(CLI::Range(1, 100000));
    cmd->add_option("-s,--seed", a.seed, "Seed; the same seed gives the same results on any thread count")->check(seed_validator());
    cmd->add_option("-t,--threads", a.threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_option("-o,--out", a.out, "Results file (default: output/<scenario name>.h5)");
    cmd->add_option("--set", a.set, "Override a parameter: --set selection.double_advice=true (repeatable)");
    cmd->add_flag("--microdata", a.microdata, "Also store one row per child (chunked, compressed)");
    cmd->add_flag("--uncertainty", a.uncertainty,
                  "Parameter uncertainty: every replicate draws each parameter the scenario leaves at its default from "
                  "its prior (docs/parameters.md); tables then show the 95% uncertainty interval beside the Monte Carlo "
                  "interval. Off by default; also [uncertainty] priors = true in the scenario file");
    cmd->add_flag("-q,--quiet", a.quiet, "No progress bar or summary on stderr");
    cmd->callback([&a] { run(a); });
}

void add_project_command(CLI::App& app) {
    static RunArgs a;
    static int from = 2024, to = 2040;
    CLI::App* cmd = app.add_subcommand("project", "Project the city's pupils per year, district and school type (planner's view)");
    cmd->add_option("scenario", a.scenario, "Scenario file (TOML)")->required();
    cmd->add_option("--from", from, "Start year: its population on 1 January (projection.start_population)")
        ->check(CLI::Range(1950, 2100));
    cmd->add_option("--to", to, "Last school year projected")->check(CLI::Range(1950, 2100));
    cmd->add_option("-r,--replicates", a.replicates, "Replicates (intervals over them)")->check(CLI::Range(1, 100000));
    cmd->add_option("-s,--seed", a.seed, "Seed")->check(seed_validator());
    cmd->add_option("-t,--threads", a.threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
    cmd->add_option("-o,--out", a.out, "Results file (default: output/<scenario name>_projection.h5)");
    cmd->add_option("--set", a.set, "Override a parameter (repeatable)");
    cmd->add_flag("--csv", a.csv,
                  "Print the planner's table as CSV on standard output (school year x district x school type and track: "
                  "pupils with interval, places, shortfall); the HDF5 file is written as well");
    cmd->add_flag("--uncertainty", a.uncertainty,
                  "Parameter uncertainty: every replicate draws each parameter the scenario leaves at its default from "
                  "its prior (docs/parameters.md); tables then show the 95% uncertainty interval beside the Monte Carlo "
                  "interval. Off by default; also [uncertainty] priors = true in the scenario file");
    cmd->add_flag("-q,--quiet", a.quiet, "No progress bar or summary on stderr");
    cmd->callback([] {
        if (to < from) return fail("--to " + std::to_string(to) + " is before --from " + std::to_string(from));
        if (a.replicates < 2 && !a.quiet) std::cerr << "pathways: one replicate gives no interval; use --replicates 10 or more\n";
        run(a, from, to);
    });
}

void add_check_command(CLI::App& app) {
    static std::vector<std::string> file_args, set_args;
    auto* files = &file_args;
    auto* sets = &set_args;
    CLI::App* cmd = app.add_subcommand("check", "Validate scenario files without running them");
    cmd->add_option("scenarios", *files, "Scenario files")->required();
    cmd->add_option("--set", *sets, "Override a parameter (repeatable)");
    cmd->callback([files, sets] {
        for (const auto& f : *files) {
            const auto errors = check_all(f, *sets);
            if (errors.empty()) {
                const auto s = scenario::load_scenario(f, *sets);
                std::cout << f << ": ok (" << s.name << ", " << s.set_keys.size() << " parameter(s) set)\n";
            }
            for (const auto& e : errors) fail(e);
        }
    });
}

void add_help_examples(CLI::App& app) {
    const std::vector<std::pair<std::string, std::string>> examples{
        {"run", "  pathways run scenarios/baseline.toml --replicates 20 --seed 7 --out output/mine.h5\n"
                "  pathways run scenarios/baseline.toml --set preschool.reach=0.95 --set selection.double_advice=true\n"
                "  pathways run scenarios/baseline.toml --replicates 2 --microdata   # one row per child as well\n"
                "  pathways run scenarios/baseline.toml --replicates 40 --uncertainty   # parameter uncertainty from the priors"},
        {"check", "  pathways check scenarios/*.toml          # every error of every file, then exit status 2 if any\n"
                  "  pathways check mine.toml --set preschool.reach=0.95"},
        {"params", "  pathways params > docs/parameters.md"},
        {"project", "  pathways project scenarios/baseline.toml --from 2024 --to 2040 --replicates 20\n"
                    "  pathways project scenarios/baseline.toml --replicates 20 --csv > planner.csv   # for a spreadsheet\n"
                    "  pathways project scenarios/ten_fourteen_citywide.toml --set projection.secondary_places=20000\n"
                    "  pathways project scenarios/baseline.toml --replicates 40 --uncertainty   # parameter uncertainty too"},
        {"compare", "  pathways compare scenarios/baseline.toml scenarios/havokans_klas.toml --replicates 20 --out output/c.h5\n"
                    "  pathways compare scenarios/baseline.toml scenarios/ve_reach_up.toml --replicates 5 --precision 0.5 \\\n"
                    "      --outcome havo_vwo_year3 --max-replicates 400\n"
                    "  pathways compare scenarios/baseline.toml scenarios/havokans_klas.toml --replicates 40 --uncertainty\n"
                    "      # each replicate draws the priors, the same draw in both scenarios: two intervals in summary"},
        {"batch", "  pathways batch batch.toml                 # rerun the same command after an interruption to resume\n"
                  "  pathways batch batch.toml --shard 3/16    # one Slurm array task; then pathways merge\n"
                  "Batch file keys (TOML; paths relative to the batch file):\n"
                  "  scenarios = [\"a.toml\", \"b.toml\"]   required; the first is the baseline\n"
                  "  replicates = 50                      required (with precision: the minimum)\n"
                  "  seed = 20240101                      optional (default 20240101)\n"
                  "  out = \"../output/b.h5\"              optional (default output/<batch file name>.h5)\n"
                  "  precision = 0.5                      optional, as --precision of compare\n"
                  "  outcomes = [\"havo_vwo_year3\"]       optional, as --outcome of compare\n"
                  "  max_replicates = 200                 optional (default 200)\n"
                  "  uncertainty = true                   optional (default false), as --uncertainty of compare\n"
                  "  [sweep.preschool] reach = [0.8, 0.95]   optional: every combination, per scenario after the first"},
        {"merge", "  pathways merge output/shards/*.h5 --out output/all.h5"},
        {"summary", "  pathways summary output/c.h5\n"
                    "  pathways summary output/c.h5 --by parent_edu --outcomes havo_vwo_diploma\n"
                    "  pathways summary output/c.h5 --by parent_edu,district --csv --out by_district.csv\n"
                    "  pathways summary output/baseline_projection.h5 --csv   # a projection: the planner's table\n"
                    "  pathways summary output/ten_fourteen.h5   # a sensitivity file: the ranked indices"},
        {"export", "  pathways export output/c.h5 --to output/c_csv"},
        {"serve", "  pathways serve                        # then open http://127.0.0.1:8080/ in a browser\n"
                  "  pathways serve --port 9000 --scenarios my_scenarios --max-replicates 20"}};
    for (const auto& [name, text] : examples)
        for (auto* sub : app.get_subcommands({}))
            if (sub->get_name() == name) sub->footer("Examples:\n" + text);
}

void add_params_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("params", "Print the parameter reference (Markdown, as docs/parameters.md)");
    cmd->callback([] { print_markdown(); });
}

}  // namespace pathways::cli
