// Primary school choice and the school lottery (docs/model.md §3.4, 7.6): each family ranks the
// schools of its choice set, then families are served by lottery number.
#include "model/world.hpp"

#include "model/choice_order.hpp"
#include "model/primary.hpp"
#include "rng/philox_batch.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pathways::model {

using rng::Purpose;

namespace {

// A family's choice set: the k_max schools of its district nearest to its home (fewer where the
// district has fewer), as their first place among the district's schools and their number, the
// place of the nearest school, and the district's schools.
struct ChoiceSet {
    int first, choices, nearest, count;
};
[[gnu::always_inline]] inline ChoiceSet choice_set(float home_position, int count, int k_max) {
    const int choices = std::min(k_max, count);
    const int nearest = std::clamp(static_cast<int>(home_position * count), 0, count - 1);
    return ChoiceSet{std::clamp(nearest - choices / 2, 0, count - choices), choices, nearest, count};
}

}  // namespace

// Phase 2: children turning 4 get a primary school. Each family ranks the schools of its
// choice set (in parallel: the ranking reads only the family's own draws); places are limited,
// so the ranked lists are then settled in a deterministic order: by each child's lottery number,
// ties by index.
void World::settle_school_choice(int year, const Executor& exec) {
    const auto& pop = params_.population;
    const int cohort = year - 4 - pop.first_birth_year;
    school_intake_.assign(schools_.size(), 0);
    if (cohort < 0 || cohort >= pop.birth_cohorts) return;
    const std::size_t n = cohort_size_[static_cast<std::size_t>(cohort)];
    const std::size_t base = cohort_offset_[static_cast<std::size_t>(cohort)];
    const std::size_t k_max = static_cast<std::size_t>(params_.primary.choice_set);
    // The lottery keys (in child order until sorted), the sort's second buffer, each family's
    // first school of its choice set (a district's schools are consecutive, so place p of the
    // set is that school + p) and its ranked schools as places in the set (a byte each, kNone
    // past the set's end), in one block on huge pages: fresh memory is paid for at its first
    // write, ~6,000 cycles a 4 KiB page on the development machine against a fifth of that per
    // byte on 2 MiB pages (docs/performance.md).
    constexpr std::uint8_t kNone = 0xFF;
    const std::size_t keys_bytes = ColumnArena::padded(n * sizeof(std::uint64_t));
    const std::size_t first_bytes = ColumnArena::padded(n * sizeof(std::int32_t));
    const ColumnArena scratch(2 * keys_bytes + first_bytes + n * k_max);
    std::uint64_t* order = reinterpret_cast<std::uint64_t*>(scratch.data());
    std::uint64_t* const sort_buffer = reinterpret_cast<std::uint64_t*>(scratch.data() + keys_bytes);
    std::int32_t* const set_first = reinterpret_cast<std::int32_t*>(scratch.data() + 2 * keys_bytes);
    std::uint8_t* const ranked = reinterpret_cast<std::uint8_t*>(scratch.data() + 2 * keys_bytes + first_bytes);
    exec.for_ranges(n, [&](std::size_t b, std::size_t e, std::size_t) {
        if (reference_school_choice_) {
            std::fill(ranked + b * k_max, ranked + e * k_max, kNone);
            return rank_families_reference(base, b, e, k_max, order, set_first, ranked);
        }
        // Groups of families, their options transposed (option j of family f at [j * families +
        // f]) as rank_transposed takes them.
        constexpr std::size_t kFamilies = kChoiceGroup;
        std::vector<double> base_utility(kFamilies * k_max), uniform(kFamilies * k_max);
        std::vector<std::int32_t> options(kFamilies);
        // The school-choice stream's words (the lottery number, then one per school of the set),
        // its blocks for all the group's families made in one batch: the words Stream would give.
        const std::size_t stream_blocks = (k_max + 1 + 3) / 4, stream_words = 4 * stream_blocks;
        std::vector<rng::Stream::Philox::ctr_type> counters(kFamilies * stream_blocks), blocks(kFamilies * stream_blocks);
        for (std::size_t k0 = b; k0 < e; k0 += kFamilies) {
            const std::size_t families = std::min(kFamilies, e - k0);
            for (std::size_t f = 0; f < families; ++f) {
                const std::size_t i = base + k0 + f;
                for (std::size_t block = 0; block < stream_blocks; ++block)
                    counters[f * stream_blocks + block] = rng::Stream::counter(pop_.index_in_cohort[i], pop_.birth_year[i], 4,
                                                                               Purpose::school_choice, static_cast<std::uint32_t>(block));
            }
            rng::philox_blocks(key_, families * stream_blocks, counters.data(), blocks.data());
            static_assert(sizeof(rng::Stream::Philox::ctr_type) == 4 * sizeof(std::uint32_t));
            PATHWAYS_SIMD_CALL(choice_options, (base + k0, k0, families, k_max, blocks.data()->v, stream_words, order, set_first,
                                                options.data(), base_utility.data(), uniform.data()));
            std::fill(ranked + k0 * k_max, ranked + (k0 + families) * k_max, kNone);
            rank_transposed(base_utility.data(), uniform.data(), options.data(), families, k_max, ranked + k0 * k_max);
        }
    });
    order = sort_lottery(order, sort_buffer, n);

    // The places each school has left (negative where it took a child over capacity), in one
    // array that stays in the first-level cache rather than the intake beside the schools' records.
    std::vector<int> free_places(schools_.size());
    for (std::size_t s = 0; s < schools_.size(); ++s) free_places[s] = schools_[s].places_per_year;
    auto has_place = [&](int s) { return free_places[static_cast<std::size_t>(s)] > 0; };
    // Admission agreements (docs/model.md 7.33): in the admission lever's districts a school takes
    // low-SES pupils only up to (their share of the district's intake this year + margin) of its
    // places, and other pupils up to (their share + margin). A family whose ranked schools are
    // all full for its group gets the nearest school in the district with a place for it, else
    // the nearest with any place. Without a cap (margin 1, or a district the lever does not
    // reach) fits is has_place, and every family gets the school it gets without agreements.
    AdmissionQuota quota = admission_quota(base, n);
    auto fits = [&](int s, std::size_t i) {
        const auto u = static_cast<std::size_t>(s);
        if (!has_place(s) || quota.low.empty() || !quota.capped[static_cast<std::size_t>(schools_[u].district)]) return has_place(s);
        return pop_.low_ses[i] ? quota.low_taken[u] < quota.low[u] : quota.other_taken[u] < quota.other[u];
    };
    // Families come in lottery order, so each one's ranked set, first school and school column
    // are a cache miss: fetched some families ahead, the misses overlap instead of stalling the
    // hand-out one by one (for a national cohort 9-27 million cycles without the prefetches,
    // 3-5 with them).
    constexpr std::size_t kAhead = 16;
    for (std::size_t place = 0; place < n; ++place) {
        if (place + kAhead < n) {
            const std::size_t k_ahead = order[place + kAhead] & 0xFFFFFFFFu, i_ahead = base + k_ahead;
            __builtin_prefetch(&ranked[k_ahead * k_max]);
            __builtin_prefetch(&set_first[k_ahead]);
            __builtin_prefetch(&pop_.school[i_ahead], 1);
        }
        const std::size_t k = order[place] & 0xFFFFFFFFu;
        const std::size_t i = base + k;
        int chosen = -1;
        for (std::size_t j = 0; j < k_max && chosen < 0; ++j) {
            const std::uint8_t at = ranked[k * k_max + j];
            if (at == kNone) continue;
            const int s = set_first[k] + at;
            if (fits(s, i)) chosen = s;
        }
        if (chosen < 0) {  // all preferred schools full: the nearest school in the district with a place
            const int local = district_first_school_[pop_.district[i]];  // the district's schools: local + place
            const auto [first, choices, nearest, count] =
                choice_set(pop_.home_position[i], district_school_count_[pop_.district[i]], static_cast<int>(k_max));
            for (int d = 1; d < count && chosen < 0; ++d)
                for (const int j : {nearest - d, nearest + d})
                    if (j >= 0 && j < count && fits(local + j, i)) {
                        chosen = local + j;
                        break;
                    }
            for (int d = 1; d < count && chosen < 0 && !quota.low.empty(); ++d)  // over its group's cap rather than over capacity
                for (const int j : {nearest - d, nearest + d})
                    if (j >= 0 && j < count && has_place(local + j)) {
                        chosen = local + j;
                        break;
                    }
            if (chosen < 0) chosen = local + nearest;  // over capacity rather than no school
        }
        --free_places[static_cast<std::size_t>(chosen)];
        if (!quota.low.empty()) ++(pop_.low_ses[i] ? quota.low_taken : quota.other_taken)[static_cast<std::size_t>(chosen)];
        pop_.school[i] = chosen;
    }
    for (std::size_t s = 0; s < schools_.size(); ++s) school_intake_[s] = schools_[s].places_per_year - free_places[s];
}

// The caps of admission agreements for the cohort of children [base, base + n): empty where no
// district has one this year (interventions.admission_margin 1, or the admission lever inactive).
World::AdmissionQuota World::admission_quota(std::size_t base, std::size_t n) const {
    AdmissionQuota q;
    const double margin = params_.interventions.admission_margin;
    if (margin >= 1) return q;
    q.capped.assign(district_count(), 0);
    bool any = false;
    for (std::size_t d = 0; d < district_count(); ++d) {
        q.capped[d] = reaches(Lever::admission, d) ? 1 : 0;
        any = any || q.capped[d] != 0;
    }
    if (!any) return q;
    std::vector<double> families(district_count(), 0.0), low(district_count(), 0.0);
    for (std::size_t k = 0; k < n; ++k) {
        families[pop_.district[base + k]] += 1;
        low[pop_.district[base + k]] += pop_.low_ses[base + k];
    }
    q.low.assign(schools_.size(), 0);
    q.other.assign(schools_.size(), 0);
    q.low_taken.assign(schools_.size(), 0);
    q.other_taken.assign(schools_.size(), 0);
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        const auto d = static_cast<std::size_t>(schools_[s].district);
        const double share = families[d] > 0 ? low[d] / families[d] : 0.0;
        const double places = schools_[s].places_per_year;
        q.low[s] = static_cast<int>(std::ceil(places * std::min(1.0, share + margin)));
        q.other[s] = static_cast<int>(std::ceil(places * std::min(1.0, 1.0 - share + margin)));
    }
    return q;
}

// For a group of families (children first_child + f, f < families, the cohort's families
// first_key + f): each one's lottery key (in lottery[first_key + f]), the first school of its
// choice set (in set_first[first_key + f]) and its number of schools, and school_utility's base
// and uniform for each place of the set (place j of family f at [j * families + f], the uniforms
// in the set's order). A place past a smaller set takes the base of the set's first school and the
// valid uniform 0.5: rank_transposed uses neither. Family by family and then place by place, loops
// over the families that the compiler vectorises (gathers of the districts' and schools' arrays and
// of the stream words, family f's word w at words[f * stream_words + w]); a condition around a
// load would keep them scalar.
[[gnu::always_inline]] inline void World::choice_options_body(std::size_t first_child, std::size_t first_key, std::size_t families, std::size_t k_max,
                           const std::uint32_t* words, std::size_t stream_words, std::uint64_t* lottery, std::int32_t* set_first,
                           std::int32_t* options, double* base_utility, double* uniform) const {
    constexpr std::size_t kFamilies = kChoiceGroup;
    double home[kFamilies], schools_in_district[kFamilies];
    const std::uint8_t* const district = &pop_.district[first_child];
    const float* const home_position = &pop_.home_position[first_child];
    const std::uint8_t* const income_group = &pop_.income_group[first_child];
    const std::int32_t* const first_school = district_first_school_.data();
    const std::int32_t* const school_count = district_school_count_.data();
    for (std::size_t f = 0; f < families; ++f) {
        lottery[first_key + f] = lottery_key(rng::uniform_of_word(words[f * stream_words]), static_cast<std::uint32_t>(first_key + f));
        const ChoiceSet set = choice_set(home_position[f], school_count[district[f]], static_cast<int>(k_max));
        set_first[first_key + f] = first_school[district[f]] + set.first;
        options[f] = set.choices;
        home[f] = home_position[f];
        schools_in_district[f] = static_cast<double>(set.count);
    }
    const double* const position = school_position_.data();
    const double* const profile = school_profile_.data();
    const PrimaryParams& pp = params_.primary;
    const std::int32_t* const group_first = set_first + first_key;
    for (std::size_t j = 0; j < k_max; ++j) {
        double* const base_j = &base_utility[j * families];
        double* const uniform_j = &uniform[j * families];
        const auto place = static_cast<std::int32_t>(j);
#pragma GCC ivdep
        for (std::size_t f = 0; f < families; ++f) {
            const bool in_set = place < options[f];
            const std::int32_t s = group_first[f] + (in_set ? place : 0);
            // floor of a distance that is never negative: the conversion's truncation
            const int rank = static_cast<int>(std::abs(position[s] - home[f]) * schools_in_district[f]);
            base_j[f] = school_base_utility(pp, rank, profile[s], income_group[f]);
            const double u = rng::uniform_of_word(words[f * stream_words + j + 1]);
            uniform_j[f] = in_set ? u : 0.5;
        }
    }
}

PATHWAYS_SIMD_DEFINE(World, choice_options,
                     (std::size_t first_child, std::size_t first_key, std::size_t families, std::size_t k_max, const std::uint32_t* words,
                      std::size_t stream_words, std::uint64_t* lottery, std::int32_t* set_first, std::int32_t* options,
                      double* base_utility, double* uniform) const,
                     (first_child, first_key, families, k_max, words, stream_words, lottery, set_first, options, base_utility, uniform))

// The reference for families [begin, end) of the cohort starting at child `base`: each family on
// its own school-choice stream (the lottery number, then one uniform per school of its set, as
// school_utility draws them), its schools ordered by a comparison sort of (-utility, place) with
// the exact logarithm. The same lottery keys, first schools and ranked places as the groups of
// families in vector loops; a unit test compares the two.
void World::rank_families_reference(std::size_t base, std::size_t begin, std::size_t end, std::size_t k_max, std::uint64_t* lottery,
                                    std::int32_t* set_first, std::uint8_t* ranked) const {
    const PrimaryParams& pp = params_.primary;
    std::vector<std::pair<double, int>> order;
    for (std::size_t k = begin; k < end; ++k) {
        const std::size_t i = base + k;
        rng::Stream r = stream(i, 4, Purpose::school_choice);
        lottery[k] = lottery_key(r.uniform(), static_cast<std::uint32_t>(k));
        const int district = pop_.district[i];
        const ChoiceSet set = choice_set(pop_.home_position[i], district_school_count_[static_cast<std::size_t>(district)],
                                         static_cast<int>(k_max));
        set_first[k] = district_first_school_[static_cast<std::size_t>(district)] + set.first;
        order.clear();
        for (int place = 0; place < set.choices; ++place) {
            const auto s = static_cast<std::size_t>(set_first[k] + place);
            const int rank = static_cast<int>(std::abs(school_position_[s] - static_cast<double>(pop_.home_position[i])) *
                                              static_cast<double>(set.count));
            order.emplace_back(-school_utility(r, pp, rank, school_profile_[s], pop_.income_group[i]), place);
        }
        std::sort(order.begin(), order.end());
        for (std::size_t p = 0; p < order.size(); ++p) ranked[k * k_max + p] = static_cast<std::uint8_t>(order[p].second);
    }
}

}  // namespace pathways::model
