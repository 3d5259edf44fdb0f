#include "rng/philox_batch.hpp"
#include "rng/stream.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

using pathways::rng::Purpose;
using pathways::rng::Stream;
using pathways::rng::StreamKey;
using pathways::rng::YearDraws;

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

TEST_CASE("the batched Philox gives Random123's Philox4x32-10 blocks, in every instruction-set version") {
    using pathways::rng::philox4x32_batch;
    constexpr std::size_t n = 203;  // not a multiple of the batch's lanes
    std::vector<std::uint32_t> c[4], o[4];
    for (auto& v : c) v.resize(n);
    for (auto& v : o) v.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
        c[0][j] = static_cast<std::uint32_t>(j * 2654435761u);
        c[1][j] = 2000 + static_cast<std::uint32_t>(j % 7);
        c[2][j] = static_cast<std::uint32_t>((j % 19) << 16);
        c[3][j] = static_cast<std::uint32_t>(j & 1);
    }
    const std::uint32_t* const ctr[4] = {c[0].data(), c[1].data(), c[2].data(), c[3].data()};
    std::uint32_t* const out[4] = {o[0].data(), o[1].data(), o[2].data(), o[3].data()};
    const StreamKey key{0x123456789abcdefull, 5};
    // the version this machine picks, every version it can run, and the shared arithmetic
    // compiled for the baseline instruction set (this test file), as a machine without AVX2
    // would run it
    namespace d = pathways::rng::detail;
    std::vector<void (*)(StreamKey, std::size_t, const std::uint32_t* const*, std::uint32_t* const*)> versions = {
        philox4x32_batch, d::philox4x32_portable,
        [](StreamKey k, std::size_t m, const std::uint32_t* const* cs, std::uint32_t* const* os) { d::philox4x32_lanes(k, m, cs, os); }};
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) versions.push_back(d::philox4x32_avx2);
    if (__builtin_cpu_supports("avx512f")) versions.push_back(d::philox4x32_avx512);
#endif
    INFO("this machine's philox4x32_batch: version " << static_cast<int>(d::philox_version()));
    for (const auto version : versions) {
        for (auto& v : o) std::fill(v.begin(), v.end(), 0u);
        version(key, n, ctr, out);
        for (std::size_t j = 0; j < n; ++j) {
            const Stream::Philox::ctr_type cj = {{c[0][j], c[1][j], c[2][j], c[3][j]}};
            const auto block = Stream::Philox{}(cj, Stream::philox_key(key));
            for (std::size_t w = 0; w < 4; ++w) REQUIRE(o[w][j] == block.v[w]);
        }
    }
}

TEST_CASE("a year's slot streams start with the year's words at their slot and go on with their own stream") {
    const StreamKey key{9, 2};
    YearDraws year(key, 31, 2012, 14);
    auto s = year.stream(Purpose::track_move);  // words 5-6
    const Stream::Philox::ctr_type ctr1 = {{31, 2012, (14u << 16) | static_cast<std::uint32_t>(Purpose::year), 1}};
    const auto block1 = Stream::Philox{}(ctr1, Stream::philox_key(key));
    CHECK(s() == block1.v[1]);
    CHECK(s() == block1.v[2]);
    Stream own(key, 31, 2012, 14, Purpose::track_move);  // after the slot: the purpose's own counter
    for (int k = 0; k < 9; ++k) REQUIRE(s() == own());
}

TEST_CASE("year blocks made in a batch and made on demand give the same draws") {
    const StreamKey key{4, 0};
    std::uint32_t words[8];
    for (std::uint32_t b = 0; b < 2; ++b) {
        const Stream::Philox::ctr_type ctr = {{77, 2015, (9u << 16) | static_cast<std::uint32_t>(Purpose::year), b}};
        const auto block = Stream::Philox{}(ctr, Stream::philox_key(key));
        for (std::size_t w = 0; w < 4; ++w) words[4 * b + w] = block.v[w];
    }
    for (const Purpose p : {Purpose::wellbeing, Purpose::primary_growth, Purpose::early_leaving, Purpose::track_move,
                            Purpose::secondary_retention, Purpose::exam}) {
        YearDraws lazy(key, 77, 2015, 9), made(Stream::philox_key(key), 77, 2015, 9, words);
        auto a = lazy.stream(p);
        auto b = made.stream(p);
        for (int k = 0; k < 12; ++k) REQUIRE(a() == b());
    }
}

TEST_CASE("both year blocks of many children made at once are Random123's blocks with block words 0 and 1") {
    const StreamKey key{0xfedcba9876543210ull, 4};
    namespace d = pathways::rng::detail;
    std::vector<void (*)(StreamKey, std::size_t, const std::uint32_t* const*, std::uint32_t* const*)> versions = {
        pathways::rng::philox4x32_year_pairs, d::philox4x32_year_pairs_batch};
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f")) versions.push_back(d::philox4x32_year_pairs_avx512);
#endif
    for (const std::size_t n : {std::size_t{1}, std::size_t{15}, std::size_t{16}, std::size_t{17}, std::size_t{300}, std::size_t{512}}) {
        std::vector<std::uint32_t> c[3], o[4];
        for (auto& v : c) v.resize(n);
        for (auto& v : o) v.resize(2 * n);
        for (std::size_t j = 0; j < n; ++j) {
            c[0][j] = static_cast<std::uint32_t>(j * 2654435761u);
            c[1][j] = 2000 + static_cast<std::uint32_t>(j % 7);
            c[2][j] = static_cast<std::uint32_t>((j % 19) << 16);
        }
        const std::uint32_t* const ctr[3] = {c[0].data(), c[1].data(), c[2].data()};
        std::uint32_t* const out[4] = {o[0].data(), o[1].data(), o[2].data(), o[3].data()};
        for (const auto version : versions) {
            for (auto& v : o) std::fill(v.begin(), v.end(), 0u);
            version(key, n, ctr, out);
            for (std::size_t j = 0; j < n; ++j)
                for (std::uint32_t block = 0; block < 2; ++block) {
                    const Stream::Philox::ctr_type cj = {{c[0][j], c[1][j], c[2][j], block}};
                    const auto expected = Stream::Philox{}(cj, Stream::philox_key(key));
                    for (std::size_t w = 0; w < 4; ++w) REQUIRE(o[w][block * n + j] == expected.v[w]);
                }
        }
    }
}

TEST_CASE("a batch's children queued all at once get the year words of their own YearDraws") {
    const StreamKey key{12, 3};
    constexpr std::size_t m = 300;
    std::vector<std::uint32_t> child(m);
    std::vector<std::uint16_t> born(m);
    for (std::size_t j = 0; j < m; ++j) {
        child[j] = static_cast<std::uint32_t>(1000 + 7 * j);
        born[j] = static_cast<std::uint16_t>(2010 + j % 3);  // three cohorts: three ages in one batch
    }
    pathways::rng::YearBlockBatch one_by_one, all_at_once;
    all_at_once.add(5, 2011, 12);  // after a child queued alone
    all_at_once.add_all(child.data(), born.data(), 2024, m);
    one_by_one.add(5, 2011, 12);
    for (std::size_t j = 0; j < m; ++j) REQUIRE(one_by_one.add(child[j], born[j], 2024u - born[j]) == j + 1);
    REQUIRE(all_at_once.size() == m + 1);
    one_by_one.make(key);
    all_at_once.make(key);
    for (std::size_t at = 0; at <= m; ++at) {
        std::uint32_t a[8], b[8];
        one_by_one.words(at, a);
        all_at_once.words(at, b);
        for (std::size_t k = 0; k < 8; ++k) REQUIRE(a[k] == b[k]);
    }
    // and they are the child's year blocks (counter (child, birth year, age << 16 | year, block))
    YearDraws draws(key, child[17], born[17], 2024u - born[17]);
    std::uint32_t w[8];
    all_at_once.words(18, w);
    auto s = draws.stream(Purpose::wellbeing);
    CHECK(s() == w[0]);
    CHECK(s() == w[1]);
}

TEST_CASE("a stream given its first block made in a batch draws the words of the stream made on demand") {
    const StreamKey key{77, 2};
    const auto philox_key = Stream::philox_key(key);
    std::vector<std::uint32_t> c[4], o[4];
    constexpr std::uint32_t n = 300;
    for (std::uint32_t child = 0; child < n; ++child) {
        const auto ctr = Stream::counter(child, 2011, 11, Purpose::teacher_advice, 0);
        for (std::size_t w = 0; w < 4; ++w) c[w].push_back(ctr.v[w]);
    }
    for (auto& v : o) v.resize(n);
    const std::uint32_t* const ctr[4] = {c[0].data(), c[1].data(), c[2].data(), c[3].data()};
    std::uint32_t* const out[4] = {o[0].data(), o[1].data(), o[2].data(), o[3].data()};
    pathways::rng::philox4x32_batch(key, n, ctr, out);
    for (std::uint32_t child = 0; child < n; ++child) {
        Stream plain(key, child, 2011, 11, Purpose::teacher_advice);
        Stream premade(philox_key, child, 2011, 11, Purpose::teacher_advice, {{o[0][child], o[1][child], o[2][child], o[3][child]}});
        for (int k = 0; k < 10; ++k) REQUIRE(plain() == premade());  // past the premade block, into blocks 1 and 2
    }
}

TEST_CASE("a purpose without a slot draws its own stream from its first word") {
    const StreamKey key{6, 1};
    YearDraws year(key, 12, 2011, 16);
    auto s = year.stream(Purpose::exam);
    Stream own(key, 12, 2011, 16, Purpose::exam);
    for (int k = 0; k < 9; ++k) REQUIRE(s() == own());
}

TEST_CASE("two decisions may not take the same slot of one year") {
    YearDraws year(StreamKey{1, 0}, 3, 2010, 6);
    year.stream(Purpose::primary_retention);
    CHECK_THROWS_AS(year.stream(Purpose::early_leaving), std::logic_error);
    CHECK_THROWS_AS(year.stream(Purpose::primary_retention), std::logic_error);
    CHECK_NOTHROW(year.stream(Purpose::wellbeing));
    CHECK_NOTHROW(year.stream(Purpose::exam));  // no slot: its own stream, as often as asked
    CHECK_NOTHROW(year.stream(Purpose::exam));
}

TEST_CASE("no two slots of the year overlap unless their purposes exclude each other") {
    using pathways::rng::year_slot;
    // The pairs that share words by design (one year never needs both); every other pair must not.
    const auto shares_by_design = [](Purpose a, Purpose b) {
        const auto pair = [&](Purpose x, Purpose y) { return (a == x && b == y) || (a == y && b == x); };
        return pair(Purpose::primary_growth, Purpose::secondary_growth) ||
               pair(Purpose::primary_retention, Purpose::early_leaving);
    };
    for (std::uint16_t a = 0; a <= 26; ++a)
        for (std::uint16_t b = a + 1; b <= 26; ++b) {
            const auto sa = year_slot(static_cast<Purpose>(a)), sb = year_slot(static_cast<Purpose>(b));
            if (sa.count == 0 || sb.count == 0) continue;
            const bool overlap = sa.first < sb.first + sb.count && sb.first < sa.first + sa.count;
            INFO("purposes " << a << " and " << b);
            CHECK(overlap == shares_by_design(static_cast<Purpose>(a), static_cast<Purpose>(b)));
            CHECK(sa.first + sa.count <= 8);
        }
}

namespace {
// An engine that hands out given words, then a fixed filler, counting what it handed out.
struct ScriptedWords {
    using result_type = std::uint32_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return 0xFFFFFFFFu; }
    std::uint32_t first, filler;
    int taken = 0;
    result_type operator()() { return taken++ == 0 ? first : filler + static_cast<std::uint32_t>(taken) * 0x9E3779B9u; }
};
}  // namespace

TEST_CASE("a word's uniform is Boost's uniform_01<double> on that word") {
    for (const std::uint32_t word : {0u, 1u, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu, 2654435761u}) {
        ScriptedWords eng{word, 0u};
        REQUIRE(pathways::rng::uniform_of_word(word) == boost::random::uniform_01<double>{}(eng));
        REQUIRE(eng.taken == 1);
    }
}

TEST_CASE("the inline first-word normal is Boost's normal_distribution<float> whenever it accepts the word") {
    using pathways::rng::detail::normal_first_word;
    // Every layer and sign (the low byte) with 2^14 positions each, spread over the 24 upper bits
    // and including both ends: 4.2 million words.
    std::size_t accepted = 0, total = 0;
    for (std::uint32_t low = 0; low < 256; ++low)
        for (std::uint32_t k = 0; k < (1u << 14); ++k) {
            const std::uint32_t high = k == (1u << 14) - 1 ? 0xFFFFFFu : k * 1024u + (k * 37u) % 1024u;
            const std::uint32_t word = high << 8 | low;
            ScriptedWords eng{word, 12345u};
            const float boost_z = boost::random::normal_distribution<float>{}(eng);
            float z = 0;
            const bool fast = normal_first_word(word, z);
            ++total;
            if (fast) {
                ++accepted;
                REQUIRE(eng.taken == 1);  // Boost too needed this word only
                REQUIRE(std::memcmp(&z, &boost_z, sizeof z) == 0);  // the same bits, signed zeros included
            } else {
                REQUIRE(eng.taken > 1);  // Boost went on past the word: the caller must hand it to Boost
            }
        }
    // Boost's 128-layer ziggurat accepts about 98.8% of first words; the test must exercise both paths.
    CHECK(accepted > total * 97 / 100);
    CHECK(accepted < total);
}

TEST_CASE("the batched first-word normals are the inline one's, in every instruction-set version") {
    namespace d = pathways::rng::detail;
    using d::normal_first_word;
    // The 4.2 million words of the test above, and for every layer and sign the 4,096 words around
    // the position where the layer stops accepting (acceptance falls with the position, so a
    // binary search finds it): where a float comparison could part from the double one.
    std::vector<std::uint32_t> words;
    for (std::uint32_t low = 0; low < 256; ++low) {
        for (std::uint32_t k = 0; k < (1u << 14); ++k)
            words.push_back((k == (1u << 14) - 1 ? 0xFFFFFFu : k * 1024u + (k * 37u) % 1024u) << 8 | low);
        float z = 0;
        std::uint32_t lo = 0, hi = 1u << 24;  // first rejected position in [lo, hi]
        while (lo < hi) {
            const std::uint32_t mid = lo + (hi - lo) / 2;
            if (normal_first_word(mid << 8 | low, z)) lo = mid + 1;
            else hi = mid;
        }
        for (std::uint32_t k = lo < 2048 ? 0 : lo - 2048; k < std::min(lo + 2048, 1u << 24); ++k) words.push_back(k << 8 | low);
    }
    words.resize(words.size() - 5);  // not a multiple of the vector width
    std::vector<void (*)(const std::uint32_t*, std::size_t, float*, std::int32_t*) noexcept> versions = {
        pathways::rng::normal_first_words, d::normal_first_words_portable};
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f")) versions.push_back(d::normal_first_words_avx512);
#endif
    std::vector<float> z(words.size());
    std::vector<std::int32_t> accepted(words.size());
    for (const auto version : versions) {
        std::fill(accepted.begin(), accepted.end(), -1);
        version(words.data(), words.size(), z.data(), accepted.data());
        std::size_t mismatches = 0, taken = 0;
        for (std::size_t j = 0; j < words.size(); ++j) {
            float expected = 0;
            const bool fast = normal_first_word(words[j], expected);
            taken += fast;
            if (accepted[j] != (fast ? 1 : 0) || (fast && std::memcmp(&z[j], &expected, sizeof expected) != 0)) ++mismatches;
        }
        CHECK(mismatches == 0);
        CHECK(taken > words.size() / 2);
        CHECK(taken < words.size());
    }
}

TEST_CASE("stream and slot normals equal Boost's normal_distribution<float> on the same words") {
    const StreamKey key{31, 4};
    for (std::uint32_t child = 0; child < 20000; ++child) {
        Stream s(key, child, 2014, 9, Purpose::teacher_advice), words(key, child, 2014, 9, Purpose::teacher_advice);
        for (int k = 0; k < 5; ++k) REQUIRE(s.normal() == static_cast<double>(boost::random::normal_distribution<float>{}(words)));
        YearDraws year(key, child, 2014, 9), copy(key, child, 2014, 9);
        auto slot = year.stream(Purpose::primary_growth);
        auto plain = copy.stream(Purpose::primary_growth);
        // the third and fourth once the slot's two words are used up: SlotStream::own_normal
        for (int k = 0; k < 4; ++k) REQUIRE(slot.normal() == static_cast<double>(boost::random::normal_distribution<float>{}(plain)));
    }
}
