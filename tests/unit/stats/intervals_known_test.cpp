// The two intervals on cases with a known answer (docs/uncertainty.md):
//   (a) parameter spread without chance: each replicate's value is a deterministic function of its
//       parameter draw, so the Monte Carlo interval shrinks towards the mean while the uncertainty
//       interval converges to the prior's 2.5 and 97.5 percentiles mapped through the function;
//   (b) chance without parameter spread: the uncertainty interval is the spread of the replicates
//       (for normal noise, mean ± 1.96 SD) and the Monte Carlo interval shrinks like 1/sqrt(n).
// The draws come through the code path of a run: scenario::replicate_params with priors on.
#include "model/schema.hpp"
#include "rng/stream.hpp"
#include "scenario/scenario.hpp"
#include "stats/compare.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace pathways;

namespace {

scenario::Scenario with_priors() {
    scenario::Scenario s;
    s.params = model::default_params();
    s.priors = true;
    return s;
}

// The standard error of the sample q-quantile of n draws with density f at the quantile.
double quantile_se(double q, int n, double density) { return std::sqrt(q * (1 - q) / n) / density; }

}  // namespace

TEST_CASE("(a) parameter spread, no chance: the uncertainty interval is the prior's quantiles, mapped") {
    const auto s = with_priors();
    const auto& prior = model::find_prior_dimension("preschool.reach")->prior;  // U(0.69, 0.77)
    const int n = 4000;
    std::vector<double> reach, reached, policy, baseline;
    for (int r = 0; r < n; ++r) {
        const auto p = scenario::replicate_params(s, 11, r);
        reach.push_back(p.preschool.reach);
        // a quantity that is deterministic given the parameter: target children reached out of 600 (%)
        reached.push_back(100.0 * p.preschool.reach);
        // a paired difference: a policy that sets reach to 95% against the drawn baseline (pp)
        policy.push_back(95.0);
        baseline.push_back(100.0 * p.preschool.reach);
    }
    const double lo = 100 * prior.quantile(0.025), hi = 100 * prior.quantile(0.975);  // 69.2 and 76.8
    CHECK(lo == Approx(69.2));
    CHECK(hi == Approx(76.8));
    const double se = quantile_se(0.025, n, 1.0 / 8.0);  // the uniform density over 8 pp
    const auto ui = stats::uncertainty_interval95(reached);
    CHECK(std::abs(ui.low - lo) < 4 * se);
    CHECK(std::abs(ui.high - hi) < 4 * se);
    const auto dui = stats::paired_uncertainty_interval95(policy, baseline);
    CHECK(std::abs(dui.low - (95 - hi)) < 4 * se);
    CHECK(std::abs(dui.high - (95 - lo)) < 4 * se);
    // the Monte Carlo interval is about the mean (73) and far narrower than the spread of worlds
    const auto mc = stats::interval95(reached);
    CHECK(std::abs(mc.mean - 73.0) < 4 * mc.sd / std::sqrt(double(n)));
    CHECK(mc.half_width() < 0.1);
    CHECK(ui.high - ui.low > 7.0);

    // a triangular prior through a nonlinear map: VE effect T(0, 0.05, 0.20) squared (monotone on [0, 0.2])
    const auto& tri = model::find_prior_dimension("preschool.effect")->prior;
    std::vector<double> sq;
    for (int r = 0; r < n; ++r) {
        const double e = scenario::replicate_params(s, 11, r).preschool.effect;
        sq.push_back(1000 * e * e);
    }
    const auto t = stats::uncertainty_interval95(sq);
    const double tlo = 1000 * std::pow(tri.quantile(0.025), 2), thi = 1000 * std::pow(tri.quantile(0.975), 2);
    // density of 1000 e^2 at the quantile: f_e(e) / (2000 e)
    auto f_e = [](double e) { return e < 0.05 ? 2 * e / (0.2 * 0.05) : 2 * (0.2 - e) / (0.2 * 0.15); };
    const double e_lo = tri.quantile(0.025), e_hi = tri.quantile(0.975);
    CHECK(std::abs(t.low - tlo) < 4 * quantile_se(0.025, n, f_e(e_lo) / (2000 * e_lo)));
    CHECK(std::abs(t.high - thi) < 4 * quantile_se(0.975, n, f_e(e_hi) / (2000 * e_hi)));
}

TEST_CASE("(b) chance, no parameter spread: the uncertainty interval is the replicates' spread, and Monte Carlo shrinks as 1/sqrt(n)") {
    scenario::Scenario s;  // priors off, no ranges: every replicate has the same parameters
    s.params = model::default_params();
    CHECK(scenario::replicate_draws(s, 3, 0).empty());
    CHECK(scenario::replicate_params(s, 3, 5).preschool.reach == s.params.preschool.reach);
    // per-replicate values: 40% plus normal noise of SD 2 pp from each replicate's own stream
    auto values = [](int n) {
        std::vector<double> v;
        for (int r = 0; r < n; ++r) {
            rng::Stream st(rng::StreamKey{99, static_cast<std::uint32_t>(r)}, 0, 0, 0, rng::Purpose::parameter);
            v.push_back(40.0 + 2.0 * st.normal());
        }
        return v;
    };
    const auto v = values(4000);
    const auto ui = stats::uncertainty_interval95(v);
    const double density = std::exp(-0.5 * 1.959964 * 1.959964) / std::sqrt(2 * M_PI) / 2.0;
    const double se = quantile_se(0.025, 4000, density);
    CHECK(std::abs(ui.low - (40 - 1.959964 * 2)) < 4 * se);
    CHECK(std::abs(ui.high - (40 + 1.959964 * 2)) < 4 * se);
    // Monte Carlo half-width: t · SD / sqrt(n); four times the replicates halve it (SDs agree to a few %)
    const auto a = stats::interval95(values(100)), b = stats::interval95(values(400)), c = stats::interval95(values(1600));
    CHECK(a.half_width() / b.half_width() == Approx(2.0).epsilon(0.25));  // 3 SE of the SD ratio (about 8%)
    CHECK(b.half_width() / c.half_width() == Approx(2.0).epsilon(0.12));
    CHECK(c.half_width() == Approx(1.96 * 2 / 40.0).epsilon(0.08));
    // while the uncertainty interval of 400 replicates is as wide as that of 4000 (it does not shrink)
    const auto ui400 = stats::uncertainty_interval95(values(400));
    CHECK((ui400.high - ui400.low) == Approx(ui.high - ui.low).epsilon(0.15));  // 3 SE of the width at n = 400
}
