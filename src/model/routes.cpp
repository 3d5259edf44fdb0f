// 10-14 schools and 0-18 learning communities (docs/model.md §3.7, L04): heterogeneous groups
// without a track's pace (their learning is in learning.cpp), selection later on two more years
// of information.
#include "model/world.hpp"

#include "model/routes.hpp"
#include "model/secondary.hpp"

#include <algorithm>

namespace pathways::model {

using rng::Purpose;

void World::heterogeneous_progress(std::size_t i, int age, rng::YearDraws& draws) {
    if (pop_.grade[i] >= 9) {  // the years that count as secondary school: early leaving applies as there
        ++pop_.secondary_years[i];
        if (leaves_early(i, draws, achievement(i))) {  // no class here: achievement against the national norm
            pop_.early_leaver[i] = 1;
            return leave(i, Stage::left_without_diploma);
        }
    }
    const int selection_age =
        pop_.route[i] == Route::zero_eighteen ? params_.routes.zero_eighteen_selection_age : 14;
    if (age + 1 >= selection_age && pop_.grade[i] >= 8) return select_later(i, age);
    pop_.grade[i] = static_cast<std::int8_t>(pop_.grade[i] + 1);
}

void World::select_later(std::size_t i, int age) {
    rng::Stream r = stream(i, age, Purpose::route);
    const double score = later_selection_score(r, params_.routes, norms_, achievement(i), pop_.parent_edu[i]);
    const int level = track_of(score, norms_);
    const int years_since_twelve = std::max(0, pop_.grade[i] - 8);
    pop_.stage[i] = Stage::secondary;
    pop_.track[i] = pop_.track_high[i] = static_cast<std::int8_t>(level);
    pop_.class_type[i] = ClassType::categorical;
    pop_.grade[i] = static_cast<std::int8_t>(std::min(years_since_twelve + 1, final_year(level)));
}

}  // namespace pathways::model
