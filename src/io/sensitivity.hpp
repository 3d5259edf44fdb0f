// The sensitivity file's HDF5 layout (docs/hdf5-layout.md, "Sensitivity files"): the parameters
// and their ranges, the outputs (outcome × group), every sample and its outputs, Morris mu*/sigma
// and Sobol first-order and total indices with their bootstrap intervals.
#pragma once

#include "stats/sensitivity.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pathways::io {

struct SensitivityParameterInfo {
    std::string name;   // key or key[i]
    std::string prior;  // "uniform", or "schema " and the schema prior it drew from, e.g. "schema T(0, 0.05, 0.2)"
    double lower = 0, upper = 0, nominal = 0;
};

struct SensitivityOutput {
    std::string outcome;  // a headline outcome or a target id
    std::string group;    // overall, parent_edu, ...
    std::string label;    // all, low, ...
    double nominal = 0;   // the output with every parameter at its scenario value
};

struct SensitivityData {
    std::string method;          // morris, sobol, both
    std::string scenario, policy;  // names; policy "" when the outputs are the scenario's own
    std::uint64_t seed = 0;
    std::size_t bootstrap = 0;
    std::vector<SensitivityParameterInfo> parameters;
    std::vector<SensitivityOutput> outputs;
    stats::sensitivity::Result result;
    // provenance
    std::string code_version, command_line, input_text, input_path;
    std::vector<std::pair<std::string, std::string>> scenario_files;  // path, text
    double seconds = 0;
    int threads = 1;
    std::size_t evaluations_run = 0, evaluations_loaded = 0;
};

// Writes the file atomically (h5::write_file_atomically).
void write_sensitivity(const std::string& path, const SensitivityData& d);

// Whether the file is a sensitivity file (has /sensitivity).
bool is_sensitivity(const std::string& path);

// One row of the ranked indices table, as `pathways summary` prints it.
struct SensitivityRow {
    std::string method;  // sobol or morris
    std::string outcome, group, label, parameter;
    std::string index;   // first, total (sobol) or mu_star (morris)
    double estimate = 0, low = 0, high = 0;
    int rank = 0;        // 1 = most important, by total index (sobol) or mu* (morris) within the output
};
struct SensitivitySummary {
    std::string method, scenario, policy;
    std::vector<SensitivityOutput> outputs;
    std::vector<SensitivityRow> rows;
};
// Reads the indices back (throws h5::Error naming the file).
SensitivitySummary read_sensitivity_summary(const std::string& path);

}  // namespace pathways::io
