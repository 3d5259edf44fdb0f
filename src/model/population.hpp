// The population as a structure of arrays: one vector per attribute, indexed by child. Children
// of all simulated birth cohorts live side by side; a child is addressed for random numbers by
// (index within its cohort, birth year), so the storage order never changes what it draws.
#pragma once

#include <cstdint>
#include <vector>

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
};

inline constexpr int kSnapshotAges[4] = {4, 8, 12, 15};

// What ended a child's school year, counted per level and grade for yearly rates. Stored in HDF5.
enum class YearEvent : std::uint8_t {
    none = 0, promoted = 1, repeated = 2, exam_passed = 3, exam_failed = 4, left_early = 5, moved_down_upper = 6,
    left_with_diploma = 7,  // a stacker leaving before the second exam
};
inline constexpr int kYearEvents = 8;

struct Population {
    // identity
    std::vector<std::uint32_t> index_in_cohort;
    std::vector<std::uint16_t> birth_year;
    // household (set at birth)
    std::vector<std::uint8_t> district;
    std::vector<float> home_position;  // position along the district, for distances to schools
    std::vector<std::uint8_t> low_ses;
    std::vector<std::uint8_t> income_group;  // 0 lowest, 1 middle, 2 highest
    std::vector<std::uint8_t> parent_edu;    // 0 low, 1 middle, 2 high
    std::vector<std::uint8_t> multilingual;
    std::vector<float> potential;             // latent learning potential, national N(0,1)
    // skills: measured skill = kappa * (potential + deviation) (+ the VE component for language)
    std::vector<float> dev_language;
    std::vector<float> dev_math;
    std::vector<float> ve_component;
    // early years
    std::vector<std::uint8_t> ve_target;
    std::vector<std::uint8_t> ve_participant;
    // school career
    std::vector<Stage> stage;
    std::vector<Route> route;
    std::vector<std::int8_t> grade;      // groep 1-8 in primary, year 1-6 in secondary
    std::vector<std::int32_t> school;    // primary school (index), kept after leaving; -1 before entry
    std::vector<std::int8_t> track;      // Track, lowest level of the current class
    std::vector<std::int8_t> track_high; // highest level of the current class (bridge classes)
    std::vector<ClassType> class_type;
    std::vector<ClassType> class_year1;
    std::vector<std::uint8_t> retained_primary;  // bit 0: kept back in groep 2; bits 1-2: repeats in groep 3-8
    std::vector<std::uint8_t> retained_secondary;
    std::vector<std::int8_t> teacher_advice;  // advice category 0-8, -1 none
    std::vector<std::int8_t> test_advice;
    std::vector<std::int8_t> final_advice;
    std::vector<std::int8_t> track_year1;
    std::vector<std::int8_t> track_year3;
    std::vector<std::uint8_t> moves_up;
    std::vector<std::uint8_t> moves_down;
    std::vector<std::uint8_t> secondary_years;  // school years since entering secondary (10-14: since age 12)
    std::vector<std::int8_t> diploma;           // highest VO diploma so far (Track), -1 none
    std::vector<std::int8_t> diploma_age;
    std::vector<std::int8_t> diploma_at_7;      // highest diploma seven years after entry, -2 not reached
    std::vector<std::uint8_t> early_leaver;
    std::vector<float> language_at[4];          // snapshots at kSnapshotAges
    std::vector<float> math_at[4];
    std::vector<std::uint64_t> trail;           // running hash of every transition (provenance checksum)
    std::vector<std::uint8_t> interventions;    // Intervention bits
    std::vector<std::uint8_t> library_years;    // school years in a primary school with dBos
    std::vector<float> shock_loss;              // skill lost in a COVID-type shock (SD)
    std::vector<float> wellbeing;               // social-emotional wellbeing, national N(0,1)
    std::vector<float> wellbeing_at_15;
    std::vector<float> absence;                 // lessons missed, summed over school years
    std::vector<std::uint8_t> youth_care_years; // years with individual youth care
    std::vector<std::uint8_t> group_help_years; // years with group help instead
    std::vector<std::uint8_t> prevention_years; // school years in a district with group prevention
    std::vector<std::uint8_t> years_in_school;
    std::vector<std::uint8_t> workshop_years;   // primary school years in a district with an opportunity workshop
    std::vector<std::uint8_t> resident;         // lives in the city (net migration moves children out)
    // The last school year's event and where it happened (level 0 = primary, 1 + track in secondary).
    std::vector<YearEvent> event;
    std::vector<std::uint8_t> event_level;
    std::vector<std::uint8_t> event_grade;

    std::size_t size() const { return index_in_cohort.size(); }

    void resize(std::size_t n) {
        index_in_cohort.resize(n); birth_year.resize(n);
        district.resize(n); home_position.resize(n); low_ses.resize(n); income_group.resize(n);
        parent_edu.resize(n); multilingual.resize(n); potential.resize(n);
        dev_language.resize(n); dev_math.resize(n); ve_component.resize(n);
        ve_target.resize(n); ve_participant.resize(n);
        stage.resize(n, Stage::unborn); route.resize(n, Route::regular); grade.resize(n);
        school.resize(n, -1); track.resize(n, -1); track_high.resize(n, -1);
        class_type.resize(n, ClassType::categorical); class_year1.resize(n, ClassType::categorical);
        retained_primary.resize(n); retained_secondary.resize(n);
        teacher_advice.resize(n, -1); test_advice.resize(n, -1); final_advice.resize(n, -1);
        track_year1.resize(n, -1); track_year3.resize(n, -1); moves_up.resize(n); moves_down.resize(n);
        secondary_years.resize(n); diploma.resize(n, -1); diploma_age.resize(n, -1);
        diploma_at_7.resize(n, -2); early_leaver.resize(n);
        for (auto& v : language_at) v.resize(n, 0.f);
        for (auto& v : math_at) v.resize(n, 0.f);
        trail.resize(n);
        interventions.resize(n); library_years.resize(n); shock_loss.resize(n);
        wellbeing.resize(n); wellbeing_at_15.resize(n); absence.resize(n); youth_care_years.resize(n);
        group_help_years.resize(n); prevention_years.resize(n); years_in_school.resize(n); resident.resize(n, 1); workshop_years.resize(n);
        event.resize(n, YearEvent::none); event_level.resize(n); event_grade.resize(n);
    }
};

}  // namespace pathways::model
