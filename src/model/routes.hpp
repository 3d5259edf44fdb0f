// Selection later (docs/model.md §3.7, 7.15): the placement at 14 of a 10-14 school's pupils, or
// at the 0-18 community's selection age.
#pragma once

#include "model/norms.hpp"
#include "model/params.hpp"
#include "model/selection.hpp"

#include <cstddef>

namespace pathways::model {

// The score the placement at 14 reads: the pupil's results over two more years (measured with
// less noise than the teacher's judgement at 12), shifted by parental education at equal results
// as the judgement at 12 is in the evidence (choice_shift), times routes.later_choice_bias: a school's recommendation at 14 is again a teacher's judgement, and
// families' choices at equal performance keep following parental education at later transitions
// (docs/evidence.md entry 9a). 0 would place on results alone.
template <class Rng>
double later_selection_score(Rng& rng, const RouteParams& r, const Norms& n, double achievement_z, int parent_edu) {
    const double shift = choice_shift(r.later_choice_bias, n, parent_edu);
    const ResultNoise noise(r.later_selection_noise_sd);
    return (achievement_z + shift + noise.sd * rng.normal()) / noise.scale;
}

}  // namespace pathways::model
