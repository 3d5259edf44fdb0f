// Mobility through secondary school (targets M01-M03, CBS 82928NED "niveauverandering t.o.v.
// leerjaar 1"): a pupil's level k years after year 1 against the level range of the class it
// entered (a dual or broad bridge class spans its levels, so settling within the span is no
// change). Every change of the level's place against the range (within it, below it, above it)
// from one year to the next is a change down or up; a return into the range is a change too.
// "lower" and "higher" are pupils whose changes went one way only (so they are below resp. above
// the range at the moment measured); "both" are pupils who changed down and up, among them those
// who moved back into their year-1 range, e.g. by stacking after a move down. CBS counts "both"
// already two years after year 1 (0.6%) and most of its growth in the fourth year (1.3% to 2.4%),
// when a vmbo-gt diploma is stacked to havo 4: paths that return to the range, not swings of two
// levels across it. A pupil who has left school keeps the last level it had; stacking and
// upper-year drops count.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pathways::model {

enum class Mobility : int { none = 0, lower = 1, higher = 2, both = 3 };

// `levels[j]` is the track on 1 October of school year j since entry (j = 0 is year 1), -1 when
// not in a secondary class that year. Returns the change k years after year 1 against the
// year-1 range [low1, high1].
inline Mobility mobility_after(const std::int8_t* levels, std::size_t k, int low1, int high1) {
    int place = 0;  // -1 below the range, 0 within it, +1 above it; the pupil starts within it
    bool down = false, up = false;
    for (std::size_t j = 1; j <= k; ++j) {
        if (levels[j] < 0) continue;  // not in a secondary class: the last level held counts
        const int now = levels[j] < low1 ? -1 : levels[j] > high1 ? 1 : 0;
        down |= now < place;
        up |= now > place;
        place = now;
    }
    if (down && up) return Mobility::both;
    if (down) return Mobility::lower;
    if (up) return Mobility::higher;
    return Mobility::none;
}

}  // namespace pathways::model
