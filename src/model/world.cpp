#include "model/world.hpp"

#include "model/choice_order.hpp"
#include "model/growth.hpp"
#include "model/home_years.hpp"
#include "model/household.hpp"
#include "model/preschool.hpp"
#include "model/primary.hpp"
#include "model/secondary.hpp"
#include "model/selection.hpp"
#include "rng/philox_batch.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <new>
#include <type_traits>

namespace pathways::model {
namespace {

using rng::Purpose;

// Fixed point for sums that couple children: exact and order-independent.
constexpr double kFixed = 1048576.0;  // 2^20
// Truncated rather than rounded: one instruction instead of a libm call, as exact for the sums.
inline std::int64_t fixed(double x) { return static_cast<std::int64_t>(x * kFixed); }

inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

// What a school year's end adds to the child's trail (the transition checksum): where the child
// is now and at what age.
inline std::uint64_t transition(Stage stage, std::int8_t grade, std::int8_t track, std::int8_t diploma, std::uint64_t age) {
    const auto byte = [](auto v) { return static_cast<std::uint64_t>(static_cast<std::uint8_t>(v)); };
    return byte(stage) | byte(grade) << 8 | byte(track) << 16 | byte(diploma) << 24 | age << 32;
}

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

// A family's choice set: the k_max schools of its district nearest to its home (fewer where the
// district has fewer), as their first place among the district's schools and their number, the
// place of the nearest school, and the district's schools.
struct ChoiceSet {
    int first, choices, nearest, count;
};
[[gnu::always_inline]] inline ChoiceSet choice_set(float home_position, int count, int k_max) {
    const int choices = std::min(k_max, count);
    const int nearest = std::clamp(static_cast<int>(home_position * count), 0, count - 1);
    return ChoiceSet{std::clamp(nearest - choices / 2, 0, count - choices), choices, nearest, count};
}

}  // namespace

struct World::Aggregates {
    // A school's four sums side by side: a pupil's additions fall in one cache line.
    struct School {
        std::int64_t n = 0, sum = 0, low = 0, language = 0;
    };
    std::vector<School> school;
    // by class: track x secondary year
    std::array<std::int64_t, kTracks * kGrades> track_n{}, track_sum{}, track_sumsq{};
    std::array<std::int64_t, kTracks> track_low{};  // low-SES pupils per track, for segregation
    std::vector<std::uint32_t> enrolment, pupils, events, residents_by_age;

    Aggregates(std::size_t schools, std::size_t districts)
        : school(schools), enrolment(districts * kEnrolmentKinds),
          pupils(kLevels * kGrades), events(kLevels * kGrades * kYearEvents), residents_by_age(32) {}

    void clear() {
        std::fill(school.begin(), school.end(), School{});
        track_n.fill(0);
        track_sum.fill(0);
        track_sumsq.fill(0);
        track_low.fill(0);
        for (auto* v : {&enrolment, &pupils, &events, &residents_by_age}) std::fill(v->begin(), v->end(), 0u);
    }

    void merge(const Aggregates& o) {
        for (std::size_t s = 0; s < school.size(); ++s) {
            school[s].n += o.school[s].n;
            school[s].sum += o.school[s].sum;
            school[s].low += o.school[s].low;
            school[s].language += o.school[s].language;
        }
        for (std::size_t t = 0; t < track_n.size(); ++t) {
            track_n[t] += o.track_n[t];
            track_sum[t] += o.track_sum[t];
            track_sumsq[t] += o.track_sumsq[t];
        }
        for (std::size_t t = 0; t < kTracks; ++t) track_low[t] += o.track_low[t];
        for (std::size_t k = 0; k < enrolment.size(); ++k) enrolment[k] += o.enrolment[k];
        for (std::size_t k = 0; k < pupils.size(); ++k) pupils[k] += o.pupils[k];
        for (std::size_t k = 0; k < events.size(); ++k) events[k] += o.events[k];
        for (std::size_t k = 0; k < residents_by_age.size(); ++k) residents_by_age[k] += o.residents_by_age[k];
    }
};

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
    handover_results_noise_ = s.perf_noise_sd * (1 - params_.interventions.handover_noise_reduction);
    test_noise_ = test_noise_sd(params_.selection);
    const double rho = params_.wellbeing.persistence, w = params_.wellbeing.early_leaving_weight;
    wellbeing_innovation_ = std::sqrt(1 - rho * rho);
    early_leaving_position_weight_ = std::sqrt(1 - w * w);
    district_prevention_.assign(district_count(), 0);
    district_workshop_.assign(district_count(), 0);
    for (const auto& name : params_.interventions.workshop_districts)
        for (std::size_t d = 0; d < district_count(); ++d)
            if (params_.population.district_names[d] == name) district_workshop_[d] = 1;
    for (const auto& name : params_.interventions.prevention_districts)
        for (std::size_t d = 0; d < district_count(); ++d)
            if (params_.population.district_names[d] == name) district_prevention_[d] = 1;
    // wellbeing_year's terms for normal (0) and low (1) wellbeing, the same expressions per child.
    for (int low = 0; low < 2; ++low) {
        const auto& wp = params_.wellbeing;
        const double extra = low ? wp.absence_low_extra * (1 - params_.interventions.attendance_share) : 0.0;
        const double absence = wp.absence_base + extra;
        const double national_absence = wp.absence_base + wp.low_share * wp.absence_low_extra;
        wellbeing_absence_[low] = absence;
        wellbeing_lost_[low] = wp.absence_loss * (absence - national_absence) / norms_.kappa;
        wellbeing_care_[low] = std::min(1.0, wp.youth_care_base * (low ? wp.youth_care_low_ratio : 1.0));
    }
    set_vector_passes(true);
    for (std::size_t d = 0; d < district_count() && d < 32; ++d) {
        if (district_prevention_[d]) prevention_mask_ |= 1u << d;
        if (district_workshop_[d]) workshop_mask_ |= 1u << d;
    }
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
    school_pupils_.assign(schools_.size(), 0);
    school_mean_language_.assign(schools_.size(), 0.0);
    school_intake_.assign(schools_.size(), 0);
    school_shortage_.assign(schools_.size(), pp.shortage_mean);
}

std::uint64_t World::step(int year, const Executor& exec) {
    if (years_.empty()) aggregate_only(year, exec);
    settle_school_choice(year, exec);
    allocate_library();
    derive_school_pushes();
    // The update and the sums for next 1 October in one pass over the children.
    const std::size_t n = pop_.size();
    reset_parts(exec.workers());
    exec.for_ranges(n, [&](std::size_t b, std::size_t e, std::size_t worker) {
        rng::YearBlockBatch blocks;
        for (std::size_t c = b; c < e; c += rng::YearBlockBatch::kCapacity)
            year_of_chunk(c, std::min(rng::YearBlockBatch::kCapacity, e - c), year, blocks, parts_[worker]);
    });
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
// MODEL.md §3 (begin_year says which steps follow): short loops whose children, independent of
// each other, the processor overlaps, where one long call per child left it waiting on each
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
    rng::Stream::Philox::ctr_type first_blocks[kChunk];
    const int chunk_age = year - pop_.birth_year[c];
    const Purpose home_purpose = chunk_age == 0 ? Purpose::population : chunk_age == 2 ? Purpose::home_language : Purpose::route;
    const bool premade = vector_passes_ && (chunk_age == 0 || chunk_age == 2 || chunk_age == 3) &&
                         pop_.birth_year[c + m - 1] == pop_.birth_year[c];  // (off: the unit test's reference)
    if (premade) {
        rng::Stream::Philox::ctr_type counters[kChunk];
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
    // A child in school on 1 October has a school year: its draws from the batch's words.
    std::size_t g = 0;
    std::uint8_t has_year[kChunk];  // 1: child c + j has a school year (is in school_age)
    std::fill(has_year, has_year + m, std::uint8_t{0});
    const auto school_year = [&](std::size_t j, int age) {
        const std::size_t i = c + j;
        has_year[j] = 1;
        std::uint32_t words[8];
        blocks.words(static_cast<std::size_t>(at[j]), words);
        new (&draws[g].draws) rng::YearDraws(year_key_, pop_.index_in_cohort[i], pop_.birth_year[i], static_cast<std::uint32_t>(age), words);
        school_age[g++] = {i, age};
    };
    const auto& pr = params_.projection;
    const bool no_migration = pr.start_year == 0 || year < pr.start_year;
    if (premade && chunk_age == 3 && no_migration) {
        // begin_year at 3 where nobody can migrate: the event, then home_years' school entry for
        // each child with its route stream's first uniform from the batch's first word (a
        // Stream's first uniform), without begin_year's tests of the age. Nobody is in school
        // yet this year.
        std::fill(&pop_.event[c], &pop_.event[c] + m, YearEvent::none);
        for (std::size_t j = 0; j < m; ++j) school_entry(c + j, rng::uniform_of_word(first_blocks[j].v[0]));
    } else if (vector_passes_ && (chunk_age == 1 || chunk_age >= 4) && chunk_age <= params_.population.last_age &&
               no_migration && pop_.birth_year[c + m - 1] == pop_.birth_year[c]) {
        // begin_year's steps for a chunk of one cohort at 1 (nothing but the event) or of school
        // age where nobody can migrate: the same steps for every child, done step by step over the
        // chunk rather than a call per child that tests the age each time (off: the unit test's
        // reference).
        std::fill(&pop_.event[c], &pop_.event[c] + m, YearEvent::none);
        for (std::size_t k = 0; k < 4; ++k)
            if (chunk_age == kSnapshotAges[k])
                for (std::size_t j = 0; j < m; ++j) snapshot(k, c + j);
        if (chunk_age == 4 && params_.interventions.connection_share > 0)
            for (std::size_t j = 0; j < m; ++j) connection_group(c + j, chunk_age);
        if (chunk_age == 15) std::copy(&pop_.wellbeing[c], &pop_.wellbeing[c] + m, &pop_.wellbeing_at_15[c]);
        if (chunk_age >= 4)  // (at 1 nobody is in school)
            for (std::size_t j = 0; j < m; ++j)
                if (at[j] >= 0) school_year(j, chunk_age);
    } else {
        for (std::size_t j = 0; j < m; ++j) {
            const int age = year - pop_.birth_year[c + j];
            // The school year's steps for a child in school on 1 October; one who has left has
            // none (leave() has settled its diploma after seven years).
            if (begin_year(c + j, age, premade ? &first_blocks[j] : nullptr) && at[j] >= 0) school_year(j, age);
        }
    }
    // What the vector passes leave to the rules: the pupils whose wellbeing slot's first word or
    // growth slot's words are not accepted, and the group-help question of youth care in a
    // prevention district (wellbeing_left: kWellbeingScalar, kWellbeingGroupHelp or 0). Those
    // rules run for each such pupil just before its own progress, in the order of its steps (a
    // pupil left to wellbeing_year is left to school_learning too): among the other pupils'
    // progress the processor overlaps their Boost normals and own-stream blocks with other work,
    // where a loop of these pupils alone waited on each (44 million cycles a run for 6% of the
    // pupils).
    std::uint8_t wellbeing_left[kChunk], learning_left[kChunk];
    double position[kChunk];  // child c + j's position in class on 1 October (secondary school)
    if (vector_passes_ && lanes_pay(g, m)) {
        wellbeing_lanes(c, m, year, at, blocks, wellbeing_left);
        learning_lanes(c, m, year, at, blocks, wellbeing_left, position, learning_left);
    } else {  // the reference, and a chunk with few in school (lanes_pay)
        std::fill(wellbeing_left, wellbeing_left + m, std::uint8_t{0});
        std::fill(learning_left, learning_left + m, std::uint8_t{0});
        for (std::size_t k = 0; k < g; ++k) wellbeing_year(school_age[k].i, school_age[k].age, draws[k].draws);
        for (std::size_t k = 0; k < g; ++k) position[school_age[k].i - c] = school_learning(school_age[k].i, draws[k].draws);
    }
    std::size_t selecting[kChunk];  // pupils of groep 8 going on to selection at 12, after the others' progress
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
    const int shock_year = params_.interventions.shock_year;
    if (vector_passes_ && (shock_year == 0 || (year != shock_year && year != shock_year + 1)) && g > 0) end_year_lanes(c, m, year, has_year);
    else end_year(school_age, g);
    accumulate(part, c, c + m, year + 1);
}

void World::reset_parts(std::size_t workers) {
    if (parts_.size() != workers) parts_.assign(workers, Aggregates(schools_.size(), district_count()));
    else
        for (auto& a : parts_) a.clear();
}

// The state on 1 October of the first year, before any step.
void World::aggregate_only(int year, const Executor& exec) {
    const std::size_t n = pop_.size();
    reset_parts(exec.workers());
    exec.for_ranges(n, [&](std::size_t b, std::size_t e, std::size_t worker) {
        accumulate(parts_[worker], b, e, year);
    });
    apply_aggregates(year);
}

// Sums over schools and tracks from the state on 1 October of `year` of children [begin, end),
// and the events that ended their previous school year. Over a range rather than per child, with
// the sums' addresses, the columns and the constants in locals: GCC does not hoist a load that only
// some children reach (a pupil's school, its track) out of the loop, so members read in a branch
// were loaded again for every child.
void World::accumulate(Aggregates& a, std::size_t begin, std::size_t end, int year) const {
    if (begin == end) return;
    std::uint32_t* const events = a.events.data();
    std::uint32_t* const residents_by_age = a.residents_by_age.data();
    std::uint32_t* const enrolment = a.enrolment.data();
    std::uint32_t* const pupils = a.pupils.data();
    Aggregates::School* const schools = a.school.data();
    std::int64_t* const track_n = a.track_n.data();
    std::int64_t* const track_sum = a.track_sum.data();
    std::int64_t* const track_sumsq = a.track_sumsq.data();
    std::int64_t* const track_low = a.track_low.data();
    const Stage* const stage = pop_.stage.data();
    const Route* const route = pop_.route.data();
    const std::uint8_t* const resident = pop_.resident.data();
    const std::uint8_t* const district = pop_.district.data();
    const std::int8_t* const grade = pop_.grade.data();
    const std::int8_t* const track = pop_.track.data();
    const std::int32_t* const school = pop_.school.data();
    const std::uint8_t* const low_ses = pop_.low_ses.data();
    const Skills skill = skills();
    const int last_age = params_.population.last_age;
    // A child in the city of an age up to last_age on 1 October: its enrolment and its pupil sums.
    const auto enrolled = [&](std::size_t i, Stage st, bool in_city) {
        Enrolment kind = Enrolment::home;
        switch (st) {
            case Stage::home: kind = Enrolment::home; break;
            case Stage::preschool: kind = Enrolment::preschool; break;
            case Stage::primary: kind = Enrolment::primary; break;
            case Stage::ten_fourteen:
                kind = route[i] == Route::zero_eighteen ? Enrolment::zero_eighteen : Enrolment::ten_fourteen;
                break;
            case Stage::secondary: kind = static_cast<Enrolment>(5 + track[i]); break;
            default: kind = Enrolment::left_school; break;
        }
        if (in_city) ++enrolment[district[i] * kEnrolmentKinds + static_cast<std::size_t>(kind)];
        if (st == Stage::primary) {
            ++pupils[static_cast<std::size_t>(grade[i])];
            if (school[i] >= 0) {
                const auto s = static_cast<std::size_t>(school[i]);
                ++schools[s].n;
                schools[s].sum += fixed(skill.achievement(i));
                schools[s].low += low_ses[i];
                schools[s].language += fixed(skill.language(i));
            }
        } else if (st == Stage::secondary) {
            const auto t = static_cast<std::size_t>(track[i] * kGrades + grade[i]);
            ++pupils[static_cast<std::size_t>((1 + track[i]) * kGrades + grade[i])];
            const double x = skill.achievement(i);
            ++track_n[t];
            track_sum[t] += fixed(x);
            track_sumsq[t] += fixed(x * x);
            track_low[static_cast<std::size_t>(track[i])] += low_ses[i];
        }
    };
    const YearEvent* const event = pop_.event.data();
    const std::uint8_t* const event_level = pop_.event_level.data();
    const std::uint8_t* const event_grade = pop_.event_grade.data();
    for (std::size_t i = begin; i < end; ++i)
        if (event[i] != YearEvent::none)
            ++events[(event_level[i] * kGrades + event_grade[i]) * kYearEvents + static_cast<std::size_t>(event[i])];
    const std::uint16_t* const birth_year = pop_.birth_year.data();
    // One cohort (children are in birth order), so one age: the age tests once (off: the unit test's reference).
    if (vector_passes_ && birth_year[end - 1] == birth_year[begin]) {
        const int age = year - birth_year[begin];
        if (age < 0) return;  // unborn
        if (age < 32) {
            std::uint32_t residents = 0;
            for (std::size_t i = begin; i < end; ++i) residents += resident[i] != 0;
            residents_by_age[static_cast<std::size_t>(age)] += residents;
        }
        if (age > last_age) return;
        for (std::size_t i = begin; i < end; ++i)
            if (stage[i] != Stage::unborn) enrolled(i, stage[i], resident[i] != 0);
        return;
    }
    for (std::size_t i = begin; i < end; ++i) {
        const int age = year - birth_year[i];
        const Stage st = stage[i];
        const bool in_city = resident[i] != 0;
        if (age >= 0 && age < 32 && in_city) ++residents_by_age[static_cast<std::size_t>(age)];
        if (age < 0 || age > last_age || st == Stage::unborn) continue;
        enrolled(i, st, in_city);
    }
}

// Merges the workers' partial sums and derives next year's shared state: school composition, shortage, class
// positions, and the year's record.
void World::apply_aggregates(int year) {
    for (std::size_t k = 1; k < parts_.size(); ++k) parts_[0].merge(parts_[k]);
    const Aggregates& a = parts_[0];
    if (!years_.empty()) years_.back().events = a.events;
    if (year > last_year()) return;  // after the last step: only its events count

    // School composition, school weight and staff shortage.
    double low_total = 0, n_total = 0, mean_w = 0, var_w = 0, active = 0;
    std::vector<double> weight(schools_.size(), 0.0);
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        if (a.school[s].n == 0) continue;
        school_mean_achievement_[s] = static_cast<double>(a.school[s].sum) / kFixed / static_cast<double>(a.school[s].n);
        weight[s] = static_cast<double>(a.school[s].low) / static_cast<double>(a.school[s].n);
        low_total += static_cast<double>(a.school[s].low);
        n_total += static_cast<double>(a.school[s].n);
        mean_w += weight[s];
        active += 1;
    }
    if (active > 0) mean_w /= active;
    for (std::size_t s = 0; s < schools_.size(); ++s)
        if (a.school[s].n > 0) var_w += (weight[s] - mean_w) * (weight[s] - mean_w);
    const double sd_w = active > 1 ? std::sqrt(var_w / (active - 1)) : 0.0;
    double dissimilarity = 0;
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        if (a.school[s].n == 0) continue;
        school_shortage_[s] = school_shortage(params_.primary, sd_w > 0 ? (weight[s] - mean_w) / sd_w : 0.0);
        if (low_total > 0 && n_total > low_total)
            dissimilarity += std::abs(static_cast<double>(a.school[s].low) / low_total -
                                      static_cast<double>(a.school[s].n - a.school[s].low) / (n_total - low_total));
    }
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        school_pupils_[s] = a.school[s].n;
        school_mean_language_[s] =
            a.school[s].n ? static_cast<double>(a.school[s].language) / kFixed / static_cast<double>(a.school[s].n) : 0.0;
    }
    for (std::size_t t = 0; t < a.track_n.size(); ++t) {
        const double m = a.track_n[t] ? static_cast<double>(a.track_sum[t]) / kFixed / static_cast<double>(a.track_n[t]) : 0;
        const double q = a.track_n[t] ? static_cast<double>(a.track_sumsq[t]) / kFixed / static_cast<double>(a.track_n[t]) : 1;
        track_mean_[t] = m;
        track_sd_[t] = std::sqrt(std::max(1e-6, q - m * m));
    }
    // Segregation across secondary tracks: low-SES against other pupils over the six tracks.
    double secondary_dissimilarity = 0;
    {
        std::array<double, kTracks> n{}, low{};
        double n_all = 0, low_all = 0;
        for (std::size_t t = 0; t < kTracks; ++t) {
            for (int g = 0; g < kGrades; ++g) n[t] += static_cast<double>(a.track_n[t * kGrades + static_cast<std::size_t>(g)]);
            low[t] = static_cast<double>(a.track_low[t]);
            n_all += n[t];
            low_all += low[t];
        }
        if (low_all > 0 && n_all > low_all)
            for (std::size_t t = 0; t < kTracks; ++t)
                secondary_dissimilarity += 0.5 * std::abs(low[t] / low_all - (n[t] - low[t]) / (n_all - low_all));
    }
    years_.push_back(YearRecord{year, a.enrolment, a.residents_by_age, 0.5 * dissimilarity, secondary_dissimilarity, 0.0, 0,
                                a.pupils, {}});
}

// Library at school (dBos), 'unequal investment for equal opportunities' (A6a): the year's
// budget goes to the schools with the lowest mean language first, each costing its pupils (those
// on 1 October and this year's intake) times the cost per pupil, as long as the budget allows. Ties go
// to the lower school index. Called after the intake is settled, so the cost is what is spent.
void World::allocate_library() {
    std::fill(school_library_.begin(), school_library_.end(), 0);
    const auto& iv = params_.interventions;
    if (iv.library_budget <= 0 || years_.empty()) return;
    std::vector<std::pair<double, std::size_t>> need;
    for (std::size_t s = 0; s < schools_.size(); ++s)
        if (school_pupils_[s] + school_intake_[s] > 0)  // workshop districts first, then by language gap
            need.emplace_back(school_mean_language_[s] - (district_workshop_[static_cast<std::size_t>(schools_[s].district)] ? 1e6 : 0.0), s);
    std::sort(need.begin(), need.end());
    double spent = 0;
    int covered = 0;
    for (const auto& [language_mean, s] : need) {
        const double cost = static_cast<double>(school_pupils_[s] + school_intake_[s]) * iv.library_cost_per_pupil;
        if (spent + cost > iv.library_budget) continue;  // a smaller school further down may still fit
        spent += cost;
        school_library_[s] = 1;
        ++covered;
    }
    years_.back().library_cost = spent;
    years_.back().library_schools = covered;
}

// Phase 2: children turning 4 get a primary school. Each family ranks the schools of its
// choice set (in parallel: the ranking reads only the family's own draws); places are limited,
// so the ranked lists are then settled in a deterministic order: by each child's lottery number,
// ties by index.
void World::settle_school_choice(int year, const Executor& exec) {
    const auto& pop = params_.population;
    const int cohort = year - 4 - pop.first_birth_year;
    school_intake_.assign(schools_.size(), 0);
    if (cohort < 0 || cohort >= pop.birth_cohorts) return;
    const std::size_t n = cohort_size_[static_cast<std::size_t>(cohort)];
    const std::size_t base = cohort_offset_[static_cast<std::size_t>(cohort)];
    const std::size_t k_max = static_cast<std::size_t>(params_.primary.choice_set);
    // The lottery keys (in child order until sorted), the sort's second buffer, each family's
    // first school of its choice set (a district's schools are consecutive, so place p of the
    // set is that school + p) and its ranked schools as places in the set (a byte each, kNone
    // past the set's end), in one block on huge pages: fresh memory is paid for at its first
    // write, ~6,000 cycles a 4 KiB page on the development machine against a fifth of that per
    // byte on 2 MiB pages (docs/performance.md).
    constexpr std::uint8_t kNone = 0xFF;
    const std::size_t keys_bytes = ColumnArena::padded(n * sizeof(std::uint64_t));
    const std::size_t first_bytes = ColumnArena::padded(n * sizeof(std::int32_t));
    const ColumnArena scratch(2 * keys_bytes + first_bytes + n * k_max);
    std::uint64_t* order = reinterpret_cast<std::uint64_t*>(scratch.data());
    std::uint64_t* const sort_buffer = reinterpret_cast<std::uint64_t*>(scratch.data() + keys_bytes);
    std::int32_t* const set_first = reinterpret_cast<std::int32_t*>(scratch.data() + 2 * keys_bytes);
    std::uint8_t* const ranked = reinterpret_cast<std::uint8_t*>(scratch.data() + 2 * keys_bytes + first_bytes);
    exec.for_ranges(n, [&](std::size_t b, std::size_t e, std::size_t) {
        // Groups of families, their options transposed (option j of family f at [j * families +
        // f]) as rank_transposed takes them.
        constexpr std::size_t kFamilies = kChoiceGroup;
        std::vector<double> base_utility(kFamilies * k_max), uniform(kFamilies * k_max);
        std::vector<std::int32_t> options(kFamilies);
        // The school-choice stream's words (the lottery number, then one per school of the set),
        // its blocks for all the group's families made in one batch: the words Stream would give.
        const std::size_t stream_blocks = (k_max + 1 + 3) / 4, stream_words = 4 * stream_blocks;
        std::vector<rng::Stream::Philox::ctr_type> counters(kFamilies * stream_blocks), blocks(kFamilies * stream_blocks);
        for (std::size_t k0 = b; k0 < e; k0 += kFamilies) {
            const std::size_t families = std::min(kFamilies, e - k0);
            for (std::size_t f = 0; f < families; ++f) {
                const std::size_t i = base + k0 + f;
                for (std::size_t block = 0; block < stream_blocks; ++block)
                    counters[f * stream_blocks + block] = rng::Stream::counter(pop_.index_in_cohort[i], pop_.birth_year[i], 4,
                                                                               Purpose::school_choice, static_cast<std::uint32_t>(block));
            }
            rng::philox_blocks(key_, families * stream_blocks, counters.data(), blocks.data());
            static_assert(sizeof(rng::Stream::Philox::ctr_type) == 4 * sizeof(std::uint32_t));
            choice_options(base + k0, k0, families, k_max, blocks.data()->v, stream_words, order, set_first, options.data(),
                           base_utility.data(), uniform.data());
            std::fill(ranked + k0 * k_max, ranked + (k0 + families) * k_max, kNone);
            rank_transposed(base_utility.data(), uniform.data(), options.data(), families, k_max, ranked + k0 * k_max);
        }
    });
    order = sort_lottery(order, sort_buffer, n);

    // The places each school has left (negative where it took a child over capacity), in one
    // array that stays in the first-level cache rather than the intake beside the schools' records.
    std::vector<int> free_places(schools_.size());
    for (std::size_t s = 0; s < schools_.size(); ++s) free_places[s] = schools_[s].places_per_year;
    auto has_place = [&](int s) { return free_places[static_cast<std::size_t>(s)] > 0; };
    // Families come in lottery order, so each one's ranked set, first school and school column
    // are a cache miss: fetched some families ahead, the misses overlap instead of stalling the
    // hand-out one by one (for a national cohort 9-27 million cycles without the prefetches,
    // 3-5 with them).
    constexpr std::size_t kAhead = 16;
    for (std::size_t place = 0; place < n; ++place) {
        if (place + kAhead < n) {
            const std::size_t k_ahead = order[place + kAhead] & 0xFFFFFFFFu, i_ahead = base + k_ahead;
            __builtin_prefetch(&ranked[k_ahead * k_max]);
            __builtin_prefetch(&set_first[k_ahead]);
            __builtin_prefetch(&pop_.school[i_ahead], 1);
        }
        const std::size_t k = order[place] & 0xFFFFFFFFu;
        const std::size_t i = base + k;
        int chosen = -1;
        for (std::size_t j = 0; j < k_max && chosen < 0; ++j) {
            const std::uint8_t at = ranked[k * k_max + j];
            if (at == kNone) continue;
            const int s = set_first[k] + at;
            if (has_place(s)) chosen = s;
        }
        if (chosen < 0) {  // all preferred schools full: the nearest school in the district with a place
            const int local = district_first_school_[pop_.district[i]];  // the district's schools: local + place
            const auto [first, choices, nearest, count] =
                choice_set(pop_.home_position[i], district_school_count_[pop_.district[i]], static_cast<int>(k_max));
            for (int d = 1; d < count && chosen < 0; ++d)
                for (const int j : {nearest - d, nearest + d})
                    if (j >= 0 && j < count && has_place(local + j)) {
                        chosen = local + j;
                        break;
                    }
            if (chosen < 0) chosen = local + nearest;  // over capacity rather than no school
        }
        --free_places[static_cast<std::size_t>(chosen)];
        pop_.school[i] = chosen;
    }
    for (std::size_t s = 0; s < schools_.size(); ++s) school_intake_[s] = schools_[s].places_per_year - free_places[s];
}

// For a group of families (children first_child + f, f < families, the cohort's families
// first_key + f): each one's lottery key (in lottery[first_key + f]), the first school of its
// choice set (in set_first[first_key + f]) and its number of schools, and school_utility's base
// and uniform for each place of the set (place j of family f at [j * families + f], the uniforms
// in the set's order). A place past a smaller set takes the base of the set's first school and the
// valid uniform 0.5: rank_transposed uses neither. Family by family and then place by place, loops
// over the families that the compiler vectorises (gathers of the districts' and schools' arrays and
// of the stream words, family f's word w at words[f * stream_words + w]); a condition around a
// load would keep them scalar.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void World::choice_options(std::size_t first_child, std::size_t first_key, std::size_t families, std::size_t k_max,
                           const std::uint32_t* words, std::size_t stream_words, std::uint64_t* lottery, std::int32_t* set_first,
                           std::int32_t* options, double* base_utility, double* uniform) const {
    constexpr std::size_t kFamilies = kChoiceGroup;
    double home[kFamilies], schools_in_district[kFamilies];
    const std::uint8_t* const district = &pop_.district[first_child];
    const float* const home_position = &pop_.home_position[first_child];
    const std::uint8_t* const income_group = &pop_.income_group[first_child];
    const std::int32_t* const first_school = district_first_school_.data();
    const std::int32_t* const school_count = district_school_count_.data();
    for (std::size_t f = 0; f < families; ++f) {
        lottery[first_key + f] = lottery_key(rng::uniform_of_word(words[f * stream_words]), static_cast<std::uint32_t>(first_key + f));
        const ChoiceSet set = choice_set(home_position[f], school_count[district[f]], static_cast<int>(k_max));
        set_first[first_key + f] = first_school[district[f]] + set.first;
        options[f] = set.choices;
        home[f] = home_position[f];
        schools_in_district[f] = static_cast<double>(set.count);
    }
    const double* const position = school_position_.data();
    const double* const profile = school_profile_.data();
    const PrimaryParams& pp = params_.primary;
    const std::int32_t* const group_first = set_first + first_key;
    for (std::size_t j = 0; j < k_max; ++j) {
        double* const base_j = &base_utility[j * families];
        double* const uniform_j = &uniform[j * families];
        const auto place = static_cast<std::int32_t>(j);
#pragma GCC ivdep
        for (std::size_t f = 0; f < families; ++f) {
            const bool in_set = place < options[f];
            const std::int32_t s = group_first[f] + (in_set ? place : 0);
            // floor of a distance that is never negative: the conversion's truncation
            const int rank = static_cast<int>(std::abs(position[s] - home[f]) * schools_in_district[f]);
            base_j[f] = school_base_utility(pp, rank, profile[s], income_group[f]);
            const double u = rng::uniform_of_word(words[f * stream_words + j + 1]);
            uniform_j[f] = in_set ? u : 0.5;
        }
    }
}

// Phase 3: every child's year, in parallel. Reads the shared per-year state, writes only child i.
// A year is begin_year, then for a child of school age in school on 1 October: wellbeing_year,
// school_learning, school_progress and end_year, in that order (year_of_chunk runs each as a pass
// over a chunk of children).
// Returns whether the child is of school age this year. year_of_chunk takes these steps step by
// step over a chunk of one cohort at 1, 3 and at a school age (no migration year): a step added
// here belongs there too, and the passes' unit test, whose reference world calls this function
// for every child, fails until it is.
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
    for (std::size_t k = 0; k < 4; ++k)
        if (age == kSnapshotAges[k]) snapshot(k, i);
    if (age == 4) connection_group(i, age);
    if (age == 15) pop_.wellbeing_at_15[i] = pop_.wellbeing[i];
    return true;
}

// Returns the position in class for a secondary pupil (0 otherwise).
double World::school_learning(std::size_t i, rng::YearDraws& draws) {
    switch (pop_.stage[i]) {
        case Stage::primary: primary_learning(i, draws); break;
        case Stage::ten_fourteen: heterogeneous_learning(i, draws); break;
        case Stage::secondary: return secondary_learning(i, draws);
        default: break;
    }
    return 0;
}

bool World::school_progress(std::size_t i, int age, rng::YearDraws& draws, double position) {
    switch (pop_.stage[i]) {
        case Stage::primary: return primary_progress(i, age, draws);
        case Stage::ten_fourteen: heterogeneous_progress(i, age, draws); break;
        case Stage::secondary: secondary_progress(i, age, draws, position); break;
        default: break;
    }
    return false;
}

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

void World::end_year(const SchoolAge* children, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = children[k].i;
        shock_and_recovery(i, children[k].age);
        // D01-D06 count the highest diploma at the end of the seventh year after entering secondary school.
        if (pop_.secondary_years[i] >= 7 && pop_.diploma_at_7[i] == -2) pop_.diploma_at_7[i] = pop_.diploma[i];
        pop_.trail[i] = mix(pop_.trail[i], transition(pop_.stage[i], pop_.grade[i], pop_.track[i], pop_.diploma[i],
                                                      static_cast<std::uint64_t>(children[k].age)));
    }
}

// end_year for the children of [c, c + m) with a school year (has_year[j] 1) at once, in a year
// without a shock or its recovery (shock_and_recovery does nothing then): the same operations as
// end_year, in 64-bit lanes.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void World::end_year_lanes(std::size_t c, std::size_t m, int year, const std::uint8_t* has_year) {
    const std::uint16_t* const born = &pop_.birth_year[c];
    const Stage* const stage = &pop_.stage[c];
    const std::int8_t* const grade = &pop_.grade[c];
    const std::int8_t* const track = &pop_.track[c];
    const std::int8_t* const diploma = &pop_.diploma[c];
    const std::uint8_t* const secondary_years = &pop_.secondary_years[c];
    std::int8_t* const diploma_at_7 = &pop_.diploma_at_7[c];
    std::uint64_t* const trail = &pop_.trail[c];
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const int reached = has_year[j] & (secondary_years[j] >= 7) & (diploma_at_7[j] == -2);
        diploma_at_7[j] = reached ? diploma[j] : diploma_at_7[j];
    }
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const std::int64_t age = year - born[j];
        const std::uint64_t h = mix(trail[j], transition(stage[j], grade[j], track[j], diploma[j], static_cast<std::uint64_t>(age)));
        trail[j] = has_year[j] ? h : trail[j];
    }
}

// Net migration in a projection (issue 7): from the start year on, a resident leaves the city with
// the yearly rate of its age group. A child who leaves is no longer counted among the city's pupils;
// its pathway goes on (elsewhere), so cohort outcomes keep every child born.
void World::migrate(std::size_t i, int age) {
    const auto& pr = params_.projection;
    if (pr.start_year == 0 || !pop_.resident[i] || pop_.birth_year[i] + age < pr.start_year) return;
    const double rate = -pr.net_migration[age <= 3 ? 0 : age <= 11 ? 1 : 2] * pr.district_migration[pop_.district[i]];
    if (rate <= 0) return;
    rng::Stream r = stream(i, age, Purpose::migration);
    if (r.bernoulli(rate)) pop_.resident[i] = 0;
}

void World::born(std::size_t i, const rng::Stream::Philox::ctr_type* first_block) {
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

// born() for the m children from c on, of one cohort in its year of birth, at once: the same
// operations in the same order for each child, without branches. draw_household reads the
// population stream's words 0-6, which of them for which draw depending on the low-SES draw
// (a low-SES household skips the high-income draw); the streams' first blocks come made
// (first_blocks), their second ones are made here in one batch. A child whose potential's normal
// the ziggurat does not accept on its first word (about 1%) is left to born().
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void World::births(std::size_t c, std::size_t m, const rng::Stream::Philox::ctr_type* first_blocks) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    const auto& pp = params_.population;
    rng::Stream::Philox::ctr_type counters[kChunk], second_blocks[kChunk];
    for (std::size_t j = 0; j < m; ++j)
        counters[j] = rng::Stream::counter(pop_.index_in_cohort[c + j], pop_.birth_year[c + j], 0, Purpose::population, 1);
    rng::philox_blocks(key_, m, counters, second_blocks);
    std::uint32_t word[7][kChunk];  // the stream's words by position
    for (std::size_t j = 0; j < m; ++j) {
        for (std::size_t k = 0; k < 4; ++k) word[k][j] = first_blocks[j].v[k];
        for (std::size_t k = 0; k < 3; ++k) word[4 + k][j] = second_blocks[j].v[k];
    }
    // draw_category, one cut at a time for all the chunk
    const auto& district_shares = cohort_district_shares_[static_cast<std::size_t>(pop_.birth_year[c] - pp.first_birth_year)];
    std::int32_t district[kChunk] = {};
    for_each_category_cut(district_shares, [&](double cut) {
        for (std::size_t j = 0; j < m; ++j) district[j] += rng::uniform_of_word(word[0][j]) >= cut;
    });
    const auto edu_cuts = [](const std::array<double, kParentEdu>& shares) {
        std::array<double, kParentEdu - 1> cuts{};
        std::size_t k = 0;
        for_each_category_cut(shares, [&](double cut) { cuts[k++] = cut; });
        return cuts;
    };
    const auto edu_low = edu_cuts(pp.parent_edu_if_low_ses), edu_other = edu_cuts(pp.parent_edu_if_not_low_ses);
    const double* const low_ses_share = pp.district_low_ses_share.data();
    std::int32_t low[kChunk], edu[kChunk], income[kChunk], multilingual[kChunk];
    std::uint32_t normal_word[kChunk];
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        low[j] = rng::uniform_of_word(word[2][j]) < low_ses_share[district[j]];
        const double u = rng::uniform_of_word(word[3][j]);
        edu[j] = (u >= (low[j] ? edu_low[0] : edu_other[0])) + (u >= (low[j] ? edu_low[1] : edu_other[1]));
        // a low-SES household draws no high-income question: its later draws come one word earlier
        const bool high = !low[j] && rng::uniform_of_word(word[4][j]) < pp.high_income_share_if_not_low_ses[static_cast<std::size_t>(edu[j])];
        income[j] = low[j] ? 0 : high ? 2 : 1;
        const std::uint32_t multilingual_word = low[j] ? word[4][j] : word[5][j];
        multilingual[j] = rng::uniform_of_word(multilingual_word) < (low[j] ? pp.multilingual_if_low_ses : pp.multilingual_if_not_low_ses);
        normal_word[j] = low[j] ? word[5][j] : word[6][j];
    }
    float z[kChunk];
    std::int32_t accepted[kChunk];
    rng::normal_first_words(normal_word, m, z, accepted);
    for (std::size_t j = 0; j < m; ++j) {
        const std::size_t i = c + j;
        pop_.event[i] = YearEvent::none;
        if (!accepted[j]) {
            born(i, &first_blocks[j]);
            continue;
        }
        Household h;
        h.district = static_cast<std::uint8_t>(district[j]);
        h.home_position = static_cast<float>(rng::uniform_of_word(word[1][j]));
        h.low_ses = static_cast<std::uint8_t>(low[j]);
        h.income_group = static_cast<std::uint8_t>(income[j]);
        h.parent_edu = static_cast<std::uint8_t>(edu[j]);
        h.multilingual = static_cast<std::uint8_t>(multilingual[j]);
        h.potential = static_cast<float>(potential_shift(pp, edu[j], income[j]) + potential_within_sd_ * static_cast<double>(z[j]));
        settle_household(i, h);
    }
}

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
        const EarlyDeviation d = early_development(r, params_.home, params_.primary.deviation_sd, pop_.parent_edu[i],
                                                   pop_.multilingual[i], risk);
        pop_.dev_language[i] = static_cast<float>(d.language);
        pop_.dev_math[i] = static_cast<float>(d.math);
        rng::Stream rv = stream(i, age, Purpose::preschool, preschool_block);
        const PreschoolOutcome ve = preschool_indication(rv, pre, risk, language(i));
        pop_.ve_target[i] = ve.target;
        pop_.ve_participant[i] = ve.participant;
        if (ve.participant) pop_.stage[i] = Stage::preschool;
    } else if (age == 3) {
        rng::Stream r = stream(i, age, Purpose::route, first_block);
        school_entry(i, r.uniform());
    }
}

// Connection groups (verbindingsgroepen, seed 002 theme 5): VE target children not yet ready for
// groep 1 spend it in a group run by a childcare worker and a teacher together. The boost adds to
// the early-years component and fades like VE's.
void World::connection_group(std::size_t i, int age) {
    const auto& iv = params_.interventions;
    if (iv.connection_share <= 0 || !pop_.ve_target[i] || language(i) >= iv.connection_readiness) return;
    rng::Stream r = stream(i, age, Purpose::connection_group);
    if (!r.bernoulli(iv.connection_share)) return;
    pop_.interventions[i] |= connection_group_bit;
    pop_.ve_component[i] = static_cast<float>(pop_.ve_component[i] + iv.connection_effect);
}

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
    } else if (year == iv.shock_year + 1 && pop_.shock_loss[i] > 0 && pop_.parent_edu[i] == 0 && iv.recovery_share > 0) {
        rng::Stream r = stream(i, age, Purpose::recovery);
        if (!r.bernoulli(iv.recovery_share)) return;
        pop_.interventions[i] |= recovery_bit;
        const double back = iv.recovery_effect * pop_.shock_loss[i] / norms_.kappa;
        pop_.dev_language[i] = static_cast<float>(pop_.dev_language[i] + back);
        pop_.dev_math[i] = static_cast<float>(pop_.dev_math[i] + back);
    }
}

// Wellbeing, attendance and youth care (MODEL.md §3.9). Wellbeing is a national N(0,1) score that
// persists from year to year; group prevention in a district raises it, a COVID-type shock lowers
// it. Low wellbeing (below the national low_share quantile) means more absence, which costs
// learning relative to the national mean absence, and more youth care; in districts with group
// prevention part of the individual youth care becomes group help. The attendance approach
// (ontwikkelrecht) prevents part of the extra absence.
void World::wellbeing_year(std::size_t i, int age, rng::YearDraws& draws) {
    const auto& wp = params_.wellbeing;
    const auto& iv = params_.interventions;
    rng::SlotStream r = draws.stream(Purpose::wellbeing);
    const double rho = wp.persistence;
    double w = age == 4 ? r.normal() : rho * pop_.wellbeing[i] + wellbeing_innovation_ * r.normal();
    const bool prevention = district_prevention_[pop_.district[i]] != 0;
    if (prevention) {
        w += iv.prevention_effect;
        pop_.prevention_years[i] = static_cast<std::uint8_t>(pop_.prevention_years[i] + 1);
    }
    if (iv.shock_year != 0 && pop_.birth_year[i] + age == iv.shock_year) w -= wp.shock_drop;
    pop_.wellbeing[i] = static_cast<float>(w);
    pop_.years_in_school[i] = static_cast<std::uint8_t>(pop_.years_in_school[i] + 1);
    const bool low = w < norms_.low_wellbeing_cut;
    // absence this year, the learning it costs against the national mean absence, and the chance
    // of youth care (the constructor works them out for both values of low)
    pop_.absence[i] = static_cast<float>(pop_.absence[i] + wellbeing_absence_[low]);
    const double lost = wellbeing_lost_[low];
    pop_.dev_language[i] = static_cast<float>(pop_.dev_language[i] - lost);
    pop_.dev_math[i] = static_cast<float>(pop_.dev_math[i] - lost);
    if (r.bernoulli(wellbeing_care_[low])) youth_care_year(i, prevention, r);
}

// A year of youth care: in a district with group prevention a share of it becomes group help.
template <class Rng>
void World::youth_care_year(std::size_t i, bool prevention, Rng& r) {
    if (prevention && r.bernoulli(params_.interventions.prevention_collective_share))
        pop_.group_help_years[i] = static_cast<std::uint8_t>(pop_.group_help_years[i] + 1);
    else
        pop_.youth_care_years[i] = static_cast<std::uint8_t>(pop_.youth_care_years[i] + 1);
}

// wellbeing_year for the children [c, c + m) at once, in vector registers: the same operations in
// the same order for each child, without branches, so results are the same bits. A child in
// school this year is done here when the ziggurat accepts its normal on the slot's first word
// (about 99%); left[j] is kWellbeingScalar for the others (wellbeing_year does them), and
// kWellbeingGroupHelp leaves the group-help question of youth care in a prevention district to
// the caller (it takes a third word, from the wellbeing stream); 0 otherwise.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void World::wellbeing_lanes(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                            std::uint8_t* left) {
    const auto& wp = params_.wellbeing;
    const auto& iv = params_.interventions;
    const double rho = wp.persistence, innovation = wellbeing_innovation_, cut = norms_.low_wellbeing_cut;
    const double prevention_effect = iv.prevention_effect;
    // subtracting +0 outside the shock year leaves every value as it is, -0 included
    const double shock = iv.shock_year != 0 && year == iv.shock_year ? wp.shock_drop : 0.0;
    const int last_age = params_.population.last_age;
    const std::uint32_t prevention_mask = prevention_mask_;
    const double absence0 = wellbeing_absence_[0], absence1 = wellbeing_absence_[1];
    const double lost0 = wellbeing_lost_[0], lost1 = wellbeing_lost_[1];
    const double care0 = wellbeing_care_[0], care1 = wellbeing_care_[1];
    const std::uint16_t* const born = &pop_.birth_year[c];
    float* const wellbeing = &pop_.wellbeing[c];
    float* const absence = &pop_.absence[c];
    float* const dev_language = &pop_.dev_language[c];
    float* const dev_math = &pop_.dev_math[c];
    const std::uint8_t* const district = &pop_.district[c];
    std::uint8_t* const prevention_years = &pop_.prevention_years[c];
    std::uint8_t* const years_in_school = &pop_.years_in_school[c];
    std::uint8_t* const youth_care_years = &pop_.youth_care_years[c];
    // The slot's first word as a normal where the ziggurat accepts it on that word (about 99%).
    float z_first[rng::YearBlockBatch::kCapacity];
    std::int32_t accepted[rng::YearBlockBatch::kCapacity];
    // The slot's words (words 0 and 1) in the children's order.
    std::uint32_t first_words[rng::YearBlockBatch::kCapacity], second_words[rng::YearBlockBatch::kCapacity];
    const std::uint32_t* const first = blocks.words_in_order(0, at, m, first_words);
    const std::uint32_t* const second = blocks.words_in_order(1, at, m, second_words);
    rng::normal_first_words(first, m, z_first, accepted);
    // Which children this pass does (lane) and whether their district has group prevention.
    std::int32_t lane[rng::YearBlockBatch::kCapacity], prevention[rng::YearBlockBatch::kCapacity];
    std::int32_t age4[rng::YearBlockBatch::kCapacity];
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const int age = year - born[j];
        // flags as integers: the vectoriser does not handle bool's one-bit precision
        const int school_year = (at[j] >= 0) & (age <= last_age);
        left[j] = static_cast<std::uint8_t>(school_year & (accepted[j] == 0));  // kWellbeingScalar: first word rejected
        lane[j] = school_year & accepted[j];
        age4[j] = age == 4;
        prevention[j] = static_cast<std::int32_t>((prevention_mask >> district[j]) & 1u);
    }
    // The arithmetic, in 32- and 64-bit lanes. Every operation is unconditional and only values
    // are selected: the compiler does not if-convert a floating-point operation that might trap.
    // The columns never overlap (ColumnArena): no run-time alias checks.
    std::int32_t cared[rng::YearBlockBatch::kCapacity];
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const double z = z_first[j];
        const double carried = rho * wellbeing[j] + innovation * z;
        double w = age4[j] ? z : carried;
        const double prevented = w + prevention_effect;
        w = prevention[j] ? prevented : w;
        w = w - shock;
        const int low = w < cut;
        const double lost = low ? lost1 : lost0;
        const double u = rng::uniform_of_word(second[j]);
        cared[j] = (low & (u < care1)) | ((1 - low) & (u < care0));               // u < care[low]
        const float new_absence = static_cast<float>(absence[j] + (low ? absence1 : absence0));
        const float new_language = static_cast<float>(dev_language[j] - lost);
        const float new_math = static_cast<float>(dev_math[j] - lost);
        wellbeing[j] = lane[j] ? static_cast<float>(w) : wellbeing[j];
        absence[j] = lane[j] ? new_absence : absence[j];
        dev_language[j] = lane[j] ? new_language : dev_language[j];
        dev_math[j] = lane[j] ? new_math : dev_math[j];
    }
    // The counts, in bytes.
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const int on = lane[j], care = cared[j], group = prevention[j];
        prevention_years[j] = static_cast<std::uint8_t>(prevention_years[j] + (on & group));
        years_in_school[j] = static_cast<std::uint8_t>(years_in_school[j] + on);
        youth_care_years[j] = static_cast<std::uint8_t>(youth_care_years[j] + (on & care & (1 - group)));
        left[j] = static_cast<std::uint8_t>(left[j] + (on & care & group) * kWellbeingGroupHelp);
    }
}

// The growth pushes over kappa that school_year_growth adds, for learning_lanes, with the rules'
// own operations. This year's by school and opportunity workshop (primary_learning's push +
// reading + extra time, and push + extra time), and dBos by school.
void World::derive_school_pushes() {
    const auto& iv = params_.interventions;
    const double k = norms_.kappa;
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        const double push = primary_push(params_.primary, school_mean_achievement_[s], school_shortage_[s]);
        const bool library = school_library_[s] != 0;
        school_library_lane_[s] = library;
        const double reading = library ? iv.library_effect : 0.0;
        for (int workshop = 0; workshop < 2; ++workshop) {
            const double extra_time = workshop ? iv.workshop_effect : 0.0;
            push_language_k_[2 * s + static_cast<std::size_t>(workshop)] = (push + reading + extra_time) / k;
            push_math_k_[2 * s + static_cast<std::size_t>(workshop)] = (push + extra_time) / k;
        }
    }
    // Without dBos this year (the baseline) learning_lanes skips its gathers of the flags, and of
    // the math pushes where they equal the language pushes bit for bit.
    any_library_ = std::find(school_library_lane_.begin(), school_library_lane_.end(), 1) != school_library_lane_.end();
    same_pushes_ = std::memcmp(push_language_k_.data(), push_math_k_.data(), push_language_k_.size() * sizeof(double)) == 0;
}

// The tables' parts that do not change from year to year: by class and havokans-klas
// (secondary_learning's pace) and the 10-14 pace.
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
                const std::size_t at = growth_push_secondary() + static_cast<std::size_t>((low * kTracks + high) * 2 + havokans);
                push_language_k_[at] = push_math_k_[at] = pace / k;
            }
    push_language_k_.back() = push_math_k_.back() = params_.routes.heterogeneous_pace / k;
}

// school_learning for the pupils of [c, c + m) at once, as wellbeing_lanes does wellbeing_year:
// primary_learning, heterogeneous_learning or secondary_learning with school_year_growth, the
// same operations in the same order (the pushes over kappa from derive_school_pushes and derive_class_pushes). position[j]
// is secondary_learning's position in class (0 otherwise); left[j] is 1 for the pupils left to
// school_learning: those whose growth slot's two normals are not both accepted on their words,
// and those whose wellbeing_year is still to come (wellbeing_left[j] is kWellbeingScalar).
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void World::learning_lanes(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                           const std::uint8_t* wellbeing_left, double* position, std::uint8_t* left) {
    constexpr std::size_t kChunk = rng::YearBlockBatch::kCapacity;
    const double keep = 1.0 - params_.primary.catch_up, growth_sd = norms_.growth_sd;
    const double fade = 1.0 - params_.preschool.fade_per_year;
    const std::uint32_t workshop_mask = workshop_mask_;
    const std::int32_t any_library = any_library_;
    const int last_age = params_.population.last_age;
    const std::int32_t secondary_at = static_cast<std::int32_t>(growth_push_secondary());
    const std::int32_t mixed_at = static_cast<std::int32_t>(push_language_k_.size() - 1);
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
    std::int32_t lane[kChunk], secondary[kChunk], library[kChunk], workshop[kChunk], push_at[kChunk], class_at[kChunk];
    std::int32_t any_secondary = 0;
    constexpr auto primary_stage = static_cast<std::int32_t>(Stage::primary), secondary_stage = static_cast<std::int32_t>(Stage::secondary);
    constexpr auto mixed_stage = static_cast<std::int32_t>(Stage::ten_fourteen), havokans_type = static_cast<std::int32_t>(ClassType::havokans);
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const std::int32_t age = year - born[j];
        const std::int32_t school_year = (at[j] >= 0) & (age <= last_age);  // in school and of school age
        const std::int32_t in_primary = stage_of[j] == primary_stage, in_secondary = stage_of[j] == secondary_stage;
        const std::int32_t learns = school_year & (in_primary | in_secondary | (stage_of[j] == mixed_stage));
        // a pupil whose wellbeing_year is still to come takes school_learning after it
        const std::int32_t both = accepted[j] & accepted_math[j] & (wellbeing_left[j] != kWellbeingScalar);
        lane[j] = learns & both;
        accepted[j] = learns & (1 - both);  // left to the rule
        secondary[j] = lane[j] & in_secondary;
        any_secondary |= secondary[j];
        workshop[j] = lane[j] & in_primary & static_cast<std::int32_t>((workshop_mask >> district_of[j]) & 1u);
        const std::int32_t s = school[j] < 0 ? 0 : school[j];  // school 0 for a pupil without one, as primary_learning
        const std::int32_t pace_at = secondary_at + (track_of[j] * kTracks + high_of[j]) * 2 + (type_of[j] == havokans_type);
        push_at[j] = in_primary ? 2 * s + workshop[j] : in_secondary ? pace_at : mixed_at;
        library[j] = lane[j] & in_primary & (school[j] >= 0) & any_library;
        class_at[j] = in_secondary ? track_of[j] * kGrades + grade_of[j] : 0;
    }
    for (std::size_t j = 0; j < m; ++j) left[j] = static_cast<std::uint8_t>(accepted[j]);
    // secondary_learning's position in class on 1 October, before the year's growth
    if (any_secondary) {
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) {
            const double in_class = (skill.achievement(j) - class_mean[class_at[j]]) / class_sd[class_at[j]];
            position[j] = secondary[j] ? in_class : 0.0;
        }
    } else {
        std::fill(position, position + m, 0.0);
    }
    // school_year_growth: grow_deviation for both skills, the VE boost fades. same_pushes is a
    // type (true_type or false_type), so the loop is compiled twice, once without the math gather.
    const auto grow = [&](auto same_pushes) {
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) {
            const double push_language = push_language_k[push_at[j]];
            const double push_math = same_pushes ? push_language : push_math_k[push_at[j]];
            const double language = keep * dev_language[j] + push_language + growth_sd * static_cast<double>(z_language[j]);
            const double math = keep * dev_math[j] + push_math + growth_sd * static_cast<double>(z_math[j]);
            const double ve = ve_component[j] * fade;
            dev_language[j] = lane[j] ? static_cast<float>(language) : dev_language[j];
            dev_math[j] = lane[j] ? static_cast<float>(math) : dev_math[j];
            ve_component[j] = lane[j] ? static_cast<float>(ve) : ve_component[j];
        }
    };
    if (same_pushes_) grow(std::true_type{});
    else grow(std::false_type{});
    if (any_library_) {  // (without dBos this year library[j] is 0 already)
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) library[j] &= school_library[school[j] < 0 ? 0 : school[j]];
    }
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        library_years[j] = static_cast<std::uint8_t>(library_years[j] + library[j]);
        workshop_years[j] = static_cast<std::uint8_t>(workshop_years[j] + workshop[j]);
        secondary_years[j] = static_cast<std::uint8_t>(secondary_years[j] + secondary[j]);
        // the track in year 3 of a categorical class, the first time the pupil is in year 3
        const int year3 = secondary[j] & (grade_of[j] == 3) & (track_year3[j] < 0) & (type_of[j] == static_cast<std::int32_t>(ClassType::categorical));
        track_year3[j] = year3 ? static_cast<std::int8_t>(track_of[j]) : track_year3[j];
    }
}


// The year at 3: the end of VE, whose boost children take to school, and school entry at 4
// (groep 1), on the 0-18 route for its share of the children: route_uniform, the route stream's
// first uniform, below the share (Stream::bernoulli).
void World::school_entry(std::size_t i, double route_uniform) {
    pop_.ve_component[i] = static_cast<float>(preschool_effect(params_.preschool, pop_.ve_participant[i]));
    pop_.stage[i] = Stage::primary;
    pop_.grade[i] = 1;
    if (route_uniform < params_.routes.zero_eighteen_share) pop_.route[i] = Route::zero_eighteen;
}

// The school year's learning in primary school: composition, lost lessons, dBos and the
// opportunity workshop push the year's growth.
void World::primary_learning(std::size_t i, rng::YearDraws& draws) {
    const auto& pp = params_.primary;
    const std::size_t s = static_cast<std::size_t>(std::max(0, pop_.school[i]));
    const double push = primary_push(pp, school_mean_achievement_[s], school_shortage_[s]);
    const bool library = pop_.school[i] >= 0 && school_library_[s];
    if (library) pop_.library_years[i] = static_cast<std::uint8_t>(pop_.library_years[i] + 1);
    const double reading = library ? params_.interventions.library_effect : 0.0;
    const bool workshop = district_workshop_[pop_.district[i]] != 0;
    if (workshop) pop_.workshop_years[i] = static_cast<std::uint8_t>(pop_.workshop_years[i] + 1);
    const double extra_time = workshop ? params_.interventions.workshop_effect : 0.0;
    // pushes are stated in SD of measured skill; the deviation is on the potential's scale
    school_year_growth(i, draws, Purpose::primary_growth, push + reading + extra_time, push + extra_time);
}

// How a primary school year ends: selection after groep 8, else retention or the next groep.
// Returns whether the child goes on to selection at 12.
bool World::primary_progress(std::size_t i, int age, rng::YearDraws& draws) {
    const int grade = pop_.grade[i];
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
            pop_.retained_primary[i] = static_cast<std::uint8_t>(grade == 2 ? kept | 1 : kept + 2);
            mark(i, YearEvent::repeated, 0, grade);
            return false;
        }
    }
    mark(i, YearEvent::promoted, 0, grade);
    pop_.grade[i] = static_cast<std::int8_t>(grade + 1);
    // (A share of 0, the national baseline's, draws nothing: bernoulli(0) is never true, and no
    // other decision reads this stream.)
    if (grade + 1 == 7 && pop_.route[i] == Route::regular && params_.routes.ten_fourteen_share > 0) {
        rng::Stream r = stream(i, age, Purpose::route);
        if (r.bernoulli(params_.routes.ten_fourteen_share)) {
            pop_.route[i] = Route::ten_fourteen;
            pop_.stage[i] = Stage::ten_fourteen;
        }
    }
    return false;
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
    const int final_advice = revised_advice(rr, sp, judgement.category, test);
    pop_.teacher_advice[i] = static_cast<std::int8_t>(judgement.category);
    pop_.test_advice[i] = static_cast<std::int8_t>(test);
    pop_.final_advice[i] = static_cast<std::int8_t>(final_advice);

    rng::Stream rp = stream(i, age, Purpose::placement, block(3));
    const Placement c = place_in_year1(rp, params_.secondary, norms_, final_advice, judgement.score);
    pop_.stage[i] = Stage::secondary;
    pop_.grade[i] = 1;
    pop_.track[i] = static_cast<std::int8_t>(c.low);
    pop_.track_high[i] = static_cast<std::int8_t>(c.high);
    pop_.class_type[i] = c.type;
    // Havokans-klas (L05): a single vmbo-gt advice with havo prospects (the test pointed to havo or
    // higher) may go to a gt/havo class with extra challenge and support.
    const auto& iv = params_.interventions;
    if (iv.havokans_share > 0 && c.type == ClassType::categorical && c.low == 3 && test >= 6) {
        rng::Stream rh = stream(i, age, Purpose::havokans);
        if (rh.bernoulli(iv.havokans_share)) {
            pop_.interventions[i] |= havokans_bit;
            pop_.class_type[i] = ClassType::havokans;
            pop_.track_high[i] = 4;
        }
    }
    pop_.class_year1[i] = pop_.class_type[i];
    // Warm hand-over (A29): the primary teacher tells the secondary school what the results of
    // years 1-2 will not show at once, so its judgements of those years are less noisy.
    if (iv.handover_share > 0) {
        rng::Stream rw = stream(i, age, Purpose::handover);
        if (rw.bernoulli(iv.handover_share)) pop_.interventions[i] |= handover_bit;
    }
    pop_.track_year1[i] = static_cast<std::int8_t>(c.low);
}

// 10-14 schools and 0-18 communities: heterogeneous groups without a track's pace, selection
// later on two more years of information (L04).
void World::heterogeneous_learning(std::size_t i, rng::YearDraws& draws) {
    const double pace = params_.routes.heterogeneous_pace;
    school_year_growth(i, draws, Purpose::primary_growth, pace, pace);
}

void World::heterogeneous_progress(std::size_t i, int age, rng::YearDraws& draws) {
    if (pop_.grade[i] >= 9) {  // the years that count as secondary school: early leaving applies as there
        ++pop_.secondary_years[i];
        if (leaves_early(i, draws, achievement(i))) {  // no class here: achievement against the national norm
            pop_.early_leaver[i] = 1;
            return leave(i, Stage::left_without_diploma);
        }
    }
    const int selection_age =
        pop_.route[i] == Route::zero_eighteen ? params_.routes.zero_eighteen_selection_age : 14;
    if (age + 1 >= selection_age && pop_.grade[i] >= 8) return select_later(i, age);
    pop_.grade[i] = static_cast<std::int8_t>(pop_.grade[i] + 1);
}

void World::select_later(std::size_t i, int age) {
    rng::Stream r = stream(i, age, Purpose::route);
    const double results = year_results(r, params_.routes.later_selection_noise_sd, achievement(i));
    const int level = track_of(results, norms_);
    const int years_since_twelve = std::max(0, pop_.grade[i] - 8);
    pop_.stage[i] = Stage::secondary;
    pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(level);
    pop_.class_type[i] = ClassType::categorical;
    pop_.grade[i] = static_cast<std::int8_t>(std::min(years_since_twelve + 1, final_year(level)));
}

void World::leave(std::size_t i, Stage stage) {
    pop_.stage[i] = stage;
    if (pop_.diploma_at_7[i] == -2) pop_.diploma_at_7[i] = pop_.diploma[i];
}

// A school year's growth of both skills (MODEL.md §3.5, §3.8): the pushes are stated in SD of
// measured skill and act on the deviation, which is on the potential's scale; the VE boost fades.
void World::school_year_growth(std::size_t i, rng::YearDraws& draws, rng::Purpose purpose, double push_language, double push_math) {
    const double c = params_.primary.catch_up, k = norms_.kappa;
    rng::SlotStream g = draws.stream(purpose);
    pop_.dev_language[i] = static_cast<float>(grow_deviation(g, pop_.dev_language[i], c, push_language / k, norms_.growth_sd));
    pop_.dev_math[i] = static_cast<float>(grow_deviation(g, pop_.dev_math[i], c, push_math / k, norms_.growth_sd));
    pop_.ve_component[i] = static_cast<float>(fade_preschool_effect(params_.preschool, pop_.ve_component[i]));
}

// Early leaving (D12): a weak position and low wellbeing together, rescaled to N(0,1) so the
// national rate holds.
bool World::leaves_early(std::size_t i, rng::YearDraws& draws, double position) {
    rng::SlotStream r = draws.stream(Purpose::early_leaving);
    const double w = params_.wellbeing.early_leaving_weight;
    const double judged = early_leaving_position_weight_ * position + w * pop_.wellbeing[i];
    return weak_position_event(r, q_early_leaving_, early_leaving_selectivity_, judged);
}

// The school year's learning in secondary school at the pace of the class's tracks. Returns the
// pupil's position in class (same track and year) on 1 October, against the class's mean and SD,
// which the year's judgements use.
double World::secondary_learning(std::size_t i, rng::YearDraws& draws) {
    const auto& sp = params_.secondary;
    const int track = pop_.track[i];
    const int high = pop_.track_high[i];
    const int grade = pop_.grade[i];
    if (grade == 3 && pop_.track_year3[i] < 0 && pop_.class_type[i] == ClassType::categorical)
        pop_.track_year3[i] = static_cast<std::int8_t>(track);

    const auto cls = static_cast<std::size_t>(track * kGrades + grade);
    const double position = (achievement(i) - track_mean_[cls]) / track_sd_[cls];

    double pace = class_pace(sp, track, high);
    if (pop_.class_type[i] == ClassType::havokans) pace += params_.interventions.havokans_support;
    school_year_growth(i, draws, Purpose::secondary_growth, pace, pace);
    ++pop_.secondary_years[i];
    return position;
}

// How a secondary school year ends: early leaving, a bridge class settling, a track move, the
// exam and stacking, retention, the upper-year drop or the next year.
void World::secondary_progress(std::size_t i, int age, rng::YearDraws& draws, double position) {
    const auto& sp = params_.secondary;
    int track = pop_.track[i];
    const int high = pop_.track_high[i];
    const int grade = pop_.grade[i];
    const int level = 1 + track;  // where this year's event is counted: the track the year began in
    const double a = achievement(i);

    if (leaves_early(i, draws, position)) {
        if (pop_.diploma[i] >= 0) {  // a stacker leaving with a diploma: not an early leaver (vsv)
            mark(i, YearEvent::left_with_diploma, level, grade);
            return leave(i, Stage::left_with_diploma);
        }
        mark(i, YearEvent::left_early, level, grade);
        pop_.early_leaver[i] = 1;
        return leave(i, Stage::left_without_diploma);
    }
    if (track == 0) {  // praktijkonderwijs: no exam, pupils stay until 18
        mark(i, YearEvent::promoted, level, grade);
        pop_.grade[i] = static_cast<std::int8_t>(std::min(grade + 1, 6));
        if (age + 1 >= 18) leave(i, Stage::left_pro);
        return;
    }

    rng::SlotStream rm = draws.stream(Purpose::track_move);
    const bool handed_over = (pop_.interventions[i] & handover_bit) && grade <= 2;
    const double results = year_results(rm, handed_over ? handover_results_noise_ : results_noise_, a);
    const ClassType type = pop_.class_type[i];
    // Bridge classes settle after year 1; the havokans-klas after year 2.
    if (((type == ClassType::dual || type == ClassType::broad) && grade == 1) || (type == ClassType::havokans && grade == 2)) {
        // a broad class decides within the pupil's own advice, the others within the class's range
        const int advice = pop_.final_advice[i];
        const bool own_advice = type == ClassType::broad && advice >= 0;
        track = bridge_decision(sp, norms_, own_advice ? advice_low_track(advice) : track,
                                own_advice ? advice_high_track(advice) : high, results);
        pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(track);
        pop_.class_type[i] = ClassType::categorical;
    } else if (type == ClassType::categorical && grade <= 3) {
        const int move = track_move(rm, sp, norms_, track, grade, results);
        if (move != 0) {
            track += move;
            pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(track);
            ++(move > 0 ? pop_.moves_up[i] : pop_.moves_down[i]);
        }
    }

    if (grade >= final_year(track)) {  // exam year
        rng::Stream ex = stream(i, age, Purpose::exam);
        // Custom diploma (A31): a candidate may take subjects at the next level when the year's
        // results reach it, and a weak subject at a lower level, which avoids some failures.
        const auto& iv = params_.interventions;
        bool custom = false;
        if (iv.custom_diploma_share > 0 && track < 5) {
            rng::Stream rc = stream(i, age, Purpose::custom_diploma);
            custom = rc.bernoulli(iv.custom_diploma_share) && results > norms_.track_upper(track);
            if (custom) pop_.interventions[i] |= custom_diploma_bit;
        }
        const double fail_rate_q = (custom ? q_custom_exam_fail_ : q_exam_fail_)[static_cast<std::size_t>(track)];
        if (weak_position_event(ex, fail_rate_q, exam_selectivity_, position)) {
            if (ex.bernoulli(sp.repeat_after_fail)) {  // redoing the exam year counts as repeating it
                ++pop_.retained_secondary[i];
                return mark(i, YearEvent::repeated, 1 + track, grade);
            }
            mark(i, YearEvent::exam_failed, 1 + track, grade);
            return leave(i, pop_.diploma[i] >= 0 ? Stage::left_with_diploma : Stage::left_without_diploma);
        }
        mark(i, YearEvent::exam_passed, 1 + track, grade);
        pop_.diploma[i] = static_cast<std::int8_t>(std::max<int>(pop_.diploma[i], track));
        pop_.diploma_age[i] = static_cast<std::int8_t>(age + 1);
        rng::Stream st = stream(i, age, Purpose::stacking);
        const double stack_ratio = custom ? iv.custom_stack_ratio : 1.0;
        if (track == 3 && st.bernoulli(std::min(1.0, sp.stack_gt_to_havo * stack_ratio))) {
            pop_.track[i] = pop_.track_high[i] = 4;
            pop_.grade[i] = 4;
            return;
        }
        if (track == 4 && st.bernoulli(std::min(1.0, sp.stack_havo_to_vwo * stack_ratio))) {
            pop_.track[i] = pop_.track_high[i] = 5;
            pop_.grade[i] = 5;
            return;
        }
        return leave(i, Stage::left_with_diploma);
    }

    rng::SlotStream rr = draws.stream(Purpose::secondary_retention);
    if (weak_position_event(rr, q_secondary_retention_[static_cast<std::size_t>(track)][static_cast<std::size_t>(grade)],
                            secondary_retention_selectivity_, position)) {
        ++pop_.retained_secondary[i];
        return mark(i, YearEvent::repeated, level, grade);
    }
    if (grade >= 4 && track >= 4 && weak_position_event(rr, q_upper_drop_, secondary_retention_selectivity_, position)) {
        // Afstroom in the upper years: vwo to havo, havo to the vmbo-gt exam year.
        mark(i, YearEvent::moved_down_upper, level, grade);
        const int lower = track - 1;
        pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(lower);
        pop_.grade[i] = static_cast<std::int8_t>(std::min(grade + 1, final_year(lower)));
        return;
    }
    mark(i, YearEvent::promoted, level, grade);
    pop_.grade[i] = static_cast<std::int8_t>(grade + 1);
}

std::uint64_t World::checksum() const {
    std::uint64_t sum = 0;  // a sum of per-child hashes does not depend on the order of children
    for (std::size_t i = 0; i < pop_.size(); ++i) sum += mix(pop_.trail[i], static_cast<std::uint64_t>(pop_.diploma_at_7[i] + 3));
    return sum;
}

}  // namespace pathways::model
