// Batches and scenario comparisons: scenarios × replicates run interleaved (A r0, B r0, …, A r1,
// …), each finished (scenario, replicate) unit committed to its own file in <out>.units/ as it
// completes, then assembled into one comparison file in a fixed order. Rerunning the same batch
// loads the finished units instead of running them again, so an interrupted batch resumes and
// ends bit-identical to an uninterrupted one.
#pragma once

#include "scenario/scenario.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace pathways::engine {

class BatchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct BatchSpec {
    std::vector<scenario::Scenario> scenarios;  // the first is the baseline
    int replicates = 10;        // with precision: the minimum
    std::uint64_t seed = 20240101;
    int threads = 0;
    std::string out;
    double precision = 0;       // > 0: add replicates until every 95% half-width is within it
    std::vector<std::string> precision_outcomes;  // empty: every headline outcome in percent
    int max_replicates = 200;   // with precision: stop here if the target is not met
    bool keep_units = false;    // keep <out>.units/ after the comparison file is written
    bool progress = false;
    std::string code_version;
    std::string command_line;
};

struct BatchReport {
    int replicates = 0;
    std::string stop_reason;
    int units_run = 0, units_loaded = 0;
    double seconds = 0;
};

// Throws BatchError for inputs that cannot be compared (different children, duplicate names,
// unit files from other inputs), naming the problem.
BatchReport run_batch(const BatchSpec& spec);

// A hash of everything that determines a unit's results: the resolved parameters, the scenario
// name, the seed and the code version.
std::string input_hash(const scenario::Scenario& s, std::uint64_t seed, const std::string& code_version);

// The folder of unit files beside an output file.
std::string units_folder(const std::string& out);

// A batch file: scenarios = [...], replicates, seed, optional out, precision, outcomes,
// max_replicates. Relative paths are relative to the batch file.
struct BatchFile {
    std::vector<std::string> scenarios;
    int replicates = 10;
    std::uint64_t seed = 20240101;
    std::string out;
    double precision = 0;
    std::vector<std::string> outcomes;
    int max_replicates = 200;
};
BatchFile read_batch_file(const std::string& path);

}  // namespace pathways::engine
