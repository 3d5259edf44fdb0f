// Sensitivity files (`pathways sensitivity FILE.toml`): the scenario (and optionally a policy
// scenario, for a paired difference), the uncertain parameters with their ranges, the method and
// its sizes, the outcomes and groups. Read and checked here against the parameter schema; the
// engine (engine/sensitivity.hpp) runs them. docs/sensitivity.md documents the format.
#pragma once

#include "model/prior.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pathways::scenario {

// One uncertain parameter: a number key, or one element of a number list (`key[i]`, 0-based).
struct SensitivityParameter {
    std::string name;   // as written: "selection.teacher_noise_sd" or "selection.teacher_bias[0]"
    std::string key;    // the schema key
    int element = -1;   // the list element, or -1 for a number
    std::string prior = "uniform";  // "uniform" on [lower, upper], or "schema": the schema's prior (schema_prior)
    double lower = 0, upper = 0;    // for "schema" the bounds of the schema's prior
    model::Prior schema_prior;      // with prior = "schema": the prior dimension of this number or element
    int line = 0;       // where it was declared, for messages
};

struct SensitivityFile {
    std::string path;
    std::string text;                 // the file as read (its hash guards a resumed run)
    std::string scenario;             // resolved path
    std::string policy;               // resolved path, or "" (outcomes of the scenario itself)
    std::vector<std::string> set;     // overrides applied to both scenarios, as key=value
    std::vector<SensitivityParameter> parameters;
    std::string method = "sobol";     // morris, sobol or both
    std::size_t samples = 1024;       // Sobol base samples N
    std::size_t trajectories = 20;    // Morris r
    int levels = 4;                   // Morris p
    std::size_t top = 5;              // both: Sobol on this many parameters
    std::size_t bootstrap = 1000;
    std::uint64_t seed = 20240101;    // the model's seed (the same for every sample) and the designs'
    std::vector<std::string> outcomes = {"havo_vwo_diploma"};
    std::vector<std::string> groups;  // subgroup dimensions, each on its own
    std::string out;                  // resolved path, or ""
};

// Reads and checks a sensitivity file: every key, type and range, every parameter against the
// schema (a number or a number list's element, its range inside the schema's), every outcome and
// group name. Throws ScenarioError naming the file, line and key.
SensitivityFile read_sensitivity_file(const std::string& path);

}  // namespace pathways::scenario
