// The comparison statistics against hand-computed numbers.
#include "stats/compare.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace pathways;
using stats::kNaN;

TEST_CASE("the 95% interval over replicates uses Student's t") {
    CHECK(stats::t_quantile_975(3) == Approx(3.182446305));
    CHECK(stats::t_quantile_975(1000) == Approx(1.962339).epsilon(1e-6));
    // 1, 2, 3, 4: mean 2.5, sd sqrt(5/3), half-width t(3) * sd / 2
    const auto i = stats::interval95({1, 2, 3, 4});
    CHECK(i.n == 4);
    CHECK(i.mean == Approx(2.5));
    CHECK(i.sd == Approx(1.2909944487));
    CHECK(i.ci_low == Approx(2.5 - 2.0542603));
    CHECK(i.ci_high == Approx(2.5 + 2.0542603));
    CHECK(i.half_width() == Approx(2.0542603));
    // undefined values are left out; one value gives a mean without interval
    const auto j = stats::interval95({kNaN, 7, kNaN});
    CHECK(j.n == 1);
    CHECK(j.mean == 7);
    CHECK(std::isnan(j.ci_low));
    CHECK(stats::interval95({}).n == 0);
}

TEST_CASE("paired differences are intervals on the per-replicate differences") {
    // differences 2, 3, 1, 2: mean 2, sd sqrt(2/3), half-width t(3) * sd / 2
    const auto d = stats::paired_difference({3, 5, 4, 6}, {1, 2, 3, 4});
    CHECK(d.mean == Approx(2));
    CHECK(d.sd == Approx(0.8164965809));
    CHECK(d.half_width() == Approx(1.2992283));
    // a replicate where either side is undefined is dropped
    CHECK(stats::paired_difference({3, kNaN, 4, 6}, {1, 2, 3, 4}).n == 3);
    const auto zero = stats::paired_difference({1.5, 2.5, 9}, {1.5, 2.5, 9});
    CHECK(zero.mean == 0);
    CHECK(zero.ci_low == 0);
    CHECK(zero.ci_high == 0);
    // Welch: both samples sd sqrt(5/3) and sqrt(5/3)... of {3,5,4,6} and {1,2,3,4}
    const auto u = stats::unpaired_difference({3, 5, 4, 6}, {1, 2, 3, 4});
    CHECK(u.mean == Approx(2));
    CHECK(u.sd == Approx(std::sqrt(2 * (5.0 / 3) / 4)));
    CHECK(u.half_width() == Approx(stats::t_quantile_975(6) * u.sd));
    CHECK(u.half_width() > d.half_width());
}

namespace {
model::OutcomeTable two_rows() {
    model::OutcomeTable t;
    t.birth_year = {2008, 2008};
    t.parent_edu = {0, 2};
    t.home_language = {0, 1};
    t.income_group = {0, 0};
    t.district = {0, 1};
    auto col = [&](const std::string& name, std::int64_t low, std::int64_t high) {
        t.count_names.push_back(name);
        t.counts.push_back({low, high});
    };
    col("children", 100, 100);
    col("track_year3_pro", 10, 0);
    col("track_year3_vmbo_b", 20, 5);
    col("track_year3_vmbo_k", 20, 5);
    col("track_year3_vmbo_gt", 20, 10);
    col("track_year3_havo", 20, 30);
    col("track_year3_vwo", 10, 50);
    col("diploma_havo", 15, 25);
    col("diploma_vwo", 5, 45);
    col("early_leaver", 10, 2);
    col("high_potential", 10, 40);
    col("high_potential_year3_below_havo", 4, 2);
    return t;
}
}  // namespace

TEST_CASE("headline outcomes from an outcome table") {
    const auto t = two_rows();
    const auto groups = stats::comparison_groups({"A", "B"});
    REQUIRE(groups.size() == 1 + 3 + 3 + 2 + 2 + 12);
    const auto& all = groups[0];
    CHECK(stats::headline_value(t, "havo_vwo_year3", all) == Approx(55));
    CHECK(stats::headline_value(t, "havo_vwo_diploma", all) == Approx(45));
    CHECK(stats::headline_value(t, "social_gap_pp", all) == Approx(50));
    CHECK(stats::headline_value(t, "social_gap_or", all) == Approx((0.8 / 0.2) / (0.3 / 0.7)));
    CHECK(stats::headline_value(t, "misplaced_high_potential_low_edu", all) == Approx(40));
    CHECK(stats::headline_value(t, "early_leaving", all) == Approx(6));
    CHECK(stats::headline_denominator(t, "havo_vwo_year3", all) == 200);  // pupils in year 3
    CHECK(stats::headline_denominator(t, "early_leaving", all) == 200);   // children
    CHECK(stats::headline_denominator(t, "misplaced_high_potential_low_edu", all) == 10);  // low-edu high potential
    CHECK_THROWS_AS(stats::headline_denominator(t, "social_gap_pp", all), std::invalid_argument);
    const auto& high = groups[3];
    REQUIRE(high.label == "high");
    CHECK(stats::headline_value(t, "havo_vwo_year3", high) == Approx(80));
    CHECK(std::isnan(stats::headline_value(t, "social_gap_pp", high)));
    CHECK(std::isnan(stats::headline_value(t, "misplaced_high_potential_low_edu", high)));
    const auto& middle = groups[2];
    CHECK(std::isnan(stats::headline_value(t, "havo_vwo_year3", middle)));  // nobody in it
    const auto& lowest_income = groups[4];
    REQUIRE(lowest_income.kind == "income_group");
    REQUIRE(lowest_income.label == "lowest");
    CHECK(stats::headline_value(t, "havo_vwo_year3", lowest_income) == Approx(55));  // both rows are lowest income
    CHECK(std::isnan(stats::headline_value(t, "havo_vwo_year3", groups[5])));      // nobody in the middle income group
    const auto& district_b = groups[10];
    REQUIRE(district_b.label == "B");
    CHECK(stats::headline_value(t, "early_leaving", district_b) == Approx(2));
    CHECK(std::isnan(stats::headline_value(t, "social_gap_pp", district_b)));  // no low-educated parents there
}

TEST_CASE("headline rows: an identical scenario differs by exactly zero") {
    const auto t = two_rows();
    auto t2 = t;
    t2.counts[5][0] = 30;  // five more havo pupils among the low-educated in replicate 2
    t2.counts[4][0] = 10;
    const std::vector<std::vector<model::OutcomeTable>> tables{{t, t2}, {t, t2}};
    const auto groups = stats::comparison_groups({"A", "B"});
    const auto rows = stats::headline_rows(tables, groups);
    for (const auto& r : rows) {
        if (r.value.n == 0) continue;
        CHECK(r.diff.mean == 0);
        if (r.diff.n >= 2) CHECK(r.diff.half_width() == 0);
    }
    const auto& first = rows.front();
    CHECK(first.outcome == "havo_vwo_year3");
    CHECK(first.value.mean == Approx((55.0 + 60.0) / 2));
}

TEST_CASE("switch tables count baseline × scenario values per group") {
    stats::ChildOutcomes b;
    b.parent_edu = {0, 0, 2};
    b.home_language = {0, 1, 0};
    b.district = {0, 1, 1};
    b.income_group = {2, 0, 1};
    b.track_year3 = {3, 4, 5};
    b.diploma = {3, -1, 5};
    auto s = b;
    s.track_year3 = {4, 4, 5};  // child 0 moves up from vmbo_gt to havo
    s.diploma = {4, -1, 5};
    const auto groups = stats::comparison_groups({"A", "B"});
    stats::SwitchTable table(groups.size());
    table.add(b, s, 2);
    CHECK(table.count(0, 0, 3, 4) == 1);
    CHECK(table.count(0, 0, 3, 3) == 0);
    CHECK(table.count(0, 0, 4, 4) == 1);
    CHECK(table.count(1, 0, -1, -1) == 1);
    CHECK(table.count(0, 1, 3, 4) == 1);  // parent_edu low
    CHECK(table.count(0, 3, 3, 4) == 0);  // parent_edu high
    CHECK(table.count(0, 6, 3, 4) == 1);  // income_group highest
    CHECK(table.count(0, 4, 3, 4) == 0);  // income_group lowest
    CHECK(table.count(0, 4, 4, 4) == 1);
    REQUIRE(groups[11].label == "low/dutch/A");
    CHECK(table.count(0, 11, 3, 4) == 1);  // cross low/dutch/A
    auto other = b;
    other.district = {0, 0, 1};
    CHECK_THROWS_AS(table.add(b, other, 2), std::invalid_argument);
    other = b;
    other.income_group = {2, 1, 1};
    CHECK_THROWS_AS(table.add(b, other, 2), std::invalid_argument);
}

TEST_CASE("subgroups: every combination of the named dimensions, the last varying fastest") {
    const auto g = stats::subgroups({"parent_edu", "district"}, {"A", "B"}, {2008, 2009});
    REQUIRE(g.size() == 3 * 2);
    CHECK(g[0].label == "low/A");
    CHECK(g[1].label == "low/B");
    CHECK(g[5].label == "high/B");
    CHECK(g[5].kind == "parent_edu+district");
    CHECK(g[5].parent_edu == 2);
    CHECK(g[5].district == 1);
    CHECK(g[5].home_language == -1);
    CHECK(stats::subgroup_value(g[5], "district", {"A", "B"}) == "B");
    CHECK(stats::subgroup_value(g[5], "income_group", {"A", "B"}).empty());
    const auto years = stats::subgroups({"income", "birth_year"}, {}, {2008, 2009});
    REQUIRE(years.size() == 3 * 2);
    CHECK(years[1].label == "lowest/2009");
    CHECK(years[1].income_group == 0);
    CHECK(years[1].birth_year == 2009);
    const auto none = stats::subgroups({}, {"A"}, {2008});
    REQUIRE(none.size() == 1);
    CHECK(none[0].kind == "overall");
    CHECK_THROWS_WITH(stats::subgroups({"school"}, {}, {}), Catch::Contains("choose from parent_edu, income"));
    CHECK_THROWS_WITH(stats::subgroups({"income", "income_group"}, {}, {}), Catch::Contains("named twice"));
}

TEST_CASE("headline values by income group and birth year count only that group's rows") {
    auto t = two_rows();
    t.income_group = {0, 2};
    t.birth_year = {2008, 2009};
    const auto g = stats::subgroups({"income_group"}, {"A", "B"}, {2008, 2009});
    // lowest income = the first row only: 30 of 100 year-3 pupils in havo/vwo, 10 early leavers of 100
    CHECK(stats::headline_value(t, "havo_vwo_year3", g[0]) == Approx(30));
    CHECK(stats::headline_value(t, "early_leaving", g[0]) == Approx(10));
    CHECK(std::isnan(stats::headline_value(t, "havo_vwo_year3", g[1])));  // no middle-income rows
    CHECK(stats::headline_value(t, "havo_vwo_year3", g[2]) == Approx(80));
    const auto y = stats::subgroups({"birth_year"}, {"A", "B"}, {2008, 2009});
    CHECK(stats::headline_value(t, "havo_vwo_diploma", y[1]) == Approx(70));  // (25 + 45) / 100
}

TEST_CASE("the interval statement names the Student t interval of the mean") {
    const std::string s = stats::interval_statement();
    CHECK(s.find("95% Monte Carlo interval of the mean") == 0);
    CHECK(s.find("Student t") != std::string::npos);
}

TEST_CASE("percentiles interpolate between order statistics as numpy does") {
    CHECK(stats::percentile({1, 2, 3, 4}, 0.5) == Approx(2.5));
    CHECK(stats::percentile({4, 1, 3, 2}, 0.025) == Approx(1.075));  // numpy.percentile([1,2,3,4], 2.5)
    CHECK(stats::percentile({4, 1, 3, 2}, 0.975) == Approx(3.925));
    CHECK(stats::percentile({kNaN, 5}, 0.3) == 5);
    CHECK(std::isnan(stats::percentile({}, 0.5)));
    const auto s = stats::uncertainty_interval95({1, 2, 3, 4});
    CHECK(s.n == 4);
    CHECK(s.low == Approx(1.075));
    CHECK(s.high == Approx(3.925));
    CHECK(std::isnan(stats::uncertainty_interval95({3}).low));
    const auto d = stats::paired_uncertainty_interval95({2, 4, 6, kNaN}, {1, 2, 3, 4});
    CHECK(d.n == 3);  // differences 1, 2, 3
    CHECK(d.low == Approx(1.05));
    CHECK(d.high == Approx(2.95));
    CHECK(std::string(stats::uncertainty_statement()).find("uncertainty interval over parameter draws") != std::string::npos);
}
