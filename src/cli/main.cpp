// pathways: the command line. Subcommands: run (simulate a scenario into HDF5), check (validate
// a scenario without running it), params (the parameter reference, as docs/parameters.md),
// compare, batch, merge and summary (scenario comparisons with intervals, docs/comparison.md;
// shards and MPI ranks, docs/cluster.md).
#include "cli/commands.hpp"
#include "engine/cluster.hpp"
#include "pathways_version.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    pathways::engine::cluster::Session mpi(argc, argv);  // MPI only when built with it and started by mpirun/srun
    CLI::App app{"pathways: an agent-based simulator of children's pathways through Dutch education"};
    app.require_subcommand(1);
    app.set_version_flag("--version", PATHWAYS_VERSION);
    pathways::cli::RunArgs run_args;
    pathways::cli::add_run_command(app, run_args);
    pathways::cli::add_check_command(app);
    pathways::cli::add_params_command(app);
    pathways::cli::add_project_command(app);
    pathways::cli::add_compare_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return pathways::cli::exit_code();
}
