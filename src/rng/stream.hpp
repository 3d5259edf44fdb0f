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
//
// Speed: a Philox block costs about as much as the rest of a decision, and most decisions need
// one or two words of its four. The decisions every school year makes (wellbeing, skill growth,
// retention or early leaving, track moves) therefore take their first words from two blocks
// shared by the child's year (purpose 0), each at a fixed slot (YearDraws below); only a
// decision that needs more than its slot (a ziggurat rejection, a second judgement) continues
// on its own counter. A busy year costs two blocks instead of one per decision, and a decision's
// draws still never depend on another's.
#pragma once

#include <Random123/philox.h>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

namespace pathways::rng {

enum class Purpose : std::uint16_t {
    year = 0,            // the blocks a child's year shares out at fixed slots (YearDraws)
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
    first1000 = 27,      // reached by a first-1000-days programme (at 2)
    fewer_repeats = 28,  // promoted with support instead of repeating groep 2-7
    newcomer = 29,       // arrival during primary school with Dutch as a second language, and a newcomer class
    special_education = 30,  // referral to special primary education (sbo), or support in the regular school
};

namespace detail {

// The first word of boost::random::normal_distribution<float> on a 32-bit engine: its ziggurat
// (128 layers, the low byte picks the layer and sign, the upper 24 bits the position) accepts
// about 99% of draws on their first word, by one table comparison. This is that path, with the
// same float operations in the same order (Boost's tables, x = r * x_i, accepted while
// x < x_{i+1}, then x * sign * sigma + mean with sigma 1 and mean 0), so that a stream can take
// it inline and hand Boost only the rare draws it does not accept here: Boost then starts again
// from the same word and gives what it would have given anyway. A unit test checks this against
// Boost word by word.
[[gnu::always_inline]] inline bool normal_first_word(std::uint32_t word, float& z) noexcept {
    const double* const table_x = boost::random::detail::normal_table<double>::table_x;
    const int bucket = static_cast<int>(word & 0xFFu);
    const float r = static_cast<float>(word >> 8) * (1.0f / static_cast<float>(1u << 24));
    const int layer = bucket >> 1;
    const float x = r * static_cast<float>(table_x[layer]);
    if (!(x < table_x[layer + 1])) return false;
    const float sigma = 1.0f, mean = 0.0f;
    z = x * static_cast<float>((bucket & 1) * 2 - 1) * sigma + mean;
    return true;
}

}  // namespace detail

// boost::random::uniform_01<double> on one word of a 32-bit engine (Stream::uniform): the word
// over 2^32, for passes that hold many children's words in arrays.
constexpr double uniform_of_word(std::uint32_t word) noexcept { return static_cast<double>(word) * (1.0 / 4294967296.0); }

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
           Purpose purpose) noexcept
        : Stream(philox_key(key), child, birth_year, age, purpose) {}
    Stream(const Philox::key_type& key, std::uint32_t child, std::uint32_t birth_year, std::uint32_t age,
           Purpose purpose) noexcept
        : key_(key), ctr_(counter(child, birth_year, age, purpose, 0)) {}
    // With its first block already made (by philox4x32_batch, for many children at once): the
    // same words, the next block made on demand.
    Stream(const Philox::key_type& key, std::uint32_t child, std::uint32_t birth_year, std::uint32_t age, Purpose purpose,
           const Philox::ctr_type& first_block) noexcept
        : key_(key), ctr_(counter(child, birth_year, age, purpose, 1)), block_(first_block), used_(0) {}

    // The counter of a stream's block: the one place that lays out (child, birth year, age and
    // purpose, block), for streams, the year blocks and the batched Philox alike.
    static constexpr Philox::ctr_type counter(std::uint32_t child, std::uint32_t birth_year, std::uint32_t age,
                                              Purpose purpose, std::uint32_t block) noexcept {
        return {{child, birth_year, (age << 16) | static_cast<std::uint32_t>(purpose), block}};
    }

    static Philox::key_type philox_key(StreamKey key) noexcept {
        return {{static_cast<std::uint32_t>(key.seed) ^ (key.replicate * 0x9E3779B9u),
                 static_cast<std::uint32_t>(key.seed >> 32) ^ key.replicate}};
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    result_type operator()() noexcept {
        if (used_ == 4) refill();
        return block_.v[used_++];
    }

    // The model's rules draw through these three calls only, so a unit test can hand a rule a
    // scripted stream with the same three members and force every draw.
    double uniform() noexcept { return boost::random::uniform_01<double>{}(*this); }
    bool bernoulli(double p) noexcept { return uniform() < p; }
    // Single precision takes one 32-bit word per draw (double takes two); its 24-bit resolution
    // is far below anything the model's rules can tell apart.
    double normal() noexcept {
        if (used_ == 4) refill();  // as Boost's first word would
        float z;
        if (detail::normal_first_word(block_.v[used_], z)) {
            ++used_;
            return z;
        }
        return boost_normal();
    }

private:
    [[gnu::noinline]] double boost_normal() noexcept { return boost::random::normal_distribution<float>{}(*this); }
    // Out of line: inlined, the compiler hoists the key schedule out of the drawing loops of
    // every rule, paying ~40 instructions a decision for a block that a slot's words mostly make
    // unnecessary.
    [[gnu::noinline]] void refill() noexcept {
        block_ = Philox{}(ctr_, key_);
        ++ctr_.v[3];
        used_ = 0;
    }

    Philox::key_type key_;
    Philox::ctr_type ctr_;
    Philox::ctr_type block_{};
    unsigned used_ = 4;
};

// A stream whose first words were made in a batch (philox_blocks, for many children at once):
// the words Stream would give, `count` of them from `words`, then Stream's blocks from
// `next_counter` on, made on demand. The same three calls as Stream, so the rules take either.
class PremadeStream {
public:
    using result_type = std::uint32_t;

    PremadeStream(const Stream::Philox::key_type& key, const Stream::Philox::ctr_type& next_counter, const std::uint32_t* words,
                  unsigned count) noexcept
        : key_(key), ctr_(next_counter), next_(words), end_(words + count) {}

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    result_type operator()() noexcept { return next_ != end_ ? *next_++ : from_blocks(); }
    double uniform() noexcept { return boost::random::uniform_01<double>{}(*this); }
    bool bernoulli(double p) noexcept { return uniform() < p; }
    double normal() noexcept {
        float z;
        if (next_ != end_ && detail::normal_first_word(*next_, z)) {
            ++next_;
            return z;
        }
        return boost_normal();  // Stream::normal from the same word
    }

private:
    [[gnu::noinline]] double boost_normal() noexcept { return boost::random::normal_distribution<float>{}(*this); }
    [[gnu::noinline]] result_type from_blocks() noexcept {
        if (used_ == 4) {
            block_ = Stream::Philox{}(ctr_, key_);
            ++ctr_.v[3];
            used_ = 0;
        }
        return block_.v[used_++];
    }

    Stream::Philox::key_type key_;
    Stream::Philox::ctr_type ctr_;
    const std::uint32_t* next_;
    const std::uint32_t* end_;
    Stream::Philox::ctr_type block_{};
    unsigned used_ = 4;
};

// Word slots of a child's year blocks. A primary year uses words 0-4, a secondary year 0-7. A
// child grows in primary/10-14 or in secondary in a year, never both; primary retention and
// early leaving never fall in the same year either.
struct YearSlot {
    std::uint8_t first = 0, count = 0;
};
constexpr YearSlot year_slot(Purpose purpose) noexcept {
    switch (purpose) {
        case Purpose::wellbeing: return {0, 2};
        case Purpose::primary_growth:
        case Purpose::secondary_growth: return {2, 2};
        case Purpose::primary_retention:
        case Purpose::early_leaving: return {4, 1};
        case Purpose::track_move: return {5, 2};
        case Purpose::secondary_retention: return {7, 1};
        default: return {};
    }
}

class YearDraws;

// One decision's draws in a child's year: the words of its slot first, then its own stream
// (counter (child, birth year, age << 16 | purpose, 0, 1, ...)), made only if the slot runs out.
// Small and inlined, so a rule's draws from the slot cost a load each; the same three calls as
// Stream, so the rules take either.
class SlotStream {
public:
    using result_type = std::uint32_t;

    SlotStream(const YearDraws& year, Purpose purpose, const std::uint32_t* head, unsigned count) noexcept
        : year_(&year), next_(head), end_(head + count), purpose_(purpose) {}

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    [[gnu::always_inline]] result_type operator()() noexcept { return next_ != end_ ? *next_++ : from_own_stream(); }

    [[gnu::always_inline]] double uniform() noexcept { return boost::random::uniform_01<double>{}(*this); }
    [[gnu::always_inline]] bool bernoulli(double p) noexcept { return uniform() < p; }
    [[gnu::always_inline]] double normal() noexcept {
        float z;
        if (next_ != end_ && detail::normal_first_word(*next_, z)) {
            ++next_;
            return z;
        }
        return next_ != end_ ? boost_normal() : own_normal();
    }

private:
    [[gnu::noinline]] double boost_normal() noexcept { return boost::random::normal_distribution<float>{}(*this); }
    // A slot used up: Boost would take every word from the own stream, so the own stream's normal
    // gives the same, by its first-word path where that word is accepted (the upper-year drop's
    // judgement after the retention's, each year for havo and vwo pupils in years 4 and up).
    double own_normal() noexcept;
    result_type from_own_stream() noexcept;  // out of line (below): rare, and it makes a Philox block
    Stream& own() noexcept;                  // the own stream, made when first needed

    const YearDraws* year_;
    const std::uint32_t* next_;
    const std::uint32_t* end_;
    Purpose purpose_;
    std::optional<Stream> own_;
};

// A child's draws in one year. Decisions made every school year take their first words from a
// fixed slot of two blocks of counter (child, birth year, age << 16 | Purpose::year, 0..1),
// made when first needed; a purpose without a slot draws its own stream from its first word.
// Two purposes may share a slot only when no year can need both; handing out a slot twice
// throws, so a rule that breaks this fails its tests instead of correlating two decisions.
class YearDraws {
public:
    YearDraws(StreamKey key, std::uint32_t child, std::uint32_t birth_year, std::uint32_t age) noexcept
        : YearDraws(Stream::philox_key(key), child, birth_year, age) {}
    YearDraws(const Stream::Philox::key_type& key, std::uint32_t child, std::uint32_t birth_year, std::uint32_t age) noexcept
        : key_(key), child_(child), birth_year_(birth_year), age_(age) {}
    // With both blocks already made (by philox4x32_batch, for many children at once).
    YearDraws(const Stream::Philox::key_type& key, std::uint32_t child, std::uint32_t birth_year, std::uint32_t age,
              const std::uint32_t (&words)[8]) noexcept
        : YearDraws(key, child, birth_year, age) {
        for (unsigned k = 0; k < 8; ++k) words_[k] = words[k];
        made_ = 3;
    }
    static constexpr unsigned kBlocks = 2;

    // The draws of `purpose` this year. The year must outlive them.
    [[gnu::always_inline]] SlotStream stream(Purpose purpose) {
        const YearSlot s = year_slot(purpose);
        if (s.count == 0) return SlotStream(*this, purpose, words_, 0);
        const unsigned bits = ((1u << s.count) - 1) << s.first;
        if (taken_ & bits) throw std::logic_error("two decisions of one year share a random-number slot");
        taken_ |= bits;
        const unsigned blocks = (1u << (s.first / 4)) | (1u << ((s.first + s.count - 1) / 4));
        if ((made_ & blocks) != blocks) make_blocks(blocks);
        return SlotStream(*this, purpose, &words_[s.first], s.count);
    }
    // The purpose's own stream, which goes on after its slot.
    Stream own_stream(Purpose purpose) const noexcept { return Stream(key_, child_, birth_year_, age_, purpose); }

private:
    // Rare: the engine makes the blocks in batches (philox4x32_batch) before the year's update.
    [[gnu::noinline, gnu::cold]] void make_blocks(unsigned blocks) noexcept {
        for (unsigned b = 0; b < kBlocks; ++b) {
            if (!(blocks & (1u << b)) || (made_ & (1u << b))) continue;
            made_ |= 1u << b;
            const auto block = Stream::Philox{}(Stream::counter(child_, birth_year_, age_, Purpose::year, b), key_);
            for (unsigned k = 0; k < 4; ++k) words_[4 * b + k] = block.v[k];
        }
    }

    Stream::Philox::key_type key_;
    std::uint32_t child_, birth_year_, age_;
    std::uint32_t words_[8];  // valid for the blocks in made_
    unsigned made_ = 0, taken_ = 0;
};

inline Stream& SlotStream::own() noexcept {
    if (!own_) own_.emplace(year_->own_stream(purpose_));
    return *own_;
}

[[gnu::noinline]] inline SlotStream::result_type SlotStream::from_own_stream() noexcept { return own()(); }

[[gnu::noinline]] inline double SlotStream::own_normal() noexcept { return own().normal(); }

}  // namespace pathways::rng
