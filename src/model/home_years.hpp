// Home years 0-2.5 (MODEL.md §3.2): early language and numeracy relative to potential depend on
// the home environment: parental education and the home language. A first-1000-days programme
// shifts the early language of the children with a risk factor it reaches.
#pragma once

#include "model/params.hpp"

namespace pathways::model {

struct EarlyDeviation {
    double language = 0;
    double math = 0;
};

inline bool has_risk_factor(int parent_edu, bool multilingual, bool low_ses) {
    return parent_edu == 0 || multilingual || low_ses;
}

// Whether a first-1000-days programme reaches a child: a child with a risk factor, with the
// programme's reach, on the programme's own stream (no draw at reach 0 or without a risk factor).
template <class Rng>
bool first1000_reached(Rng& rng, double reach, bool risk_factor) {
    return risk_factor && reach > 0 && rng.bernoulli(reach);
}

// reached: a child the first-1000-days programme reached (first1000_reached).
template <class Rng>
EarlyDeviation early_development(Rng& rng, const HomeParams& p, double deviation_sd, int parent_edu,
                                 bool multilingual, bool reached) {
    const double home = p.language_shift_by_parent_edu[static_cast<std::size_t>(parent_edu)];
    EarlyDeviation d;
    d.language = home + (multilingual ? p.multilingual_language_shift : 0.0) +
                 (reached ? p.first1000_effect : 0.0) + deviation_sd * rng.normal();
    d.math = home + (multilingual ? p.multilingual_math_shift : 0.0) + deviation_sd * rng.normal();
    return d;
}

}  // namespace pathways::model
