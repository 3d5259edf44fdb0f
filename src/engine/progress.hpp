// A progress bar with an ETA on stderr, drawn only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace pathways::engine {

class Progress {
public:
    Progress(std::string label, std::uint64_t total, bool enabled);
    ~Progress();
    void advance(std::uint64_t n = 1);

private:
    void draw(bool final);
    std::string label_;
    std::uint64_t total_, done_ = 0;
    bool enabled_;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace pathways::engine
