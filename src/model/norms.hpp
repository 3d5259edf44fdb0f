// The national norm the skills are measured against, and the cut points derived from it.
//
// Skills are standardised to the national age norm (MODEL.md §2). A child's measured skill in a
// domain is kappa * (potential + deviation), where potential is N(0,1) nationally and the
// deviation has the stationary SD primary.deviation_sd; kappa = 1/sqrt(1 + sd^2) keeps each skill
// at SD 1. "Achievement" is the mean of language and mathematics rescaled to SD 1 again; every
// selection rule compares achievement (plus the rule's own noise, rescaled) with cut points
// that are normal quantiles of published national shares. So a published share is the
// parameter, and the rule reproduces it for the national population by construction; a city's
// shares then follow from its intake.
#pragma once

#include "model/params.hpp"

#include <array>
#include <cmath>
#include <cstddef>

namespace pathways::model {

double normal_quantile(double p);  // inverse standard normal CDF (Boost.Math)

// The lowest income group is, by its definition, the bottom fifth of households nationally.
inline constexpr double kNationalLowSesShare = 0.20;

// The national mix of households: low-SES or not, by parents' education. Calls
// f(share, parent_edu, low_ses, high_income_share) once per group; high_income_share is the
// share of the group in the highest income group (0 for low-SES households).
template <class F>
void for_each_national_household_group(const PopulationParams& p, F f) {
    for (int low = 0; low < 2; ++low) {
        const double p_low = low ? kNationalLowSesShare : 1 - kNationalLowSesShare;
        const auto& edu = low ? p.parent_edu_if_low_ses : p.parent_edu_if_not_low_ses;
        for (std::size_t e = 0; e < static_cast<std::size_t>(kParentEdu); ++e)
            f(p_low * edu[e], e, low != 0, low ? 0.0 : p.high_income_share_if_not_low_ses[e]);
    }
}

// Measurement noise with the scale that keeps results standard normal. A value type so the
// square root is worked out once per parameter value, not once per pupil; a plain SD converts.
struct ResultNoise {
    double sd = 0, scale = 1;
    ResultNoise(double noise_sd) : sd(noise_sd), scale(std::sqrt(1.0 + noise_sd * noise_sd)) {}  // NOLINT: implicit on purpose
};

struct Norms {
    double kappa = 1;            // skill scale: 1/sqrt(1 + deviation_sd^2)
    double achievement_sd = 1;   // SD of (language + math)/2 before rescaling
    double growth_sd = 0;        // yearly innovation SD that keeps the deviation stationary
    double teacher_score_sd = 1; // SD of the teacher's raw judgement
    double teacher_bias_mean = 0; // national mean of the reference bias by parental education
    // The reference bias by parental education less its national mean: the shift that decisions
    // after 12 carry, times their route's share (choice_shift). It stays with the evidence when a
    // scenario changes the teacher's bias: families' choices and later recommendations do not
    // change because the advice at 12 does.
    std::array<double, 3> choice_shift{};
    // Both sets of cuts are in ascending order (derive_norms makes sure), which advice_category
    // and track_of rely on.
    std::array<double, 8> double_cuts{};  // between the 9 advice categories
    std::array<double, 4> single_cuts{};  // between b, k, gt, havo, vwo with double bands split
    double pro_cut = 0;                   // below: praktijkonderwijs or vso
    double low_wellbeing_cut = 0;         // wellbeing below this counts as low

    // Edges of a track's band of achievement (pro, b, k, gt, havo, vwo).
    double track_lower(int track) const {
        if (track <= 0) return -INFINITY;
        return track == 1 ? pro_cut : single_cuts[static_cast<std::size_t>(track - 2)];
    }
    double track_upper(int track) const {
        if (track >= 5) return INFINITY;
        return track == 0 ? pro_cut : single_cuts[static_cast<std::size_t>(track - 1)];
    }
};

Norms derive_norms(const Params& p);

// Advice category (0..8, lowest to highest) of a standardised score. With single advices only
// the even categories occur.
// The cuts at or below z are counted: with the cuts in order that is the first cut above z, as a
// search would find it, without the search's exit, which the children's scores make unpredictable.
inline int advice_category(double z, const Norms& n, bool double_advice) {
    if (double_advice) {
        int c = 0;
        for (const double cut : n.double_cuts) c += z >= cut;
        return c;
    }
    int level = 0;
    for (const double cut : n.single_cuts) level += z >= cut;
    return 2 * level;
}

// Lowest and highest track an advice category points to (category 0 = vso/pro/vmbo-b: vmbo-b).
inline int advice_low_track(int category) { return 1 + category / 2; }
inline int advice_high_track(int category) { return 1 + (category + 1) / 2; }

// Track whose band holds a standardised score.
inline int track_of(double z, const Norms& n) {
    int level = 1;
    for (const double cut : n.single_cuts) level += z >= cut;  // as advice_category
    return z < n.pro_cut ? 0 : level;
}

}  // namespace pathways::model
