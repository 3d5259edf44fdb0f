// Preschool, VE (MODEL.md §3.3). A toddler with a risk factor whose early language lies below
// the indication threshold belongs to the target group (doelgroepkind); a share 'reach' of the
// target group takes part; participants start school with a language boost that fades.
#pragma once

#include "model/params.hpp"

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

// What remains of the boost after one more school year (V05): keep = 1 - fade_per_year. The
// pass over a chunk of pupils (learning.cpp) works keep out once.
[[gnu::always_inline]] inline double faded_preschool_effect(double keep, double effect) { return effect * keep; }
inline double fade_preschool_effect(const PreschoolParams& p, double effect) { return faded_preschool_effect(1.0 - p.fade_per_year, effect); }

}  // namespace pathways::model
