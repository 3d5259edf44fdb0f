#include "rng/stream.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using pathways::rng::Purpose;
using pathways::rng::Stream;
using pathways::rng::StreamKey;

TEST_CASE("a stream is a pure function of key, child, birth year, age and purpose") {
    Stream a(StreamKey{42, 3}, 17, 2010, 12, Purpose::teacher_advice);
    Stream b(StreamKey{42, 3}, 17, 2010, 12, Purpose::teacher_advice);
    for (int k = 0; k < 100; ++k) REQUIRE(a() == b());
}

TEST_CASE("streams differ by child, birth year, age, purpose, seed and replicate") {
    const auto first = [](Stream s) { return std::array<std::uint32_t, 4>{s(), s(), s(), s()}; };
    const auto base = first(Stream(StreamKey{1, 0}, 5, 2010, 4, Purpose::exam));
    CHECK(first(Stream(StreamKey{1, 0}, 6, 2010, 4, Purpose::exam)) != base);
    CHECK(first(Stream(StreamKey{1, 0}, 5, 2011, 4, Purpose::exam)) != base);
    CHECK(first(Stream(StreamKey{1, 0}, 5, 2010, 5, Purpose::exam)) != base);
    CHECK(first(Stream(StreamKey{1, 0}, 5, 2010, 4, Purpose::stacking)) != base);
    CHECK(first(Stream(StreamKey{2, 0}, 5, 2010, 4, Purpose::exam)) != base);
    CHECK(first(Stream(StreamKey{1, 1}, 5, 2010, 4, Purpose::exam)) != base);
}

TEST_CASE("uniform and normal draws have the moments of their distributions") {
    // 200,000 draws over many children: the mean's standard error is 0.00065 (uniform) and
    // 0.0022 (normal); tolerances are 4 standard errors.
    constexpr int n = 200000;
    double su = 0, sz = 0, szz = 0;
    for (int i = 0; i < n; ++i) {
        Stream s(StreamKey{7, 0}, static_cast<std::uint32_t>(i), 2000, 1, Purpose::population);
        const double u = s.uniform();
        REQUIRE(u > 0.0);
        REQUIRE(u < 1.0);
        su += u;
        const double z = s.normal();
        sz += z;
        szz += z * z;
    }
    CHECK(std::abs(su / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
    CHECK(std::abs(sz / n) < 4 * std::sqrt(1.0 / n));
    CHECK(std::abs(szz / n - 1.0) < 4 * std::sqrt(2.0 / n));
}
