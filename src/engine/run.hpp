// Runs a scenario's replicates: builds each replicate's world, steps it year by year with the
// children updated in parallel (oneTBB), and collects what the results file needs.
#pragma once

#include "io/results.hpp"
#include "scenario/scenario.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pathways::engine {

using io::Microdata;
using io::ReplicateResult;
using io::RunResult;

struct RunOptions {
    int replicates = 1;
    std::uint64_t seed = 20240101;
    int threads = 0;          // 0 = all cores
    bool microdata = false;
    bool progress = false;    // progress bar with ETA on stderr
};

// Simulates one replicate. `threads` <= 0 uses all cores.
ReplicateResult run_replicate(const model::Params& params, std::uint64_t seed, int replicate, int threads,
                              bool microdata, const std::function<void()>& on_year = {});

RunResult run_scenario(const scenario::Scenario& s, const RunOptions& options);

int default_threads();

}  // namespace pathways::engine
