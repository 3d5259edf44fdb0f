// Philox4x32-10 for many counters at once, for the blocks every child's school year needs
// (YearDraws). The same arithmetic as Random123's r123::Philox4x32: over arrays for any
// processor (philox4x32_lanes, vectorised by the compiler), and by hand with AVX-512 or AVX2
// intrinsics where the processor has them. Integer arithmetic gives the same bits on every
// instruction set, so the versions are interchangeable; a unit test checks every version the
// machine can run against Random123.
#pragma once

#include "rng/stream.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pathways::rng {

// Counters as four arrays (word k of counter j is ctr[k][j]); block j's word k goes to out[k][j].
void philox4x32_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]);

namespace detail {

// The versions of philox4x32_batch; it runs the best the processor supports.
enum class PhiloxVersion { portable, avx2, avx512 };
PhiloxVersion philox_version() noexcept;
void philox4x32_portable(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]);
#if defined(__GNUC__) && defined(__x86_64__)
void philox4x32_avx2(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]);
void philox4x32_avx512(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]);
#endif

constexpr std::size_t kPhiloxLanes = 32;  // independent blocks per pass: enough to hide the multiply latency

// The arithmetic of every version of philox4x32_batch (Random123's Philox4x32-10 round and key
// schedule, over arrays of counters). Here so that a test compiled for the baseline instruction
// set checks it too, whichever version the test machine's philox4x32_batch picks.
[[gnu::always_inline]] inline void philox4x32_lanes(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4],
                                                   std::uint32_t* const out[4]) {
    const auto k = Stream::philox_key(key);
    for (std::size_t b = 0; b < n; b += kPhiloxLanes) {
        const std::size_t m = n - b < kPhiloxLanes ? n - b : kPhiloxLanes;
        // 32-bit words held in 64-bit lanes: the 32 x 32 -> 64 bit products then need no widening
        // (one vpmuludq per lane group) and the high half is a shift.
        std::uint64_t c0[kPhiloxLanes] = {}, c1[kPhiloxLanes] = {}, c2[kPhiloxLanes] = {}, c3[kPhiloxLanes] = {};
        for (std::size_t j = 0; j < m; ++j) {
            c0[j] = ctr[0][b + j];
            c1[j] = ctr[1][b + j];
            c2[j] = ctr[2][b + j];
            c3[j] = ctr[3][b + j];
        }
        std::uint64_t k0 = k.v[0], k1 = k.v[1];
        for (int round = 0; round < 10; ++round) {
            for (std::size_t j = 0; j < kPhiloxLanes; ++j) {
                const std::uint64_t p0 = std::uint64_t{PHILOX_M4x32_0} * c0[j];
                const std::uint64_t p1 = std::uint64_t{PHILOX_M4x32_1} * c2[j];
                const std::uint64_t n0 = (p1 >> 32) ^ c1[j] ^ k0;
                const std::uint64_t n2 = (p0 >> 32) ^ c3[j] ^ k1;
                c1[j] = p1 & 0xFFFFFFFFu;
                c3[j] = p0 & 0xFFFFFFFFu;
                c0[j] = n0;
                c2[j] = n2;
            }
            k0 = (k0 + PHILOX_W32_0) & 0xFFFFFFFFu;  // Weyl sequence of the key schedule, mod 2^32
            k1 = (k1 + PHILOX_W32_1) & 0xFFFFFFFFu;
        }
        for (std::size_t j = 0; j < m; ++j) {
            out[0][b + j] = static_cast<std::uint32_t>(c0[j]);
            out[1][b + j] = static_cast<std::uint32_t>(c1[j]);
            out[2][b + j] = static_cast<std::uint32_t>(c2[j]);
            out[3][b + j] = static_cast<std::uint32_t>(c3[j]);
        }
    }
}

}  // namespace detail

// Both year blocks of n children at once: the counters' first three words are ctr[k][j] (child,
// birth year, age << 16 | purpose) and their block words 0 and 1; block 0 of child j goes to
// out[k][j], block 1 to out[k][n + j]. The same blocks as philox4x32_batch of the 2n counters;
// with AVX-512 the three words are loaded once for both.
void philox4x32_year_pairs(StreamKey key, std::size_t n, const std::uint32_t* const ctr[3], std::uint32_t* const out[4]);

namespace detail {
// Through philox4x32_batch (every processor).
void philox4x32_year_pairs_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[3], std::uint32_t* const out[4]);
#if defined(__GNUC__) && defined(__x86_64__)
void philox4x32_year_pairs_avx512(StreamKey key, std::size_t n, const std::uint32_t* const ctr[3], std::uint32_t* const out[4]);
#endif
}  // namespace detail

// The blocks of n streams' counters at once: blocks[j] is the block a Stream at counters[j]
// makes (philox4x32_batch, the counters' words transposed in and out).
void philox_blocks(StreamKey key, std::size_t n, const Stream::Philox::ctr_type* counters, Stream::Philox::ctr_type* blocks) noexcept;

// Stream::normal's first word for many words at once, for the passes that draw one slot's normal
// for many children (World::wellbeing_lanes, learning_lanes): accepted[j] and z[j] as detail::normal_first_word
// (words[j], z[j]) gives them; z[j] is unspecified where the word is not accepted.
void normal_first_words(const std::uint32_t* words, std::size_t n, float* z, std::int32_t* accepted) noexcept;

namespace detail {
void normal_first_words_portable(const std::uint32_t* words, std::size_t n, float* z, std::int32_t* accepted) noexcept;
#if defined(__GNUC__) && defined(__x86_64__)
void normal_first_words_avx512(const std::uint32_t* words, std::size_t n, float* z, std::int32_t* accepted) noexcept;
#endif
}  // namespace detail

// The year blocks (YearDraws) of up to kCapacity children, collected and then made in one pass.
// kCapacity is also the chunk of children whose year World::year_of_chunk runs as passes: 512
// measured fastest (6% faster than 128 on one thread, 1024 3% slower than 512; docs/performance.md).
class YearBlockBatch {
public:
    static constexpr std::size_t kCapacity = 512;

    void clear() noexcept { size_ = 0; }
    std::size_t size() const noexcept { return size_; }
    // Queues a child's two blocks for the year it is `age`; returns where its words will be.
    // (The blocks' counters differ only in the block word, 0 and 1: the other three are kept.)
    std::size_t add(std::uint32_t child, std::uint32_t birth_year, std::uint32_t age) noexcept {
        const auto ctr = Stream::counter(child, birth_year, age, Purpose::year, 0);
        for (std::size_t r = 0; r < 3; ++r) ctr_[r][size_] = ctr.v[r];
        return size_++;
    }
    // Queues the two blocks of m children at once, as add() for each in turn (then child k's
    // words are at k): for a chunk whose children are all in school, in loops the compiler
    // vectorises instead of a call per child.
    void add_all(const std::uint32_t* child, const std::uint16_t* birth_year, std::uint32_t year, std::size_t m) noexcept {
        std::uint32_t* const c0 = ctr_[0] + size_;
        std::uint32_t* const c1 = ctr_[1] + size_;
        std::uint32_t* const c2 = ctr_[2] + size_;
        for (std::size_t j = 0; j < m; ++j) {
            const auto ctr = Stream::counter(child[j], birth_year[j], year - birth_year[j], Purpose::year, 0);
            c0[j] = ctr.v[0];
            c1[j] = ctr.v[1];
            c2[j] = ctr.v[2];
        }
        size_ += m;
    }
    void make(StreamKey key) noexcept {
        if (size_ == 0) return;
        const std::uint32_t* const ctr[3] = {ctr_[0], ctr_[1], ctr_[2]};
        std::uint32_t* const out[4] = {out_[0], out_[1], out_[2], out_[3]};
        philox4x32_year_pairs(key, size_, ctr, out);  // block 1 of every child right behind the block 0s
    }
    // Word k (YearDraws' order) of every queued child: word_row(k)[at] for the child queued at `at`,
    // for passes that read one slot of many children at once.
    const std::uint32_t* word_row(unsigned k) const noexcept { return k < 4 ? out_[k] : out_[k - 4] + size_; }
    // Word k of m children in their own order, whose places in the batch are at[j] (-1 for a
    // child not in it, which gets some word): the row itself when all m children are in the
    // batch (then at[j] = j), else the words gathered into scratch.
    const std::uint32_t* words_in_order(unsigned k, const std::int16_t* at, std::size_t m, std::uint32_t* scratch) const noexcept {
        const std::uint32_t* const row = word_row(k);
        if (size_ == m) return row;
        for (std::size_t j = 0; j < m; ++j) scratch[j] = row[at[j] < 0 ? 0 : static_cast<std::size_t>(at[j])];
        return scratch;
    }
    // The eight words of the child queued at `at`, in YearDraws' order (block 0, then block 1).
    void words(std::size_t at, std::uint32_t (&w)[8]) const noexcept {
        for (std::size_t r = 0; r < 4; ++r) {
            w[r] = out_[r][at];
            w[4 + r] = out_[r][size_ + at];
        }
    }

private:
    std::uint32_t ctr_[3][kCapacity];
    std::uint32_t out_[4][YearDraws::kBlocks * kCapacity];
    std::size_t size_ = 0;
};

}  // namespace pathways::rng
