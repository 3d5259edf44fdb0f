// Scenario files: TOML that names only what differs from the schema defaults or from the file
// it extends. Reading resolves `extends` chains and `--set key=value` overrides, and validates
// every key, type and range against the parameter schema before anything runs.
#pragma once

#include "model/params.hpp"
#include "model/prior.hpp"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace pathways::scenario {

// A problem in a scenario file or override. what() names the file, line, key, what was expected
// and what was found.
class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ScenarioFile {
    std::string path;
    std::string text;
};

// A parameter whose value is uncertain: every replicate draws its own value, uniformly in
// [low, high], so intervals over replicates include parameter uncertainty.
struct UncertainParameter {
    std::string key;
    double low = 0, high = 0;
};

struct Scenario {
    std::string name;          // [scenario] name, or the file's stem
    std::string description;   // [scenario] description
    model::Params params;
    std::vector<ScenarioFile> files;       // the file and every file it extends, outermost first
    std::vector<std::string> overrides;    // the --set arguments, as given
    std::vector<std::string> set_keys;     // every parameter key a file or override set
    std::map<std::string, std::string> origins;  // where each key was last set: "file:line" or "--set"
    std::vector<UncertainParameter> uncertain;  // [uncertainty] ranges, sorted by key
    // Parameter uncertainty from the schema's priors (`[uncertainty] priors = true` or
    // `--uncertainty`): every replicate draws every prior dimension (model/prior.hpp) of every
    // parameter the scenario leaves at its default. A parameter a scenario file or --set names is
    // the scenario's choice and keeps its value; an [uncertainty] range replaces the prior.
    bool priors = false;
};

// One replicate's draw: a prior dimension (name "key", "key[2]", "key:scale", ...) or an
// [uncertainty] range (name = key), the parameter it sets, and the value drawn (for scale and
// weight dimensions the multiplier, else the parameter's value).
struct ParameterDraw {
    std::string name;
    std::string key;
    std::string prior;  // the prior's description, or "U(low, high)" for a range
    double value = 0;
    std::string source = "prior";  // "prior" or "range" (an [uncertainty] range)
};

// Whether the scenario draws prior dimension `d` (priors on, its key not set by the scenario and
// without an [uncertainty] range).
bool draws_prior(const Scenario& s, const model::PriorDimension& d);

// Parameter uncertainty for the scenarios of one comparison: on for all of them when `on`
// (--uncertainty, a batch file's `uncertainty = true`) or when any of them switches it on, so that
// paired differences are paired in parameters too.
void share_priors_switch(std::vector<Scenario>& scenarios, bool on);

// Every draw of replicate `replicate`: the prior dimensions in schema order, then the ranges in key
// order. Each comes from its own stream keyed by (seed, replicate) and the dimension's name, never
// by the scenario or the thread.
std::vector<ParameterDraw> replicate_draws(const Scenario& s, std::uint64_t seed, int replicate);

// The scenario's parameters for one replicate: each uncertain parameter drawn from its range with
// a stream keyed by (seed, replicate) and the parameter's key, never by the scenario, so every
// scenario of a comparison gets the same draw in the same replicate (common random numbers).
model::Params replicate_params(const Scenario& s, std::uint64_t seed, int replicate);

// Limits on what is read: a scenario or batch file, one --set, the files in a chain of extends.
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxOverrideBytes = 4096;
inline constexpr std::size_t kMaxExtendsDepth = 64;

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

// The text of an input file (`kind`: "scenario file", "batch file"), refusing folders and files
// larger than kMaxFileBytes with a ScenarioError naming the file.
std::string read_input_file(const std::string& path, const std::string& kind);

// Whether some parameter key starts with "prefix." (a TOML table that can hold parameters).
bool is_parameter_table(const std::string& prefix);

// Checks one key=value override against the schema (key, type, range) without a scenario;
// errors start with `origin` (e.g. "batch.toml:7").
void check_override(const std::string& assignment, const std::string& origin);

// The closest schema key to a misspelt one, or "" if nothing is close.
std::string did_you_mean(const std::string& key);

}  // namespace pathways::scenario
