// When and where a policy lever acts (issue 28): a calendar-year window and a list of districts
// for every intervention and structural reform (Timing, params.hpp). One rule for all of them:
// a lever acts on a child at the moment the child reaches the stage it works on, if that moment's
// calendar year lies in the window and the child lives in one of the lever's districts. A cohort
// already past that stage when the lever starts is never reached; a cohort at the stage in a
// year the lever is active is. World::set_levers works out each year's flags once, and every
// process asks World::reaches at its own moment.
#pragma once

#include "model/params.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace pathways::model {

// The scenario table of each lever, in the order of Lever: `[havokans_klas] start_year = 2026`.
inline const char* lever_name(Lever l) {
    static constexpr const char* kNames[kLevers] = {
        "ve", "first1000", "connection_groups", "zero_eighteen", "library", "workshops", "ten_fourteen",
        "havokans_klas", "broad_bridge", "handover", "prevention", "attendance", "custom_diploma", "recovery",
        "reading", "fewer_repeats", "nt2", "inclusion", "admission",
    };
    return kNames[static_cast<int>(l)];
}

// Group prevention and opportunity workshops name their districts in their own lists
// (interventions.prevention_districts, interventions.workshop_districts), where an empty list
// means nowhere; the other levers take `<lever>.districts`, where an empty list means everywhere.
inline bool has_own_districts(Lever l) { return l == Lever::prevention || l == Lever::workshops; }

// A lever's year is the school year it acts in, named by the calendar year of its 1 October.
// Some are decided at the end of the school year before: the route into groep 1 (0-18) and into
// groep 7 (10-14), and the transition at 12 (havokans-klas, broad bridge class, hand-over) are
// settled in the step of the year before the one the child starts in; their flags of step `year`
// follow the lever's activity in year + 1. (`havokans_klas.start_year = 2026`: pupils entering
// secondary school on 1 October 2026 and later.)
inline int lever_year_offset(Lever l) {
    return (l == Lever::zero_eighteen || l == Lever::ten_fourteen || l == Lever::havokans_klas || l == Lever::broad_bridge ||
            l == Lever::handover)
               ? 1
               : 0;
}

// Whether a lever is active in a calendar year: start_year and end_year inclusive, 0 open.
[[nodiscard]] inline bool active(const Timing& t, int year) {
    return (t.start_year == 0 || year >= t.start_year) && (t.end_year == 0 || year <= t.end_year);
}

// The districts (by index into names) a lever reaches when it is active.
inline std::vector<std::uint8_t> lever_districts(const Params& p, Lever l) {
    const auto& names = p.population.district_names;
    const std::vector<std::string>* list = &p.levers.timing[static_cast<std::size_t>(l)].districts;
    if (l == Lever::prevention) list = &p.interventions.prevention_districts;
    if (l == Lever::workshops) list = &p.interventions.workshop_districts;
    std::vector<std::uint8_t> in(names.size(), (list->empty() && !has_own_districts(l)) ? 1 : 0);
    for (const auto& name : *list)
        for (std::size_t d = 0; d < names.size(); ++d)
            if (names[d] == name) in[d] = 1;
    return in;
}

// Which districts each lever reaches in the step of a calendar year: [lever * districts +
// district], 1 where it acts. `districts` is lever_districts of every lever, side by side in the same layout.
inline void lever_reach(const Params& p, const std::vector<std::uint8_t>& districts, int year, std::vector<std::uint8_t>& reach) {
    const std::size_t n = p.population.district_names.size();
    reach.assign(static_cast<std::size_t>(kLevers) * n, 0);
    for (int l = 0; l < kLevers; ++l)
        if (active(p.levers.timing[static_cast<std::size_t>(l)], year + lever_year_offset(static_cast<Lever>(l))))
            std::copy_n(districts.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(l) * n), n,
                        reach.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(l) * n));
}

// The preschool parameters under the VE lever: preschool.* with levers.ve_* where those are set.
inline PreschoolParams ve_under_lever(const Params& p) {
    PreschoolParams v = p.preschool;
    if (p.levers.ve_reach >= 0) v.reach = p.levers.ve_reach;
    if (p.levers.ve_hours >= 0) v.hours = p.levers.ve_hours;
    if (p.levers.ve_quality >= 0) v.quality = p.levers.ve_quality;
    return v;
}
inline bool ve_lever_changes(const Params& p) { return p.levers.ve_reach >= 0 || p.levers.ve_hours >= 0 || p.levers.ve_quality >= 0; }

}  // namespace pathways::model
