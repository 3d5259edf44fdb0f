// The schema of the policies: interventions (MODEL.md §3.3-3.11, §4), the levers that say when and
// where each acts, and the planner's projection. Each default names its source.
#include "model/schema_build.hpp"

#include "model/budget.hpp"
#include "model/levers.hpp"

namespace pathways::model::schema_build {

void add_policies(std::vector<ParamSpec>& s) {
    // ---- interventions (MODEL.md §3.3-3.11, §4): all off in the baseline ----
    s.push_back(number("interventions.connection_share", FIELD(interventions.connection_share), 0.0, 0, 1, "share",
                       "Share of not-yet-ready VE target children who spend groep 1 in a connection group (verbindingsgroep).",
                       "seed 002 theme 5 and A30: Utrecht has started connection groups; coverage is a scenario choice"));
    s.push_back(number("interventions.connection_readiness", FIELD(interventions.connection_readiness), -1.3, -5, 5,
                       "SD", "Language at 4 below which a VE target child counts as not yet ready for groep 1.",
                       "assumption: the lowest third of target children"));
    s.back().priors = {U(-1.6, -1.0)};
    s.push_back(number("interventions.connection_effect", FIELD(interventions.connection_effect), 0.10, 0, 1, "SD",
                       "Language boost from a year in a connection group (childcare worker and teacher together), fading like VE (range 0-0.20).",
                       "assumption: no evaluation published; set equal to the VE effect of high process quality (V04)"));
    s.back().priors = {T(0.0, 0.05, 0.20)};
    s.push_back(number("interventions.connection_cost", FIELD(interventions.connection_cost), 3000, 0, 1e6, "EUR per child",
                       "Extra cost of a connection-group year per child (a pedagogical worker beside the teacher).",
                       "assumption: one extra worker (about EUR 45,000) per group of 15"));
    s.back().priors = {LU(1500, 6000)};
    s.push_back(number("interventions.library_budget", FIELD(interventions.library_budget), 0.0, 0, 1e9, "EUR per year",
                       "Yearly budget for the library at school (dBos), spent on the schools with the lowest mean language first.",
                       "seed 002 budget table: A6a EUR 400,000 in 2025 ('unequal investment for equal opportunities')"));
    s.push_back(number("interventions.library_cost_per_pupil", FIELD(interventions.library_cost_per_pupil), 30, 0, 1e5,
                       "EUR per pupil-year", "Cost of dBos per pupil and year at a covered school.",
                       "assumption: dBos contributions of EUR 20-40 per pupil (Bibliotheek op school)"));
    s.back().priors = {U(20, 40)};
    s.push_back(number("interventions.library_effect", FIELD(interventions.library_effect), 0.02, 0, 1, "SD per year",
                       "Yearly language gain for pupils of a covered school (range 0-0.05).",
                       "assumption: dBos monitor reports small positive associations with reading; no causal estimate"));
    s.back().priors = {U(0.0, 0.04)};
    s.push_back(number("interventions.havokans_share", FIELD(interventions.havokans_share), 0.0, 0, 1, "share",
                       "Share of pupils with a vmbo-gt advice and havo prospects (test advice havo or higher) placed in a havokans-klas.",
                       "seed 002 theme 5 (Globe College, Gregorius); coverage is a scenario choice"));
    s.push_back(number("interventions.havokans_support", FIELD(interventions.havokans_support), 0.06, 0, 2, "SD per year",
                       "Extra push from the challenge and support in a havokans-klas during years 1-2; it settles on havo or vmbo-gt after year 2.",
                       "assumption: L05 (itself an assumption), +10 pp P(havo in year 3) for participants (range 5-15 pp)"));
    s.back().priors = {U(0.0, 0.1)};
    s.push_back(number("interventions.havokans_cost", FIELD(interventions.havokans_cost), 1000, 0, 1e6,
                       "EUR per pupil-year", "Extra guidance per havokans pupil and year.",
                       "assumption: about one extra hour of guidance a week"));
    s.back().priors = {LU(500, 2000)};
    s.push_back(number("interventions.preschool_cost", FIELD(interventions.preschool_cost), 7000, 0, 1e6,
                       "EUR per child-year", "Cost of a VE place per participating child and year (1.5 years per child).",
                       "assumption: municipal VE budgets of EUR 6,000-9,000 per place (GOAB)"));
    s.back().priors = {LU(3500, 14000)};
    s.push_back(integer("interventions.shock_year", FIELD(interventions.shock_year), 0, 0, 2100, "year",
                        "Calendar year (school year starting 1 October) of a COVID-type shock; 0 = none.",
                        "C01-C03: school closures of 2020-2021"));
    s.push_back(number("interventions.shock_loss", FIELD(interventions.shock_loss), 0.08, 0, 2, "SD",
                       "Learning lost by pupils in school during the shock year (range 0.08-0.17).",
                       "C01: 0.08 SD after 8 weeks of closure (Engzell et al. 2021); C03: 0.08-0.17 SD in a full year"));
    s.back().priors = {U(0.06, 0.17)};
    s.push_back(number("interventions.shock_low_edu_multiplier", FIELD(interventions.shock_low_edu_multiplier), 1.6, 0,
                       10, "factor", "Loss of children of less-educated parents relative to the average loss.",
                       "C02: up to 60% larger (Engzell et al. 2021)"));
    s.back().priors = {U(1.0, 1.8)};
    s.push_back(number("interventions.recovery_share", FIELD(interventions.recovery_share), 0.0, 0, 1, "share",
                       "Share of shocked pupils of less-educated parents reached by a recovery programme the next year.",
                       "assumption: NP Onderwijs-style programmes; coverage is a scenario choice"));
    s.back().prior_note = "no prior: a scenario input (coverage)";
    s.push_back(number("interventions.recovery_effect", FIELD(interventions.recovery_effect), 0.5, 0, 1, "share",
                       "Share of a reached pupil's shock loss that the programme restores.",
                       "assumption: range 0.25-0.75"));
    s.back().priors = {U(0.0, 0.75)};
    s.push_back(number("interventions.recovery_cost", FIELD(interventions.recovery_cost), 700, 0, 1e6, "EUR per pupil",
                       "Cost of the recovery programme per pupil reached.",
                       "NP Onderwijs: 'per leerling gemiddeld zo'n 700 euro' (OCW as reported by NRC 2021 [NRC21], docs/evidence.md entry 22)"));
    s.back().priors = {U(500, 1000)};
    s.push_back(strings("interventions.prevention_districts", FIELD(interventions.prevention_districts), {},
                        "Districts with group prevention for mental health and performance pressure (names from population.district_names).",
                        "seed 002 A1, A3: 'Vleuten versterkt' and a similar approach in three new districts"));
    s.push_back(number("interventions.prevention_effect", FIELD(interventions.prevention_effect), 0.06, 0, 2,
                       "SD per year", "Yearly wellbeing gain of pupils in a district with group prevention.",
                       "docs/evidence.md entry 15: meta-analyses of school-based prevention [WS17, WS21], g about 0.2 after the programme and less at 12 months; a lasting g of 0.1-0.2 carried with wellbeing.persistence 0.6 is e = g (1 - 0.6) = 0.04-0.08 a year"));
    s.back().priors = {U(0.0, 0.1)};
    s.push_back(number("interventions.prevention_collective_share", FIELD(interventions.prevention_collective_share), 0.3,
                       0, 1, "share", "Share of individual youth care replaced by group help in those districts.",
                       "assumption: seed 003, collective (group) help instead of individual care; range 0.1-0.5"));
    s.back().priors = {U(0.1, 0.5)};
    s.push_back(number("interventions.prevention_cost", FIELD(interventions.prevention_cost), 50, 0, 1e5,
                       "EUR per pupil-year", "Cost of group prevention per pupil and year in a covered district.",
                       "assumption: seed 002 budget table, A3 EUR 150,000 for one district approach, read as about 3,000 pupils"));
    s.back().priors = {LU(25, 100)};
    s.push_back(number("interventions.attendance_share", FIELD(interventions.attendance_share), 0.0, 0, 1, "share",
                       "Share of the extra absence of pupils with low wellbeing that an attendance approach (ontwikkelrecht) prevents.",
                       "assumption: seed 002 A32, attendance instead of absence; range 0.2-0.6 (no evaluation found)"));
    s.back().prior_note = "no prior: a scenario input (0 = no attendance approach); scenarios/attendance.toml can give a range, e.g. [uncertainty.interventions] attendance_share = [0.2, 0.6] (docs/evidence.md entry 15)";
    s.push_back(number("interventions.attendance_cost", FIELD(interventions.attendance_cost), 20, 0, 1e5,
                       "EUR per pupil-year", "Cost of the attendance approach per pupil and year.",
                       "assumption: coordination by the core partners (kernpartners)"));
    s.back().priors = {LU(10, 40)};
    s.push_back(number("interventions.handover_share", FIELD(interventions.handover_share), 0.0, 0, 1, "share",
                       "Share of pupils whose primary teacher hands them over warmly to the secondary school (warme overdracht).",
                       "seed 002 A29: the transition from primary to secondary school is a hurdle for many pupils"));
    s.push_back(number("interventions.handover_weight", FIELD(interventions.handover_weight), 0.3, 0, 1,
                       "weight", "Weight the secondary school gives the primary teacher's judgement at 12 (bias by parental education included) beside its own results of years 1-2, after a warm hand-over.",
                       "assumption: docs/evidence.md entry 20; secondary schools rely heavily on the primary advice [Kro24], no effect study"));
    s.back().priors = {U(0.0, 0.5)};
    s.push_back(number("interventions.handover_cost", FIELD(interventions.handover_cost), 50, 0, 1e5, "EUR per pupil",
                       "Cost of a warm hand-over per pupil (teacher time on both sides).", "assumption: about two hours"));
    s.back().priors = {LU(25, 100)};
    s.push_back(strings("interventions.workshop_districts", FIELD(interventions.workshop_districts), {},
                        "Districts with an opportunity workshop (kansenwerkplaats): extra learning time in their primary schools and first claim on the library budget.",
                        "seed 002 theme 2: three neighbourhoods selected by need, extra time, money and priority for equal-opportunity interventions"));
    s.push_back(number("interventions.workshop_effect", FIELD(interventions.workshop_effect), 0.01, 0, 1, "SD per year",
                       "Yearly skill gain of primary pupils in a workshop district from the extra learning time.",
                       "evidence (docs/evidence.md entry 18): extended learning time in Dutch primary schools has zero or low effects (RCT MvK13, event study DF24, NPRZ); a small positive effect kept for an intensive, targeted form"));
    s.back().priors = {U(0.0, 0.03)};
    s.push_back(number("interventions.workshop_cost", FIELD(interventions.workshop_cost), 150, 0, 1e5, "EUR per pupil-year",
                       "Cost of the workshop per primary pupil and year.", "assumption"));
    s.back().priors = {LU(75, 300)};
    s.push_back(number("interventions.custom_cost", FIELD(interventions.custom_cost), 100, 0, 1e5, "EUR per candidate",
                       "Cost of a custom diploma per candidate who takes subjects at another level (exam organisation).",
                       "assumption"));
    s.back().priors = {LU(50, 200)};
    s.push_back(number("interventions.custom_diploma_share", FIELD(interventions.custom_diploma_share), 0.0, 0, 1, "share",
                       "Share of exam candidates who may take subjects at the next level (maatwerkdiploma) when their results reach it.",
                       "seed 002 A31: custom diplomas possible from 2027"));
    s.push_back(number("interventions.custom_fail_reduction", FIELD(interventions.custom_fail_reduction), 0.3, 0, 1,
                       "share", "Share of exam failures avoided because a weak subject can be taken at a lower level.",
                       "assumption: range 0.1-0.5"));
    s.back().priors = {U(0.1, 0.5)};
    s.push_back(number("interventions.custom_stack_ratio", FIELD(interventions.custom_stack_ratio), 1.5, 1, 5, "ratio",
                       "How much more often a pupil with subjects at the next level goes on to that level (stapelen).",
                       "assumption: range 1-2"));
    s.back().priors = {U(1, 2)};
    // Newcomers with Dutch as a second language (NT2) and newcomer classes (issue 28; docs/evidence.md, Newcomers (NT2)).
    s.push_back(number("interventions.newcomer_rate", FIELD(interventions.newcomer_rate), 0.0, 0, 0.2, "share per year",
                       "Yearly share of pupils aged 5-11 with another home language who arrive in the city with Dutch as a second language (each child at most once); 0: no arrivals (the baseline).",
                       "docs/evidence.md, Newcomers (NT2): Inspectorate via Groothoff 2020, 4.3% of primary pupils had been in the Netherlands under four years in 2018, about 1.1% of all pupils a year; a scenario input"));
    s.back().prior_note = "no prior: a scenario input (0 keeps the baseline without arrivals; scenarios/newcomers.toml uses 0.05: 1.1% of all pupils from the Inspectorate figure over the baseline's 22% with another home language)";
    s.push_back(number("interventions.newcomer_deficit", FIELD(interventions.newcomer_deficit), 1.0, 0, 4, "SD",
                       "Dutch language a newcomer lacks at arrival against children of the same potential raised in the city; it closes by primary.catch_up like any deviation.",
                       "assumption (docs/evidence.md, Newcomers (NT2)): no Dutch estimate in SD; Cahan et al. 2001 support the direction (larger verbal gap for later arrival)"));
    s.back().priors = {U(0.5, 2.0)};
    s.push_back(number("interventions.nt2_share", FIELD(interventions.nt2_share), 0.0, 0, 1, "share",
                       "Share of arriving newcomers (in the nt2 lever's years and districts) who spend their first year in a newcomer class (NT2).",
                       "scenario input: primary newcomers usually spend 30-40 weeks in a newcomer class (docs/evidence.md, Newcomers (NT2))"));
    s.back().prior_note = "no prior: a scenario input (coverage)";
    s.push_back(number("interventions.nt2_effect", FIELD(interventions.nt2_effect), 0.25, 0, 1, "share",
                       "Share of the arrival deficit a year in a newcomer class closes beyond the usual catch-up.",
                       "assumption (docs/evidence.md, Newcomers (NT2)): no effect estimate found; range 0-0.5"));
    s.back().priors = {U(0.0, 0.5)};
    s.push_back(number("interventions.nt2_cost", FIELD(interventions.nt2_cost), 7000, 0, 1e6, "EUR per pupil",
                       "Extra cost of a newcomer-class year per pupil.",
                       "assumption within published rates: LOWAN 2024 (docs/evidence.md, Newcomers (NT2)): extra funding in a newcomer's first year EUR 4,055 (other newcomers) to EUR 13,053 (asylum seekers)"));
    s.back().priors = {LU(4000, 13100)};
    // Special primary education (sbo) and passend onderwijs (issue 28; docs/evidence.md, Special education (sbo)).
    s.push_back(number("interventions.special_referral", FIELD(interventions.special_referral), 0.0, 0, 0.2, "share per year",
                       "Yearly rate at which pupils at the end of groep 2-7 are referred to special primary education (sbo), the weakest in achievement and wellbeing first; 0: no referrals (the baseline).",
                       "docs/evidence.md, Special education (sbo): 2.5% of primary pupils in sbo (CBS, 2013), about 0.0095 a year over groep 3-8; a scenario input"));
    s.back().prior_note = "no prior: a scenario input (0 keeps the baseline without referrals; scenarios/special_education.toml uses 0.0095 from CBS's 2.5%)";
    s.push_back(number("interventions.special_selectivity", FIELD(interventions.special_selectivity), 0.8, 0, 0.99, "correlation",
                       "Correlation of the referral judgement with the pupil's position (achievement and wellbeing, interventions.special_wellbeing_weight).",
                       "assumption (docs/evidence.md, Special education (sbo)): referral follows learning and behaviour problems; range 0.6-0.95"));
    s.back().priors = {U(0.6, 0.95)};
    s.push_back(number("interventions.special_wellbeing_weight", FIELD(interventions.special_wellbeing_weight), 0.5, 0, 1, "weight",
                       "Weight of wellbeing (behaviour) beside achievement in the position the referral judges: sqrt(1 - w^2) x achievement + w x wellbeing.",
                       "assumption (docs/evidence.md, Special education (sbo)): range 0.2-0.8"));
    s.back().priors = {U(0.2, 0.8)};
    s.push_back(number("interventions.special_effect", FIELD(interventions.special_effect), 0.0, -1, 1, "SD per year",
                       "Yearly push on both skills of a pupil in sbo against the same pupil in the regular school.",
                       "assumption (sign: docs/evidence.md, Special education (sbo)): Karsten et al. 2001 found few differences between comparable at-risk pupils in special and regular schools; 0 with a prior both ways"));
    s.back().priors = {U(-0.05, 0.05)};
    s.push_back(number("interventions.special_cost", FIELD(interventions.special_cost), 8500, 0, 1e6, "EUR per pupil-year",
                       "Extra cost of a pupil-year in sbo over the regular school.",
                       "assumption (docs/evidence.md, Special education (sbo)): special education costs about three times a regular place (Flanders, as cited), a regular primary place about EUR 4,250 (2015)"));
    s.back().priors = {LU(4250, 17000)};
    s.push_back(number("interventions.inclusion_share", FIELD(interventions.inclusion_share), 0.0, 0, 1, "share",
                       "Share of referrals (in the inclusion lever's years and districts) that become support in the regular school instead (passend onderwijs).",
                       "scenario input: seed 002 (samenwerkingsverbanden passend onderwijs); coverage is a scenario choice"));
    s.back().prior_note = "no prior: a scenario input (coverage)";
    s.push_back(number("interventions.inclusion_effect", FIELD(interventions.inclusion_effect), 0.0, -1, 1, "SD per year",
                       "Yearly push on both skills of a supported pupil in the regular school against the same pupil without support.",
                       "assumption (docs/evidence.md, Special education (sbo)): no estimate found; 0 with a prior both ways"));
    s.back().priors = {U(-0.05, 0.05)};
    s.push_back(number("interventions.inclusion_cost", FIELD(interventions.inclusion_cost), 3000, 0, 1e6, "EUR per pupil-year",
                       "Cost of a year of support (arrangement) in the regular school per supported pupil.",
                       "assumption (docs/evidence.md, Special education (sbo))"));
    s.back().priors = {LU(1000, 8500)};
    // Structural reforms (issue 28; docs/evidence.md entry 22): extra teacher
    // hours for mixed or broad groups, priced at the 2021 secondary teacher GPL (about EUR 90,000 a
    // formation place). Buildings and transport are not costed.
    s.push_back(number("interventions.ten_fourteen_cost", FIELD(interventions.ten_fourteen_cost), 720, 0, 1e6, "EUR per pupil-year",
                       "Extra cost of a pupil-year in a 10-14 school over the regular school (charged for the four years from groep 7 to 14).",
                       "assumption (docs/evidence.md entry 22): 0.2 extra teacher FTE per mixed group of 25 at the GPL of about EUR 90,000"));
    s.back().priors = {U(150, 1500)};
    s.push_back(number("interventions.zero_eighteen_cost", FIELD(interventions.zero_eighteen_cost), 360, 0, 1e6, "EUR per pupil-year",
                       "Extra cost of a pupil-year in a 0-18 learning community over the regular school (every school year in the community).",
                       "assumption (docs/evidence.md entry 22): 0.1 extra FTE per group of 25 for coordination and mixed groups at 12-14"));
    s.back().priors = {U(0, 1000)};
    s.push_back(number("interventions.broad_bridge_cost", FIELD(interventions.broad_bridge_cost), 320, 0, 1e6, "EUR per pupil",
                       "Extra cost of a pupil's year in a broad (three-level) bridge class over a categorical or dual class.",
                       "assumption (docs/evidence.md entry 22): 0.1 extra FTE per class of 28 for teaching three levels in one class"));
    s.back().priors = {U(0, 1000)};
    // Admission agreements against segregation (issue 28; docs/evidence.md, Admission agreements).
    s.push_back(number("interventions.admission_margin", FIELD(interventions.admission_margin), 1.0, 0, 1, "share",
                       "Admission agreements: in the admission lever's years and districts a primary school admits pupils of low-SES families only up to (their share of the district's intake + margin) of its places, and other pupils up to (their share + margin); 1: no cap (the baseline).",
                       "scenario input: seed 002 (preventing segregation, agreements on enrolment and admission in the LEA); the margin is a policy choice"));
    s.back().prior_note = "no prior: a scenario input (1 keeps free choice; scenarios/admission_agreements.toml uses 0.1)";

    // ---- seed policies without a mechanism before issue 28 (docs/evidence.md entries 23-25) ----
    s.push_back(number("interventions.first1000_reach", FIELD(interventions.first1000_reach), 0.0, 0, 1, "share",
                       "Share of children with a risk factor (low parental education, multilingual home or low income) reached by a first-1000-days programme in the first1000 lever's years and districts; a reached child's early language at 2.5 gets home.first1000_effect.",
                       "scenario input: BoekStart reaches about 40% of newborns nationally (docs/evidence.md entry 23)"));
    s.back().prior_note = "no prior: a scenario input (coverage)";
    s.push_back(number("interventions.first1000_cost", FIELD(interventions.first1000_cost), 1000, 0, 1e6, "EUR per child",
                       "Cost of the first-1000-days programme per child reached (once).",
                       "assumption: between a BoekStart book case and two years of VoorZorg home visits (docs/evidence.md entry 23)"));
    s.back().priors = {LU(100, 5000)};
    s.push_back(number("interventions.reading_school_share", FIELD(interventions.reading_school_share), 0.0, 0, 1, "share",
                       "Share of the primary schools in the reading lever's districts that give daily time for reading for pleasure (lezen voor plezier), the schools with the lowest mean language first.",
                       "scenario input: seed 002 theme 2"));
    s.back().prior_note = "no prior: a scenario input (coverage)";
    s.push_back(number("interventions.reading_minutes", FIELD(interventions.reading_minutes), 15, 0, 120, "minutes per school day",
                       "Dose of reading for pleasure: minutes of free reading a school day; the yearly push scales in proportion to minutes / 15.",
                       "scenario input: about 15 minutes a day is the usual dose of independent reading (BSR24, docs/evidence.md entry 24); the proportional scaling is an assumption"));
    s.back().prior_note = "no prior: a policy choice; the proportional scaling is the assumption (not a parameter)";
    s.push_back(number("interventions.reading_effect", FIELD(interventions.reading_effect), 0.04, 0, 1, "SD per year",
                       "Yearly language push for primary pupils of a school with reading for pleasure at 15 minutes a day.",
                       "assumption anchored on BSR24 (independent reading at school: g = 0.08 overall, 0.21 word recognition, about 0 comprehension; docs/evidence.md entry 24)"));
    s.back().priors = {U(0.0, 0.08)};
    s.push_back(number("interventions.reading_cost", FIELD(interventions.reading_cost), 40, 0, 1e5, "EUR per pupil-year",
                       "Cost of reading for pleasure per pupil and year at a taking-part school (books, a reading coordinator's hours).",
                       "assumption"));
    s.back().priors = {LU(20, 80)};
    s.push_back(number("interventions.kindergarten_retention_avoided", FIELD(interventions.kindergarten_retention_avoided), 0.0, 0, 1,
                       "share", "Share of the pupils a school would keep back in groep 2 (kleuterverlenging) who move on to groep 3 with extra support instead, in the fewer_repeats lever's years and districts.",
                       "scenario input: seed 002 (fewer pupils repeating, especially kleuterverlenging)"));
    s.back().prior_note = "no prior: a scenario input";
    s.push_back(number("interventions.retention_avoided", FIELD(interventions.retention_avoided), 0.0, 0, 1, "share",
                       "Share of the pupils who would repeat a year in groep 3-7 who move on with extra support instead, in the fewer_repeats lever's years and districts.",
                       "scenario input: seed 002"));
    s.back().prior_note = "no prior: a scenario input";
    s.push_back(number("interventions.promotion_support_cost", FIELD(interventions.promotion_support_cost), 1500, 0, 1e6,
                       "EUR per pupil", "Cost of the extra support for a pupil who moves on instead of repeating (once per pupil).",
                       "assumption: a few hours of remedial help a week for a school year (docs/evidence.md entry 25)"));
    s.back().priors = {LU(500, 4000)};
    s.push_back(number("interventions.budget_city_births", FIELD(interventions.budget_city_births), 4700, 1, 1e7, "children",
                       "The city's children per year group, against which a yearly budget (dBos's, <lever>.budget) binds: the simulated children get the budget x their number in the stage's year groups / this x the number of year groups.",
                       "U01: Utrecht births per year 2019-2022 (Utrecht Monitor)"));

    // ---- levers: when and where each intervention and structural reform acts (issue 28) ----
    s.push_back(number("ve.reach", FIELD(levers.ve_reach), -1, -1, 1, "share",
                       "VE reach for the children whose VE indication (at 2) falls in the VE lever's years (ve.start_year-ve.end_year) and districts (ve.districts); -1: as preschool.reach.",
                       "scenario input: the policy's reach (V02 today, V03 nationally)"));
    s.push_back(number("ve.hours", FIELD(levers.ve_hours), -1, -1, 5000, "hours",
                       "VE hours over the 1.5 years under the VE lever; -1: as preschool.hours.",
                       "scenario input: the policy's hours (960 is the national standard)"));
    s.push_back(number("ve.quality", FIELD(levers.ve_quality), -1, -1, 3, "factor",
                       "VE quality factor under the VE lever; -1: as preschool.quality.", "scenario input: the policy's quality"));
    static const char* const kMoment[kLevers] = {
        "the VE indication at 2 (values ve.reach, ve.hours, ve.quality)",
        "the early language at 2 (first-1000-days programme, interventions.first1000_reach)",
        "school entry at 4 (connection groups)",
        "school entry at 4 (the 0-18 route is offered to the children of its districts)",
        "each school year (dBos goes only to schools in its districts)",
        "each primary school year (districts: interventions.workshop_districts)",
        "the move to groep 7 (the 10-14 route is offered to the children of its districts)",
        "the transition at 12 (havokans-klas)",
        "the transition at 12 (broad bridge classes, secondary.broad_bridge_share)",
        "the transition at 12 (warm hand-over)",
        "each school year (districts: interventions.prevention_districts)",
        "each school year (attendance instead of absence)",
        "the exam year (custom diploma)",
        "the year after a shock (recovery programme)",
        "each primary school year (reading for pleasure at the schools of its districts)",
        "the end of groep 2-7 (promotion with support instead of a repeated year)",
        "a newcomer's arrival during primary school (newcomer class, interventions.nt2_share)",
        "a referral to special primary education at the end of groep 2-7 (interventions.inclusion_share)",
        "primary school choice at 4 (admission agreements, interventions.admission_margin)",
    };
    for (int l = 0; l < kLevers; ++l) {
        const auto k = static_cast<std::size_t>(l);
        const std::string name = lever_name(static_cast<Lever>(l));
        s.push_back(integer(name + ".start_year", [k](auto& p) -> auto& { return p.levers.timing[k].start_year; }, 0, 0, 2100,
                            "year",
                            "First calendar year in which the lever acts, at " + std::string(kMoment[k]) +
                                "; a cohort past that moment when it starts is not reached. 0: always.",
                            "scenario input: 0 keeps today's behaviour"));
        s.push_back(integer(name + ".end_year", [k](auto& p) -> auto& { return p.levers.timing[k].end_year; }, 0, 0, 2100,
                            "year", "Last calendar year in which the lever acts (inclusive); 0: no end.",
                            "scenario input: 0 keeps today's behaviour"));
        if (has_budget(static_cast<Lever>(l)))
            s.push_back(number(name + ".budget", [k](auto& p) -> auto& { return p.levers.budget[k]; }, 0, 0, 1e9,
                               "EUR per year",
                               "The city's yearly budget for the lever in the years it is active: it replaces the coverage share, reaching the eligible children of the districts in order of need as far as it pays for (docs/model.md, Budgets). 0: coverage from the share.",
                               "scenario input: seed 002's budget table (scenarios/uoa_package.toml); 0 keeps the share"));
        if (!has_own_districts(static_cast<Lever>(l)))
            s.push_back(strings(name + ".districts", [k](auto& p) -> auto& { return p.levers.timing[k].districts; }, {},
                                "Districts whose children (or, for dBos, schools) the lever reaches (names from population.district_names); empty: the whole city.",
                                "scenario input: empty keeps today's behaviour"));
    }

    // ---- projection: the planner's view (issue 7) ----
    s.push_back(integer("projection.start_year", FIELD(projection.start_year), 0, 0, 2100, "year",
                        "Calendar year whose population the projection starts from (1 January); 0 = no projection, cohorts from birth only. Set by `pathways project --from`.",
                        "P01-P09: Utrecht's population 2016, 2020, 2024"));
    s.push_back(numbers("projection.start_population", FIELD(projection.start_population), {16495, 31068, 22739}, 0, 1e8,
                        "persons", "Residents aged 0-3, 4-11 and 12-17 on 1 January of the start year, spread evenly over the ages of each group.",
                        "P07-P09: Utrecht 1 January 2024 (P01-P03 for 2016, P04-P06 for 2020)"));
    s.push_back(numbers("projection.births_known", FIELD(projection.births_known), {}, 0, 1e7, "children",
                        "Births in the start year and the years after it, where known; later years follow projection.births_per_year and births_growth.",
                        "P10: 4,715/4,781/4,948/4,330 in 2019-2022"));
    s.push_back(number("projection.births_per_year", FIELD(projection.births_per_year), 4330, 0, 1e7, "children",
                       "Births in the first year after projection.births_known (or the start year); later years grow by projection.births_growth.",
                       "P10: 4,330 births in 2022 (4,715/4,781/4,948 in 2019-2021)"));
    s.push_back(number("projection.births_growth", FIELD(projection.births_growth), 0.01, -0.5, 0.5, "share per year",
                       "Yearly growth of births after the start year.",
                       "P11-P12: the city grows towards 400,000 around 2028 and further to 2040; assumption: births follow at about 1% a year"));
    s.back().prior_note = "no prior: range -0.01 to 0.03 (from births falling as in 2022 to following the city's fastest growth); the projection draws no priors, so run pathways project with --set at both ends (docs/projection.md)";
    s.push_back(numbers("projection.district_growth", FIELD(projection.district_growth),
                        {0, 0, 0, 0, 0.02, 0, 0, 0.03, 0.017, 0}, -0.5, 0.5, "share per year",
                        "Yearly growth of each district's share of births (renormalised to sum to one), in the order of population.district_names.",
                        "P12: Zuidwest +29,000, Leidsche Rijn +16,700 and Oost +16,000 inhabitants to 2040; assumption: 3%, 1.7% and 2% a year"));
    s.back().prior_note = "no prior: range 0 to twice each default (the growth districts' new housing built at half or double the planned pace); the projection draws no priors, so run pathways project with --set at both ends (docs/projection.md)";
    s.push_back(numbers("projection.net_migration", FIELD(projection.net_migration), {-0.07, -0.005, 0.0}, -0.5, 0.0,
                        "share per year",
                        "Yearly net migration of residents aged 0-3, 4-11 and 12-17 (negative: families with young children leave the city). Older pupils follow the 12-17 rate.",
                        "P01-P10: one set of rates for which projections from 2016 and from 2020 both reproduce 2024 within 1% (docs/projection.md)"));
    s.push_back(numbers("projection.district_migration", FIELD(projection.district_migration),
                        {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0, 10, "factor",
                        "Factor on the net migration rates per district (order of population.district_names); 1 everywhere by default.",
                        "assumption: P01-P09 give the city only, so every district has the city's rates until district series are at hand"));
    s.back().prior_note = "no prior: range 0.5 to 1.5 per district; the projection draws no priors, so run pathways project with --set at both ends (docs/projection.md)";
    s.push_back(number("projection.secondary_inside_share", FIELD(projection.secondary_inside_share), 0.78, 0, 1, "share",
                       "Share of the city's secondary pupils attending a school inside the city.",
                       "U10: 78% of Utrecht's VO pupils attend a school in the city (2022/23)"));
    s.push_back(number("projection.secondary_outside_share", FIELD(projection.secondary_outside_share), 0.18, 0, 0.99,
                       "share", "Share of the pupils at the city's secondary schools who live outside the city.",
                       "P14: 18% (2022/23)"));
    s.push_back(numbers("projection.primary_places", FIELD(projection.primary_places), {}, 0, 1e7, "places",
                        "Primary school places per district, in the order of population.district_names; empty: no capacity check.",
                        "scenario input (the Integral Housing Plan, A13)"));
    s.push_back(number("projection.secondary_places", FIELD(projection.secondary_places), 0, 0, 1e7, "places",
                       "Places at the city's secondary schools; 0: no capacity check.", "scenario input (A13)"));
}

}  // namespace pathways::model::schema_build
