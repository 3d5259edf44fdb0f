// Counter-based random streams: every draw belongs to a child and an event, never to a thread.
//
// A Philox4x32-10 block cipher (Random123) turns a 128-bit counter into 128 random bits under a
// 64-bit key. We key it by (seed, replicate) and address the counter by
//
//     (child index within its birth cohort, birth year, age << 16 | purpose, block)
//
// so the numbers a child gets for one decision in one year are a pure function of who the child
// is and what is being decided. Consequences the rest of the code relies on:
//   * results are bit-identical for any thread count or process count: the order in which
//     children are updated cannot change their draws;
//   * the scenario is not part of the key, so the same child gets the same draws in baseline
//     and scenario (common random numbers), which makes paired comparisons sharp;
//   * Purpose is an enum with fixed values: adding a decision never shifts the draws of an
//     existing one. Never renumber it; append.
#pragma once

#include <Random123/philox.h>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <cstdint>
#include <limits>

namespace pathways::rng {

enum class Purpose : std::uint16_t {
    population = 1,      // home district, household, parental education, potential
    home_language = 2,   // early language at 2.5 (home years)
    preschool = 3,       // VE indication and participation
    school_choice = 4,   // school preferences and lottery number
    primary_growth = 5,  // yearly skill growth in primary school
    primary_retention = 6,
    teacher_advice = 7,
    end_test = 8,
    revision = 9,
    placement = 10,      // broad bridge class or not
    secondary_growth = 11,
    track_move = 12,     // moving up or down a track (opstroom/afstroom)
    secondary_retention = 13,
    exam = 14,
    stacking = 15,
    early_leaving = 16,
    school_setup = 17,   // school attributes (indexed by school, not child)
    route = 18,          // 10-14 and 0-18 route entry and selection at a later age
    connection_group = 19,
    havokans = 20,
    recovery = 21,
    wellbeing = 22,      // wellbeing, youth care and attendance (one stream a year)
    parameter = 23,      // a replicate's draw of an uncertain parameter (indexed by the key's hash)
    migration = 24,      // moving out of the city in a projection
    handover = 25,       // warm hand-over at the transition to secondary school
    custom_diploma = 26,
};

struct StreamKey {
    std::uint64_t seed = 0;
    std::uint32_t replicate = 0;
};

// A stream of 32-bit words for one (child, birth year, age, purpose). Satisfies the
// UniformRandomBitGenerator requirements so Boost.Random distributions can draw from it.
class Stream {
public:
    using result_type = std::uint32_t;
    using Philox = r123::Philox4x32;

    Stream(StreamKey key, std::uint32_t child, std::uint32_t birth_year, std::uint32_t age,
           Purpose purpose) noexcept {
        key_ = {{static_cast<std::uint32_t>(key.seed) ^ (key.replicate * 0x9E3779B9u),
                 static_cast<std::uint32_t>(key.seed >> 32) ^ key.replicate}};
        ctr_ = {{child, birth_year, (age << 16) | static_cast<std::uint32_t>(purpose), 0u}};
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    result_type operator()() noexcept {
        if (used_ == 4) {
            block_ = Philox{}(ctr_, key_);
            ++ctr_.v[3];
            used_ = 0;
        }
        return block_.v[used_++];
    }

    // The model's rules draw through these three calls only, so a unit test can hand a rule a
    // scripted stream with the same three members and force every draw.
    double uniform() noexcept { return boost::random::uniform_01<double>{}(*this); }
    bool bernoulli(double p) noexcept { return uniform() < p; }
    double normal() noexcept { return boost::random::normal_distribution<double>{}(*this); }

private:
    Philox::key_type key_;
    Philox::ctr_type ctr_;
    Philox::ctr_type block_{};
    unsigned used_ = 4;
};

}  // namespace pathways::rng
