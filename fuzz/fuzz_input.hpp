// Shared by the fuzz harnesses: the fuzzer's bytes as a file the program reads by path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

namespace pathways::fuzz {

// A file per process in $TMPDIR (or /tmp), rewritten with each input.
inline std::string write_input(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
    static const std::string dir = [] {
        const char* t = std::getenv("TMPDIR");
        return std::string(t && *t ? t : "/tmp");
    }();
    const std::string path = dir + "/pathways-fuzz-" + std::to_string(::getpid()) + suffix;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace pathways::fuzz
