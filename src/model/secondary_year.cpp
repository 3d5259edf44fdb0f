// How a secondary school year ends (docs/model.md §3.8), decision by decision: early leaving,
// praktijkonderwijs, the bridge class settling, a track move, the exam with the custom diploma and
// stacking, retention, the upper-year drop, or the next year. The decisions' rules are in
// secondary.hpp; this file applies them in that order.
#include "model/world.hpp"

#include "model/secondary.hpp"

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
    if (pop_.diploma_at_7[i] == -2) pop_.diploma_at_7[i] = pop_.diploma[i];
}

// How a secondary school year ends: early leaving, a bridge class settling, a track move, the
// exam and stacking, retention, the upper-year drop or the next year.
void World::secondary_progress(std::size_t i, int age, rng::YearDraws& draws, double position) {
    const auto& sp = params_.secondary;
    int track = pop_.track[i];
    const int high = pop_.track_high[i];
    const int grade = pop_.grade[i];
    const int level = 1 + track;  // where this year's event is counted: the track the year began in
    const double a = achievement(i);

    if (leaves_early(i, draws, position)) {
        if (pop_.diploma[i] >= 0) {  // a stacker leaving with a diploma: not an early leaver (vsv)
            mark(i, YearEvent::left_with_diploma, level, grade);
            return leave(i, Stage::left_with_diploma);
        }
        mark(i, YearEvent::left_early, level, grade);
        pop_.early_leaver[i] = 1;
        return leave(i, Stage::left_without_diploma);
    }
    if (track == 0) {  // praktijkonderwijs: no exam, pupils stay until 18
        mark(i, YearEvent::promoted, level, grade);
        pop_.grade[i] = static_cast<std::int8_t>(std::min(grade + 1, 6));
        if (age + 1 >= 18) leave(i, Stage::left_pro);
        return;
    }

    rng::SlotStream rm = draws.stream(Purpose::track_move);
    const bool handed_over = (pop_.interventions[i] & handover_bit) && grade <= 2;
    const double results = year_results(rm, handed_over ? handover_results_noise_ : results_noise_, a);
    const ClassType type = pop_.class_type[i];
    // Bridge classes settle after year 1; the havokans-klas after year 2.
    if (((type == ClassType::dual || type == ClassType::broad) && grade == 1) || (type == ClassType::havokans && grade == 2)) {
        // a broad class decides within the pupil's own advice, the others within the class's range
        const int advice = pop_.final_advice[i];
        const bool own_advice = type == ClassType::broad && advice >= 0;
        track = bridge_decision(sp, norms_, own_advice ? advice_low_track(advice) : track,
                                own_advice ? advice_high_track(advice) : high, results);
        pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(track);
        pop_.class_type[i] = ClassType::categorical;
    } else if (type == ClassType::categorical && grade <= 3) {
        const int move = track_move(rm, sp, norms_, track, grade, results);
        if (move != 0) {
            track += move;
            pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(track);
            ++(move > 0 ? pop_.moves_up[i] : pop_.moves_down[i]);
        }
    }

    if (grade >= final_year(track)) {  // exam year
        rng::Stream ex = stream(i, age, Purpose::exam);
        // Custom diploma (A31): a candidate may take subjects at the next level when the year's
        // results reach it, and a weak subject at a lower level, which avoids some failures.
        const auto& iv = params_.interventions;
        bool custom = false;
        if (iv.custom_diploma_share > 0 && track < 5) {
            rng::Stream rc = stream(i, age, Purpose::custom_diploma);
            custom = rc.bernoulli(iv.custom_diploma_share) && results > norms_.track_upper(track);
            if (custom) pop_.interventions[i] |= custom_diploma_bit;
        }
        const double fail_rate_q = (custom ? q_custom_exam_fail_ : q_exam_fail_)[static_cast<std::size_t>(track)];
        if (weak_position_event(ex, fail_rate_q, exam_selectivity_, position)) {
            if (ex.bernoulli(sp.repeat_after_fail)) {  // redoing the exam year counts as repeating it
                ++pop_.retained_secondary[i];
                return mark(i, YearEvent::repeated, 1 + track, grade);
            }
            mark(i, YearEvent::exam_failed, 1 + track, grade);
            return leave(i, pop_.diploma[i] >= 0 ? Stage::left_with_diploma : Stage::left_without_diploma);
        }
        mark(i, YearEvent::exam_passed, 1 + track, grade);
        pop_.diploma[i] = static_cast<std::int8_t>(std::max<int>(pop_.diploma[i], track));
        pop_.diploma_age[i] = static_cast<std::int8_t>(age + 1);
        rng::Stream st = stream(i, age, Purpose::stacking);
        const double stack_ratio = custom ? iv.custom_stack_ratio : 1.0;
        if (track == 3 && st.bernoulli(std::min(1.0, sp.stack_gt_to_havo * stack_ratio))) {
            pop_.track[i] = pop_.track_high[i] = 4;
            pop_.grade[i] = 4;
            return;
        }
        if (track == 4 && st.bernoulli(std::min(1.0, sp.stack_havo_to_vwo * stack_ratio))) {
            pop_.track[i] = pop_.track_high[i] = 5;
            pop_.grade[i] = 5;
            return;
        }
        return leave(i, Stage::left_with_diploma);
    }

    rng::SlotStream rr = draws.stream(Purpose::secondary_retention);
    if (weak_position_event(rr, q_secondary_retention_[static_cast<std::size_t>(track)][static_cast<std::size_t>(grade)],
                            secondary_retention_selectivity_, position)) {
        ++pop_.retained_secondary[i];
        return mark(i, YearEvent::repeated, level, grade);
    }
    if (grade >= 4 && track >= 4 && weak_position_event(rr, q_upper_drop_, secondary_retention_selectivity_, position)) {
        // Afstroom in the upper years: vwo to havo, havo to the vmbo-gt exam year.
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
