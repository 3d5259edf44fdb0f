// The transition checksum (World::checksum): every child's trail is a running hash of where each
// school year ended, so two runs that agree on it moved every child the same way.
#pragma once

#include "model/population.hpp"

#include <cstdint>

namespace pathways::model {

[[gnu::always_inline]] inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

// What a school year's end adds to the child's trail: where the child is now and at what age.
[[gnu::always_inline]] inline std::uint64_t transition(Stage stage, std::int8_t grade, std::int8_t track, std::int8_t diploma,
                                                       std::uint64_t age) {
    const auto byte = [](auto v) { return static_cast<std::uint64_t>(static_cast<std::uint8_t>(v)); };
    return byte(stage) | byte(grade) << 8 | byte(track) << 16 | byte(diploma) << 24 | age << 32;
}

}  // namespace pathways::model
