#include "rng/philox_batch.hpp"

#include <cmath>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define PATHWAYS_PHILOX_X86 1
#endif

namespace pathways::rng {
namespace detail {

// The portable version, for processors without AVX2 (the compiler vectorises it for the baseline
// instruction set).
void philox4x32_portable(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]) {
    philox4x32_lanes(key, n, ctr, out);
}

#if defined(PATHWAYS_PHILOX_X86)
// Hand-vectorised versions: the compiler's vectorisation of philox4x32_lanes keeps the lanes in
// memory between rounds; these keep 16 (AVX2) or 32 (AVX-512) counters in registers through all
// ten rounds (AVX-512: 4.2 cycles a block against 12.7 when first written, docs/performance.md),
// with 32 x 32 -> 64-bit products (vpmuludq) of 32-bit words in 64-bit lanes.
namespace {

// Random123's multipliers and key-schedule (Weyl) steps for Philox4x32.
constexpr std::uint32_t kM0 = PHILOX_M4x32_0, kM1 = PHILOX_M4x32_1;
constexpr std::uint32_t kW0 = PHILOX_W32_0, kW1 = PHILOX_W32_1;

// AVX-512 keeps each block's words in the low halves of 64-bit lanes (the even blocks of sixteen
// in one register, the odd ones shifted down in another): vpmuludq then gives the whole product,
// whose high word is one shift away and whose low word is already in place, and the high halves'
// leftovers never reach a low half (the multiplies read only low halves, the xors work bit by
// bit). Six instructions a round for eight blocks where blending the halves back into 32-bit
// lanes took sixteen for sixteen: 3.5-3.9 cycles a block against 4.6 (docs/performance.md).
struct Lanes512 {
    __m512i c0, c1, c2, c3;
};

__attribute__((target("avx512f"), always_inline)) inline void round512(Lanes512& s, __m512i k0, __m512i k1) {
    const __m512i p0 = _mm512_mul_epu32(s.c0, _mm512_set1_epi64(kM0)), p1 = _mm512_mul_epu32(s.c2, _mm512_set1_epi64(kM1));
    const __m512i n0 = _mm512_ternarylogic_epi32(_mm512_srli_epi64(p1, 32), s.c1, k0, 0x96);  // three-way xor
    const __m512i n2 = _mm512_ternarylogic_epi32(_mm512_srli_epi64(p0, 32), s.c3, k1, 0x96);
    s.c1 = p1;
    s.c3 = p0;
    s.c0 = n0;
    s.c2 = n2;
}

// The ten rounds and Random123's key schedule for four groups of eight blocks.
__attribute__((target("avx512f"), always_inline)) inline void rounds512(Lanes512 (&s)[4], const Stream::Philox::key_type& k) {
    std::uint32_t k0 = k.v[0], k1 = k.v[1];
    for (int round = 0; round < 10; ++round) {
        const __m512i v0 = _mm512_set1_epi32(static_cast<int>(k0)), v1 = _mm512_set1_epi32(static_cast<int>(k1));
        for (auto& group : s) round512(group, v0, v1);
        k0 += kW0;
        k1 += kW1;
    }
}

// Sixteen blocks, the even ones' words and the odd ones' in the low halves of 64-bit lanes, back
// into the 32-bit lanes of out's rows at `at`.
__attribute__((target("avx512f"), always_inline)) inline void store512(std::uint32_t* const out[4], std::size_t at, __mmask16 live,
                                                                       const Lanes512& even, const Lanes512& odd) {
    const __m512i e[4] = {even.c0, even.c1, even.c2, even.c3}, o[4] = {odd.c0, odd.c1, odd.c2, odd.c3};
    for (std::size_t r = 0; r < 4; ++r)
        _mm512_mask_storeu_epi32(out[r] + at, live, _mm512_mask_blend_epi32(0xAAAA, e[r], _mm512_slli_epi64(o[r], 32)));
}

struct Lanes256 {
    __m256i c0, c1, c2, c3;
};

__attribute__((target("avx2"), always_inline)) inline void round256(Lanes256& s, __m256i k0, __m256i k1) {
    const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
    const __m256i pe0 = _mm256_mul_epu32(s.c0, m0), po0 = _mm256_mul_epu32(_mm256_srli_epi64(s.c0, 32), m0);
    const __m256i pe1 = _mm256_mul_epu32(s.c2, m1), po1 = _mm256_mul_epu32(_mm256_srli_epi64(s.c2, 32), m1);
    const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(pe0, 32), po0, 0xAA);
    const __m256i lo0 = _mm256_blend_epi32(pe0, _mm256_slli_epi64(po0, 32), 0xAA);
    const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(pe1, 32), po1, 0xAA);
    const __m256i lo1 = _mm256_blend_epi32(pe1, _mm256_slli_epi64(po1, 32), 0xAA);
    const __m256i n0 = _mm256_xor_si256(_mm256_xor_si256(hi1, s.c1), k0);
    const __m256i n2 = _mm256_xor_si256(_mm256_xor_si256(hi0, s.c3), k1);
    s.c1 = lo1;
    s.c3 = lo0;
    s.c0 = n0;
    s.c2 = n2;
}

}  // namespace

__attribute__((target("avx512f"))) void philox4x32_avx512(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4],
                                                           std::uint32_t* const out[4]) {
    const auto k = Stream::philox_key(key);
    for (std::size_t b = 0; b < n; b += 32) {
        Lanes512 s[4];  // blocks b + 16h + 2l in s[2h] lane l, b + 16h + 2l + 1 in s[2h + 1]
        __mmask16 live[2];
        for (std::size_t h = 0; h < 2; ++h) {
            const std::size_t at = b + 16 * h;
            live[h] = at >= n ? __mmask16{0} : n - at >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (n - at)) - 1);
            __m512i* const even[4] = {&s[2 * h].c0, &s[2 * h].c1, &s[2 * h].c2, &s[2 * h].c3};
            __m512i* const odd[4] = {&s[2 * h + 1].c0, &s[2 * h + 1].c1, &s[2 * h + 1].c2, &s[2 * h + 1].c3};
            for (std::size_t r = 0; r < 4; ++r) {
                *even[r] = _mm512_maskz_loadu_epi32(live[h], ctr[r] + at);
                *odd[r] = _mm512_srli_epi64(*even[r], 32);
            }
        }
        rounds512(s, k);
        for (std::size_t h = 0; h < 2; ++h) store512(out, b + 16 * h, live[h], s[2 * h], s[2 * h + 1]);
    }
}

// philox4x32_avx512's rounds for sixteen children's two year blocks: their three counter words
// loaded once, the block word 0 in two groups and 1 in the other two.
__attribute__((target("avx512f"))) void philox4x32_year_pairs_avx512(StreamKey key, std::size_t n, const std::uint32_t* const ctr[3],
                                                                     std::uint32_t* const out[4]) {
    const auto k = Stream::philox_key(key);
    for (std::size_t b = 0; b < n; b += 16) {
        const __mmask16 live = n - b >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (n - b)) - 1);
        const __m512i w0 = _mm512_maskz_loadu_epi32(live, ctr[0] + b), w1 = _mm512_maskz_loadu_epi32(live, ctr[1] + b),
                      w2 = _mm512_maskz_loadu_epi32(live, ctr[2] + b);
        const __m512i o0 = _mm512_srli_epi64(w0, 32), o1 = _mm512_srli_epi64(w1, 32), o2 = _mm512_srli_epi64(w2, 32);
        const __m512i block0 = _mm512_setzero_si512(), block1 = _mm512_set1_epi64(1);
        // children b + 2l (even) and b + 2l + 1 (odd) in lane l: block 0, then block 1
        Lanes512 s[4] = {{w0, w1, w2, block0}, {o0, o1, o2, block0}, {w0, w1, w2, block1}, {o0, o1, o2, block1}};
        rounds512(s, k);
        for (std::size_t block = 0; block < 2; ++block) store512(out, block * n + b, live, s[2 * block], s[2 * block + 1]);
    }
}

__attribute__((target("avx2"))) void philox4x32_avx2(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4],
                                                     std::uint32_t* const out[4]) {
    const auto k = Stream::philox_key(key);
    std::size_t b = 0;
    for (; b + 16 <= n; b += 16) {
        Lanes256 s[2];
        for (std::size_t g = 0; g < 2; ++g) {
            const std::size_t at = b + 8 * g;
            s[g].c0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ctr[0] + at));
            s[g].c1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ctr[1] + at));
            s[g].c2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ctr[2] + at));
            s[g].c3 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ctr[3] + at));
        }
        std::uint32_t k0 = k.v[0], k1 = k.v[1];
        for (int round = 0; round < 10; ++round) {
            const __m256i v0 = _mm256_set1_epi32(static_cast<int>(k0)), v1 = _mm256_set1_epi32(static_cast<int>(k1));
            round256(s[0], v0, v1);
            round256(s[1], v0, v1);
            k0 += kW0;
            k1 += kW1;
        }
        for (std::size_t g = 0; g < 2; ++g) {
            const std::size_t at = b + 8 * g;
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[0] + at), s[g].c0);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[1] + at), s[g].c1);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[2] + at), s[g].c2);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[3] + at), s[g].c3);
        }
    }
    if (b < n) {  // the last blocks, fewer than 16
        const std::uint32_t* const rest_ctr[4] = {ctr[0] + b, ctr[1] + b, ctr[2] + b, ctr[3] + b};
        std::uint32_t* const rest_out[4] = {out[0] + b, out[1] + b, out[2] + b, out[3] + b};
        philox4x32_lanes(key, n - b, rest_ctr, rest_out);
    }
}
#endif

void normal_first_words_portable(const std::uint32_t* words, std::size_t n, float* z, std::int32_t* accepted) noexcept {
    for (std::size_t j = 0; j < n; ++j) {
        float x = 0;
        accepted[j] = normal_first_word(words[j], x);
        z[j] = x;
    }
}

#if defined(PATHWAYS_PHILOX_X86)
namespace {

// The ziggurat's tables as sixteen lanes of eight registers: x_i as float (the factor
// normal_first_word multiplies by) and, for the acceptance test x < x_{i+1}, the least float not
// below x_{i+1}: for a float x and a double t, x < t exactly when x is below the least float >= t
// (no float lies strictly between t and it).
struct ZigguratFloats {
    alignas(64) float x[128];
    alignas(64) float next[128];
    ZigguratFloats() noexcept {
        const double* const table_x = boost::random::detail::normal_table<double>::table_x;
        for (int i = 0; i < 128; ++i) {
            x[i] = static_cast<float>(table_x[i]);
            float up = static_cast<float>(table_x[i + 1]);
            if (static_cast<double>(up) < table_x[i + 1]) up = std::nextafter(up, INFINITY);
            next[i] = up;
        }
    }
};
const ZigguratFloats ziggurat_floats;

// table[index] for sixteen 7-bit indices: four two-register permutes (32 entries each) and two
// blends on the index's bits 5 and 6, instead of sixteen loads.
__attribute__((target("avx512f"), always_inline)) inline __m512 lookup128(const float* table, __m512i index) {
    const __m512 a = _mm512_permutex2var_ps(_mm512_load_ps(table), index, _mm512_load_ps(table + 16));
    const __m512 b = _mm512_permutex2var_ps(_mm512_load_ps(table + 32), index, _mm512_load_ps(table + 48));
    const __m512 c = _mm512_permutex2var_ps(_mm512_load_ps(table + 64), index, _mm512_load_ps(table + 80));
    const __m512 d = _mm512_permutex2var_ps(_mm512_load_ps(table + 96), index, _mm512_load_ps(table + 112));
    const __mmask16 bit5 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(32));
    const __mmask16 bit6 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(64));
    return _mm512_mask_blend_ps(bit6, _mm512_mask_blend_ps(bit5, a, b), _mm512_mask_blend_ps(bit5, c, d));
}

}  // namespace

// normal_first_word on sixteen words at a time, with the same float operations: r = (word >> 8)
// * 2^-24, x = r * x_i, accepted while x < x_{i+1}, then z = x * sign * 1 + 0.
__attribute__((target("avx512f"))) void normal_first_words_avx512(const std::uint32_t* words, std::size_t n, float* z,
                                                                   std::int32_t* accepted) noexcept {
    const ZigguratFloats& t = ziggurat_floats;
    for (std::size_t j = 0; j < n; j += 16) {
        const __mmask16 live = n - j >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (n - j)) - 1);
        const __m512i w = _mm512_maskz_loadu_epi32(live, words + j);
        const __m512i layer = _mm512_and_si512(_mm512_srli_epi32(w, 1), _mm512_set1_epi32(127));
        // w >> 8 < 2^24 converts exactly, as the scalar float conversion does
        const __m512 r = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_srli_epi32(w, 8)), _mm512_set1_ps(1.0f / static_cast<float>(1u << 24)));
        const __m512 x = _mm512_mul_ps(r, lookup128(t.x, layer));
        const __mmask16 ok = _mm512_cmp_ps_mask(x, lookup128(t.next, layer), _CMP_LT_OQ);
        const __m512i sign_int = _mm512_sub_epi32(_mm512_slli_epi32(_mm512_and_si512(w, _mm512_set1_epi32(1)), 1), _mm512_set1_epi32(1));
        const __m512 signed_x = _mm512_mul_ps(_mm512_mul_ps(x, _mm512_cvtepi32_ps(sign_int)), _mm512_set1_ps(1.0f));
        _mm512_mask_storeu_ps(z + j, live, _mm512_add_ps(signed_x, _mm512_setzero_ps()));  // + 0 turns -0 into +0, as there
        _mm512_mask_storeu_epi32(accepted + j, live, _mm512_maskz_mov_epi32(ok, _mm512_set1_epi32(1)));
    }
}
#endif

PhiloxVersion philox_version() noexcept {
#if defined(PATHWAYS_PHILOX_X86)
    static const PhiloxVersion picked = __builtin_cpu_supports("avx512f") ? PhiloxVersion::avx512
                                        : __builtin_cpu_supports("avx2")  ? PhiloxVersion::avx2
                                                                          : PhiloxVersion::portable;
    return picked;
#else
    return PhiloxVersion::portable;
#endif
}

}  // namespace detail

void normal_first_words(const std::uint32_t* words, std::size_t n, float* z, std::int32_t* accepted) noexcept {
#if defined(PATHWAYS_PHILOX_X86)
    if (detail::philox_version() == detail::PhiloxVersion::avx512) return detail::normal_first_words_avx512(words, n, z, accepted);
#endif
    detail::normal_first_words_portable(words, n, z, accepted);
}

void philox_blocks(StreamKey key, std::size_t n, const Stream::Philox::ctr_type* counters, Stream::Philox::ctr_type* blocks) noexcept {
    constexpr std::size_t kPiece = 256;
    std::uint32_t in[4][kPiece], made[4][kPiece];
    const std::uint32_t* const ctr[4] = {in[0], in[1], in[2], in[3]};
    std::uint32_t* const out[4] = {made[0], made[1], made[2], made[3]};
    for (std::size_t b = 0; b < n; b += kPiece) {
        const std::size_t m = std::min(kPiece, n - b);
        for (std::size_t j = 0; j < m; ++j)
            for (std::size_t w = 0; w < 4; ++w) in[w][j] = counters[b + j].v[w];
        philox4x32_batch(key, m, ctr, out);
        for (std::size_t j = 0; j < m; ++j)
            for (std::size_t w = 0; w < 4; ++w) blocks[b + j].v[w] = made[w][j];
    }
}

namespace detail {
void philox4x32_year_pairs_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[3], std::uint32_t* const out[4]) {
    constexpr std::size_t kPiece = 256;
    std::uint32_t in[4][2 * kPiece], made[4][2 * kPiece];
    const std::uint32_t* const in_rows[4] = {in[0], in[1], in[2], in[3]};
    std::uint32_t* const made_rows[4] = {made[0], made[1], made[2], made[3]};
    for (std::size_t b = 0; b < n; b += kPiece) {
        const std::size_t m = std::min(kPiece, n - b);
        for (std::size_t r = 0; r < 3; ++r) {
            std::copy(ctr[r] + b, ctr[r] + b + m, in[r]);
            std::copy(ctr[r] + b, ctr[r] + b + m, in[r] + m);
        }
        std::fill(in[3], in[3] + m, 0u);
        std::fill(in[3] + m, in[3] + 2 * m, 1u);
        philox4x32_batch(key, 2 * m, in_rows, made_rows);
        for (std::size_t r = 0; r < 4; ++r) {
            std::copy(made[r], made[r] + m, out[r] + b);
            std::copy(made[r] + m, made[r] + 2 * m, out[r] + n + b);
        }
    }
}
}  // namespace detail

void philox4x32_year_pairs(StreamKey key, std::size_t n, const std::uint32_t* const ctr[3], std::uint32_t* const out[4]) {
#if defined(PATHWAYS_PHILOX_X86)
    if (detail::philox_version() == detail::PhiloxVersion::avx512) return detail::philox4x32_year_pairs_avx512(key, n, ctr, out);
#endif
    detail::philox4x32_year_pairs_batch(key, n, ctr, out);
}

void philox4x32_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]) {
#if defined(PATHWAYS_PHILOX_X86)
    switch (detail::philox_version()) {
        case detail::PhiloxVersion::avx512: return detail::philox4x32_avx512(key, n, ctr, out);
        case detail::PhiloxVersion::avx2: return detail::philox4x32_avx2(key, n, ctr, out);
        default: break;
    }
#endif
    detail::philox4x32_portable(key, n, ctr, out);
}

}  // namespace pathways::rng
