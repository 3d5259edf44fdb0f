// The published figures of targets.csv as computed from a run: the same definitions the
// calibration used (scripts/targets.py computes them from a results file the same way).
// Each estimate carries its denominator so a test can derive the sampling error.
#pragma once

#include "model/outcomes.hpp"
#include "model/world.hpp"

#include <map>
#include <string>

namespace pathways::model {

struct Estimate {
    double percent = 0;      // the share, in per cent (an index for U09)
    double denominator = 0;  // children or pupil-years behind it
    // Binomial standard error in percentage points.
    double standard_error() const;
};

// Indicators keyed by target id (A01..A13, R01..R06, T01..T08, D01..D12, G01..G06, V01..V03, U09, and
// M01..M03 by part: M01.lower, M01.higher, M02.none, ... M03.both).
// Only the ids that the run's configuration can speak to are present: national advice shares
// need double advices, R01-R04 the old end test, R05-R06 the doorstroomtoets.
std::map<std::string, Estimate> target_indicators(const World& world, const OutcomeTable& outcomes);

}  // namespace pathways::model
