// Budgets instead of coverage (docs/model.md, "Budgets"; the rule is budget.hpp's): before the
// year's pass, the share of eligible children each budgeted lever reaches in each district; after
// it, what the budgets spent on the simulated children.
#include "model/budget.hpp"
#include "model/levers.hpp"
#include "model/secondary.hpp"
#include "model/world.hpp"

#include <algorithm>

namespace pathways::model {

// The children of each budgeted lever's year groups this year and its pupils at the stage by
// district, from the state on 1 October (residents only, as the city's year groups count them).
// The pupils at the stage times the eligible rate seen so far in their district (1 before any is
// seen) are the eligible children the budget is spread over: for connection groups the stage is
// the eligibility itself (VE target children at 4 below connection_readiness); for the
// havokans-klas and the hand-over it is groep 8, for the custom diploma the vmbo and havo exam
// years; for the district levers every pupil of the district counts (group prevention and the
// attendance approach: every pupil in school; workshops: primary pupils).
void World::plan_budgets(int year) {
    const auto& iv = params_.interventions;
    const std::size_t n = district_count();
    const auto lib = static_cast<std::size_t>(Lever::library);
    const bool library = iv.library_budget > 0;
    if (!library && std::none_of(budgeted_.begin(), budgeted_.end(), [](std::uint8_t b) { return b != 0; })) return;
    YearRecord& rec = years_.back();
    std::array<double, kLevers> year_group{};
    std::fill(budget_stage_now_.begin(), budget_stage_now_.end(), 0.0);
    std::fill(budget_eligible_.begin(), budget_eligible_.end(), 0u);
    std::fill(budget_reached_.begin(), budget_reached_.end(), 0u);
    const auto cell = [&](Lever l, std::size_t d) { return static_cast<std::size_t>(l) * n + d; };
    for (std::size_t i = 0; i < pop_.size(); ++i) {
        if (pop_.stage[i] == Stage::unborn) continue;
        const int age = year - pop_.birth_year[i];
        for (int l = 0; l < kLevers && pop_.resident[i]; ++l) {
            const auto k = static_cast<std::size_t>(l);
            if (!budgeted_[k] && !(k == lib && library)) continue;
            const BudgetStage st = budget_stage(static_cast<Lever>(l));
            if (age >= st.first_age && age < st.first_age + st.year_groups) ++year_group[k];
        }
        const std::size_t d = pop_.district[i];
        if (budgeted(Lever::connection_groups) && age == 4 && pop_.ve_target[i] && language(i) < iv.connection_readiness)
            ++budget_stage_now_[cell(Lever::connection_groups, d)];
        if (pop_.stage[i] == Stage::primary && pop_.grade[i] == 8) {
            if (budgeted(Lever::havokans_klas)) ++budget_stage_now_[cell(Lever::havokans_klas, d)];
            if (budgeted(Lever::handover)) ++budget_stage_now_[cell(Lever::handover, d)];
        }
        if (budgeted(Lever::custom_diploma) && pop_.stage[i] == Stage::secondary && pop_.track[i] < 5 &&
            pop_.grade[i] >= final_year(pop_.track[i]))
            ++budget_stage_now_[cell(Lever::custom_diploma, d)];
        if (in_school(pop_.stage[i])) {
            if (budgeted(Lever::prevention)) ++budget_stage_now_[cell(Lever::prevention, d)];
            if (budgeted(Lever::attendance)) ++budget_stage_now_[cell(Lever::attendance, d)];
            if (budgeted(Lever::workshops) && pop_.stage[i] == Stage::primary) ++budget_stage_now_[cell(Lever::workshops, d)];
        }
    }
    const auto& need = params_.population.district_low_ses_share;
    for (int l = 0; l < kLevers; ++l) {
        const auto k = static_cast<std::size_t>(l);
        const auto lever = static_cast<Lever>(l);
        const BudgetStage st = budget_stage(lever);
        rec.budget_scale[k] = std::min(1.0, year_group[k] / (iv.budget_city_births * st.year_groups));
        if (k == lib && library) {
            rec.budget_city[k] = active(params_.levers.timing[k], year) ? iv.library_budget : 0.0;
            continue;
        }
        if (!budgeted_[k]) continue;
        const Timing& t = params_.levers.timing[k];
        rec.budget_city[k] = active(t, year + lever_year_offset(lever)) ? params_.levers.budget[k] : 0.0;
        const double budget = simulated_budget(rec.budget_city[k], year_group[k], iv.budget_city_births, st.year_groups);
        const bool whole = reaches_whole_districts(lever);
        std::vector<double> eligible(n);
        std::vector<std::uint8_t> allowed(n);
        for (std::size_t d = 0; d < n; ++d) {
            const std::size_t c = cell(lever, d);
            const double rate = !whole && budget_stage_seen_[c] > 0 ? budget_eligible_seen_[c] / budget_stage_seen_[c] : 1.0;
            eligible[d] = budget_stage_now_[c] * rate;
            allowed[d] = reaches(lever, d) ? 1 : 0;
        }
        const double unit_cost = budget_unit_cost(iv, lever);
        const std::vector<double> share = budget_shares(budget, unit_cost, eligible, need, allowed, whole);
        std::copy(share.begin(), share.end(), budget_share_.begin() + static_cast<std::ptrdiff_t>(cell(lever, 0)));
        if (!whole) continue;
        // A district lever acts this year only in the districts its budget takes; those districts'
        // pupils on 1 October are what it spends.
        rec.budget_spent[k] = 0;
        for (std::size_t d = 0; d < n; ++d) {
            if (share[d] > 0) rec.budget_spent[k] += eligible[d] * unit_cost;
            else lever_reach_[cell(lever, d)] = 0;
        }
    }
    prevention_mask_ = lever_mask(Lever::prevention);
    workshop_mask_ = lever_mask(Lever::workshops);
    attendance_mask_ = lever_mask(Lever::attendance);
}

// After the year's pass: the places the budgets paid for (reached children x unit cost; dBos's
// spending is allocate_library's), and the eligible children seen, for next year's rate.
void World::close_budgets() {
    if (years_.empty()) return;
    YearRecord& rec = years_.back();
    const auto& iv = params_.interventions;
    const std::size_t n = district_count();
    rec.budget_spent[static_cast<std::size_t>(Lever::library)] = rec.library_cost;
    for (int l = 0; l < kLevers; ++l) {
        const auto k = static_cast<std::size_t>(l);
        if (!budgeted_[k] || reaches_whole_districts(static_cast<Lever>(l))) continue;
        double reached = 0;
        for (std::size_t d = 0; d < n; ++d) {
            const std::size_t c = k * n + d;
            reached += budget_reached_[c];
            budget_stage_seen_[c] += budget_stage_now_[c];
            budget_eligible_seen_[c] += budget_eligible_[c];
        }
        rec.budget_spent[k] = reached * budget_unit_cost(iv, static_cast<Lever>(l));
    }
}

}  // namespace pathways::model
