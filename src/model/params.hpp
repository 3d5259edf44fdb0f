// The model's parameters as plain values, grouped by process. Nothing here has a default: every
// field has exactly one entry in the schema (schema.cpp) that gives its scenario key, unit,
// default, range, meaning and source, and the TOML reader, the HDF5 provenance and
// docs/parameters.md are all derived from that schema.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pathways::model {

inline constexpr int kParentEdu = 3;  // low / middle / high (CBS classification)

// Secondary tracks, lowest to highest. Values are stored in HDF5: never renumber.
enum class Track : std::int8_t {
    none = -1,
    pro = 0,      // praktijkonderwijs (and vso, special secondary education)
    vmbo_b = 1,   // vmbo basisberoepsgerichte leerweg
    vmbo_k = 2,   // vmbo kaderberoepsgerichte leerweg
    vmbo_gt = 3,  // vmbo gemengde/theoretische leerweg (mavo)
    havo = 4,
    vwo = 5,
};
inline constexpr int kTracks = 6;
inline constexpr int kAdviceCategories = 9;  // pro/b, b/k, k, k/gt, gt, gt/havo, havo, havo/vwo, vwo

enum class TestRegime : std::uint8_t { doorstroomtoets = 0, end_test = 1 };

struct PopulationParams {
    int first_birth_year{};
    int birth_cohorts{};
    int cohort_size{};
    int last_age{};
    // Districts (wijken): parallel lists, one entry per district.
    std::vector<std::string> district_names;
    std::vector<double> district_birth_share;
    std::vector<double> district_low_ses_share;
    std::array<double, kParentEdu> parent_edu_if_low_ses{};
    std::array<double, kParentEdu> parent_edu_if_not_low_ses{};
    double multilingual_if_low_ses{};
    double multilingual_if_not_low_ses{};
    std::array<double, kParentEdu> high_income_share_if_not_low_ses{};
    std::array<double, kParentEdu> potential_mean_by_parent_edu{};
    double potential_low_income_shift{};
    double potential_high_income_shift{};
};

struct HomeParams {
    std::array<double, kParentEdu> language_shift_by_parent_edu{};
    double multilingual_language_shift{};
    double multilingual_math_shift{};
    double first1000_effect{};
};

struct PreschoolParams {
    double target_threshold{};
    double reach{};
    double effect{};
    double quality{};
    double hours{};
    double fade_per_year{};
    double wellbeing_effect{};
};

struct PrimaryParams {
    double pupils_per_school_per_cohort{};
    double capacity_slack{};
    int choice_set{};
    double distance_weight{};
    double segregation_tendency{};
    double catch_up{};
    double deviation_sd{};
    double peer_effect{};
    double shortage_mean{};
    double shortage_national{};
    double shortage_gradient{};
    double loss_per_unfilled_fte{};
    double kindergarten_retention{};
    double retention{};
    double retention_selectivity{};
    double retention_effect{};  // a repeated year's shift of skill against promotion
};

struct SelectionParams {
    bool double_advice{};
    std::array<double, kAdviceCategories> advice_shares{};
    double teacher_potential_weight{};
    double teacher_noise_sd{};
    std::array<double, kParentEdu> teacher_bias_by_parent_edu{};
    double advice_level_shift{};
    double double_advice_scale{};
    TestRegime test_regime{};
    double test_noise_sd_doorstroomtoets{};
    double test_noise_sd_end_test{};
    double test_shift_doorstroomtoets{};
    double test_shift_end_test{};
    double raise_probability_doorstroomtoets{};
    double raise_probability_end_test{};
    double raise_selectivity{};
    double raise_partial_share{};
    double pro_share{};
};

struct SecondaryParams {
    double broad_bridge_share{};
    double class_above_advice_share{};
    double above_advice_categorical_share{};
    std::array<double, kTracks> track_growth{};
    double perf_noise_sd{};
    double move_up_margin{};
    double move_down_margin{};
    double move_probability{};
    double move_up_ratio{};
    double year1_down_ratio{};
    double move_back_ratio{};
    double settle_up_margin{};
    double basis_up_after_year3{};
    double move_choice_bias{};
    double retention_year1{};
    double retention_havo3{};
    double retention_havo4{};
    double retention_vmbo_upper{};
    double retention_vwo_upper{};
    double retention_other{};
    double retention_selectivity{};
    std::array<double, kTracks> exam_pass{};
    double exam_selectivity{};
    double repeat_after_fail{};
    double stack_gt_to_havo{};
    double stack_havo_to_vwo{};
    double upper_drop{};
    double early_leaving{};
    double early_leaving_selectivity{};
};

struct RouteParams {
    double ten_fourteen_share{};
    double zero_eighteen_share{};
    int zero_eighteen_selection_age{};
    double later_selection_noise_sd{};
    double later_choice_bias{};
    double heterogeneous_pace{};
};

// Wellbeing, attendance and youth care (MODEL.md §3.9).
struct WellbeingParams {
    double persistence{};
    double low_share{};
    double absence_base{};
    double absence_low_extra{};
    double absence_loss{};
    double youth_care_base{};
    double youth_care_low_ratio{};
    double early_leaving_weight{};
    double shock_drop{};
};

// Interventions of the UOA work agenda (MODEL.md §3-4). Every one is off in the baseline.
struct InterventionParams {
    // Connection groups (verbindingsgroepen) for 4-year-olds not yet ready for groep 1.
    double connection_share{};
    double connection_readiness{};
    double connection_effect{};
    double connection_cost{};
    // Library at school (dBos), allocated to the schools with the largest language gaps.
    double library_budget{};
    double library_cost_per_pupil{};
    double library_effect{};
    // Havokans-klas: vmbo-gt advice with havo prospects.
    double havokans_share{};
    double havokans_support{};
    double havokans_cost{};
    // Preschool cost, for VE scenarios' cost side.
    double preschool_cost{};
    // A COVID-type shock in one calendar year, and a recovery programme.
    int shock_year{};
    double shock_loss{};
    double shock_low_edu_multiplier{};
    double recovery_share{};
    double recovery_effect{};
    double recovery_cost{};
    // Group prevention for mental health and performance pressure in chosen districts (A1, A3).
    std::vector<std::string> prevention_districts;
    double prevention_effect{};
    double prevention_collective_share{};
    double prevention_cost{};
    // Attendance instead of absence (ontwikkelrecht, A32).
    double attendance_share{};
    double attendance_cost{};
    // Warm hand-over from primary to secondary school (A29).
    double handover_share{};
    double handover_weight{};
    double handover_cost{};
    // Opportunity workshops (kansenwerkplaatsen) in districts selected by need.
    std::vector<std::string> workshop_districts;
    double workshop_effect{};
    double workshop_cost{};
    // Custom diploma (maatwerkdiploma, A31): subjects at the next level.
    double custom_diploma_share{};
    double custom_fail_reduction{};
    double custom_stack_ratio{};
    double custom_cost{};
    // Seed policies (issue 28): the first 1000 days, reading for pleasure, fewer repeated years.
    double first1000_reach{};          // share of children with a risk factor reached at 0-2
    double first1000_cost{};
    double reading_school_share{};     // share of primary schools with daily free reading
    double reading_minutes{};          // its dose, minutes a school day
    double reading_effect{};           // yearly language push at 15 minutes a day
    double reading_cost{};
    double kindergarten_retention_avoided{};  // share of kleuterverlengingen replaced by promotion with support
    double retention_avoided{};               // share of repeats in groep 3-7 replaced likewise
    double promotion_support_cost{};
    // Budgets (budget.hpp): the city's children per year group, against which a yearly budget binds.
    double budget_city_births{};
    // Newcomers with Dutch as a second language (NT2) and newcomer classes (issue 28).
    double newcomer_rate{};
    double newcomer_deficit{};
    double nt2_share{};
    double nt2_effect{};
    double nt2_cost{};
    // Special primary education (sbo) and passend onderwijs: support in the regular school instead (issue 28).
    double special_referral{};
    double special_selectivity{};
    double special_wellbeing_weight{};
    double special_effect{};
    double special_cost{};
    double inclusion_share{};
    double inclusion_effect{};
    double inclusion_cost{};
    // Structural reforms' extra cost over the regular school (issue 28): staff hours for teaching
    // mixed or broad groups; buildings and transport are not costed.
    double ten_fourteen_cost{};
    double zero_eighteen_cost{};
    double broad_bridge_cost{};
    // Admission agreements against segregation: a cap on each primary school's low-SES intake (issue 28).
    double admission_margin{};
};

// When and where a policy lever acts (issue 28). Every intervention and structural reform is a
// lever; it acts on a child at the moment the child reaches the stage it works on (VE at 2, a
// havokans-klas at the transition at 12, a workshop in every primary year ...), and only when that
// moment's calendar year lies in [start_year, end_year] and the child lives in one of its
// districts. 0 and an empty list mean "always" and "the whole city": today's behaviour.
struct Timing {
    int start_year{};                    // first calendar year the lever acts (0: always)
    int end_year{};                      // last calendar year it acts (0: no end)
    std::vector<std::string> districts;  // names from population.district_names (empty: every district)
};

enum class Lever : std::uint8_t {
    ve = 0,             // a change of VE reach, hours or quality (levers.ve_*), decided at 2
    first1000,          // the first-1000-days programme (interventions.first1000_reach), at 2
    connection_groups,  // at school entry (4)
    zero_eighteen,      // the 0-18 route, chosen at school entry
    library,            // dBos, the schools of the lever's districts, each school year
    workshops,          // opportunity workshops, each primary year
    ten_fourteen,       // the 10-14 route, entered at groep 7
    havokans_klas,      // at the transition at 12
    broad_bridge,       // broad bridge classes, at the transition at 12
    handover,           // warm hand-over, at the transition at 12
    prevention,         // group prevention, each school year
    attendance,         // attendance instead of absence, each school year
    custom_diploma,     // in the exam year
    recovery,           // the recovery programme, the year after a shock
    reading,            // reading for pleasure, the schools of its districts, each primary year
    fewer_repeats,      // promotion with support instead of a repeated year, at the end of groep 2-7
    nt2,                // a newcomer class (NT2), at arrival during primary school
    inclusion,          // passend onderwijs: support in the regular school instead of a referral to sbo
    admission,          // admission agreements: the cap on a school's low-SES intake, at school choice (4)
};
inline constexpr int kLevers = 19;

struct LeverParams {
    std::array<Timing, kLevers> timing;  // by Lever
    std::array<double, kLevers> budget{};  // EUR per calendar year the lever is active (0: coverage from its share; budget.hpp)
    // VE under the lever (-1: as preschool.reach, .hours, .quality): the policy's values for the
    // children whose VE year falls in its window and districts; the others keep preschool.*.
    double ve_reach{};
    double ve_hours{};
    double ve_quality{};
};

// The planner's view (issue: pupils per school year and district): a city's population of a
// calendar year projected forward with births and net migration. Off when start_year is 0.
struct ProjectionParams {
    int start_year{};
    std::array<double, 3> start_population{};  // residents aged 0-3, 4-11 and 12-17 on the start date
    std::vector<double> births_known;           // births in the start year and after, where known
    double births_per_year{};
    double births_growth{};
    std::vector<double> district_growth;       // yearly growth of each district's share of births
    std::array<double, 3> net_migration{};     // yearly net migration rate for ages 0-3, 4-11, 12-17 (and older)
    std::vector<double> district_migration;    // factor on those rates per district
    double secondary_inside_share{};           // residents' secondary pupils at a school inside the city
    double secondary_outside_share{};          // pupils at the city's secondary schools living outside it
    std::vector<double> primary_places;        // places per district (empty: no capacities)
    double secondary_places{};                 // places at the city's secondary schools (0: none)
};

struct Params {
    PopulationParams population;
    HomeParams home;
    PreschoolParams preschool;
    PrimaryParams primary;
    SelectionParams selection;
    SecondaryParams secondary;
    RouteParams routes;
    WellbeingParams wellbeing;
    InterventionParams interventions;
    LeverParams levers;
    ProjectionParams projection;
};

}  // namespace pathways::model
