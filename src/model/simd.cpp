#include "model/simd.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace pathways::model {
namespace {

SimdLevel detect() {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
    __builtin_cpu_init();
    const bool v3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("fma") &&
                    __builtin_cpu_supports("avx");
    const bool v4 = v3 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                    __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    return v4 ? SimdLevel::avx512 : v3 ? SimdLevel::avx2 : SimdLevel::baseline;
#else
    return SimdLevel::baseline;
#endif
}

// PATHWAYS_SIMD=baseline|avx2|avx512 in the environment lowers the level (to compare the
// variants' speed; a level above the processor's is ignored).
int initial_level() {
    int level = static_cast<int>(host_simd_level());
    if (const char* wanted = std::getenv("PATHWAYS_SIMD")) {
        try {
            level = std::min(level, static_cast<int>(simd_level_from_word(wanted)));
        } catch (const std::invalid_argument&) {  // an unknown word leaves the host's level
        }
    }
    return level;
}

}  // namespace

SimdLevel host_simd_level() {
    static const SimdLevel host = detect();
    return host;
}

namespace {

std::atomic<int>& chosen() {
    static std::atomic<int> level{initial_level()};
    return level;
}

}  // namespace

SimdLevel simd_level() { return static_cast<SimdLevel>(chosen().load(std::memory_order_relaxed)); }

void force_simd_level(SimdLevel level) {
    if (static_cast<int>(level) > static_cast<int>(host_simd_level()))
        throw std::invalid_argument(std::string("this processor has no ") + simd_level_name(level));
    chosen().store(static_cast<int>(level), std::memory_order_relaxed);
}

SimdLevel simd_level_from_word(const char* word) {
    const std::string w = word;
    if (w == "baseline") return SimdLevel::baseline;
    if (w == "avx2") return SimdLevel::avx2;
    if (w == "avx512") return SimdLevel::avx512;
    throw std::invalid_argument("unknown vector level '" + w + "' (baseline, avx2 or avx512)");
}

const char* simd_level_name(SimdLevel level) {
    switch (level) {
        case SimdLevel::avx512: return "x86-64-v4 (AVX-512)";
        case SimdLevel::avx2: return "x86-64-v3 (AVX2)";
        default: return "baseline x86-64";
    }
}

}  // namespace pathways::model
