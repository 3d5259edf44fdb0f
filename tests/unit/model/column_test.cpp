#include "model/column.hpp"
#include "model/population.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <utility>

using pathways::model::ColumnArena;
using pathways::model::Population;

TEST_CASE("a column arena is zeroed and aligned to cache lines, small or on huge pages") {
    for (const std::size_t bytes : {std::size_t{100}, std::size_t{3} << 20}) {  // ordinary memory, then a mapped block
        ColumnArena a(bytes);
        REQUIRE(a.data() != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(a.data()) % 64 == 0);
        std::size_t nonzero = 0;
        for (std::size_t k = 0; k < bytes; ++k) nonzero += a.data()[k] != std::byte{0};
        CHECK(nonzero == 0);
        a.data()[bytes - 1] = std::byte{1};  // the whole block is writable
    }
}

TEST_CASE("a population's columns start at each attribute's value before birth and never overlap") {
    for (const std::size_t n : {std::size_t{7}, std::size_t{170000}}) {
        Population p;
        p.resize(n);
        CHECK(p.size() == n);
        CHECK(p.stage[n - 1] == pathways::model::Stage::unborn);
        CHECK(p.school[0] == -1);
        CHECK(p.track[n / 2] == -1);
        CHECK(p.diploma_after[3][n - 1] == -2);
        CHECK(p.resident[n - 1] == 1);
        CHECK(p.potential[n - 1] == 0.f);
        CHECK(p.trail[n - 1] == 0u);
        // Every column's first and last element lie in its own cache lines, apart from every other column's.
        std::set<std::pair<std::uintptr_t, std::uintptr_t>> spans;
        std::size_t columns = 0;
        p.for_each_column([&](auto& column, auto) {
            REQUIRE(column.size() == n);
            const auto first = reinterpret_cast<std::uintptr_t>(column.data());
            CHECK(first % 64 == 0);
            spans.emplace(first, first + n * sizeof(column[0]));
            ++columns;
        });
        CHECK(spans.size() == columns);
        // for_each_column names every column: a column left out of it would have no memory.
        CHECK(sizeof(Population) == columns * sizeof(pathways::model::Column<std::uint8_t>) + sizeof(ColumnArena));
        std::uintptr_t end = 0;
        for (const auto& [first, last] : spans) {
            CHECK(first >= end);
            end = last;
        }
    }
}

TEST_CASE("a moved population keeps its columns") {
    Population p;
    p.resize(1000);
    p.potential[999] = 1.5f;
    Population q = std::move(p);
    CHECK(q.size() == 1000);
    CHECK(q.potential[999] == 1.5f);
}
