// The test suite's own names. CTest learns each Catch test case by name (catch_discover_tests) and
// runs it with the name as a filter; CMake splits a name at ';' into two "tests" whose filters match
// nothing, and Catch then exits 0 with "No test cases matched": the case never runs, silently.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

TEST_CASE("no test case name holds a semicolon, which would keep CTest from ever running it") {
    namespace fs = std::filesystem;
    const std::regex name(R"re(TEST_CASE\(\s*"([^"]*)")re");
    std::size_t cases = 0;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(PATHWAYS_SOURCE_DIR) / "tests")) {
        if (!entry.is_regular_file() || entry.path().extension() != ".cpp") continue;
        std::ifstream in(entry.path());
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it) {
            ++cases;
            INFO(entry.path().filename().string() << ": " << (*it)[1].str());
            CHECK((*it)[1].str().find(';') == std::string::npos);
        }
    }
    CHECK(cases > 150);
}
