#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace pathways::cli {

struct RunArgs {
    std::string scenario;
    int replicates = 1;
    std::uint64_t seed = 20240101;
    int threads = 0;
    std::string out;
    std::vector<std::string> set;
    bool microdata = false;
    bool quiet = false;
    bool csv = false;  // project: the planner's table as CSV on standard output
    bool uncertainty = false;  // draw every prior'd parameter per replicate (docs/uncertainty.md)
};

void add_run_command(CLI::App& app, RunArgs& args);
void add_check_command(CLI::App& app);
void add_params_command(CLI::App& app);
void add_project_command(CLI::App& app);
// compare, batch and summary (compare_commands.cpp)
void add_compare_commands(CLI::App& app);
// calibrate (calibrate_command.cpp)
void add_calibrate_command(CLI::App& app);
// serve: the browser explorer (serve_command.cpp)
void add_serve_command(CLI::App& app);
// sensitivity (sensitivity_command.cpp)
void add_sensitivity_command(CLI::App& app);
// The ranked indices of a sensitivity file, as summary prints them (text or CSV), optionally only some outcomes.
std::string sensitivity_summary(const std::string& path, bool csv, const std::vector<std::string>& outcomes);

// Checks a --seed before CLI11 converts it: digits only, at most 2^64-1 (CLI11 would take -1 or
// 99999999999999999999999 as 2^64-1).
CLI::Validator seed_validator();
// Examples (and the batch file's keys) at the foot of every subcommand's --help.
void add_help_examples(CLI::App& app);

// The command line of this process, for the provenance of the files it writes.
std::string command_line();

// The exit status the chosen subcommand left.
int exit_code();
void set_exit_code(int code);

}  // namespace pathways::cli
