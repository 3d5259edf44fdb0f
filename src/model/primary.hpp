// Primary school, groep 1-8 (MODEL.md §3.4-3.5, §3.10).
#pragma once

#include "model/params.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace pathways::model {

// The utility's deterministic part, and the Gumbel term of a uniform draw; school_utility adds
// them (rank_transposed in choice_order.hpp orders many families' utilities at once).
inline double school_base_utility(const PrimaryParams& p, int distance_rank, double school_profile, int income_group) {
    const double sign = static_cast<double>(income_group) - 1.0;  // -1 lowest, 0 middle, +1 highest
    return -p.distance_weight * distance_rank + p.segregation_tendency * sign * school_profile;
}
inline double gumbel_of(double uniform) { return -std::log(-std::log(uniform)); }

// A family's utility for one school of its choice set: nearer is better, and families lean to
// schools whose profile matches their income group (the segregation tendency). The Gumbel term
// makes the choice a multinomial logit.
template <class Rng>
double school_utility(Rng& rng, const PrimaryParams& p, int distance_rank, double school_profile, int income_group) {
    const double gumbel = gumbel_of(rng.uniform());
    return school_base_utility(p, distance_rank, school_profile, income_group) + gumbel;
}

// The school lottery (docs/model.md 7.6): families are served by ascending lottery number, ties by child.
// The number is a 32-bit word over 2^32 (uniform_01 on a 32-bit stream), so a key with the word
// in its high half and the child in its low half orders as (number, child) does.
inline std::uint64_t lottery_key(double lottery, std::uint32_t child) {
    return static_cast<std::uint64_t>(lottery * 4294967296.0) << 32 | child;
}

// Sorts lottery keys made in child order. Stable counting sorts on the word's digits, lowest
// first, are then enough: three passes of 11 bits (count tables that stay in the first-level
// cache) instead of a comparison sort. A pass does not change how many keys have each digit, so
// the three tables are counted in one pass over the keys. On two buffers of n keys each, keys and
// scratch: returns the one that holds them sorted.
inline std::uint64_t* sort_lottery(std::uint64_t* keys, std::uint64_t* scratch, std::size_t n) {
    constexpr std::size_t kDigits = 2048;
    constexpr int kShifts[3] = {32, 43, 54};
    std::array<std::array<std::uint32_t, kDigits + 1>, 3> start{};
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t pass = 0; pass < 3; ++pass) ++start[pass][((keys[k] >> kShifts[pass]) & (kDigits - 1)) + 1];
    for (std::size_t pass = 0; pass < 3; ++pass) {
        std::array<std::uint32_t, kDigits + 1>& at = start[pass];
        for (std::size_t d = 1; d <= kDigits; ++d) at[d] += at[d - 1];
        for (std::size_t k = 0; k < n; ++k) scratch[at[(keys[k] >> kShifts[pass]) & (kDigits - 1)]++] = keys[k];
        std::swap(keys, scratch);
    }
    return keys;
}

// The school year's push on the deviation from potential: composition (peer effect on the
// school's mean achievement) and lessons lost to unfilled posts (S04). Both are relative to the
// national average, which the national skill norm already contains.
inline double primary_push(const PrimaryParams& p, double school_mean_achievement, double school_shortage) {
    return p.peer_effect * school_mean_achievement - p.loss_per_unfilled_fte * (school_shortage - p.shortage_national);
}

// A school's share of unfilled fte: the city's mean, higher where the intake is more
// disadvantaged (S02-S03). weight_z is the school's low-SES share in SDs across schools.
inline double school_shortage(const PrimaryParams& p, double weight_z) {
    return std::max(0.0, p.shortage_mean * (1.0 + p.shortage_gradient * weight_z));
}

// Grade retention (G05 in groep 2, G06 in groep 3-8): a child is kept back when a judgement
// that correlates with low achievement falls below the national rate's quantile (see
// weak_position_event in secondary.hpp, which serves both).

// Reading for pleasure: the yearly language push of a taking-part school, in proportion to the
// minutes of free reading a day against the reference 15 (docs/evidence.md entry 24).
inline double reading_push(const InterventionParams& iv) { return iv.reading_effect * iv.reading_minutes / 15.0; }

// Fewer repeated years: a pupil the school would keep back (in groep 2, or in groep 3-7) moves on
// with its cohort instead with the policy's share, on the policy's own stream (no draw at share 0).
template <class Rng>
bool promoted_instead(Rng& rng, const InterventionParams& iv, int grade) {
    const double share = grade == 2 ? iv.kindergarten_retention_avoided : iv.retention_avoided;
    return share > 0 && rng.bernoulli(share);
}

// A repeated year's effect on a skill's deviation from potential, against promotion
// (primary.retention_effect); it then fades by catch_up like any deviation.
inline float repeated_deviation(const PrimaryParams& p, float deviation) {
    return p.retention_effect == 0 ? deviation : static_cast<float>(deviation + p.retention_effect);
}

}  // namespace pathways::model
