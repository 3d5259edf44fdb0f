// Philox4x32-10 for many counters at once, for the blocks every child's school year needs
// (YearDraws). The same arithmetic as Random123's r123::Philox4x32, written over arrays so the
// compiler vectorises it; integer arithmetic gives the same bits on every instruction set, so
// the AVX2 and the baseline version are interchangeable (a unit test checks both against
// Random123).
#pragma once

#include "rng/stream.hpp"

#include <cstddef>
#include <cstdint>

namespace pathways::rng {

// Counters as four arrays (word k of counter j is ctr[k][j]); block j's word k goes to out[k][j].
void philox4x32_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]);

}  // namespace pathways::rng
