// `pathways calibrate`: fits parameters of the model to published figures with NLopt.
//
// The fit statistic, over the targets t of the fitted configurations:
//     S = sum_t ((simulated_t - published_t) / sqrt(tolerance_t^2 + se_t^2))^2
// where se_t is the model's own Monte Carlo standard error of the simulated value
// (model::Estimate::standard_error() of each replicate, combined as the standard error of their
// mean). Every evaluation runs the same replicates with the same seed (common random numbers),
// so S changes only through the parameters. The optimiser works on the parameters scaled to
// [0, 1] between their bounds. Evaluations are journaled as they finish; a rerun replays the
// journal to the (deterministic) optimiser and continues where it stopped.
#pragma once

#include "model/params.hpp"
#include "scenario/calibration_file.hpp"
#include "scenario/scenario.hpp"

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace pathways::engine {

// The calibration file with every configuration's scenario loaded.
struct CalibrationProblem {
    scenario::CalibrationFile file;
    std::vector<scenario::Scenario> scenarios;  // one per configuration
};
CalibrationProblem load_calibration_problem(scenario::CalibrationFile file);

// One target of one configuration.
struct CalibrationTerm {
    std::size_t configuration = 0;
    std::string id, quantity;
    double published = 0, tolerance = 0;
    bool in_fit = true;  // false: a target of an out-of-sample configuration
};
std::vector<CalibrationTerm> calibration_terms(const CalibrationProblem& p);

struct CalibrationEvaluation {
    std::string phase;            // start, fit, jacobian, out_of_sample
    std::vector<double> x;        // the parameters scaled to [0, 1]
    std::vector<double> values;   // in the parameters' own units
    std::vector<double> simulated, standard_error;  // per term; NaN for terms not run in this phase
    double statistic = std::numeric_limits<double>::quiet_NaN();  // S over the fitted terms (NaN for out_of_sample)
    bool replayed = false;        // taken from the journal of an earlier, interrupted run
    double seconds = 0;           // simulation time (0 when replayed)
};

struct Identifiability {
    double step = 0.05;                        // finite-difference step on the scaled parameters
    std::vector<double> jacobian;              // fitted terms x parameters, row-major: d z_t / d x_j
    std::vector<double> singular_values;       // of the Jacobian, largest first
    std::vector<double> standard_error;        // per parameter, in its own units (inf: not determined)
    std::vector<double> standard_error_scaled; // the same as a fraction of the parameter's range
    std::vector<bool> identifiable;            // standard_error_scaled <= identifiability_fraction
};

struct CalibrationResult {
    std::vector<CalibrationTerm> terms;
    std::vector<CalibrationEvaluation> evaluations;  // in the order they were asked for
    std::size_t start = 0, best = 0;                 // indices into evaluations
    std::size_t start_out = npos, best_out = npos;   // out-of-sample evaluations, if any
    Identifiability identifiability;
    int optimiser_evaluations = 0;  // objective calls by the optimiser
    int simulated = 0;              // evaluations simulated in this run (not replayed)
    std::string stop_reason;
    double seconds = 0;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

struct CalibrateOptions {
    int threads = 0;            // 0 = all cores
    int max_evaluations = 0;    // 0 = the file's max_evaluations
    bool progress = false;      // a line per evaluation with the best S so far and an ETA, on stderr
    std::string journal;        // file of finished evaluations ("" = none)
    std::string version;        // the code's version: a journal of another version is not replayed
};

// The standardised error (simulated - published) / sqrt(tolerance^2 + se^2).
double standardised_error(double simulated, double published, double tolerance, double se);

// The parameters in their own units at scaled x, and the configuration's parameters with them set.
std::vector<double> parameter_values(const CalibrationProblem& p, const std::vector<double>& x);
model::Params configuration_params(const CalibrationProblem& p, std::size_t configuration,
                                   const std::vector<double>& values, int replicate);

// Runs the fit. Throws scenario::ScenarioError for a journal of another calibration and
// std::runtime_error when a configuration does not compute one of its targets.
CalibrationResult calibrate(const CalibrationProblem& p, const CalibrateOptions& options);

struct CalibrationOutputs {
    std::string scenario, table, hdf5;
};
// Writes into `dir`: calibrated.toml (the fitted keys, each with the fit as its source),
// fit.csv (the fit table) and calibration.h5 (every evaluation; docs/hdf5-layout.md), each
// written whole under a temporary name and renamed.
CalibrationOutputs write_calibration_outputs(const std::string& dir, const CalibrationProblem& p,
                                             const CalibrationResult& r, const std::string& version,
                                             const std::string& command_line);

// The fit's summary for the terminal: S before and after, the parameters with their standard
// errors and identifiability, every target (fitted and out of sample).
std::string calibration_summary(const CalibrationProblem& p, const CalibrationResult& r);

}  // namespace pathways::engine
