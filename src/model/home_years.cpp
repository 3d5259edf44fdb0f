// The home years (docs/model.md §3.2-3.3): early language and numeracy at 2.5 from the home,
// the VE indication and participation, and at 3 the route into school.
#include "model/world.hpp"

#include "model/home_years.hpp"
#include "model/preschool.hpp"

namespace pathways::model {

using rng::Purpose;

// The year at 2 (begin_year, then home_years) for the m children from c on, of one cohort:
// home_years for each with the first blocks of both its streams made in batches, the
// home-language stream's by the caller (first_blocks) and the preschool stream's here.
void World::early_language(std::size_t c, std::size_t m, const rng::Stream::Philox::ctr_type* first_blocks) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    constexpr int age = 2;
    rng::Stream::Philox::ctr_type counters[kChunk], preschool_blocks[kChunk];
    for (std::size_t j = 0; j < m; ++j)
        counters[j] = rng::Stream::counter(pop_.index_in_cohort[c + j], pop_.birth_year[c + j], age, Purpose::preschool, 0);
    rng::philox_blocks(key_, m, counters, preschool_blocks);
    for (std::size_t j = 0; j < m; ++j) begin_year(c + j, age, &first_blocks[j], &preschool_blocks[j]);
}

void World::home_years(std::size_t i, int age, const rng::Stream::Philox::ctr_type* first_block,
                       const rng::Stream::Philox::ctr_type* preschool_block) {
    const auto& pre = params_.preschool;
    if (age == 2) {  // 2.5 years: early language, VE indication and participation
        rng::Stream r = stream(i, age, Purpose::home_language, first_block);
        const bool risk = has_risk_factor(pop_.parent_edu[i], pop_.multilingual[i], pop_.low_ses[i]);
        const std::size_t district = pop_.district[i];
        // The first 1000 days: a child with a risk factor in the lever's years and districts is
        // reached with the programme's reach (Purpose::first1000: no draw when it is off).
        bool first1000 = false;
        if (params_.interventions.first1000_reach > 0 && reaches(Lever::first1000, district)) {
            rng::Stream rf = stream(i, age, Purpose::first1000);
            first1000 = first1000_reached(rf, params_.interventions.first1000_reach, risk);
        }
        if (first1000) pop_.interventions[i] |= first1000_bit;
        const EarlyDeviation d = early_development(r, params_.home, params_.primary.deviation_sd, pop_.parent_edu[i],
                                                   pop_.multilingual[i], first1000);
        pop_.dev_language[i] = static_cast<float>(d.language);
        pop_.dev_math[i] = static_cast<float>(d.math);
        rng::Stream rv = stream(i, age, Purpose::preschool, preschool_block);
        // A change of VE (levers.ve_*) reaches the toddlers indicated in its years and districts;
        // their whole VE, reach and effect, follows it (ve_lever_bit).
        const bool lever = ve_lever_changes_ && reaches(Lever::ve, district);
        const PreschoolOutcome ve = preschool_indication(rv, lever ? ve_lever_ : pre, risk, language(i));
        if (lever && ve.target) pop_.interventions[i] |= ve_lever_bit;
        pop_.ve_target[i] = ve.target;
        pop_.ve_participant[i] = ve.participant;
        if (ve.participant) pop_.stage[i] = Stage::preschool;
    } else if (age == 3) {
        rng::Stream r = stream(i, age, Purpose::route, first_block);
        school_entry(i, r.uniform());
    }
}

}  // namespace pathways::model
