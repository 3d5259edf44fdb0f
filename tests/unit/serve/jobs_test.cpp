// pathways serve without HTTP: the scenario files it writes read back to the same parameters,
// requests are checked field by field, and only listed scenario names become paths.
#include "serve/jobs.hpp"

#include "model/schema.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using pathways::serve::RequestError;

namespace {

const std::string kScenarios = std::string(PATHWAYS_SOURCE_DIR) + "/scenarios";

// Writes the scenario as serve's TOML, reads it back, and compares every parameter exactly.
void check_round_trip(const pathways::scenario::Scenario& s) {
    const fs::path file = fs::temp_directory_path() / ("serve_round_trip_" + std::to_string(::getpid()) + ".toml");
    {
        std::ofstream out(file);
        out << pathways::serve::scenario_toml(s, "written by the unit test\nsecond line");
    }
    const auto back = pathways::scenario::load_scenario(file.string());
    fs::remove(file);
    INFO(s.name);
    CHECK(back.name == s.name);
    CHECK(back.description == s.description);
    for (const auto& spec : pathways::model::schema()) {
        INFO(spec.key);
        CHECK(spec.get(back.params) == spec.get(s.params));
    }
    REQUIRE(back.uncertain.size() == s.uncertain.size());
    for (std::size_t i = 0; i < s.uncertain.size(); ++i) {
        CHECK(back.uncertain[i].key == s.uncertain[i].key);
        CHECK(back.uncertain[i].low == s.uncertain[i].low);
        CHECK(back.uncertain[i].high == s.uncertain[i].high);
    }
}

}  // namespace

TEST_CASE("serve: every shipped scenario, written as TOML, reads back to the same parameters", "[serve]") {
    int n = 0;
    for (const auto& e : fs::directory_iterator(kScenarios)) {
        if (e.path().extension() != ".toml") continue;
        check_round_trip(pathways::scenario::load_scenario(e.path().string()));
        ++n;
    }
    CHECK(n >= 20);
}

TEST_CASE("serve: changes of every kind, odd names and uncertainty survive the TOML", "[serve]") {
    const fs::path file = fs::temp_directory_path() / ("serve_odd_" + std::to_string(::getpid()) + ".toml");
    {
        std::ofstream out(file);
        out << "extends = \"" << kScenarios << "/baseline.toml\"\n"
            << "[scenario]\nname = \"odd\"\ndescription = \"quotes \\\" and \\\\ backslash, tab\\t, ünïcode\"\n"
            << "[uncertainty.preschool]\nreach = [0.6, 0.9]\n";
    }
    auto s = pathways::scenario::load_scenario(
        file.string(), {"preschool.reach=0.123456789012345678", "selection.double_advice=true", "population.cohort_size=1234",
                        "population.district_birth_share=[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]"});
    fs::remove(file);
    REQUIRE(s.uncertain.size() == 1);
    check_round_trip(s);
}

TEST_CASE("serve: a run request is checked field by field", "[serve]") {
    const pathways::serve::Limits limits;
    using nlohmann::json;
    const auto r = pathways::serve::parse_run_request(
        json{{"base", "baseline"}, {"policies", {"havokans_klas"}}, {"set", {{"preschool.reach", 0.95}, {"selection.double_advice", true}}}},
        limits);
    CHECK(r.replicates == 5);
    CHECK(r.seed == 20240101u);
    CHECK(r.set == std::vector<std::string>{"preschool.reach=0.95", "selection.double_advice=true"});
    auto refused = [&](const json& body, const std::string& words) {
        try {
            pathways::serve::parse_run_request(body, limits);
        } catch (const RequestError& e) {
            CHECK(e.status() == 400);
            CHECK_THAT(e.what(), Catch::Contains(words));
            return;
        }
        FAIL("accepted: " << body.dump());
    };
    refused(json::array(), "JSON object");
    refused(json{{"policies", {"x"}}}, "base");
    refused(json{{"base", "baseline"}, {"replicates", 0}}, "replicates");
    refused(json{{"base", "baseline"}, {"replicates", limits.max_replicates + 1}}, "replicates");
    refused(json{{"base", "baseline"}, {"seed", -3}}, "seed");
    refused(json{{"base", "baseline"}, {"seed", "18446744073709551616"}}, "seed");
    refused(json{{"base", "baseline"}, {"seed", "12a"}}, "seed");
    CHECK(pathways::serve::parse_run_request(json{{"base", "b"}, {"seed", "18446744073709551615"}}, limits).seed == 18446744073709551615u);
    refused(json{{"base", "baseline"}, {"set", {{"preschool.reach", nullptr}}}}, "set");
    refused(json{{"base", "baseline"}, {"precision", -1}}, "precision");
    refused(json{{"base", "baseline"}, {"precision", 0.5}, {"replicates", 1}}, "at least 2");
    refused(json{{"base", "baseline"}, {"colour", "red"}}, "unknown field");
}

TEST_CASE("serve: only a listed scenario name becomes a path", "[serve]") {
    const pathways::serve::ScenarioLibrary lib(kScenarios);
    CHECK(lib.path_of("baseline") == kScenarios + "/baseline.toml");
    for (const std::string bad : {"../scenarios/baseline", "baseline.toml", "", "/etc/passwd", "no_such_scenario", "..", "base line"}) {
        INFO(bad);
        try {
            lib.path_of(bad);
            FAIL("accepted");
        } catch (const RequestError& e) {
            CHECK(e.status() == 404);
        }
    }
    const auto listed = lib.list();
    CHECK(std::any_of(listed.begin(), listed.end(), [](const auto& e) { return e.id == "havokans_klas" && e.error.empty(); }));
}
