#include "rng/philox_batch.hpp"

namespace pathways::rng {

// One copy per instruction set, each with the same arithmetic inlined and vectorised for it.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void philox4x32_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]) {
    detail::philox4x32_lanes(key, n, ctr, out);
}

}  // namespace pathways::rng
