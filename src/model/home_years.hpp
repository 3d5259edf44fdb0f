// Home years 0-2.5 (MODEL.md §3.2): early language and numeracy relative to potential depend on
// the home environment: parental education and the home language. First-1000-days programmes
// shift early language for children with a risk factor.
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

template <class Rng>
EarlyDeviation early_development(Rng& rng, const HomeParams& p, double deviation_sd, int parent_edu,
                                 bool multilingual, bool risk_factor) {
    const double home = p.language_shift_by_parent_edu[static_cast<std::size_t>(parent_edu)];
    EarlyDeviation d;
    d.language = home + (multilingual ? p.multilingual_language_shift : 0.0) +
                 (risk_factor ? p.first1000_effect : 0.0) + deviation_sd * rng.normal();
    d.math = home + (multilingual ? p.multilingual_math_shift : 0.0) + deviation_sd * rng.normal();
    return d;
}

}  // namespace pathways::model
