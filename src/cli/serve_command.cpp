// pathways serve: the scenario explorer in the browser (src/serve, docs/serve.md).
#include "cli/commands.hpp"
#include "pathways_version.hpp"

#include "serve/server.hpp"

namespace pathways::cli {

void add_serve_command(CLI::App& app) {
    static serve::ServeOptions o;
    o.code_version = PATHWAYS_VERSION;
    CLI::App* cmd = app.add_subcommand(
        "serve", "A local web page to pick scenarios, change parameters, run comparisons and download the results");
    cmd->add_option("-p,--port", o.port, "Port (0: any free one; the address printed says which)")->check(CLI::Range(0, 65535));
    cmd->add_option("--bind", o.bind,
                    "Address to listen on; the default is reachable from this machine only (the server has no passwords)");
    cmd->add_option("--scenarios", o.scenarios, "Folder of the scenario files the page offers (picked by name)");
    cmd->add_option("--max-replicates", o.limits.max_replicates, "Most replicates in one run (also with a precision target)")
        ->check(CLI::Range(1, 100000));
    cmd->add_option("--max-children", o.limits.max_children,
                    "Most children in a scenario (population.birth_cohorts × population.cohort_size)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
    cmd->add_option("--max-runs", o.limits.max_runs, "Runs in progress at once; more are refused until one ends")
        ->check(CLI::Range(1, 64));
    cmd->add_option("-t,--threads", o.limits.threads, "Worker threads per run (default: all cores); results do not depend on it")
        ->check(CLI::Range(0, 4096));
    cmd->callback([] { set_exit_code(serve::serve(o)); });
}

}  // namespace pathways::cli
