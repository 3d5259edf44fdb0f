// Preschool, VE (MODEL.md §3.3). A toddler with a risk factor whose early language lies below
// the indication threshold belongs to the target group (doelgroepkind); a share 'reach' of the
// target group takes part; participants start school with a language boost that fades.
#pragma once

#include "model/params.hpp"
#include "model/population.hpp"

#include <cmath>

namespace pathways::model {

struct PreschoolOutcome {
    bool target = false;
    bool participant = false;
};

template <class Rng>
PreschoolOutcome preschool_indication(Rng& rng, const PreschoolParams& p, bool risk_factor, double early_language) {
    PreschoolOutcome o;
    o.target = risk_factor && early_language < p.target_threshold;
    o.participant = o.target && rng.bernoulli(p.reach);
    return o;
}

// Language boost at school entry (V04), scaled by process quality and, with diminishing returns,
// by the hours offered (960 is the reference behind V04).
inline double preschool_effect(const PreschoolParams& p, bool participant) {
    return participant ? p.effect * p.quality * std::sqrt(p.hours / 960.0) : 0.0;
}

// What remains of the boost after one more school year. In groep 1-2 it fades at fade_per_year
// (V05: half of it is lost by groep 3, unless the kindergarten years are of high quality); from
// groep 3 on no source measures a fade of its own, so it is a gain like any other and closes at
// the catch-up rate of every deviation from potential (primary.catch_up), as connection groups',
// recovery's and a shock's do. The pass over a chunk of pupils (learning.cpp) works both keeps out once.
// Groep 1-2 (kindergarten, kleuterklas): a primary-school grade of at most 2, not a secondary year.
[[gnu::always_inline]] inline std::int32_t in_kindergarten(Stage stage, std::int32_t grade) {
    return static_cast<std::int32_t>(stage != Stage::secondary) & static_cast<std::int32_t>(grade <= 2);
}
struct PreschoolKeep {
    double kindergarten = 1, later = 1;
    PreschoolKeep(const PreschoolParams& p, double catch_up) : kindergarten(1.0 - p.fade_per_year), later(1.0 - catch_up) {}
    [[gnu::always_inline]] double of(bool in_kindergarten) const { return in_kindergarten ? kindergarten : later; }
};
[[gnu::always_inline]] inline double faded_preschool_effect(double keep, double effect) { return effect * keep; }

}  // namespace pathways::model
