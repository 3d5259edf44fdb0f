// Batches and comparisons through the library: common random numbers, identical scenarios,
// precision stopping, thread counts.
#include "engine/batch.hpp"
#include "scenario/batch_file.hpp"
#include "engine/run.hpp"
#include "io/comparison.hpp"
#include "io/h5.hpp"
#include "scenario/scenario.hpp"
#include "stats/compare.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace pathways;

namespace {

scenario::Scenario small(const std::string& name, int cohort_size = 1500) {
    auto s = scenario::load_scenario(PATHWAYS_SOURCE_DIR "/scenarios/baseline.toml",
                                     {"population.cohort_size=" + std::to_string(cohort_size), "population.birth_cohorts=1"});
    s.name = name;
    return s;
}

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag) : path(fs::temp_directory_path() / ("pathways_batch_test_" + tag + "_" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::vector<double> values(const std::vector<model::OutcomeTable>& tables, const std::string& outcome) {
    const auto all = stats::comparison_groups({}).front();
    std::vector<double> v;
    for (const auto& t : tables) v.push_back(stats::headline_value(t, outcome, all));
    return v;
}

std::vector<model::OutcomeTable> run(const scenario::Scenario& s, int first, int n) {
    std::vector<model::OutcomeTable> out;
    for (int r = first; r < first + n; ++r) out.push_back(engine::run_replicate(s.params, 99, r, 2, false).outcomes);
    return out;
}

}  // namespace

TEST_CASE("common random numbers: paired differences have narrower intervals than unpaired ones") {
    const auto base = small("baseline", 2000);
    auto scen = small("double_advice", 2000);
    scen.params.selection.double_advice = true;
    const int n = 6;
    const auto b = run(base, 0, n);
    const auto paired = run(scen, 0, n);      // the same replicate keys: the same children and draws
    const auto independent = run(scen, 100, n);  // other keys: independent children and draws
    for (const std::string outcome : {"havo_vwo_year3", "havo_vwo_diploma", "social_gap_pp"}) {
        const auto p = stats::paired_difference(values(paired, outcome), values(b, outcome));
        const auto u = stats::unpaired_difference(values(independent, outcome), values(b, outcome));
        INFO(outcome << ": paired " << p.mean << " ± " << p.half_width() << ", unpaired " << u.mean << " ± " << u.half_width());
        CHECK(p.n == n);
        CHECK(p.half_width() < u.half_width());
    }
    // the known case: double advice lowers the year-3 havo/vwo share, and pairing sees it sharply
    const auto p = stats::paired_difference(values(paired, "havo_vwo_year3"), values(b, "havo_vwo_year3"));
    CHECK(p.ci_high < 0);
    CHECK(p.half_width() < 0.5 * stats::unpaired_difference(values(independent, "havo_vwo_year3"), values(b, "havo_vwo_year3")).half_width());
}

TEST_CASE("a scenario identical to the baseline differs by exactly zero, with an all-diagonal switch table") {
    TempDir dir("identical");
    engine::BatchSpec spec;
    spec.scenarios = {small("baseline"), small("same")};
    spec.replicates = 3;
    spec.threads = 2;
    spec.out = (dir.path / "c.h5").string();
    const auto report = engine::run_batch(spec);
    CHECK(report.units_run == 6);
    CHECK(!fs::exists(engine::units_folder(spec.out)));  // removed once the file is written
    auto file = io::h5::open_file(spec.out);
    auto head = io::h5::open_group(file.id(), "comparison/headline");
    const auto scenario = io::h5::read_string_column(head.id(), "scenario");
    const auto mean = io::h5::read_column<double>(head.id(), "mean");
    const auto diff = io::h5::read_column<double>(head.id(), "diff_mean");
    const auto lo = io::h5::read_column<double>(head.id(), "diff_ci_low");
    const auto hi = io::h5::read_column<double>(head.id(), "diff_ci_high");
    std::size_t checked = 0;
    for (std::size_t k = 0; k < scenario.size(); ++k) {
        if (scenario[k] != "same" || std::isnan(mean[k])) continue;
        CHECK(diff[k] == 0.0);
        if (!std::isnan(lo[k])) {
            CHECK(lo[k] == 0.0);
            CHECK(hi[k] == 0.0);
        }
        ++checked;
    }
    CHECK(checked > 100);
    auto sw = io::h5::open_group(file.id(), "comparison/switch");
    const auto bv = io::h5::read_column<std::int32_t>(sw.id(), "baseline_value");
    const auto sv = io::h5::read_column<std::int32_t>(sw.id(), "scenario_value");
    const auto count = io::h5::read_column<std::int64_t>(sw.id(), "count");
    const auto kind = io::h5::read_string_column(sw.id(), "group_kind");
    REQUIRE(!bv.empty());
    std::int64_t overall = 0;
    for (std::size_t k = 0; k < bv.size(); ++k) {
        CHECK(bv[k] == sv[k]);
        if (kind[k] == "overall") overall += count[k];
    }
    CHECK(overall == 2 * 3 * 1500);  // two outcomes, three replicates, every child
}

TEST_CASE("scenarios with different children are refused before anything runs") {
    TempDir dir("refuse");
    engine::BatchSpec spec;
    spec.scenarios = {small("baseline"), small("bigger", 1600)};
    spec.out = (dir.path / "c.h5").string();
    CHECK_THROWS_WITH(engine::run_batch(spec), Catch::Contains("population.cohort_size = 1600") &&
                                                   Catch::Contains("same children"));
    spec.scenarios = {small("baseline"), small("baseline")};
    CHECK_THROWS_WITH(engine::run_batch(spec), Catch::Contains("two scenarios are named 'baseline'"));
    CHECK(!fs::exists(spec.out));
}

TEST_CASE("precision stopping adds replicates until every half-width meets the target, and no sooner") {
    TempDir dir("precision");
    engine::BatchSpec spec;
    auto scen = small("double_advice");
    scen.params.selection.double_advice = true;
    spec.scenarios = {small("baseline"), scen};
    spec.replicates = 2;
    spec.threads = 2;
    spec.precision = 2.0;
    spec.precision_outcomes = {"havo_vwo_year3", "early_leaving"};
    spec.max_replicates = 60;
    spec.out = (dir.path / "p.h5").string();
    const auto report = engine::run_batch(spec);
    INFO(report.stop_reason);
    CHECK(report.stop_reason.rfind("precision met", 0) == 0);
    REQUIRE(report.replicates > 2);  // the target is not met by two replicates here
    const auto stored = io::read_outcome_tables(spec.out);
    REQUIRE(stored.size() == 2);
    REQUIRE(static_cast<int>(stored[0].replicates.size()) == report.replicates);
    auto widest = [&](std::size_t n) {
        double w = 0;
        for (const auto& o : spec.precision_outcomes) {
            std::vector<std::vector<double>> v;
            for (const auto& s : stored) {
                auto all = values(s.replicates, o);
                all.resize(n);
                v.push_back(all);
            }
            w = std::max({w, stats::interval95(v[0]).half_width(), stats::interval95(v[1]).half_width(),
                          stats::paired_difference(v[1], v[0]).half_width()});
        }
        return w;
    };
    CHECK(widest(stored[0].replicates.size()) <= 2.0);
    CHECK(widest(stored[0].replicates.size() - 1) > 2.0);
    auto file = io::h5::open_file(spec.out);
    auto prov = io::h5::open_group(file.id(), "provenance");
    CHECK(io::h5::read_string_attribute(prov.id(), "stop_reason") == report.stop_reason);
}

TEST_CASE("the thread count does not change a comparison") {
    TempDir dir("threads");
    auto scen = small("double_advice");
    scen.params.selection.double_advice = true;
    std::vector<std::vector<io::StoredScenario>> results;
    for (int threads : {1, 3}) {
        engine::BatchSpec spec;
        spec.scenarios = {small("baseline"), scen};
        spec.replicates = 2;
        spec.threads = threads;
        spec.out = (dir.path / (threads == 1 ? "t1.h5" : "t3.h5")).string();
        engine::run_batch(spec);
        results.push_back(io::read_outcome_tables(spec.out));
    }
    for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t r = 0; r < 2; ++r) {
            CHECK(results[0][s].replicates[r].counts == results[1][s].replicates[r].counts);
            CHECK(results[0][s].replicates[r].sums == results[1][s].replicates[r].sums);
        }
}

TEST_CASE("batch files: paths relative to the file, clear errors") {
    TempDir dir("file");
    const auto path = (dir.path / "b.toml").string();
    {
        std::ofstream f(path);
        f << "scenarios = [\"a.toml\", \"/abs/b.toml\"]\nreplicates = 4\nseed = 3\nout = \"out/c.h5\"\n";
    }
    const auto b = scenario::read_batch_file(path);
    CHECK(b.scenarios == std::vector<std::string>{(dir.path / "a.toml").string(), "/abs/b.toml"});
    CHECK(b.replicates == 4);
    CHECK(b.seed == 3);
    CHECK(b.out == (dir.path / "out/c.h5").string());
    {
        std::ofstream f(path);
        f << "scenarios = [\"a.toml\"]\nreplicate = 4\n";
    }
    CHECK_THROWS_WITH(scenario::read_batch_file(path), Catch::Contains("b.toml:2: unknown key 'replicate'"));
}
