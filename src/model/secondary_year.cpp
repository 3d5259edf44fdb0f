// How a secondary school year ends (docs/model.md §3.8), decision by decision: early leaving,
// praktijkonderwijs, the bridge class settling, a track move, the exam with the custom diploma and
// stacking, retention, the upper-year drop, or the next year. The decisions' rules are in
// secondary.hpp; this file applies them in that order.
#include "model/world.hpp"

#include "model/secondary.hpp"
#include "model/selection.hpp"

#include <algorithm>

namespace pathways::model {

using rng::Purpose;

// Early leaving (D12): a weak position and low wellbeing together, rescaled to N(0,1) so the
// national rate holds.
bool World::leaves_early(std::size_t i, rng::YearDraws& draws, double position) {
    rng::SlotStream r = draws.stream(Purpose::early_leaving);
    const double w = params_.wellbeing.early_leaving_weight;
    const double judged = early_leaving_position_weight_ * position + w * pop_.wellbeing[i];
    return weak_position_event(r, q_early_leaving_, early_leaving_selectivity_, judged);
}

void World::leave(std::size_t i, Stage stage) {
    pop_.stage[i] = stage;
    for (auto& after : pop_.diploma_after)
        if (after[i] == -2) after[i] = pop_.diploma[i];
}

// How a secondary school year ends, in the order of docs/model.md §3.8. `position` is the
// pupil's position in class on 1 October (school_learning).
void World::secondary_progress(std::size_t i, int age, rng::YearDraws& draws, double position) {
    const int grade = pop_.grade[i];
    const int level = 1 + pop_.track[i];  // where this year's event is counted: the track the year began in
    // 1. Early leaving (vsv); a stacker leaving with a diploma is not an early leaver.
    if (leaves_early(i, draws, position)) {
        if (pop_.diploma[i] >= 0) {
            mark(i, YearEvent::left_with_diploma, level, grade);
            return leave(i, Stage::left_with_diploma);
        }
        mark(i, YearEvent::left_early, level, grade);
        pop_.early_leaver[i] = 1;
        return leave(i, Stage::left_without_diploma);
    }
    // 2. Praktijkonderwijs: no exam, pupils stay until 18.
    if (pop_.track[i] == 0) {
        mark(i, YearEvent::promoted, level, grade);
        pop_.grade[i] = static_cast<std::int8_t>(std::min(grade + 1, 6));
        if (age + 1 >= 18) leave(i, Stage::left_pro);
        return;
    }
    // 3. The year's results, then a bridge class settling or a track move.
    const int track_before = pop_.track[i];
    const double results = settle_or_move(i, draws);
    // a move up from vmbo-gt after year 3 goes on in havo 3 (move_costs_a_year)
    if (move_costs_a_year(track_before, pop_.track[i], grade)) return mark(i, YearEvent::promoted, level, grade);
    // 4. The exam year: custom diploma, exam, stacking.
    if (grade >= final_year(pop_.track[i])) return exam_year(i, age, position, results);
    // 5. Retention, the upper-year drop, or the next year.
    retention_or_next_year(i, draws, position, level);
}

// The year's school results (measured with noise; in years 1-2 after a warm hand-over weighed with
// the primary teacher's judgement), and
// what they decide: a dual or broad bridge class settles after year 1 and the havokans-klas after
// year 2 (bridge_decision, within the class's range: up from the pupil's advised level in a broad
// class when its results reach higher, as a combined class is meant to); a categorical class in years 1-3 may move a track up or down (track_move).
// Returns the results, which the exam year's custom diploma reads.
double World::settle_or_move(std::size_t i, rng::YearDraws& draws) {
    const auto& sp = params_.secondary;
    int track = pop_.track[i];
    const int high = pop_.track_high[i];
    const int grade = pop_.grade[i];
    rng::SlotStream rm = draws.stream(Purpose::track_move);
    const bool handed_over = (pop_.interventions[i] & handover_bit) && grade <= 2;
    // the school and the family read the results with the shift by parental education that their
    // decisions after 12 carry (choice_shift, secondary.move_choice_bias)
    const double shift = choice_shift(sp.move_choice_bias, norms_, pop_.parent_edu[i]);
    const double measured = year_results(rm, results_noise_, achievement(i) + shift);
    const double results = handed_over ? handed_over_results(params_.interventions.handover_weight, measured, pop_.teacher_score[i]) : measured;
    const ClassType type = pop_.class_type[i];
    if (((type == ClassType::dual || type == ClassType::broad) && grade == 1) || (type == ClassType::havokans && grade == 2)) {
        // a broad class starts from the pupil's own advice, the others from their lowest level
        const int advice = pop_.final_advice[i];
        const int start = type == ClassType::broad && advice >= 0 ? advice_low_track(advice) : track;
        track = bridge_decision(rm, sp, norms_, track, high, start, grade, results);
        pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(track);
        pop_.class_type[i] = ClassType::categorical;
    } else if (type == ClassType::categorical && grade <= 3) {
        const int earlier = (pop_.moves_up[i] > pop_.moves_down[i]) - (pop_.moves_up[i] < pop_.moves_down[i]);
        const int move = track_move(rm, sp, norms_, track, grade, results, earlier);
        if (move != 0) {
            pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(track + move);
            ++(move > 0 ? pop_.moves_up[i] : pop_.moves_down[i]);
        }
    }
    return results;
}

// The exam year of the pupil's track: a custom diploma for a candidate who takes part and whose
// results reach the next level (fewer failures, a changed chance to stack), the exam
// (exam_outcome; redoing the exam year counts as repeating it), and after a pass the diploma and
// stacking (stacking_track) or leaving with the diploma.
void World::exam_year(std::size_t i, int age, double position, double results) {
    const auto& sp = params_.secondary;
    const auto& iv = params_.interventions;
    const int track = pop_.track[i];
    const int grade = pop_.grade[i];
    rng::Stream ex = stream(i, age, Purpose::exam);
    bool custom = false;
    if ((iv.custom_diploma_share > 0 || budgeted(Lever::custom_diploma)) && track < 5) {
        // With a budget (budget.hpp) the share is the one the budget pays for in the child's
        // district; its eligible children are those whose results point to the next level.
        const std::size_t d = pop_.district[i];
        const double share = reaches(Lever::custom_diploma, d) ? lever_share(Lever::custom_diploma, d, iv.custom_diploma_share) : 0.0;
        if (share > 0) {
            rng::Stream rc = stream(i, age, Purpose::custom_diploma);
            custom = custom_diploma_candidate(rc, share, norms_, track, results);
            if (custom) pop_.interventions[i] |= custom_diploma_bit;
        }
        if (budgeted(Lever::custom_diploma) && results > norms_.track_upper(track)) count_budget(Lever::custom_diploma, d, custom);
    }
    const double fail_rate_q = (custom ? q_custom_exam_fail_ : q_exam_fail_)[static_cast<std::size_t>(track)];
    switch (exam_outcome(ex, fail_rate_q, exam_selectivity_, position, sp.repeat_after_fail)) {
        case ExamOutcome::redo_year:
            ++pop_.retained_secondary[i];
            return mark(i, YearEvent::repeated, 1 + track, grade);
        case ExamOutcome::failed:
            mark(i, YearEvent::exam_failed, 1 + track, grade);
            return leave(i, pop_.diploma[i] >= 0 ? Stage::left_with_diploma : Stage::left_without_diploma);
        case ExamOutcome::passed: break;
    }
    mark(i, YearEvent::exam_passed, 1 + track, grade);
    pop_.diploma[i] = static_cast<std::int8_t>(std::max<int>(pop_.diploma[i], track));
    pop_.diploma_age[i] = static_cast<std::int8_t>(age + 1);
    rng::Stream st = stream(i, age, Purpose::stacking);
    const int stacked = stacking_track(st, sp, track, custom ? iv.custom_stack_ratio : 1.0);
    if (stacked < 0) return leave(i, Stage::left_with_diploma);
    pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(stacked);
    pop_.grade[i] = static_cast<std::int8_t>(stacked == 4 ? 4 : 5);  // havo 4 after vmbo-gt, vwo 5 after havo
}

// Retention by track and year (G01-G04), then for havo and vwo from year 4 the upper-year drop
// (afstroom: vwo to havo, havo to the vmbo-gt exam year), both judged on the position in class
// from the retention slot; otherwise the next year.
void World::retention_or_next_year(std::size_t i, rng::YearDraws& draws, double position, int level) {
    const int track = pop_.track[i];
    const int grade = pop_.grade[i];
    rng::SlotStream rr = draws.stream(Purpose::secondary_retention);
    if (weak_position_event(rr, q_secondary_retention_[static_cast<std::size_t>(track)][static_cast<std::size_t>(grade)],
                            secondary_retention_selectivity_, position)) {
        ++pop_.retained_secondary[i];
        return mark(i, YearEvent::repeated, level, grade);
    }
    if (grade >= 4 && track >= 4 && weak_position_event(rr, q_upper_drop_, secondary_retention_selectivity_, position)) {
        mark(i, YearEvent::moved_down_upper, level, grade);
        const int lower = track - 1;
        pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(lower);
        pop_.grade[i] = static_cast<std::int8_t>(std::min(grade + 1, final_year(lower)));
        return;
    }
    mark(i, YearEvent::promoted, level, grade);
    pop_.grade[i] = static_cast<std::int8_t>(grade + 1);
}

}  // namespace pathways::model
