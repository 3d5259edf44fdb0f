// The transition at 12 (docs/model.md §3.6-3.7): the teacher's advice, the end-of-primary test,
// the revision, placement in year 1, and the havokans-klas and warm hand-over at that moment.
#include "model/world.hpp"

#include "model/selection.hpp"
#include "rng/philox_batch.hpp"

namespace pathways::model {

using rng::Purpose;

// Selection at 12 for the n children of a chunk who finished groep 8 (their progress is otherwise
// done): the first blocks of their teacher's, test's, revision's and placement's streams made in
// one batch. Every one of them draws from the first two; the revision (a higher test advice) and
// the placement (a single advice of vmbo-gt or higher) are drawn by some of them (in the national
// baseline 30% and 54%), whose block in the batch costs a fraction of one made on demand.
void World::select_pass(const std::size_t* children, const int* ages, std::size_t n) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    if (!vector_passes_) {  // the unit test's reference: the streams made on demand
        for (std::size_t k = 0; k < n; ++k) select_at_twelve(children[k], ages[k], nullptr);
        return;
    }
    constexpr Purpose purposes[kSelectionStreams] = {Purpose::teacher_advice, Purpose::end_test, Purpose::revision, Purpose::placement};
    rng::Stream::Philox::ctr_type counters[kSelectionStreams * kChunk], blocks[kSelectionStreams * kChunk];  // child k's at [4k, 4k + 4)
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = children[k];
        const auto age = static_cast<std::uint32_t>(ages[k]);
        for (std::size_t p = 0; p < kSelectionStreams; ++p)
            counters[kSelectionStreams * k + p] = rng::Stream::counter(pop_.index_in_cohort[i], pop_.birth_year[i], age, purposes[p], 0);
    }
    rng::philox_blocks(key_, kSelectionStreams * n, counters, blocks);
    for (std::size_t k = 0; k < n; ++k) select_at_twelve(children[k], ages[k], &blocks[kSelectionStreams * k]);
}

void World::select_at_twelve(std::size_t i, int age, const rng::Stream::Philox::ctr_type* first_blocks) {
    const auto& sp = params_.selection;
    const double a = achievement(i);
    const auto block = [first_blocks](std::size_t k) { return first_blocks ? &first_blocks[k] : nullptr; };
    rng::Stream rt = stream(i, age, Purpose::teacher_advice, block(0));
    const TeacherJudgement judgement = teacher_advice(rt, sp, norms_, a, pop_.potential[i], pop_.parent_edu[i]);
    rng::Stream rx = stream(i, age, Purpose::end_test, block(1));
    const int test = test_advice(rx, sp, norms_, a, test_noise_);
    rng::Stream rr = stream(i, age, Purpose::revision, block(2));
    const int final_advice = revised_advice(rr, sp, norms_, judgement, test);
    pop_.teacher_advice[i] = static_cast<std::int8_t>(judgement.category);
    pop_.test_advice[i] = static_cast<std::int8_t>(test);
    pop_.final_advice[i] = static_cast<std::int8_t>(final_advice);
    pop_.teacher_score[i] = static_cast<float>(judgement.score - sp.advice_level_shift);

    rng::Stream rp = stream(i, age, Purpose::placement, block(3));
    const std::size_t district = pop_.district[i];
    const Placement c = place_in_year1(rp, reaches(Lever::broad_bridge, district) ? params_.secondary : secondary_without_broad_, norms_,
                                       final_advice, judgement.score);
    pop_.stage[i] = Stage::secondary;
    pop_.grade[i] = 1;
    pop_.track[i] = static_cast<std::int8_t>(c.low);
    pop_.track_high[i] = static_cast<std::int8_t>(c.high);
    pop_.class_type[i] = c.type;
    // Havokans-klas (L05): a single vmbo-gt advice with havo prospects (the test pointed to havo or
    // higher) in a vmbo-gt class may go to a gt/havo class with extra challenge and support (a
    // vmbo-k advice placed in a vmbo-gt class above its advice is not offered it).
    const auto& iv = params_.interventions;
    // With a budget (budget.hpp) the share is the one the budget pays for in the child's district.
    if ((iv.havokans_share > 0 || budgeted(Lever::havokans_klas)) && c.type == ClassType::categorical && c.low == 3 && advice_low_track(final_advice) == 3 && test >= 6) {
        const double share = reaches(Lever::havokans_klas, district) ? lever_share(Lever::havokans_klas, district, iv.havokans_share) : 0.0;
        bool took = false;
        if (share > 0) {
            rng::Stream rh = stream(i, age, Purpose::havokans);
            took = rh.bernoulli(share);
        }
        if (budgeted(Lever::havokans_klas)) count_budget(Lever::havokans_klas, district, took);
        if (took) {
            pop_.interventions[i] |= havokans_bit;
            pop_.class_type[i] = ClassType::havokans;
            pop_.track_high[i] = 4;
        }
    }
    pop_.class_year1[i] = pop_.class_type[i];
    // Warm hand-over (A29): the primary teacher tells the secondary school what it knows of the
    // pupil; the school weighs that judgement beside the results of years 1-2 (settle_or_move).
    if (iv.handover_share > 0 || budgeted(Lever::handover)) {
        const double share = reaches(Lever::handover, district) ? lever_share(Lever::handover, district, iv.handover_share) : 0.0;
        bool took = false;
        if (share > 0) {
            rng::Stream rw = stream(i, age, Purpose::handover);
            took = rw.bernoulli(share);
        }
        if (budgeted(Lever::handover)) count_budget(Lever::handover, district, took);
        if (took) pop_.interventions[i] |= handover_bit;
    }
    pop_.track_year1[i] = static_cast<std::int8_t>(c.low);
    pop_.track_high_year1[i] = pop_.track_high[i];
}

}  // namespace pathways::model
