// Each policy scenario against the baseline on the same children with the same draws (common
// random numbers: the key is (seed, replicate), never the scenario). A policy must move what it
// targets in the documented direction and by a size inside the cited range, and leave alone
// what it must not touch. Comparisons are per child, so most "untouched" checks are exact.
#include "engine/run.hpp"
#include "model/levers.hpp"
#include "model/norms.hpp"
#include "model/schema.hpp"
#include "scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

using namespace pathways;

namespace {

constexpr std::uint64_t kSeed = 20240101;

struct Children {
    io::ReplicateResult result;
    const std::vector<std::int32_t>& ints(const std::string& name) const {
        const auto& m = result.microdata;
        for (std::size_t c = 0; c < m.int_names.size(); ++c)
            if (m.int_names[c] == name) return m.int_columns[c];
        throw std::out_of_range(name);
    }
    const std::vector<double>& floats(const std::string& name) const {
        const auto& m = result.microdata;
        for (std::size_t c = 0; c < m.names.size(); ++c)
            if (m.names[c] == name) return m.float_columns[c];
        throw std::out_of_range(name);
    }
    double cost(const std::string& name) const {
        const auto& t = result.outcomes;
        for (std::size_t c = 0; c < t.sum_names.size(); ++c)
            if (t.sum_names[c] == name) {
                double x = 0;
                for (const double v : t.sums[c]) x += v;
                return x;
            }
        throw std::out_of_range(name);
    }
};

Children run(const std::string& scenario, std::vector<std::string> overrides = {}) {
    const auto s = scenario::load_scenario(std::string(PATHWAYS_SOURCE_DIR) + "/scenarios/" + scenario, overrides);
    return Children{engine::run_replicate(s.params, kSeed, 0, 0, true)};
}

double mean_where(const std::vector<double>& x, const std::vector<bool>& keep) {
    double s = 0, n = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (keep[i]) {
            s += x[i];
            n += 1;
        }
    return n > 0 ? s / n : NAN;
}

}  // namespace

TEST_CASE("VE reach up gives each extra participant the VE boost and changes nothing else before school") {
    const auto base = run("baseline.toml");
    const auto more = run("ve_reach_up.toml");
    const auto params = model::default_params();
    const auto& target = base.ints("ve_target");
    const auto& took_base = base.ints("ve_participant");
    const auto& took = more.ints("ve_participant");
    const auto& l4_base = base.floats("language_4");
    const auto& l4 = more.floats("language_4");
    std::size_t extra = 0;
    for (std::size_t i = 0; i < target.size(); ++i) {
        REQUIRE(target[i] == more.ints("ve_target")[i]);  // the same children are indicated
        if (!took_base[i] && took[i]) {
            ++extra;
            CHECK(l4[i] - l4_base[i] == Approx(params.preschool.effect * params.preschool.quality).margin(1e-5));
        } else {
            CHECK(l4[i] == l4_base[i]);  // non-target children and unchanged participants: untouched
        }
        if (took_base[i]) CHECK(took[i]);  // reach up never takes a place away
    }
    // about (0.95 - 0.73) of the target group takes the extra places: a binomial share
    std::size_t targets = 0;
    for (const auto t : target) targets += static_cast<std::size_t>(t);
    const double share = static_cast<double>(extra) / static_cast<double>(targets);
    const double expected = (0.95 - 0.73) / (1 - 0.73) * (1 - 0.73);  // of the whole target group
    CHECK(std::abs(share - expected) < 4 * std::sqrt(expected * (1 - expected) / static_cast<double>(targets)));
    // cost: every place-year at the unit cost
    std::size_t places = 0;
    for (const auto t : took) places += static_cast<std::size_t>(t);
    CHECK(more.cost("cost_preschool") == Approx(static_cast<double>(places) * 1.5 * params.interventions.preschool_cost));
}

TEST_CASE("connection groups lift not-yet-ready target children, fading like VE, and touch no one before school") {
    const auto base = run("baseline.toml");
    const auto cg = run("connection_groups.toml");
    const auto params = model::default_params();
    const auto& took = cg.ints("interventions");
    std::vector<bool> participant(took.size());
    std::size_t n = 0;
    for (std::size_t i = 0; i < took.size(); ++i) {
        participant[i] = (took[i] & 1) != 0;
        n += participant[i];
        CHECK(cg.floats("language_4")[i] == base.floats("language_4")[i]);  // measured before the group year
        if (participant[i]) CHECK(base.ints("ve_target")[i] == 1);
    }
    REQUIRE(n > 200);
    // at 8 the boost has faded for four school years: effect * (1 - fade)^4; peer effects add
    // less than 0.005 SD here (school means move by a few thousandths)
    std::vector<double> diff(took.size());
    for (std::size_t i = 0; i < diff.size(); ++i) diff[i] = cg.floats("language_8")[i] - base.floats("language_8")[i];
    const double expected = params.interventions.connection_effect * std::pow(1 - params.preschool.fade_per_year, 4);
    CHECK(mean_where(diff, participant) == Approx(expected).margin(0.005));
    CHECK(cg.cost("cost_connection_group") == Approx(static_cast<double>(n) * params.interventions.connection_cost));
}

TEST_CASE("the library at school stays within its budget and reaches the schools with the weakest language first") {
    // 12 cohorts fill every year group of the schools, so the budget covers part of the city
    const auto base = run("baseline.toml", {"population.birth_cohorts=12"});
    const auto lib = run("library_at_school.toml", {"population.birth_cohorts=12"});
    for (const auto& y : lib.result.years) CHECK(y.library_cost <= 400000.0);
    std::size_t covered_years = 0;
    for (const auto& y : lib.result.years) covered_years += y.library_schools > 0;
    CHECK(covered_years > 5);
    // exposed children had weaker language at 8 in the baseline than unexposed ones, and gain
    const auto& years = lib.ints("library_years");
    std::vector<bool> exposed(years.size()), unexposed(years.size());
    std::vector<double> gain(years.size());
    for (std::size_t i = 0; i < years.size(); ++i) {
        exposed[i] = years[i] >= 4;
        unexposed[i] = years[i] == 0;
        gain[i] = lib.floats("language_12")[i] - base.floats("language_12")[i];
    }
    CHECK(mean_where(base.floats("language_8"), exposed) < mean_where(base.floats("language_8"), unexposed));
    CHECK(mean_where(gain, exposed) > 0.02);  // several years of 0.02 SD, partly faded
    CHECK(std::abs(mean_where(gain, unexposed)) < 0.005);  // others: only the peer effect
    double spent = 0;
    for (const auto& y : lib.result.years) spent += y.library_cost;
    CHECK(lib.cost("cost_library") == Approx(spent).epsilon(1e-9));  // per child and per year add up
}

// L05 is an assumption (10 pp, range 5-15, no outcome data published), not a finding: this pins
// the mechanism (who is affected, the direction, at least the assumed range's lower end). Since
// the year-1 classes and moves were fitted to the mobility figures M01-M03 (docs/calibration.md,
// "Dynamics"), few pupils in a categorical vmbo-gt class move up, so the two-year gt/havo class
// gives its participants about 24 pp more havo in year 3, above L05's range (docs/scenarios.md).
TEST_CASE("the havokans-klas raises participants' havo-or-higher share in year 3, by at least L05's lower end") {
    // 18 cohorts give about 700 participants (pupils with a vmbo-gt advice in a categorical
    // vmbo-gt class whose test pointed higher and who were not raised; those already in a gt/havo
    // class are not offered it): the paired difference's standard error is about 1.1 pp
    const auto base = run("baseline.toml", {"population.birth_cohorts=18"});
    const auto hk = run("havokans_klas.toml", {"population.birth_cohorts=18"});
    const auto& took = hk.ints("interventions");
    double n = 0, before = 0, after = 0;
    for (std::size_t i = 0; i < took.size(); ++i) {
        if (took[i] & 2) {
            n += 1;
            before += base.ints("track_year3")[i] >= 4;
            after += hk.ints("track_year3")[i] >= 4;
            CHECK(base.ints("final_advice")[i] == 4);  // vmbo-gt advice
        } else {
            CHECK(hk.ints("track_year1")[i] == base.ints("track_year1")[i]);  // others are placed as before
        }
    }
    REQUIRE(n > 600);
    const double effect = 100 * (after - before) / n;
    CHECK(effect >= 5.0);
}

// L04 is an assumption (targets.csv), so its 4-8 pp are not asserted. What the evidence says is
// asserted: pupils at the gt/havo and havo/vwo margins gain a diploma above their advice from
// later selection [vESW11, BDSV20, ESB23], and vwo-advised pupils gain less than they do
// [ESB23: a vwo advice does not benefit] (docs/evidence.md entry 10). Each margin's paired
// difference has a standard error below 0.7 pp with 3,000 pupils.
TEST_CASE("10-14 schools city-wide raise diplomas above a vmbo-gt or havo advice, and vwo-advised pupils gain less") {
    const auto base = run("baseline.toml", {"population.birth_cohorts=6"});
    const auto tf = run("ten_fourteen_citywide.toml", {"population.birth_cohorts=6"});
    // Nothing changes before groep 7 for the oldest cohort. Younger cohorts do change a little:
    // when older pupils leave primary school at 10, their schools' composition (peer effect) changes.
    const auto& born = base.ints("birth_year");
    for (std::size_t i = 0; i < born.size(); ++i)
        if (born[i] == born.front()) CHECK(tf.floats("language_8")[i] == base.floats("language_8")[i]);
    // the paired change in the share of the advice's pupils whose diploma after 7 years is at
    // least `reached` (a track: 4 havo, 5 vwo)
    auto effect_for = [&](int advice, int reached, std::size_t min_n) {
        double n = 0, before = 0, after = 0;
        for (std::size_t i = 0; i < base.ints("final_advice").size(); ++i)
            if (base.ints("final_advice")[i] == advice) {
                n += 1;
                before += base.ints("diploma_at_7")[i] >= reached;
                after += tf.ints("diploma_at_7")[i] >= reached;
            }
        REQUIRE(n > static_cast<double>(min_n));
        return 100 * (after - before) / n;
    };
    // advice vmbo-gt (4): havo or above; havo (6): vwo; vwo (8): vwo
    const double gt = effect_for(4, 4, 3000), havo = effect_for(6, 5, 3000), vwo = effect_for(8, 5, 2000);
    INFO("diploma above a vmbo-gt advice: " << gt << " pp, above havo: " << havo << " pp; vwo diploma of vwo-advised: " << vwo << " pp");
    CHECK(gt > 2 * 0.7);
    CHECK(havo > 2 * 0.7);
    CHECK(vwo < std::min(gt, havo));
}

// Later selection narrows the social gap less when the placement at 14 carries the shift by
// parental education that choices and judgements keep at later transitions [BvdVW13]
// (routes.later_choice_bias; docs/evidence.md entry 10): the direction, not a size.
TEST_CASE("selection at 14 that follows parental education at equal results leaves a wider social gap than results alone") {
    const std::vector<std::string> six{"population.birth_cohorts=6"};
    const auto with_shift = run("ten_fourteen_citywide.toml", six);
    auto without = six;
    without.push_back("routes.later_choice_bias=0");
    const auto results_only = run("ten_fourteen_citywide.toml", without);
    const auto gap = [](const Children& c) {
        double n[3] = {0, 0, 0}, up[3] = {0, 0, 0};
        for (std::size_t i = 0; i < c.ints("track_year3").size(); ++i) {
            if (c.ints("track_year3")[i] < 0) continue;
            const auto pe = static_cast<std::size_t>(c.ints("parent_edu")[i]);
            n[pe] += 1;
            up[pe] += c.ints("track_year3")[i] >= 4;
        }
        return 100 * (up[2] / n[2] - up[0] / n[0]);
    };
    const double g1 = gap(with_shift), g0 = gap(results_only);
    INFO("social gap in havo/vwo year 3: " << g1 << " pp with the shift, " << g0 << " pp on results alone");
    CHECK(g1 > g0);
}

TEST_CASE("a COVID-type shock costs children of less-educated parents 1.6 times as much, and recovery gives part back") {
    const auto base = run("baseline.toml");
    const auto shock = run("covid_shock.toml");
    const auto rec = run("covid_recovery.toml");
    const auto& loss = shock.floats("shock_loss");
    const auto& pe = shock.ints("parent_edu");
    std::size_t hit = 0;
    for (std::size_t i = 0; i < loss.size(); ++i) {
        if (loss[i] == 0) continue;
        ++hit;
        CHECK(loss[i] == Approx(pe[i] == 0 ? 0.08 * 1.6 : 0.08).margin(1e-6));  // C01, C02
    }
    CHECK(hit == loss.size());  // the 2008-2010 cohorts were all in school in 2020/21
    // the recovery programme reaches only shocked children of less-educated parents
    const auto& took = rec.ints("interventions");
    std::vector<bool> reached(took.size()), low_not_reached(took.size());
    std::vector<double> back(took.size());
    for (std::size_t i = 0; i < took.size(); ++i) {
        reached[i] = (took[i] & 4) != 0;
        if (reached[i]) CHECK(pe[i] == 0);
        low_not_reached[i] = pe[i] == 0 && !reached[i];
        back[i] = rec.floats("math_15")[i] - shock.floats("math_15")[i];
    }
    CHECK(mean_where(back, reached) > 0.01);
    CHECK(std::abs(mean_where(back, low_not_reached)) < 0.005);
    // the shock shows at 15 for those who were 12 or younger in 2020 (snapshot after it)
    std::vector<bool> low(took.size()), other(took.size());
    std::vector<double> lost(took.size());
    for (std::size_t i = 0; i < took.size(); ++i) {
        low[i] = pe[i] == 0;
        other[i] = pe[i] != 0;
        lost[i] = base.floats("math_15")[i] - shock.floats("math_15")[i];
    }
    CHECK(mean_where(lost, low) / mean_where(lost, other) == Approx(1.6).margin(0.15));
}

TEST_CASE("advice without the bias moves only the advice of children whose parents' education carried a bias") {
    const auto base = run("baseline.toml");
    const auto fair = run("advice_without_bias.toml");
    const auto& pe = base.ints("parent_edu");
    double low_before = 0, low_after = 0, high_before = 0, high_after = 0;
    for (std::size_t i = 0; i < pe.size(); ++i) {
        const int b = base.ints("teacher_advice")[i], a = fair.ints("teacher_advice")[i];
        if (b < 0) continue;
        if (pe[i] == 1) CHECK(a == b);  // no bias for middle education in the baseline: identical
        if (pe[i] == 0) {
            CHECK(a >= b);
            low_before += b;
            low_after += a;
        }
        if (pe[i] == 2) {
            CHECK(a <= b);
            high_before += b;
            high_after += a;
        }
    }
    CHECK(low_after > low_before);
    CHECK(high_after < high_before);
    // and low-SES pupils are spread more evenly over the secondary tracks in the years when all
    // three cohorts are in secondary school (2022-2024: born 2008-2010, entered at 12)
    for (const auto& y : fair.result.years)
        if (y.year >= 2022 && y.year <= 2024)
            for (const auto& yb : base.result.years)
                if (yb.year == y.year) CHECK(y.secondary_dissimilarity < yb.secondary_dissimilarity);
}

TEST_CASE("costs add up: the total is the sum of the interventions' costs in every group") {
    const auto pkg = run("uoa_package.toml");
    const auto& t = pkg.result.outcomes;
    auto column = [&](const std::string& name) -> const std::vector<double>& {
        for (std::size_t c = 0; c < t.sum_names.size(); ++c)
            if (t.sum_names[c] == name) return t.sums[c];
        throw std::out_of_range(name);
    };
    // every cost column but the total, whichever levers and reforms there are
    std::vector<std::string> parts_names;
    for (const auto& n : t.sum_names)
        if (n.rfind("cost_", 0) == 0 && n != "cost_total") parts_names.push_back(n);
    CHECK(parts_names.size() >= 19);
    for (std::size_t row = 0; row < t.rows(); ++row) {
        double parts = 0;
        for (const auto& c : parts_names) parts += column(c)[row];
        CHECK(column("cost_total")[row] == Approx(parts));
    }
    CHECK(pkg.cost("cost_total") > 0);
}

TEST_CASE("the UOA package stays within seed 002's budget table in every year, and its budgets bind as on the whole city") {
    const auto pkg = run("uoa_package.toml");
    // seed 002's budget table: A6a dBos EUR 400,000, A3 prevention EUR 150,000 (a year, as the package reads them)
    const std::map<model::Lever, double> table{{model::Lever::library, 400000}, {model::Lever::prevention, 150000}};
    double library_spent = 0;
    for (const auto& y : pkg.result.years)
        for (const auto& [lever, amount] : table) {
            const auto k = static_cast<std::size_t>(lever);
            CHECK(y.budget_city[k] <= amount);
            CHECK(y.budget_spent[k] <= y.budget_city[k] * y.budget_scale[k] + 1e-6);
            if (lever == model::Lever::library) {
                library_spent += y.budget_spent[k];
                // three cohorts in primary school are three of the city's eight year groups (U01:
                // 4,700 births a year): at most 3/8 of the budget, not all of it (issue 31)
                CHECK(y.budget_spent[k] <= 3.0 / 8 * amount * 1.05);
            }
        }
    CHECK(library_spent > 0);
    CHECK(library_spent == Approx(pkg.cost("cost_library")));  // the same euros by year and by child
}

TEST_CASE("group prevention raises wellbeing only in its districts and turns part of youth care into group help") {
    const auto base = run("baseline.toml");
    const auto prev = run("group_prevention.toml");
    const auto& district = base.ints("district");
    const auto names = model::default_params().population.district_names;
    std::vector<bool> covered(district.size()), outside(district.size());
    std::vector<double> gain(district.size());
    std::size_t outside_n = 0, outside_changed = 0;
    for (std::size_t i = 0; i < district.size(); ++i) {
        const std::string& d = names[static_cast<std::size_t>(district[i])];
        covered[i] = d == "Vleuten-De Meern" || d == "Overvecht" || d == "Zuidwest" || d == "Leidsche Rijn";
        outside[i] = !covered[i];
        gain[i] = prev.floats("wellbeing_15")[i] - base.floats("wellbeing_15")[i];
        if (outside[i]) {
            // wellbeing draws are the child's own, so outside the districts wellbeing changes only
            // when the school path does: a pupil's position in class (model.md 3.8) is judged
            // against classmates, some of whom live in the districts with prevention
            const bool same_path = prev.ints("years_in_school")[i] == base.ints("years_in_school")[i] &&
                                   prev.ints("early_leaver")[i] == base.ints("early_leaver")[i] &&
                                   prev.ints("moves_up")[i] == base.ints("moves_up")[i] &&
                                   prev.ints("moves_down")[i] == base.ints("moves_down")[i] &&
                                   prev.ints("retained_secondary")[i] == base.ints("retained_secondary")[i] &&
                                   prev.ints("track_year3")[i] == base.ints("track_year3")[i];
            if (same_path) CHECK(gain[i] == 0.0);
            else ++outside_changed;
            ++outside_n;
            CHECK(prev.ints("group_help_years")[i] == 0);
        }
    }
    // such spill-overs through the class are rare: the lever acts in its districts
    CHECK(static_cast<double>(outside_changed) < 0.005 * static_cast<double>(outside_n));
    // the yearly gain e accumulates with persistence rho: e (1 + rho + rho^2 + ...) up to e/(1-rho),
    // the lasting effect that docs/evidence.md entry 15 maps onto the meta-analyses' g
    const double rho = model::default_params().wellbeing.persistence;
    const double e = model::default_params().interventions.prevention_effect;
    CHECK(mean_where(gain, covered) == Approx(e / (1 - rho)).margin(0.01));
    double care_before = 0, care_after = 0, group = 0;
    for (std::size_t i = 0; i < district.size(); ++i)
        if (covered[i]) {
            care_before += base.ints("youth_care_years")[i];
            care_after += prev.ints("youth_care_years")[i];
            group += prev.ints("group_help_years")[i];
        }
    CHECK(care_after < care_before);
    CHECK(group > 0);
}

TEST_CASE("attendance instead of absence lowers the absence of pupils with low wellbeing and nobody else's") {
    const auto base = run("baseline.toml");
    const auto att = run("attendance.toml");
    // for children with as many school years in both runs (a pathway can get a year longer or
    // shorter, and the extra year has its own absence), every year's absence is at most the baseline's
    const auto& before = base.floats("absence");
    const auto& after = att.floats("absence");
    const auto& years_before = base.ints("years_in_school");
    const auto& years_after = att.ints("years_in_school");
    std::size_t lower = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (years_before[i] == 0 || years_after[i] != years_before[i]) continue;  // same school years only
        const double b = before[i] / years_before[i], a = after[i] / years_after[i];
        CHECK(a <= b + 1e-6);
        lower += a < b - 1e-6;
    }
    CHECK(lower > before.size() / 5);  // about the share of pupils with a low-wellbeing year
    CHECK(att.cost("cost_attendance") > 0);
}

TEST_CASE("opportunity workshops lift pupils in their districts only, and give their schools first claim on dBos") {
    const std::vector<std::string> no_library{"interventions.library_budget=0"};
    const auto base = run("baseline.toml");
    const auto ws = run("opportunity_workshops.toml", no_library);
    const auto names = model::default_params().population.district_names;
    const auto& district = base.ints("district");
    std::vector<bool> inside(district.size());
    std::vector<double> gain(district.size());
    for (std::size_t i = 0; i < district.size(); ++i) {
        const std::string& d = names[static_cast<std::size_t>(district[i])];
        inside[i] = d == "Overvecht" || d == "Zuidwest" || d == "Noordwest";
        gain[i] = ws.floats("language_12")[i] - base.floats("language_12")[i];
        // Schools are chosen within the district, so others are untouched up to the city-wide
        // ranking of school weights that places the staff shortage (fewer repeaters in the workshop
        // districts shift it by a few millionths of an SD).
        if (!inside[i]) CHECK(std::abs(gain[i]) < 1e-3);
    }
    // eight yearly pushes of workshop_effect, each partly caught up (closing at catch_up a year), so
    // more than one year's push and less than the settled e / c (with room for the peer effect)
    const auto defaults = model::default_params();
    const double e = defaults.interventions.workshop_effect, c = defaults.primary.catch_up;
    CHECK(mean_where(gain, inside) > e);
    CHECK(mean_where(gain, inside) < 1.5 * e / c);
    // with the library budget, every primary pupil of the workshop districts gets dBos first
    const auto with_library = run("opportunity_workshops.toml", {"population.birth_cohorts=12"});
    const auto& d12 = with_library.ints("district");
    const auto& years = with_library.ints("library_years");
    std::size_t inside_pupils = 0, covered = 0;
    for (std::size_t i = 0; i < d12.size(); ++i) {
        const std::string& d = names[static_cast<std::size_t>(d12[i])];
        if (d == "Overvecht" || d == "Zuidwest" || d == "Noordwest") {
            ++inside_pupils;
            covered += years[i] > 0;
        }
    }
    CHECK(covered == inside_pupils);
}

TEST_CASE("a warm hand-over changes nothing before secondary school and brings year-3 tracks closer to potential") {
    const std::vector<std::string> twelve{"population.birth_cohorts=12"};
    const auto base = run("baseline.toml", twelve);
    const auto wh = run("warm_handover.toml", twelve);
    const auto norms = model::derive_norms(model::default_params());
    double gap_before = 0, gap_after = 0, n = 0;
    for (std::size_t i = 0; i < base.ints("teacher_advice").size(); ++i) {
        CHECK(wh.ints("final_advice")[i] == base.ints("final_advice")[i]);
        CHECK(wh.ints("track_year1")[i] == base.ints("track_year1")[i]);
        if (base.ints("track_year3")[i] < 0 || wh.ints("track_year3")[i] < 0) continue;
        const int warranted = model::track_of(base.floats("potential")[i], norms);
        gap_before += std::abs(base.ints("track_year3")[i] - warranted);
        gap_after += std::abs(wh.ints("track_year3")[i] - warranted);
        n += 1;
    }
    INFO("mean distance from the potential's track: " << gap_before / n << " -> " << gap_after / n);
    CHECK(gap_after < gap_before);
}

// A candidate's own exam can only go better; a few pathways still end lower, through classmates:
// candidates who pass change the class means that position every pupil for retention and the
// exam, and from the first difference on a pupil's later years draw in other contexts.
TEST_CASE("a custom diploma changes nothing before the exam and raises far more highest diplomas than it lowers") {
    const auto base = run("baseline.toml");
    const auto cd = run("custom_diploma.toml");
    std::size_t custom = 0, higher = 0, lower = 0;
    for (std::size_t i = 0; i < base.ints("diploma").size(); ++i) {
        CHECK(cd.ints("track_year3")[i] == base.ints("track_year3")[i]);
        custom += (cd.ints("interventions")[i] & 16) != 0;
        higher += cd.ints("diploma")[i] > base.ints("diploma")[i];
        lower += cd.ints("diploma")[i] < base.ints("diploma")[i];
    }
    INFO(custom << " candidates; highest diploma higher for " << higher << ", lower for " << lower);
    CHECK(custom > 100);
    CHECK(higher > 0);
    CHECK(lower * 10 < higher);
}

TEST_CASE("0-18 communities place their children at 14 without an advice and leave everyone else's advice alone") {
    const auto base = run("baseline.toml");
    const auto zc = run("zero_eighteen_communities.toml");
    std::size_t members = 0, others = 0, changed = 0;
    for (std::size_t i = 0; i < base.ints("route").size(); ++i) {
        if (zc.ints("route")[i] == 2) {  // zero_eighteen
            ++members;
            CHECK(zc.ints("final_advice")[i] == -1);
            CHECK(zc.ints("track_year1")[i] == -1);
            if (zc.ints("early_leaver")[i] == 0) CHECK(zc.ints("track_year3")[i] >= 0);
        } else if (base.ints("route")[i] == 0) {
            // the same primary schools up to groep 8; members no longer leave for a 10-14 school in
            // groep 7, which moves a school's peer mean a little: a handful of advices change
            ++others;
            changed += zc.ints("final_advice")[i] != base.ints("final_advice")[i];
        }
    }
    CHECK(static_cast<double>(changed) < 0.002 * static_cast<double>(others));
    // about 6.4% of 14,100 children: a binomial count with SD about 29
    CHECK(std::abs(static_cast<double>(members) - 0.064 * 14100) < 4 * std::sqrt(14100 * 0.064 * 0.936));
}

TEST_CASE("broad bridge classes help pupils advised vmbo-gt up and keep fewer vwo-advised pupils in vwo (L03)") {
    const std::vector<std::string> six{"population.birth_cohorts=6"};
    const auto base = run("baseline.toml", six);
    const auto broad = run("broad_bridge_everywhere.toml", six);
    // The evidence compares a broad or two-level class with a one-level class at the pupil's own
    // advice [KR15, BSW26]: the share of the baseline's pupils with an advice, placed in a one-level
    // class of that advice's level, that reach a track in year 3. (Pupils placed above their advice,
    // in a two-level class or a one-level class of the next level, are not that comparison: a broad
    // class starts them at their advice.)
    auto share_at_least = [&](const Children& c, int advice, int track) {
        double n = 0, k = 0;
        for (std::size_t i = 0; i < base.ints("final_advice").size(); ++i)
            if (base.ints("final_advice")[i] == advice && base.ints("class_year1")[i] == 0 &&
                base.ints("track_year1")[i] == model::advice_low_track(advice) && c.ints("track_year3")[i] >= 0) {
                n += 1;
                k += c.ints("track_year3")[i] >= track;
            }
        return k / n;
    };
    // paired shares over about 2,300 and 7,600 pupils: standard errors below 0.6 pp. L03 is
    // qualitative: the directions are asserted (and for gt-advised pupils a gain of over a point);
    // since a broad class starts each pupil at its own advice, vwo-advised pupils lose under a point
    CHECK(share_at_least(broad, 4, 4) - share_at_least(base, 4, 4) > 0.01);
    CHECK(share_at_least(base, 8, 5) - share_at_least(broad, 8, 5) > 0.0);
}

TEST_CASE("a worse staff shortage lowers skills at 12, most where the intake is heaviest, and solidarity lifts low-SES pupils") {
    const auto base = run("baseline.toml");
    const auto worse = run("shortage_worse.toml");
    const auto solidarity = run("shortage_solidarity.toml");
    const std::size_t n = base.ints("income_group").size();
    std::vector<bool> low_ses(n), other(n);
    std::vector<double> d_worse(n), d_solidarity(n);
    for (std::size_t i = 0; i < n; ++i) {
        low_ses[i] = base.ints("income_group")[i] == 0;
        other[i] = !low_ses[i];
        d_worse[i] = worse.floats("language_12")[i] - base.floats("language_12")[i];
        d_solidarity[i] = solidarity.floats("language_12")[i] - base.floats("language_12")[i];
    }
    // S04: 0.30 SD per unfilled fte a year; 6.2 extra points of shortage for eight years with
    // catch-up lose a few hundredths of an SD, more in schools with a heavier intake
    CHECK(mean_where(d_worse, low_ses) < mean_where(d_worse, other));
    CHECK(mean_where(d_worse, other) < 0.0);
    CHECK(mean_where(d_solidarity, low_ses) > 0.0);
    CHECK(mean_where(d_solidarity, other) < 0.0);  // the same shortage, moved to them
}

TEST_CASE("the old end test raises fewer advices than the doorstroomtoets, on the same teacher advice") {
    const auto base = run("baseline.toml");
    const auto old = run("old_end_test.toml");
    double raised_new = 0, raised_old = 0;
    for (std::size_t i = 0; i < base.ints("teacher_advice").size(); ++i) {
        if (base.ints("teacher_advice")[i] < 0) continue;
        CHECK(old.ints("teacher_advice")[i] == base.ints("teacher_advice")[i]);
        raised_new += base.ints("final_advice")[i] > base.ints("teacher_advice")[i];
        raised_old += old.ints("final_advice")[i] > old.ints("teacher_advice")[i];
    }
    // R06 (75% of eligible raised) against R03 (36% in large cities)
    CHECK(raised_old < 0.7 * raised_new);
}

TEST_CASE("more VE hours give participants a boost growing with the square root of the hours, at a cost in proportion") {
    const auto base = run("baseline.toml");
    const auto hours = run("ve_hours.toml");
    const auto p = model::default_params();
    const double boost = p.preschool.effect * std::sqrt(1200.0 / 960.0);
    std::size_t places = 0;
    for (std::size_t i = 0; i < base.ints("ve_participant").size(); ++i) {
        places += hours.ints("ve_participant")[i];
        if (hours.ints("ve_participant")[i] && base.ints("ve_participant")[i])
            CHECK(hours.floats("language_4")[i] - base.floats("language_4")[i] == Approx(boost - p.preschool.effect).margin(1e-5));
        if (!hours.ints("ve_target")[i]) CHECK(hours.floats("language_4")[i] == base.floats("language_4")[i]);
    }
    CHECK(hours.cost("cost_preschool") == Approx(static_cast<double>(places) * 1.5 * p.interventions.preschool_cost * 1200.0 / 960.0));
}

// The first 1000 days (A6e): the direction from BoekStart's effect study (children ahead in
// language at 15 and 22 months, docs/evidence.md entry 23); the size is an assumption, so only
// who is reached, the direction and the cost are pinned.
TEST_CASE("a first-1000-days programme reaches only children with a risk factor and raises their early language") {
    const auto base = run("baseline.toml");
    const auto f = run("first_1000_days.toml");
    const auto p = model::default_params();
    const auto& bits = f.ints("interventions");
    std::vector<bool> reached(bits.size()), low_edu(bits.size());
    std::vector<double> gain(bits.size());
    std::size_t n = 0, n_low = 0, reached_low = 0;
    for (std::size_t i = 0; i < bits.size(); ++i) {
        reached[i] = (bits[i] & 64) != 0;  // first1000_bit
        n += reached[i];
        // every reached child has a risk factor: low parental education, a multilingual home or low
        // income (low SES gives the lowest income group)
        if (reached[i])
            CHECK((f.ints("parent_edu")[i] == 0 || f.ints("home_language")[i] == 1 || f.ints("income_group")[i] == 0));
        low_edu[i] = f.ints("parent_edu")[i] == 0;  // all of them have a risk factor
        n_low += low_edu[i];
        reached_low += low_edu[i] && reached[i];
        gain[i] = f.floats("language_4")[i] - base.floats("language_4")[i];
        if (!reached[i]) CHECK(gain[i] == 0.0);  // at 4, before any school year: nobody else moves
    }
    REQUIRE(n > 500);
    // the reach among children with a risk factor is the scenario's 40% (binomial, 4 SD)
    const double share = static_cast<double>(reached_low) / static_cast<double>(n_low);
    CHECK(std::abs(share - 0.4) < 4 * std::sqrt(0.4 * 0.6 / static_cast<double>(n_low)));
    CHECK(mean_where(gain, reached) > 0);
    CHECK(f.cost("cost_first1000") == Approx(static_cast<double>(n) * p.interventions.first1000_cost));
}

// Reading for pleasure (A6c): the direction of BSR24 (positive overall, docs/evidence.md entry
// 24); the size is an assumption. Pinned: the schools with the weakest language take part, their
// pupils gain language, and pupils of other schools move only by the peer effect.
TEST_CASE("reading for pleasure reaches the schools with the weakest language first and lifts their pupils' language") {
    const auto base = run("baseline.toml");
    const auto rd = run("reading_for_pleasure.toml");
    const auto p = model::default_params();
    const auto& years = rd.ints("reading_years");
    std::vector<bool> exposed(years.size()), unexposed(years.size());
    std::vector<double> gain(years.size()), math_gain(years.size());
    double pupil_years = 0;
    for (std::size_t i = 0; i < years.size(); ++i) {
        pupil_years += years[i];
        exposed[i] = years[i] >= 4;
        unexposed[i] = years[i] == 0;
        gain[i] = rd.floats("language_12")[i] - base.floats("language_12")[i];
        math_gain[i] = rd.floats("math_12")[i] - base.floats("math_12")[i];
        CHECK(rd.floats("language_4")[i] == base.floats("language_4")[i]);  // nothing before school
    }
    CHECK(mean_where(base.floats("language_8"), exposed) < mean_where(base.floats("language_8"), unexposed));
    CHECK(mean_where(gain, exposed) > 0);
    CHECK(mean_where(gain, exposed) > 3 * std::abs(mean_where(math_gain, exposed)));  // a push on language only
    CHECK(std::abs(mean_where(gain, unexposed)) < 0.005);  // others: only the peer effect
    CHECK(rd.cost("cost_reading") == Approx(pupil_years * p.interventions.reading_cost));
}

// Fewer repeated years: who moves on and what happens to them. The effect of a repeated year
// against promotion is primary.retention_effect (an assumption, 0 by default, prior U(-0.16,
// 0.10), docs/evidence.md entry 25): with a loss the pupils moved on end higher than in the
// baseline, with a gain lower. The sign follows the parameter; the test pins the mechanism.
TEST_CASE("fewer repeats move on pupils the school would have kept back, and their skills follow the retention effect's sign") {
    const auto base = run("baseline.toml");
    const auto fr = run("fewer_repeats.toml");
    const auto& bits = fr.ints("interventions");
    std::size_t moved = 0, kept_in_base = 0, kg_base = 0, kg_policy = 0;
    for (std::size_t i = 0; i < bits.size(); ++i) {
        CHECK(fr.floats("language_4")[i] == base.floats("language_4")[i]);
        const bool instead = (bits[i] & 128) != 0;  // promoted_instead_bit
        moved += instead;
        kept_in_base += instead && base.ints("retained_primary")[i] != 0;
        kg_base += (base.ints("retained_primary")[i] & 1) != 0;
        kg_policy += (fr.ints("retained_primary")[i] & 1) != 0;
    }
    REQUIRE(moved > 300);
    // a pupil moved on was kept back in the baseline (up to marginal decisions that the school
    // means, moved by the others' promotions, flip)
    CHECK(static_cast<double>(kept_in_base) > 0.97 * static_cast<double>(moved));
    // half of kleuterverlenging is replaced (the scenario's share, binomial)
    const double ratio = static_cast<double>(kg_policy) / static_cast<double>(kg_base);
    CHECK(std::abs(ratio - 0.5) < 4 * std::sqrt(0.25 / static_cast<double>(kg_base)));
    CHECK(fr.cost("cost_promotion_support") ==
          Approx(static_cast<double>(moved) * model::default_params().interventions.promotion_support_cost));
    // the retention effect's sign decides which way the pupils moved on go
    for (const double effect : {-0.16, 0.10}) {
        const std::vector<std::string> set{"primary.retention_effect=" + std::to_string(effect)};
        const auto b = run("baseline.toml", set);
        const auto f = run("fewer_repeats.toml", set);
        std::vector<bool> instead(bits.size());
        std::vector<double> gain(bits.size());
        for (std::size_t i = 0; i < bits.size(); ++i) {
            instead[i] = (f.ints("interventions")[i] & 128) != 0;
            gain[i] = f.floats("language_8")[i] - b.floats("language_8")[i];
        }
        if (effect < 0) CHECK(mean_where(gain, instead) > 0);
        else CHECK(mean_where(gain, instead) < 0);
    }
}

TEST_CASE("reading for pleasure and fewer repeats act only in their levers' districts") {
    const auto names = model::default_params().population.district_names;
    const auto rd = run("reading_for_pleasure.toml", {"reading.districts=[\"Overvecht\"]"});
    const auto fr = run("fewer_repeats.toml", {"fewer_repeats.districts=[\"Zuidwest\"]"});
    std::size_t reading_inside = 0, moved_inside = 0;
    for (std::size_t i = 0; i < rd.ints("district").size(); ++i) {
        const std::string& d = names[static_cast<std::size_t>(rd.ints("district")[i])];
        if (d == "Overvecht") reading_inside += rd.ints("reading_years")[i] > 0;
        else CHECK(rd.ints("reading_years")[i] == 0);
        const std::string& e = names[static_cast<std::size_t>(fr.ints("district")[i])];
        const bool moved = (fr.ints("interventions")[i] & 128) != 0;
        if (e == "Zuidwest") moved_inside += moved;
        else CHECK_FALSE(moved);
    }
    CHECK(reading_inside > 0);
    CHECK(moved_inside > 0);
}

// Newcomers (model.md 7.31): arrivals lower the Dutch language of those who arrive, not their
// math, and the arrivals are the same children with and without newcomer classes (the class is
// drawn after the arrival); a newcomer class lifts the language of those in it, at its unit cost.
TEST_CASE("newcomers lower the language of those who arrive, and a newcomer class lifts only its own pupils' language") {
    const std::vector<std::string> small{"population.cohort_size=2500"};
    const auto base = run("baseline.toml", small);
    const auto arr = run("newcomers.toml", small);
    const auto nt2 = run("newcomers_nt2.toml", small);
    const auto& came = arr.ints("newcomer");
    const auto& came_nt2 = nt2.ints("newcomer");
    std::size_t newcomers = 0, in_class = 0;
    std::vector<bool> arrived(came.size()), stayed(came.size()), classed(came.size());
    std::vector<double> lang_drop(came.size()), math_drop(came.size()), class_gain(came.size());
    for (std::size_t i = 0; i < came.size(); ++i) {
        CHECK(base.ints("newcomer")[i] == 0);
        CHECK((came[i] != 0) == (came_nt2[i] != 0));  // the same arrivals
        CHECK(came[i] != 2);                            // no newcomer class without the policy
        arrived[i] = came[i] != 0;
        stayed[i] = came[i] == 0;
        classed[i] = came_nt2[i] == 2;
        newcomers += arrived[i];
        in_class += classed[i];
        if (arrived[i]) CHECK(base.ints("home_language")[i] == 1);  // only pupils with another home language arrive
        lang_drop[i] = base.floats("language_12")[i] - arr.floats("language_12")[i];
        math_drop[i] = base.floats("math_12")[i] - arr.floats("math_12")[i];
        class_gain[i] = nt2.floats("language_12")[i] - arr.floats("language_12")[i];
    }
    INFO(newcomers << " newcomers, " << in_class << " in a newcomer class");
    CHECK(newcomers > 100);
    CHECK(in_class == newcomers);  // nt2_share 1, the whole city
    // Who is affected: the newcomers' language falls far more than anyone else's (others feel them
    // only through school composition), their math hardly at all.
    CHECK(mean_where(lang_drop, arrived) > 0.1);
    CHECK(std::abs(mean_where(lang_drop, stayed)) < 0.02);
    CHECK(std::abs(mean_where(math_drop, arrived)) < 0.05);
    CHECK(mean_where(class_gain, classed) > 0);
    CHECK(std::abs(mean_where(class_gain, stayed)) < 0.02);
    CHECK(nt2.cost("cost_nt2") == Approx(7000.0 * static_cast<double>(in_class)));
    CHECK(arr.cost("cost_nt2") == 0);
}

// Special primary education (model.md 7.32): referral takes the weakest in achievement and
// wellbeing; with its effects at their default 0 it changes no pupil's skills or path, and
// passend onderwijs turns only referred pupils' places into support, at its own unit cost.
TEST_CASE("referral to sbo takes the pupils weakest in achievement and wellbeing, and passend onderwijs keeps only referred pupils") {
    const std::vector<std::string> small{"population.cohort_size=2500"};
    const auto base = run("baseline.toml", small);
    const auto sbo = run("special_education.toml", small);
    const auto inc = run("passend_onderwijs.toml", small);
    const auto& place = sbo.ints("special");
    const auto& place_inc = inc.ints("special");
    std::size_t referred = 0, supported = 0, children = 0;
    std::vector<bool> in_sbo(place.size()), other(place.size());
    for (std::size_t i = 0; i < place.size(); ++i) {
        CHECK(base.ints("special")[i] == 0);
        CHECK(place[i] != 2);                            // no support without the policy
        CHECK((place[i] != 0) == (place_inc[i] != 0));  // the same referrals
        in_sbo[i] = place[i] == 1;
        other[i] = place[i] == 0;
        referred += in_sbo[i];
        supported += place_inc[i] == 2;
        children += base.ints("final_stage")[i] != 0;
        // effects 0: every skill and path as in the baseline
        CHECK(sbo.floats("language_12")[i] == base.floats("language_12")[i]);
        CHECK(sbo.ints("diploma")[i] == base.ints("diploma")[i]);
        CHECK(inc.floats("math_12")[i] == base.floats("math_12")[i]);
    }
    const double share = static_cast<double>(referred) / static_cast<double>(children);
    INFO(referred << " referred of " << children << ", " << supported << " supported under passend onderwijs");
    CHECK(share > 0.01);  // the order of CBS's 2.5% in sbo at a time (a cumulative share is larger)
    CHECK(share < 0.10);
    CHECK(supported > referred / 4);  // inclusion_share 0.5
    CHECK(supported < 3 * referred / 4);
    // who is referred: weaker at 8 (before most referrals' years end) than the others
    CHECK(mean_where(base.floats("language_8"), in_sbo) < mean_where(base.floats("language_8"), other) - 0.5);
    CHECK(mean_where(base.floats("math_8"), in_sbo) < mean_where(base.floats("math_8"), other) - 0.5);
    CHECK(sbo.cost("cost_inclusion") == 0);
    CHECK(inc.cost("cost_inclusion") > 0);
    CHECK(inc.cost("cost_special_school") < sbo.cost("cost_special_school"));
    CHECK(sbo.cost("cost_special_school") + inc.cost("cost_special_school") > 0);
}

// Admission agreements (model.md 7.33): the cap on each school's low-SES intake lowers the income
// dissimilarity across primary schools (U09), and only school choice changes before school.
TEST_CASE("admission agreements lower the dissimilarity index across primary schools and change nothing before school choice") {
    const std::vector<std::string> small{"population.cohort_size=2500"};
    const auto base = run("baseline.toml", small);
    const auto cap = run("admission_agreements.toml", small);
    const double before = base.result.indicators.at("U09").percent, after = cap.result.indicators.at("U09").percent;
    INFO("U09 dissimilarity " << before << " -> " << after);
    CHECK(after < before);
    std::size_t moved = 0;
    for (std::size_t i = 0; i < base.ints("primary_school").size(); ++i) {
        CHECK(cap.floats("language_4")[i] == base.floats("language_4")[i]);  // nothing before school changes
        CHECK(cap.ints("ve_participant")[i] == base.ints("ve_participant")[i]);
        CHECK(cap.ints("district")[i] == base.ints("district")[i]);
        moved += cap.ints("primary_school")[i] != base.ints("primary_school")[i];
    }
    CHECK(moved > 0);
}

// Structural reforms (model.md 7.22): their extra staff hours are charged per pupil-year in the
// route, so a reform's cost follows the pupils it takes in and nothing else.
TEST_CASE("structural reforms cost their unit cost per pupil in the route: four years of a 10-14 school, every 0-18 year, a broad bridge year") {
    const auto iv = model::default_params().interventions;
    const auto base = run("baseline.toml");
    const auto tf = run("ten_fourteen_citywide.toml");
    const auto bb = run("broad_bridge_everywhere.toml");
    const auto pupils = [](const Children& c, const char* column, int value) {
        double n = 0;
        for (const auto v : c.ints(column)) n += v == value;
        return n;
    };
    const double in_tf = pupils(tf, "route", 1), in_tf_base = pupils(base, "route", 1);
    INFO(in_tf << " pupils in a 10-14 school city-wide, " << in_tf_base << " in the baseline");
    CHECK(in_tf > 10 * in_tf_base);  // city-wide against today's two schools
    CHECK(tf.cost("cost_ten_fourteen") == Approx(4 * iv.ten_fourteen_cost * in_tf));
    CHECK(base.cost("cost_ten_fourteen") == Approx(4 * iv.ten_fourteen_cost * in_tf_base));
    double zero_eighteen_years = 0;
    for (std::size_t i = 0; i < base.ints("route").size(); ++i)
        if (base.ints("route")[i] == 2) zero_eighteen_years += base.ints("years_in_school")[i];
    CHECK(base.cost("cost_zero_eighteen") == Approx(iv.zero_eighteen_cost * zero_eighteen_years));
    const double broad = pupils(bb, "class_year1", 2);
    CHECK(broad > pupils(base, "class_year1", 2));
    CHECK(bb.cost("cost_broad_bridge") == Approx(iv.broad_bridge_cost * broad));
    // the reforms' costs are part of the total, and no other cost column moves with them
    CHECK(tf.cost("cost_total") - base.cost("cost_total") ==
          Approx(tf.cost("cost_ten_fourteen") - base.cost("cost_ten_fourteen") + tf.cost("cost_preschool") - base.cost("cost_preschool") +
                 tf.cost("cost_broad_bridge") - base.cost("cost_broad_bridge") + tf.cost("cost_zero_eighteen") - base.cost("cost_zero_eighteen"))
              .epsilon(1e-9));
}

// VE's later channels run through skill (and wellbeing at entry): children with a VE place repeat
// a year less often and are referred to sbo less often than the same children would be without
// the VE effect. Meta-analyses of early-childhood programmes against no programme bound how much
// less (docs/evidence.md entry 3: odds ratios about 0.66 (0.46-0.96) for retention and 0.60
// (0.41-0.86) for special education [Hahn16, McC17]); Dutch VE against regular groups should do
// no better [FJO17]. So the model's odds ratios must lie between those lower bounds and 1.
TEST_CASE("VE participants repeat and are referred to sbo less often, within the bounds of the early-childhood evidence") {
    const std::vector<std::string> cohorts{"population.birth_cohorts=6"};
    std::vector<std::string> no_ve = cohorts;
    no_ve.push_back("preschool.effect=0");
    no_ve.push_back("preschool.wellbeing_effect=0");
    const auto odds_ratio = [](const Children& with, const Children& without, const std::string& column) {
        const auto& took = with.ints("ve_participant");
        double yes_with = 0, yes_without = 0, n = 0;
        for (std::size_t i = 0; i < took.size(); ++i) {
            if (!took[i]) continue;
            REQUIRE(without.ints("ve_participant")[i] == 1);  // the same children take part
            yes_with += with.ints(column)[i] != 0;
            yes_without += without.ints(column)[i] != 0;
            n += 1;
        }
        INFO(column << ": " << yes_with << " with the VE effect, " << yes_without << " without, of " << n << " participants");
        REQUIRE(yes_with > 0);
        REQUIRE(yes_without > yes_with / 2);
        const double p1 = yes_with / n, p0 = yes_without / n;
        return (p1 / (1 - p1)) / (p0 / (1 - p0));
    };
    const double retention = odds_ratio(run("baseline.toml", cohorts), run("baseline.toml", no_ve), "retained_primary");
    INFO("odds ratio of repeating in primary school " << retention);
    CHECK(retention >= 0.46);
    CHECK(retention <= 1.0);
    const double referral = odds_ratio(run("special_education.toml", cohorts), run("special_education.toml", no_ve), "special");
    INFO("odds ratio of referral to sbo " << referral);
    CHECK(referral >= 0.41);
    CHECK(referral <= 1.0);
}

// Moves in years 1-3 carry a share of the shift by parental education (secondary.move_choice_bias):
// at equal achievement children of less-educated parents move down more often and up less often,
// children of highly educated parents the other way round (docs/evidence.md entry 12: [ESB21p],
// [KR21], [JT09] give the direction; the size is an assumption). Against the same children and
// draws deciding on results alone.
TEST_CASE("moves in secondary school follow parental education at equal results: down more for the less educated, up more for the highly educated") {
    const auto with = run("nl_old_cohorts.toml", {"population.cohort_size=30000"});
    const auto without = run("nl_old_cohorts.toml", {"population.cohort_size=30000", "secondary.move_choice_bias=0"});
    const auto& edu = with.ints("parent_edu");
    double down[3][2] = {}, up[3][2] = {}, n[3] = {};
    for (std::size_t i = 0; i < edu.size(); ++i) {
        const auto e = static_cast<std::size_t>(edu[i]);
        n[e] += 1;
        down[e][0] += without.ints("moves_down")[i];
        down[e][1] += with.ints("moves_down")[i];
        up[e][0] += without.ints("moves_up")[i];
        up[e][1] += with.ints("moves_up")[i];
    }
    INFO("moves down per 100 pupils (results alone / with the shift): low " << 100 * down[0][0] / n[0] << " / "
         << 100 * down[0][1] / n[0] << ", high " << 100 * down[2][0] / n[2] << " / " << 100 * down[2][1] / n[2]);
    INFO("moves up per 100 pupils: low " << 100 * up[0][0] / n[0] << " / " << 100 * up[0][1] / n[0] << ", high "
         << 100 * up[2][0] / n[2] << " / " << 100 * up[2][1] / n[2]);
    CHECK(down[0][1] > down[0][0]);
    CHECK(up[0][1] < up[0][0]);
    CHECK(down[2][1] < down[2][0]);
    CHECK(up[2][1] > up[2][0]);
}

// Havo 4 admits pupils with a vmbo-t diploma or a promotion from havo 3 (docs/model.md, "Moving up
// or down"): a pupil still in vmbo-gt in year 3 who moves up goes on in havo 3, so no such pupil
// holds a havo diploma five years after entry, while pupils moving up earlier can. A structural
// rule, checked on every child of a national cohort.
TEST_CASE("a move up from vmbo-gt after year 3 goes into havo 3, so it never gives a havo diploma on time") {
    const auto c = run("nl_old_cohorts.toml", {"population.cohort_size=30000"});
    const auto& year3 = c.ints("track_in_year_3");
    const auto& year4 = c.ints("track_in_year_4");
    const auto& at5 = c.ints("diploma_at_5");
    const auto& year2 = c.ints("track_in_year_2");
    double moved_up = 0, on_time = 0, earlier_on_time = 0;
    for (std::size_t i = 0; i < year3.size(); ++i) {
        if (year3[i] == 3 && year4[i] == 4) {
            moved_up += 1;
            on_time += at5[i] == 4;
        }
        earlier_on_time += year2[i] == 3 && year3[i] == 4 && at5[i] == 4;
    }
    INFO(moved_up << " pupils moved up from vmbo-gt after year 3, " << on_time << " of them with havo after 5 years");
    REQUIRE(moved_up > 100);
    CHECK(on_time == 0);
    CHECK(earlier_on_time > 0);  // a move up after year 2 (into havo 3) keeps the pace
}
