#include "model/choice_order.hpp"

#include "model/simd.hpp"

#include "model/primary.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

namespace pathways::model {
namespace detail {
namespace {

// ln(x) = e ln 2 + ln(m), m in [sqrt(1/2), sqrt(2)), ln(m) = 2 atanh(s) with s = (m - 1) / (m + 1),
// |s| < 0.1716: the odd series to s^23 leaves a relative truncation error below 1e-17, and
// m - 1 is exact (Sterbenz), so the relative accuracy holds near x = 1 too.
[[gnu::always_inline]] inline double log_of(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    // 32-bit exponent: its conversion to double vectorises without AVX-512's 64-bit one
    double exponent = static_cast<double>(static_cast<std::int32_t>(bits >> 52) - 1023);
    double m = std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);  // [1, 2)
    const bool high = m > 1.4142135623730951;
    m = high ? m * 0.5 : m;
    exponent = high ? exponent + 1.0 : exponent;
    const double f = m - 1.0;
    const double s = f / (m + 1.0), s2 = s * s;
    // Horner over 1/3 + s2/5 + s2^2/7 + ... + s2^10/23
    double series = 1.0 / 23;
    series = 1.0 / 21 + s2 * series;
    series = 1.0 / 19 + s2 * series;
    series = 1.0 / 17 + s2 * series;
    series = 1.0 / 15 + s2 * series;
    series = 1.0 / 13 + s2 * series;
    series = 1.0 / 11 + s2 * series;
    series = 1.0 / 9 + s2 * series;
    series = 1.0 / 7 + s2 * series;
    series = 1.0 / 5 + s2 * series;
    series = 1.0 / 3 + s2 * series;
    const double ln_m = 2.0 * s + 2.0 * s * s2 * series;
    return exponent * 0.69314718055994530942 + ln_m;
}

}  // namespace

double fast_log(double x) { return log_of(x); }

// Many options in one loop: the two logarithms of an option depend on each other, so only
// independent options side by side keep the vector units busy.
[[gnu::always_inline]] inline void fast_utilities_body(const double* base, const double* uniform, std::size_t n, double* utility) {
    for (std::size_t j = 0; j < n; ++j) utility[j] = base[j] + -log_of(-log_of(uniform[j]));
}
void fast_utilities_baseline(const double* base, const double* uniform, std::size_t n, double* utility) {
    fast_utilities_body(base, uniform, n, utility);
}
PATHWAYS_TARGET_V3 void fast_utilities_avx2(const double* base, const double* uniform, std::size_t n, double* utility) {
    fast_utilities_body(base, uniform, n, utility);
}
PATHWAYS_TARGET_V4 void fast_utilities_avx512(const double* base, const double* uniform, std::size_t n, double* utility) {
    fast_utilities_body(base, uniform, n, utility);
}
void fast_utilities(const double* base, const double* uniform, std::size_t n, double* utility) {
    PATHWAYS_SIMD_CALL(fast_utilities, (base, uniform, n, utility));
}

void rank_choice_set_exact(const double* base, const double* uniform, const std::int32_t* school, std::size_t n, std::int32_t* ranked) {
    std::vector<double> utility(n);
    for (std::size_t j = 0; j < n; ++j) utility[j] = base[j] + gumbel_of(uniform[j]);
    // an option's place: the options before it in the order of (-utility, school) pairs
    for (std::size_t a = 0; a < n; ++a) {
        std::size_t place = 0;
        for (std::size_t b = 0; b < n; ++b)
            place += -utility[b] < -utility[a] || (!(-utility[a] < -utility[b]) && school[b] < school[a]);
        ranked[place] = school[a];
    }
}

// The separation test and the places of a group of `count` families at once, their options
// transposed (option j of family f at [j * count + f]): the loops run over the families, which
// are independent, so the compiler puts eight or sixteen of them in a vector register, where one
// family's few options left it comparing one pair at a time. Options past a family's set
// (options[f]) take no part.
[[gnu::always_inline]] inline void order_in_lanes_body(const double* utility, const double* uniform, const std::int32_t* options,
                                                     std::size_t count, std::size_t stride, std::int32_t* before, std::int32_t* separated) {
    const auto in_set = [options](std::size_t f, std::size_t j) { return static_cast<std::int32_t>(static_cast<std::size_t>(options[f]) > j); };
    for (std::size_t f = 0; f < count; ++f) separated[f] = 1;
    for (std::size_t a = 0; a < stride; ++a) {
        const double* const ua = utility + a * count;
        const double* const pa = uniform + a * count;
        for (std::size_t f = 0; f < count; ++f) separated[f] &= (1 - in_set(f, a)) | (pa[f] > 0);
        for (std::size_t b = a + 1; b < stride; ++b) {
            const double* const ub = utility + b * count;
            for (std::size_t f = 0; f < count; ++f)  // b in the set means a is too
                separated[f] &= (1 - in_set(f, b)) | (std::abs(ub[f] - ua[f]) > kChoiceSeparation);
        }
        std::int32_t* const place = before + a * count;
        for (std::size_t f = 0; f < count; ++f) place[f] = 0;
        for (std::size_t b = 0; b < stride; ++b) {
            const double* const ub = utility + b * count;
            for (std::size_t f = 0; f < count; ++f) place[f] += in_set(f, b) & (ub[f] > ua[f]);
        }
    }
}

void order_in_lanes_baseline(const double* utility, const double* uniform, const std::int32_t* options, std::size_t count,
                             std::size_t stride, std::int32_t* before, std::int32_t* separated) {
    order_in_lanes_body(utility, uniform, options, count, stride, before, separated);
}
PATHWAYS_TARGET_V3 void order_in_lanes_avx2(const double* utility, const double* uniform, const std::int32_t* options, std::size_t count,
                                            std::size_t stride, std::int32_t* before, std::int32_t* separated) {
    order_in_lanes_body(utility, uniform, options, count, stride, before, separated);
}
PATHWAYS_TARGET_V4 void order_in_lanes_avx512(const double* utility, const double* uniform, const std::int32_t* options, std::size_t count,
                                              std::size_t stride, std::int32_t* before, std::int32_t* separated) {
    order_in_lanes_body(utility, uniform, options, count, stride, before, separated);
}
void order_in_lanes(const double* utility, const double* uniform, const std::int32_t* options, std::size_t count, std::size_t stride,
                    std::int32_t* before, std::int32_t* separated) {
    PATHWAYS_SIMD_CALL(order_in_lanes, (utility, uniform, options, count, stride, before, separated));
}

}  // namespace detail

void rank_transposed(const double* base, const double* uniform, const std::int32_t* options, std::size_t count, std::size_t stride,
                     std::uint8_t* ranked) {
    thread_local std::vector<double> utility, base_f, uniform_f;
    thread_local std::vector<std::int32_t> before, separated, place_f, exact;
    utility.resize(count * stride);
    before.resize(count * stride);
    separated.resize(count);
    detail::fast_utilities(base, uniform, count * stride, utility.data());
    detail::order_in_lanes(utility.data(), uniform, options, count, stride, before.data(), separated.data());
    for (std::size_t f = 0; f < count; ++f) {
        const std::size_t n = static_cast<std::size_t>(options[f]);
        std::uint8_t* const out = ranked + f * stride;
        if (separated[f]) {
            for (std::size_t a = 0; a < n; ++a) out[before[a * count + f]] = static_cast<std::uint8_t>(a);
            continue;
        }
        base_f.resize(n);
        uniform_f.resize(n);
        place_f.resize(n);
        exact.resize(n);
        for (std::size_t a = 0; a < n; ++a) {
            base_f[a] = base[a * count + f];
            uniform_f[a] = uniform[a * count + f];
            place_f[a] = static_cast<std::int32_t>(a);
        }
        detail::rank_choice_set_exact(base_f.data(), uniform_f.data(), place_f.data(), n, exact.data());
        for (std::size_t p = 0; p < n; ++p) out[p] = static_cast<std::uint8_t>(exact[p]);
    }
}

}  // namespace pathways::model
