// Population (MODEL.md §3.1): who is born where, into which household, with which potential.
#pragma once

#include "model/params.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

namespace pathways::model {

struct Household {
    std::uint8_t district = 0;
    float home_position = 0;
    std::uint8_t low_ses = 0;
    std::uint8_t income_group = 1;  // 0 lowest, 1 middle, 2 highest
    std::uint8_t parent_edu = 1;
    std::uint8_t multilingual = 0;
    float potential = 0;
};

// The cuts between categories: the cumulative shares, summed in order, all but the last
// category's end; f(cut) for each. The shares are at least 0 (the schema's range), so the cuts
// ascend.
template <class Shares, class F>
void for_each_category_cut(const Shares& shares, F&& f) {
    double cum = 0;
    for (std::size_t k = 0; k + 1 < std::size(shares); ++k) f(cum += shares[k]);
}

// The category whose stretch of the cumulative shares holds u (the last one past their end).
// Counted, not searched: the cuts at or below u are the categories before it; the count has none
// of the search's exit, which the children's draws make unpredictable.
template <class Shares>
int draw_category(double u, const Shares& shares) {
    int below = 0;
    for_each_category_cut(shares, [&](double cut) { below += u >= cut; });
    return below;
}

// The household's shift of a child's potential: by parental education and income group.
inline double potential_shift(const PopulationParams& p, int parent_edu, int income_group) {
    return p.potential_mean_by_parent_edu[static_cast<std::size_t>(parent_edu)] +
           (income_group == 0 ? p.potential_low_income_shift : income_group == 2 ? p.potential_high_income_shift : 0.0);
}

// Potential is N(0,1) over the national population: the household shifts explain part of its
// variance and the rest is individual. within_sd is derived from the national mix (see world.cpp).
template <class Rng>
Household draw_household(Rng& rng, const PopulationParams& p, double potential_within_sd,
                         const std::vector<double>& district_shares) {
    Household h;
    h.district = static_cast<std::uint8_t>(draw_category(rng.uniform(), district_shares));
    h.home_position = static_cast<float>(rng.uniform());
    h.low_ses = rng.bernoulli(p.district_low_ses_share[h.district]) ? 1 : 0;
    h.parent_edu = static_cast<std::uint8_t>(
        draw_category(rng.uniform(), h.low_ses ? p.parent_edu_if_low_ses : p.parent_edu_if_not_low_ses));
    const bool high_income = !h.low_ses && rng.bernoulli(p.high_income_share_if_not_low_ses[h.parent_edu]);
    h.income_group = h.low_ses ? 0 : (high_income ? 2 : 1);
    h.multilingual = rng.bernoulli(h.low_ses ? p.multilingual_if_low_ses : p.multilingual_if_not_low_ses) ? 1 : 0;
    h.potential = static_cast<float>(potential_shift(p, h.parent_edu, h.income_group) + potential_within_sd * rng.normal());
    return h;
}

}  // namespace pathways::model
