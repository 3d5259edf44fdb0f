// `pathways calibrate CALIBRATION.toml`: fits parameters to published figures (engine/calibrate.hpp,
// docs/calibration.md "Fitting with pathways calibrate").
#include "cli/commands.hpp"
#include "pathways_version.hpp"

#include "engine/calibrate.hpp"
#include "scenario/calibration_file.hpp"
#include "scenario/scenario.hpp"

#include <filesystem>
#include <iostream>

namespace pathways::cli {

namespace {

struct CalibrateArgs {
    std::string file;
    std::string out;
    int threads = 0;
    int max_evaluations = 0;
    bool quiet = false;
};

void calibrate(const CalibrateArgs& a) {
    try {
        auto problem = engine::load_calibration_problem(scenario::read_calibration_file(a.file));
        const std::string dir = a.out.empty() ? "output/calibration_" + problem.file.name : a.out;
        std::error_code ec;
        if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
            throw scenario::ScenarioError("--out " + dir + ": not a folder");
        std::filesystem::create_directories(dir, ec);
        if (ec) throw std::runtime_error("cannot create the folder " + dir + ": " + ec.message());
        engine::CalibrateOptions options;
        options.threads = a.threads;
        options.max_evaluations = a.max_evaluations;
        options.progress = !a.quiet;
        options.journal = (std::filesystem::path(dir) / "journal.txt").string();
        options.version = PATHWAYS_VERSION;
        const auto result = engine::calibrate(problem, options);
        const auto files = engine::write_calibration_outputs(dir, problem, result, PATHWAYS_VERSION, command_line());
        if (!a.quiet) {
            std::cerr << engine::calibration_summary(problem, result);
            std::cerr << "pathways calibrate: " << result.evaluations.size() << " evaluations (" << result.simulated
                      << " simulated, the rest from the journal or repeated points) in " << result.seconds << " s\n";
        }
        std::cout << files.scenario << '\n' << files.table << '\n' << files.hdf5 << '\n';
    } catch (const scenario::ScenarioError& e) {
        std::cerr << std::string("pathways: error: ") + e.what() + '\n';
        set_exit_code(2);
    } catch (const std::exception& e) {
        std::cerr << std::string("pathways: error: ") + e.what() + '\n';
        set_exit_code(1);
    }
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
    static CalibrateArgs a;
    CLI::App* cmd = app.add_subcommand(
        "calibrate", "Fit parameters to published figures (NLopt; resumable; reports identifiability and out-of-sample targets)");
    cmd->add_option("calibration", a.file, "Calibration file (TOML), e.g. calibrations/nl_advice.toml")->required();
    cmd->add_option("-o,--out", a.out,
                    "Folder for calibrated.toml, fit.csv, calibration.h5 and the journal (default: output/calibration_<name>)");
    cmd->add_option("-t,--threads", a.threads, "Worker threads (default: all cores; results do not depend on it)")
        ->check(CLI::Range(0, 4096));
    cmd->add_option("--max-evaluations", a.max_evaluations,
                    "Optimiser evaluations (default 0: the file's max_evaluations); rerun with more to continue")
        ->check(CLI::Range(0, 100000));
    cmd->add_flag("-q,--quiet", a.quiet, "No progress or fit summary on stderr");
    cmd->footer(
        "Examples:\n"
        "  pathways calibrate calibrations/nl_advice.toml --out output/nl_advice   # rerun the same command to resume\n"
        "  pathways calibrate calibrations/nl_advice.toml --max-evaluations 10 --threads 2\n"
        "  /usr/bin/python3 scripts/plot_calibration.py output/nl_advice/calibration.h5   # simulated vs published\n"
        "Calibration file keys (TOML; paths relative to the file; docs/calibration.md):\n"
        "  name = \"nl_advice\"                     optional (default: the file's stem)\n"
        "  targets = \"../tests/statistical/targets.csv\"   optional (default tests/statistical/targets.csv)\n"
        "  replicates = 1                         optional: replicates per evaluation\n"
        "  seed = 20240101                        optional: every evaluation uses it (common random numbers)\n"
        "  algorithm = \"bobyqa\"                   optional: bobyqa, neldermead, crs2 (global), isres (global)\n"
        "  max_evaluations = 100                  optional (default 100)\n"
        "  relative_tolerance = 0.001             optional: stop when S or the parameters change less\n"
        "  identifiability_fraction = 0.25        optional: standard error above this share of the range = not identifiable\n"
        "  [[parameter]]  key = \"selection.teacher_noise_sd\"  lower = 0.3  upper = 0.9  start = 0.5 (optional)\n"
        "  [[parameter]]  key = \"population.potential_mean_by_parent_edu[0]\"  (an element of a number list)\n"
        "  [[configuration]]  scenario = \"../scenarios/baseline_nl.toml\"  set = [\"key=value\"]  targets = [\"A10\", \"M02\"]\n"
        "                     fit = false   (optional: out of sample, reported but not fitted)\n"
        "  [tolerance]  A10 = 1.0   \"M02.none\" = 2.0   (optional: weights)");
    cmd->callback([] { calibrate(a); });
}

}  // namespace pathways::cli
