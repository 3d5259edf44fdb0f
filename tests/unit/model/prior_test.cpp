// Priors: every shape's quantile against Boost.Math's distributions and closed forms, truncation,
// every prior of the schema valid and inside its parameter's range, and the array targets keep
// what the model needs (shares sum to one).
#include "model/prior.hpp"
#include "model/schema.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <set>

using namespace pathways::model;

TEST_CASE("each prior shape's quantile is its inverse distribution function, truncated to its bounds") {
    SECTION("uniform and log-uniform: closed forms") {
        const Prior u = uniform_prior(0.69, 0.77);
        CHECK(u.quantile(0) == Approx(0.69));
        CHECK(u.quantile(0.5) == Approx(0.73));
        CHECK(u.quantile(1) == Approx(0.77));
        const Prior lu = loguniform_prior(25, 100);
        CHECK(lu.quantile(0.5) == Approx(50));  // the geometric mean
        CHECK(lu.quantile(0) == Approx(25));
        CHECK(lu.quantile(1) == Approx(100));
    }
    SECTION("triangular T(0, 0.05, 0.20): F(mode) = 0.25, F(x) = x^2 / (0.2 * 0.05) below the mode") {
        const Prior t = triangular_prior(0, 0.05, 0.20);
        CHECK(t.quantile(0.25) == Approx(0.05));
        CHECK(t.quantile(0.01) == Approx(std::sqrt(0.01 * 0.2 * 0.05)));
        CHECK(t.quantile(1 - 0.01) == Approx(0.20 - std::sqrt(0.01 * 0.2 * 0.15)));
        CHECK(t.mean() == Approx((0 + 0.05 + 0.20) / 3).epsilon(1e-4));
    }
    SECTION("normal: untruncated inside wide bounds, and truncated to [mean, inf) gives the half-normal") {
        const Prior n = normal_prior(0.1, 0.05, -10, 10);
        CHECK(n.quantile(0.975) == Approx(0.1 + 0.05 * 1.959963985).epsilon(1e-9));
        const Prior half = normal_prior(0, 1, 0, 50);
        // P(X <= x | X >= 0) = 2 Phi(x) - 1 = 0.5 at x = Phi^-1(0.75)
        CHECK(half.quantile(0.5) == Approx(boost::math::quantile(boost::math::normal_distribution<double>(0, 1), 0.75)));
        CHECK(half.quantile(0) == 0.0);
    }
    SECTION("beta scaled to [lower, upper]") {
        const Prior b = beta_prior(2, 5, 0.1, 0.5);
        const double q = boost::math::quantile(boost::math::beta_distribution<double>(2, 5), 0.3);
        CHECK(b.quantile(0.3) == Approx(0.1 + 0.4 * q));
        CHECK(b.quantile(0) == Approx(0.1));
        CHECK(b.quantile(1) == Approx(0.5));
    }
    SECTION("lognormal: the median is exp(mu) inside wide bounds; truncation moves it") {
        const Prior l = lognormal_prior(std::log(0.4), 0.5, 0.01, 100);
        CHECK(l.quantile(0.5) == Approx(0.4).epsilon(1e-6));
        const Prior t = lognormal_prior(std::log(0.4), 0.5, 0.4, 100);  // truncated at the median
        CHECK(t.quantile(0) == Approx(0.4));
        CHECK(t.quantile(0.5) == Approx(0.4 * std::exp(0.5 * 0.6744897502)).epsilon(1e-6));  // the old 75th percentile
    }
    SECTION("gamma") {
        const Prior g = gamma_prior(8, 1.0 / 8, 0, 5);
        CHECK(g.quantile(0.3) == Approx(boost::math::quantile(boost::math::gamma_distribution<double>(8, 1.0 / 8), 0.3)));
        CHECK(g.mean() == Approx(1).epsilon(1e-3));
    }
    SECTION("invalid priors are refused") {
        CHECK_FALSE(uniform_prior(1, 0).problem().empty());
        CHECK_FALSE(normal_prior(0, -1, -1, 1).problem().empty());
        CHECK_FALSE(loguniform_prior(0, 1).problem().empty());
        CHECK_THROWS_AS(triangular_prior(0, 2, 1).quantile(0.5), std::invalid_argument);
    }
}

TEST_CASE("every prior of the schema is valid, uniquely named and keeps its parameter inside the schema range") {
    std::set<std::string> names;
    int dims = 0;
    for (const auto& spec : schema()) {
        for (const auto& d : spec.priors) {
            INFO(d.name);
            ++dims;
            CHECK(names.insert(d.name).second);
            CHECK(d.key == spec.key);
            CHECK(d.prior.problem().empty());
            CHECK((spec.kind == ParamKind::number || spec.kind == ParamKind::integer || spec.kind == ParamKind::number_list));
            if (spec.kind == ParamKind::number_list) {
                CHECK(d.target != PriorTarget::value);
                CHECK(d.element < std::get<std::vector<double>>(spec.default_value).size());
            } else {
                CHECK(d.target == PriorTarget::value);
            }
            for (const auto& b : prior_value_bounds(spec, d)) {
                CHECK(b.low >= spec.min);
                CHECK(b.high <= spec.max);
            }
            // the extreme draws, applied to the defaults, still pass the cross-field checks
            for (const double u : {0.0, 0.5, 1.0}) {
                Params p = default_params();
                apply_prior(p, d, d.prior.quantile(u));
                CHECK_FALSE(check_consistency(p).has_value());
            }
        }
        // an assumption has a prior, or says why not
        if (spec.assumption && spec.key.rfind("projection.", 0) != 0) {
            INFO(spec.key);
            CHECK((!spec.priors.empty() || !spec.prior_note.empty()));
        }
    }
    CHECK(dims == static_cast<int>(prior_dimensions().size()));
    CHECK(dims > 100);
    CHECK(find_prior_dimension("selection.teacher_bias_by_parent_edu[1]") != nullptr);
    CHECK(find_prior_dimension("secondary.track_growth:scale") != nullptr);
    // run settings, scenario inputs and the projection's inputs have no prior
    for (const char* key : {"population.cohort_size", "population.first_birth_year", "population.district_names",
                            "selection.test_regime", "interventions.havokans_share", "interventions.shock_year",
                            "projection.births_growth"}) {
        INFO(key);
        CHECK(find_param(key)->priors.empty());
    }
}

TEST_CASE("array priors: elements, a multiplier on the whole array, shares that keep their sum") {
    Params p = default_params();
    apply_prior(p, *find_prior_dimension("selection.teacher_bias_by_parent_edu[1]"), -0.2);
    CHECK(p.selection.teacher_bias_by_parent_edu[0] == -0.2);
    CHECK(p.selection.teacher_bias_by_parent_edu[1] == 0.0);  // the middle group is the reference, not drawn
    apply_prior(p, *find_prior_dimension("secondary.track_growth:scale"), 0.5);
    CHECK(p.secondary.track_growth[0] == Approx(-0.03));
    CHECK(p.secondary.track_growth[5] == Approx(0.02));
    apply_prior(p, *find_prior_dimension("secondary.track_growth:scale"), 2.0);  // relative to the default, not compounded
    CHECK(p.secondary.track_growth[5] == Approx(0.08));
    apply_prior(p, *find_prior_dimension("population.parent_edu_if_low_ses[1]:share"), 0.50);
    const auto& pe = p.population.parent_edu_if_low_ses;
    CHECK(pe[0] == 0.50);
    CHECK(pe[1] / pe[2] == Approx(0.40 / 0.15));  // the others keep their proportions
    CHECK(pe[0] + pe[1] + pe[2] == Approx(1));
    for (std::size_t i = 1; i <= 10; ++i)
        apply_prior(p, *find_prior_dimension("population.district_birth_share[" + std::to_string(i) + "]:weight"),
                    i == 9 ? 1.5 : 1.0);
    const auto& b = p.population.district_birth_share;
    CHECK(std::accumulate(b.begin(), b.end(), 0.0) == Approx(1));
    CHECK(b[8] == Approx(0.20 * 1.5 / (1 + 0.20 * 0.5)));  // Leidsche Rijn's weight 1.5, renormalised
    // an integer parameter rounds: U(3.5, 8.5) gives 4..8 with equal chances
    apply_prior(p, *find_prior_dimension("primary.choice_set"), 3.5);
    CHECK(p.primary.choice_set == 4);
    apply_prior(p, *find_prior_dimension("primary.choice_set"), 8.5);
    CHECK(p.primary.choice_set == 8);
}
