// Calibration files and targets files: multi-part figures split in the order their quantity names
// the parts, and every mistake in a calibration file reported in one line naming file, line and key.
#include "engine/calibrate.hpp"
#include "scenario/calibration_file.hpp"
#include "scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace pathways;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("pathways_calibration_test_" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

const char* kTargets =
    "id,group,quantity,population,year,value,unit,tolerance,status,source\n"
    "A10,advice,definitive advice vwo: lowest income group,NL,2019,10.0,% of pupils,2.0,E,\"CBS, table 1\"\n"
    "M01,mobility,\"level change after 1 year: lower / higher (a dual class spans its levels)\",NL,2011,3.7 / 3.1,%,1.5,E,CBS\n"
    "M02,mobility,\"level change after 3 years: none / lower / higher / both\",NL,2013,78.0 / 14.6 / 5.2 / 1.3,%,3.0,E,CBS\n"
    "L01,literature,qualitative,NL,2019,qualitative,,,E,x\n"
    "S04,shortage,a range,NL,2019,2.1-2.6,%,0.5,E,x\n";

std::string error_of(const std::string& path) {
    try {
        scenario::read_calibration_file(path);
    } catch (const scenario::ScenarioError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a targets file splits multi-part figures in the order the quantity names the parts", "[calibration]") {
    TempDir d;
    const auto t = scenario::read_targets(d.write("targets.csv", kTargets));
    REQUIRE(t.count("A10") == 1);
    CHECK(t.at("A10").value == 10.0);
    CHECK(t.at("A10").tolerance == 2.0);
    CHECK(t.at("M01.lower").value == 3.7);
    CHECK(t.at("M01.higher").value == 3.1);
    CHECK(t.at("M02.none").value == 78.0);
    CHECK(t.at("M02.lower").value == 14.6);
    CHECK(t.at("M02.higher").value == 5.2);
    CHECK(t.at("M02.both").value == 1.3);
    CHECK(t.at("M02.both").tolerance == 3.0);
    CHECK(t.count("M02") == 0);
    CHECK(t.count("L01") == 0);  // qualitative: not a target
    CHECK(t.count("S04") == 0);  // a range: not a target
}

TEST_CASE("the shipped targets file gives the model's M01-M03 part ids", "[calibration]") {
    const auto t = scenario::read_targets(std::string(PATHWAYS_SOURCE_DIR) + "/tests/statistical/targets.csv");
    CHECK(t.count("A01") == 1);
    CHECK(t.count("U09") == 1);
    REQUIRE(t.count("M02.none") == 1);  // the CBS level changes against the year-1 class
    CHECK(t.at("M02.none").value == 78.0);
    CHECK(t.at("M03.both").value == 2.8);
    CHECK(t.at("M01.lower").value == 3.7);
    CHECK(t.at("M01.higher").value == 3.1);
    CHECK(t.count("M01") == 0);
}

TEST_CASE("a calibration file is read with its parameters, configurations and tolerances", "[calibration]") {
    TempDir d;
    d.write("targets.csv", kTargets);
    const std::string scenarios = std::string(PATHWAYS_SOURCE_DIR) + "/scenarios/";
    const auto path = d.write("c.toml", "name = \"test\"\ntargets = \"targets.csv\"\nmax_evaluations = 7\nalgorithm = \"neldermead\"\n"
                                        "[[parameter]]\nkey = \"selection.teacher_noise_sd\"\nlower = 0.1\nupper = 0.9\nstart = 0.4\n"
                                        "[[parameter]]\nkey = \"population.potential_mean_by_parent_edu[2]\"\nlower = 0\nupper = 1\n"
                                        "[[configuration]]\nscenario = \"" + scenarios + "baseline.toml\"\n"
                                        "set = [\"population.cohort_size=500\"]\ntargets = [\"A10\", \"M02\"]\n"
                                        "[[configuration]]\nname = \"held out\"\nscenario = \"" + scenarios + "baseline.toml\"\n"
                                        "targets = [\"M01\"]\nfit = false\n"
                                        "[tolerance]\nA10 = 1.0\nM02 = 2.5\n");
    const auto c = scenario::read_calibration_file(path);
    CHECK(c.name == "test");
    CHECK(c.max_evaluations == 7);
    CHECK(c.algorithm == "neldermead");
    REQUIRE(c.parameters.size() == 2);
    CHECK(c.parameters[0].key == "selection.teacher_noise_sd");
    CHECK(*c.parameters[0].start == 0.4);
    CHECK(c.parameters[1].key == "population.potential_mean_by_parent_edu");
    CHECK(c.parameters[1].index == 2);
    REQUIRE(c.configurations.size() == 2);
    CHECK(c.configurations[0].targets == std::vector<std::string>{"A10", "M02.both", "M02.higher", "M02.lower", "M02.none"});
    CHECK(c.configurations[1].fit == false);
    CHECK(c.targets.at("A10").tolerance == 1.0);
    CHECK(c.targets.at("M02.none").tolerance == 2.5);

    // the parameters land in the configuration's scenario, the list element alone
    const auto p = engine::load_calibration_problem(c);
    const auto params = engine::configuration_params(p, 0, engine::parameter_values(p, {0.5, 0.25}), 0);
    CHECK(params.selection.teacher_noise_sd == Approx(0.5));
    CHECK(params.population.potential_mean_by_parent_edu[2] == Approx(0.25));
    CHECK(params.population.potential_mean_by_parent_edu[0] == Approx(-0.45));
    CHECK(params.population.cohort_size == 500);
}

TEST_CASE("a wrong calibration file is one line naming the file, line and key", "[calibration]") {
    TempDir d;
    d.write("targets.csv", kTargets);
    const std::string scenario = std::string(PATHWAYS_SOURCE_DIR) + "/scenarios/baseline.toml";
    const std::string config = "[[configuration]]\nscenario = \"" + scenario + "\"\ntargets = [\"A10\"]\n";
    auto file = [&](const std::string& name, const std::string& parameter, const std::string& rest = "") {
        return d.write(name, "targets = \"targets.csv\"\n" + rest + "[[parameter]]\n" + parameter + config);
    };
    const std::string ok = "key = \"preschool.reach\"\nlower = 0.5\nupper = 0.9\n";

    auto e = error_of(file("a.toml", "key = \"preschool.reach\"\nlower = 0.5\nupper = 1.5\n"));
    CHECK(e.find("a.toml:3: parameter preschool.reach: key 'upper'") != std::string::npos);
    CHECK(e.find("schema's range [0, 1]") != std::string::npos);
    e = error_of(file("b.toml", "key = \"preschool.rech\"\nlower = 0\nupper = 1\n"));
    CHECK(e.find("b.toml:3: key 'parameter.key': unknown parameter 'preschool.rech'; did you mean 'preschool.reach'?") !=
          std::string::npos);
    e = error_of(file("c.toml", "key = \"selection.double_advice\"\nlower = 0\nupper = 1\n"));
    CHECK(e.find("c.toml:3: key 'parameter.key': selection.double_advice is of type boolean") != std::string::npos);
    e = error_of(file("d.toml", "key = \"population.potential_mean_by_parent_edu\"\nlower = 0\nupper = 1\n"));
    CHECK(e.find("fit one element as population.potential_mean_by_parent_edu[0]") != std::string::npos);
    e = error_of(file("e.toml", "key = \"preschool.reach\"\nlower = 0.5\nupper = 0.9\nstart = 0.95\n"));
    CHECK(e.find("e.toml:3: parameter preschool.reach: key 'start'") != std::string::npos);
    e = error_of(file("f.toml", ok, "algorithm = \"simplex\"\n"));
    CHECK(e.find("f.toml:2: key 'algorithm': expected one of bobyqa, neldermead, crs2, isres") != std::string::npos);
    e = error_of(file("g.toml", ok, "replicate = 3\n"));
    CHECK(e.find("g.toml:2: unknown key 'replicate'") != std::string::npos);
    e = error_of(d.write("h.toml", "targets = \"targets.csv\"\n[[parameter]]\n" + ok +
                                       "[[configuration]]\nscenario = \"" + scenario + "\"\ntargets = [\"X99\"]\n"));
    CHECK(e.find("h.toml:6: configuration 'baseline #1': key 'targets': no target 'X99'") != std::string::npos);
    e = error_of(d.write("i.toml", "targets = \"targets.csv\"\n[[parameter]]\n" + ok + "[[configuration]]\nscenario = \"" +
                                       scenario + "\"\nset = [\"preschool.reach=2\"]\ntargets = [\"A10\"]\n"));
    CHECK(e.find("i.toml:8") != std::string::npos);
    CHECK(e.find("preschool.reach") != std::string::npos);
    e = error_of(d.write("j.toml", "targets = \"targets.csv\"\n[[parameter]]\n" + ok + "[[configuration]]\nscenario = \"" +
                                       scenario + "\"\ntargets = [\"A10\"]\nfit = false\n"));
    CHECK(e.find("j.toml: the calibration file names no configuration to fit") != std::string::npos);
    e = error_of(file("k.toml", ok, "[tolerance]\nA10 = -1\n"));
    CHECK(e.find("k.toml:3: key 'tolerance.A10': expected a positive number") != std::string::npos);
    for (const std::string& m : {std::string("a.toml"), std::string("h.toml")})
        CHECK(error_of((d.path / m).string()).find('\n') == std::string::npos);
}

TEST_CASE("the standardised error divides by the tolerance and the Monte Carlo error together", "[calibration]") {
    CHECK(engine::standardised_error(13, 10, 3, 4) == Approx(3.0 / 5.0));
    CHECK(engine::standardised_error(7, 10, 3, 0) == Approx(-1.0));
}
