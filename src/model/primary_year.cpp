// How a primary school year ends (docs/model.md §3.5): selection after groep 8, kleuterverlenging
// and retention, the next groep, and the 10-14 route's entry at groep 7. school_progress sends a
// pupil to the end of its stage's year.
#include "model/world.hpp"

#include "model/primary.hpp"
#include "model/secondary.hpp"
#include "model/special.hpp"

namespace pathways::model {

using rng::Purpose;

bool World::school_progress(std::size_t i, int age, rng::YearDraws& draws, double position) {
    switch (pop_.stage[i]) {
        case Stage::primary: return primary_progress(i, age, draws);
        case Stage::ten_fourteen: heterogeneous_progress(i, age, draws); break;
        case Stage::secondary: secondary_progress(i, age, draws, position); break;
        default: break;
    }
    return false;
}

// How a primary school year ends: selection after groep 8, else retention or the next groep.
// Returns whether the child goes on to selection at 12.
bool World::primary_progress(std::size_t i, int age, rng::YearDraws& draws) {
    const int grade = pop_.grade[i];
    special_education_year(i, age, grade);
    if (grade == 8) {
        if (pop_.route[i] == Route::zero_eighteen) {
            pop_.stage[i] = Stage::ten_fourteen;  // stays in the community, no selection at 12
            pop_.grade[i] = 9;
            mark(i, YearEvent::promoted, 0, grade);
            return false;
        }
        mark(i, YearEvent::promoted, 0, grade);
        return true;  // select_at_twelve, run by the caller
    }
    // Kleuterverlenging happens at most once, a repeat in groep 3-8 at most twice.
    const std::uint8_t kept = pop_.retained_primary[i];
    const bool may_repeat = grade == 2 ? (kept & 1) == 0 : (kept >> 1) < 2;
    if (grade >= 2 && may_repeat) {
        rng::SlotStream r = draws.stream(Purpose::primary_retention);
        const double q = grade == 2 ? q_kindergarten_ : q_primary_retention_;
        if (weak_position_event(r, q, primary_retention_selectivity_, achievement(i))) {
            // Fewer repeated years: in the lever's years and districts part of these pupils move
            // on with their cohort, with extra support (promotion_support_cost).
            bool instead = false;
            if (reaches(Lever::fewer_repeats, pop_.district[i])) {
                rng::Stream rp = stream(i, age, Purpose::fewer_repeats);
                instead = promoted_instead(rp, params_.interventions, grade);
            }
            if (!instead) {
                pop_.retained_primary[i] = static_cast<std::uint8_t>(grade == 2 ? kept | 1 : kept + 2);
                pop_.dev_language[i] = repeated_deviation(params_.primary, pop_.dev_language[i]);
                pop_.dev_math[i] = repeated_deviation(params_.primary, pop_.dev_math[i]);
                mark(i, YearEvent::repeated, 0, grade);
                return false;
            }
            pop_.interventions[i] |= promoted_instead_bit;
        }
    }
    mark(i, YearEvent::promoted, 0, grade);
    pop_.grade[i] = static_cast<std::int8_t>(grade + 1);
    // (A share of 0, the national baseline's, draws nothing: bernoulli(0) is never true, and no
    // other decision reads this stream.)
    if (grade + 1 == 7 && pop_.route[i] == Route::regular && params_.routes.ten_fourteen_share > 0 &&
        reaches(Lever::ten_fourteen, pop_.district[i])) {
        rng::Stream r = stream(i, age, Purpose::route);
        if (r.bernoulli(params_.routes.ten_fourteen_share)) {
            pop_.route[i] = Route::ten_fourteen;
            pop_.stage[i] = Stage::ten_fourteen;
        }
    }
    return false;
}

// Special primary education (issue 28): a pupil in sbo, or supported in its regular school under
// passend onderwijs, takes that year's push (special_push) on both skills; the model has no sbo
// schools, so the pupil stays in its school's sums. At the end of groep 2-7 a pupil not referred
// before is referred with the yearly rate interventions.special_referral, the weakest in
// achievement and wellbeing first; in the inclusion lever's years and districts a share
// inclusion_share of them stays with support instead. Off (no draw) when the rate is 0.
void World::special_education_year(std::size_t i, int age, int grade) {
    const auto& iv = params_.interventions;
    const int place = pop_.special[i];
    if (place != not_referred) {
        const double push = special_push(place, iv.special_effect, iv.inclusion_effect, norms_.kappa);
        pop_.dev_language[i] = static_cast<float>(pop_.dev_language[i] + push);
        pop_.dev_math[i] = static_cast<float>(pop_.dev_math[i] + push);
        pop_.special_years[i] = static_cast<std::uint8_t>(pop_.special_years[i] + 1);
        return;
    }
    if (iv.special_referral <= 0 || grade < 2 || grade > 7) return;
    rng::Stream r = stream(i, age, Purpose::special_education);
    const bool offered = iv.inclusion_share > 0 && reaches(Lever::inclusion, pop_.district[i]);
    pop_.special[i] = special_referral(r, q_special_referral_, iv.special_selectivity,
                                       referral_position(achievement(i), pop_.wellbeing[i], iv.special_wellbeing_weight), offered,
                                       iv.inclusion_share);
}

}  // namespace pathways::model
