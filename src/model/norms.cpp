#include "model/norms.hpp"

#include "model/schema.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>

namespace pathways::model {

double normal_quantile(double p) { return boost::math::quantile(boost::math::normal_distribution<double>{}, p); }

namespace {

// The teacher's bias by parental education over the national mix of parents: its mean, its
// variance and its covariance with potential (parents' education and income shift potential).
struct BiasMoments {
    double mean = 0, variance = 0, covariance_with_potential = 0;
};

BiasMoments teacher_bias_moments(const PopulationParams& pop, const std::array<double, kParentEdu>& bias) {
    double w[kParentEdu] = {}, potential[kParentEdu] = {};  // share of parents; share x mean potential
    for_each_national_household_group(pop, [&](double share, std::size_t e, bool low, double high) {
        w[e] += share;
        potential[e] += share * (pop.potential_mean_by_parent_edu[e] +
                                 (low ? pop.potential_low_income_shift : high * pop.potential_high_income_shift));
    });
    BiasMoments m;
    double mean_potential = 0;
    for (std::size_t e = 0; e < static_cast<std::size_t>(kParentEdu); ++e) {
        m.mean += w[e] * bias[e];
        mean_potential += potential[e];
    }
    for (std::size_t e = 0; e < static_cast<std::size_t>(kParentEdu); ++e) {
        if (w[e] <= 0) continue;
        m.variance += w[e] * (bias[e] - m.mean) * (bias[e] - m.mean);
        m.covariance_with_potential += w[e] * (bias[e] - m.mean) * (potential[e] / w[e] - mean_potential);
    }
    return m;
}

}  // namespace

Norms derive_norms(const Params& p) {
    Norms n;
    const double v = p.primary.deviation_sd * p.primary.deviation_sd;
    n.kappa = 1.0 / std::sqrt(1.0 + v);
    n.achievement_sd = n.kappa * std::sqrt(1.0 + v / 2.0);
    const double c = p.primary.catch_up;
    n.growth_sd = p.primary.deviation_sd * std::sqrt(1.0 - (1.0 - c) * (1.0 - c));
    const double w = p.selection.teacher_potential_weight;
    const double corr = n.kappa / n.achievement_sd;
    const double sd_t = p.selection.teacher_noise_sd;
    // The advice norm was set on the judgements of 2018/19 (A01-A09), which carried the default
    // bias by parental education: its national mean and spread are part of the norm. A scenario
    // that changes the bias moves judgements against this fixed norm, as a change in teachers'
    // practice would, instead of re-norming the advices.
    static const auto reference_bias = default_params().selection.teacher_bias_by_parent_edu;  // the schema's, once
    const BiasMoments b = teacher_bias_moments(p.population, reference_bias);
    n.teacher_bias_mean = b.mean;
    for (std::size_t k = 0; k < 3; ++k) n.choice_shift[k] = reference_bias[k] - b.mean;
    n.teacher_score_sd = std::sqrt((1 - w) * (1 - w) + w * w + 2 * w * (1 - w) * corr + sd_t * sd_t + b.variance +
                                   2 * b.covariance_with_potential * ((1 - w) * corr + w));

    // Fewer double advices (double_advice_scale < 1): each double band narrows around its middle.
    std::array<double, 9> s = p.selection.advice_shares;
    for (std::size_t k = 1; k < 9; k += 2) {
        const double moved = s[k] * (1 - p.selection.double_advice_scale);
        s[k] -= moved;
        s[k - 1] += moved / 2;
        s[k + 1] += moved / 2;
    }
    double cum = 0;
    std::array<double, 9> cumulative{};
    for (std::size_t k = 0; k < 9; ++k) cumulative[k] = (cum += s[k]);
    const double total = cumulative[8];
    for (std::size_t k = 0; k < 8; ++k) n.double_cuts[k] = normal_quantile(cumulative[k] / total);
    for (std::size_t j = 0; j < 4; ++j)
        n.single_cuts[j] = normal_quantile((cumulative[2 * j] + s[2 * j + 1] / 2.0) / total);
    // In order however the quantile function rounds (a no-op for ascending cuts, which shares that
    // cannot be negative give): advice_category and track_of count the cuts below a score.
    for (std::size_t k = 1; k < 8; ++k) n.double_cuts[k] = std::max(n.double_cuts[k], n.double_cuts[k - 1]);
    for (std::size_t j = 1; j < 4; ++j) n.single_cuts[j] = std::max(n.single_cuts[j], n.single_cuts[j - 1]);
    n.pro_cut = normal_quantile(p.selection.pro_share / total);
    n.low_wellbeing_cut = normal_quantile(std::clamp(p.wellbeing.low_share, 1e-9, 1 - 1e-9));
    return n;
}

}  // namespace pathways::model
