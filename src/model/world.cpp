// The world: the population, the schools, and the scheduler that runs each school year's
// processes in the order of docs/model.md §3. Each process lives in its own file (world.hpp says
// which); this file builds the world and calls them.
#include "model/world.hpp"

#include "model/budget.hpp"
#include "model/levers.hpp"
#include "model/primary.hpp"
#include "model/selection.hpp"
#include "model/shared_sums.hpp"
#include "model/trail.hpp"
#include "rng/philox_batch.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <type_traits>

namespace pathways::model {
namespace {

using rng::Purpose;

// Mean and SD of the potential shift over the national household mix, so that potential is
// N(0,1) nationally whatever the district tables say.
std::pair<double, double> national_potential_shift(const PopulationParams& p) {
    double m1 = 0, m2 = 0;
    for_each_national_household_group(p, [&](double share, std::size_t e, bool low, double high) {
        const double base = p.potential_mean_by_parent_edu[e];
        const double cases[2][2] = {{1 - high, base + (low ? p.potential_low_income_shift : 0.0)},
                                    {high, base + p.potential_high_income_shift}};
        for (const auto& c : cases) {
            const double w = share * c[0];
            m1 += w * c[1];
            m2 += w * c[1] * c[1];
        }
    });
    return {m1, std::sqrt(std::max(0.0, m2 - m1 * m1))};
}

}  // namespace

World::World(const Params& params, rng::StreamKey key)
    : params_(params), norms_(derive_norms(params)), key_(key), year_key_(rng::Stream::philox_key(key)) {
    const auto [mean_shift, sd_shift] = national_potential_shift(params_.population);
    potential_within_sd_ = std::sqrt(std::max(0.0, 1.0 - sd_shift * sd_shift));
    national_shift_mean_ = mean_shift;

    // Cohort sizes: population.cohort_size each, or in a projection the residents of each age on
    // the start date (the age group's count spread over its ages) and the births after it.
    const auto& pop = params_.population;
    const auto& pr = params_.projection;
    std::size_t total = 0;
    for (int c = 0; c < pop.birth_cohorts; ++c) {
        const int born = pop.first_birth_year + c;
        double size = pop.cohort_size;
        std::vector<double> shares = pop.district_birth_share;
        if (pr.start_year > 0) {
            const int age = pr.start_year - 1 - born;  // completed years on 1 January of the start year
            if (age >= 18) size = 0;
            else if (age >= 0) size = age <= 3 ? pr.start_population[0] / 4 : age <= 11 ? pr.start_population[1] / 8 : pr.start_population[2] / 6;
            else {
                const auto after = static_cast<std::size_t>(born - pr.start_year);
                const int unknown = static_cast<int>(after) - static_cast<int>(pr.births_known.size());
                size = after < pr.births_known.size() ? pr.births_known[after]
                                                      : pr.births_per_year * std::pow(1 + pr.births_growth, unknown);
            }
            if (born >= pr.start_year) {
                double sum = 0;
                for (std::size_t d = 0; d < shares.size(); ++d) sum += shares[d] *= std::pow(1 + pr.district_growth[d], born - pr.start_year + 1);
                for (auto& x : shares) x /= sum;
            }
        }
        cohort_offset_.push_back(total);
        cohort_size_.push_back(static_cast<std::size_t>(std::llround(size)));
        cohort_district_shares_.push_back(shares);
        total += cohort_size_.back();
    }
    pop_.resize(total);
    for (std::size_t c = 0; c < cohort_size_.size(); ++c)
        for (std::size_t k = 0; k < cohort_size_[c]; ++k) {
            const std::size_t i = cohort_offset_[c] + k;
            pop_.index_in_cohort[i] = static_cast<std::uint32_t>(k);
            pop_.birth_year[i] = static_cast<std::uint16_t>(pop.first_birth_year + static_cast<int>(c));
        }

    const auto& s = params_.secondary;
    q_kindergarten_ = rate_quantile(params_.primary.kindergarten_retention);
    q_primary_retention_ = rate_quantile(params_.primary.retention);
    q_early_leaving_ = rate_quantile(s.early_leaving);
    q_special_referral_ = rate_quantile(params_.interventions.special_referral);
    q_upper_drop_ = rate_quantile(s.upper_drop);
    for (int t = 0; t < kTracks; ++t) {
        for (int y = 1; y <= 6; ++y)
            q_secondary_retention_[static_cast<std::size_t>(t)][static_cast<std::size_t>(y)] =
                rate_quantile(retention_rate(s, t, y));
        q_exam_fail_[static_cast<std::size_t>(t)] = rate_quantile(1.0 - s.exam_pass[static_cast<std::size_t>(t)]);
        q_custom_exam_fail_[static_cast<std::size_t>(t)] =
            rate_quantile((1 - params_.interventions.custom_fail_reduction) * (1 - s.exam_pass[static_cast<std::size_t>(t)]));
    }
    primary_retention_selectivity_ = params_.primary.retention_selectivity;
    secondary_retention_selectivity_ = s.retention_selectivity;
    exam_selectivity_ = s.exam_selectivity;
    early_leaving_selectivity_ = s.early_leaving_selectivity;
    results_noise_ = s.perf_noise_sd;
    test_noise_ = test_noise_sd(params_.selection);
    early_leaving_position_weight_ = std::sqrt(1 - params_.wellbeing.early_leaving_weight * params_.wellbeing.early_leaving_weight);
    wellbeing_terms_ = wellbeing_terms(params_, norms_);
    for (int l = 0; l < kLevers; ++l) {
        const std::vector<std::uint8_t> in = lever_districts(params_, static_cast<Lever>(l));
        lever_districts_.insert(lever_districts_.end(), in.begin(), in.end());
    }
    const std::size_t cells = static_cast<std::size_t>(kLevers) * district_count();
    for (int l = 0; l < kLevers; ++l)
        budgeted_[static_cast<std::size_t>(l)] = has_budget(static_cast<Lever>(l)) && params_.levers.budget[static_cast<std::size_t>(l)] > 0;
    budget_share_.assign(cells, 0.0);
    budget_eligible_.assign(cells, 0);
    budget_reached_.assign(cells, 0);
    budget_stage_now_.assign(cells, 0.0);
    budget_stage_seen_.assign(cells, 0.0);
    budget_eligible_seen_.assign(cells, 0.0);
    ve_lever_ = ve_under_lever(params_);
    ve_lever_changes_ = ve_lever_changes(params_);
    secondary_without_broad_ = params_.secondary;
    secondary_without_broad_.broad_bridge_share = 0;
    set_levers(first_year());
    set_vector_passes(true);
    build_schools();
    derive_class_pushes();
}

World::World(World&&) noexcept = default;
World& World::operator=(World&&) noexcept = default;
World::~World() = default;

void World::build_schools() {
    const auto& pop = params_.population;
    const auto& pp = params_.primary;
    district_first_school_.clear();
    district_school_count_.clear();
    for (std::size_t d = 0; d < district_count(); ++d) {
        const double per_year = params_.projection.start_year > 0 ? params_.projection.births_per_year : pop.cohort_size;
        const double intake = per_year * pop.district_birth_share[d];
        const int n = std::max(1, static_cast<int>(std::lround(intake / pp.pupils_per_school_per_cohort)));
        const int places = std::max(1, static_cast<int>(std::ceil(pp.capacity_slack * intake / n)));
        district_first_school_.push_back(static_cast<std::int32_t>(schools_.size()));
        district_school_count_.push_back(n);
        for (int k = 0; k < n; ++k) {
            // School attributes draw from streams addressed by (school within district, district).
            rng::Stream r(key_, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(d), 0, Purpose::school_setup);
            schools_.push_back(School{static_cast<int>(d), (k + 0.5) / n, r.normal(), places});
        }
    }
    school_position_.clear();
    school_profile_.clear();
    for (const School& school : schools_) {
        school_position_.push_back(school.position);
        school_profile_.push_back(school.profile);
    }
    school_mean_achievement_.assign(schools_.size(), 0.0);
    school_library_.assign(schools_.size(), 0);
    school_reading_.assign(schools_.size(), 0);
    school_pupils_.assign(schools_.size(), 0);
    school_mean_language_.assign(schools_.size(), 0.0);
    school_intake_.assign(schools_.size(), 0);
    school_shortage_.assign(schools_.size(), pp.shortage_mean);
}

void World::set_levers(int year) {
    lever_reach(params_, lever_districts_, year, lever_reach_);
    prevention_mask_ = lever_mask(Lever::prevention);
    workshop_mask_ = lever_mask(Lever::workshops);
    attendance_mask_ = lever_mask(Lever::attendance);
}

std::uint64_t World::step(int year, const Executor& exec) {
    set_levers(year);
    if (years_.empty()) aggregate_only(year, exec);
    settle_school_choice(year, exec);
    plan_budgets(year);
    allocate_library();
    allocate_reading();
    derive_school_pushes();
    // The update and the sums for next 1 October in one pass over the children.
    const std::size_t n = pop_.size();
    reset_parts(exec.workers());
    exec.for_ranges(n, [&](std::size_t b, std::size_t e, std::size_t worker) {
        rng::YearBlockBatch blocks;
        for (std::size_t c = b; c < e; c += rng::YearBlockBatch::kCapacity)
            year_of_chunk(c, std::min(rng::YearBlockBatch::kCapacity, e - c), year, blocks, parts_[worker]);
    });
    close_budgets();
    apply_aggregates(year + 1);
    std::uint64_t child_years = 0;
    const auto& pop = params_.population;
    for (int c = 0; c < pop.birth_cohorts; ++c) {
        const int age = year - (pop.first_birth_year + c);
        if (age >= 0 && age <= pop.last_age) child_years += static_cast<std::uint64_t>(cohort_size_[static_cast<std::size_t>(c)]);
    }
    return child_years;
}

// The year of children [c, c + m), m at most the batch's capacity: their year blocks made in one
// pass, then each child's year in passes over the chunk, every child's steps in the order of
// docs/model.md §3 (begin_year says which steps follow): short loops whose children, independent
// of each other, the processor overlaps, where one long call per child left it waiting on each
// child's chain. Then the children's sums for next 1 October.
void World::year_of_chunk(std::size_t c, std::size_t m, int year, rng::YearBlockBatch& blocks, Aggregates& part) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    std::int16_t at[kChunk];  // where a child's year blocks are in the batch, -1 when not in school
    blocks.clear();
    std::size_t pupils = 0;
    for (std::size_t j = 0; j < m; ++j) pupils += in_school(pop_.stage[c + j]);
    if (pupils == m) {  // everyone in school (most chunks of school age): the same queue, in vector loops
        blocks.add_all(&pop_.index_in_cohort[c], &pop_.birth_year[c], static_cast<std::uint32_t>(year), m);
        for (std::size_t j = 0; j < m; ++j) at[j] = static_cast<std::int16_t>(j);
    } else {
        for (std::size_t j = 0; j < m; ++j) {
            const std::size_t i = c + j;
            at[j] = in_school(pop_.stage[i]) ? static_cast<std::int16_t>(blocks.add(pop_.index_in_cohort[i], pop_.birth_year[i],
                                                                                    static_cast<std::uint32_t>(year - pop_.birth_year[i])))
                                             : std::int16_t{-1};
        }
    }
    blocks.make(key_);

    SchoolAge school_age[kChunk];
    // The school years' draws, made in place: an array of std::optional would be cleared
    // whole for every chunk (32 KB, as much as the processor's first-level cache).
    union YearDrawsPlace {
        YearDrawsPlace() {}
        rng::YearDraws draws;
    };
    static_assert(std::is_trivially_destructible_v<rng::YearDraws>);
    YearDrawsPlace draws[kChunk];
    // A chunk of one cohort in a home year with a stream every child draws (birth, early language
    // at 2, the route at 3): the streams' first blocks made in one batch.
    Block first_blocks[kChunk];
    const int chunk_age = year - pop_.birth_year[c];
    const Purpose home_purpose = chunk_age == 0 ? Purpose::population : chunk_age == 2 ? Purpose::home_language : Purpose::route;
    const bool premade = vector_passes_ && (chunk_age == 0 || chunk_age == 2 || chunk_age == 3) &&
                         pop_.birth_year[c + m - 1] == pop_.birth_year[c];  // (off: the unit test's reference)
    if (premade) {
        Block counters[kChunk];
        for (std::size_t j = 0; j < m; ++j)
            counters[j] = rng::Stream::counter(pop_.index_in_cohort[c + j], pop_.birth_year[c + j], static_cast<std::uint32_t>(chunk_age),
                                               home_purpose, 0);
        rng::philox_blocks(key_, m, counters, first_blocks);
    }
    if (premade && (chunk_age == 0 || chunk_age == 2)) {  // births or early language and VE; nobody in school
        if (chunk_age == 0) births(c, m, first_blocks);
        else early_language(c, m, first_blocks);
        accumulate(part, c, c + m, year + 1);
        return;
    }
    // The year's first steps (begin_year); a child in school on 1 October then has a school
    // year: its draws from the batch's words. One who has left has none (leave() has settled its
    // diploma after seven years).
    std::size_t g = 0;
    std::uint8_t has_year[kChunk];  // 1: child c + j has a school year (is in school_age)
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t i = c + j;
        const int age = year - pop_.birth_year[i];
        has_year[j] = begin_year(i, age, premade ? &first_blocks[j] : nullptr) && at[j] >= 0;
        if (!has_year[j]) continue;
        std::uint32_t words[8];
        blocks.words(static_cast<std::size_t>(at[j]), words);
        new (&draws[g].draws) rng::YearDraws(year_key_, pop_.index_in_cohort[i], pop_.birth_year[i], static_cast<std::uint32_t>(age), words);
        school_age[g++] = {i, age};
    }
    // Wellbeing and learning: in passes over the chunk (wellbeing_lanes, learning_lanes), which
    // leave to the one-child path the pupils whose wellbeing slot's first word or growth slot's
    // words are not accepted, and the group-help question of youth care in a prevention district
    // (wellbeing_left: kWellbeingScalar, kWellbeingGroupHelp or 0). The one-child path runs for
    // each such pupil just before its own progress, in the order of its steps (a pupil left to
    // wellbeing_year is left to school_learning too).
    std::uint8_t wellbeing_left[kChunk], learning_left[kChunk];
    double position[kChunk];  // child c + j's position in class on 1 October (secondary school)
    if (vector_passes_ && lanes_pay(g, m)) {
        wellbeing_lanes(c, m, year, at, blocks, wellbeing_left);
        learning_lanes(c, m, year, at, blocks, wellbeing_left, position, learning_left);
    } else {  // the reference, and a chunk with few in school (lanes_pay)
        std::fill(wellbeing_left, wellbeing_left + m, std::uint8_t{0});
        std::fill(learning_left, learning_left + m, std::uint8_t{0});
        for (std::size_t k = 0; k < g; ++k) wellbeing_year(school_age[k].i, school_age[k].age, draws[k].draws);
        for (std::size_t k = 0; k < g; ++k)
            position[school_age[k].i - c] = school_learning(school_age[k].i, draws[k].draws);
    }
    // How the school year ends; pupils of groep 8 go on to selection at 12 after the others.
    std::size_t selecting[kChunk];
    int selecting_age[kChunk];
    std::size_t s = 0;
    for (std::size_t k = 0; k < g; ++k) {
        const std::size_t i = school_age[k].i, j = i - c;
        if (wellbeing_left[j] == kWellbeingScalar) {
            wellbeing_year(i, school_age[k].age, draws[k].draws);
        } else if (wellbeing_left[j] == kWellbeingGroupHelp) {  // group help or not, from the stream's third word
            rng::Stream own = draws[k].draws.own_stream(Purpose::wellbeing);
            youth_care_year(i, true, own);
        }
        if (learning_left[j]) position[j] = school_learning(i, draws[k].draws);
        if (school_progress(i, school_age[k].age, draws[k].draws, position[j])) {
            selecting[s] = i;
            selecting_age[s++] = school_age[k].age;
        }
    }
    if (s > 0) select_pass(selecting, selecting_age, s);
    end_year(c, m, year, has_year, school_age, g);
    accumulate(part, c, c + m, year + 1);
}

// The year's first steps for child i (docs/model.md §3, phases 1 and 3): birth, migration, the
// home years, the skill snapshots, connection groups at 4, wellbeing at 15. Returns whether the
// child is of school age this year; year_of_chunk then runs its school year: wellbeing_year,
// school_learning, school_progress and end_year, in that order.
bool World::begin_year(std::size_t i, int age, const rng::Stream::Philox::ctr_type* first_block,
                       const rng::Stream::Philox::ctr_type* preschool_block) {
    pop_.event[i] = YearEvent::none;  // cleared for everyone, so an old event is never counted twice
    if (age < 0 || age > params_.population.last_age) return false;
    if (age == 0) {
        born(i, first_block);
        return false;
    }
    migrate(i, age);
    if (age <= 3) {
        home_years(i, age, first_block, preschool_block);
        return false;
    }
    arrive(i, age);
    for (std::size_t k = 0; k < 4; ++k)
        if (age == kSnapshotAges[k]) snapshot(k, i);
    if (age == 4) connection_group(i, age);
    if (age == 15) pop_.wellbeing_at_15[i] = pop_.wellbeing[i];
    return true;
}

std::uint64_t World::checksum() const {
    std::uint64_t sum = 0;  // a sum of per-child hashes does not depend on the order of children
    for (std::size_t i = 0; i < pop_.size(); ++i) sum += mix(pop_.trail[i], static_cast<std::uint64_t>(pop_.diploma_after[3][i] + 3));
    return sum;
}

}  // namespace pathways::model
