// libFuzzer harness: the HDF5 readers of `summary` (the outcome tables of a run or comparison
// file, and the headline table computed from them) and of `merge` (a shard file with its units).
// Every input must either be read or be refused with io::h5::Error; anything else is a finding.
// HDF5 itself is Debian's uninstrumented library: the fuzzer is guided by pathways' own code.
#include "stats/compare.hpp"
#include "fuzz/fuzz_input.hpp"
#include "io/comparison.hpp"
#include "io/h5.hpp"

#include <sanitizer/common_interface_defs.h>

#include <pthread.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

// The readers first read each file in a child process (io::h5::probe_read) and turn its crash
// into one line. A crash there is accepted only where the sanitizer's report puts it inside the
// HDF5 library (a bug of Debian's libhdf5 that the program survives); one in pathways' own code
// aborts the harness, a finding.
namespace {
const std::string& probe_log() {
    static const std::string path = pathways::fuzz::write_input(nullptr, 0, "-probe.log");
    return path;
}
// The first frame of the sanitizer's first stack that is neither the sanitizer's own (an
// interceptor such as memcpy's, or libFuzzer's malloc limit) nor the C library's.
std::string crashing_frame(const std::string& log) {
    std::size_t at = 0;
    while ((at = log.find("    #", at)) != std::string::npos) {
        const auto end = log.find('\n', at);
        const std::string frame = log.substr(at, end - at);
        at = end;
        if (frame.find("__interceptor_") != std::string::npos || frame.find("__asan") != std::string::npos ||
            frame.find("__sanitizer") != std::string::npos || frame.find("libc.so") != std::string::npos ||
            frame.find("__ubsan") != std::string::npos || frame.find("fuzzer::") != std::string::npos ||
            frame.find(" in malloc ") != std::string::npos || frame.find(" in calloc ") != std::string::npos ||
            frame.find(" in realloc ") != std::string::npos)
            continue;
        return frame;
    }
    return "";
}

void check_probe_crash(const std::string& message) {
    if (message.find("crashed the HDF5 library") == std::string::npos) return;
    std::ifstream in(probe_log());
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string frame = crashing_frame(log);
    if (frame.find("libhdf5") != std::string::npos) return;  // inside the library
    if (frame.empty() && log.find("AddressSanitizer") == std::string::npos && log.find("runtime error") == std::string::npos)
        return;  // a plain signal without a sanitizer report: the library's (ours would be reported)
    std::fprintf(stderr, "a reader crashed outside the HDF5 library:\n%s\n", log.c_str());
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // a child that crashes must not report to libFuzzer as if the harness had crashed
    static const int once = pthread_atfork(nullptr, nullptr, [] { __sanitizer_set_death_callback(nullptr); });
    (void)once;
    pathways::io::h5::silence_errors();
    ::setenv("PATHWAYS_PROBE_LOG", probe_log().c_str(), 1);
    ::setenv("PATHWAYS_PROBE_SECONDS", "5", 1);
    const std::string path = pathways::fuzz::write_input(data, size, ".h5");
    try {
        const auto stored = pathways::io::read_outcome_tables(path);
        std::vector<std::vector<pathways::model::OutcomeTable>> tables;
        for (const auto& s : stored) tables.push_back(s.replicates);
        const std::vector<pathways::stats::Group> overall{pathways::stats::comparison_groups({}).front()};
        try {
            pathways::stats::headline_rows(tables, overall);
        } catch (const std::out_of_range&) {  // a missing column: summary turns it into one line
        }
    } catch (const pathways::io::h5::Error& e) {
        check_probe_crash(e.what());
    }
    try {
        pathways::io::read_shard(path, true);
    } catch (const pathways::io::h5::Error& e) {
        check_probe_crash(e.what());
    }
    return 0;
}
