// Net migration out of the city in a projection (docs/projection.md).
#include "model/world.hpp"

#include "model/newcomers.hpp"


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

namespace pathways::model {

// Newcomers with Dutch as a second language (issue 28): in each year of primary-school age (5-11)
// a pupil with another home language who has not arrived before arrives with
// interventions.newcomer_rate (newcomer_arrival, newcomers.hpp). The model keeps its cohorts: a
// newcomer stands for a child who came to the city at that age, its earlier years simulated as
// anyone's; from arrival on it lacks the deficit in Dutch, and a newcomer class in the NT2
// lever's years and districts gives part of it back. Off (no draw) when the rate is 0, as in the
// baseline.
void World::arrive(std::size_t i, int age) {
    const auto& iv = params_.interventions;
    if (iv.newcomer_rate <= 0 || age < 5 || age > 11 || !pop_.multilingual[i] || pop_.newcomer[i] != not_newcomer ||
        (pop_.stage[i] != Stage::primary && pop_.stage[i] != Stage::ten_fourteen))
        return;
    rng::Stream r = stream(i, age, Purpose::newcomer);
    const bool offered = iv.nt2_share > 0 && reaches(Lever::nt2, pop_.district[i]);
    const Arrival a = newcomer_arrival(r, iv.newcomer_rate, iv.newcomer_deficit, offered, iv.nt2_share, iv.nt2_effect, norms_.kappa,
                                       pop_.dev_language[i]);
    if (a.newcomer == not_newcomer) return;
    pop_.newcomer[i] = a.newcomer;
    pop_.dev_language[i] = static_cast<float>(a.dev_language);
}

}  // namespace pathways::model
