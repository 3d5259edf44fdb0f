#include "rng/philox_batch.hpp"

namespace pathways::rng {
namespace {

constexpr std::size_t kLanes = 32;  // independent blocks per pass: enough to hide the multiply latency

}  // namespace

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void philox4x32_batch(StreamKey key, std::size_t n, const std::uint32_t* const ctr[4], std::uint32_t* const out[4]) {
    const auto k = Stream::philox_key(key);
    for (std::size_t b = 0; b < n; b += kLanes) {
        const std::size_t m = n - b < kLanes ? n - b : kLanes;
        std::uint32_t c0[kLanes] = {}, c1[kLanes] = {}, c2[kLanes] = {}, c3[kLanes] = {};
        for (std::size_t j = 0; j < m; ++j) {
            c0[j] = ctr[0][b + j];
            c1[j] = ctr[1][b + j];
            c2[j] = ctr[2][b + j];
            c3[j] = ctr[3][b + j];
        }
        std::uint32_t k0 = k.v[0], k1 = k.v[1];
        for (int round = 0; round < 10; ++round) {
            for (std::size_t j = 0; j < kLanes; ++j) {
                const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c0[j];
                const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c2[j];
                const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[j] ^ k0;
                const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[j] ^ k1;
                c1[j] = static_cast<std::uint32_t>(p1);
                c3[j] = static_cast<std::uint32_t>(p0);
                c0[j] = n0;
                c2[j] = n2;
            }
            k0 += 0x9E3779B9u;  // Weyl sequence of the key schedule
            k1 += 0xBB67AE85u;
        }
        for (std::size_t j = 0; j < m; ++j) {
            out[0][b + j] = c0[j];
            out[1][b + j] = c1[j];
            out[2][b + j] = c2[j];
            out[3][b + j] = c3[j];
        }
    }
}

}  // namespace pathways::rng
