// Philox4x32-10 for many counters at once, for the blocks every child's school year needs
// (YearDraws). The same arithmetic as Random123's r123::Philox4x32, written over arrays so the
// compiler vectorises it; integer arithmetic gives the same bits on every instruction set, so
// the AVX2 and the baseline version are interchangeable (a unit test checks both against
// Random123).
#pragma once

#include "rng/stream.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pathways::rng {

// Counters as four arrays (word k of counter j is ctr[k][j]); block j's word k goes to out[k][j].
void philox4x32_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]);

// The year blocks (YearDraws) of up to kCapacity children, collected and then made in one pass.
class YearBlockBatch {
public:
    static constexpr std::size_t kCapacity = 128;

    void clear() noexcept { size_ = 0; }
    // Queues a child's two blocks for the year it is `age`; returns where its words will be.
    std::size_t add(std::uint32_t child, std::uint32_t birth_year, std::uint32_t age) noexcept {
        for (std::uint32_t block = 0; block < YearDraws::kBlocks; ++block) {
            const std::size_t k = block * kCapacity + size_;
            ctr_[0][k] = child;
            ctr_[1][k] = birth_year;
            ctr_[2][k] = (age << 16) | static_cast<std::uint32_t>(Purpose::year);
            ctr_[3][k] = block;
        }
        return size_++;
    }
    void make(StreamKey key) noexcept {
        if (size_ == 0) return;
        for (std::size_t r = 0; r < 4; ++r)  // block 1 of every child right behind the block 0s
            std::copy(ctr_[r] + kCapacity, ctr_[r] + kCapacity + size_, ctr_[r] + size_);
        const std::uint32_t* const ctr[4] = {ctr_[0], ctr_[1], ctr_[2], ctr_[3]};
        std::uint32_t* const out[4] = {out_[0], out_[1], out_[2], out_[3]};
        philox4x32_batch(key, YearDraws::kBlocks * size_, ctr, out);
    }
    // The eight words of the child queued at `at`, in YearDraws' order (block 0, then block 1).
    void words(std::size_t at, std::uint32_t (&w)[8]) const noexcept {
        for (std::size_t r = 0; r < 4; ++r) {
            w[r] = out_[r][at];
            w[4 + r] = out_[r][size_ + at];
        }
    }

private:
    std::uint32_t ctr_[4][YearDraws::kBlocks * kCapacity];
    std::uint32_t out_[4][YearDraws::kBlocks * kCapacity];
    std::size_t size_ = 0;
};

}  // namespace pathways::rng
