// Selection at 12 (MODEL.md §3.6): the teacher's advice in groep 8, the end-of-primary test, and
// the upward revision when the test points higher.
#pragma once

#include "model/norms.hpp"
#include "model/params.hpp"

#include <algorithm>
#include <cmath>

namespace pathways::model {

// The shift by parental education at equal results of a decision after 12 (a placement at 14, a
// move or a bridge class's settling in years 1-3): a share of the teacher's shift at 12 as the
// evidence sets it (the schema's teacher_bias_by_parent_edu, centred on its national mean:
// Norms::choice_shift). Such decisions are again a school's recommendation and a family's choice,
// and at equal performance these keep following parental education at later transitions
// [BvdVW13], [FKP20], [KR21] (docs/evidence.md entries 10, 12). A scenario that removes the
// teacher's bias at 12 leaves them as they are.
inline double choice_shift(double share, const Norms& n, int parent_edu) {
    return share * n.choice_shift[static_cast<std::size_t>(parent_edu)];
}

struct TeacherJudgement {
    double score = 0;  // standardised
    int category = 0;
};

// The teacher weighs measured achievement and potential as seen in class; the judgement is
// shifted by parental education at equal skill (under-advising children of less-educated parents).
template <class Rng>
TeacherJudgement teacher_advice(Rng& rng, const SelectionParams& p, const Norms& n, double achievement_z,
                                double potential, int parent_edu) {
    const double w = p.teacher_potential_weight;
    const double raw = (1 - w) * achievement_z + w * potential +
                       (p.teacher_bias_by_parent_edu[static_cast<std::size_t>(parent_edu)] - n.teacher_bias_mean) +
                       p.teacher_noise_sd * rng.normal();
    TeacherJudgement j;
    j.score = raw / n.teacher_score_sd + p.advice_level_shift;
    j.category = advice_category(j.score, n, p.double_advice);
    return j;
}

inline double test_noise_sd(const SelectionParams& p) {
    return p.test_regime == TestRegime::doorstroomtoets ? p.test_noise_sd_doorstroomtoets : p.test_noise_sd_end_test;
}

inline double test_level_shift(const SelectionParams& p) {
    return p.test_regime == TestRegime::doorstroomtoets ? p.test_shift_doorstroomtoets : p.test_shift_end_test;
}

// The test measures achievement with noise (test_noise_sd(p), its scale worked out once by the
// caller). Its advice uses the teachers' national cut points shifted by the test's own level:
// test advices run higher than teachers' (R01, R05).
template <class Rng>
int test_advice(Rng& rng, const SelectionParams& p, const Norms& n, double achievement_z, ResultNoise noise) {
    const double z = (achievement_z + noise.sd * rng.normal()) / noise.scale + test_level_shift(p);
    return advice_category(z, n, p.double_advice);
}
template <class Rng>
int test_advice(Rng& rng, const SelectionParams& p, const Norms& n, double achievement_z) {
    return test_advice(rng, p, n, achievement_z, test_noise_sd(p));
}

// Lower edge of an advice category's band on the judgement scale (advice_category's cuts): the
// score a teacher's judgement needs to give that advice itself.
inline double advice_lower_edge(int category, const Norms& n, bool double_advice) {
    if (category <= 0) return -INFINITY;
    if (double_advice) return n.double_cuts[static_cast<std::size_t>(category - 1)];
    return n.single_cuts[static_cast<std::size_t>(category / 2 - 1)];
}

// Bijstelling (heroverweging): a higher test advice makes the pupil eligible, and the school
// decides with what it knows of the pupil besides the test. The odds of a raise fall by
// raise_selectivity per SD that the teacher's own judgement lies below the band of the test's
// advice: pupils the teacher already saw near that level are raised, those the teacher saw far
// below it rarely are, so raised pupils hold the higher level more often than pupils raised at
// random would (R07; [dROW23], [IMV25]: revisions sort on information beyond the test). At the
// band's edge the probability is the regime's raise probability; 0 selectivity raises at random.
// The law asks for a higher advice, not for the test's: where the test points two or more steps
// up, a share of the raises (raise_partial_share) stops at the next advice above the teacher's,
// often a double advice whose lower level the pupil already holds (R07 counts below that level).
// One draw decides both: U < p raises, and U < p x raise_partial_share raises part of the way.
inline int partial_raise(int teacher_category, bool double_advice) { return teacher_category + (double_advice ? 1 : 2); }

template <class Rng>
int revised_advice(Rng& rng, const SelectionParams& p, const Norms& n, const TeacherJudgement& teacher, int test) {
    if (test <= teacher.category) return teacher.category;
    const double at_edge = p.test_regime == TestRegime::doorstroomtoets ? p.raise_probability_doorstroomtoets
                                                                        : p.raise_probability_end_test;
    const double below = std::min(0.0, teacher.score - advice_lower_edge(test, n, p.double_advice));
    const double odds = at_edge / (1 - at_edge) * std::exp(p.raise_selectivity * below);
    const double raise = at_edge >= 1 ? 1.0 : odds / (1 + odds);
    const double u = rng.uniform();
    if (u >= raise) return teacher.category;
    return u < raise * p.raise_partial_share ? std::min(test, partial_raise(teacher.category, p.double_advice)) : test;
}

}  // namespace pathways::model
