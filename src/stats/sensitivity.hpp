// Global sensitivity analysis, model-free: which uncertain inputs drive an output, and how much of
// its variance each explains. Two methods, both driven by an evaluation function, so the same code
// runs the simulator (engine/sensitivity.hpp) and the test functions with known answers
// (tests/unit/stats/sensitivity_test.cpp: Ishigami, Sobol's G).
//
// Morris elementary effects (Morris 1991; Campolongo et al. 2007): r trajectories on a p-level grid
// of the unit cube, each moving one factor at a time by Δ = p / (2(p-1)). The effect of factor i is
// (f(x + Δe_i) − f(x)) / Δ in units of the factor's whole range; mu* (mean absolute effect) ranks
// factors, sigma (SD of the effects) flags interactions or non-linearity. k+1 evaluations per
// trajectory.
//
// Sobol indices by Saltelli sampling: N points of a 2k-dimensional Sobol sequence (Boost.Random,
// which starts at (1/2, ..., 1/2), not the origin) give matrices A (first k columns) and B (last k);
// A_B^(i) is A with column i from B. First-order S_i = mean((f(B) − f̄)·(f(A_B^i) − f(A))) / V
// (Saltelli et al. 2010, with f(B) centred on the mean f̄ for a smaller variance), total
// ST_i = mean((f(A) − f(A_B^i))²) / (2V) (Jansen 1999), V the variance of f over A and B together.
// N(k+2) evaluations.
//
// Intervals: 95% percentile bootstrap, resampling the base rows (Sobol) or the trajectories
// (Morris) with a fixed seed, so the same inputs give the same intervals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pathways::stats::sensitivity {

// One uncertain input. value() is its prior's quantile function, the one place the prior enters:
// uniform on [lower, upper], or `quantile` when set (a schema prior, model::Prior::quantile, whose
// draws lie in [lower, upper]). Morris and Sobol sample u in [0, 1] and evaluate at value(u).
struct Factor {
    std::string name;
    double lower = 0, upper = 1;
    double nominal = 0;  // its value when it is not sampled (Sobol on the factors Morris kept)
    std::function<double(double)> quantile = {};  // empty: uniform on [lower, upper]
    double value(double u) const { return quantile ? quantile(u) : lower + u * (upper - lower); }
};

enum class Method { morris, sobol, both };
std::string method_name(Method m);

struct Options {
    Method method = Method::sobol;
    std::size_t base_samples = 1024;  // Sobol: N
    std::size_t trajectories = 20;    // Morris: r
    int levels = 4;                   // Morris: p (even, >= 2)
    std::size_t top = 5;              // both: Sobol on the `top` factors Morris ranks highest
    std::size_t bootstrap = 1000;     // resamples for the intervals (0: no intervals)
    std::uint64_t seed = 20240101;    // the Morris design and the bootstrap
};

// Evaluates the model at `points` (each a value for every factor, in the factors' order, in the
// factors' own units) and returns one row of outputs per point, every row the same length.
// `stage` is "morris" or "sobol" (an evaluator that keeps a journal tells them apart by it).
using Evaluate =
    std::function<std::vector<std::vector<double>>(const std::string& stage, const std::vector<std::vector<double>>& points)>;

struct Estimate {
    double value = 0, low = 0, high = 0;  // the estimate and its 95% bootstrap interval
};

struct MorrisResult {
    std::size_t trajectories = 0;
    int levels = 0;
    std::vector<std::vector<double>> points;   // r(k+1) points, factors' units
    std::vector<std::vector<double>> outputs;  // one row per point
    // [output][factor]
    std::vector<std::vector<double>> mu, sigma;
    std::vector<std::vector<Estimate>> mu_star;
};

struct SobolResult {
    std::vector<std::size_t> factors;          // the factors sampled (indices into all factors)
    std::size_t base_samples = 0;
    std::vector<std::vector<double>> points;   // N(m+2) points over all factors (the others at nominal)
    std::vector<std::vector<double>> outputs;
    std::vector<double> variance;              // [output]
    std::vector<std::vector<Estimate>> first, total;  // [output][sampled factor]
};

struct Result {
    std::optional<MorrisResult> morris;
    std::optional<SobolResult> sobol;
};

// The design in the unit cube. Morris: r trajectories of k+1 points, one after the other. Saltelli:
// base row j gives the rows j(k+2) + 0 (A_j), + 1 (B_j), + 1 + i (A_B^(i)_j, i = 1..k).
std::vector<std::vector<double>> morris_design(std::size_t k, std::size_t trajectories, int levels, std::uint64_t seed);
std::vector<std::vector<double>> saltelli_design(std::size_t k, std::size_t base_samples);

// Estimators on a design's outputs (y[point][output]); `unit` is the design in the unit cube.
MorrisResult morris_effects(const std::vector<std::vector<double>>& unit, const std::vector<std::vector<double>>& y,
                            std::size_t k, std::size_t trajectories, int levels, std::size_t bootstrap, std::uint64_t seed);
SobolResult sobol_indices(const std::vector<std::vector<double>>& y, std::size_t k, std::size_t base_samples,
                          std::size_t bootstrap, std::uint64_t seed);

// The factors Morris ranks highest: by each factor's largest mu* over the outputs, each output's
// mu* taken relative to its largest, so a factor that drives any output is kept. At most `top`.
std::vector<std::size_t> screen(const MorrisResult& m, std::size_t top);

// Runs the method: designs, evaluates through `evaluate`, estimates. Throws std::invalid_argument
// for options that cannot work (no factors, p odd, N = 0, an evaluator returning ragged rows).
Result analyse(const std::vector<Factor>& factors, const Options& options, const Evaluate& evaluate);

// Number of model evaluations the method will ask for.
std::size_t evaluations(std::size_t k, const Options& options);

// The sentence that names the intervals, for tables and captions.
const char* interval_statement();

}  // namespace pathways::stats::sensitivity
