#include "model/norms.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>

namespace pathways::model {

double normal_quantile(double p) { return boost::math::quantile(boost::math::normal_distribution<double>{}, p); }

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
    n.teacher_score_sd = std::sqrt((1 - w) * (1 - w) + w * w + 2 * w * (1 - w) * corr + sd_t * sd_t);

    const auto& s = p.selection.advice_shares;
    double cum = 0;
    std::array<double, 9> cumulative{};
    for (std::size_t k = 0; k < 9; ++k) cumulative[k] = (cum += s[k]);
    const double total = cumulative[8];
    for (std::size_t k = 0; k < 8; ++k) n.double_cuts[k] = normal_quantile(cumulative[k] / total);
    for (std::size_t j = 0; j < 4; ++j)
        n.single_cuts[j] = normal_quantile((cumulative[2 * j] + s[2 * j + 1] / 2.0) / total);
    n.pro_cut = normal_quantile(p.selection.pro_share / total);
    n.low_wellbeing_cut = normal_quantile(std::clamp(p.wellbeing.low_share, 1e-9, 1 - 1e-9));
    return n;
}

}  // namespace pathways::model
