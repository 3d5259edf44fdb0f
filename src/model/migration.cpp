// Net migration out of the city in a projection (docs/projection.md).
#include "model/world.hpp"


namespace pathways::model {

using rng::Purpose;

// Net migration in a projection (issue 7): from the start year on, a resident leaves the city with
// the yearly rate of its age group. A child who leaves is no longer counted among the city's pupils;
// its pathway goes on (elsewhere), so cohort outcomes keep every child born.
void World::migrate(std::size_t i, int age) {
    const auto& pr = params_.projection;
    if (pr.start_year == 0 || !pop_.resident[i] || pop_.birth_year[i] + age < pr.start_year) return;
    const double rate = -pr.net_migration[age <= 3 ? 0 : age <= 11 ? 1 : 2] * pr.district_migration[pop_.district[i]];
    if (rate <= 0) return;
    rng::Stream r = stream(i, age, Purpose::migration);
    if (r.bernoulli(rate)) pop_.resident[i] = 0;
}

}  // namespace pathways::model
