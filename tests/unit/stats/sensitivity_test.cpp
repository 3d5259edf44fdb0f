// The sensitivity estimators on functions whose indices are known analytically, through
// stats::sensitivity::analyse, the code path `pathways sensitivity` runs the model through (the
// engine passes the model as the evaluation function; here the function is Ishigami's or Sobol's G).
#include "stats/sensitivity.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace pathways::stats::sensitivity;

namespace {

constexpr double kPi = std::numbers::pi;

// Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1, x ~ U[-π, π]³, a = 7, b = 0.1.
// Extra factors (beyond 3) are inert.
double ishigami(const std::vector<double>& x) {
    const double a = 7, b = 0.1;
    return std::sin(x[0]) + a * std::sin(x[1]) * std::sin(x[1]) + b * std::pow(x[2], 4) * std::sin(x[0]);
}

// Analytic variances (Sobol' & Levitan 1999): V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V3 = 0,
// V13 = 8b²π⁸/225, V = V1 + V2 + V13.
struct Known {
    std::vector<double> first, total;
};
Known ishigami_indices() {
    const double a = 7, b = 0.1, p4 = std::pow(kPi, 4), p8 = std::pow(kPi, 8);
    const double v1 = 0.5 * (1 + b * p4 / 5) * (1 + b * p4 / 5), v2 = a * a / 8, v13 = 8 * b * b * p8 / 225;
    const double v = v1 + v2 + v13;
    return {{v1 / v, v2 / v, 0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// Sobol's G function: prod (|4x_i − 2| + a_i) / (1 + a_i), x ~ U[0,1]^k. V_i = 1 / (3(1 + a_i)²),
// V = prod(1 + V_i) − 1, S_i = V_i / V, ST_i = V_i prod_{j≠i}(1 + V_j) / V.
const std::vector<double> kG = {0, 1, 4.5, 9, 99, 99};
double g_function(const std::vector<double>& x) {
    double f = 1;
    for (std::size_t i = 0; i < kG.size(); ++i) f *= (std::fabs(4 * x[i] - 2) + kG[i]) / (1 + kG[i]);
    return f;
}
Known g_indices() {
    std::vector<double> vi;
    double prod = 1;
    for (const double a : kG) {
        vi.push_back(1 / (3 * (1 + a) * (1 + a)));
        prod *= 1 + vi.back();
    }
    const double v = prod - 1;
    Known k;
    for (const double x : vi) {
        k.first.push_back(x / v);
        k.total.push_back(x * prod / (1 + x) / v);
    }
    return k;
}

std::vector<Factor> cube(std::size_t k, double lo, double hi) {
    std::vector<Factor> f;
    for (std::size_t i = 0; i < k; ++i) f.push_back({"x" + std::to_string(i + 1), lo, hi, (lo + hi) / 2});
    return f;
}

// The evaluation function: one output per point, and counts what it was asked.
Evaluate scalar(double (*f)(const std::vector<double>&), std::size_t* calls = nullptr) {
    return [f, calls](const std::string&, const std::vector<std::vector<double>>& points) {
        std::vector<std::vector<double>> y;
        for (const auto& x : points) y.push_back({f(x)});
        if (calls) *calls += points.size();
        return y;
    };
}

void check_within(const Estimate& e, double known, double tolerance) {
    INFO("estimate " << e.value << " in [" << e.low << ", " << e.high << "], known " << known);
    CHECK(e.low <= known);
    CHECK(known <= e.high);
    CHECK(std::fabs(e.value - known) < tolerance);
    CHECK(e.high - e.low < 0.1);  // an interval narrow enough to say something
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function: the known values lie within the bootstrap intervals") {
    Options o;
    o.method = Method::sobol;
    o.base_samples = 4096;
    o.bootstrap = 400;
    std::size_t calls = 0;
    const auto r = analyse(cube(3, -kPi, kPi), o, scalar(ishigami, &calls));
    REQUIRE(r.sobol);
    CHECK_FALSE(r.morris);
    CHECK(calls == 4096 * 5);  // N(k+2)
    CHECK(calls == evaluations(3, o));
    const auto known = ishigami_indices();
    CHECK(known.first[0] == Approx(0.3139).margin(1e-4));
    CHECK(known.total[2] == Approx(0.2437).margin(1e-4));
    for (std::size_t i = 0; i < 3; ++i) {
        check_within(r.sobol->first[0][i], known.first[i], 0.03);
        check_within(r.sobol->total[0][i], known.total[i], 0.03);
    }
}

TEST_CASE("Sobol indices of Sobol's G function: the known values lie within the bootstrap intervals") {
    Options o;
    o.method = Method::sobol;
    o.base_samples = 4096;
    o.bootstrap = 400;
    const auto r = analyse(cube(kG.size(), 0, 1), o, scalar(g_function));
    REQUIRE(r.sobol);
    const auto known = g_indices();
    for (std::size_t i = 0; i < kG.size(); ++i) {
        check_within(r.sobol->first[0][i], known.first[i], 0.03);
        check_within(r.sobol->total[0][i], known.total[i], 0.03);
    }
    // the ranking by total index follows a_i: the smaller a_i, the more important
    for (std::size_t i = 0; i + 2 < kG.size(); ++i) CHECK(r.sobol->total[0][i].value > r.sobol->total[0][i + 1].value);
}

TEST_CASE("Morris ranks an inert factor last, with mu* zero") {
    Options o;
    o.method = Method::morris;
    o.trajectories = 40;
    o.levels = 4;
    o.bootstrap = 200;
    std::size_t calls = 0;
    const auto r = analyse(cube(4, -kPi, kPi), o, scalar(ishigami, &calls));
    REQUIRE(r.morris);
    CHECK_FALSE(r.sobol);
    CHECK(calls == 40 * 5);  // r(k+1)
    const auto& mu_star = r.morris->mu_star[0];
    CHECK(mu_star[3].value == 0);
    CHECK(r.morris->sigma[0][3] == 0);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(mu_star[i].value > 0);
        CHECK(mu_star[i].low <= mu_star[i].value);
        CHECK(mu_star[i].value <= mu_star[i].high);
    }
    // x3 acts only with x1 (b x3⁴ sin x1): its effects change sign, so its sigma exceeds |mu|
    CHECK(r.morris->sigma[0][2] > std::fabs(r.morris->mu[0][2]));
    // on the G function the factors with a_i = 99 come below those with a_i <= 9
    const auto g = analyse(cube(kG.size(), 0, 1), o, scalar(g_function));
    const auto& gm = g.morris->mu_star[0];
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 4; j < kG.size(); ++j) CHECK(gm[i].value > gm[j].value);
}

TEST_CASE("Morris screening then Sobol on the factors it keeps") {
    Options o;
    o.method = Method::both;
    o.trajectories = 30;
    o.top = 3;
    o.base_samples = 4096;
    o.bootstrap = 300;
    std::size_t calls = 0;
    auto factors = cube(5, -kPi, kPi);
    factors[4].nominal = 1.5;  // inert: its value must not matter
    const auto r = analyse(factors, o, scalar(ishigami, &calls));
    REQUIRE(r.morris);
    REQUIRE(r.sobol);
    CHECK(r.sobol->factors == std::vector<std::size_t>{0, 1, 2});
    CHECK(calls == 30 * 6 + 4096 * 5);
    CHECK(calls == evaluations(5, o));
    // the factors not sampled stay at their nominal values
    for (const auto& x : r.sobol->points) {
        CHECK(x[3] == 0);
        CHECK(x[4] == 1.5);
    }
    const auto known = ishigami_indices();
    for (std::size_t i = 0; i < 3; ++i) {
        check_within(r.sobol->first[0][i], known.first[i], 0.03);
        check_within(r.sobol->total[0][i], known.total[i], 0.03);
    }
}

TEST_CASE("the designs: Saltelli's matrices and Morris trajectories on the grid") {
    const auto s = saltelli_design(3, 8);
    REQUIRE(s.size() == 8 * 5);
    for (std::size_t j = 0; j < 8; ++j) {
        const auto& a = s[j * 5];
        const auto& b = s[j * 5 + 1];
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& ab = s[j * 5 + 2 + i];
            for (std::size_t c = 0; c < 3; ++c) CHECK(ab[c] == (c == i ? b[c] : a[c]));
        }
        for (const double u : a) CHECK((u > 0 && u < 1));
    }
    const int p = 6;
    const auto m = morris_design(4, 10, p, 7);
    REQUIRE(m.size() == 10 * 5);
    const double delta = p / (2.0 * (p - 1));
    for (std::size_t t = 0; t < 10; ++t) {
        std::vector<int> moved(4, 0);
        for (std::size_t s2 = 1; s2 <= 4; ++s2) {
            int changed = 0;
            for (std::size_t c = 0; c < 4; ++c) {
                const double d = m[t * 5 + s2][c] - m[t * 5 + s2 - 1][c];
                if (d != 0) {
                    ++changed;
                    ++moved[c];
                    CHECK(std::fabs(d) == Approx(delta));
                }
            }
            CHECK(changed == 1);
        }
        CHECK(moved == std::vector<int>(4, 1));  // every factor once per trajectory
        for (const auto& x : std::vector<std::vector<double>>(m.begin() + static_cast<long>(t * 5), m.begin() + static_cast<long>(t * 5 + 5)))
            for (const double u : x) {
                CHECK(u >= 0);
                CHECK(u <= 1);
                CHECK(std::fabs(u * (p - 1) - std::round(u * (p - 1))) < 1e-12);  // on the grid
            }
    }
    CHECK(morris_design(4, 10, p, 7) == m);  // the seed fixes the design
    CHECK(morris_design(4, 10, p, 8) != m);
}

TEST_CASE("the same inputs give the same indices and intervals, and a constant output gives none") {
    Options o;
    o.base_samples = 256;
    o.bootstrap = 100;
    const auto a = analyse(cube(3, -kPi, kPi), o, scalar(ishigami));
    const auto b = analyse(cube(3, -kPi, kPi), o, scalar(ishigami));
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(a.sobol->first[0][i].low == b.sobol->first[0][i].low);
        CHECK(a.sobol->total[0][i].high == b.sobol->total[0][i].high);
    }
    const auto flat = analyse(cube(2, 0, 1), o, [](const std::string&, const std::vector<std::vector<double>>& pts) {
        return std::vector<std::vector<double>>(pts.size(), std::vector<double>{4.0});
    });
    CHECK(flat.sobol->variance[0] == 0);
    CHECK(std::isnan(flat.sobol->first[0][0].value));
}

TEST_CASE("options that cannot work are refused") {
    Options o;
    CHECK_THROWS_AS(analyse({}, o, scalar(ishigami)), std::invalid_argument);
    CHECK_THROWS_AS(analyse({{"x", 1, 1, 1}}, o, scalar(ishigami)), std::invalid_argument);
    o.method = Method::morris;
    o.levels = 5;
    CHECK_THROWS_AS(analyse(cube(3, 0, 1), o, scalar(ishigami)), std::invalid_argument);
    o.levels = 4;
    const Evaluate ragged = [](const std::string&, const std::vector<std::vector<double>>& pts) {
        std::vector<std::vector<double>> y(pts.size(), std::vector<double>{1.0});
        y.back().push_back(2.0);
        return y;
    };
    CHECK_THROWS_AS(analyse(cube(3, 0, 1), o, ragged), std::invalid_argument);
}

TEST_CASE("an output far from zero (a share of 48%) gets the same indices and narrow first-order intervals") {
    Options o;
    o.base_samples = 4096;
    o.bootstrap = 300;
    const auto known = ishigami_indices();
    const auto r = analyse(cube(3, -kPi, kPi), o, [](const std::string&, const std::vector<std::vector<double>>& pts) {
        std::vector<std::vector<double>> y;
        for (const auto& x : pts) y.push_back({1000 + ishigami(x)});
        return y;
    });
    for (std::size_t i = 0; i < 3; ++i) {
        check_within(r.sobol->first[0][i], known.first[i], 0.03);
        check_within(r.sobol->total[0][i], known.total[i], 0.03);
    }
}

TEST_CASE("a factor with a prior's quantile is sampled at quantile(u): the designs' points follow the prior") {
    // u -> u² on [0, 1]: the mean of the values is 1/3, where the uniform's is 1/2
    Factor skewed{"skewed", 0, 1, 0.5, [](double u) { return u * u; }};
    Factor flat{"flat", 0, 1, 0.5};
    CHECK(skewed.value(0.5) == 0.25);
    CHECK(flat.value(0.5) == 0.5);
    Options o;
    o.method = Method::sobol;
    o.base_samples = 1024;
    o.bootstrap = 0;
    const auto r = analyse({skewed, flat}, o, [](const std::string&, const std::vector<std::vector<double>>& points) {
        std::vector<std::vector<double>> y;
        for (const auto& p : points) y.push_back({p[0] + p[1]});
        return y;
    });
    REQUIRE(r.sobol);
    double sum_skewed = 0, sum_flat = 0;
    for (const auto& p : r.sobol->points) {
        CHECK(p[0] >= 0);
        CHECK(p[0] <= 1);
        sum_skewed += p[0];
        sum_flat += p[1];
    }
    const double n = static_cast<double>(r.sobol->points.size());
    CHECK(sum_skewed / n == Approx(1.0 / 3).margin(0.01));
    CHECK(sum_flat / n == Approx(0.5).margin(0.01));
}
