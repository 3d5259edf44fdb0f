// A COVID-type shock and the recovery programme after it (docs/model.md §3.11).
#include "model/world.hpp"


namespace pathways::model {

using rng::Purpose;

// A COVID-type shock (C01-C03) hits every pupil in school in the shock year, children of
// less-educated parents harder; the next year a recovery programme reaches a share of those
// children and restores part of their loss.
void World::shock_and_recovery(std::size_t i, int age) {
    const auto& iv = params_.interventions;
    if (iv.shock_year == 0) return;
    const int year = pop_.birth_year[i] + age;
    if (year == iv.shock_year) {
        const double loss = iv.shock_loss * (pop_.parent_edu[i] == 0 ? iv.shock_low_edu_multiplier : 1.0);
        pop_.shock_loss[i] = static_cast<float>(loss);
        pop_.dev_language[i] = static_cast<float>(pop_.dev_language[i] - loss / norms_.kappa);
        pop_.dev_math[i] = static_cast<float>(pop_.dev_math[i] - loss / norms_.kappa);
    } else if (year == iv.shock_year + 1 && pop_.shock_loss[i] > 0 && pop_.parent_edu[i] == 0 && iv.recovery_share > 0 &&
               reaches(Lever::recovery, pop_.district[i])) {
        rng::Stream r = stream(i, age, Purpose::recovery);
        if (!r.bernoulli(iv.recovery_share)) return;
        pop_.interventions[i] |= recovery_bit;
        const double back = iv.recovery_effect * pop_.shock_loss[i] / norms_.kappa;
        pop_.dev_language[i] = static_cast<float>(pop_.dev_language[i] + back);
        pop_.dev_math[i] = static_cast<float>(pop_.dev_math[i] + back);
    }
}

}  // namespace pathways::model
