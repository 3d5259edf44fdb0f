// The sums over schools and tracks that couple children (school composition, class means, pupil
// and event counts), one set per worker. They are integers (fixed point for the skills), so their
// totals are exact in any order and any split of the children over workers. Private to the
// model: world.cpp and shared_sums.cpp.
#pragma once

#include "model/world.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace pathways::model {

// Fixed point for sums that couple children: exact and order-independent.
inline constexpr double kFixed = 1048576.0;  // 2^20
// Truncated rather than rounded: one instruction instead of a libm call, as exact for the sums.
inline std::int64_t fixed(double x) { return static_cast<std::int64_t>(x * kFixed); }

struct World::Aggregates {
    // A school's four sums side by side: a pupil's additions fall in one cache line.
    struct School {
        std::int64_t n = 0, sum = 0, low = 0, language = 0;
    };
    std::vector<School> school;
    // by class: track x secondary year
    std::array<std::int64_t, kTracks * kGrades> track_n{}, track_sum{}, track_sumsq{};
    std::array<std::int64_t, kTracks> track_low{};  // low-SES pupils per track, for segregation
    std::vector<std::uint32_t> enrolment, pupils, events, residents_by_age;

    Aggregates(std::size_t schools, std::size_t districts)
        : school(schools), enrolment(districts * kEnrolmentKinds),
          pupils(kLevels * kGrades), events(kLevels * kGrades * kYearEvents), residents_by_age(32) {}

    void clear() {
        std::fill(school.begin(), school.end(), School{});
        track_n.fill(0);
        track_sum.fill(0);
        track_sumsq.fill(0);
        track_low.fill(0);
        for (auto* v : {&enrolment, &pupils, &events, &residents_by_age}) std::fill(v->begin(), v->end(), 0u);
    }

    void merge(const Aggregates& o) {
        for (std::size_t s = 0; s < school.size(); ++s) {
            school[s].n += o.school[s].n;
            school[s].sum += o.school[s].sum;
            school[s].low += o.school[s].low;
            school[s].language += o.school[s].language;
        }
        for (std::size_t t = 0; t < track_n.size(); ++t) {
            track_n[t] += o.track_n[t];
            track_sum[t] += o.track_sum[t];
            track_sumsq[t] += o.track_sumsq[t];
        }
        for (std::size_t t = 0; t < kTracks; ++t) track_low[t] += o.track_low[t];
        for (std::size_t k = 0; k < enrolment.size(); ++k) enrolment[k] += o.enrolment[k];
        for (std::size_t k = 0; k < pupils.size(); ++k) pupils[k] += o.pupils[k];
        for (std::size_t k = 0; k < events.size(); ++k) events[k] += o.events[k];
        for (std::size_t k = 0; k < residents_by_age.size(); ++k) residents_by_age[k] += o.residents_by_age[k];
    }
};

}  // namespace pathways::model
