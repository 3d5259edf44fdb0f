// Library at school (de Bibliotheek op school, dBos; seed 002, A6a): which schools the year's
// budget reaches. Its effect on reading is a push in learning.cpp.
#include "model/world.hpp"


#include <algorithm>
#include <utility>
#include <vector>

namespace pathways::model {

using rng::Purpose;

// Library at school (dBos), 'unequal investment for equal opportunities' (A6a): the year's
// budget goes to the schools with the lowest mean language first, each costing its pupils (those
// on 1 October and this year's intake) times the cost per pupil, as long as the budget allows. Ties go
// to the lower school index. Called after the intake is settled, so the cost is what is spent.
// The budget binds as on the whole city (budget.hpp, rule 1): the simulated schools get the part
// of it that the simulated primary year groups are of the city's (plan_budgets sets that part).
void World::allocate_library() {
    std::fill(school_library_.begin(), school_library_.end(), 0);
    const auto& iv = params_.interventions;
    if (iv.library_budget <= 0 || years_.empty()) return;
    const double budget = iv.library_budget * years_.back().budget_scale[static_cast<std::size_t>(Lever::library)];
    std::vector<std::pair<double, std::size_t>> need;
    for (std::size_t s = 0; s < schools_.size(); ++s) {
        const auto d = static_cast<std::size_t>(schools_[s].district);
        if (school_pupils_[s] + school_intake_[s] > 0 && reaches(Lever::library, d))  // workshop districts first, then by language gap
            need.emplace_back(school_mean_language_[s] - (reaches(Lever::workshops, d) ? 1e6 : 0.0), s);
    }
    std::sort(need.begin(), need.end());
    double spent = 0;
    int covered = 0;
    for (const auto& [language_mean, s] : need) {
        const double cost = static_cast<double>(school_pupils_[s] + school_intake_[s]) * iv.library_cost_per_pupil;
        if (spent + cost > budget) continue;  // a smaller school further down may still fit
        spent += cost;
        school_library_[s] = 1;
        ++covered;
    }
    years_.back().library_cost = spent;
    years_.back().library_schools = covered;
}

}  // namespace pathways::model
