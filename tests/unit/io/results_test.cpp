#include "engine/run.hpp"
#include "io/h5.hpp"
#include "io/results.hpp"
#include "model/schema.hpp"
#include "scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace pathways;

namespace {
scenario::Scenario tiny() {
    scenario::Scenario s;
    s.name = "tiny";
    s.params = model::default_params();
    s.params.population.cohort_size = 500;
    s.params.population.birth_cohorts = 1;
    return s;
}
}  // namespace

TEST_CASE("results are written under a temporary name and renamed, and read back with their layout") {
    const auto s = tiny();
    engine::RunOptions options;
    options.replicates = 2;
    options.threads = 1;
    const auto run = engine::run_scenario(s, options);
    const fs::path dir = fs::temp_directory_path() / ("pathways_io_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "r.h5").string();
    io::Provenance prov;
    prov.seed = options.seed;
    prov.replicates = 2;
    io::write_results(path, s, prov, run);
    CHECK(fs::exists(path));
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == "r.h5");  // no temporary left

    auto file = io::h5::open_file(path);
    auto t = io::h5::open_group(file.id(), "outcomes/by_group");
    const auto replicate = io::h5::read_column<std::int32_t>(t.id(), "replicate");
    const auto children = io::h5::read_column<std::int64_t>(t.id(), "children");
    std::int64_t total = 0;
    for (const auto c : children) total += c;
    CHECK(total == 2 * 500);
    CHECK(replicate.size() == 2 * run.replicates[0].outcomes.rows());
    auto prov_group = io::h5::open_group(file.id(), "provenance");
    CHECK(io::h5::read_string_attribute(prov_group.id(), "scenario_name") == "tiny");
    auto params = io::h5::open_group(file.id(), "provenance/parameters");
    const auto keys = io::h5::read_string_column(params.id(), "key");
    CHECK(keys.size() == model::schema().size());
    auto checks = io::h5::open_group(file.id(), "provenance/checksums");
    const auto sums = io::h5::read_column<std::uint64_t>(checks.id(), "checksum");
    CHECK(sums.size() == 2);
    CHECK(sums[0] != sums[1]);  // replicates have their own keys
    fs::remove_all(dir);
}

TEST_CASE("a file that cannot be written leaves no temporary and an older file intact, and stale temporaries of dead processes are removed") {
    const fs::path dir = fs::temp_directory_path() / ("pathways_atomic_test_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "r.h5").string();
    { std::ofstream(path) << "older"; }
    // a failure while the file is built (here: a throwing body) changes nothing on disk
    CHECK_THROWS_WITH(io::h5::write_file_atomically(path, [](hid_t) { throw io::h5::Error("stop"); }), "stop");
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);
    { std::ifstream in(path); std::string s; in >> s; CHECK(s == "older"); }
    // a folder as the output is refused, naming it
    CHECK_THROWS_WITH(io::h5::write_file_atomically(dir.string(), [](hid_t) {}), Catch::Contains("it is a folder"));
    // a temporary of a process that no longer runs (pid 2^22 + 1 is above Linux's pid_max default) goes,
    // one of a live process (this one) and other files stay
    const std::string stale = path + ".tmp-4194305", live = path + ".tmp-" + std::to_string(::getpid());
    { std::ofstream(stale) << "x"; std::ofstream(live) << "x"; std::ofstream(path + ".tmp-notapid") << "x"; }
    CHECK(io::h5::remove_stale_temporaries(dir.string(), "r.h5.tmp-") == 1);
    CHECK(!fs::exists(stale));
    CHECK(fs::exists(live));
    CHECK(fs::exists(path + ".tmp-notapid"));
    fs::remove_all(dir);
}

TEST_CASE("reading a file that is not HDF5 names the file and what is wrong, in one line") {
    const fs::path dir = fs::temp_directory_path() / ("pathways_read_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string text = (dir / "t.h5").string(), empty = (dir / "e.h5").string();
    { std::ofstream(text) << "hello"; std::ofstream{empty}; }
    CHECK_THROWS_WITH(io::h5::open_file(text), text + ": not an HDF5 file");
    CHECK_THROWS_WITH(io::h5::open_file(empty), empty + ": empty file, not an HDF5 file");
    CHECK_THROWS_WITH(io::h5::open_file(dir.string()), dir.string() + ": is a folder, not an HDF5 file");
    CHECK_THROWS_WITH(io::h5::open_file((dir / "none.h5").string()), Catch::Contains("No such file"));
    fs::remove_all(dir);
}

TEST_CASE("a failed write leaves neither the target nor a temporary file") {
    const auto s = tiny();
    engine::RunOptions options;
    options.threads = 1;
    const auto run = engine::run_scenario(s, options);
    const fs::path dir = fs::temp_directory_path() / ("pathways_io_fail_" + std::to_string(::getpid()));
    fs::create_directories(dir / "r.h5");  // a folder where the file should go: the rename fails
    io::Provenance prov;
    CHECK_THROWS(io::write_results((dir / "r.h5").string(), s, prov, run));
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        (void)e;
        ++entries;
    }
    CHECK(entries == 1);  // only the folder that was in the way
    fs::remove_all(dir);
}

TEST_CASE("intervals over replicates include parameter uncertainty: replicates spread wider with a range") {
    auto spread = [](bool uncertain) {
        auto s = tiny();
        s.params.population.cohort_size = 3000;
        if (uncertain) s.uncertain.push_back({"preschool.reach", 0.2, 1.0});
        engine::RunOptions options;
        options.replicates = 12;
        options.threads = 1;
        const auto run = engine::run_scenario(s, options);
        std::vector<double> reach;  // VE participants per target child, per replicate
        for (const auto& r : run.replicates)
            reach.push_back(static_cast<double>(r.outcomes.total("ve_participant")) /
                            static_cast<double>(r.outcomes.total("ve_target")));
        double m = 0, v = 0;
        for (const double x : reach) m += x / static_cast<double>(reach.size());
        for (const double x : reach) v += (x - m) * (x - m) / static_cast<double>(reach.size() - 1);
        return std::sqrt(v);
    };
    // about 600 target children: the sampling SD of the reach is about 0.018; a reach drawn from
    // [0.2, 1.0] adds an SD of 0.23, so the spread must be many times larger
    CHECK(spread(false) < 0.04);
    CHECK(spread(true) > 0.12);
}

TEST_CASE("string columns of any count and length read back as written through their sized conversion buffer") {
    const fs::path dir = fs::temp_directory_path() / ("pathways_strings_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "s.h5").string();
    // fewer elements than the buffer's minimum, many, empty strings, strings far longer than the
    // 64 bytes an element the buffer allows (their characters live outside it), UTF-8
    std::vector<std::string> few{"vmbo-gt", ""}, many, long_ones;
    for (int k = 0; k < 20000; ++k) many.push_back("wijk " + std::to_string(k) + (k % 3 ? " Zuilen-Ondiep" : ""));
    for (int k = 0; k < 40; ++k) long_ones.push_back(std::string(static_cast<std::size_t>(100 * k + 1), 'a') + "\xc3\xab");
    io::h5::write_file_atomically(path, [&](hid_t file) {
        io::h5::write_string_column(file, "few", few);
        io::h5::write_string_column(file, "many", many);
        io::h5::write_string_column(file, "long", long_ones);
        io::h5::write_string_column(file, "none", {});
    });
    auto file = io::h5::open_file(path);
    CHECK(io::h5::read_string_column(file.id(), "few") == few);
    CHECK(io::h5::read_string_column(file.id(), "many") == many);
    CHECK(io::h5::read_string_column(file.id(), "long") == long_ones);
    CHECK(io::h5::read_string_column(file.id(), "none").empty());
    fs::remove_all(dir);
}
