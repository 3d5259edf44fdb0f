// libFuzzer harness: a scenario file and --set overrides. The input is the file's text, then
// optionally a NUL byte and --set arguments, one per line. Every input must either load or be
// refused with a ScenarioError; anything else (a crash, another exception, a sanitizer report,
// an allocation beyond -rss_limit_mb) is a finding.
#include "fuzz/fuzz_input.hpp"
#include "scenario/scenario.hpp"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string all(reinterpret_cast<const char*>(data), size);
    const auto nul = all.find('\0');
    const std::string text = all.substr(0, nul);
    std::vector<std::string> sets;
    if (nul != std::string::npos) {
        const std::string rest = all.substr(nul + 1);
        std::size_t at = 0;
        while (at <= rest.size() && sets.size() < 16) {
            const auto nl = std::min(rest.find('\n', at), rest.size());
            sets.push_back(rest.substr(at, nl - at));
            at = nl + 1;
        }
    }
    const std::string path = pathways::fuzz::write_input(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), ".toml");
    try {
        pathways::scenario::load_scenario(path, sets);
    } catch (const pathways::scenario::ScenarioError&) {
    }
    for (const auto& s : sets) {
        try {
            pathways::scenario::check_override(s, "--set");
        } catch (const pathways::scenario::ScenarioError&) {
        }
    }
    return 0;
}
