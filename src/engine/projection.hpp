// The planner's view (issue 7): pupils per school year, district and school type in a projection,
// with 95% prediction intervals over replicates (where one future's number is likely to fall), and
// places needed (the interval's upper end) against places available.
#pragma once

#include "io/results.hpp"
#include "model/params.hpp"

#include <string>
#include <vector>

namespace pathways::engine {

using io::ProjectionRow;

// School types: preschool, primary, ten_fourteen, zero_eighteen, each secondary track, all of
// secondary ('secondary', residents) and 'secondary_at_city_schools' (residents at schools inside
// the city over the share of pupils living inside: U10 and P14). Years from..to.
std::vector<ProjectionRow> projection_rows(const io::RunResult& run, const model::Params& p, int from, int to);



}  // namespace pathways::engine
