// Calibration files (`pathways calibrate CALIBRATION.toml`): the parameters to fit, the
// configurations to run, the published targets and the optimiser's settings. Read and checked
// here, like scenario and batch files (one-line errors naming the file, line and key); the
// engine (engine/calibrate.hpp) runs the fit. Also reads a targets file (targets.csv), splitting
// multi-part figures into one target per part.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pathways::scenario {

// One published figure (or one part of a multi-part figure, id "M02.lower").
struct PublishedTarget {
    std::string id;
    std::string quantity;
    double value = 0;
    double tolerance = 0;
};

// Reads a targets file (the columns of tests/statistical/targets.csv: id, group, quantity,
// population, year, value, unit, tolerance, ...). A value such as "78.0 / 14.6 / 5.2 / 1.3" whose
// quantity names its parts after a colon ("...: none / lower / higher / both") becomes the targets
// M02.none, M02.lower, M02.higher, M02.both in that order, each with the row's tolerance. Rows
// without a numeric value and tolerance (qualitative figures, ranges) are left out. Throws
// ScenarioError naming the file (and line) if it cannot be read or has no id column.
std::map<std::string, PublishedTarget> read_targets(const std::string& path);

// A parameter to fit: a number key of the schema, or one element of a number list ("key[i]").
struct FitParameter {
    std::string name;    // as written: "selection.teacher_noise_sd" or "population.potential_mean_by_parent_edu[0]"
    std::string key;     // the schema key
    int index = -1;      // the list element, or -1 for a number key
    double lower = 0, upper = 0;
    std::optional<double> start;  // default: the value in the first fitted configuration
    int line = 0;
};

// A configuration: a scenario file with overrides, and the target ids it speaks to.
struct FitConfiguration {
    std::string name;
    std::string scenario;                 // resolved path
    std::vector<std::string> overrides;   // --set-style "key=value"
    std::vector<std::string> targets;     // ids; a multi-part id (M02) is expanded to its parts
    bool fit = true;                      // false: out of sample, reported but not fitted
    int line = 0;
};

struct CalibrationFile {
    std::string path;
    std::string text;         // the file as read (its fingerprint guards resuming)
    std::string name;         // name = ..., or the file's stem
    std::string targets_file; // resolved; default tests/statistical/targets.csv from the working directory
    std::vector<FitParameter> parameters;
    std::vector<FitConfiguration> configurations;
    std::map<std::string, double> tolerance;  // per-target overrides (an id or a multi-part id)
    int replicates = 1;
    std::uint64_t seed = 20240101;
    std::string algorithm = "bobyqa";
    int max_evaluations = 100;
    double relative_tolerance = 1e-3;
    double identifiability_fraction = 0.25;
    std::map<std::string, PublishedTarget> targets;  // read from targets_file, tolerances overridden
};

// The algorithms `algorithm` accepts, in the order --help lists them.
const std::vector<std::string>& calibration_algorithms();

// Reads and checks a calibration file: every key, type and range; parameters against the schema
// (a number or number-list element, bounds inside the schema's range, start inside the bounds);
// every configuration's scenario file and overrides (loaded once); every target id against the
// targets file. Throws ScenarioError naming the file, line and key.
CalibrationFile read_calibration_file(const std::string& path);

}  // namespace pathways::scenario
