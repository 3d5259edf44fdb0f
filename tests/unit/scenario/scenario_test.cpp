#include "model/schema.hpp"
#include "scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

using pathways::scenario::load_scenario;
using pathways::scenario::ScenarioError;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() : path(fs::temp_directory_path() / ("pathways_scenario_test_" + std::to_string(::getpid()))) {
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

std::string error_of(const std::string& file, const std::vector<std::string>& overrides = {}) {
    try {
        load_scenario(file, overrides);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a scenario file sets only what it names, and the rest keeps the schema defaults") {
    TempDir d;
    const auto f = d.write("s.toml", "[scenario]\nname = \"mine\"\n[preschool]\nreach = 0.9\n");
    const auto s = load_scenario(f);
    CHECK(s.name == "mine");
    CHECK(s.params.preschool.reach == 0.9);
    CHECK(s.params.preschool.effect == pathways::model::default_params().preschool.effect);
    CHECK(s.set_keys == std::vector<std::string>{"preschool.reach"});
}

TEST_CASE("extends applies the base first, then the file, then --set overrides") {
    TempDir d;
    d.write("base.toml", "[scenario]\nname = \"base\"\n[preschool]\nreach = 0.5\neffect = 0.2\n");
    const auto f = d.write("child.toml", "extends = \"base.toml\"\n[preschool]\nreach = 0.9\n");
    const auto s = load_scenario(f, {"preschool.effect=0.15", "selection.test_regime=end_test"});
    CHECK(s.name == "child");  // names belong to the outermost file
    CHECK(s.params.preschool.reach == 0.9);
    CHECK(s.params.preschool.effect == 0.15);
    CHECK(s.params.selection.test_regime == pathways::model::TestRegime::end_test);
    CHECK(s.files.size() == 2);
}

TEST_CASE("an unknown key names the file, the line and the key closest to it") {
    TempDir d;
    const auto f = d.write("typo.toml", "# comment\n[preschool]\nreech = 0.9\n");
    const auto e = error_of(f);
    CHECK_THAT(e, Catch::Contains("typo.toml:3"));
    CHECK_THAT(e, Catch::Contains("preschool.reech"));
    CHECK_THAT(e, Catch::Contains("did you mean 'preschool.reach'"));
}

TEST_CASE("a wrong type names what was expected and what was found") {
    TempDir d;
    const auto f = d.write("type.toml", "[preschool]\nreach = \"most\"\n");
    const auto e = error_of(f);
    CHECK_THAT(e, Catch::Contains("type.toml:2"));
    CHECK_THAT(e, Catch::Contains("expected a number in [0, 1]"));
    CHECK_THAT(e, Catch::Contains("found \"most\""));
}

TEST_CASE("a value out of range is refused with its range") {
    TempDir d;
    const auto f = d.write("range.toml", "[preschool]\nreach = 1.5\n");
    CHECK_THAT(error_of(f), Catch::Contains("out of range"));
    const auto g = d.write("int.toml", "[population]\ncohort_size = 2.5\n");
    CHECK_THAT(error_of(g), Catch::Contains("expected an integer"));
    const auto h = d.write("choice.toml", "[selection]\ntest_regime = \"cito\"\n");
    CHECK_THAT(error_of(h), Catch::Contains("one of \"doorstroomtoets\" \"end_test\""));
    const auto k = d.write("list.toml", "[selection]\nadvice_shares = [1, 2, 3]\n");
    CHECK_THAT(error_of(k), Catch::Contains("3 elements"));
}

TEST_CASE("invalid TOML, a missing base file and an extends loop are errors with the file") {
    TempDir d;
    CHECK_THAT(error_of(d.write("syntax.toml", "[preschool\nreach = 1\n")), Catch::Contains("syntax.toml:1: not valid TOML"));
    CHECK_THAT(error_of(d.write("missing.toml", "extends = \"nowhere.toml\"\n")), Catch::Contains("does not exist"));
    d.write("a.toml", "extends = \"b.toml\"\n");
    CHECK_THAT(error_of(d.write("b.toml", "extends = \"a.toml\"\n")), Catch::Contains("loops back"));
    CHECK_THAT(error_of((d.path / "absent.toml").string()), Catch::Contains("cannot open"));
}

TEST_CASE("overrides given with --set refuse unknown keys and malformed values") {
    TempDir d;
    const auto f = d.write("ok.toml", "");
    CHECK_THAT(error_of(f, {"preschool.rech=0.5"}), Catch::Contains("did you mean 'preschool.reach'"));
    CHECK_THAT(error_of(f, {"preschool.reach"}), Catch::Contains("expected key=value"));
    CHECK_THAT(error_of(f, {"preschool.reach=lots"}), Catch::Contains("expected a number"));
}

TEST_CASE("cross-field problems are reported before anything runs") {
    TempDir d;
    const auto f = d.write("districts.toml", "[population]\ndistrict_names = [\"a\", \"b\"]\n");
    CHECK_THAT(error_of(f), Catch::Contains("population.district_birth_share"));
}

TEST_CASE("the shipped scenario files all load") {
    for (const auto& entry : fs::directory_iterator(fs::path(PATHWAYS_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".toml") continue;
        INFO(entry.path());
        CHECK_NOTHROW(load_scenario(entry.path().string()));
    }
}

TEST_CASE("an [uncertainty] range gives every replicate its own draw, the same in every scenario") {
    TempDir d;
    const auto a = d.write("a.toml", "[uncertainty.preschool]\neffect = [0.0, 0.2]\n");
    const auto b = d.write("b.toml", "[preschool]\nreach = 0.95\n[uncertainty.preschool]\neffect = [0.0, 0.2]\n");
    const auto sa = load_scenario(a), sb = load_scenario(b);
    REQUIRE(sa.uncertain.size() == 1);
    std::set<double> seen;
    for (int r = 0; r < 20; ++r) {
        const double ea = pathways::scenario::replicate_params(sa, 7, r).preschool.effect;
        CHECK(ea >= 0.0);
        CHECK(ea <= 0.2);
        CHECK(ea == pathways::scenario::replicate_params(sb, 7, r).preschool.effect);  // common random numbers
        seen.insert(ea);
    }
    CHECK(seen.size() == 20);
    CHECK(sa.params.preschool.effect == pathways::model::default_params().preschool.effect);  // the file's value stays
}

TEST_CASE("an [uncertainty] entry must be a number parameter with a range inside its bounds") {
    TempDir d;
    CHECK_THAT(error_of(d.write("u1.toml", "[uncertainty.preschool]\neffect = [0.3, 0.1]\n")),
               Catch::Contains("u1.toml:2: key 'uncertainty.preschool.effect': expected [low, high]"));
    CHECK_THAT(error_of(d.write("u2.toml", "[uncertainty.preschool]\nreach = [0.5, 1.5]\n")), Catch::Contains("expected [low, high]"));
    CHECK_THAT(error_of(d.write("u3.toml", "[uncertainty.selection]\ndouble_advice = [0, 1]\n")),
               Catch::Contains("only number parameters can be uncertain"));
    CHECK_THAT(error_of(d.write("u4.toml", "[uncertainty.preschool]\nefect = [0, 1]\n")), Catch::Contains("did you mean"));
}

TEST_CASE("[uncertainty] priors = true draws every prior the scenario leaves at its default, the same in every scenario") {
    TempDir d;
    const auto a = d.write("a.toml", "[uncertainty]\npriors = true\n");
    const auto b = d.write("b.toml", "extends = \"a.toml\"\n[preschool]\nreach = 0.95\n[uncertainty.preschool]\neffect = [0.0, 0.2]\n");
    const auto sa = load_scenario(a), sb = load_scenario(b);
    CHECK(sa.priors);
    CHECK(sb.priors);  // inherited
    const auto* reach = pathways::model::find_prior_dimension("preschool.reach");
    CHECK(pathways::scenario::draws_prior(sa, *reach));
    CHECK_FALSE(pathways::scenario::draws_prior(sb, *reach));  // set by the scenario: its choice
    CHECK_FALSE(pathways::scenario::draws_prior(sb, *pathways::model::find_prior_dimension("preschool.effect")));  // the range instead
    for (int r = 0; r < 10; ++r) {
        const auto pa = pathways::scenario::replicate_params(sa, 7, r), pb = pathways::scenario::replicate_params(sb, 7, r);
        CHECK(pb.preschool.reach == 0.95);
        CHECK(pa.preschool.reach >= 0.69);
        CHECK(pa.preschool.reach <= 0.77);
        CHECK(pa.selection.teacher_bias_by_parent_edu == pb.selection.teacher_bias_by_parent_edu);  // paired in parameters
        CHECK(pa.secondary.track_growth == pb.secondary.track_growth);
        CHECK(pa.population.district_birth_share == pb.population.district_birth_share);
        CHECK(pa.selection.teacher_bias_by_parent_edu[1] == 0.0);
        const auto draws = pathways::scenario::replicate_draws(sb, 7, r);
        REQUIRE_FALSE(draws.empty());
        CHECK(draws.back().source == "range");
        CHECK(draws.back().name == "preschool.effect");
        CHECK(pb.preschool.effect == draws.back().value);
    }
    CHECK(pathways::scenario::replicate_params(sa, 7, 1).preschool.reach != pathways::scenario::replicate_params(sa, 7, 2).preschool.reach);
    CHECK(pathways::scenario::replicate_params(sa, 7, 1).preschool.reach != pathways::scenario::replicate_params(sa, 8, 1).preschool.reach);
    // without the switch nothing is drawn
    const auto off = load_scenario(d.write("off.toml", ""));
    CHECK_FALSE(off.priors);
    CHECK(pathways::scenario::replicate_draws(off, 7, 0).empty());
    CHECK_THAT(error_of(d.write("bad.toml", "[uncertainty]\npriors = \"yes\"\n")),
               Catch::Contains("bad.toml:2: key 'uncertainty.priors': expected true or false"));
    // one switch for the scenarios of a comparison
    std::vector<pathways::scenario::Scenario> pair{off, sa};
    pathways::scenario::share_priors_switch(pair, false);
    CHECK(pair[0].priors);
}
