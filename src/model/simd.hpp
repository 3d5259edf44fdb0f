// The vector instruction sets the passes over many children at once are compiled for, and which
// one runs. A pass is written once, as an always-inline body; PATHWAYS_SIMD_VARIANTS compiles it
// for the baseline x86-64, x86-64-v3 (AVX2) and x86-64-v4 (AVX-512), and the pass calls the
// variant of simd_level(). Every variant does the same floating-point operations in the same
// order (no FMA: -ffp-contract=off), so they give the same bits; a test forces each level the
// processor has and compares. Explicit variants rather than GCC's target_clones: a test can choose
// one, and sanitizer builds (ThreadSanitizer cannot start through the clones' ifunc resolvers)
// work as any other.
#pragma once

namespace pathways::model {

enum class SimdLevel : int { baseline = 0, avx2 = 1, avx512 = 2 };

// The highest level this processor supports (baseline elsewhere than on x86-64 with GCC or Clang).
SimdLevel host_simd_level();
// The level the passes use: the host's, lowered by PATHWAYS_SIMD=baseline|avx2 in the
// environment, or what force_simd_level set.
SimdLevel simd_level();
// For tests: run the passes at `level` from now on; throws std::invalid_argument when the
// processor does not support it.
void force_simd_level(SimdLevel level);
const char* simd_level_name(SimdLevel level);
// "baseline", "avx2" or "avx512" (as PATHWAYS_SIMD and the golden tests name them); throws
// std::invalid_argument for any other word.
SimdLevel simd_level_from_word(const char* word);

}  // namespace pathways::model

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define PATHWAYS_TARGET_V3 __attribute__((target("arch=x86-64-v3")))
#define PATHWAYS_TARGET_V4 __attribute__((target("arch=x86-64-v4")))
#else
#define PATHWAYS_TARGET_V3
#define PATHWAYS_TARGET_V4
#endif

// Inside a member function of World: call BODY (an always-inline member taking the arguments) as
// compiled for the running level. The three variants are members declared by
// PATHWAYS_SIMD_DECLARE and defined by PATHWAYS_SIMD_DEFINE next to the body.
#define PATHWAYS_SIMD_DECLARE(name, params) \
    void name##_baseline params;            \
    PATHWAYS_TARGET_V3 void name##_avx2 params; \
    PATHWAYS_TARGET_V4 void name##_avx512 params;
#define PATHWAYS_SIMD_DEFINE(Class, name, params, args)                      \
    void Class::name##_baseline params { name##_body args; }                 \
    PATHWAYS_TARGET_V3 void Class::name##_avx2 params { name##_body args; }  \
    PATHWAYS_TARGET_V4 void Class::name##_avx512 params { name##_body args; }
#define PATHWAYS_SIMD_CALL(name, args)                        \
    switch (::pathways::model::simd_level()) {               \
        case ::pathways::model::SimdLevel::avx512: name##_avx512 args; break; \
        case ::pathways::model::SimdLevel::avx2: name##_avx2 args; break;     \
        default: name##_baseline args; break;                \
    }
