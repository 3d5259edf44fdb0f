// One replicate's world: the population, the primary schools, and the yearly step that applies
// MODEL.md §3 in order. The world knows no threads: the caller hands it an Executor that runs
// a body over index ranges (serially in unit tests, with oneTBB in the engine). Every result is
// independent of how the ranges are split: children draw from their own streams, each child's
// update writes only that child, and the per-school and per-track sums that couple children are
// kept in fixed point, so integer addition makes them exact in any order.
#pragma once

#include "model/household.hpp"
#include "model/norms.hpp"
#include "model/params.hpp"
#include "model/population.hpp"
#include "model/secondary.hpp"
#include "model/simd.hpp"
#include "model/wellbeing.hpp"
#include "rng/philox_batch.hpp"
#include "rng/stream.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace pathways::model {

class Executor {
public:
    using Body = std::function<void(std::size_t begin, std::size_t end, std::size_t worker)>;
    virtual ~Executor() = default;
    // Run body(begin, end, worker) over disjoint ranges covering [0, n), in any order, possibly
    // concurrently. `worker` is in [0, workers()) and no two concurrent calls share one, so a body
    // may keep per-worker partial sums.
    virtual void for_ranges(std::size_t n, const Body& body) const = 0;
    virtual std::size_t workers() const = 0;
};

class SerialExecutor final : public Executor {
public:
    void for_ranges(std::size_t n, const Body& body) const override { body(0, n, 0); }
    std::size_t workers() const override { return 1; }
};

struct School {
    int district = 0;
    double position = 0;       // along the district, 0..1
    double profile = 0;        // attractiveness to higher-income families (N(0,1))
    int places_per_year = 0;   // intake capacity per year group
};

// Where a child is on 1 October, for pupil counts per calendar year (the planner's view).
enum class Enrolment : std::uint8_t {
    home = 0, preschool = 1, primary = 2, ten_fourteen = 3, zero_eighteen = 4,
    pro = 5, vmbo_b = 6, vmbo_k = 7, vmbo_gt = 8, havo = 9, vwo = 10, left_school = 11,
};
inline constexpr int kEnrolmentKinds = 12;


struct YearRecord {
    int year = 0;
    std::vector<std::uint32_t> enrolment;  // [district * kEnrolmentKinds + kind] on 1 October, residents only
    std::vector<std::uint32_t> residents_by_age;  // [age]: residents born by the end of this calendar year
    double primary_dissimilarity = 0;      // low-income vs other pupils across primary schools
    double secondary_dissimilarity = 0;    // low-income vs other pupils across secondary tracks
    double library_cost = 0;               // dBos spending this school year (EUR)
    int library_schools = 0;               // schools with dBos this school year
    // Pupils on 1 October by level and grade, and how their school year ended: [level][grade][event].
    std::vector<std::uint32_t> pupils;     // [level * kGrades + grade]
    std::vector<std::uint32_t> events;     // [(level * kGrades + grade) * kYearEvents + event]
    // Budgets (budget.hpp), by Lever (dBos under Lever::library): EUR spent on the simulated
    // children this year (their places x the unit cost), the city's budget for the year, and the
    // part of the city's year groups simulated (rule 1; spent / scale is the city-wide equivalent).
    std::array<double, kLevers> budget_spent{};
    std::array<double, kLevers> budget_city{};
    std::array<double, kLevers> budget_scale{};
};

struct PushLayout;

class World {
public:
    World(const Params& params, rng::StreamKey key);
    World(World&&) noexcept;
    World& operator=(World&&) noexcept;
    ~World();

    int first_year() const { return params_.population.first_birth_year; }
    // Children born in each simulated birth year (the cohort's size), in birth-year order.
    const std::vector<std::size_t>& cohort_sizes() const { return cohort_size_; }
    int last_year() const {
        return params_.population.first_birth_year + params_.population.birth_cohorts - 1 + params_.population.last_age;
    }

    // One school year starting 1 October of `year`. Returns the child-years simulated.
    std::uint64_t step(int year, const Executor& exec);

    const Params& params() const { return params_; }
    const Norms& norms() const { return norms_; }
    const Population& population() const { return pop_; }
    const std::vector<School>& schools() const { return schools_; }
    const std::vector<YearRecord>& years() const { return years_; }
    std::size_t district_count() const { return params_.population.district_names.size(); }

    // Measured skills from the columns: a value a loop keeps in registers (skills()), since GCC
    // reloads a member's columns in every iteration that reaches them behind a branch.
    struct Skills {
        const float* potential;
        const float* dev_language;
        const float* dev_math;
        const float* ve_component;
        double kappa, achievement_sd;
        [[gnu::always_inline]] double language(std::size_t i) const { return kappa * (potential[i] + dev_language[i]) + ve_component[i]; }
        [[gnu::always_inline]] double math(std::size_t i) const { return kappa * (potential[i] + dev_math[i]); }
        [[gnu::always_inline]] double achievement(std::size_t i) const { return 0.5 * (language(i) + math(i)) / achievement_sd; }
        // The same skills indexed from child `first` on: a pass over a chunk indexes from 0.
        Skills from(std::size_t first) const {
            return {potential + first, dev_language + first, dev_math + first, ve_component + first, kappa, achievement_sd};
        }
    };
    Skills skills() const {
        return {pop_.potential.data(), pop_.dev_language.data(), pop_.dev_math.data(), pop_.ve_component.data(), norms_.kappa,
                norms_.achievement_sd};
    }
    [[gnu::always_inline]] double language(std::size_t i) const { return skills().language(i); }
    [[gnu::always_inline]] double math(std::size_t i) const { return skills().math(i); }
    [[gnu::always_inline]] double achievement(std::size_t i) const { return skills().achievement(i); }

    // The passes that apply a rule to many children at once (wellbeing, learning, the end of the
    // year), and the streams' first blocks made in batches (birth, the home years, selection),
    // call the same rules as the one-child path and give the same bits. Off, every child goes
    // through the one-child path, its streams made on demand: the reference a unit test holds
    // the passes to.
    void set_vector_passes(bool on) { vector_passes_ = on && district_count() <= 32; }
    bool vector_passes() const { return vector_passes_; }
    // Whether the wellbeing and learning passes pay for a chunk of m children of whom `pupils`
    // have a school year: a pass costs about 40 counter cycles per child of the chunk, in school
    // or not, the one-child path 200-300 per pupil, so a chunk with fewer than a sixth in school
    // (the years at 18 and 19, when most have left) takes the one-child path. Either way the same bits.
    static constexpr bool lanes_pay(std::size_t pupils, std::size_t m) { return 6 * pupils >= m; }
    // School choice family by family with its own streams and a comparison sort (on), instead of
    // groups of families in vector loops (off, the default): the reference a test compares with.
    void set_reference_school_choice(bool on) { reference_school_choice_ = on; }

    // Order-independent checksum of every child's transitions.
    std::uint64_t checksum() const;

private:
    using Block = rng::Stream::Philox::ctr_type;
    struct Aggregates;
    struct SchoolAge {  // a child of school age in school on 1 October
        std::size_t i;
        int age;
    };
    static constexpr std::uint8_t kWellbeingScalar = 1, kWellbeingGroupHelp = 2;
    static constexpr std::size_t kSelectionStreams = 4;

    // world.cpp: the schools, and the scheduler (docs/model.md §3's order).
    void build_schools();
    // The levers' flags for the school year starting 1 October of `year` (levers.hpp).
    void set_levers(int year);
    // Whether lever l acts this year on a child (or school) of district d.
    bool reaches(Lever l, std::size_t d) const { return lever_reach_[static_cast<std::size_t>(l) * district_count() + d] != 0; }
    std::uint32_t lever_mask(Lever l) const {
        std::uint32_t mask = 0;
        for (std::size_t d = 0; d < district_count() && d < 32; ++d) mask |= static_cast<std::uint32_t>(reaches(l, d)) << d;
        return mask;
    }
    void year_of_chunk(std::size_t c, std::size_t m, int year, rng::YearBlockBatch& blocks, Aggregates& part);
    bool begin_year(std::size_t i, int age, const Block* first_block = nullptr, const Block* preschool_block = nullptr);
    void snapshot(std::size_t k, std::size_t i) {
        pop_.language_at[k][i] = static_cast<float>(language(i));
        pop_.math_at[k][i] = static_cast<float>(math(i));
    }
    // A stream that starts with the block given, else made on demand.
    rng::Stream stream(std::size_t i, int age, rng::Purpose purpose, const Block* first_block) const {
        if (!first_block) return stream(i, age, purpose);
        return rng::Stream(year_key_, pop_.index_in_cohort[i], pop_.birth_year[i], static_cast<std::uint32_t>(age), purpose, *first_block);
    }
    rng::Stream stream(std::size_t i, int age, rng::Purpose purpose) const {
        return rng::Stream(key_, pop_.index_in_cohort[i], pop_.birth_year[i], static_cast<std::uint32_t>(age), purpose);
    }
    void mark(std::size_t i, YearEvent e, int level, int grade) {
        pop_.event[i] = e;
        pop_.event_level[i] = static_cast<std::uint8_t>(level);
        pop_.event_grade[i] = static_cast<std::uint8_t>(grade);
    }

    // shared_sums.cpp: the sums over schools and tracks that couple children, and the year's record.
    void reset_parts(std::size_t workers);
    void aggregate_only(int year, const Executor& exec);
    void accumulate(Aggregates& a, std::size_t begin, std::size_t end, int year) const;
    void apply_aggregates(int year);

    // birth.cpp: birth and household.
    void born(std::size_t i, const Block* first_block);
    void births(std::size_t c, std::size_t m, const Block* first_blocks);
    void settle_household(std::size_t i, const Household& h);
    // home_years.cpp: early language at 2.5, VE, and the year at 3.
    void home_years(std::size_t i, int age, const Block* first_block, const Block* preschool_block = nullptr);
    void early_language(std::size_t c, std::size_t m, const Block* first_blocks);
    // school_entry.cpp: groep 1 and connection groups.
    void school_entry(std::size_t i, double route_uniform);
    void connection_group(std::size_t i, int age);
    // school_choice.cpp: primary school choice and the lottery.
    void settle_school_choice(int year, const Executor& exec);
    void rank_families_reference(std::size_t base, std::size_t begin, std::size_t end, std::size_t k_max, std::uint64_t* lottery,
                                 std::int32_t* set_first, std::uint8_t* ranked) const;
    void choice_options_body(std::size_t first_child, std::size_t first_key, std::size_t families, std::size_t k_max,
                             const std::uint32_t* words, std::size_t stream_words, std::uint64_t* lottery, std::int32_t* set_first,
                             std::int32_t* options, double* base_utility, double* uniform) const;
    PATHWAYS_SIMD_DECLARE(choice_options, (std::size_t first_child, std::size_t first_key, std::size_t families, std::size_t k_max,
                                           const std::uint32_t* words, std::size_t stream_words, std::uint64_t* lottery,
                                           std::int32_t* set_first, std::int32_t* options, double* base_utility, double* uniform) const)
    // library_at_school.cpp: dBos (A6a), the schools the year's budget reaches.
    void allocate_library();
    // budgets.cpp: the shares of eligible children the levers' budgets reach this year (budget.hpp),
    // and after the year's pass what they spent.
    void plan_budgets(int year);
    void close_budgets();
    // The share of district d's eligible children lever l reaches: from its budget where it has one, else `share`.
    double lever_share(Lever l, std::size_t d, double share) const {
        return budgeted_[static_cast<std::size_t>(l)] ? budget_share_[static_cast<std::size_t>(l) * district_count() + d] : share;
    }
    bool budgeted(Lever l) const { return budgeted_[static_cast<std::size_t>(l)] != 0; }
    // A child eligible for budgeted lever l in district d, and whether it was reached (counts in
    // integers, so the totals are the same in any order of children and threads).
    void count_budget(Lever l, std::size_t d, bool reached) {
        const std::size_t k = static_cast<std::size_t>(l) * district_count() + d;
        std::atomic_ref<std::uint32_t>(budget_eligible_[k]).fetch_add(1, std::memory_order_relaxed);
        if (reached) std::atomic_ref<std::uint32_t>(budget_reached_[k]).fetch_add(1, std::memory_order_relaxed);
    }
    // wellbeing.cpp: wellbeing, attendance, youth care and group prevention.
    void wellbeing_year(std::size_t i, int age, rng::YearDraws& draws);
    template <class Rng>
    void youth_care_year(std::size_t i, bool prevention, Rng& r);
    void wellbeing_lanes(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                         std::uint8_t* left);
    void wellbeing_lanes_body(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                              std::uint8_t* left);
    PATHWAYS_SIMD_DECLARE(wellbeing_lanes, (std::size_t c, std::size_t m, int year, const std::int16_t* at,
                                            const rng::YearBlockBatch& blocks, std::uint8_t* left))
    // learning.cpp: the school year's skill growth in primary, 10-14/0-18 and secondary school.
    double school_learning(std::size_t i, rng::YearDraws& draws);
    PushLayout push_layout() const;
    void learning_lanes(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                        const std::uint8_t* wellbeing_left, double* position, std::uint8_t* left);
    void learning_lanes_body(std::size_t c, std::size_t m, int year, const std::int16_t* at, const rng::YearBlockBatch& blocks,
                             const std::uint8_t* wellbeing_left, double* position, std::uint8_t* left);
    PATHWAYS_SIMD_DECLARE(learning_lanes, (std::size_t c, std::size_t m, int year, const std::int16_t* at,
                                           const rng::YearBlockBatch& blocks, const std::uint8_t* wellbeing_left, double* position,
                                           std::uint8_t* left))
    void allocate_reading();
    void derive_school_pushes();
    void derive_class_pushes();
    // Where the growth push tables' secondary classes start (the schools come first).
    std::size_t growth_push_secondary() const { return 2 * schools_.size(); }
    // primary_year.cpp: how a primary school year ends, and the 10-14 route's entry at groep 7.
    bool primary_progress(std::size_t i, int age, rng::YearDraws& draws);
    bool school_progress(std::size_t i, int age, rng::YearDraws& draws, double position);
    // selection.cpp: advice, end-of-primary test, revision and placement at 12.
    void select_at_twelve(std::size_t i, int age, const Block* first_blocks);
    void select_pass(const std::size_t* children, const int* ages, std::size_t n);
    // routes.cpp: 10-14 schools and 0-18 learning communities.
    void heterogeneous_progress(std::size_t i, int age, rng::YearDraws& draws);
    void select_later(std::size_t i, int age);
    // secondary_year.cpp: how a secondary school year ends, decision by decision.
    void secondary_progress(std::size_t i, int age, rng::YearDraws& draws, double position);
    double settle_or_move(std::size_t i, rng::YearDraws& draws);
    void exam_year(std::size_t i, int age, double position, double results);
    void retention_or_next_year(std::size_t i, rng::YearDraws& draws, double position, int level);
    bool leaves_early(std::size_t i, rng::YearDraws& draws, double position);
    void leave(std::size_t i, Stage stage);
    // end_of_year.cpp: shock and recovery, the diploma after seven years, the trail.
    void end_year(std::size_t c, std::size_t m, int year, const std::uint8_t* has_year, const SchoolAge* children, std::size_t n);
    void year_record_body(std::size_t c, std::size_t m, int year, const std::uint8_t* has_year);
    PATHWAYS_SIMD_DECLARE(year_record, (std::size_t c, std::size_t m, int year, const std::uint8_t* has_year))
    // shock.cpp and migration.cpp.
    void shock_and_recovery(std::size_t i, int age);
    void migrate(std::size_t i, int age);
    void arrive(std::size_t i, int age);
    // school_choice.cpp: the caps of admission agreements (each school's places for low-SES and other pupils).
    struct AdmissionQuota {
        std::vector<std::uint8_t> capped;  // by district
        std::vector<int> low, other, low_taken, other_taken;  // by school
    };
    AdmissionQuota admission_quota(std::size_t base, std::size_t n) const;
    // primary_year.cpp: special primary education (sbo) and passend onderwijs.
    void special_education_year(std::size_t i, int age, int grade);

    Params params_;
    Norms norms_;
    std::vector<std::size_t> cohort_size_, cohort_offset_;
    std::vector<std::vector<double>> cohort_district_shares_;
    rng::StreamKey key_;
    rng::Stream::Philox::key_type year_key_;  // key_ as Philox takes it, made once for the year slots
    double potential_within_sd_ = 1;
    double national_shift_mean_ = 0;
    Population pop_;
    std::vector<School> schools_;
    // A district's schools are consecutive in schools_, ordered by position: district_first_school_[d]
    // and the district_school_count_[d] after it. The schools' positions and profiles also as
    // arrays of their own, which school choice's vectorised loops gather from.
    std::vector<std::int32_t> district_first_school_, district_school_count_;
    std::vector<double> school_position_, school_profile_;
    // Per-year state shared by all children (read-only during the parallel update).
    std::vector<double> school_mean_achievement_;
    std::vector<double> school_shortage_;
    std::vector<std::uint8_t> school_library_;  // dBos this year
    std::vector<std::uint8_t> school_reading_;  // reading for pleasure this year (allocate_reading)
    // The growth pushes over kappa of every school year (learning.cpp): by school and workshop
    // this year (derive_school_pushes), by class and for 10-14 (derive_class_pushes); dBos by school.
    std::vector<double> push_language_k_, push_math_k_;
    std::vector<std::int32_t> school_library_lane_;  // by school: bit 0 dBos, bit 1 reading for pleasure
    bool any_library_ = false;  // some school has dBos or reading for pleasure this year
    bool same_pushes_ = false;  // push_language_k_ and push_math_k_ equal bit for bit (no dBos reading this year)
    // The levers (levers.hpp): the districts each reaches when active, [lever * districts +
    // district], and this calendar year's flags in the same layout (set_levers, before the year's pass).
    std::vector<std::uint8_t> lever_districts_, lever_reach_;
    PreschoolParams ve_lever_{};              // VE under the VE lever
    bool ve_lever_changes_ = false;           // levers.ve_* set: children under the lever carry ve_lever_bit
    SecondaryParams secondary_without_broad_{};  // year-1 placement where broad bridge classes are not offered
    std::vector<std::int64_t> school_pupils_;   // on 1 October
    std::vector<double> school_mean_language_;
    std::vector<int> school_intake_;
    std::array<double, kTracks * kGrades> track_mean_{};  // by class: track x secondary year
    std::array<double, kTracks * kGrades> track_sd_{};
    // Rate quantiles, derived once from the parameters.
    double q_kindergarten_ = 0, q_primary_retention_ = 0, q_early_leaving_ = 0, q_upper_drop_ = 0;
    double q_special_referral_ = 0;
    std::array<std::array<double, 7>, kTracks> q_secondary_retention_{};
    std::array<double, kTracks> q_exam_fail_{}, q_custom_exam_fail_{};  // the latter for custom-diploma candidates
    // Square roots of the rules, derived once from the parameters (the same values each rule
    // would work out per child).
    Selectivity primary_retention_selectivity_{0}, secondary_retention_selectivity_{0}, exam_selectivity_{0},
        early_leaving_selectivity_{0};
    ResultNoise results_noise_{0}, test_noise_{0};
    double early_leaving_position_weight_ = 1;  // sqrt(1 - w^2)
    WellbeingTerms wellbeing_terms_{};           // the wellbeing rule's terms (wellbeing.hpp)
    // This year's lever flags as bit masks for the passes over chunks (district_count() <= 32).
    std::uint32_t prevention_mask_ = 0;  // bit d: group prevention in district d this year
    std::uint32_t workshop_mask_ = 0;    // bit d: opportunity workshop in district d this year
    std::uint32_t attendance_mask_ = 0;  // bit d: the attendance approach in district d this year
    // Budgets (budgets.cpp): which levers have one, this year's shares [lever * districts + district],
    // this year's eligible and reached children, and the eligible children and pupils at the stage
    // seen so far (the eligible rate that turns next year's pupils at the stage into eligible ones).
    std::array<std::uint8_t, kLevers> budgeted_{};
    std::vector<double> budget_share_;
    std::vector<std::uint32_t> budget_eligible_, budget_reached_;
    std::vector<double> budget_stage_now_, budget_stage_seen_, budget_eligible_seen_;
    bool vector_passes_ = false;
    bool reference_school_choice_ = false;
    std::vector<YearRecord> years_;
    std::vector<Aggregates> parts_;  // one per worker: integer sums, so any split gives the same totals
};

}  // namespace pathways::model
