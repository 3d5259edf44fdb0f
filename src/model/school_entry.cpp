// School entry at 4 (docs/model.md §3.4): groep 1, the 0-18 route, and connection groups
// (verbindingsgroepen) for VE target children not yet ready for groep 1.
#include "model/world.hpp"

#include "model/preschool.hpp"

namespace pathways::model {

using rng::Purpose;

// The year at 3: the end of VE, whose boost children take to school, and school entry at 4
// (groep 1), on the 0-18 route for its share of the children: route_uniform, the route stream's
// first uniform, below the share (Stream::bernoulli).
void World::school_entry(std::size_t i, double route_uniform) {
    const PreschoolParams& ve = (pop_.interventions[i] & ve_lever_bit) ? ve_lever_ : params_.preschool;
    pop_.ve_component[i] = static_cast<float>(preschool_effect(ve, pop_.ve_participant[i]));
    pop_.stage[i] = Stage::primary;
    pop_.grade[i] = 1;
    if (route_uniform < params_.routes.zero_eighteen_share && reaches(Lever::zero_eighteen, pop_.district[i]))
        pop_.route[i] = Route::zero_eighteen;
}

// Connection groups (verbindingsgroepen, seed 002 theme 5): VE target children not yet ready for
// groep 1 spend it in a group run by a childcare worker and a teacher together. The boost adds to
// the early-years component and fades like VE's.
void World::connection_group(std::size_t i, int age) {
    const auto& iv = params_.interventions;
    const bool budget = budgeted(Lever::connection_groups);
    if ((iv.connection_share <= 0 && !budget) || !pop_.ve_target[i] || language(i) >= iv.connection_readiness) return;
    const std::size_t d = pop_.district[i];
    const double share = reaches(Lever::connection_groups, d) ? lever_share(Lever::connection_groups, d, iv.connection_share) : 0.0;
    bool took = false;
    if (share > 0) {
        rng::Stream r = stream(i, age, Purpose::connection_group);
        took = r.bernoulli(share);
    }
    if (budget) count_budget(Lever::connection_groups, d, took);
    if (!took) return;
    pop_.interventions[i] |= connection_group_bit;
    pop_.ve_component[i] = static_cast<float>(pop_.ve_component[i] + iv.connection_effect);
}

}  // namespace pathways::model
