// Newcomers with Dutch as a second language (docs/model.md §3.12): the rule of an arrival during
// primary school and of a year in a newcomer class (NT2), applied in migration.cpp.
#pragma once

#include "model/population.hpp"

#include <cstdint>

namespace pathways::model {

struct Arrival {
    std::uint8_t newcomer;  // Newcomer
    double dev_language;    // the language deviation after arrival (and the newcomer class)
};

// A pupil of primary-school age arrives with the year's rate: its Dutch language falls short by
// `deficit` (SD of measured skill, so deficit / kappa on the deviation). A newcomer the NT2 lever
// reaches (`offered`) goes to a newcomer class with probability nt2_share, which closes the share
// nt2_effect of that deficit in the arrival year. Draws: the arrival, then (only when offered) the
// class.
template <class Rng>
Arrival newcomer_arrival(Rng& r, double rate, double deficit, bool offered, double nt2_share, double nt2_effect, double kappa,
                         double dev_language) {
    if (!r.bernoulli(rate)) return {not_newcomer, dev_language};
    const bool nt2 = offered && r.bernoulli(nt2_share);
    const double shortfall = deficit * (nt2 ? 1.0 - nt2_effect : 1.0);
    return {nt2 ? newcomer_nt2_class : newcomer_mainstream, dev_language - shortfall / kappa};
}

}  // namespace pathways::model
