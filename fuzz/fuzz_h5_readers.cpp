// libFuzzer harness: the HDF5 readers of `summary` (the outcome tables of a run or comparison
// file, and the headline table computed from them) and of `merge` (a shard file with its units).
// Every input must either be read or be refused with io::h5::Error; anything else is a finding.
// HDF5 itself is Debian's uninstrumented library: the fuzzer is guided by pathways' own code.
#include "engine/compare.hpp"
#include "fuzz/fuzz_input.hpp"
#include "io/comparison.hpp"
#include "io/h5.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    pathways::io::h5::silence_errors();
    const std::string path = pathways::fuzz::write_input(data, size, ".h5");
    try {
        const auto stored = pathways::io::read_outcome_tables(path);
        std::vector<std::vector<pathways::model::OutcomeTable>> tables;
        for (const auto& s : stored) tables.push_back(s.replicates);
        const std::vector<pathways::engine::Group> overall{pathways::engine::comparison_groups({}).front()};
        pathways::engine::headline_rows(tables, overall);
    } catch (const pathways::io::h5::Error&) {
    }
    try {
        pathways::io::read_shard(path, true);
    } catch (const pathways::io::h5::Error&) {
    }
    return 0;
}
