// Secondary school (MODEL.md §3.8): placement in year 1, the bridge class, moving up and down in
// years 1-3, retention, exams, stacking and early leaving.
#pragma once

#include "model/norms.hpp"
#include "model/params.hpp"
#include "model/population.hpp"

#include <algorithm>
#include <cmath>

namespace pathways::model {

inline int final_year(int track) { return track == 5 ? 6 : track == 4 ? 5 : 4; }

struct Placement {
    int low = 1;
    int high = 1;
    ClassType type = ClassType::categorical;
};

// Year-1 class from the definitive advice. The lowest part of the vso/pro/vmbo-b advice goes to
// pro; a double advice means a dual bridge class; some single gt/havo/vwo advices go to a broad
// (gt/havo/vwo) bridge class; and some single vmbo-b, vmbo-k, vmbo-gt and havo advices go to a
// class reaching one level above the advice. Most of these are two-level classes (a dakpanklas
// such as havo/vwo for a havo advice), where the pupil settles on the upper level when its results
// reach it: no change against the year-1 class (M01-M03), yet above its advice in year 3 (T04).
// The rest (above_advice_categorical_share) are one-level classes of the next level: a pupil who
// falls back to its advice there has moved down against its year-1 class, yet is at its advice in
// year 3 (T01). One uniform draw decides both, so a share of 0 leaves every draw as it was.
template <class Rng>
Placement place_in_year1(Rng& rng, const SecondaryParams& p, const Norms& n, int advice, double teacher_score) {
    Placement c;
    if (advice == 0 && teacher_score < n.pro_cut) {
        c.low = c.high = 0;
        return c;
    }
    c.low = advice_low_track(advice);
    c.high = advice_high_track(advice);
    if (c.low != c.high) c.type = ClassType::dual;
    else if (c.low >= 3 && rng.bernoulli(p.broad_bridge_share)) {
        c.low = 3;
        c.high = 5;
        c.type = ClassType::broad;
    } else if (c.low < 5) {
        const double u = rng.uniform();
        if (u < p.class_above_advice_share * p.above_advice_categorical_share) {
            c.low = c.high = c.low + 1;
        } else if (u < p.class_above_advice_share) {
            c.high = c.low + 1;
            c.type = ClassType::dual;
        }
    }
    return c;
}

// A class's pace over tracks [low, high]: the mean of its tracks' growth, summed from low up.
inline double class_pace(const SecondaryParams& p, int low, int high) {
    double pace = 0;
    for (int t = low; t <= high; ++t) pace += p.track_growth[static_cast<std::size_t>(t)];
    pace /= (high - low + 1);
    return pace;
}

// A year's school results: achievement measured with noise, rescaled to the national norm.
template <class Rng>
double year_results(Rng& rng, ResultNoise noise, double achievement_z) {
    return (achievement_z + noise.sd * rng.normal()) / noise.scale;
}

// Warm hand-over (7.27): in years 1-2 the secondary school weighs the primary teacher's judgement
// at 12 (standardised, its shift by parental education included) beside the year's results, with
// weight `weight` (interventions.handover_weight). Two measures of the same pupil average out
// noise; the teacher's shift by parental education comes along, so the effect on the social gap
// follows from that shift and the weight, not from an assumed sign.
inline double handed_over_results(double weight, double results, double teacher_score) {
    return (1.0 - weight) * results + weight * teacher_score;
}

// The chance that a pupil whose results lie past a move's margin actually changes level at the
// end of school year `grade`: move_probability down, move_up_ratio of it up (Dutch cohorts move
// down about three times as often as up within three years, M02). A move down after the first
// year happens at year1_down_ratio of the usual rate (schools give a new pupil time: after one
// year as many pupils are above their year-1 class as below it, after three years three times
// fewer, M01 against M02). From the end of year 3 the vmbo upper years follow the exam programme
// of their own level: a move up from basis to kader happens at basis_up_after_year3 of the rate.
// A move `back`, undoing the pupil's earlier moves (up after being moved down, down after being
// moved up), happens at move_back_ratio of the rate: a school that has moved a pupil keeps to its
// decision rather than follow one year's results back (CBS counts few pupils who changed level
// both ways in years 1-3, M02).
inline double move_chance(const SecondaryParams& p, int track, int grade, bool up, bool back) {
    const double rate = up ? p.move_probability * p.move_up_ratio * (track == 1 && grade >= 3 ? p.basis_up_after_year3 : 1.0)
                           : p.move_probability * (grade == 1 ? p.year1_down_ratio : 1.0);
    return back ? rate * p.move_back_ratio : rate;
}

// The level a bridge class settles on, within the class's range of levels [low, high]: from the
// level the pupil started at (`start`: its advised level in a broad class, the lowest level of a
// dual, two-level or havokans class) up to the highest level whose band the year's results reach
// by settle_up_margin (schools place cautiously), or, with a move down's chance, down to the level
// its results fall to when they lie below the starting level's band by move_down_margin, as in a
// categorical class of the advised level. So a broad class lets a pupil
// settle above its advice on its results without pushing others below it, as a combined class is
// meant to (L03, [KR15]). One level beyond the class's range is a move: results past a move's
// margin, with a move's chance (move_chance).
template <class Rng>
int bridge_decision(Rng& rng, const SecondaryParams& p, const Norms& n, int low, int high, int start, int grade,
                    double results) {
    if (high < 5 && results > n.track_upper(high) + p.move_up_margin && rng.bernoulli(move_chance(p, high, grade, true, false)))
        return high + 1;
    if (low > 1 && results < n.track_lower(low) - p.move_down_margin && rng.bernoulli(move_chance(p, low, grade, false, false)))
        return low - 1;
    start = std::clamp(start, low, high);
    const int reached = std::clamp(track_of(results - p.settle_up_margin, n), low, high);
    if (reached > start) return reached;
    const int fallen = std::clamp(track_of(results + p.move_down_margin, n), low, high);
    if (fallen < start && rng.bernoulli(move_chance(p, start, grade, false, false))) return fallen;
    return start;
}

// Opstroom/afstroom: results past a margin beyond the track's band move the pupil one track with
// a move's chance (move_chance). `earlier` is the direction of the pupil's earlier moves (+1 net
// up, -1 net down, 0 none); a move against it is a move back. Returns -1, 0 or +1.
template <class Rng>
int track_move(Rng& rng, const SecondaryParams& p, const Norms& n, int track, int grade, double results, int earlier = 0) {
    if (track == 0) return 0;
    if (track < 5 && results > n.track_upper(track) + p.move_up_margin)
        return rng.bernoulli(move_chance(p, track, grade, true, earlier < 0)) ? 1 : 0;
    if (track > 1 && results < n.track_lower(track) - p.move_down_margin)
        return rng.bernoulli(move_chance(p, track, grade, false, earlier > 0)) ? -1 : 0;
    return 0;
}

// Havo 4 admits pupils with a vmbo-t diploma or a promotion from havo 3, so a pupil moved up from
// vmbo-gt at the end of year 3 goes on in havo 3: that move costs a year (docs/model.md, "Moving up
// or down"). It is not a repeat in CBS's sense: the level changed. Earlier moves keep the pace.
inline bool move_costs_a_year(int from_track, int to_track, int grade) { return grade == 3 && from_track == 3 && to_track == 4; }

// Normal quantile of a rate, with the ends mapped to "never" and "always".
inline double rate_quantile(double rate) {
    if (rate <= 0) return -INFINITY;
    if (rate >= 1) return INFINITY;
    return normal_quantile(rate);
}

inline double retention_rate(const SecondaryParams& p, int track, int year) {
    if (year == 1) return p.retention_year1;
    if (track == 4 && year == 3) return p.retention_havo3;
    if (track == 4 && year == 4) return p.retention_havo4;
    if (track <= 3 && year >= 3) return p.retention_vmbo_upper;
    if (track == 5 && year >= 3) return p.retention_vwo_upper;
    return p.retention_other;
}

// A judgement's weights on the child's position and on its own noise, sqrt(1 - selectivity^2)
// (worked out once per parameter value, as for ResultNoise; a plain selectivity converts).
struct Selectivity {
    double position = 0, noise = 1;
    Selectivity(double selectivity) : position(selectivity), noise(std::sqrt(1.0 - selectivity * selectivity)) {}  // NOLINT: implicit on purpose
};

// An event that hits the weakest more often: a judgement correlated (selectivity) with the
// child's standardised position falls below the normal quantile of the event's national rate,
// so the rate holds on average wherever the position is standard normal (achievement against
// the national norm in primary school; position in class in secondary school).
template <class Rng>
[[gnu::always_inline]] inline bool weak_position_event(Rng& rng, double rate_quantile, Selectivity selectivity, double position_z) {
    if (rate_quantile == -INFINITY) return false;
    if (rate_quantile == INFINITY) return true;
    const double z = selectivity.position * position_z + selectivity.noise * rng.normal();
    return z < rate_quantile;
}

// The exam (D01-D06): the candidate fails when a judgement correlated with its position in class
// falls below the fail rate's quantile; a failed candidate redoes the exam year with the chance
// repeat_after_fail, else leaves. Both draws from the exam's stream.
enum class ExamOutcome { passed, redo_year, failed };
template <class Rng>
ExamOutcome exam_outcome(Rng& rng, double fail_rate_quantile, Selectivity selectivity, double position, double repeat_after_fail) {
    if (!weak_position_event(rng, fail_rate_quantile, selectivity, position)) return ExamOutcome::passed;
    return rng.bernoulli(repeat_after_fail) ? ExamOutcome::redo_year : ExamOutcome::failed;
}

// Stacking (stapelen): after a vmbo-gt diploma to havo year 4, after a havo diploma to vwo year 5,
// with the stacking rates (times stack_ratio for a custom-diploma candidate). Returns the track
// stacked to, or -1.
template <class Rng>
int stacking_track(Rng& rng, const SecondaryParams& p, int track, double stack_ratio) {
    if (track == 3 && rng.bernoulli(std::min(1.0, p.stack_gt_to_havo * stack_ratio))) return 4;
    if (track == 4 && rng.bernoulli(std::min(1.0, p.stack_havo_to_vwo * stack_ratio))) return 5;
    return -1;
}

// Custom diploma (maatwerkdiploma, A31): an exam candidate below vwo takes part with the share
// offered, and uses it when the year's results reach into the next level's band.
template <class Rng>
bool custom_diploma_candidate(Rng& rng, double share, const Norms& n, int track, double results) {
    return rng.bernoulli(share) && results > n.track_upper(track);
}

}  // namespace pathways::model
