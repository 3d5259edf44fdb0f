// The end of a school year (docs/model.md §3.10-3.11): shock and recovery in their years, then the
// record: the highest diploma four to seven years after entering secondary school (D14-D16,
// D01-D06) and the child's trail, the running hash of where each year ended (World::checksum).
#include "model/world.hpp"

#include "model/trail.hpp"

namespace pathways::model {

// For the children of [c, c + m) with a school year (has_year[j] 1; children[0..n) lists them).
void World::end_year(std::size_t c, std::size_t m, int year, const std::uint8_t* has_year, const SchoolAge* children, std::size_t n) {
    if (params_.interventions.shock_year != 0)
        for (std::size_t k = 0; k < n; ++k) shock_and_recovery(children[k].i, children[k].age);
    if (n > 0) PATHWAYS_SIMD_CALL(year_record, (c, m, year, has_year));
}

// The record of one child's year end, without branches, over a chunk of children in vector
// registers (a child without a school year keeps its values).
[[gnu::always_inline]] inline void World::year_record_body(std::size_t c, std::size_t m, int year, const std::uint8_t* has_year) {
    const std::uint16_t* const born = &pop_.birth_year[c];
    const Stage* const stage = &pop_.stage[c];
    const std::int8_t* const grade = &pop_.grade[c];
    const std::int8_t* const track = &pop_.track[c];
    const std::int8_t* const diploma = &pop_.diploma[c];
    const std::uint8_t* const secondary_years = &pop_.secondary_years[c];
    std::uint64_t* const trail = &pop_.trail[c];
    for (int k = 0; k < 4; ++k) {
        std::int8_t* const after = &pop_.diploma_after[k][c];
        const int years = 4 + k;
#pragma GCC ivdep
        for (std::size_t j = 0; j < m; ++j) {
            const int reached = has_year[j] & (secondary_years[j] >= years) & (after[j] == -2);
            after[j] = reached ? diploma[j] : after[j];
        }
    }
#pragma GCC ivdep
    for (std::size_t j = 0; j < m; ++j) {
        const std::int64_t age = year - born[j];
        const std::uint64_t h = mix(trail[j], transition(stage[j], grade[j], track[j], diploma[j], static_cast<std::uint64_t>(age)));
        trail[j] = has_year[j] ? h : trail[j];
    }
}

PATHWAYS_SIMD_DEFINE(World, year_record, (std::size_t c, std::size_t m, int year, const std::uint8_t* has_year), (c, m, year, has_year))

}  // namespace pathways::model
