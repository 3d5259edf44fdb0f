// The school year's learning (docs/model.md §3.5, §3.7, §3.8): where a pupil's push comes from.
// In primary school the school's composition and lost lessons (primary_push), dBos and the
// opportunity workshop; in 10-14 schools and 0-18 communities the heterogeneous pace; in secondary
// school the pace of the class's tracks, raised in a havokans-klas. The pushes over kappa are
// worked out once a year into tables (World::derive_school_pushes, derive_class_pushes) and a
// pupil's place in them is pupil_place: one definition for the one-pupil path and the pass over
// a chunk (learning.cpp).
#pragma once

#include "model/population.hpp"
#include "model/secondary.hpp"

#include <cstdint>

namespace pathways::model {

// The push tables' layout: two entries per primary school (without, with the opportunity
// workshop), then per secondary class (lowest track x highest track x havokans or not), then
// the 10-14 pace.
struct PushLayout {
    std::int32_t secondary_at;      // where the classes start
    std::int32_t mixed_at;          // the 10-14 / 0-18 pace
    std::uint32_t workshop_mask;    // bit d: opportunity workshop in district d
    std::int32_t any_library;       // some school has dBos or reading for pleasure this year
};

inline std::int32_t class_push_index(std::int32_t secondary_at, int low, int high, int havokans) {
    return secondary_at + (low * kTracks + high) * 2 + havokans;
}

struct PupilPlace {
    std::int32_t learns;        // in a stage with a school year's growth
    std::int32_t in_primary, in_secondary;
    std::int32_t workshop;      // primary pupil in a workshop district
    std::int32_t library;       // primary pupil with a school, in a year with dBos or reading for pleasure somewhere (the school's own flags still to check)
    std::int32_t push_at;       // the entry of the push tables
    std::int32_t class_at;      // the class (track x year) of a secondary pupil, for its position in class
};

// Branch-free (flags as integers), so a loop over a chunk of pupils vectorises.
[[gnu::always_inline]] inline PupilPlace pupil_place(const PushLayout& t, std::int32_t stage, std::int32_t school, std::int32_t district,
                                                     std::int32_t track, std::int32_t high, std::int32_t grade, std::int32_t type) {
    constexpr auto primary = static_cast<std::int32_t>(Stage::primary), secondary = static_cast<std::int32_t>(Stage::secondary);
    constexpr auto mixed = static_cast<std::int32_t>(Stage::ten_fourteen), havokans = static_cast<std::int32_t>(ClassType::havokans);
    PupilPlace p;
    p.in_primary = stage == primary;
    p.in_secondary = stage == secondary;
    p.learns = p.in_primary | p.in_secondary | (stage == mixed);
    p.workshop = p.in_primary & static_cast<std::int32_t>((t.workshop_mask >> district) & 1u);
    const std::int32_t s = school < 0 ? 0 : school;  // school 0's push for a pupil without one
    p.push_at = p.in_primary ? 2 * s + p.workshop : p.in_secondary ? class_push_index(t.secondary_at, track, high, type == havokans) : t.mixed_at;
    p.library = p.in_primary & (school >= 0) & t.any_library;
    p.class_at = p.in_secondary ? track * kGrades + grade : 0;
    return p;
}

// The track in year 3 of a categorical class is recorded the first time a pupil is in year 3 (T01-T08).
[[gnu::always_inline]] inline std::int32_t records_track_year3(std::int32_t in_secondary, std::int32_t grade, std::int32_t track_year3,
                                                               std::int32_t type) {
    return in_secondary & (grade == 3) & (track_year3 < 0) & (type == static_cast<std::int32_t>(ClassType::categorical));
}

// The pupil's path through secondary school (M01-M03): its track on 1 October of its k-th school
// year there, k its secondary years so far (recorded up to the sixth).
[[gnu::always_inline]] inline void record_track_in_year(Population& pop, std::size_t i) {
    const unsigned k = pop.secondary_years[i];
    if (k < 6) pop.track_in_year[k][i] = pop.track[i];
}

}  // namespace pathways::model
