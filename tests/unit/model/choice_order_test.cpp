// The families' ranking of their choice sets: the fast order is the order std::sort gives the
// exact utilities, near ties and all.
#include "model/choice_order.hpp"
#include "model/primary.hpp"
#include "model/schema.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

using namespace pathways::model;

TEST_CASE("the fast logarithm is within 1e-15 of std::log, relatively, over the choice ranking's range") {
    // uniforms on 32-bit words (the inner logarithm), their -ln in [2.3e-10, 22.2] (the outer),
    // values just below 1, and a log-uniform sweep over 2^-40..2^40
    std::mt19937_64 g(3);
    double worst = 0;
    for (int k = 0; k < 3000000; ++k) {
        double x = 0;
        switch (k % 4) {
            case 0: x = static_cast<double>((g() >> 32) | 1) * 0x1p-32; break;
            case 1: x = -std::log(static_cast<double>((g() >> 32) | 1) * 0x1p-32); break;
            case 2: x = 1.0 - std::ldexp(static_cast<double>(g() >> 11) * 0x1p-53, -static_cast<int>(g() % 45)); break;
            default: x = std::ldexp(1.0 + static_cast<double>(g() >> 11) * 0x1p-53, static_cast<int>(g() % 80) - 40); break;
        }
        if (x == 1.0 || x <= 0) continue;
        worst = std::max(worst, std::abs(detail::fast_log(x) - std::log(x)) / std::abs(std::log(x)));
    }
    CHECK(worst < 1e-15);
}

namespace {

// The order the rule defines: std::sort of (-utility, school) pairs of the exact utilities.
std::vector<std::int32_t> sorted(const double* base, const double* uniform, const std::int32_t* school, std::size_t n) {
    std::vector<std::pair<double, std::int32_t>> options;
    for (std::size_t j = 0; j < n; ++j) options.emplace_back(-(base[j] + gumbel_of(uniform[j])), school[j]);
    std::sort(options.begin(), options.end());
    std::vector<std::int32_t> order;
    for (const auto& o : options) order.push_back(o.second);
    return order;
}

}  // namespace

TEST_CASE("choice sets are ranked as std::sort ranks the exact utilities, near ties and uniforms of 0 included") {
    // Families' options in the schools' order (a family's places), so ties go to the earlier
    // place; ranked group by group of kChoiceGroup families, transposed as World lays them out.
    const Params p = default_params();
    std::mt19937_64 g(17);
    constexpr std::size_t stride = 50, families = 3000;
    std::vector<double> base(families * stride, 0.0), uniform(families * stride, 0.5);
    std::vector<std::int32_t> place(stride), options(families);
    std::vector<std::uint8_t> ranked(families * stride, 0xFF);
    for (std::size_t j = 0; j < stride; ++j) place[j] = static_cast<std::int32_t>(j);
    std::size_t ties = 0;
    for (std::size_t f = 0; f < families; ++f) {
        const std::size_t n = f % 10 == 0 ? 1 + g() % stride : 6;  // the default set, and some of up to 50
        options[f] = static_cast<std::int32_t>(n);
        for (std::size_t j = 0; j < n; ++j) {
            const std::size_t at = f * stride + j;
            uniform[at] = static_cast<double>(g() >> 32) * 0x1p-32;
            base[at] = school_base_utility(p.primary, static_cast<int>(g() % 4), static_cast<double>(g() % 2001) / 500.0 - 2.0,
                                           static_cast<int>(g() % 3));
        }
        if (n >= 2 && f % 7 == 0) {  // an exact tie: the same utility for two schools, settled by place
            base[f * stride + 1] = base[f * stride];
            uniform[f * stride + 1] = uniform[f * stride];
            ++ties;
        }
        if (n >= 3 && f % 11 == 0) {  // a near tie, 1e-12 apart in the base utility
            base[f * stride + 2] = base[f * stride] + 1e-12;
            uniform[f * stride + 2] = uniform[f * stride];
        }
        if (f % 13 == 0) {  // a word of 0: utility -infinity, however high the rest (the fast logarithm has no infinity)
            uniform[f * stride] = 0;
            base[f * stride] += 30;
        }
    }
    REQUIRE(ties > 100);
    std::vector<double> base_t(kChoiceGroup * stride), uniform_t(kChoiceGroup * stride);
    for (std::size_t g0 = 0; g0 < families; g0 += kChoiceGroup) {
        const std::size_t count = std::min(kChoiceGroup, families - g0);
        for (std::size_t f = 0; f < count; ++f)
            for (std::size_t j = 0; j < stride; ++j) {
                base_t[j * count + f] = base[(g0 + f) * stride + j];
                uniform_t[j * count + f] = uniform[(g0 + f) * stride + j];
            }
        rank_transposed(base_t.data(), uniform_t.data(), &options[g0], count, stride, &ranked[g0 * stride]);
    }
    std::size_t wrong = 0;
    for (std::size_t f = 0; f < families; ++f) {
        const std::size_t at = f * stride, n = static_cast<std::size_t>(options[f]);
        const auto expected = sorted(&base[at], &uniform[at], place.data(), n);
        if (!std::equal(expected.begin(), expected.end(), ranked.begin() + static_cast<std::ptrdiff_t>(at))) ++wrong;
    }
    CHECK(wrong == 0);
}
