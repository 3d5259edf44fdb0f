// Wellbeing, attendance and youth care (docs/model.md §3.9), applied per school year. The rule is
// wellbeing_rule (wellbeing.hpp): wellbeing_year applies it to one child on its stream,
// wellbeing_lanes to a chunk of children at once on the slot's first two words.
#include "model/world.hpp"

#include "model/wellbeing.hpp"
#include "rng/philox_batch.hpp"

namespace pathways::model {

using rng::Purpose;

// One child's school year: wellbeing persists, group prevention in the district raises it, a
// COVID-type shock lowers it; low wellbeing means more absence, which costs learning, and more
// youth care, part of which becomes group help in a prevention district.
void World::wellbeing_year(std::size_t i, int age, rng::YearDraws& draws) {
    const auto& iv = params_.interventions;
    rng::SlotStream r = draws.stream(Purpose::wellbeing);
    const int prevention = reaches(Lever::prevention, pop_.district[i]);
    const int attendance = reaches(Lever::attendance, pop_.district[i]);
    const double shock = iv.shock_year != 0 && pop_.birth_year[i] + age == iv.shock_year ? params_.wellbeing.shock_drop : 0.0;
    const double z = r.normal();
    const double u = r.uniform();
    const WellbeingYear y = wellbeing_rule(
        wellbeing_terms_,
        {pop_.wellbeing[i], pop_.absence[i], pop_.dev_language[i], pop_.dev_math[i], age == 4, prevention, attendance, pop_.ve_participant[i], shock},
        z, u);
    pop_.wellbeing[i] = y.wellbeing;
    pop_.absence[i] = y.absence;
    pop_.dev_language[i] = y.dev_language;
    pop_.dev_math[i] = y.dev_math;
    pop_.prevention_years[i] = static_cast<std::uint8_t>(pop_.prevention_years[i] + prevention);
    pop_.years_in_school[i] = static_cast<std::uint8_t>(pop_.years_in_school[i] + 1);
    pop_.attendance_years[i] = static_cast<std::uint8_t>(pop_.attendance_years[i] + attendance);
    if (y.cared) youth_care_year(i, prevention != 0, r);
}

// A year of youth care: in a district with group prevention a share of it becomes group help.
template <class Rng>
void World::youth_care_year(std::size_t i, bool prevention, Rng& r) {
    if (prevention && r.bernoulli(params_.interventions.prevention_collective_share))
        pop_.group_help_years[i] = static_cast<std::uint8_t>(pop_.group_help_years[i] + 1);
    else
        pop_.youth_care_years[i] = static_cast<std::uint8_t>(pop_.youth_care_years[i] + 1);
}
template void World::youth_care_year<rng::Stream>(std::size_t, bool, rng::Stream&);

void World::wellbeing_lanes(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                            std::uint8_t* left) {
    PATHWAYS_SIMD_CALL(wellbeing_lanes, (c, m, year, at, blocks, left));
}

// wellbeing_year for the children [c, c + m) at once: wellbeing_rule in vector registers. A
// child in school this year is done here when the ziggurat accepts its normal on the slot's
// first word (about 99%); left[j] is kWellbeingScalar for the others (wellbeing_year does them),
// and kWellbeingGroupHelp leaves the group-help question of youth care in a prevention district
// to the caller (it takes a third word, from the wellbeing stream); 0 otherwise.
[[gnu::always_inline]] inline void World::wellbeing_lanes_body(std::size_t c, std::size_t m, int year, const std::int16_t* at,
                                                               const rng::YearBlockBatch& blocks, std::uint8_t* left) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    const WellbeingTerms terms = wellbeing_terms_;
    const auto& iv = params_.interventions;
    const double shock = iv.shock_year != 0 && year == iv.shock_year ? params_.wellbeing.shock_drop : 0.0;
    const int last_age = params_.population.last_age;
    const std::uint32_t prevention_mask = prevention_mask_, attendance_mask = attendance_mask_;
    const std::uint16_t* const born = &pop_.birth_year[c];
    float* const wellbeing = &pop_.wellbeing[c];
    float* const absence = &pop_.absence[c];
    float* const dev_language = &pop_.dev_language[c];
    float* const dev_math = &pop_.dev_math[c];
    const std::uint8_t* const district = &pop_.district[c];
    const std::uint8_t* const ve_participant = &pop_.ve_participant[c];
    std::uint8_t* const prevention_years = &pop_.prevention_years[c];
    std::uint8_t* const years_in_school = &pop_.years_in_school[c];
    std::uint8_t* const attendance_years = &pop_.attendance_years[c];
    std::uint8_t* const youth_care_years = &pop_.youth_care_years[c];
    // The slot's first word as a normal where the ziggurat accepts it on that word, and the
    // slot's words (words 0 and 1) in the children's order.
    float z_first[kChunk];
    std::int32_t accepted[kChunk];
    std::uint32_t first_words[kChunk], second_words[kChunk];
    const std::uint32_t* const first = blocks.words_in_order(0, at, m, first_words);
    const std::uint32_t* const second = blocks.words_in_order(1, at, m, second_words);
    rng::normal_first_words(first, m, z_first, accepted);
    // Which children this pass does (lane) and whether their district has group prevention; flags
    // as integers: the vectoriser does not handle bool's one-bit precision.
    std::int32_t lane[kChunk], prevention[kChunk], attendance[kChunk], age4[kChunk], ve[kChunk];
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const int age = year - born[j];
        const int school_year = (at[j] >= 0) & (age <= last_age);
        left[j] = static_cast<std::uint8_t>(school_year & (accepted[j] == 0));  // kWellbeingScalar: first word rejected
        lane[j] = school_year & accepted[j];
        age4[j] = age == 4;
        ve[j] = ve_participant[j];
        prevention[j] = static_cast<std::int32_t>((prevention_mask >> district[j]) & 1u);
        attendance[j] = static_cast<std::int32_t>((attendance_mask >> district[j]) & 1u);
    }
    // The rule for every child, its results kept for the lanes (only values are selected: the
    // columns never overlap, ColumnArena).
    std::int32_t cared[kChunk];
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const WellbeingYear y = wellbeing_rule(
            terms, {wellbeing[j], absence[j], dev_language[j], dev_math[j], age4[j], prevention[j], attendance[j], ve[j], shock}, z_first[j],
            rng::uniform_of_word(second[j]));
        cared[j] = y.cared;
        wellbeing[j] = lane[j] ? y.wellbeing : wellbeing[j];
        absence[j] = lane[j] ? y.absence : absence[j];
        dev_language[j] = lane[j] ? y.dev_language : dev_language[j];
        dev_math[j] = lane[j] ? y.dev_math : dev_math[j];
    }
    // The counts, in bytes: youth care as wellbeing_year and youth_care_year count it, the group-help
    // question left to the caller.
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const int on = lane[j], care = cared[j], group = prevention[j];
        prevention_years[j] = static_cast<std::uint8_t>(prevention_years[j] + (on & group));
        years_in_school[j] = static_cast<std::uint8_t>(years_in_school[j] + on);
        attendance_years[j] = static_cast<std::uint8_t>(attendance_years[j] + (on & attendance[j]));
        youth_care_years[j] = static_cast<std::uint8_t>(youth_care_years[j] + (on & care & (1 - group)));
        left[j] = static_cast<std::uint8_t>(left[j] + (on & care & group) * kWellbeingGroupHelp);
    }
}

PATHWAYS_SIMD_DEFINE(World, wellbeing_lanes,
                     (std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                      std::uint8_t* left),
                     (c, m, year, at, blocks, left))

}  // namespace pathways::model
