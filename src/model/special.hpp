// Special primary education (docs/model.md §7.32): the referral to sbo at the end of a primary
// year, passend onderwijs (support in the regular school instead), and the year's push of either.
// Applied in primary_year.cpp.
#pragma once

#include "model/population.hpp"
#include "model/secondary.hpp"

#include <cmath>

namespace pathways::model {

// The position a referral judges: achievement and wellbeing (behaviour), each a national z-score,
// weighed so that the position is standard normal when they are independent.
[[gnu::always_inline]] inline double referral_position(double achievement_z, double wellbeing, double wellbeing_weight) {
    return std::sqrt(1.0 - wellbeing_weight * wellbeing_weight) * achievement_z + wellbeing_weight * wellbeing;
}

// A referral hits the weakest more often (weak_position_event at the yearly rate's quantile); where
// passend onderwijs is offered, a referred pupil stays in its regular school with support with
// probability inclusion_share. Draws: the judgement's normal, then (only when referred and
// offered) the support.
template <class Rng>
SpecialPlace special_referral(Rng& r, double rate_quantile, Selectivity selectivity, double position, bool inclusion_offered,
                              double inclusion_share) {
    if (!weak_position_event(r, rate_quantile, selectivity, position)) return not_referred;
    return inclusion_offered && r.bernoulli(inclusion_share) ? supported_regular : special_school;
}

// The push of a school year in sbo or with support in the regular school, on the deviation of
// both skills (SD of measured skill over kappa); 0 for a pupil not referred.
[[gnu::always_inline]] inline double special_push(int place, double special_effect, double inclusion_effect, double kappa) {
    return (place == special_school ? special_effect : place == supported_regular ? inclusion_effect : 0.0) / kappa;
}

}  // namespace pathways::model
