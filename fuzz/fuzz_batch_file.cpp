// libFuzzer harness: a batch file. Every input must either be read or be refused with a
// ScenarioError naming the file; anything else is a finding.
#include "fuzz/fuzz_input.hpp"
#include "scenario/batch_file.hpp"
#include "scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = pathways::fuzz::write_input(data, size, "-batch.toml");
    try {
        pathways::scenario::read_batch_file(path);
    } catch (const pathways::scenario::ScenarioError&) {
    }
    return 0;
}
