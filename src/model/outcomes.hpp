// Outcomes per birth cohort and group (MODEL.md §5): one row per (birth year, parental
// education, home language, income group, district) with counts of every categorical outcome and sums of the
// skills, so any share, mean or SD can be recomputed from the row and rows add up across groups.
#pragma once

#include "model/world.hpp"

#include <string>
#include <vector>

namespace pathways::model {

struct OutcomeTable {
    // Group keys, one entry per row.
    std::vector<int> birth_year, parent_edu, home_language, income_group, district;
    // Column names and values, in column order; counts are exact integers stored as doubles only
    // in sums columns (names ending in _sum or _sumsq).
    std::vector<std::string> count_names;
    std::vector<std::vector<std::int64_t>> counts;  // [column][row]
    std::vector<std::string> sum_names;
    std::vector<std::vector<double>> sums;          // [column][row]

    std::size_t rows() const { return birth_year.size(); }
    std::int64_t count(const std::string& name, std::size_t row) const;
    std::int64_t total(const std::string& name) const;  // over all rows
    const std::vector<std::int64_t>& column(const std::string& name) const;
};

// Tallies the world's population after its last step. Deterministic: each row is summed by one
// worker, in child order, so the result does not depend on the executor.
OutcomeTable tally_outcomes(const World& world, const Executor& exec = SerialExecutor{});

// Names of the advice categories, tracks and other codes, as stored beside the tables.
const std::vector<std::string>& advice_names();   // 9 categories
const std::vector<std::string>& track_names();    // 6 tracks
const std::vector<std::string>& enrolment_names();
const std::vector<std::string>& level_names();    // kLevels
const std::vector<std::string>& event_names();    // kYearEvents

}  // namespace pathways::model
