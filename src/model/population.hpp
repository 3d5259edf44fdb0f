// The population as a structure of arrays: one vector per attribute, indexed by child. Children
// of all simulated birth cohorts live side by side; a child is addressed for random numbers by
// (index within its cohort, birth year), so the storage order never changes what it draws.
#pragma once

#include "model/column.hpp"

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace pathways::model {

// Where a child is in its pathway. Values are stored in HDF5: never renumber.
enum class Stage : std::uint8_t {
    unborn = 0,
    home = 1,
    preschool = 2,      // voorschoolse educatie (VE)
    primary = 3,        // groep 1-8
    ten_fourteen = 4,   // 10-14 school
    secondary = 5,      // VO, any track
    left_with_diploma = 6,
    left_without_diploma = 7,  // early leaver (vsv) or left after a failed exam
    left_pro = 8,              // finished praktijkonderwijs
};

// In school: a stage whose year is a school year (primary, 10-14 or 0-18, secondary).
inline bool in_school(Stage s) { return s == Stage::primary || s == Stage::ten_fourteen || s == Stage::secondary; }

// Which route through the transition at 12 a child takes. Stored in HDF5.
enum class Route : std::uint8_t { regular = 0, ten_fourteen = 1, zero_eighteen = 2 };

// Type of class in the first secondary years. Stored in HDF5.
enum class ClassType : std::uint8_t { categorical = 0, dual = 1, broad = 2, havokans = 3 };

// Interventions a child took part in (bits of Population::interventions).
enum Intervention : std::uint8_t {
    connection_group_bit = 1, havokans_bit = 2, recovery_bit = 4, handover_bit = 8, custom_diploma_bit = 16,
    ve_lever_bit = 32,  // VE indication under the VE lever (levers.ve_*): its reach, hours and quality
    first1000_bit = 64,        // reached by a first-1000-days programme
    promoted_instead_bit = 128,  // moved on with support at least once instead of repeating (fewer_repeats)
};

// Levels for yearly rates: 0 = primary (groep 1-8), 1 + track in secondary (year 1-6).
inline constexpr int kLevels = 7;
inline constexpr int kGrades = 9;  // index by grade, 0 unused

// Whether a child arrived in the city during primary school with Dutch as a second language
// (migration.cpp), and whether it spent its first year in a newcomer class. Stored in HDF5.
enum Newcomer : std::uint8_t { not_newcomer = 0, newcomer_mainstream = 1, newcomer_nt2_class = 2 };

// Where a pupil referred to special primary education learns (primary_year.cpp). Stored in HDF5.
enum SpecialPlace : std::uint8_t { not_referred = 0, special_school = 1, supported_regular = 2 };

inline constexpr int kSnapshotAges[4] = {4, 8, 12, 15};  // the microdata's language_4 ... math_15

// What ended a child's school year, counted per level and grade for yearly rates. Stored in HDF5.
enum class YearEvent : std::uint8_t {
    none = 0, promoted = 1, repeated = 2, exam_passed = 3, exam_failed = 4, left_early = 5, moved_down_upper = 6,
    left_with_diploma = 7,  // a stacker leaving before the second exam
};
inline constexpr int kYearEvents = 8;

struct Population {
    // identity
    Column<std::uint32_t> index_in_cohort;
    Column<std::uint16_t> birth_year;
    // household (set at birth)
    Column<std::uint8_t> district;
    Column<float> home_position;  // position along the district, for distances to schools
    Column<std::uint8_t> low_ses;
    Column<std::uint8_t> income_group;  // 0 lowest, 1 middle, 2 highest
    Column<std::uint8_t> parent_edu;    // 0 low, 1 middle, 2 high
    Column<std::uint8_t> multilingual;
    Column<float> potential;             // latent learning potential, national N(0,1)
    // skills: measured skill = kappa * (potential + deviation) (+ the VE component for language)
    Column<float> dev_language;
    Column<float> dev_math;
    Column<float> ve_component;
    // early years
    Column<std::uint8_t> ve_target;
    Column<std::uint8_t> ve_participant;
    // school career
    Column<Stage> stage;
    Column<Route> route;
    Column<std::int8_t> grade;      // groep 1-8 in primary, year 1-6 in secondary
    Column<std::int32_t> school;    // primary school (index), kept after leaving; -1 before entry
    Column<std::int8_t> track;      // Track, lowest level of the current class
    Column<std::int8_t> track_high; // highest level of the current class (bridge classes)
    Column<ClassType> class_type;
    Column<ClassType> class_year1;
    Column<std::uint8_t> retained_primary;  // bit 0: kept back in groep 2; bits 1-2: repeats in groep 3-8
    Column<std::uint8_t> retained_secondary;
    Column<std::int8_t> teacher_advice;  // advice category 0-8, -1 none
    Column<std::int8_t> test_advice;
    Column<std::int8_t> final_advice;
    Column<float> teacher_score;         // the teacher's judgement at 12, standardised (bias included)
    Column<std::int8_t> track_year1;
    Column<std::int8_t> track_high_year1;  // highest level of the year-1 class (a bridge class spans several)
    Column<std::int8_t> track_year3;
    // The track (lowest level of the class) on 1 October of the k-th school year since entering
    // secondary school, k = 0..5 (calendar years: a repeated year counts), -1 when not in a
    // secondary class that year: the pupil's path, from which the mobility figures M01-M03 come.
    Column<std::int8_t> track_in_year[6];
    Column<std::uint8_t> moves_up;
    Column<std::uint8_t> moves_down;
    Column<std::uint8_t> secondary_years;  // school years since entering secondary (10-14: since age 12)
    Column<std::int8_t> diploma;           // highest VO diploma so far (Track), -1 none
    Column<std::int8_t> diploma_age;
    // the highest diploma 4, 5, 6 and 7 years after entry (k = 0..3; on leaving, if earlier), -2
    // not reached: D01-D06 at seven years, and how soon the diplomas come (D14-D16)
    Column<std::int8_t> diploma_after[4];
    Column<std::uint8_t> early_leaver;
    Column<float> language_at[4];          // snapshots at kSnapshotAges
    Column<float> math_at[4];
    Column<std::uint64_t> trail;           // running hash of every transition (provenance checksum)
    Column<std::uint8_t> interventions;    // Intervention bits
    Column<std::uint8_t> library_years;    // school years in a primary school with dBos
    Column<std::uint8_t> reading_years;    // school years in a primary school with reading for pleasure
    Column<float> shock_loss;              // skill lost in a COVID-type shock (SD)
    Column<float> wellbeing;               // social-emotional wellbeing, national N(0,1)
    Column<float> wellbeing_at_15;
    Column<float> absence;                 // lessons missed, summed over school years
    Column<std::uint8_t> youth_care_years; // years with individual youth care
    Column<std::uint8_t> group_help_years; // years with group help instead
    Column<std::uint8_t> prevention_years; // school years in a district with group prevention
    Column<std::uint8_t> years_in_school;
    Column<std::uint8_t> attendance_years; // school years in a district with the attendance approach
    Column<std::uint8_t> workshop_years;   // primary school years in a district with an opportunity workshop
    Column<std::uint8_t> resident;         // lives in the city (net migration moves children out)
    Column<std::uint8_t> newcomer;         // Newcomer: arrived during primary school with Dutch as a second language
    Column<std::uint8_t> special;          // SpecialPlace: referred to sbo, or supported in the regular school instead
    Column<std::uint8_t> special_years;    // primary school years in sbo or with that support
    // The last school year's event and where it happened (level 0 = primary, 1 + track in secondary).
    Column<YearEvent> event;
    Column<std::uint8_t> event_level;
    Column<std::uint8_t> event_grade;

    std::size_t size() const { return index_in_cohort.size(); }

    // The per-child microdata of a results file (docs/hdf5-layout.md, /replicates/N/children):
    // f(name, is_integer, value_of_child) for each column, in the file's order. A column added
    // above that users should see is listed here too.
    template <class F>
    void for_each_microdata_column(F&& f) const {
        const auto integer = [&](const char* name, auto get) { f(name, true, [&](std::size_t i) { return static_cast<double>(get(i)); }); };
        const auto real = [&](const char* name, auto get) { f(name, false, [&](std::size_t i) { return static_cast<double>(get(i)); }); };
        integer("child", [&](std::size_t i) { return index_in_cohort[i]; });
        integer("birth_year", [&](std::size_t i) { return birth_year[i]; });
        integer("district", [&](std::size_t i) { return district[i]; });
        integer("parent_edu", [&](std::size_t i) { return parent_edu[i]; });
        integer("home_language", [&](std::size_t i) { return multilingual[i]; });
        integer("income_group", [&](std::size_t i) { return income_group[i]; });
        integer("ve_target", [&](std::size_t i) { return ve_target[i]; });
        integer("ve_participant", [&](std::size_t i) { return ve_participant[i]; });
        integer("route", [&](std::size_t i) { return static_cast<int>(route[i]); });
        integer("primary_school", [&](std::size_t i) { return school[i]; });
        integer("retained_primary", [&](std::size_t i) { return retained_primary[i]; });
        integer("teacher_advice", [&](std::size_t i) { return teacher_advice[i]; });
        integer("test_advice", [&](std::size_t i) { return test_advice[i]; });
        integer("final_advice", [&](std::size_t i) { return final_advice[i]; });
        real("teacher_score", [&](std::size_t i) { return teacher_score[i]; });
        integer("class_year1", [&](std::size_t i) { return static_cast<int>(class_year1[i]); });
        integer("track_year1", [&](std::size_t i) { return track_year1[i]; });
        integer("track_high_year1", [&](std::size_t i) { return track_high_year1[i]; });
        integer("track_year3", [&](std::size_t i) { return track_year3[i]; });
        static constexpr const char* kTrackInYear[6] = {"track_in_year_1", "track_in_year_2", "track_in_year_3",
                                                        "track_in_year_4", "track_in_year_5", "track_in_year_6"};
        for (std::size_t k = 0; k < 6; ++k) integer(kTrackInYear[k], [&](std::size_t i) { return track_in_year[k][i]; });
        integer("moves_up", [&](std::size_t i) { return moves_up[i]; });
        integer("moves_down", [&](std::size_t i) { return moves_down[i]; });
        integer("retained_secondary", [&](std::size_t i) { return retained_secondary[i]; });
        static constexpr const char* kDiplomaAfter[4] = {"diploma_at_4", "diploma_at_5", "diploma_at_6", "diploma_at_7"};
        for (std::size_t k = 0; k < 4; ++k) integer(kDiplomaAfter[k], [&](std::size_t i) { return diploma_after[k][i]; });
        integer("diploma", [&](std::size_t i) { return diploma[i]; });
        integer("diploma_age", [&](std::size_t i) { return diploma_age[i]; });
        integer("early_leaver", [&](std::size_t i) { return early_leaver[i]; });
        integer("interventions", [&](std::size_t i) { return interventions[i]; });
        integer("library_years", [&](std::size_t i) { return library_years[i]; });
        integer("reading_years", [&](std::size_t i) { return reading_years[i]; });
        integer("final_stage", [&](std::size_t i) { return static_cast<int>(stage[i]); });
        real("potential", [&](std::size_t i) { return potential[i]; });
        real("shock_loss", [&](std::size_t i) { return shock_loss[i]; });
        real("wellbeing_15", [&](std::size_t i) { return wellbeing_at_15[i]; });
        real("absence", [&](std::size_t i) { return absence[i]; });
        integer("youth_care_years", [&](std::size_t i) { return youth_care_years[i]; });
        integer("group_help_years", [&](std::size_t i) { return group_help_years[i]; });
        integer("years_in_school", [&](std::size_t i) { return years_in_school[i]; });
        integer("newcomer", [&](std::size_t i) { return newcomer[i]; });
        integer("special", [&](std::size_t i) { return special[i]; });
        integer("special_years", [&](std::size_t i) { return special_years[i]; });
        static constexpr const char* kLanguage[4] = {"language_4", "language_8", "language_12", "language_15"};
        static constexpr const char* kMath[4] = {"math_4", "math_8", "math_12", "math_15"};
        for (std::size_t k = 0; k < 4; ++k) {
            real(kLanguage[k], [&](std::size_t i) { return language_at[k][i]; });
            real(kMath[k], [&](std::size_t i) { return math_at[k][i]; });
        }
    }

    // Every column with its value before a child is born (the block starts zeroed).
    template <class F>
    void for_each_column(F&& f) { columns(*this, f); }
    template <class F>
    void for_each_column(F&& f) const { columns(*this, f); }

    // Room for n children, all unborn; once, before the first step.
    void resize(std::size_t n) {
        std::size_t bytes = 0;
        for_each_column([&](auto& column, auto) { bytes += ColumnArena::padded(n * sizeof(column[0])); });
        arena_ = ColumnArena(bytes);
        std::byte* next = arena_.data();
        for_each_column([&](auto& column, auto value) {
            using T = std::remove_reference_t<decltype(column[0])>;
            column = Column<T>(reinterpret_cast<T*>(next), n);
            if (value != T{}) std::fill(column.begin(), column.end(), value);
            next += ColumnArena::padded(n * sizeof(T));
        });
    }

private:
    template <class Self, class F>
    static void columns(Self& p, F& f) {
        f(p.index_in_cohort, 0u); f(p.birth_year, std::uint16_t{0});
        f(p.district, std::uint8_t{0}); f(p.home_position, 0.f); f(p.low_ses, std::uint8_t{0}); f(p.income_group, std::uint8_t{0});
        f(p.parent_edu, std::uint8_t{0}); f(p.multilingual, std::uint8_t{0}); f(p.potential, 0.f);
        f(p.dev_language, 0.f); f(p.dev_math, 0.f); f(p.ve_component, 0.f);
        f(p.ve_target, std::uint8_t{0}); f(p.ve_participant, std::uint8_t{0});
        f(p.stage, Stage::unborn); f(p.route, Route::regular); f(p.grade, std::int8_t{0});
        f(p.school, -1); f(p.track, std::int8_t{-1}); f(p.track_high, std::int8_t{-1});
        f(p.class_type, ClassType::categorical); f(p.class_year1, ClassType::categorical);
        f(p.retained_primary, std::uint8_t{0}); f(p.retained_secondary, std::uint8_t{0});
        f(p.teacher_advice, std::int8_t{-1}); f(p.test_advice, std::int8_t{-1}); f(p.final_advice, std::int8_t{-1});
        f(p.teacher_score, 0.f);
        f(p.track_year1, std::int8_t{-1}); f(p.track_high_year1, std::int8_t{-1}); f(p.track_year3, std::int8_t{-1});
        for (auto& v : p.track_in_year) f(v, std::int8_t{-1});
        f(p.moves_up, std::uint8_t{0}); f(p.moves_down, std::uint8_t{0});
        f(p.secondary_years, std::uint8_t{0}); f(p.diploma, std::int8_t{-1}); f(p.diploma_age, std::int8_t{-1});
        for (auto& v : p.diploma_after) f(v, std::int8_t{-2});
        f(p.early_leaver, std::uint8_t{0});
        for (auto& v : p.language_at) f(v, 0.f);
        for (auto& v : p.math_at) f(v, 0.f);
        f(p.trail, std::uint64_t{0});
        f(p.interventions, std::uint8_t{0}); f(p.library_years, std::uint8_t{0}); f(p.reading_years, std::uint8_t{0});
        f(p.shock_loss, 0.f);
        f(p.wellbeing, 0.f); f(p.wellbeing_at_15, 0.f); f(p.absence, 0.f); f(p.youth_care_years, std::uint8_t{0});
        f(p.group_help_years, std::uint8_t{0}); f(p.prevention_years, std::uint8_t{0}); f(p.years_in_school, std::uint8_t{0});
        f(p.attendance_years, std::uint8_t{0});
        f(p.resident, std::uint8_t{1}); f(p.workshop_years, std::uint8_t{0});
        f(p.newcomer, std::uint8_t{0}); f(p.special, std::uint8_t{0}); f(p.special_years, std::uint8_t{0});
        f(p.event, YearEvent::none); f(p.event_level, std::uint8_t{0}); f(p.event_grade, std::uint8_t{0});
    }

    ColumnArena arena_;
};

}  // namespace pathways::model
