// The schema of the child's path (MODEL.md §3.1-3.9): population, home years, preschool, primary
// school, selection at 12, secondary school, routes and wellbeing. Each default names its source.
#include "model/schema_build.hpp"

namespace pathways::model::schema_build {

void add_child_path(std::vector<ParamSpec>& s) {
    // ---- population (MODEL.md §3.1) ----
    s.push_back(integer("population.first_birth_year", FIELD(population.first_birth_year), 2008, 1950, 2100, "year",
                        "First birth cohort simulated.",
                        "run setting: cohorts born 2008-2010 went through primary school when the calibration figures were published"));
    s.back().prior_note = "no prior: a run setting";
    s.push_back(integer("population.birth_cohorts", FIELD(population.birth_cohorts), 3, 1, 100, "cohorts",
                        "Number of consecutive birth cohorts simulated side by side.", "run setting"));
    s.back().prior_note = "no prior: a run setting";
    s.push_back(integer("population.cohort_size", FIELD(population.cohort_size), 4700, 1, 5'000'000, "children",
                        "Children per birth cohort.", "U01: births per year in Utrecht 2019-2022 (4715/4781/4948/4330)"));
    s.back().prior_note = "no prior: a run setting (U01 is a count, not an estimate)";
    s.push_back(integer("population.last_age", FIELD(population.last_age), 19, 12, 25, "years",
                        "Last age simulated; 19 lets pupils who entered secondary school at 12 or 13 reach the diploma count seven years after entry.",
                        "D01-D06: diplomas are counted seven years after the bridge-class year"));
    s.back().prior_note = "no prior: a run setting";
    s.push_back(strings("population.district_names", FIELD(population.district_names),
                        {"West", "Noordwest", "Overvecht", "Noordoost", "Oost", "Binnenstad", "Zuid", "Zuidwest",
                         "Leidsche Rijn", "Vleuten-De Meern"},
                        "Districts (wijken) children live in; the other district lists follow this order.",
                        "U04: Utrecht's ten districts"));
    s.back().prior_note = "no prior: a scenario input";
    s.push_back(numbers("population.district_birth_share", FIELD(population.district_birth_share),
                        {0.08, 0.10, 0.11, 0.08, 0.08, 0.04, 0.09, 0.10, 0.20, 0.12}, 0, 1, "share",
                        "Share of a birth cohort living in each district.",
                        "assumption: rounded district shares of Utrecht's children aged 0-3 (Utrecht Monitor), young families concentrated in Leidsche Rijn and Vleuten-De Meern"));
    s.back().priors = dirichlet({0.08, 0.10, 0.11, 0.08, 0.08, 0.04, 0.09, 0.10, 0.20, 0.12}, 200);
    s.push_back(numbers("population.district_low_ses_share", FIELD(population.district_low_ses_share),
                        {0.25, 0.25, 0.40, 0.07, 0.07, 0.07, 0.15, 0.40, 0.15, 0.15}, 0, 1, "share",
                        "Share of households with children in the lowest income group, per district.",
                        "U05-U08: low-SES shares by district (ranges 35-45, 20-30, 10-20, 5-10%)"));
    s.back().priors = {element(1, U(0.20, 0.30)),
                       element(2, U(0.20, 0.30)),
                       element(3, U(0.35, 0.45)),
                       element(4, U(0.05, 0.10)),
                       element(5, U(0.05, 0.10)),
                       element(6, U(0.05, 0.10)),
                       element(7, U(0.10, 0.20)),
                       element(8, U(0.35, 0.45)),
                       element(9, U(0.10, 0.20)),
                       element(10, U(0.10, 0.20))};
    s.push_back(numbers("population.parent_edu_if_low_ses", FIELD(population.parent_edu_if_low_ses), {0.45, 0.40, 0.15},
                        0, 1, "share", "Parental education (low, middle, high) in low-SES households.",
                        "assumption: CBS parental education of primary pupils by household income, rounded"));
    s.back().priors = {share(1, U(0.40, 0.50))};
    s.push_back(numbers("population.parent_edu_if_not_low_ses", FIELD(population.parent_edu_if_not_low_ses),
                        {0.12, 0.38, 0.50}, 0, 1, "share",
                        "Parental education (low, middle, high) in other households.",
                        "assumption: chosen with the low-SES row so that nationally 19% low, 38% middle, 43% high (CBS)"));
    s.back().priors = {share(1, U(0.07, 0.17))};
    s.push_back(number("population.multilingual_if_low_ses", FIELD(population.multilingual_if_low_ses), 0.50, 0, 1,
                       "share", "Probability that a low-SES child grows up with another home language than Dutch.",
                       "docs/evidence.md entry 1: a fifth of children have a foreign-born parent (CBS, 2006 cohort) and non-western children run four times the low-income risk (CBS 2016); with a risk ratio of 2.5-4 for the lowest income fifth and 70-100% of those homes multilingual, 0.31-0.52 [CBS23k, CBS16arm]; Utrecht (39% migration background) sits high"));
    s.back().priors = {U(0.3, 0.6)};
    s.push_back(number("population.multilingual_if_not_low_ses", FIELD(population.multilingual_if_not_low_ses), 0.15, 0,
                       1, "share", "Probability of a multilingual home for other children.",
                       "docs/evidence.md entry 1: the same chain as population.multilingual_if_low_ses gives 0.11-0.15 for the other four fifths [CBS23k, CBS16arm]"));
    s.back().priors = {U(0.08, 0.2)};
    s.push_back(numbers("population.high_income_share_if_not_low_ses", FIELD(population.high_income_share_if_not_low_ses),
                        {0.10, 0.20, 0.42}, 0, 1, "share",
                        "Probability of the highest income group by parental education, for non-low-SES households.",
                        "assumption: gives a top income group of about 20% of children, mostly with highly educated parents"));
    s.back().priors = {scale(U(0.8, 1.2))};
    s.push_back(numbers("population.potential_mean_by_parent_edu", FIELD(population.potential_mean_by_parent_edu),
                        {-0.45, -0.10, 0.28}, -3, 3, "SD",
                        "Mean learning potential by parental education (national norm: mean 0, SD 1).",
                        "A10-A13: set with the income shifts to reproduce the vwo and vmbo-b advice shares of the lowest and highest income groups"));
    s.back().priors = {element(1, U(-0.50, -0.40)), element(2, U(-0.15, -0.05)), element(3, U(0.23, 0.33))};
    s.push_back(number("population.potential_low_income_shift", FIELD(population.potential_low_income_shift), -0.25, -2,
                       2, "SD", "Shift of learning potential for children in the lowest income group.",
                       "A10, A12: lowest income group"));
    s.back().priors = {U(-0.3, -0.2)};
    s.push_back(number("population.potential_high_income_shift", FIELD(population.potential_high_income_shift), 0.18, -2,
                       2, "SD", "Shift of learning potential for children in the highest income group.",
                       "A11, A13: highest income group"));
    s.back().priors = {U(0.13, 0.23)};

    // ---- home years 0-2.5 (§3.2) ----
    s.push_back(numbers("home.language_shift_by_parent_edu", FIELD(home.language_shift_by_parent_edu),
                        {-0.25, 0.0, 0.12}, -2, 2, "SD",
                        "Early language and numeracy relative to potential by parental education (home learning environment); the gap closes as school goes on.",
                        "assumption: pre-COOL cohort study (2022): vocabulary gaps by parental education at age 2-3 of 0.3-0.5 SD"));
    s.back().priors = {element(1, U(-0.45, -0.10)), element(3, U(0.0, 0.25))};
    s.push_back(number("home.multilingual_language_shift", FIELD(home.multilingual_language_shift), -0.35, -2, 2, "SD",
                       "Early Dutch language of children from multilingual homes relative to potential.",
                       "assumption: pre-COOL (2022): Dutch vocabulary gap of multilingual toddlers"));
    s.back().priors = {U(-0.6, -0.1)};
    s.push_back(number("home.multilingual_math_shift", FIELD(home.multilingual_math_shift), -0.10, -2, 2, "SD",
                       "Early mathematics of children from multilingual homes relative to potential (through the language of instruction).",
                       "assumption: a third of the language gap"));
    s.back().priors = {U(-0.25, 0.0)};
    s.push_back(number("home.first1000_effect", FIELD(home.first1000_effect), 0.05, -1, 1, "SD",
                       "Shift of early language at 2.5 for a child with a risk factor (low parental education, multilingual home or low income) reached by a first-1000-days programme (interventions.first1000_reach; BoekStart, VoorZorg-type home visits, parenting support); nobody is reached in the baseline.",
                       "assumption: direction from BoekStart's effect study (docs/evidence.md entry 23), no effect size read"));
    s.back().priors = {U(0.0, 0.10)};

    // ---- preschool VE (§3.3) ----
    s.push_back(number("preschool.target_threshold", FIELD(preschool.target_threshold), -0.30, -5, 5, "SD",
                       "Early language below which a child with a risk factor (low parental education, multilingual home or low income) gets a VE indication.",
                       "V01: 23% of Utrecht toddlers have a VE indication"));
    s.back().priors = {U(-0.4, -0.2)};
    s.push_back(number("preschool.reach", FIELD(preschool.reach), 0.73, 0, 1, "share",
                       "Share of target-group toddlers taking part in VE.", "V02: Utrecht VE reach 73% (2023)"));
    s.back().priors = {U(0.69, 0.77)};
    s.push_back(number("preschool.effect", FIELD(preschool.effect), 0.10, 0, 1, "SD",
                       "Effect of VE on language at school entry for participating target children at the reference quality (range 0-0.20).",
                       "V04: Fukkink et al. 2017; pre-COOL 2022"));
    s.back().priors = {T(0.0, 0.05, 0.20)};
    s.push_back(number("preschool.quality", FIELD(preschool.quality), 1.0, 0, 3, "factor",
                       "Multiplier on the VE effect for process quality (1 = the quality behind V04).", "V04"));
    s.back().priors = {U(0.5, 1.5)};
    s.push_back(number("preschool.hours", FIELD(preschool.hours), 960, 0, 5000, "hours",
                       "VE hours per child over the 1.5 years; the effect scales with the square root of hours/960 (diminishing returns) and the cost with hours/960.",
                       "960 hours: the national standard since 2020 (Besluit basisvoorwaarden kwaliteit VE); the scaling is an assumption"));
    s.back().prior_note = "no prior: a policy choice; the square-root scaling is the assumption (not a parameter)";
    s.push_back(number("preschool.fade_per_year", FIELD(preschool.fade_per_year), 0.2929, 0, 1, "share per year",
                       "Share of the remaining VE effect lost each school year; 0.2929 loses half in the two years to groep 3.",
                       "assumption: V05 (50% of the effect lost by groep 3), a lead whose figure was not found (docs/evidence.md entry 3)"));
    s.back().priors = {U(0.1, 0.7)};
    s.push_back(number("preschool.wellbeing_effect", FIELD(preschool.wellbeing_effect), 0.05, -1, 1, "SD",
                       "Wellbeing at school entry (age 4) of a child who had a VE place, against the same child without; it carries over with wellbeing.persistence.",
                       "docs/evidence.md entry 3: socio-emotional effect of early-childhood programmes d = 0.05 (SE 0.02) in a meta-analysis of 19 studies [BFGL05]; emotional development 0.04 (95% CI -0.05 to 0.12) [Hahn16]; worse behaviour at 20+ hours a week [Ans18]"));
    s.back().priors = {U(-0.05, 0.12)};

    // ---- primary school (§3.4-3.5, 3.10) ----
    s.push_back(number("primary.pupils_per_school_per_cohort", FIELD(primary.pupils_per_school_per_cohort), 46.0, 5, 500,
                       "pupils", "Average intake per school and year; sets the number of schools per district.",
                       "U02-U03: 28,550 pupils in 103 schools = 277 per school, 8 year groups, 4700 births (about 46 per year group with movers-in)"));
    s.back().prior_note = "no prior: a count (U02-U03)";
    s.push_back(number("primary.capacity_slack", FIELD(primary.capacity_slack), 1.25, 1, 5, "factor",
                       "Places per school and year relative to the average intake.",
                       "P13: 43 of 115 locations with space to spare, 18 short"));
    s.back().priors = {U(1.1, 1.4)};
    s.push_back(integer("primary.choice_set", FIELD(primary.choice_set), 6, 1, 50, "schools",
                        "Nearest schools a family considers.", "assumption: families choose among nearby schools in their district"));
    s.back().priors = {U(3.5, 8.5)};
    s.push_back(number("primary.distance_weight", FIELD(primary.distance_weight), 0.6, 0, 10, "utility per rank",
                       "Dislike of each further school in the choice set.", "assumption"));
    s.back().priors = {U(0.3, 1.2)};
    s.push_back(number("primary.segregation_tendency", FIELD(primary.segregation_tendency), 1.2, 0, 10, "utility",
                       "How strongly families choose schools whose profile matches their own income group.",
                       "U09: income dissimilarity across Utrecht primary schools 0.5"));
    s.back().priors = {U(0.9, 1.5)};
    s.push_back(number("primary.catch_up", FIELD(primary.catch_up), 0.25, 0.01, 1, "share per year",
                       "Share of a child's deviation from its potential closed each school year.",
                       "assumption: gaps at entry halve in about 2.5 years (pre-COOL; Cito LOVS growth curves)"));
    s.back().priors = {U(0.1, 0.4)};
    s.push_back(number("primary.deviation_sd", FIELD(primary.deviation_sd), 0.70, 0, 3, "SD",
                       "Stationary SD of the yearly deviation of measured skill from potential.",
                       "docs/evidence.md entry 5: rank stability of achievement from kindergarten to grades 2-5 levels off at 0.53-0.60 (NWEA, 51,781 pupils), which with test reliabilities of 0.8-1 gives 0.6-0.95 [FMA-K5]; LVS tests explain 75% of end-test variance [CPB-LVS]"));
    s.back().priors = {U(0.55, 0.95)};
    s.push_back(number("primary.peer_effect", FIELD(primary.peer_effect), 0.025, 0, 1, "SD per SD per year",
                       "Yearly skill gain per SD of the school's mean skill (school composition).",
                       "docs/evidence.md entry 5: 1 SD better schoolmates, +0.03 SD three years later (England, cohort-to-cohort variation [GT16]), i.e. 0.013-0.035 a year with catch-up; Dutch studies of immigrant peers find no effect [OvO13, Bos18]"));
    s.back().priors = {U(0.0, 0.06)};
    s.push_back(number("primary.shortage_mean", FIELD(primary.shortage_mean), 0.09, 0, 1, "share of fte",
                       "Average share of teacher fte unfilled.", "S03: Utrecht primary teacher shortage 9% (S01 NL 9.5%)"));
    s.back().priors = {U(0.07, 0.11)};
    s.push_back(number("primary.shortage_national", FIELD(primary.shortage_national), 0.095, 0, 1, "share of fte",
                       "National average shortage: the skill norm already contains its cost, so only the difference counts.",
                       "S01: national primary teacher shortage 9.5% (2022)"));
    s.back().priors = {U(0.085, 0.105)};
    s.push_back(number("primary.shortage_gradient", FIELD(primary.shortage_gradient), 0.5, -5, 5, "per SD",
                       "Relative increase of a school's shortage per SD of its low-SES share (school weight).",
                       "S02: G5 shortage 15.2% vs national 9.5% (shortage concentrates where disadvantage is)"));
    s.back().priors = {U(0.25, 0.75)};
    s.push_back(number("primary.loss_per_unfilled_fte", FIELD(primary.loss_per_unfilled_fte), 0.30, 0, 2, "SD per year",
                       "Learning lost per year if all fte were unfilled (scaled by the school's shortage).",
                       "assumption: S04 (a lead not verified, docs/evidence.md entry 5): 2.1-2.6 school weeks lost per unfilled post in a 13-teacher school, one school year = 0.4 SD"));
    s.back().priors = {U(0.1, 0.5)};
    s.push_back(number("primary.kindergarten_retention", FIELD(primary.kindergarten_retention), 0.10, 0, 1,
                       "share per year", "Share of groep 2 pupils kept another year (kleuterverlenging).",
                       "G05: 10% repeat groep 2"));
    s.back().priors = {U(0.08, 0.12)};
    s.push_back(number("primary.retention", FIELD(primary.retention), 0.019, 0, 1, "share per year",
                       "Share of pupils in groep 3-8 repeating a year.", "G06: 1.9% per year"));
    s.back().priors = {U(0.014, 0.024)};
    s.push_back(number("primary.retention_selectivity", FIELD(primary.retention_selectivity), 0.6, 0, 1, "correlation",
                       "Correlation between low skill and the retention decision (0 = random).",
                       "assumption: retention mostly follows low achievement"));
    s.back().priors = {U(0.4, 0.8)};
    s.push_back(number("primary.retention_effect", FIELD(primary.retention_effect), -0.06, -1, 1, "SD",
                       "Shift of language and math (relative to potential) of a pupil who repeats groep 2-7, against being promoted; it fades like every deviation (catch_up).",
                       "docs/evidence.md entry 25: meta-analysis [GPP21], zero on average, g = -0.18 where retention is used often against heterogeneity (the Netherlands among them), +0.05 where it is used sparingly; a mean loss of 0.16 SD [Dri19]; no lasting gain [RV07, NRO-KBV, KR16]. -0.06 is the middle of that range"));
    s.back().priors = {U(-0.18, 0.05)};

    // ---- selection at 12 (§3.6) ----
    s.push_back(boolean("selection.double_advice", FIELD(selection.double_advice), false,
                        "Whether teachers may give double advices (vmbo-gt/havo etc.).",
                        "A14: Utrecht gives single advices; the national tables (A01-A09) include double ones"));
    s.back().prior_note = "no prior: a switch (A14)";
    s.push_back(numbers("selection.advice_shares", FIELD(selection.advice_shares),
                        {7.4, 3.9, 10.0, 4.5, 18.2, 9.4, 17.4, 10.1, 19.0}, 0, 100, "% of pupils",
                        "National first-advice shares: vso/pro/vmbo-b, b/k, k, k/gt, gt, gt/havo, havo, havo/vwo, vwo. They fix the advice cut points on the national norm; single advices split each double band in the middle.",
                        "A01-A09: CBS Statistische Trends 2021, table 3.1.1"));
    s.back().prior_note = "no prior: the national norm's definition (A01-A09)";
    s.push_back(number("selection.double_advice_scale", FIELD(selection.double_advice_scale), 1.0, 0, 1, "ratio",
                       "Share of double advices relative to advice_shares: each double band on the national norm is scaled by it and the rest goes half to each neighbouring single advice (the single advices' shared border stays where it is).",
                       "assumption: 1 for 2018/19 (A01-A09); below 1 for earlier cohorts, when double advices were rarer (scenarios/nl_old_cohorts.toml calibrates it to T02-T03)"));
    s.back().prior_note = "no prior: 1 by definition for the 2018/19 advices (A01-A09); for older cohorts give a range in the scenario, e.g. [uncertainty.selection] double_advice_scale = [0.45, 0.75] (docs/evidence.md entry 7)";
    s.push_back(number("selection.teacher_potential_weight", FIELD(selection.teacher_potential_weight), 0.35, 0, 1,
                       "weight", "Weight the teacher gives to potential as seen in class, beside measured skills.",
                       "assumption: teachers see more than the test scores (Inspectie, Staat van het Onderwijs)"));
    s.back().priors = {U(0.1, 0.5)};
    s.push_back(number("selection.teacher_noise_sd", FIELD(selection.teacher_noise_sd), 0.30, 0, 3, "SD",
                       "Noise in the teacher's judgement.", "R01: 41% of pupils got a higher test advice (old regime)"));
    s.back().priors = {U(0.2, 0.45)};
    s.push_back(numbers("selection.teacher_bias_by_parent_edu", FIELD(selection.teacher_bias_by_parent_edu),
                        {-0.12, 0.0, 0.08}, -2, 2, "SD",
                        "Shift in the teacher's judgement by parental education at equal skill (under-advising children of less-educated parents).",
                        "docs/evidence.md entry 7: the gap at equal test score, about 0.3 SD high against low/middle [CBS16], less the 35-43% of it that is the test's measurement error [vHJO24]: 0.17-0.20 SD"));
    s.back().priors = {element(1, U(-0.17, -0.06)), element(3, U(0.02, 0.10))};
    s.push_back(number("selection.advice_level_shift", FIELD(selection.advice_level_shift), 0.0, -2, 2, "SD",
                       "Shift of every teacher judgement against the national norm: 0 for the advice level of 2018/19 (A01-A09); negative for earlier cohorts, whose advices were lower.",
                       "A01-A09: 0 by definition for the 2018/19 advices; advices rose between the cohorts behind T01-T08 and D01-D06 (advice 2012-2015) and A01-A09, and the old-regime scenario calibrates it to T04-T06 and D03-D06"));
    s.back().prior_note = "no prior: 0 by definition for the 2018/19 advices (A01-A09); for older cohorts give a range in the scenario, e.g. [uncertainty.selection] advice_level_shift = [-0.50, -0.20] (docs/evidence.md entry 7)";
    s.push_back(choice("selection.test_regime", FIELD(selection.test_regime), {"doorstroomtoets", "end_test"},
                       "doorstroomtoets",
                       "End-of-primary test regime: doorstroomtoets (from 2023/24) or the old end test.",
                       "R05-R06 (doorstroomtoets), R01-R04 (end test)"));
    s.back().prior_note = "no prior: a scenario input";
    s.push_back(number("selection.test_noise_sd_doorstroomtoets", FIELD(selection.test_noise_sd_doorstroomtoets), 0.40,
                       0, 3, "SD", "Measurement noise of the doorstroomtoets.",
                       "R05-R06: 27% of pupils raised, 75% of eligible pupils raised (36% eligible)"));
    s.back().priors = {U(0.3, 0.5)};
    s.push_back(number("selection.test_noise_sd_end_test", FIELD(selection.test_noise_sd_end_test), 0.5, 0, 3, "SD",
                       "Measurement noise of the old end test.", "R01: 41% of pupils had a higher test advice"));
    s.back().priors = {U(0.4, 0.6)};
    s.push_back(number("selection.test_shift_doorstroomtoets", FIELD(selection.test_shift_doorstroomtoets), 0.12, -2, 2,
                       "SD", "How much higher the doorstroomtoets places pupils than teachers do, on the national norm.",
                       "R05-R06: 36% of pupils eligible for a higher advice (27% raised / 75%)"));
    s.back().priors = {U(0.05, 0.2)};
    s.push_back(number("selection.test_shift_end_test", FIELD(selection.test_shift_end_test), 0.2, -2, 2, "SD",
                       "How much higher the old end test placed pupils than teachers did.",
                       "R01: 41% of pupils had a higher test advice than their first advice (2018/19)"));
    s.back().priors = {U(0.12, 0.28)};
    s.push_back(number("selection.raise_probability_doorstroomtoets", FIELD(selection.raise_probability_doorstroomtoets),
                       0.87, 0, 1, "share", "Probability that an eligible advice is raised to the test level, for a pupil whose teacher judgement lies at the lower edge of the test advice's band (lower further below it: selection.raise_selectivity).",
                       "R05-R06: 27% of pupils raised, 75% of the eligible (2023/24); fitted with selection.raise_selectivity (calibrations/nl_revision.toml)"));
    s.back().priors = {U(0.8, 0.95)};
    s.push_back(number("selection.raise_probability_end_test", FIELD(selection.raise_probability_end_test), 0.38, 0, 1,
                       "share", "Probability that an eligible advice is raised under the old end test, for a pupil whose teacher judgement lies at the lower edge of the test advice's band (lower further below it: selection.raise_selectivity).",
                       "R02, R04, R09, R10: 21-24% of eligible pupils revised upward nationally in 2015/16 and 2018/19 (R03: 36% in large cities); fitted with selection.raise_selectivity (calibrations/nl_revision.toml)"));
    s.back().priors = {U(0.3, 0.5)};
    s.push_back(number("selection.raise_selectivity", FIELD(selection.raise_selectivity), 2.0, 0, 10, "log-odds per SD",
                       "How much the odds of raising an eligible advice fall per SD that the teacher's own judgement lies below the band of the test's advice: schools raise the pupils they already saw near the higher level (0: at random among the eligible).",
                       "R07: 18% of raised pupils below their raised advice in year 3 (CBS 2021), fitted with R02, R04-R06, R09, R10 (calibrations/nl_revision.toml); direction from docs/evidence.md entry 8 [dROW23, IMV25]"));
    s.back().priors = {U(0.5, 4.0)};
    s.push_back(number("selection.raise_partial_share", FIELD(selection.raise_partial_share), 0.1403, 0, 1, "share",
                       "Share of raises that stop at the next advice above the teacher's (a double advice where the scale has them) when the test advice lies two or more steps higher; the rest go to the test advice.",
                       "assumption: the law asks for a higher advice, not the test's, and schools raise by half a level too (docs/evidence.md entry 8); the share is fitted to R07 jointly with the moves in secondary school (calibrations/nl_old_cohorts.toml)"));
    s.back().priors = {U(0.1, 0.6)};
    s.push_back(number("selection.pro_share", FIELD(selection.pro_share), 2.2, 0, 100, "% of pupils",
                       "Pupils placed in praktijkonderwijs or vso (lowest part of the vso/pro/vmbo-b advice).",
                       "assumption: about 3% pro and 1.5% vso in the first year (DUO), within A01's 7.4%"));
    s.back().priors = {U(1.5, 3.0)};

    // ---- secondary school (§3.8) ----
    s.push_back(number("secondary.broad_bridge_share", FIELD(secondary.broad_bridge_share), 0.10, 0, 1, "share",
                       "Share of single-advice vmbo-gt, havo and vwo pupils placed in a broad bridge class (gt/havo/vwo) instead of a categorical one.",
                       "assumption: a minority of Utrecht schools run broad bridge classes (seed 002, theme 5)"));
    s.back().priors = {U(0.05, 0.25)};
    s.push_back(number("secondary.class_above_advice_share", FIELD(secondary.class_above_advice_share), 0.5898, 0, 1, "share",
                       "Share of single-advice vmbo-b, vmbo-k, vmbo-gt and havo pupils (not in a broad class) placed in a class reaching one level above the advice: a two-level class (e.g. havo/vwo for a havo advice), where they settle on the upper level when their results reach it, or (above_advice_categorical_share of them) a one-level class of the next level.",
                       "assumption, fitted with the dynamics (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03); range 0.4-0.6: pupils above their advice in year 3 (T04, 16%) while few move up against their year-1 class (M02, 5.2% after 3 years); two-level classes help pupils just below the upper level [KR15, BSW26]"));
    s.back().priors = {U(0.4, 0.6)};
    s.push_back(number("secondary.above_advice_categorical_share", FIELD(secondary.above_advice_categorical_share), 0.1762, 0, 1, "share",
                       "Share of the placements above a single advice (class_above_advice_share) made in a one-level class of the next level (e.g. a havo class for a vmbo-gt advice) instead of a two-level class: a pupil who falls back to its advice has moved down against its year-1 class (M01-M03) yet is at its advice in year 3 (T01).",
                       "assumption, fitted with the dynamics (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03; not identifiable alone); schools may place a pupil above the primary school's advice, which the Inspectorate's year-3 indicator counts in the school's favour [INSP-R1] (docs/evidence.md entry 9); no published share, prior U(0, 0.5)"));
    s.back().priors = {U(0.0, 0.5)};
    s.push_back(numbers("secondary.track_growth", FIELD(secondary.track_growth), {-0.06, -0.04, -0.02, 0.0, 0.02, 0.04},
                        -1, 1, "SD per year",
                        "Yearly skill gain relative to potential by track (pro, b, k, gt, havo, vwo): the track's pace and peers.",
                        "assumption (sign: L01, early tracking widens achievement gaps without raising the mean, Hanushek & Woessmann 2006)"));
    s.back().priors = {scale(U(0.0, 2.0))};
    s.push_back(number("secondary.perf_noise_sd", FIELD(secondary.perf_noise_sd), 0.35, 0, 3, "SD",
                       "Noise of a year's school results around skill, for moving up or down.",
                       "assumption: report marks are noisy measures of skill"));
    s.back().priors = {U(0.2, 0.5)};
    s.push_back(number("secondary.move_up_margin", FIELD(secondary.move_up_margin), 0.1946, -3, 3, "SD",
                       "How far above the upper edge of the track a year's results must lie to move up.",
                       "T04, M01-M03: fitted jointly with the other move parameters by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03; not identifiable alone); range 0.05-0.3"));
    s.back().priors = {U(0.05, 0.3)};
    s.push_back(number("secondary.move_down_margin", FIELD(secondary.move_down_margin), -0.0102, -3, 3, "SD",
                       "How far below the lower edge of the track a year's results must lie to move down.",
                       "T05, M01-M03: fitted jointly with the other move parameters by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03; not identifiable alone); range -0.15-0.08"));
    s.back().priors = {U(-0.15, 0.08)};
    s.push_back(number("secondary.move_probability", FIELD(secondary.move_probability), 0.6544, 0, 1, "share",
                       "Probability that a pupil past a margin actually changes track.",
                       "M01-M03: fitted jointly with the other move parameters by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03; not identifiable alone); schools' and parents' reluctance to move; range 0.55-0.8"));
    s.back().priors = {U(0.55, 0.8)};
    s.push_back(number("secondary.move_up_ratio", FIELD(secondary.move_up_ratio), 0.4379, 0, 1, "ratio",
                       "Rate of moving up past the margin relative to move_probability (moving down).",
                       "M01-M03: fitted jointly with the other move parameters by pathways calibrate (docs/calibration.md; range 0.3-0.55): Dutch cohorts move down against their year-1 class about three times as often as up (M02: 14.6% lower, 5.2% higher after 3 years)"));
    s.back().priors = {U(0.3, 0.55)};
    s.push_back(number("secondary.year1_down_ratio", FIELD(secondary.year1_down_ratio), 0.4648, 0, 1, "ratio",
                       "Chance of a move down (also out of a bridge class's range) at the end of year 1 relative to later years.",
                       "M01 against M02: fitted jointly with the other move parameters by pathways calibrate (docs/calibration.md; range 0.25-0.5): after one year 3.7% of Dutch pupils are below and 3.1% above their year-1 class, after three years 14.6% and 5.2%"));
    s.back().priors = {U(0.3, 0.6)};
    s.push_back(number("secondary.move_back_ratio", FIELD(secondary.move_back_ratio), 0.5122, 0, 1, "ratio",
                       "Chance of a move that undoes the pupil's earlier moves (up after being moved down, down after being moved up) relative to a first move.",
                       "assumption, fitted with the dynamics (docs/calibration.md, \"Dynamics\") to M02-M03, the pupils who changed level both ways (range 0.1-1, wide: no study says how often Dutch schools move a pupil back; not identifiable from these targets alone)"));
    s.back().priors = {U(0.1, 1.0)};
    s.push_back(number("secondary.settle_up_margin", FIELD(secondary.settle_up_margin), 0.3014, -3, 3, "SD",
                       "How far into the upper level's band a year's results must reach for a bridge class to settle a pupil on it.",
                       "assumption, fitted with the dynamics (docs/calibration.md) to T02-T04 and M01-M03 (range 0.05-0.35): schools place cautiously"));
    s.back().priors = {U(0.05, 0.35)};
    s.push_back(number("secondary.basis_up_after_year3", FIELD(secondary.basis_up_after_year3), 0.0, 0, 1, "ratio",
                       "Rate of moving up from vmbo-b to vmbo-k at the end of year 3 or later, relative to move_probability: the upper years follow the exam programme of their own level.",
                       "D01-D02, M03: fitted jointly with the other move parameters by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03); range 0-0.2: the published vmbo-b diplomas (9.6%, D01) exceed the year-3 vmbo-b share (T07, 9%), so few pupils leave basis after year 3"));
    s.back().priors = {U(0.0, 0.2)};
    s.push_back(number("secondary.move_choice_bias", FIELD(secondary.move_choice_bias), 0.55, 0, 3, "share",
                       "Share of the shift by parental education of the judgement at 12 (selection.teacher_bias_by_parent_edu) that shapes the decisions of years 1-3 at equal results: moves up and down and a bridge class's settling. 0 decides on results alone.",
                       "assumption (direction: docs/evidence.md entry 12): at equal achievement children of less-educated parents move down more often and higher-SES pupils use chances to move up more [KR21, ESB21p]; moving up follows status maintenance [JT09]. No size was read; 0.55 is the share routes.later_choice_bias gives the placement at 14, so that a decision after 12 carries the same shift in every route"));
    s.back().priors = {U(0.0, 1.0)};
    s.push_back(number("secondary.retention_year1", FIELD(secondary.retention_year1), 0.025, 0, 1, "share per year",
                       "Repeating year 1.", "G01: 2.5% repeat VO year 1"));
    s.back().priors = {U(0.018, 0.032)};
    s.push_back(number("secondary.retention_havo3", FIELD(secondary.retention_havo3), 0.06, 0, 1, "share per year",
                       "Repeating havo 3.", "G08: 7.4% of boys and 4.7% of girls repeated havo 3 in 2016 (CBS), about 6%"));
    s.back().priors = {U(0.047, 0.074)};
    s.push_back(number("secondary.retention_havo4", FIELD(secondary.retention_havo4), 0.138, 0, 1, "share per year",
                       "Repeating havo 4.", "G02: 13.8% repeat havo 4"));
    s.back().priors = {U(0.118, 0.158)};
    s.push_back(number("secondary.retention_vmbo_upper", FIELD(secondary.retention_vmbo_upper), 0.042, 0, 1,
                       "share per year", "Repeating vmbo year 3; in year 4 pupils repeat by redoing a failed exam (G03 counts both).", "G03: 4.2%"));
    s.back().priors = {U(0.032, 0.052)};
    s.push_back(number("secondary.retention_vwo_upper", FIELD(secondary.retention_vwo_upper), 0.046, 0, 1,
                       "share per year", "Repeating vwo years 3-5; in year 6 pupils repeat by redoing a failed exam (G04 counts both).", "G04: 4.6%"));
    s.back().priors = {U(0.036, 0.056)};
    s.push_back(number("secondary.retention_other", FIELD(secondary.retention_other), 0.03, 0, 1, "share per year",
                       "Repeating year 2 of any track (havo 5 and vwo 6 repeat by redoing a failed exam).", "assumption: between G01 (year 1, 2.5%) and the upper years (G03, G04: 4.2-4.6%); no figure for year 2 alone was found"));
    s.back().priors = {U(0.02, 0.045)};
    s.push_back(number("secondary.retention_selectivity", FIELD(secondary.retention_selectivity), 0.8, 0, 1,
                       "correlation", "Correlation between a low position in class and repeating.", "assumption"));
    s.back().priors = {U(0.6, 0.95)};
    s.push_back(numbers("secondary.exam_pass", FIELD(secondary.exam_pass), {0.0, 0.979, 0.957, 0.933, 0.882, 0.907}, 0, 1,
                        "share", "Exam pass rate by track (pro has no exam).", "D07-D11: OCW in cijfers 2019"));
    s.back().priors = {element(2, U(0.964, 0.994)),
                       element(3, U(0.942, 0.972)),
                       element(4, U(0.918, 0.948)),
                       element(5, U(0.867, 0.897)),
                       element(6, U(0.892, 0.922))};
    s.push_back(number("secondary.exam_selectivity", FIELD(secondary.exam_selectivity), 0.8, 0, 1, "correlation",
                       "Correlation between position in class and passing.", "assumption"));
    s.back().priors = {U(0.6, 0.95)};
    s.push_back(number("secondary.repeat_after_fail", FIELD(secondary.repeat_after_fail), 0.6, 0, 1, "share",
                       "Share of failed candidates who redo the exam year.",
                       "docs/evidence.md entry 12: of failed candidates 35% (havo) and 27% (vwo) retake the year in school, 45% (vmbo-k) and 18% (vmbo-b) stay in vmbo (CBS 2024), and a third of failed havo candidates go to vavo (CBS 2017): weighted 0.37 in school, 0.58 with vavo [CBS24ex, CBS17z]"));
    s.back().priors = {U(0.37, 0.65)};
    s.push_back(number("secondary.stack_gt_to_havo", FIELD(secondary.stack_gt_to_havo), 0.0847, 0, 1, "share",
                       "Share of vmbo-gt graduates who go on to havo 4 (stapelen).",
                       "D03-D04, M03: fitted with the dynamics by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03); range 0.04-0.09, below the published stacking rate [OCW-st] (docs/evidence.md entry 12)"));
    s.back().priors = {U(0.04, 0.09)};
    s.push_back(number("secondary.stack_havo_to_vwo", FIELD(secondary.stack_havo_to_vwo), 0.09, 0, 1, "share",
                       "Share of havo graduates who go on to vwo 5.",
                       "D04-D05, M03: fitted with the dynamics by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, M01-M03); range 0.05-0.09, the published stacking rate [OCW-st] (docs/evidence.md entry 12)"));
    s.back().priors = {U(0.05, 0.09)};
    s.push_back(number("secondary.upper_drop", FIELD(secondary.upper_drop), 0.0882, 0, 1, "share per year",
                       "Share of pupils in the upper years before the exam year (havo 4, vwo 4-5) moving a track down after a weak year.",
                       "D04-D05, T08, M03: fitted with the dynamics by pathways calibrate (docs/calibration.md, \"Dynamics\"; T01-T08, D01-D06, G01-G04, G08, M01-M03); 0.04 before the selective revision of December 2026, which left fewer raised pupils to move down; range 0.03-0.1: D04-D05 against T08 (22% of year-3 pupils in vwo, 17.4% with a vwo diploma) and M03"));
    s.back().priors = {U(0.03, 0.1)};
    s.push_back(number("secondary.early_leaving", FIELD(secondary.early_leaving), 0.006, 0, 1, "share per year",
                       "Share of secondary pupils leaving school without a diploma each year.",
                       "D12: 0.6% per year (VSV-Verkenner)"));
    s.back().priors = {U(0.004, 0.008)};
    s.push_back(number("secondary.early_leaving_selectivity", FIELD(secondary.early_leaving_selectivity), 0.6, 0, 1,
                       "correlation", "Correlation between a low position in class and leaving early.", "assumption"));
    s.back().priors = {U(0.4, 0.8)};

    // ---- routes (§3.7) ----
    s.push_back(number("routes.ten_fourteen_share", FIELD(routes.ten_fourteen_share), 0.025, 0, 1, "share",
                       "Share of children entering a 10-14 school at groep 7.",
                       "assumption: Utrecht's two 10-14 schools (seed 002, p. 2751) with about 60 places a year each"));
    s.back().priors = {U(0.015, 0.035)};
    s.push_back(number("routes.zero_eighteen_share", FIELD(routes.zero_eighteen_share), 0.0, 0, 1, "share",
                       "Share of children in a 0-18 learning community (no change of school, selection later).",
                       "UOA ambition A28 (seed 002): an ambition, none in today's system"));
    s.push_back(integer("routes.zero_eighteen_selection_age", FIELD(routes.zero_eighteen_selection_age), 14, 13, 16,
                        "years", "Age at which a 0-18 community places pupils in a track.", "assumption (UOA ambition A28, seed 002)"));
    s.back().prior_note = "no prior: a scenario input (docs/evidence.md entry 10)";
    s.push_back(number("routes.later_selection_noise_sd", FIELD(routes.later_selection_noise_sd), 0.20, 0, 3, "SD",
                       "Noise in the placement at 14 (less than the teacher's at 12: two more years of information).",
                       "assumption: L04, selection at 14 on better information (docs/evidence.md entry 10)"));
    s.back().priors = {U(0.1, 0.3)};
    s.push_back(number("routes.later_choice_bias", FIELD(routes.later_choice_bias), 0.55, 0, 3, "share",
                       "Share of the shift by parental education of the judgement at 12 (selection.teacher_bias_by_parent_edu) that shapes the placement at 14 at equal results: the school's recommendation and the family's choice. 0 places on results alone.",
                       "assumption (direction: docs/evidence.md entry 10): secondary effects of social origin stay stable at later Dutch transitions [BvdVW13]; 0.55 gives the placement at 14 the net shift the bias gives the definitive advice at 12 (3.6 pp in P(havo or higher), high against low)"));
    s.back().priors = {U(0.25, 1.0)};
    s.push_back(number("routes.heterogeneous_pace", FIELD(routes.heterogeneous_pace), 0.012, -1, 1, "SD per year",
                       "Yearly skill gain in the heterogeneous groups of 10-14 schools and 0-18 communities (differentiated teaching that challenges every child).",
                       "assumption: L04 (itself an assumption), set so that selection at 14 raises P(a diploma above the advice) at the gt/havo and havo/vwo margins by 4-8 pp"));
    s.back().priors = {U(-0.01, 0.03)};

    // ---- wellbeing, attendance and youth care (§3.9) ----
    s.push_back(number("wellbeing.persistence", FIELD(wellbeing.persistence), 0.6, 0, 1, "correlation",
                       "Year-to-year correlation of a pupil's wellbeing (social-emotional wellbeing, national N(0,1)).",
                       "docs/evidence.md entry 14: measured one-year retest correlation of life satisfaction 0.60, of its reliable part 0.89 (meta-analysis of panels, Anusic & Schimmack); a referred youth sample 0.41 over 6.2 years [AS15, CBCLref]"));
    s.back().priors = {U(0.5, 0.9)};
    s.push_back(number("wellbeing.low_share", FIELD(wellbeing.low_share), 0.20, 0, 1, "share",
                       "Share of pupils nationally whose wellbeing counts as low.",
                       "docs/evidence.md entry 14: share of secondary pupils with SDQ mental problems 14.6% (2009) to 30.9% (2021, pandemic) (HBSC via RIVM) [RIVM-MP, KRiB]"));
    s.back().priors = {U(0.15, 0.31)};
    s.push_back(number("wellbeing.absence_base", FIELD(wellbeing.absence_base), 0.04, 0, 1, "share of lessons",
                       "Absence of pupils whose wellbeing is not low.", "assumption: about 4% of lessons missed"));
    s.back().priors = {U(0.03, 0.06)};
    s.push_back(number("wellbeing.absence_low_extra", FIELD(wellbeing.absence_low_extra), 0.05, 0, 1, "share of lessons",
                       "Extra absence of pupils with low wellbeing.", "assumption: range 0.02-0.10"));
    s.back().priors = {U(0.02, 0.1)};
    s.push_back(number("wellbeing.absence_loss", FIELD(wellbeing.absence_loss), 0.7, 0, 2, "SD per school year",
                       "Learning lost per school year fully missed, relative to the national mean absence.",
                       "docs/evidence.md entry 14: causal estimates, 10 missed classes or days lower test scores by 0.03-0.06 SD (within-pupil between-subject, US secondary; North Carolina with instruments): 0.5-1.0 SD per school year missed [LLG21, CEP1302]"));
    s.back().priors = {U(0.45, 1.3)};
    s.push_back(number("wellbeing.youth_care_base", FIELD(wellbeing.youth_care_base), 0.09, 0, 1, "share per year",
                       "Yearly youth-care use (jeugdhulp) of pupils whose wellbeing is not low.",
                       "Y01: 411,000 of 3.4 million under-18s received youth care in 2019 [CBS-J]; with wellbeing.youth_care_low_ratio 3 and a fifth of pupils with low wellbeing, 0.09 gives 12-13% of pupil-years"));
    s.back().priors = {U(0.07, 0.11)};
    s.push_back(number("wellbeing.youth_care_low_ratio", FIELD(wellbeing.youth_care_low_ratio), 3.0, 1, 20, "ratio",
                       "How many times more often pupils with low wellbeing use youth care.", "assumption: range 2-5"));
    s.back().priors = {U(2, 5)};
    s.push_back(number("wellbeing.early_leaving_weight", FIELD(wellbeing.early_leaving_weight), 0.3, 0, 0.9, "weight",
                       "Weight of (low) wellbeing in the early-leaving judgement beside the position in class; the national rate D12 is kept.",
                       "assumption: low wellbeing raises early leaving (seed 000)"));
    s.back().priors = {U(0.1, 0.5)};
    s.push_back(number("wellbeing.shock_drop", FIELD(wellbeing.shock_drop), 0.3, 0, 3, "SD",
                       "Drop in wellbeing in the year of a COVID-type shock (interventions.shock_year).",
                       "HBSC 2021 (docs/evidence.md entry 14): emotional problems among secondary girls rose from 28% (2017) to 43% (2021), a threshold shift of 0.41 SD; Dutch 8-18-year-olds 2.1-7.1 PROMIS T-points (0.21-0.71 SD) worse in the 2020 lockdown [Lui21]"));
    s.back().priors = {U(0.2, 0.7)};
}

}  // namespace pathways::model::schema_build
