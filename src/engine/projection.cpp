#include "engine/projection.hpp"

#include "model/outcomes.hpp"
#include "stats/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace pathways::engine {

using stats::Interval, stats::interval95, stats::t_quantile_975;

namespace {

const model::YearRecord* record(const io::ReplicateResult& r, int year) {
    for (const auto& y : r.years)
        if (y.year == year) return &y;
    return nullptr;
}

// Residents of one school type in a district (-1: all) in one replicate's year record.
double pupils(const model::YearRecord& y, std::size_t districts, int district, const std::string& type) {
    const auto& names = model::enrolment_names();
    auto kind_count = [&](std::size_t kind) {
        double n = 0;
        for (std::size_t d = 0; d < districts; ++d)
            if (district < 0 || static_cast<std::size_t>(district) == d) n += y.enrolment[d * model::kEnrolmentKinds + kind];
        return n;
    };
    if (type == "secondary") {
        double n = 0;
        for (std::size_t k = 5; k <= 10; ++k) n += kind_count(k);
        return n;
    }
    const auto it = std::find(names.begin(), names.end(), type);
    return kind_count(static_cast<std::size_t>(it - names.begin()));
}

}  // namespace

std::vector<ProjectionRow> projection_rows(const io::RunResult& run, const model::Params& p, int from, int to) {
    std::vector<ProjectionRow> rows;
    if (run.replicates.empty()) return rows;
    const std::size_t districts = p.population.district_names.size();
    const std::vector<std::string> types{"preschool", "primary", "ten_fourteen", "zero_eighteen", "pro", "vmbo_b",
                                         "vmbo_k", "vmbo_gt", "havo", "vwo", "secondary", "secondary_at_city_schools"};
    const double at_city_schools = p.projection.secondary_inside_share / (1.0 - p.projection.secondary_outside_share);
    for (int year = from; year <= to; ++year)
        for (int district = -1; district < static_cast<int>(districts); ++district)
            for (const auto& type : types) {
                if (type == "secondary_at_city_schools" && district >= 0) continue;  // a city-wide figure
                std::vector<double> values;
                for (const auto& r : run.replicates) {
                    const auto* y = record(r, year);
                    if (!y) continue;
                    values.push_back(type == "secondary_at_city_schools" ? pupils(*y, districts, -1, "secondary") * at_city_schools
                                                                         : pupils(*y, districts, district, type));
                }
                if (values.empty()) continue;
                // A planner needs the range one future can take, not how well the mean is known: the
                // 95% prediction interval mean +/- t(n-1) * SD * sqrt(1 + 1/n) over the replicates.
                const Interval iv = interval95(values);
                const auto n = static_cast<double>(values.size());
                const double half = values.size() > 1 ? t_quantile_975(static_cast<int>(n) - 1) * iv.sd * std::sqrt(1 + 1 / n) : 0.0;
                ProjectionRow row;
                row.year = year;
                row.district = district;
                row.school_type = type;
                row.mean = iv.mean;
                row.ci_low = iv.mean - half;
                row.ci_high = iv.mean + half;
                if (type == "primary" && district >= 0 && !p.projection.primary_places.empty())
                    row.places = p.projection.primary_places[static_cast<std::size_t>(district)];
                if (type == "secondary_at_city_schools" && p.projection.secondary_places > 0)
                    row.places = p.projection.secondary_places;
                if (row.places >= 0) row.shortfall = std::max(0.0, row.ci_high - row.places);
                rows.push_back(row);
            }
    return rows;
}

}  // namespace pathways::engine
