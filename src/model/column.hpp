// Storage for the population's columns: one block of memory for all of them, each column a
// fixed-length array in it. One block instead of fifty vectors lets the operating system back it
// with 2 MiB pages (Linux: transparent huge pages on request), which a cohort's 21 MB of
// columns, read once a year in full, gains from twice: a few hundred page faults instead of
// thousands when it is built, and far fewer TLB misses in every yearly pass (docs/performance.md).
#pragma once

#include <cstddef>
#include <memory>

namespace pathways::model {

// How a ColumnArena's block goes back to the system.
struct ColumnArenaRelease {
    std::size_t bytes = 0;
    bool mapped = false;
    void operator()(std::byte* p) const noexcept;
};

// A block of zeroed memory, aligned to 64 bytes, on huge pages where the system offers them.
class ColumnArena {
public:
    ColumnArena() = default;
    explicit ColumnArena(std::size_t bytes);
    std::byte* data() const noexcept { return block_.get(); }

    // Bytes a column of `bytes` takes in the block: whole cache lines, so no two columns share one.
    static constexpr std::size_t padded(std::size_t bytes) noexcept { return (bytes + 63) / 64 * 64; }

private:
    std::unique_ptr<std::byte, ColumnArenaRelease> block_;
};

// A fixed-length array in a ColumnArena: what the model needs of std::vector, without owning.
// Not std::span, whose elements stay writable through a const span: the outcome tables and
// writers read the population through a const World, as they did the vectors.
template <class T>
class Column {
public:
    Column() = default;
    Column(T* data, std::size_t n) noexcept : data_(data), n_(n) {}

    T& operator[](std::size_t i) noexcept { return data_[i]; }
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }
    std::size_t size() const noexcept { return n_; }
    T* data() noexcept { return data_; }
    const T* data() const noexcept { return data_; }
    T* begin() noexcept { return data_; }
    T* end() noexcept { return data_ + n_; }
    const T* begin() const noexcept { return data_; }
    const T* end() const noexcept { return data_ + n_; }

private:
    T* data_ = nullptr;
    std::size_t n_ = 0;
};

}  // namespace pathways::model
