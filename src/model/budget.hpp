// Budgets instead of coverage (issues 28 and 31): how a city's yearly budget for an intervention
// becomes the share of eligible children it reaches in each district (docs/model.md, "Budgets").
// One rule for every budgeted lever and for dBos's budget (library_at_school.cpp):
//   1. The budget binds as on the whole city. A run simulates a few birth cohorts, while the city's
//      budget serves every year group at the stage that year; the simulated children get the part
//      budget x (simulated children of the stage's year groups) / (the city's children of those
//      year groups: interventions.budget_city_births per year group, U01), never more than the budget.
//   2. Districts in order of need, the highest low-SES share (population.district_low_ses_share)
//      first, ties to the lower index. A lever that reaches children one by one (connection groups,
//      havokans-klas, warm hand-over, custom diploma) covers each district in full (all its
//      eligible children) while the budget allows, the next in line gets the share the rest pays
//      for, the others nothing; within a district the children reached are drawn, each with its own
//      stream. A lever that reaches whole districts (group prevention, opportunity workshops, the
//      attendance approach) takes a district only if all its pupils fit in what is left; a smaller
//      one further down may still fit (as dBos does with schools).
//   3. A place costs the unit cost (for the havokans-klas its two years, booked in the year of
//      the decision; for the district levers a pupil-year).
#pragma once

#include "model/params.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace pathways::model {

// The part of a city's yearly budget available to the simulated children (rule 1): `simulated`
// children of the stage's year groups against `city_per_year_group` x `year_groups` in the city.
[[nodiscard]] inline double simulated_budget(double city_budget, double simulated, double city_per_year_group, int year_groups) {
    const double city = city_per_year_group * year_groups;
    if (city_budget <= 0 || simulated <= 0 || city <= 0) return 0;
    return city_budget * std::min(1.0, simulated / city);
}

// The order in which districts are served (rule 2): the highest need first, ties to the lower index.
[[nodiscard]] inline std::vector<std::size_t> need_order(const std::vector<double>& need) {
    std::vector<std::size_t> order(need.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return need[a] > need[b]; });
    return order;
}

// The share of each district's eligible children a budget reaches (rule 2): `budget` (EUR, the
// simulated part), `unit_cost` per child reached, `eligible` children expected per district,
// `allowed` districts (the lever's districts this year, 1 = may be served). The expected spending,
// sum over districts of share x eligible x unit_cost, never exceeds the budget.
// `whole_districts`: a district is taken in full or not at all (shares 1 or 0).
[[nodiscard]] inline std::vector<double> budget_shares(double budget, double unit_cost, const std::vector<double>& eligible,
                                                       const std::vector<double>& need, const std::vector<std::uint8_t>& allowed,
                                                       bool whole_districts = false) {
    std::vector<double> share(eligible.size(), 0.0);
    if (budget <= 0) return share;
    double left = budget;
    for (const std::size_t d : need_order(need)) {
        if (!allowed[d]) continue;
        const double full = eligible[d] * unit_cost;
        if (full <= left) {
            share[d] = 1;
            left -= full;
        } else if (!whole_districts) {
            share[d] = left / full;
            break;
        }
    }
    return share;
}

// The levers a yearly budget can drive (`[<lever>] budget = ...`); dBos has its own,
// interventions.library_budget.
[[nodiscard]] inline bool has_budget(Lever l) {
    return l == Lever::connection_groups || l == Lever::havokans_klas || l == Lever::handover || l == Lever::custom_diploma ||
           l == Lever::prevention || l == Lever::workshops || l == Lever::attendance;
}
// The levers that reach whole districts (rule 2).
[[nodiscard]] inline bool reaches_whole_districts(Lever l) {
    return l == Lever::prevention || l == Lever::workshops || l == Lever::attendance || l == Lever::library;
}

// The year groups a lever's budget serves in a calendar year (rule 1), by age on 1 October:
// connection groups at 4, the transition at 12 in groep 8 (11), the custom diploma in the exam
// years of vmbo and havo (15 and 16), dBos and the opportunity workshops in primary school (4-11),
// group prevention and the attendance approach every school year (4-17).
struct BudgetStage {
    int first_age;
    int year_groups;
};
[[nodiscard]] inline BudgetStage budget_stage(Lever l) {
    switch (l) {
        case Lever::connection_groups: return {4, 1};
        case Lever::havokans_klas:
        case Lever::handover: return {11, 1};
        case Lever::custom_diploma: return {15, 2};
        case Lever::prevention:
        case Lever::attendance: return {4, 14};
        default: return {4, 8};  // library, workshops
    }
}

// What a child reached costs the budget (rule 3).
[[nodiscard]] inline double budget_unit_cost(const InterventionParams& iv, Lever l) {
    switch (l) {
        case Lever::connection_groups: return iv.connection_cost;
        case Lever::havokans_klas: return 2.0 * iv.havokans_cost;
        case Lever::handover: return iv.handover_cost;
        case Lever::custom_diploma: return iv.custom_cost;
        case Lever::prevention: return iv.prevention_cost;
        case Lever::workshops: return iv.workshop_cost;
        case Lever::attendance: return iv.attendance_cost;
        default: return iv.library_cost_per_pupil;
    }
}

}  // namespace pathways::model
