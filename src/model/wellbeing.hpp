// Wellbeing, attendance and youth care (docs/model.md §3.9): the rule of one school year, for one
// child, given its draws. World::wellbeing_year applies it to one child with its stream;
// World::wellbeing_lanes applies the same function to a chunk of children in vector registers.
// Written without branches (values are selected), so both give the same bits.
#pragma once

#include "model/norms.hpp"
#include "model/params.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace pathways::model {

// The rule's terms, worked out once from the parameters: the same values for every child.
struct WellbeingTerms {
    double persistence = 0;        // rho: how much of last year's wellbeing carries over
    double innovation = 1;         // sqrt(1 - rho^2): keeps the score N(0,1)
    double low_cut = 0;            // low wellbeing: below the national low_share quantile
    double prevention_effect = 0;  // group prevention in the district raises wellbeing
    double ve_wellbeing = 0;       // a VE place raises wellbeing at school entry (socio-emotional effect)
    // By normal (0) and low (1) wellbeing, and low wellbeing where the attendance approach
    // reaches the pupil this year (2): absence this year, the learning it costs (in deviation
    // units, against the national mean absence); and by normal and low, the chance of youth care.
    std::array<double, 3> absence{}, lost{};
    std::array<double, 2> care{};
};

inline WellbeingTerms wellbeing_terms(const Params& p, const Norms& norms) {
    const WellbeingParams& wp = p.wellbeing;
    const InterventionParams& iv = p.interventions;
    WellbeingTerms t;
    t.ve_wellbeing = p.preschool.wellbeing_effect;
    t.persistence = wp.persistence;
    t.innovation = std::sqrt(1 - wp.persistence * wp.persistence);
    t.low_cut = norms.low_wellbeing_cut;
    t.prevention_effect = iv.prevention_effect;
    for (int k = 0; k < 3; ++k) {
        // the attendance approach (ontwikkelrecht) prevents part of the extra absence
        const double extra = k == 0 ? 0.0 : wp.absence_low_extra * (1 - (k == 2 ? iv.attendance_share : 0.0));
        const double absence = wp.absence_base + extra;
        const double national_absence = wp.absence_base + wp.low_share * wp.absence_low_extra;
        t.absence[static_cast<std::size_t>(k)] = absence;
        t.lost[static_cast<std::size_t>(k)] = wp.absence_loss * (absence - national_absence) / norms.kappa;
    }
    for (int low = 0; low < 2; ++low)
        t.care[static_cast<std::size_t>(low)] = std::min(1.0, wp.youth_care_base * (low ? wp.youth_care_low_ratio : 1.0));
    return t;
}

// What the rule reads of a child: last year's score, the running absence and skill deviations,
// whether this is its first school year (age 4), whether its district has group prevention and
// the attendance approach this year, whether it had a VE place, and the year's shock (0 outside a
// shock year).
struct WellbeingView {
    float wellbeing, absence, dev_language, dev_math;
    int first_year, prevention, attendance, ve_participant;
    double shock;
};

struct WellbeingYear {
    float wellbeing, absence, dev_language, dev_math;
    int cared;  // youth care this year (individual, or in a prevention district possibly group help)
};

// Wellbeing persists from year to year (an AR(1) score that stays N(0,1) nationally); group
// prevention raises it and a shock lowers it. Low wellbeing means more absence, which costs
// learning, and a higher chance of youth care. z: the year's normal; u: the uniform of the
// youth-care question, drawn after it.
[[gnu::always_inline]] inline WellbeingYear wellbeing_rule(const WellbeingTerms& t, const WellbeingView& v, double z, double u) {
    // A child enters school with its own score, raised by a VE place (the socio-emotional effect
    // of early-childhood programmes, docs/evidence.md entry 3); it carries over with persistence.
    const double carried = t.persistence * v.wellbeing + t.innovation * z;
    const double entry = z + (v.ve_participant ? t.ve_wellbeing : 0.0);
    double w = v.first_year ? entry : carried;
    const double prevented = w + t.prevention_effect;
    w = v.prevention ? prevented : w;
    w = w - v.shock;  // subtracting +0 outside a shock year leaves every value as it is, -0 included
    const int low = w < t.low_cut;
    const int k = low ? (v.attendance ? 2 : 1) : 0;
    const double lost = t.lost[static_cast<std::size_t>(k)];
    WellbeingYear y;
    y.wellbeing = static_cast<float>(w);
    y.absence = static_cast<float>(v.absence + t.absence[static_cast<std::size_t>(k)]);
    y.dev_language = static_cast<float>(v.dev_language - lost);
    y.dev_math = static_cast<float>(v.dev_math - lost);
    y.cared = u < (low ? t.care[1] : t.care[0]);
    return y;
}

}  // namespace pathways::model
