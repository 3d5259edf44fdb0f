// The school year's learning (docs/model.md §3.5, §3.7, §3.8): both skills' deviations grow by
// grown_deviation (growth.hpp) with the push of the pupil's place (pupil_place, learning.hpp), and
// the VE boost fades. school_learning does one pupil on its stream; learning_lanes a chunk of
// pupils at once on the growth slot's words.
#include "model/world.hpp"

#include "model/growth.hpp"
#include "model/learning.hpp"
#include "model/preschool.hpp"
#include "model/primary.hpp"
#include "rng/philox_batch.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>
#include <cstring>
#include <type_traits>

namespace pathways::model {

using rng::Purpose;

PushLayout World::push_layout() const {
    return {static_cast<std::int32_t>(growth_push_secondary()), static_cast<std::int32_t>(push_language_k_.size() - 1), workshop_mask_,
            any_library_};
}

// One pupil's school year. Returns the pupil's position in class (same track and year) on
// 1 October against the class's mean and SD, which the year's judgements use (0 outside
// secondary school).
double World::school_learning(std::size_t i, rng::YearDraws& draws) {
    const PupilPlace p = pupil_place(push_layout(), static_cast<std::int32_t>(pop_.stage[i]), pop_.school[i], pop_.district[i],
                                     pop_.track[i], pop_.track_high[i], pop_.grade[i], static_cast<std::int32_t>(pop_.class_type[i]));
    if (!p.learns) return 0;
    double position = 0;
    if (p.in_secondary) {
        if (records_track_year3(1, pop_.grade[i], pop_.track_year3[i], static_cast<std::int32_t>(pop_.class_type[i])))
            pop_.track_year3[i] = pop_.track[i];
        record_track_in_year(pop_, i);
        position = (achievement(i) - track_mean_[static_cast<std::size_t>(p.class_at)]) / track_sd_[static_cast<std::size_t>(p.class_at)];
    }
    rng::SlotStream g = draws.stream(p.in_secondary ? Purpose::secondary_growth : Purpose::primary_growth);
    const double z_language = g.normal();
    const double z_math = g.normal();
    const double keep = 1.0 - params_.primary.catch_up;
    const auto at = static_cast<std::size_t>(p.push_at);
    pop_.dev_language[i] = static_cast<float>(grown_deviation(keep, pop_.dev_language[i], push_language_k_[at], norms_.growth_sd, z_language));
    pop_.dev_math[i] = static_cast<float>(grown_deviation(keep, pop_.dev_math[i], push_math_k_[at], norms_.growth_sd, z_math));
    const PreschoolKeep ve_keep(params_.preschool, params_.primary.catch_up);
    pop_.ve_component[i] = static_cast<float>(faded_preschool_effect(ve_keep.of(in_kindergarten(pop_.stage[i], pop_.grade[i])), pop_.ve_component[i]));
    const std::int32_t programmes = -p.library & school_library_lane_[static_cast<std::size_t>(std::max(0, pop_.school[i]))];
    pop_.library_years[i] = static_cast<std::uint8_t>(pop_.library_years[i] + (programmes & 1));
    pop_.reading_years[i] = static_cast<std::uint8_t>(pop_.reading_years[i] + (programmes >> 1));
    pop_.workshop_years[i] = static_cast<std::uint8_t>(pop_.workshop_years[i] + p.workshop);
    pop_.secondary_years[i] = static_cast<std::uint8_t>(pop_.secondary_years[i] + p.in_secondary);
    return position;
}

void World::learning_lanes(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                           const std::uint8_t* wellbeing_left, double* position, std::uint8_t* left) {
    PATHWAYS_SIMD_CALL(learning_lanes, (c, m, year, at, blocks, wellbeing_left, position, left));
}

// school_learning for the pupils of [c, c + m) at once, in vector registers: the same rule
// functions, for every child, their results kept for the pupils done here. position[j] is the
// position in class (0 outside secondary school); left[j] is 1 for the pupils left to
// school_learning: those whose growth slot's two normals are not both accepted on their words,
// and those whose wellbeing_year is still to come (wellbeing_left[j] is kWellbeingScalar).
[[gnu::always_inline]] inline void World::learning_lanes_body(std::size_t c, std::size_t m, int year, const std::int16_t* at,
                                                              const rng::YearBlockBatch& blocks, const std::uint8_t* wellbeing_left,
                                                              double* position, std::uint8_t* left) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    const double keep = 1.0 - params_.primary.catch_up, growth_sd = norms_.growth_sd;
    const PreschoolKeep ve_keep(params_.preschool, params_.primary.catch_up);
    const PushLayout layout = push_layout();
    const int last_age = params_.population.last_age;
    const double* const push_language_k = push_language_k_.data();
    const double* const push_math_k = push_math_k_.data();
    const std::int32_t* const school_library = school_library_lane_.data();
    const double* const class_mean = track_mean_.data();
    const double* const class_sd = track_sd_.data();
    const std::uint16_t* const born = &pop_.birth_year[c];
    const Stage* const stage = &pop_.stage[c];
    const std::int32_t* const school = &pop_.school[c];
    const std::uint8_t* const district = &pop_.district[c];
    const std::int8_t* const track = &pop_.track[c];
    const std::int8_t* const track_high = &pop_.track_high[c];
    const std::int8_t* const grade = &pop_.grade[c];
    const ClassType* const class_type = &pop_.class_type[c];
    const Skills skill = skills().from(c);  // the position's achievement
    float* const dev_language = &pop_.dev_language[c];
    float* const dev_math = &pop_.dev_math[c];
    float* const ve_component = &pop_.ve_component[c];
    std::uint8_t* const library_years = &pop_.library_years[c];
    std::uint8_t* const reading_years = &pop_.reading_years[c];
    std::uint8_t* const workshop_years = &pop_.workshop_years[c];
    std::uint8_t* const secondary_years = &pop_.secondary_years[c];
    std::int8_t* const track_year3 = &pop_.track_year3[c];

    // The growth slot's two words (words 2 and 3) in the children's order, and their normals.
    std::uint32_t words2[kChunk], words3[kChunk];
    const std::uint32_t* const word2 = blocks.words_in_order(2, at, m, words2);
    const std::uint32_t* const word3 = blocks.words_in_order(3, at, m, words3);
    float z_language[kChunk], z_math[kChunk];
    std::int32_t accepted[kChunk], accepted_math[kChunk];
    rng::normal_first_words(word2, m, z_language, accepted);
    rng::normal_first_words(word3, m, z_math, accepted_math);

    // The byte columns as 32-bit lanes first: loops over one width keep the compiler's vectors
    // at sixteen children instead of sixty-four children's bytes widened in registers.
    std::int32_t stage_of[kChunk], district_of[kChunk], track_of[kChunk], high_of[kChunk], grade_of[kChunk], type_of[kChunk];
    for (std::size_t j = 0; j < m; ++j) stage_of[j] = static_cast<std::int32_t>(stage[j]);
    for (std::size_t j = 0; j < m; ++j) district_of[j] = district[j];
    for (std::size_t j = 0; j < m; ++j) track_of[j] = track[j];
    for (std::size_t j = 0; j < m; ++j) high_of[j] = track_high[j];
    for (std::size_t j = 0; j < m; ++j) grade_of[j] = grade[j];
    for (std::size_t j = 0; j < m; ++j) type_of[j] = static_cast<std::int32_t>(class_type[j]);
    // Which pupils this pass does and where their push is: by school and workshop in primary
    // school, by class in secondary school, the 10-14 pace otherwise.
    std::int32_t lane[kChunk], secondary[kChunk], library[kChunk], workshop[kChunk], push_at[kChunk], class_at[kChunk], kindergarten[kChunk];
    std::int32_t any_secondary = 0;
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const std::int32_t age = year - born[j];
        const std::int32_t school_year = (at[j] >= 0) & (age <= last_age);  // in school and of school age
        const PupilPlace p = pupil_place(layout, stage_of[j], school[j], district_of[j], track_of[j], high_of[j], grade_of[j], type_of[j]);
        const std::int32_t learns = school_year & p.learns;
        // a pupil whose wellbeing_year is still to come takes school_learning after it
        const std::int32_t both = accepted[j] & accepted_math[j] & (wellbeing_left[j] != kWellbeingScalar);
        lane[j] = learns & both;
        accepted[j] = learns & (1 - both);  // left to the one-pupil path
        secondary[j] = lane[j] & p.in_secondary;
        any_secondary |= secondary[j];
        workshop[j] = lane[j] & p.workshop;
        push_at[j] = p.push_at;
        library[j] = lane[j] & p.library;
        class_at[j] = p.class_at;
        kindergarten[j] = in_kindergarten(static_cast<Stage>(stage_of[j]), grade_of[j]);
    }
    for (std::size_t j = 0; j < m; ++j) left[j] = static_cast<std::uint8_t>(accepted[j]);
    // the position in class on 1 October (secondary pupils), before the year's growth
    if (any_secondary) {
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) {
            const double in_class = (skill.achievement(j) - class_mean[class_at[j]]) / class_sd[class_at[j]];
            position[j] = secondary[j] ? in_class : 0.0;
        }
    } else {
        std::fill(position, position + m, 0.0);
    }
    // The growth of both skills and the VE boost's fade. same_pushes is a type (true_type or
    // false_type), so the loop is compiled twice, once without the math gather.
    const auto grow = [&](auto same_pushes) {
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) {
            const double push_language = push_language_k[push_at[j]];
            const double push_math = same_pushes ? push_language : push_math_k[push_at[j]];
            const double language = grown_deviation(keep, dev_language[j], push_language, growth_sd, static_cast<double>(z_language[j]));
            const double math = grown_deviation(keep, dev_math[j], push_math, growth_sd, static_cast<double>(z_math[j]));
            const double ve = faded_preschool_effect(ve_keep.of(kindergarten[j] != 0), ve_component[j]);
            dev_language[j] = lane[j] ? static_cast<float>(language) : dev_language[j];
            dev_math[j] = lane[j] ? static_cast<float>(math) : dev_math[j];
            ve_component[j] = lane[j] ? static_cast<float>(ve) : ve_component[j];
        }
    };
    if (same_pushes_) grow(std::true_type{});
    else grow(std::false_type{});
    // the school's programmes, bit 0 dBos and bit 1 reading for pleasure (without either this
    // year library[j] is 0 already)
    if (any_library_) {
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) library[j] = -library[j] & school_library[school[j] < 0 ? 0 : school[j]];
    }
    if (any_secondary)
        for (std::size_t j = 0; j < m; ++j)
            if (secondary[j]) record_track_in_year(pop_, c + j);  // before the year's count below
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        library_years[j] = static_cast<std::uint8_t>(library_years[j] + (library[j] & 1));
        reading_years[j] = static_cast<std::uint8_t>(reading_years[j] + (library[j] >> 1));
        workshop_years[j] = static_cast<std::uint8_t>(workshop_years[j] + workshop[j]);
        secondary_years[j] = static_cast<std::uint8_t>(secondary_years[j] + secondary[j]);
        const std::int32_t year3 = records_track_year3(secondary[j], grade_of[j], track_year3[j], type_of[j]);
        track_year3[j] = year3 ? static_cast<std::int8_t>(track_of[j]) : track_year3[j];
    }
}

PATHWAYS_SIMD_DEFINE(World, learning_lanes,
                     (std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                      const std::uint8_t* wellbeing_left, double* position, std::uint8_t* left),
                     (c, m, year, at, blocks, wellbeing_left, position, left))

// The growth pushes over kappa of this year, by school and opportunity workshop: the school's
// push (primary_push) + dBos reading + reading for pleasure + the workshop's extra time for
// language, push + extra time for math; and the school's programmes (bit 0 dBos, bit 1 reading
// for pleasure).
void World::derive_school_pushes() {
    const auto& iv = params_.interventions;
    const double k = norms_.kappa;
    const double free_reading = reading_push(iv);
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        const double push = primary_push(params_.primary, school_mean_achievement_[s], school_shortage_[s]);
        const bool library = school_library_[s] != 0, reading = school_reading_[s] != 0;
        school_library_lane_[s] = static_cast<std::int32_t>(library) | static_cast<std::int32_t>(reading) << 1;
        const double books = (library ? iv.library_effect : 0.0) + (reading ? free_reading : 0.0);
        for (int workshop = 0; workshop < 2; ++workshop) {
            const double extra_time = workshop ? iv.workshop_effect : 0.0;
            push_language_k_[2 * s + static_cast<std::size_t>(workshop)] = (push + books + extra_time) / k;
            push_math_k_[2 * s + static_cast<std::size_t>(workshop)] = (push + extra_time) / k;
        }
    }
    // Without dBos or reading for pleasure this year (the baseline) the pass skips its gathers of
    // the flags, and of the math pushes where they equal the language pushes bit for bit.
    any_library_ = std::find_if(school_library_lane_.begin(), school_library_lane_.end(), [](std::int32_t x) { return x != 0; }) !=
                   school_library_lane_.end();
    same_pushes_ = std::memcmp(push_language_k_.data(), push_math_k_.data(), push_language_k_.size() * sizeof(double)) == 0;
}

// Reading for pleasure (lezen voor plezier, seed 002 theme 2): which schools give daily time for
// free reading this year. In the reading lever's years, the share reading_school_share of the
// primary schools of its districts (those with pupils) takes part: a school that took part last
// year keeps it, and the places left go to the schools with the lowest mean language first (ties
// to the lower index). Outside the lever's years no school takes part.
void World::allocate_reading() {
    const double share = params_.interventions.reading_school_share;
    std::vector<std::pair<double, std::size_t>> eligible;
    if (share > 0)
        for (std::size_t s = 0; s < schools_.size(); ++s)
            if (school_pupils_[s] + school_intake_[s] > 0 && reaches(Lever::reading, static_cast<std::size_t>(schools_[s].district)))
                eligible.emplace_back(school_mean_language_[s], s);
    std::vector<std::uint8_t> kept(schools_.size(), 0);
    const auto places = static_cast<std::size_t>(std::lround(share * static_cast<double>(eligible.size())));
    std::size_t taken = 0;
    std::sort(eligible.begin(), eligible.end());
    const auto take = [&](bool last_year) {
        for (const auto& [language_mean, s] : eligible)
            if (taken < places && !kept[s] && (school_reading_[s] != 0) == last_year) {
                kept[s] = 1;
                ++taken;
            }
    };
    take(true);   // last year's schools keep it (the weakest language first among them)
    take(false);  // the places left: the weakest language first
    school_reading_ = std::move(kept);
}

// The tables' parts that do not change from year to year: the pace of a secondary class over its
// tracks (class_pace), raised in a havokans-klas, and the 10-14 / 0-18 pace.
void World::derive_class_pushes() {
    const double k = norms_.kappa;
    push_language_k_.assign(growth_push_secondary() + kTracks * kTracks * 2 + 1, 0.0);
    push_math_k_.assign(push_language_k_.size(), 0.0);
    school_library_lane_.assign(schools_.size(), 0);
    for (int low = 0; low < kTracks; ++low)
        for (int high = low; high < kTracks; ++high)
            for (int havokans = 0; havokans < 2; ++havokans) {
                double pace = class_pace(params_.secondary, low, high);
                if (havokans) pace += params_.interventions.havokans_support;
                const auto at = static_cast<std::size_t>(class_push_index(static_cast<std::int32_t>(growth_push_secondary()), low, high, havokans));
                push_language_k_[at] = push_math_k_[at] = pace / k;
            }
    push_language_k_.back() = push_math_k_.back() = params_.routes.heterogeneous_pace / k;
}

}  // namespace pathways::model
