// Batch files (`pathways batch BATCH.toml`): which scenarios, how many replicates, the seed, the
// output and parameter sweeps. Read and checked here; the engine (engine/batch.hpp) runs them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pathways::scenario {

// A batch file: scenarios = [...], replicates, seed, optional out, precision, outcomes,
// max_replicates. Relative paths are relative to the batch file.
struct BatchFile {
    std::vector<std::string> scenarios;
    // Parameter sweeps: [sweep] key = [v1, v2, ...] runs every scenario after the first (the
    // baseline) once per combination of values, as overrides (TOML text of each value).
    std::vector<std::pair<std::string, std::vector<std::string>>> sweep;
    int replicates = 10;
    std::uint64_t seed = 20240101;
    std::string out;
    double precision = 0;
    std::vector<std::string> outcomes;
    int max_replicates = 200;
    bool uncertainty = false;  // parameter uncertainty from the priors (as --uncertainty)
};

// Reads and checks a batch file: every key, type and range, and every swept value against the
// parameter schema. Throws ScenarioError naming the file, line and key.
BatchFile read_batch_file(const std::string& path);

}  // namespace pathways::scenario
