// The parameter schema: one entry per field of Params, the single source of truth for scenario
// keys, types, units, defaults, ranges, meanings and sources. The scenario reader validates
// against it, the HDF5 writer stores the resolved values from it, and `pathways params`
// renders docs/parameters.md from it.
#pragma once

#include "model/params.hpp"
#include "model/prior.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pathways::model {

enum class ParamKind { number, integer, boolean, choice, number_list, string_list };

using ParamValue =
    std::variant<double, std::int64_t, bool, std::string, std::vector<double>, std::vector<std::string>>;

struct ParamSpec {
    std::string key;      // dotted scenario key, e.g. "selection.teacher_noise_sd"
    ParamKind kind{};
    std::string unit;
    ParamValue default_value;
    double min = 0, max = 0;           // inclusive range for numbers, integers and list elements
    std::size_t list_size = 0;         // fixed length for number lists; 0 = any (checked elsewhere)
    std::vector<std::string> choices;  // for kind == choice
    std::string meaning;
    std::string source;   // target id(s) from data/targets.csv and citation, or "assumption: why"
    bool assumption = false;
    // What we know about the value, for parameter uncertainty (--uncertainty) and sensitivity
    // analysis: empty = not varied (run settings, scenario inputs, values fixed by definition).
    std::vector<PriorDimension> priors;
    std::string prior_note;  // why there is no prior, or how the prior was chosen, where the source does not say

    std::function<ParamValue(const Params&)> get;
    std::function<void(Params&, const ParamValue&)> set;
};

const std::vector<ParamSpec>& schema();
const ParamSpec* find_param(const std::string& key);

// Params with every schema default applied.
Params default_params();

// Cross-field checks the per-key ranges cannot express (list lengths agree, shares sum to one).
// Returns the first violation, naming the keys involved, or nothing.
std::optional<std::string> check_consistency(const Params& p);

std::string kind_name(ParamKind kind);
std::string format_value(const ParamValue& v);

}  // namespace pathways::model
