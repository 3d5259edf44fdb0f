// Yearly skill growth (docs/model.md §3.5, §3.8). Skills are relative to the national age norm, so
// "growth" is the movement of a child's deviation from its potential: each year a share
// catch_up of the deviation closes (keep = 1 - catch_up stays), the school year adds its push
// (school composition, lost lessons, the track's pace, stated over kappa) and an individual
// innovation keeps the deviation's SD stationary.
#pragma once

namespace pathways::model {

// The rule, given the year's normal z. learning.cpp applies it to one pupil and, in vector
// registers, to a chunk of pupils.
[[gnu::always_inline]] inline double grown_deviation(double keep, double deviation, double push, double growth_sd, double z) {
    return keep * deviation + push + growth_sd * z;
}

template <class Rng>
double grow_deviation(Rng& rng, double deviation, double catch_up, double push, double growth_sd) {
    return grown_deviation(1.0 - catch_up, deviation, push, growth_sd, rng.normal());
}

}  // namespace pathways::model
