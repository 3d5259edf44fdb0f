#include "engine/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace pathways::engine {

Progress::Progress(std::string label, std::uint64_t total, bool enabled)
    : label_(std::move(label)), total_(total ? total : 1), enabled_(enabled && isatty(fileno(stderr))),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() {
    if (enabled_) draw(true);
}

void Progress::advance(std::uint64_t n) {
    done_ += n;
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ > std::chrono::milliseconds(200)) {
        last_draw_ = now;
        draw(false);
    }
}

void Progress::draw(bool final) {
    const double frac = static_cast<double>(done_) / static_cast<double>(total_);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
    constexpr int width = 30;
    const int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%s [%s] %5.1f%%  %6.1fs elapsed  ETA %6.1fs%s", label_.c_str(), bar.c_str(), 100 * frac,
                 elapsed, eta, final ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace pathways::engine
