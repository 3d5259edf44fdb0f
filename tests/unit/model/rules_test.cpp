// The model's rules, each with forced draws: what a rule decides for a given child and draw.
#include "model/growth.hpp"
#include "model/home_years.hpp"
#include "model/learning.hpp"
#include "model/mobility.hpp"
#include "model/newcomers.hpp"
#include "model/special.hpp"
#include "model/household.hpp"
#include "model/preschool.hpp"
#include "model/primary.hpp"
#include "model/routes.hpp"
#include "model/schema.hpp"
#include "model/secondary.hpp"
#include "model/selection.hpp"
#include "model/wellbeing.hpp"
#include "unit/scripted.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using namespace pathways::model;
using pathways::test::ScriptedStream;

TEST_CASE("household: draw_category walks the cumulative shares") {
    const std::array<double, 3> shares{0.2, 0.5, 0.3};
    CHECK(draw_category(0.1, shares) == 0);
    CHECK(draw_category(0.2, shares) == 1);
    CHECK(draw_category(0.69, shares) == 1);
    CHECK(draw_category(0.7, shares) == 2);
    CHECK(draw_category(0.999, shares) == 2);
    // an empty category is never drawn, also at its stretch's edge
    const std::array<double, 4> with_empty{0.2, 0.0, 0.5, 0.3};
    CHECK(draw_category(0.19, with_empty) == 0);
    CHECK(draw_category(0.2, with_empty) == 2);
    CHECK(draw_category(0.7, with_empty) == 3);
    CHECK(draw_category(0.0, with_empty) == 0);
}

TEST_CASE("household: a low-SES draw gives the lowest income group and its potential shift") {
    Params p = default_params();
    ScriptedStream r;
    // district, home position, low-SES (yes), parental education (low), multilingual (no), potential z
    r.uniforms({0.0, 0.5, 0.0, 0.0, 0.99}).normals({0.0});
    const Household h = draw_household(r, p.population, 0.9, p.population.district_birth_share);
    CHECK(h.low_ses == 1);
    CHECK(h.income_group == 0);
    CHECK(h.parent_edu == 0);
    CHECK(h.multilingual == 0);
    CHECK(h.potential == Approx(p.population.potential_mean_by_parent_edu[0] + p.population.potential_low_income_shift));
    CHECK(r.exhausted());
}

TEST_CASE("home years: early language carries the home and home-language shifts") {
    const Params p = default_params();
    ScriptedStream r;
    r.normals({0.0, 0.0});
    const EarlyDeviation d = early_development(r, p.home, 0.7, 0, true, false);
    CHECK(d.language == Approx(p.home.language_shift_by_parent_edu[0] + p.home.multilingual_language_shift));
    CHECK(d.math == Approx(p.home.language_shift_by_parent_edu[0] + p.home.multilingual_math_shift));
}

TEST_CASE("first 1000 days: only a child with a risk factor can be reached, with the programme's reach") {
    ScriptedStream r;
    r.uniforms({0.39, 0.41});
    CHECK(first1000_reached(r, 0.4, true));         // 0.39 < 0.4
    CHECK_FALSE(first1000_reached(r, 0.4, true));   // 0.41
    ScriptedStream none;                            // no draw without a risk factor or at reach 0
    CHECK_FALSE(first1000_reached(none, 0.4, false));
    CHECK_FALSE(first1000_reached(none, 0.0, true));
    CHECK(none.exhausted());
}

TEST_CASE("first 1000 days: a reached child's early language gets first1000_effect, its math nothing") {
    Params p = default_params();
    p.home.first1000_effect = 0.07;
    ScriptedStream reached, not_reached;
    reached.normals({0.3, -0.2});
    not_reached.normals({0.3, -0.2});
    const EarlyDeviation a = early_development(reached, p.home, 0.7, 1, false, true);
    const EarlyDeviation b = early_development(not_reached, p.home, 0.7, 1, false, false);
    CHECK(a.language - b.language == Approx(0.07));
    CHECK(a.math == b.math);
}

TEST_CASE("reading for pleasure pushes language in proportion to the minutes of free reading a day") {
    Params p = default_params();
    p.interventions.reading_effect = 0.04;
    p.interventions.reading_minutes = 15;
    CHECK(reading_push(p.interventions) == Approx(0.04));
    p.interventions.reading_minutes = 12;  // one free reading hour a week (seed 002, A6c)
    CHECK(reading_push(p.interventions) == Approx(0.032));
    p.interventions.reading_minutes = 0;
    CHECK(reading_push(p.interventions) == 0.0);
}

TEST_CASE("fewer repeats: a pupil kept back moves on with the share of its groep (2, or 3-7), no draw at share 0") {
    Params p = default_params();
    p.interventions.kindergarten_retention_avoided = 0.5;
    p.interventions.retention_avoided = 0.25;
    ScriptedStream r;
    r.uniforms({0.45, 0.45, 0.2});
    CHECK(promoted_instead(r, p.interventions, 2));        // 0.45 < 0.5
    CHECK_FALSE(promoted_instead(r, p.interventions, 5));  // 0.45 >= 0.25
    CHECK(promoted_instead(r, p.interventions, 7));        // 0.2 < 0.25
    CHECK(r.exhausted());
    ScriptedStream none;
    CHECK_FALSE(promoted_instead(none, default_params().interventions, 2));
    CHECK_FALSE(promoted_instead(none, default_params().interventions, 4));
}

TEST_CASE("a repeated year shifts a skill's deviation by retention_effect, and leaves it bit for bit at 0") {
    Params p = default_params();
    p.primary.retention_effect = 0.0;
    const float dev = -0.6131f;
    CHECK(repeated_deviation(p.primary, dev) == dev);
    p.primary.retention_effect = -0.16;
    CHECK(repeated_deviation(p.primary, dev) == Approx(-0.7731));
    p.primary.retention_effect = 0.10;
    CHECK(repeated_deviation(p.primary, dev) == Approx(-0.5131));
}

TEST_CASE("preschool: only children with a risk factor and low early language are indicated") {
    const Params p = default_params();
    ScriptedStream none;
    CHECK_FALSE(preschool_indication(none, p.preschool, false, -3.0).target);  // no risk factor: no draw, no VE
    CHECK_FALSE(preschool_indication(none, p.preschool, true, p.preschool.target_threshold + 0.01).target);
    ScriptedStream takes_part;
    takes_part.uniforms({p.preschool.reach - 1e-6});
    const auto yes = preschool_indication(takes_part, p.preschool, true, p.preschool.target_threshold - 0.01);
    CHECK(yes.target);
    CHECK(yes.participant);
    ScriptedStream stays_home;
    stays_home.uniforms({p.preschool.reach + 1e-6});
    CHECK_FALSE(preschool_indication(stays_home, p.preschool, true, -2.0).participant);
}

TEST_CASE("preschool: the VE effect loses half its size in the two years to groep 3, then closes at the catch-up rate") {
    const Params p = default_params();
    const double at_entry = preschool_effect(p.preschool, true);
    CHECK(at_entry == Approx(p.preschool.effect * p.preschool.quality));
    CHECK(preschool_effect(p.preschool, false) == 0.0);
    const PreschoolKeep keep(p.preschool, p.primary.catch_up);
    CHECK(in_kindergarten(Stage::primary, 1) == 1);
    CHECK(in_kindergarten(Stage::primary, 2) == 1);
    CHECK(in_kindergarten(Stage::primary, 3) == 0);
    CHECK(in_kindergarten(Stage::secondary, 1) == 0);  // secondary year 1 is not groep 1
    const double groep3 = faded_preschool_effect(keep.of(true), faded_preschool_effect(keep.of(true), at_entry));
    CHECK(groep3 / at_entry == Approx(0.5).margin(1e-3));  // V05
    // from groep 3 on a gain like any other: the deviation's catch-up rate
    CHECK(faded_preschool_effect(keep.of(false), groep3) == Approx(groep3 * (1 - p.primary.catch_up)));
}

TEST_CASE("growth: the deviation from potential closes by catch_up and takes the year's push") {
    ScriptedStream r;
    r.normals({0.0, 1.0});
    CHECK(grow_deviation(r, 1.0, 0.25, 0.1, 0.5) == Approx(0.85));
    CHECK(grow_deviation(r, 0.0, 0.25, 0.0, 0.5) == Approx(0.5));
}

TEST_CASE("primary: families prefer nearer schools and schools whose profile suits their income group") {
    const Params p = default_params();
    ScriptedStream r;
    const double g = std::exp(-1.0);  // uniform whose Gumbel value is exactly 1
    r.uniforms({g, g, g, g});
    const double near = school_utility(r, p.primary, 0, 0.0, 1);
    const double far = school_utility(r, p.primary, 2, 0.0, 1);
    CHECK(near > far);
    const double rich_in_popular = school_utility(r, p.primary, 0, 1.0, 2);
    const double poor_in_popular = school_utility(r, p.primary, 0, 1.0, 0);
    CHECK(rich_in_popular > poor_in_popular);
}

TEST_CASE("primary: shortage is higher at schools with a heavier intake and never negative") {
    const Params p = default_params();
    CHECK(school_shortage(p.primary, 0.0) == Approx(p.primary.shortage_mean));
    CHECK(school_shortage(p.primary, 1.0) > school_shortage(p.primary, 0.0));
    CHECK(school_shortage(p.primary, -100.0) == 0.0);
    // at the national shortage and an average composition, the year pushes nobody
    Params q = p;
    CHECK(primary_push(q.primary, 0.0, q.primary.shortage_national) == Approx(0.0));
    CHECK(primary_push(q.primary, 0.0, q.primary.shortage_national + 0.1) < 0.0);
}

TEST_CASE("selection: the teacher's advice follows the standardised judgement and its bias") {
    Params p = default_params();
    const Norms n = derive_norms(p);
    ScriptedStream r;
    r.normals({0.0, 0.0});
    const auto low = teacher_advice(r, p.selection, n, 0.0, 0.0, 0);
    const auto high = teacher_advice(r, p.selection, n, 0.0, 0.0, 2);
    CHECK(low.score < high.score);  // same child, different parents: the bias
    CHECK(high.score - low.score ==
          Approx((p.selection.teacher_bias_by_parent_edu[2] - p.selection.teacher_bias_by_parent_edu[0]) /
                 n.teacher_score_sd));
    CHECK(low.category % 2 == 0);  // Utrecht: single advices
}

TEST_CASE("selection at 14: results with less noise, shifted by parental education as the judgement at 12 is") {
    Params p = default_params();
    const Norms n = derive_norms(p);
    ScriptedStream r;
    r.normals({0.0, 0.0, 0.5});
    const double low = later_selection_score(r, p.routes, n, 0.3, 0);
    const double high = later_selection_score(r, p.routes, n, 0.3, 2);
    const double scale = std::sqrt(1 + p.routes.later_selection_noise_sd * p.routes.later_selection_noise_sd);
    const auto& bias = p.selection.teacher_bias_by_parent_edu;
    CHECK(high - low == Approx(p.routes.later_choice_bias * (bias[2] - bias[0]) / scale));
    CHECK(high > low);  // same results, different parents
    // without the shift the placement reads the results alone, with the noise
    p.routes.later_choice_bias = 0;
    const double results_only = later_selection_score(r, p.routes, n, 0.3, 2);
    CHECK(results_only == Approx((0.3 + p.routes.later_selection_noise_sd * 0.5) / scale));
    CHECK(r.exhausted());
}

TEST_CASE("decisions after 12 keep their shift by parental education when a scenario removes the teacher's bias at 12") {
    Params p = default_params();
    const Norms with_bias = derive_norms(p);
    p.selection.teacher_bias_by_parent_edu = {0.0, 0.0, 0.0};  // advice_without_bias.toml
    const Norms without_bias = derive_norms(p);
    for (int e = 0; e < 3; ++e) CHECK(choice_shift(0.55, without_bias, e) == choice_shift(0.55, with_bias, e));
    CHECK(choice_shift(0.55, with_bias, 0) < 0.0);
    CHECK(choice_shift(0.55, with_bias, 2) > 0.0);
    CHECK(choice_shift(0.0, with_bias, 2) == 0.0);
}

TEST_CASE("warm hand-over: the school weighs the primary teacher's judgement beside its own results") {
    CHECK(handed_over_results(0.0, 0.8, -1.0) == 0.8);   // no weight: the results alone
    CHECK(handed_over_results(1.0, 0.8, -1.0) == -1.0);  // full weight: the teacher's judgement
    CHECK(handed_over_results(0.3, 0.8, -1.0) == Approx(0.7 * 0.8 - 0.3));
}

TEST_CASE("selection: a higher test advice is raised with the regime's probability at the band's edge, never lowered") {
    Params p = default_params();
    p.selection.raise_selectivity = 0;
    const Norms n = derive_norms(p);
    // A judgement exactly at the lower edge of the havo band (category 6) and one at the edge of gt.
    const TeacherJudgement gt_edge{advice_lower_edge(4, n, false), 4};
    ScriptedStream none;
    CHECK(revised_advice(none, p.selection, n, gt_edge, 4) == 4);  // no draw when the test is not higher
    CHECK(revised_advice(none, p.selection, n, TeacherJudgement{advice_lower_edge(6, n, false), 6}, 2) == 6);
    ScriptedStream raise;
    raise.uniforms({p.selection.raise_probability_doorstroomtoets - 1e-6});
    CHECK(revised_advice(raise, p.selection, n, gt_edge, 6) == 6);
    ScriptedStream keep;
    keep.uniforms({p.selection.raise_probability_doorstroomtoets + 1e-6});
    CHECK(revised_advice(keep, p.selection, n, gt_edge, 6) == 4);
    p.selection.test_regime = TestRegime::end_test;
    ScriptedStream old_regime;
    old_regime.uniforms({p.selection.raise_probability_end_test + 1e-6});  // above the old regime's rate: not raised
    CHECK(revised_advice(old_regime, p.selection, n, gt_edge, 6) == 4);
}

TEST_CASE("selection: the odds of a raise fall by raise_selectivity per SD the teacher's judgement lies below the test's band") {
    Params p = default_params();
    p.selection.raise_selectivity = 2.0;
    const Norms n = derive_norms(p);
    const double havo_edge = advice_lower_edge(6, n, false);
    const double q = p.selection.raise_probability_doorstroomtoets;
    // One SD below the havo band (still a gt judgement for these cuts): odds q/(1-q) * exp(-2).
    const double odds = q / (1 - q) * std::exp(-2.0);
    const double expected = odds / (1 + odds);
    REQUIRE(advice_category(havo_edge - 1.0, n, false) < 6);
    const TeacherJudgement far{havo_edge - 1.0, advice_category(havo_edge - 1.0, n, false)};
    ScriptedStream just_in;
    just_in.uniforms({expected - 1e-9});
    CHECK(revised_advice(just_in, p.selection, n, far, 6) == 6);
    ScriptedStream just_out;
    just_out.uniforms({expected + 1e-9});
    CHECK(revised_advice(just_out, p.selection, n, far, 6) == far.category);
    // At the edge the selectivity does not enter.
    const TeacherJudgement at_edge{havo_edge, 4};
    ScriptedStream edge;
    edge.uniforms({q - 1e-9});
    CHECK(revised_advice(edge, p.selection, n, at_edge, 6) == 6);
    // Double advices: the edge of a double category is its own cut.
    CHECK(advice_lower_edge(5, n, true) == n.double_cuts[4]);
    CHECK(advice_lower_edge(6, n, false) == n.single_cuts[2]);
}

TEST_CASE("selection: a share of the raises stops at the next advice above the teacher's when the test points two steps higher") {
    Params p = default_params();
    p.selection.raise_selectivity = 0;
    p.selection.raise_partial_share = 0.25;
    const Norms n = derive_norms(p);
    const double q = p.selection.raise_probability_doorstroomtoets;
    const double partial = q * 0.25;  // one draw: below it part of the way, below q all the way
    const TeacherJudgement gt{advice_lower_edge(6, n, true), 4};
    const auto revised = [&](double u, int test) {
        ScriptedStream r;
        r.uniforms({u});
        return revised_advice(r, p.selection, n, gt, test);
    };
    p.selection.double_advice = true;
    CHECK(revised(partial - 1e-9, 6) == 5);  // vmbo-gt, test havo: raised to vmbo-gt/havo
    CHECK(revised(partial + 1e-9, 6) == 6);  // the rest of the raises go to the test advice
    CHECK(revised(q + 1e-9, 6) == 4);        // not raised
    CHECK(revised(partial - 1e-9, 5) == 5);  // one step up: part of the way is the whole way
    // Without double advices the next advice is the next level: vmbo-gt, test vwo, raised to havo.
    p.selection.double_advice = false;
    CHECK(revised(partial - 1e-9, 8) == 6);
    CHECK(revised(partial - 1e-9, 6) == 6);
    CHECK(partial_raise(4, true) == 5);
    CHECK(partial_raise(4, false) == 6);
}

TEST_CASE("selection: the test advice is shifted by the test's level") {
    Params p = default_params();
    p.selection.double_advice = true;
    const Norms n = derive_norms(p);
    ScriptedStream r;
    const double sd = test_noise_sd(p.selection);
    // achievement just below the havo/vwo cut, no noise: the shift carries it over
    const double just_below = n.double_cuts[7] * std::sqrt(1 + sd * sd) - 0.01;
    r.normals({0.0});
    CHECK(test_advice(r, p.selection, n, just_below) == 8);
    p.selection.test_shift_doorstroomtoets = 0.0;
    r.normals({0.0});
    CHECK(test_advice(r, p.selection, n, just_below) == 7);
}

TEST_CASE("secondary: year-1 placement from the definitive advice") {
    Params p = default_params();
    p.secondary.broad_bridge_share = 0.1;
    p.secondary.class_above_advice_share = 0.3;
    const Norms n = derive_norms(p);
    ScriptedStream none;
    const Placement pro = place_in_year1(none, p.secondary, n, 0, n.pro_cut - 0.1);
    CHECK(pro.low == 0);
    ScriptedStream b_categorical;
    b_categorical.uniforms({0.31});  // no broad class below gt: one draw, for the two-level class
    const Placement b = place_in_year1(b_categorical, p.secondary, n, 0, n.pro_cut + 0.1);
    CHECK(b.low == 1);
    CHECK(b.high == 1);
    const Placement dual = place_in_year1(none, p.secondary, n, 5, 0.0);
    CHECK(dual.type == ClassType::dual);
    CHECK(dual.low == 3);
    CHECK(dual.high == 4);
    ScriptedStream broad_draw;
    broad_draw.uniforms({0.1 - 1e-6});
    const Placement broad = place_in_year1(broad_draw, p.secondary, n, 6, 0.0);
    CHECK(broad.type == ClassType::broad);
    CHECK(broad.low == 3);
    CHECK(broad.high == 5);
    ScriptedStream categorical_draw;
    categorical_draw.uniforms({0.1 + 1e-6, 0.3 + 1e-6});
    const Placement havo = place_in_year1(categorical_draw, p.secondary, n, 6, 0.0);
    CHECK(havo.type == ClassType::categorical);
    CHECK(havo.high == 4);
}

TEST_CASE("secondary: a two-level class reaching one level above a single advice, never above vwo") {
    Params p = default_params();
    p.secondary.broad_bridge_share = 0.1;
    p.secondary.class_above_advice_share = 0.3;
    const Norms n = derive_norms(p);
    ScriptedStream havo_up;
    havo_up.uniforms({0.5, 0.3 - 1e-6});  // not broad, then into the havo/vwo class
    const int havo_advice = 6;
    REQUIRE(advice_low_track(havo_advice) == 4);
    REQUIRE(advice_high_track(havo_advice) == 4);
    const Placement havo = place_in_year1(havo_up, p.secondary, n, havo_advice, 0.0);
    CHECK(havo.type == ClassType::dual);
    CHECK(havo.low == 4);
    CHECK(havo.high == 5);
    ScriptedStream b_up;
    b_up.uniforms({0.3 - 1e-6});  // vmbo-b: no broad draw, straight to the b/k class
    const Placement b = place_in_year1(b_up, p.secondary, n, 0, n.pro_cut + 0.1);
    CHECK(b.low == 1);
    CHECK(b.high == 2);
    ScriptedStream vwo_draw;
    vwo_draw.uniforms({0.5, 0.0});  // a vwo advice cannot be placed above vwo: the second draw is not read
    const int vwo_advice = 8;
    REQUIRE(advice_low_track(vwo_advice) == 5);
    const Placement vwo = place_in_year1(vwo_draw, p.secondary, n, vwo_advice, 0.0);
    CHECK(vwo.type == ClassType::categorical);
    CHECK(vwo.high == 5);
}

TEST_CASE("secondary: one draw places a single advice in a one-level class of the next level, a two-level class or at the advice") {
    Params p = default_params();
    p.secondary.broad_bridge_share = 0.1;
    p.secondary.class_above_advice_share = 0.4;
    p.secondary.above_advice_categorical_share = 0.25;  // 0.4 x 0.25 = 0.1 of the draws
    const Norms n = derive_norms(p);
    const int gt_advice = 4;
    REQUIRE(advice_low_track(gt_advice) == 3);
    ScriptedStream one_level;
    one_level.uniforms({0.5, 0.1 - 1e-6});  // not broad, then below 0.1: a havo class
    const Placement havo = place_in_year1(one_level, p.secondary, n, gt_advice, 0.0);
    CHECK(havo.type == ClassType::categorical);
    CHECK(havo.low == 4);
    CHECK(havo.high == 4);
    ScriptedStream two_level;
    two_level.uniforms({0.5, 0.1 + 1e-6});  // between 0.1 and 0.4: the gt/havo class
    const Placement dual = place_in_year1(two_level, p.secondary, n, gt_advice, 0.0);
    CHECK(dual.type == ClassType::dual);
    CHECK(dual.low == 3);
    CHECK(dual.high == 4);
    ScriptedStream at_advice;
    at_advice.uniforms({0.5, 0.4 + 1e-6});  // above 0.4: a vmbo-gt class
    const Placement gt = place_in_year1(at_advice, p.secondary, n, gt_advice, 0.0);
    CHECK(gt.type == ClassType::categorical);
    CHECK(gt.low == 3);
    CHECK(gt.high == 3);
    // a share of 0 turns the same draw into the two-level class, as before the share existed
    p.secondary.above_advice_categorical_share = 0.0;
    ScriptedStream same_draw;
    same_draw.uniforms({0.5, 0.1 - 1e-6});
    CHECK(place_in_year1(same_draw, p.secondary, n, gt_advice, 0.0).type == ClassType::dual);
}

TEST_CASE("secondary: a bridge class settles within its range by results, beyond it only as a move") {
    Params p = default_params();
    p.secondary.move_probability = 0.5;
    p.secondary.move_up_ratio = 0.4;
    p.secondary.year1_down_ratio = 0.5;
    const Norms n = derive_norms(p);
    ScriptedStream far_up, far_up_stays, far_down, none;
    far_up.uniforms({0.2 - 1e-6});  // up after year 1: 0.5 * 0.4, the usual rate
    CHECK(bridge_decision(far_up, p.secondary, n, 3, 4, 3, 1, 10.0) == 5);
    far_up_stays.uniforms({0.2 + 1e-6});
    CHECK(bridge_decision(far_up_stays, p.secondary, n, 3, 4, 3, 1, 10.0) == 4);  // stays at the top of its range
    far_down.uniforms({0.25 - 1e-6});  // down after year 1: 0.5 * 0.5
    CHECK(bridge_decision(far_down, p.secondary, n, 3, 4, 3, 1, -10.0) == 2);
    const double into_havo = n.track_lower(4) + p.secondary.settle_up_margin + 0.01;
    CHECK(bridge_decision(none, p.secondary, n, 3, 4, 3, 1, into_havo) == 4);
    CHECK(bridge_decision(none, p.secondary, n, 3, 4, 3, 1, into_havo - 0.02) == 3);  // cautious: not far enough into havo
    const double mid_gt = 0.5 * (n.track_lower(3) + n.track_upper(3));
    CHECK(bridge_decision(none, p.secondary, n, 3, 4, 3, 1, mid_gt) == 3);
    // a broad class (gt/havo/vwo): up from the advised level when the results reach higher ...
    const double mid_vwo = 0.5 * (n.track_lower(5) + n.track_upper(5)) + p.secondary.settle_up_margin;
    CHECK(bridge_decision(none, p.secondary, n, 3, 5, 3, 1, mid_vwo) == 5);  // gt advice, vwo results
    // ... a havo-advised pupil whose results lie in havo's band, below the cautious margin into
    // it, stays at havo (the margin guards moving up, not the advised level) ...
    const double low_havo = n.track_lower(4) + 0.5 * p.secondary.settle_up_margin;
    CHECK(bridge_decision(none, p.secondary, n, 3, 5, 4, 1, low_havo) == 4);
    // ... and down to gt only when the results fall below havo's band by the down margin, with a
    // move down's chance (after year 1: 0.5 * 0.5), as in a categorical havo class
    CHECK(bridge_decision(none, p.secondary, n, 3, 5, 4, 1, n.track_lower(4) - p.secondary.move_down_margin + 0.01) == 4);
    ScriptedStream settles_down, stays_at_advice;
    settles_down.uniforms({0.25 - 1e-6});
    CHECK(bridge_decision(settles_down, p.secondary, n, 3, 5, 4, 1, n.track_lower(4) - p.secondary.move_down_margin - 0.01) == 3);
    stays_at_advice.uniforms({0.25 + 1e-6});
    CHECK(bridge_decision(stays_at_advice, p.secondary, n, 3, 5, 4, 1, n.track_lower(4) - p.secondary.move_down_margin - 0.01) == 4);
}

TEST_CASE("secondary: moving up or down needs results past a margin beyond the track's band, and a move's chance") {
    Params p = default_params();
    p.secondary.move_probability = 0.5;
    p.secondary.move_up_ratio = 0.4;
    p.secondary.year1_down_ratio = 0.5;
    const Norms n = derive_norms(p);
    ScriptedStream none;
    const int havo = 4;
    CHECK(track_move(none, p.secondary, n, havo, 2, n.track_upper(havo)) == 0);  // inside: no draw, no move
    const double above = n.track_upper(havo) + p.secondary.move_up_margin + 0.01;
    const double below = n.track_lower(havo) - p.secondary.move_down_margin - 0.01;
    ScriptedStream up, not_up, down, not_down, year1_down, year1_not_down;
    up.uniforms({0.2 - 1e-6});  // year 2: up with 0.5 * 0.4
    CHECK(track_move(up, p.secondary, n, havo, 2, above) == 1);
    not_up.uniforms({0.2 + 1e-6});
    CHECK(track_move(not_up, p.secondary, n, havo, 2, above) == 0);
    down.uniforms({0.5 - 1e-6});  // year 2: down with 0.5
    CHECK(track_move(down, p.secondary, n, havo, 2, below) == -1);
    not_down.uniforms({0.5 + 1e-6});
    CHECK(track_move(not_down, p.secondary, n, havo, 2, below) == 0);
    ScriptedStream year1_up;
    year1_up.uniforms({0.2 - 1e-6});  // year 1: up at the usual rate
    CHECK(track_move(year1_up, p.secondary, n, havo, 1, above) == 1);
    year1_down.uniforms({0.25 - 1e-6});  // year 1: down at half the chance
    CHECK(track_move(year1_down, p.secondary, n, havo, 1, below) == -1);
    year1_not_down.uniforms({0.25 + 1e-6});
    CHECK(track_move(year1_not_down, p.secondary, n, havo, 1, below) == 0);
    CHECK(track_move(none, p.secondary, n, 0, 2, 10.0) == 0);  // pro pupils do not move
}

TEST_CASE("secondary: a move back against the pupil's earlier moves happens at move_back_ratio of the chance") {
    Params p = default_params();
    p.secondary.move_probability = 0.5;
    p.secondary.move_up_ratio = 0.4;
    p.secondary.move_back_ratio = 0.25;
    const Norms n = derive_norms(p);
    const int havo = 4;
    const double above = n.track_upper(havo) + p.secondary.move_up_margin + 0.01;
    const double below = n.track_lower(havo) - p.secondary.move_down_margin - 0.01;
    ScriptedStream back_up, not_back_up, first_up, again_up, back_down, not_back_down, further_down;
    back_up.uniforms({0.05 - 1e-6});  // moved down before: up with 0.5 * 0.4 * 0.25
    CHECK(track_move(back_up, p.secondary, n, havo, 2, above, -1) == 1);
    not_back_up.uniforms({0.05 + 1e-6});
    CHECK(track_move(not_back_up, p.secondary, n, havo, 2, above, -1) == 0);
    first_up.uniforms({0.05 + 1e-6});  // no earlier move, or moved up before: the usual 0.2
    CHECK(track_move(first_up, p.secondary, n, havo, 2, above, 0) == 1);
    again_up.uniforms({0.05 + 1e-6});
    CHECK(track_move(again_up, p.secondary, n, havo, 2, above, 1) == 1);
    back_down.uniforms({0.125 - 1e-6});  // moved up before: down with 0.5 * 0.25
    CHECK(track_move(back_down, p.secondary, n, havo, 2, below, 1) == -1);
    not_back_down.uniforms({0.125 + 1e-6});
    CHECK(track_move(not_back_down, p.secondary, n, havo, 2, below, 1) == 0);
    further_down.uniforms({0.125 + 1e-6});  // moved down before: a further move down is no move back
    CHECK(track_move(further_down, p.secondary, n, havo, 2, below, -1) == -1);
}

TEST_CASE("secondary: from the end of year 3 a move up out of vmbo-b happens at basis_up_after_year3 of the usual rate") {
    Params p = default_params();
    const Norms n = derive_norms(p);
    const int basis = 1;
    const double above = n.track_upper(basis) + p.secondary.move_up_margin + 0.01;
    p.secondary.move_probability = 0.5;
    p.secondary.move_up_ratio = 1.0;
    p.secondary.basis_up_after_year3 = 0.2;  // up with probability 0.1 from year 3 on
    ScriptedStream year2, year3_low, year3_high, kader;
    year2.uniforms({0.3});
    CHECK(track_move(year2, p.secondary, n, basis, 2, above) == 1);  // year 2: the usual 0.5
    year3_low.uniforms({0.09});
    CHECK(track_move(year3_low, p.secondary, n, basis, 3, above) == 1);
    year3_high.uniforms({0.11});
    CHECK(track_move(year3_high, p.secondary, n, basis, 3, above) == 0);
    kader.uniforms({0.3});  // other tracks keep the usual rate in year 3
    CHECK(track_move(kader, p.secondary, n, 2, 3, n.track_upper(2) + p.secondary.move_up_margin + 0.01) == 1);
}

TEST_CASE("mobility: changes of place against the year-1 range, and both when the pupil changed down and up, a return included") {
    // year-1 class havo/vwo (4-5); -1 = not in a secondary class that year
    const std::int8_t settled_vwo[6] = {4, 5, 5, 5, 5, 5};
    CHECK(mobility_after(settled_vwo, 5, 4, 5) == Mobility::none);  // within the span: no change
    const std::int8_t down_then_back[6] = {4, 3, 3, 4, 4, 4};
    CHECK(mobility_after(down_then_back, 1, 4, 5) == Mobility::lower);
    CHECK(mobility_after(down_then_back, 2, 4, 5) == Mobility::lower);
    CHECK(mobility_after(down_then_back, 3, 4, 5) == Mobility::both);  // moved back into the range: a change up
    const std::int8_t vmbo_stack[6] = {3, 3, 3, 3, 4, 4};  // vmbo-gt diploma after year 4, then havo 4
    CHECK(mobility_after(vmbo_stack, 3, 3, 3) == Mobility::none);
    CHECK(mobility_after(vmbo_stack, 5, 3, 3) == Mobility::higher);  // stacking counts
    const std::int8_t down_then_stack[6] = {4, 4, 3, 3, 4, 4};  // havo, down to vmbo-gt, diploma, havo 4
    CHECK(mobility_after(down_then_stack, 3, 4, 4) == Mobility::lower);
    CHECK(mobility_after(down_then_stack, 5, 4, 4) == Mobility::both);
    const std::int8_t swing[6] = {3, 2, 3, 4, 4, -1};
    CHECK(mobility_after(swing, 1, 3, 3) == Mobility::lower);
    CHECK(mobility_after(swing, 3, 3, 3) == Mobility::both);
    const std::int8_t left_after_drop[6] = {5, 5, 5, 5, 4, -1};  // vwo, dropped to havo, left
    CHECK(mobility_after(left_after_drop, 5, 5, 5) == Mobility::lower);  // the last level held counts
}

TEST_CASE("secondary: only a move up from vmbo-gt at the end of year 3 costs a year (havo 4 needs a vmbo-t diploma or havo 3)") {
    CHECK(move_costs_a_year(3, 4, 3));       // vmbo-gt 3 -> havo 3
    CHECK_FALSE(move_costs_a_year(3, 4, 2)); // vmbo-gt 2 -> havo 3 keeps the pace
    CHECK_FALSE(move_costs_a_year(4, 5, 3)); // havo 3 -> vwo 4: a school's promotion decision
    CHECK_FALSE(move_costs_a_year(2, 3, 3)); // within vmbo
    CHECK_FALSE(move_costs_a_year(4, 3, 3)); // a move down
}

TEST_CASE("secondary: retention rates by track and year come from G01-G04 and G08") {
    const Params p = default_params();
    CHECK(retention_rate(p.secondary, 3, 1) == p.secondary.retention_year1);
    CHECK(retention_rate(p.secondary, 4, 3) == p.secondary.retention_havo3);
    CHECK(retention_rate(p.secondary, 4, 4) == p.secondary.retention_havo4);
    CHECK(retention_rate(p.secondary, 2, 3) == p.secondary.retention_vmbo_upper);
    CHECK(retention_rate(p.secondary, 5, 5) == p.secondary.retention_vwo_upper);
    CHECK(retention_rate(p.secondary, 4, 2) == p.secondary.retention_other);
    CHECK(final_year(1) == 4);
    CHECK(final_year(4) == 5);
    CHECK(final_year(5) == 6);
}

TEST_CASE("the lottery serves families by ascending number, ties by child, as a comparison sort would") {
    // numbers as uniform_01 makes them from 32-bit words, many of them tied
    std::vector<std::uint64_t> keys;
    std::uint32_t word = 12345;
    for (std::uint32_t child = 0; child < 20000; ++child) {
        word = word * 1664525u + 1013904223u;
        const std::uint32_t drawn = child % 7 == 0 ? 0xFFFFFFFFu : (word >> 20) << 20;  // ties and the largest word
        keys.push_back(lottery_key(drawn / 4294967296.0, child));
    }
    std::vector<std::uint64_t> expected = keys;
    std::sort(expected.begin(), expected.end());
    std::vector<std::uint64_t> scratch(keys.size());
    const std::uint64_t* const out = sort_lottery(keys.data(), scratch.data(), keys.size());
    const std::vector<std::uint64_t> sorted(out, out + keys.size());
    REQUIRE(sorted == expected);
    for (std::size_t k = 1; k < sorted.size(); ++k) {
        const auto number = [](std::uint64_t key) { return key >> 32; };
        REQUIRE((number(sorted[k - 1]) < number(sorted[k]) ||
                 (number(sorted[k - 1]) == number(sorted[k]) && (sorted[k - 1] & 0xFFFFFFFFu) < (sorted[k] & 0xFFFFFFFFu))));
    }
}

TEST_CASE("a weak-position event happens below the rate's quantile, never at rate 0, always at rate 1") {
    ScriptedStream r;
    r.normals({0.0, 0.0});
    CHECK(weak_position_event(r, rate_quantile(0.1), 1.0, -2.0));
    CHECK_FALSE(weak_position_event(r, rate_quantile(0.1), 1.0, 0.0));
    ScriptedStream none;
    CHECK_FALSE(weak_position_event(none, rate_quantile(0.0), 0.5, -10.0));
    CHECK(weak_position_event(none, rate_quantile(1.0), 0.5, 10.0));
}

TEST_CASE("a weak-position judgement weighs the position by the selectivity and its noise by sqrt(1 - selectivity^2)") {
    const Selectivity s(0.6);
    CHECK(s.position == 0.6);
    CHECK(s.noise == std::sqrt(1.0 - 0.6 * 0.6));
    // position -1 and noise -1: z = 0.6 * -1 + 0.8 * -1 = -1.4, just below a quantile of -1.39
    ScriptedStream r;
    r.normals({-1.0, -1.0});
    CHECK(weak_position_event(r, -1.39, s, -1.0));
    CHECK_FALSE(weak_position_event(r, -1.41, s, -1.0));
}

TEST_CASE("year results add the measurement noise and rescale to unit variance") {
    const ResultNoise noise(0.75);
    CHECK(noise.scale == std::sqrt(1.0 + 0.75 * 0.75));
    ScriptedStream r;
    r.normals({2.0});
    CHECK(year_results(r, noise, 0.5) == Approx((0.5 + 0.75 * 2.0) / 1.25));
    CHECK(r.exhausted());
}

TEST_CASE("selection: the test advice with its noise scale worked out once is the advice of the per-pupil formula") {
    Params p = default_params();
    for (const bool double_advice : {false, true}) {
        p.selection.double_advice = double_advice;
        const Norms n = derive_norms(p);
        const double sd = test_noise_sd(p.selection);
        const ResultNoise noise(sd);
        int checked = 0;
        for (double a = -3.0; a <= 3.0; a += 0.0137)
            for (const double z : {-2.1, -0.4, 0.0, 0.33, 1.7}) {
                const double formula = (a + sd * z) / std::sqrt(1.0 + sd * sd) + test_level_shift(p.selection);
                ScriptedStream r;
                r.normals({z});
                CHECK(test_advice(r, p.selection, n, a, noise) == advice_category(formula, n, double_advice));
                ++checked;
            }
        CHECK(checked > 2000);
    }
}

TEST_CASE("school lottery: the three counting passes order the keys as std::sort does, ties by child") {
    std::mt19937_64 g(29);
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{50000}}) {
        std::vector<std::uint64_t> keys(n), scratch(n);
        for (std::size_t k = 0; k < n; ++k) {
            // every digit of the word varies; a few words repeat, so ties must go to the lower child
            const std::uint32_t word = k % 97 == 5 ? 0x12345678u : static_cast<std::uint32_t>(g());
            keys[k] = lottery_key(word / 4294967296.0, static_cast<std::uint32_t>(k));
        }
        std::vector<std::uint64_t> expected = keys;
        std::sort(expected.begin(), expected.end());
        const std::uint64_t* sorted = sort_lottery(keys.data(), scratch.data(), n);
        CHECK(std::equal(expected.begin(), expected.end(), sorted));
    }
}

TEST_CASE("secondary: a failed exam is redone with the chance repeat_after_fail, else the candidate leaves") {
    const Selectivity s(0.5);
    ScriptedStream pass;
    pass.normals({1.0});  // 0.5 * 0 + 0.87 * 1 is above the quantile of a 10% fail rate
    CHECK(exam_outcome(pass, rate_quantile(0.1), s, 0.0, 0.6) == ExamOutcome::passed);
    CHECK(pass.exhausted());  // a pass draws no second question
    ScriptedStream redo, leaves;
    redo.normals({-3.0}).uniforms({0.59});
    CHECK(exam_outcome(redo, rate_quantile(0.1), s, 0.0, 0.6) == ExamOutcome::redo_year);
    leaves.normals({-3.0}).uniforms({0.61});
    CHECK(exam_outcome(leaves, rate_quantile(0.1), s, 0.0, 0.6) == ExamOutcome::failed);
}

TEST_CASE("secondary: after a vmbo-gt diploma a pupil may stack to havo 4, after havo to vwo 5, never after vwo") {
    Params p = default_params();
    p.secondary.stack_gt_to_havo = 0.3;
    p.secondary.stack_havo_to_vwo = 0.1;
    ScriptedStream gt, gt_no, havo, havo_custom, vwo;
    gt.uniforms({0.29});
    CHECK(stacking_track(gt, p.secondary, 3, 1.0) == 4);
    gt_no.uniforms({0.31});
    CHECK(stacking_track(gt_no, p.secondary, 3, 1.0) == -1);
    havo.uniforms({0.11});
    CHECK(stacking_track(havo, p.secondary, 4, 1.0) == -1);
    havo_custom.uniforms({0.11});  // a custom-diploma candidate stacks at stack_ratio times the rate
    CHECK(stacking_track(havo_custom, p.secondary, 4, 1.5) == 5);
    CHECK(stacking_track(vwo, p.secondary, 5, 1.0) == -1);
    CHECK(vwo.exhausted());  // a vwo diploma draws nothing
}

TEST_CASE("secondary: a custom diploma is used by a candidate who takes part and whose results reach the next level") {
    const Params p = default_params();
    const Norms n = derive_norms(p);
    const int gt = 3;
    ScriptedStream takes_part, declines, weak;
    takes_part.uniforms({0.1});
    CHECK(custom_diploma_candidate(takes_part, 0.5, n, gt, n.track_upper(gt) + 0.01));
    declines.uniforms({0.9});
    CHECK_FALSE(custom_diploma_candidate(declines, 0.5, n, gt, n.track_upper(gt) + 0.01));
    weak.uniforms({0.1});
    CHECK_FALSE(custom_diploma_candidate(weak, 0.5, n, gt, n.track_upper(gt) - 0.01));
}

TEST_CASE("wellbeing: the score carries rho of last year's, prevention raises it and low wellbeing costs learning and brings care") {
    const Params p = default_params();
    const Norms n = derive_norms(p);
    const WellbeingTerms t = wellbeing_terms(p, n);
    CHECK(t.innovation == std::sqrt(1 - p.wellbeing.persistence * p.wellbeing.persistence));
    // The first school year takes the normal itself; later years carry rho of last year's score.
    const WellbeingYear first = wellbeing_rule(t, {5.0f, 0.0f, 0.0f, 0.0f, 1, 0, 0, 0, 0.0}, 0.25, 0.99);
    CHECK(first.wellbeing == 0.25f);
    const WellbeingYear later = wellbeing_rule(t, {1.0f, 0.0f, 0.0f, 0.0f, 0, 0, 0, 0, 0.0}, 0.5, 0.99);
    CHECK(later.wellbeing == static_cast<float>(t.persistence * 1.0 + t.innovation * 0.5));
    // Low wellbeing (below the cut): the low absence, the learning it costs, the low care chance.
    const float w_low = static_cast<float>(n.low_wellbeing_cut - 1.0);
    const WellbeingYear low = wellbeing_rule(t, {0.0f, 2.0f, 0.5f, 0.5f, 1, 0, 0, 0, 0.0}, w_low, t.care[1] - 1e-9);
    CHECK(low.absence == static_cast<float>(2.0 + t.absence[1]));
    CHECK(low.dev_language == static_cast<float>(0.5 - t.lost[1]));
    CHECK(low.cared == 1);
    const WellbeingYear normal = wellbeing_rule(t, {0.0f, 2.0f, 0.5f, 0.5f, 1, 0, 0, 0, 0.0}, n.low_wellbeing_cut + 1.0, t.care[1] - 1e-9);
    CHECK(normal.absence == static_cast<float>(2.0 + t.absence[0]));
    CHECK(normal.cared == (t.care[1] - 1e-9 < t.care[0]));
    // Prevention adds its effect; a shock subtracts the drop.
    const WellbeingYear prevented = wellbeing_rule(t, {0.0f, 0.0f, 0.0f, 0.0f, 1, 1, 0, 0, 0.0}, 0.0, 0.99);
    CHECK(prevented.wellbeing == static_cast<float>(t.prevention_effect));
    const WellbeingYear shocked = wellbeing_rule(t, {0.0f, 0.0f, 0.0f, 0.0f, 1, 0, 0, 0, 0.3}, 0.0, 0.99);
    CHECK(shocked.wellbeing == -0.3f);
    // A VE place raises the score at school entry only; later years carry it with persistence.
    const WellbeingYear entered_with_ve = wellbeing_rule(t, {5.0f, 0.0f, 0.0f, 0.0f, 1, 0, 0, 1, 0.0}, 0.25, 0.99);
    CHECK(entered_with_ve.wellbeing == static_cast<float>(0.25 + t.ve_wellbeing));
    const WellbeingYear later_with_ve = wellbeing_rule(t, {1.0f, 0.0f, 0.0f, 0.0f, 0, 0, 0, 1, 0.0}, 0.5, 0.99);
    CHECK(later_with_ve.wellbeing == later.wellbeing);
}

TEST_CASE("learning: a pupil's push is its school's (with the workshop) in primary, its class's in secondary, the 10-14 pace between") {
    const PushLayout layout{20, 93, 0b0100u, 1};  // 10 schools; a workshop in district 2
    const auto primary = static_cast<std::int32_t>(Stage::primary), secondary = static_cast<std::int32_t>(Stage::secondary);
    const PupilPlace in_workshop = pupil_place(layout, primary, 7, 2, -1, -1, 5, 0);
    CHECK(in_workshop.push_at == 2 * 7 + 1);
    CHECK(in_workshop.workshop == 1);
    CHECK(in_workshop.library == 1);
    const PupilPlace no_school = pupil_place(layout, primary, -1, 0, -1, -1, 1, 0);
    CHECK(no_school.push_at == 0);  // school 0's push, no dBos
    CHECK(no_school.library == 0);
    const PupilPlace havokans = pupil_place(layout, secondary, 3, 2, 3, 4, 1, static_cast<std::int32_t>(ClassType::havokans));
    CHECK(havokans.push_at == class_push_index(20, 3, 4, 1));
    CHECK(havokans.class_at == 3 * kGrades + 1);
    CHECK(havokans.workshop == 0);
    const PupilPlace mixed = pupil_place(layout, static_cast<std::int32_t>(Stage::ten_fourteen), 3, 2, -1, -1, 7, 0);
    CHECK(mixed.push_at == 93);
    CHECK(mixed.learns == 1);
    CHECK(pupil_place(layout, static_cast<std::int32_t>(Stage::home), 3, 2, -1, -1, 0, 0).learns == 0);
    CHECK(grown_deviation(0.8, 1.0, 0.1, 0.5, 2.0) == 0.8 * 1.0 + 0.1 + 0.5 * 2.0);
}

TEST_CASE("newcomers: an arrival lowers Dutch language by the deficit, and a newcomer class gives back its share of it") {
    const double kappa = 0.8, deficit = 1.0, effect = 0.25;
    {  // no arrival: nothing changes and no second draw is taken
        ScriptedStream r;
        r.uniforms({0.5});
        const Arrival a = newcomer_arrival(r, 0.01, deficit, true, 1.0, effect, kappa, 0.3);
        CHECK(a.newcomer == not_newcomer);
        CHECK(a.dev_language == 0.3);
        CHECK(r.exhausted());
    }
    {  // arrival where no newcomer class is offered: the whole deficit, one draw
        ScriptedStream r;
        r.uniforms({0.001});
        const Arrival a = newcomer_arrival(r, 0.01, deficit, false, 1.0, effect, kappa, 0.3);
        CHECK(a.newcomer == newcomer_mainstream);
        CHECK(a.dev_language == Approx(0.3 - deficit / kappa));
        CHECK(r.exhausted());
    }
    {  // offered, but not taken up
        ScriptedStream r;
        r.uniforms({0.001, 0.7});
        const Arrival a = newcomer_arrival(r, 0.01, deficit, true, 0.6, effect, kappa, 0.3);
        CHECK(a.newcomer == newcomer_mainstream);
        CHECK(a.dev_language == Approx(0.3 - deficit / kappa));
    }
    {  // in a newcomer class: the class closes nt2_effect of the deficit
        ScriptedStream r;
        r.uniforms({0.001, 0.5});
        const Arrival a = newcomer_arrival(r, 0.01, deficit, true, 0.6, effect, kappa, 0.3);
        CHECK(a.newcomer == newcomer_nt2_class);
        CHECK(a.dev_language == Approx(0.3 - (1 - effect) * deficit / kappa));
    }
}

TEST_CASE("special education: a referral below the rate's quantile, and where passend onderwijs is offered, support instead") {
    const double q = -2.0;  // a rate of about 2.3%
    {  // a judgement above the quantile: no referral, nothing more drawn
        ScriptedStream r;
        r.normals({0.0});
        CHECK(special_referral(r, q, 0.8, -1.0, true, 1.0) == not_referred);
        CHECK(r.exhausted());
    }
    {  // below it (0.8 x -2 + 0.6 x -1 = -2.2): sbo where support is not offered, without a second draw
        ScriptedStream r;
        r.normals({-1.0});
        CHECK(special_referral(r, q, 0.8, -2.0, false, 1.0) == special_school);
        CHECK(r.exhausted());
    }
    {  // offered: support with inclusion_share, else sbo
        ScriptedStream r;
        r.normals({-1.0, -1.0}).uniforms({0.3, 0.7});
        CHECK(special_referral(r, q, 0.8, -2.0, true, 0.5) == supported_regular);
        CHECK(special_referral(r, q, 0.8, -2.0, true, 0.5) == special_school);
    }
    CHECK(referral_position(-1.0, 0.0, 0.6) == Approx(-0.8));
    CHECK(referral_position(0.0, -1.0, 0.6) == Approx(-0.6));
    CHECK(special_push(special_school, 0.04, -0.02, 0.8) == Approx(0.05));
    CHECK(special_push(supported_regular, 0.04, -0.02, 0.8) == Approx(-0.025));
    CHECK(special_push(not_referred, 0.04, -0.02, 0.8) == 0.0);
}
