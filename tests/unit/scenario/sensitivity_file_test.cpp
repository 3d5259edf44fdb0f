// Sensitivity files: the shipped example reads as documented; every key is checked against the
// schema, with the file and line in the message.
#include "scenario/scenario.hpp"
#include "scenario/sensitivity_file.hpp"
#include "model/prior.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using pathways::scenario::read_sensitivity_file;
using pathways::scenario::ScenarioError;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() : path(fs::temp_directory_path() / ("pathways_sensitivity_file_test_" + std::to_string(::getpid()))) {
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

std::string error_of(const std::string& file) {
    try {
        read_sensitivity_file(file);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "";
}

const std::string kHead = "scenario = \"base.toml\"\n";

}  // namespace

TEST_CASE("the shipped example reads as docs/sensitivity.md describes it") {
    const auto f = read_sensitivity_file(std::string(PATHWAYS_SOURCE_DIR) + "/sensitivity/ten_fourteen.toml");
    CHECK(f.method == "both");
    CHECK(f.parameters.size() == 20);
    CHECK(f.top == 8);
    CHECK(f.trajectories == 20);
    CHECK(f.samples == 512);
    CHECK(f.outcomes == std::vector<std::string>{"havo_vwo_diploma", "social_gap_pp"});
    CHECK(f.groups == std::vector<std::string>{"parent_edu"});
    CHECK(fs::path(f.scenario).filename() == "baseline.toml");
    CHECK(fs::path(f.policy).filename() == "ten_fourteen_citywide.toml");
    CHECK(fs::exists(f.scenario));
    CHECK(fs::exists(f.policy));
    for (const auto& p : f.parameters) {
        CHECK(p.lower < p.upper);
        CHECK(p.prior == "uniform");
    }
    const auto& bias = f.parameters[4];
    CHECK(bias.name == "selection.teacher_bias_by_parent_edu[0]");
    CHECK(bias.key == "selection.teacher_bias_by_parent_edu");
    CHECK(bias.element == 0);
    CHECK(bias.lower == -0.25);
    CHECK(bias.upper == 0.0);
}

TEST_CASE("the defaults, paths relative to the file and list elements") {
    TempDir d;
    const auto path = d.write("s.toml", kHead + "[[parameter]]\nkey = \"selection.teacher_bias_by_parent_edu[2]\"\nrange = [0, 0.15]\n");
    const auto f = read_sensitivity_file(path);
    CHECK(f.scenario == (d.path / "base.toml").string());
    CHECK(f.policy.empty());
    CHECK(f.method == "sobol");
    CHECK(f.samples == 1024);
    CHECK(f.bootstrap == 1000);
    CHECK(f.levels == 4);
    CHECK(f.outcomes == std::vector<std::string>{"havo_vwo_diploma"});
    REQUIRE(f.parameters.size() == 1);
    CHECK(f.parameters[0].element == 2);
    CHECK(f.parameters[0].line == 2);
}

TEST_CASE("prior = \"schema\" takes a number's or an element's prior and bounds from the schema") {
    TempDir d;
    const auto path = d.write("s.toml", kHead +
                                            "[[parameter]]\nkey = \"preschool.effect\"\nprior = \"schema\"\n"
                                            "[[parameter]]\nkey = \"population.potential_mean_by_parent_edu[0]\"\nprior = \"schema\"\n"
                                            "[[parameter]]\nkey = \"selection.teacher_noise_sd\"\nrange = [0.2, 0.45]\n");
    const auto f = read_sensitivity_file(path);
    REQUIRE(f.parameters.size() == 3);
    const auto* effect = pathways::model::find_prior_dimension("preschool.effect");
    REQUIRE(effect);
    const auto& e = f.parameters[0];
    CHECK(e.prior == "schema");
    CHECK(e.schema_prior.describe() == effect->prior.describe());
    CHECK(e.lower == effect->prior.lower);
    CHECK(e.upper == effect->prior.upper);
    // element 0 of the file is the schema's element 1 (1-based there)
    const auto* low = pathways::model::find_prior_dimension("population.potential_mean_by_parent_edu[1]");
    REQUIRE(low);
    const auto& m = f.parameters[1];
    CHECK(m.element == 0);
    CHECK(m.schema_prior.describe() == low->prior.describe());
    CHECK(m.lower == low->prior.lower);
    CHECK(m.upper == low->prior.upper);
    CHECK(f.parameters[2].prior == "uniform");
}

TEST_CASE("bad sensitivity files name the file, line and key") {
    TempDir d;
    const std::string par = "[[parameter]]\nkey = \"selection.teacher_noise_sd\"\nrange = [0.2, 0.45]\n";
    auto err = [&](const std::string& text) { return error_of(d.write("bad.toml", text)); };
    CHECK_THAT(err(kHead + "methods = \"sobol\"\n" + par), Catch::Contains("bad.toml:2: unknown key 'methods'"));
    CHECK_THAT(err(kHead + "method = \"fast\"\n" + par), Catch::Contains("bad.toml:2: key 'method'"));
    CHECK_THAT(err(kHead + "samples = 1\n" + par), Catch::Contains("bad.toml:2: key 'samples': expected an integer in [2,"));
    CHECK_THAT(err(kHead + "groups = [\"shoe_size\"]\n" + par), Catch::Contains("bad.toml:2: key 'groups'"));
    CHECK_THAT(err(kHead + "groups = [\"birth_year\"]\n" + par), Catch::Contains("birth_year is not offered"));
    CHECK_THAT(err(kHead + "outcomes = [\"T01\", \"havo\"]\n" + par), Catch::Contains("unknown outcome 'havo'"));
    CHECK(err(kHead + "outcomes = [\"T01\", \"M01.lower\", \"social_gap_pp\"]\n" + par).empty());
    CHECK_THAT(err(kHead + "set = [\"preschool.reach=2\"]\n" + par), Catch::Contains("bad.toml:2"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"selection.teacher_noise_sd\"\nrange = [0.45, 0.2]\n"),
               Catch::Contains("bad.toml:4: key 'parameter.range': expected [lower, upper] with lower < upper"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"selection.teacher_noise_sd\"\n"), Catch::Contains("bad.toml:2: key 'parameter.range': missing"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"selection.double_advice\"\nrange = [0, 1]\n"),
               Catch::Contains("only numbers and elements of number lists can be varied"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"selection.teacher_noise_sd[1]\"\nrange = [0, 1]\n"),
               Catch::Contains("is a number, not a list"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"selection.teacher_bias_by_parent_edu[x]\"\nrange = [0, 1]\n"),
               Catch::Contains("a list element is written key[i]"));
    CHECK_THAT(err(kHead + par + par), Catch::Contains("bad.toml:5: key 'parameter.key': selection.teacher_noise_sd is varied twice (also at line 2)"));
    CHECK_THAT(err(par), Catch::Contains("names no scenario"));
    CHECK_THAT(err(kHead + "method = \"both\"\n" + par), Catch::Contains("vary at least two"));
    CHECK_THAT(err(kHead + "[morris]\nspeed = 3\n" + par), Catch::Contains("bad.toml:3: unknown key 'morris.speed'"));
    CHECK_THAT(err(kHead + "scenario = [\n"), Catch::Contains("not valid TOML"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"preschool.effect\"\nprior = \"schema\"\nrange = [0, 0.2]\n"),
               Catch::Contains("bad.toml:2: key 'parameter.range': preschool.effect has prior = \"schema\""));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"preschool.effect\"\nprior = \"beta\"\n"),
               Catch::Contains("bad.toml:4: key 'parameter.prior': expected \"uniform\""));
    // a list's scale prior is not a prior of one element; a number without a prior has none
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"population.high_income_share_if_not_low_ses[0]\"\nprior = \"schema\"\n"),
               Catch::Contains("the schema gives population.high_income_share_if_not_low_ses[0] no prior of its own (its priors: "
                               "population.high_income_share_if_not_low_ses:scale"));
    CHECK_THAT(err(kHead + "[[parameter]]\nkey = \"interventions.first1000_reach\"\nprior = \"schema\"\n"),
               Catch::Contains("interventions.first1000_reach has no prior"));
}
