// Mobility through secondary school (targets M01-M03, CBS 82928NED "niveauverandering t.o.v.
// leerjaar 1"): a pupil's level k years after year 1 against the level range of the class it
// entered (a dual or broad bridge class spans its levels, so settling within the span is no
// change). "lower" and "higher" say where the level is at the moment measured; "both" says the
// level has been below the range at some time and above it at another (data/README.md). A pupil
// who has left school keeps the last level it had; stacking and upper-year drops count.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pathways::model {

enum class Mobility : int { none = 0, lower = 1, higher = 2, both = 3 };

// `levels[j]` is the track on 1 October of school year j since entry (j = 0 is year 1), -1 when
// not in a secondary class that year. Returns the change k years after year 1 against the
// year-1 range [low1, high1].
inline Mobility mobility_after(const std::int8_t* levels, std::size_t k, int low1, int high1) {
    int last = low1;  // before any later year is known the pupil is where it started
    bool ever_lower = false, ever_higher = false;
    for (std::size_t j = 1; j <= k; ++j) {
        if (levels[j] < 0) continue;
        last = levels[j];
        ever_lower |= last < low1;
        ever_higher |= last > high1;
    }
    if (ever_lower && ever_higher) return Mobility::both;
    if (last < low1) return Mobility::lower;
    if (last > high1) return Mobility::higher;
    return Mobility::none;
}

}  // namespace pathways::model
