// The order in which families rank their choice sets (MODEL.md §3.4, docs/model.md 7.6): by
// descending utility, ties by school index, as std::sort of (-utility, school) pairs gives it,
// the utility being school_base_utility + gumbel_of(uniform) (primary.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pathways::model {

// Utilities closer than this are ordered with the exact logarithm. The fast logarithm's relative
// error is below 1e-15 (a unit test checks it against std::log over its range of use), so a fast
// utility, base + -ln(-ln u) with |ln(-ln u)| < 23, is within 1e-13 of the exact one.
inline constexpr double kChoiceSeparation = 1e-9;

// The choice sets of a group of at most kChoiceGroup families, their options transposed (option
// j of family f at [j * count + f] of base and uniform, in the schools' order; the places past a
// family's set, options[f], take any valid uniform; a set has at most 50 places, the schema's
// bound on primary.choice_set, so a place fits a byte): ranked[f * stride + place] receives the
// option (its place in the set) ranked there, ties going to the earlier option, which is
// the lower school. Only the order matters, so the Gumbel terms are first worked out with a
// fast logarithm, for all the group's options in one vectorised pass; when every two utilities
// of a family are further apart than kChoiceSeparation, the order is the exact utilities'
// order. Otherwise (a near tie: the difference of two Gumbel terms has a density of at most
// 1/4, so with six options about one family in 10^8; or a uniform of 0) the family's order
// comes from the exact utilities (std::log). World::settle_school_choice lays its families out
// so, without a copy.
inline constexpr std::size_t kChoiceGroup = 64;
void rank_transposed(const double* base, const double* uniform, const std::int32_t* options, std::size_t count, std::size_t stride,
                     std::uint8_t* ranked);

namespace detail {
// ln(x) for positive normal x, with a relative error below 1e-15.
double fast_log(double x);
// One family's order from the exact utilities.
void rank_choice_set_exact(const double* base, const double* uniform, const std::int32_t* school, std::size_t n, std::int32_t* ranked);
// base[j] + gumbel_of(uniform[j]) for j < n, with the fast logarithm.
void fast_utilities(const double* base, const double* uniform, std::size_t n, double* utility);
// For `count` families with their options transposed (option j of family f at [j * count + f]):
// separated[f] whether its utilities are pairwise further apart than kChoiceSeparation with no
// uniform of 0, and before[j * count + f] how many of its options have a higher utility than j.
void order_in_lanes(const double* utility, const double* uniform, const std::int32_t* options, std::size_t count, std::size_t stride,
                    std::int32_t* before, std::int32_t* separated);
}  // namespace detail

}  // namespace pathways::model
