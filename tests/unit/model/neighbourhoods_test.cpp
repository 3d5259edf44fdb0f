// Utrecht's neighbourhoods by district (src/model/neighbourhoods.hpp): the lookup behind the
// error that tells a user which district holds a neighbourhood named as a lever's district.
#include "model/neighbourhoods.hpp"
#include "model/schema.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace pathways::model;

TEST_CASE("neighbourhoods: a Utrecht neighbourhood gives its district, whatever its case, and a district or an unknown name gives none") {
    CHECK(district_of_neighbourhood("Kanaleneiland") == std::optional<std::string_view>("Zuidwest"));
    CHECK(district_of_neighbourhood("lunetten") == std::optional<std::string_view>("Zuid"));
    CHECK(district_of_neighbourhood("TERWIJDE") == std::optional<std::string_view>("Leidsche Rijn"));
    CHECK_FALSE(district_of_neighbourhood("Overvecht").has_value());  // a district, not a neighbourhood
    CHECK_FALSE(district_of_neighbourhood("Kanaleneilan").has_value());
    CHECK_FALSE(district_of_neighbourhood("").has_value());
}

TEST_CASE("neighbourhoods: every listed neighbourhood lies in one of Utrecht's ten districts, every district has some, and no name is listed twice") {
    const auto districts = default_params().population.district_names;
    std::set<std::string> named, covered;
    for (const auto& n : kUtrechtNeighbourhoods) {
        INFO(std::string(n.name));
        CHECK(std::find(districts.begin(), districts.end(), std::string(n.district)) != districts.end());
        CHECK(named.insert(std::string(n.name)).second);
        covered.insert(std::string(n.district));
    }
    CHECK(covered.size() == districts.size());
}
