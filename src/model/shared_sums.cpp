// The sums that couple children (shared_sums.hpp) and the year's record: gathered from every
// child's state on 1 October, merged over workers, and turned into next year's shared state.
#include "model/shared_sums.hpp"

#include "model/primary.hpp"

#include <cmath>

namespace pathways::model {

void World::reset_parts(std::size_t workers) {
    if (parts_.size() != workers) parts_.assign(workers, Aggregates(schools_.size(), district_count()));
    else
        for (auto& a : parts_) a.clear();
}

// The state on 1 October of the first year, before any step.
void World::aggregate_only(int year, const Executor& exec) {
    const std::size_t n = pop_.size();
    reset_parts(exec.workers());
    exec.for_ranges(n, [&](std::size_t b, std::size_t e, std::size_t worker) {
        accumulate(parts_[worker], b, e, year);
    });
    apply_aggregates(year);
}

// Sums over schools and tracks from the state on 1 October of `year` of children [begin, end),
// and the events that ended their previous school year. Over a range rather than per child, with
// the sums' addresses, the columns and the constants in locals: GCC does not hoist a load that only
// some children reach (a pupil's school, its track) out of the loop, so members read in a branch
// were loaded again for every child.
void World::accumulate(Aggregates& a, std::size_t begin, std::size_t end, int year) const {
    if (begin == end) return;
    std::uint32_t* const events = a.events.data();
    std::uint32_t* const residents_by_age = a.residents_by_age.data();
    std::uint32_t* const enrolment = a.enrolment.data();
    std::uint32_t* const pupils = a.pupils.data();
    Aggregates::School* const schools = a.school.data();
    std::int64_t* const track_n = a.track_n.data();
    std::int64_t* const track_sum = a.track_sum.data();
    std::int64_t* const track_sumsq = a.track_sumsq.data();
    std::int64_t* const track_low = a.track_low.data();
    const Stage* const stage = pop_.stage.data();
    const Route* const route = pop_.route.data();
    const std::uint8_t* const resident = pop_.resident.data();
    const std::uint8_t* const district = pop_.district.data();
    const std::int8_t* const grade = pop_.grade.data();
    const std::int8_t* const track = pop_.track.data();
    const std::int32_t* const school = pop_.school.data();
    const std::uint8_t* const low_ses = pop_.low_ses.data();
    const Skills skill = skills();
    const int last_age = params_.population.last_age;
    // A child in the city of an age up to last_age on 1 October: its enrolment and its pupil sums.
    const auto enrolled = [&](std::size_t i, Stage st, bool in_city) {
        Enrolment kind = Enrolment::home;
        switch (st) {
            case Stage::home: kind = Enrolment::home; break;
            case Stage::preschool: kind = Enrolment::preschool; break;
            case Stage::primary: kind = Enrolment::primary; break;
            case Stage::ten_fourteen:
                kind = route[i] == Route::zero_eighteen ? Enrolment::zero_eighteen : Enrolment::ten_fourteen;
                break;
            case Stage::secondary: kind = static_cast<Enrolment>(5 + track[i]); break;
            default: kind = Enrolment::left_school; break;
        }
        if (in_city) ++enrolment[district[i] * kEnrolmentKinds + static_cast<std::size_t>(kind)];
        if (st == Stage::primary) {
            ++pupils[static_cast<std::size_t>(grade[i])];
            if (school[i] >= 0) {
                const auto s = static_cast<std::size_t>(school[i]);
                ++schools[s].n;
                schools[s].sum += fixed(skill.achievement(i));
                schools[s].low += low_ses[i];
                schools[s].language += fixed(skill.language(i));
            }
        } else if (st == Stage::secondary) {
            const auto t = static_cast<std::size_t>(track[i] * kGrades + grade[i]);
            ++pupils[static_cast<std::size_t>((1 + track[i]) * kGrades + grade[i])];
            const double x = skill.achievement(i);
            ++track_n[t];
            track_sum[t] += fixed(x);
            track_sumsq[t] += fixed(x * x);
            track_low[static_cast<std::size_t>(track[i])] += low_ses[i];
        }
    };
    const YearEvent* const event = pop_.event.data();
    const std::uint8_t* const event_level = pop_.event_level.data();
    const std::uint8_t* const event_grade = pop_.event_grade.data();
    for (std::size_t i = begin; i < end; ++i)
        if (event[i] != YearEvent::none)
            ++events[(event_level[i] * kGrades + event_grade[i]) * kYearEvents + static_cast<std::size_t>(event[i])];
    const std::uint16_t* const birth_year = pop_.birth_year.data();
    // A child's count among the residents by age, and its enrolment and pupil sums.
    const auto tally = [&](std::size_t i, int age) {
        const Stage st = stage[i];
        const bool in_city = resident[i] != 0;
        if (age >= 0 && age < 32 && in_city) ++residents_by_age[static_cast<std::size_t>(age)];
        if (age < 0 || age > last_age || st == Stage::unborn) return;
        enrolled(i, st, in_city);
    };
    // One cohort (children are in birth order), so one age for the range: the compiler takes the
    // age's tests out of the loop (off: the unit test's reference).
    if (vector_passes_ && birth_year[end - 1] == birth_year[begin]) {
        const int age = year - birth_year[begin];
        for (std::size_t i = begin; i < end; ++i) tally(i, age);
        return;
    }
    for (std::size_t i = begin; i < end; ++i) tally(i, year - birth_year[i]);
}

// Merges the workers' partial sums and derives next year's shared state: school composition, shortage, class
// positions, and the year's record.
void World::apply_aggregates(int year) {
    for (std::size_t k = 1; k < parts_.size(); ++k) parts_[0].merge(parts_[k]);
    const Aggregates& a = parts_[0];
    if (!years_.empty()) years_.back().events = a.events;
    if (year > last_year()) return;  // after the last step: only its events count

    // School composition, school weight and staff shortage.
    double low_total = 0, n_total = 0, mean_w = 0, var_w = 0, active = 0;
    std::vector<double> weight(schools_.size(), 0.0);
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        if (a.school[s].n == 0) continue;
        school_mean_achievement_[s] = static_cast<double>(a.school[s].sum) / kFixed / static_cast<double>(a.school[s].n);
        weight[s] = static_cast<double>(a.school[s].low) / static_cast<double>(a.school[s].n);
        low_total += static_cast<double>(a.school[s].low);
        n_total += static_cast<double>(a.school[s].n);
        mean_w += weight[s];
        active += 1;
    }
    if (active > 0) mean_w /= active;
    for (std::size_t s = 0; s < schools_.size(); ++s)
        if (a.school[s].n > 0) var_w += (weight[s] - mean_w) * (weight[s] - mean_w);
    const double sd_w = active > 1 ? std::sqrt(var_w / (active - 1)) : 0.0;
    double dissimilarity = 0;
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        if (a.school[s].n == 0) continue;
        school_shortage_[s] = school_shortage(params_.primary, sd_w > 0 ? (weight[s] - mean_w) / sd_w : 0.0);
        if (low_total > 0 && n_total > low_total)
            dissimilarity += std::abs(static_cast<double>(a.school[s].low) / low_total -
                                      static_cast<double>(a.school[s].n - a.school[s].low) / (n_total - low_total));
    }
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        school_pupils_[s] = a.school[s].n;
        school_mean_language_[s] =
            a.school[s].n ? static_cast<double>(a.school[s].language) / kFixed / static_cast<double>(a.school[s].n) : 0.0;
    }
    for (std::size_t t = 0; t < a.track_n.size(); ++t) {
        const double m = a.track_n[t] ? static_cast<double>(a.track_sum[t]) / kFixed / static_cast<double>(a.track_n[t]) : 0;
        const double q = a.track_n[t] ? static_cast<double>(a.track_sumsq[t]) / kFixed / static_cast<double>(a.track_n[t]) : 1;
        track_mean_[t] = m;
        track_sd_[t] = std::sqrt(std::max(1e-6, q - m * m));
    }
    // Segregation across secondary tracks: low-SES against other pupils over the six tracks.
    double secondary_dissimilarity = 0;
    {
        std::array<double, kTracks> n{}, low{};
        double n_all = 0, low_all = 0;
        for (std::size_t t = 0; t < kTracks; ++t) {
            for (int g = 0; g < kGrades; ++g) n[t] += static_cast<double>(a.track_n[t * kGrades + static_cast<std::size_t>(g)]);
            low[t] = static_cast<double>(a.track_low[t]);
            n_all += n[t];
            low_all += low[t];
        }
        if (low_all > 0 && n_all > low_all)
            for (std::size_t t = 0; t < kTracks; ++t)
                secondary_dissimilarity += 0.5 * std::abs(low[t] / low_all - (n[t] - low[t]) / (n_all - low_all));
    }
    years_.push_back(YearRecord{year, a.enrolment, a.residents_by_age, 0.5 * dissimilarity, secondary_dissimilarity, 0.0, 0,
                                a.pupils, {}, {}, {}, {}});
}

}  // namespace pathways::model
