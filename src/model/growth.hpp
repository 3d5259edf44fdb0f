// Yearly skill growth (MODEL.md §3.5, §3.8). Skills are relative to the national age norm, so
// "growth" is the movement of a child's deviation from its potential: each year a share
// catch_up of the deviation closes, the school year adds its push (school composition, lost
// lessons, the track's pace) and an individual innovation keeps the deviation's SD stationary.
#pragma once

namespace pathways::model {

template <class Rng>
double grow_deviation(Rng& rng, double deviation, double catch_up, double push, double growth_sd) {
    return (1.0 - catch_up) * deviation + push + growth_sd * rng.normal();
}

}  // namespace pathways::model
