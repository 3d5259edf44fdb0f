#include "model/column.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pathways::model {
namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}

ColumnArena::ColumnArena(std::size_t bytes) {
    if (bytes == 0) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // Below half a huge page (a population of a few thousand) ordinary memory: it gains nothing.
    if (bytes >= kHugePage / 2) {
        // Map a huge page more than needed, so that the block can start on a huge-page boundary;
        // the slack before and after is unmapped again.
        const std::size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void* raw = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) throw std::bad_alloc();
        auto* const base = static_cast<std::byte*>(raw);
        const std::size_t skip = (kHugePage - reinterpret_cast<std::uintptr_t>(base) % kHugePage) % kHugePage;
        if (skip > 0) munmap(base, skip);
        munmap(base + skip + size, kHugePage - skip);  // skip < kHugePage, so there is always a tail
        madvise(base + skip, size, MADV_HUGEPAGE);  // a request: without THP the pages are ordinary
        block_ = std::unique_ptr<std::byte, ColumnArenaRelease>(base + skip, ColumnArenaRelease{size, true});
        return;
    }
#endif
    const std::size_t size = padded(bytes);
    auto* const p = static_cast<std::byte*>(std::aligned_alloc(64, size));
    if (p == nullptr) throw std::bad_alloc();
    std::memset(p, 0, size);
    block_ = std::unique_ptr<std::byte, ColumnArenaRelease>(p, ColumnArenaRelease{size, false});
}

void ColumnArenaRelease::operator()(std::byte* p) const noexcept {
#if defined(__linux__)
    if (mapped) {
        munmap(p, bytes);
        return;
    }
#endif
    std::free(p);
}

}  // namespace pathways::model
