// Utrecht's neighbourhoods (buurten) by district (wijk), so that a scenario that names a
// neighbourhood where a district is meant gets told which district holds it. The model has no
// neighbourhood level: every lever reaches whole districts (levers.hpp). The list is the
// municipality's own description of each district (docs/scenarios.md, "Utrecht's neighbourhoods
// by district", with the pages read); it is used only when the district is one of
// population.district_names, so a configuration of another city is not affected.
#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

namespace pathways::model {

struct Neighbourhood {
    std::string_view name;
    std::string_view district;
};

inline constexpr Neighbourhood kUtrechtNeighbourhoods[] = {
    {"Oude Binnenstad", "Binnenstad"}, {"Vaartsebuurt", "Binnenstad"}, {"Hooch Boulandt", "Binnenstad"},
    {"Stationsgebied", "Binnenstad"},
    {"Buiten Wittevrouwen", "Oost"}, {"Oudwijk", "Oost"}, {"Abstede", "Oost"}, {"Sterrenwijk", "Oost"},
    {"Watervogelbuurt", "Oost"}, {"Schildersbuurt", "Oost"}, {"Lodewijk Napoleonplantsoen", "Oost"},
    {"Rijnsweerd", "Oost"}, {"Wilhelminapark", "Oost"}, {"Utrecht Science Park", "Oost"}, {"De Uithof", "Oost"},
    {"Lombok", "West"}, {"Leidseweg", "West"}, {"Nieuw Engeland", "West"}, {"Oog in Al", "West"},
    {"Halve Maan", "West"}, {"Schepenbuurt", "West"}, {"Welgelegen", "West"},
    {"Lunetten", "Zuid"}, {"Hoograven", "Zuid"}, {"Tolsteeg", "Zuid"}, {"Bokkenbuurt", "Zuid"}, {"Rotsoord", "Zuid"},
    {"Vogelenbuurt", "Noordoost"}, {"Tuinwijk", "Noordoost"}, {"Lauwerecht", "Noordoost"},
    {"Staatsliedenbuurt", "Noordoost"}, {"Wittevrouwen", "Noordoost"}, {"Zeeheldenbuurt", "Noordoost"},
    {"Huizingabuurt", "Noordoost"}, {"Tuindorp", "Noordoost"}, {"Tuindorp-Oost", "Noordoost"},
    {"Voordorp", "Noordoost"}, {"Votulast", "Noordoost"},
    {"Dichterswijk", "Zuidwest"}, {"Rivierenwijk", "Zuidwest"}, {"Transwijk", "Zuidwest"},
    {"Kanaleneiland", "Zuidwest"}, {"Westraven", "Zuidwest"}, {"Merwede", "Zuidwest"},
    {"Zuilen", "Noordwest"}, {"Ondiep", "Noordwest"}, {"Pijlsweerd", "Noordwest"},
    {"Taagdreef-Wolgadreef", "Overvecht"}, {"Zamenhofdreef-Neckardreef", "Overvecht"},
    {"Vechtzoom-Klopvaart", "Overvecht"}, {"Zambesidreef-Tigrisdreef", "Overvecht"},
    {"Terwijde", "Leidsche Rijn"}, {"Het Zand", "Leidsche Rijn"}, {"Langerak", "Leidsche Rijn"},
    {"Parkwijk", "Leidsche Rijn"},
    {"Vleuten", "Vleuten-De Meern"}, {"De Meern", "Vleuten-De Meern"}, {"Haarzuilens", "Vleuten-De Meern"},
    {"Veldhuizen", "Vleuten-De Meern"}, {"De Balije", "Vleuten-De Meern"}, {"Vleuterweide", "Vleuten-De Meern"},
    {"De Woerd", "Vleuten-De Meern"}, {"Rijnenburg", "Vleuten-De Meern"},
};

// The district of a Utrecht neighbourhood, compared without case; none if the name is not one.
[[nodiscard]] inline std::optional<std::string_view> district_of_neighbourhood(std::string_view name) {
    const auto same = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
    };
    for (const auto& n : kUtrechtNeighbourhoods)
        if (same(n.name, name)) return n.district;
    return std::nullopt;
}

}  // namespace pathways::model
