// pathways: the command line. Subcommands: run (simulate a scenario into HDF5), check (validate
// a scenario without running it), params (the parameter reference, as docs/parameters.md),
// compare, batch, merge and summary (scenario comparisons with intervals, docs/comparison.md;
// shards and MPI ranks, docs/cluster.md).
#include "cli/commands.hpp"
#include "engine/cluster.hpp"
#include "pathways_version.hpp"

#include <CLI/CLI.hpp>

#include "io/h5.hpp"

#include <csignal>
#include <cstring>
#include <iostream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
    // Large temporary buffers (HDF5's 1 MiB conversion buffer for every dataset written, the
    // outcome tables' scratch) from the heap, where freed memory is used again, instead of each
    // mapped afresh and paid for at its first write, a page fault per 4 KiB (~2 microseconds on a
    // virtual machine: ~9,000 of them when a national cohort's results were written).
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    // A file-size limit (ulimit -f) makes a write fail with EFBIG, reported as any failed write,
    // instead of killing the process with SIGXFSZ and leaving a temporary file behind.
    std::signal(SIGXFSZ, SIG_IGN);
    pathways::io::h5::silence_errors();  // HDF5's errors become one line each (io/h5.hpp)
    pathways::engine::cluster::Session mpi(argc, argv);  // MPI only when built with it and started by mpirun/srun
    CLI::App app{"pathways: an agent-based simulator of children's pathways through Dutch education"};
    app.require_subcommand(0, 1);
    // one line, as every other error
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        std::string what = e.what();
        for (auto& c : what)
            if (c == '\n') c = ' ';
        return "pathways: error: " + what + " (--help lists the options)\n";
    });
    app.set_version_flag("--version", PATHWAYS_VERSION);
    app.option_defaults()->always_capture_default();  // every option's --help shows its default
    pathways::cli::RunArgs run_args;
    pathways::cli::add_run_command(app, run_args);
    pathways::cli::add_check_command(app);
    pathways::cli::add_params_command(app);
    pathways::cli::add_project_command(app);
    pathways::cli::add_compare_commands(app);
    pathways::cli::add_calibrate_command(app);
    pathways::cli::add_serve_command(app);
    pathways::cli::add_sensitivity_command(app);
    // `pathways runn`: CLI11 would only say that a subcommand is required.
    if (argc > 1 && argv[1][0] != '-') {
        const std::string word = argv[1];
        std::string names, guess;
        for (const auto* sub : app.get_subcommands({})) {
            const std::string& n = sub->get_name();
            if (n == word) {
                names.clear();
                break;
            }
            names += (names.empty() ? "" : ", ") + n;
            if (guess.empty() && (n.rfind(word.substr(0, 2), 0) == 0 || word.rfind(n, 0) == 0)) guess = n;
        }
        if (!names.empty()) {
            std::cerr << "pathways: error: unknown command '" + word.substr(0, 64) + "'" +
                             (guess.empty() ? "" : "; did you mean '" + guess + "'?") + " (commands: " + names + ")\n";
            return 2;
        }
    }
    pathways::cli::add_help_examples(app);
    app.footer("Examples:\n"
               "  pathways run scenarios/baseline.toml --replicates 20 --out output/mine.h5\n"
               "  pathways compare scenarios/baseline.toml scenarios/havokans_klas.toml --replicates 20\n"
               "  pathways summary output/compare.h5 --by parent_edu\n"
               "  pathways project scenarios/baseline.toml --from 2024 --to 2040 --csv > planner.csv\n"
               "  pathways calibrate calibrations/nl_advice.toml --out output/nl_advice\n"
               "  pathways serve                       # the explorer in the browser: http://127.0.0.1:8080/\n"
               "  pathways sensitivity sensitivity/ten_fourteen.toml   # which assumptions drive the effect\n"
               "Each command has its own help: pathways <command> --help. Documentation: README.md and docs/.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;  // a usage error: exit status 2, as conventions go
    }
    if (app.get_subcommands().empty()) {  // `pathways` alone: the overview, and a usage error
        std::cout << app.help();
        std::cerr << "pathways: choose a command (pathways <command> --help shows its options and examples)\n";
        return 2;
    }
    return pathways::cli::exit_code();
}
