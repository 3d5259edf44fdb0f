// Priors: what we know about a parameter's value, as a distribution with bounds, for parameter
// uncertainty (`--uncertainty`) and sensitivity analysis. A sampler maps a point u in [0, 1)
// (uniform random, or a coordinate of a Sobol point) to a value with Prior::quantile.
//
// A parameter may carry several prior dimensions (PriorDimension): a number has one (its value);
// an array has one per element that is uncertain, or one for the whole vector (a multiplier or a
// shift when its elements move together), or one weight per element for shares that must keep
// their sum (drawn as independent gamma weights and renormalised: a Dirichlet distribution).
// Every dimension is applied relative to the schema default, so the same draw gives the same
// parameters in every scenario that leaves the parameter at its default.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pathways::model {

struct Params;
struct ParamSpec;

struct Prior {
    // uniform:     U(a, b)                 a = low, b = high
    // triangular:  T(a, b, c)              a = low, b = mode, c = high
    // normal:      N(a, b) on [lower, upper]          a = mean, b = SD (truncated)
    // beta:        lower + (upper - lower) Beta(a, b)  a, b = shape parameters
    // lognormal:   LN(a, b) on [lower, upper]         a, b = mean and SD of the log (truncated)
    // loguniform:  LU(a, b)                log uniform between a and b (a > 0)
    // gamma:       Gamma(a, b) on [lower, upper]      a = shape, b = scale (truncated)
    enum class Shape { uniform, triangular, normal, beta, lognormal, loguniform, gamma };
    Shape shape = Shape::uniform;
    double a = 0, b = 0, c = 0;
    double lower = 0, upper = 0;  // the values a draw can take (the support, or the truncation)

    // The inverse distribution function, truncated to [lower, upper]: u = 0 gives lower (or the
    // support's start), u -> 1 gives upper. Throws std::invalid_argument for an invalid prior.
    double quantile(double u) const;
    // Mean of the (truncated) distribution, by numerical integration of the quantile function.
    double mean() const;
    // "U(0.69, 0.77)", "T(0, 0.05, 0.2)", "N(0.1, 0.05) on [0, 0.2]", ...
    std::string describe() const;
    // Empty when the parameters are valid (bounds ordered and finite, shapes positive), else why not.
    std::string problem() const;
};

Prior uniform_prior(double low, double high);
Prior triangular_prior(double low, double mode, double high);
Prior normal_prior(double mean, double sd, double lower, double upper);
Prior beta_prior(double alpha, double beta, double lower, double upper);
Prior lognormal_prior(double mu, double sigma, double lower, double upper);
Prior loguniform_prior(double low, double high);
Prior gamma_prior(double shape, double scale, double lower, double upper);

// What a prior dimension's draw sets.
enum class PriorTarget {
    value,    // the number (an integer parameter rounds the draw to the nearest whole number)
    element,  // one element of an array
    scale,    // every element of the array: default × draw
    shift,    // every element of the array: default + draw
    share,    // one element of an array of shares set to the draw; the others scaled so the sum is kept
    weight,   // one element of an array of shares multiplied by the draw, then the array renormalised
};

struct PriorDimension {
    std::string key;    // the parameter, e.g. "selection.teacher_bias_by_parent_edu"
    std::string name;   // the dimension: the key, "key[2]" for element 2 (1-based), "key:scale", "key:shift",
                        // "key[3]:weight"
    PriorTarget target = PriorTarget::value;
    std::size_t element = 0;  // 0-based element for element, share and weight
    Prior prior;
};

std::string target_name(PriorTarget t);

// Every prior dimension of the schema, in schema order (the order of the draws in results files).
const std::vector<const PriorDimension*>& prior_dimensions();
const PriorDimension* find_prior_dimension(const std::string& name);

// Sets what dimension `d` says to `value` (a draw of d.prior) in p: value, element, share, scale
// and shift are relative to the schema default (so applying a dimension twice gives the same
// parameters); weight multiplies the current element and renormalises, so apply each weight of an
// array once. An element beyond the array's current length (a scenario with other districts) is
// left alone; such a scenario sets the array and so is not drawn (scenario::replicate_params).
void apply_prior(Params& p, const PriorDimension& d, double value);

// The parameter values a dimension's prior can give, as applied to the default (for checks and
// docs): element or number bounds; for scale and shift the bounds of every element.
struct ValueBounds { double low, high; };
std::vector<ValueBounds> prior_value_bounds(const ParamSpec& spec, const PriorDimension& d);

}  // namespace pathways::model
