#include "model/norms.hpp"
#include "model/schema.hpp"

#include <boost/math/distributions/normal.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace pathways::model;

namespace {
double cdf(double z) { return boost::math::cdf(boost::math::normal_distribution<double>{}, z); }
}  // namespace

TEST_CASE("advice cut points are the normal quantiles of the national advice shares") {
    const Params p = default_params();
    const Norms n = derive_norms(p);
    // the published shares add up to 99.9 (rounding): cut points use them relative to their total
    double total = 0;
    for (const double s : p.selection.advice_shares) total += s;
    double cumulative = 0;
    for (std::size_t k = 0; k < 8; ++k) {
        cumulative += p.selection.advice_shares[k];
        CHECK(cdf(n.double_cuts[k]) == Approx(cumulative / total).margin(1e-9));
    }
    // a single advice splits each double band in the middle: b/k between 7.4 and 11.3 -> 9.35
    CHECK(cdf(n.single_cuts[0]) == Approx(9.35 / total).margin(1e-9));
    CHECK(cdf(n.pro_cut) == Approx(p.selection.pro_share / total).margin(1e-9));
}

TEST_CASE("single advices take only the even categories, double advices all nine") {
    const Norms n = derive_norms(default_params());
    for (double z = -3; z < 3; z += 0.01) {
        const int single = advice_category(z, n, false);
        CHECK(single % 2 == 0);
        const int dbl = advice_category(z, n, true);
        CHECK(dbl >= 0);
        CHECK(dbl <= 8);
        CHECK(std::abs(single - dbl) <= 1);  // the single advice is a neighbour of the double one
    }
    CHECK(advice_category(-5, n, true) == 0);
    CHECK(advice_category(5, n, true) == 8);
}

TEST_CASE("a double advice points to two neighbouring tracks, a single one to one") {
    CHECK(advice_low_track(0) == 1);   // vso/pro/vmbo-b: vmbo-b (pro is decided by placement)
    CHECK(advice_high_track(0) == 1);
    CHECK(advice_low_track(5) == 3);   // vmbo-gt/havo
    CHECK(advice_high_track(5) == 4);
    CHECK(advice_low_track(8) == 5);   // vwo
    CHECK(advice_high_track(8) == 5);
}

TEST_CASE("track bands tile the norm without gaps") {
    const Norms n = derive_norms(default_params());
    for (int t = 0; t < 5; ++t) CHECK(n.track_upper(t) == n.track_lower(t + 1));
    CHECK(track_of(n.pro_cut - 1e-9, n) == 0);
    CHECK(track_of(n.pro_cut + 1e-9, n) == 1);
    CHECK(track_of(10.0, n) == 5);
}

TEST_CASE("each skill has SD 1 on the national norm by construction") {
    const Params p = default_params();
    const Norms n = derive_norms(p);
    const double v = p.primary.deviation_sd * p.primary.deviation_sd;
    CHECK(n.kappa * n.kappa * (1 + v) == Approx(1.0));
    // growth keeps the deviation's variance stationary: (1-c)^2 v + g^2 = v
    const double c = p.primary.catch_up;
    CHECK((1 - c) * (1 - c) * v + n.growth_sd * n.growth_sd == Approx(v));
}

namespace {
// The search advice_category and track_of once were: the first cut above the score.
template <std::size_t N>
int first_cut_above(double z, const std::array<double, N>& cuts) {
    int k = 0;
    while (k < static_cast<int>(N) && z >= cuts[static_cast<std::size_t>(k)]) ++k;
    return k;
}
}  // namespace

TEST_CASE("advice categories and tracks are the first cut above the score, at the cuts too and with empty bands") {
    Params with_empty = default_params();
    with_empty.selection.advice_shares[3] = 0;  // an empty double band: two equal cuts
    with_empty.selection.advice_shares[5] = 0;
    Params fewer_doubles = default_params();
    fewer_doubles.selection.double_advice_scale = 0;  // every double band empty
    for (const Params& p : {default_params(), with_empty, fewer_doubles}) {
        const Norms n = derive_norms(p);
        CHECK(std::is_sorted(n.double_cuts.begin(), n.double_cuts.end()));
        CHECK(std::is_sorted(n.single_cuts.begin(), n.single_cuts.end()));
        std::vector<double> scores;
        for (double z = -4; z < 4; z += 0.001) scores.push_back(z);
        for (const double cut : n.double_cuts)
            for (const double z : {std::nextafter(cut, -HUGE_VAL), cut, std::nextafter(cut, HUGE_VAL)}) scores.push_back(z);
        for (const double cut : n.single_cuts)
            for (const double z : {std::nextafter(cut, -HUGE_VAL), cut, std::nextafter(cut, HUGE_VAL)}) scores.push_back(z);
        for (const double z : {n.pro_cut, std::nextafter(n.pro_cut, -HUGE_VAL), -HUGE_VAL, HUGE_VAL}) scores.push_back(z);
        for (const double z : scores) {
            INFO("z = " << z);
            REQUIRE(advice_category(z, n, true) == first_cut_above(z, n.double_cuts));
            REQUIRE(advice_category(z, n, false) == 2 * first_cut_above(z, n.single_cuts));
            REQUIRE(track_of(z, n) == (z < n.pro_cut ? 0 : 1 + first_cut_above(z, n.single_cuts)));
        }
    }
}
