// Birth and household (docs/model.md §3.1): where a child is born, into which household, with
// which potential. The rule is draw_household (household.hpp); this file applies it.
#include "model/world.hpp"

#include "model/household.hpp"
#include "model/trail.hpp"

namespace pathways::model {

using rng::Purpose;

void World::born(std::size_t i, const Block* first_block) {
    rng::Stream r = stream(i, 0, Purpose::population, first_block);
    settle_household(i, draw_household(r, params_.population, potential_within_sd_,
                                        cohort_district_shares_[static_cast<std::size_t>(pop_.birth_year[i] - params_.population.first_birth_year)]));
}

// A newborn's household and potential (against the national mean shift) in the columns.
void World::settle_household(std::size_t i, const Household& h) {
    pop_.district[i] = h.district;
    pop_.home_position[i] = h.home_position;
    pop_.low_ses[i] = h.low_ses;
    pop_.income_group[i] = h.income_group;
    pop_.parent_edu[i] = h.parent_edu;
    pop_.multilingual[i] = h.multilingual;
    pop_.potential[i] = static_cast<float>(h.potential - national_shift_mean_);
    pop_.stage[i] = Stage::home;
    pop_.trail[i] = mix(0, (static_cast<std::uint64_t>(pop_.birth_year[i]) << 32) | pop_.index_in_cohort[i]);
}

// born() for the m children from c on, of one cohort in its year of birth: the population
// stream's first two blocks of every child made in batches (the first by the caller), then
// draw_household for each child on those words (a household takes six or seven, the potential's
// normal rarely more, which then come from the stream's later blocks).
void World::births(std::size_t c, std::size_t m, const Block* first_blocks) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    const auto& pp = params_.population;
    Block counters[kChunk], second_blocks[kChunk];
    for (std::size_t j = 0; j < m; ++j)
        counters[j] = rng::Stream::counter(pop_.index_in_cohort[c + j], pop_.birth_year[c + j], 0, Purpose::population, 1);
    rng::philox_blocks(key_, m, counters, second_blocks);
    const auto& district_shares = cohort_district_shares_[static_cast<std::size_t>(pop_.birth_year[c] - pp.first_birth_year)];
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t i = c + j;
        pop_.event[i] = YearEvent::none;
        std::uint32_t words[8];
        for (std::size_t k = 0; k < 4; ++k) {
            words[k] = first_blocks[j].v[k];
            words[4 + k] = second_blocks[j].v[k];
        }
        rng::PremadeStream r(year_key_, rng::Stream::counter(pop_.index_in_cohort[i], pop_.birth_year[i], 0, Purpose::population, 2),
                             words, 8);
        settle_household(i, draw_household(r, pp, potential_within_sd_, district_shares));
    }
}

}  // namespace pathways::model
