// The effects by group add up: on a small real run of the baseline and a policy (same children,
// same draws), the comparison code's group values (stats::headline_rows over
// stats::comparison_groups, what /comparison/headline stores) weighted by their groups'
// denominators give the overall value, for every single dimension of the headline table
// (parental education, income group, home language, district), for the baseline, the policy and
// the paired effect. These are exact identities of a partition, so they hold to rounding.
#include "engine/run.hpp"
#include "scenario/scenario.hpp"
#include "stats/compare.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

using namespace pathways;

namespace {

constexpr std::uint64_t kSeed = 20240101;
constexpr int kReplicates = 3;
const std::vector<std::string> kSmall{"population.cohort_size=1500", "population.birth_cohorts=2"};
// The outcomes that are a share (or a per-child amount) of a count; the social gap is a
// difference between two parental-education groups and has no group values to add up.
const std::vector<std::string> kShares{"havo_vwo_year3", "havo_vwo_diploma", "early_leaving",
                                       "misplaced_high_potential_low_edu", "cost_per_child"};
const std::vector<std::string> kDimensions{"parent_edu", "income_group", "home_language", "district"};

struct Run {
    std::vector<std::string> districts;
    std::vector<std::vector<model::OutcomeTable>> tables;         // [scenario][replicate]
    std::vector<std::vector<stats::ChildOutcomes>> children;      // [scenario][replicate]
};

stats::ChildOutcomes child_outcomes(const io::Microdata& m) {
    auto column = [&](const std::string& name) {
        for (std::size_t c = 0; c < m.int_names.size(); ++c)
            if (m.int_names[c] == name) return std::vector<std::int8_t>(m.int_columns[c].begin(), m.int_columns[c].end());
        throw std::out_of_range(name);
    };
    stats::ChildOutcomes c;
    c.parent_edu = column("parent_edu");
    c.home_language = column("home_language");
    c.district = column("district");
    c.income_group = column("income_group");
    c.track_year3 = column("track_year3");
    c.diploma = column("diploma");
    return c;
}

// The baseline and one policy, kReplicates replicates each, as `pathways compare` runs them.
const Run& small_run() {
    static const Run run = [] {
        Run r;
        for (const char* file : {"baseline.toml", "ten_fourteen_citywide.toml"}) {
            const auto s = scenario::load_scenario(std::string(PATHWAYS_SOURCE_DIR) + "/scenarios/" + file, kSmall);
            r.districts = s.params.population.district_names;
            r.tables.emplace_back();
            r.children.emplace_back();
            for (int rep = 0; rep < kReplicates; ++rep) {
                const auto res = engine::run_replicate(scenario::replicate_params(s, kSeed, rep), kSeed, rep, 1, true);
                r.tables.back().push_back(res.outcomes);
                r.children.back().push_back(child_outcomes(res.microdata));
            }
        }
        return r;
    }();
    return run;
}

bool same(double a, double b) { return a == Approx(b).epsilon(1e-10).margin(1e-9); }

}  // namespace

TEST_CASE("every policy's effect by group adds up to its overall effect, for each dimension of the headline table") {
    const Run& run = small_run();
    const auto groups = stats::comparison_groups(run.districts);
    const auto rows = stats::headline_rows(run.tables, groups);
    std::map<std::tuple<std::size_t, std::string, std::size_t>, const stats::HeadlineRow*> at;
    for (const auto& r : rows) at[{r.scenario, r.outcome, r.group}] = &r;
    REQUIRE(groups[0].kind == "overall");
    int checked = 0, weighted_sums = 0, count_identities = 0;
    for (const auto& dim : kDimensions) {
        std::vector<std::size_t> members;
        for (std::size_t g = 0; g < groups.size(); ++g)
            if (groups[g].kind == dim) members.push_back(g);
        REQUIRE(members.size() == (dim == "parent_edu" || dim == "income_group" ? 3u
                                   : dim == "home_language"                     ? 2u
                                                                                : run.districts.size()));
        for (const auto& outcome : kShares)
            for (int rep = 0; rep < kReplicates; ++rep) {
                const auto r = static_cast<std::size_t>(rep);
                // den[s][g], value[s][g] for s = baseline (0) and policy (1); g = 0 overall, then members
                std::vector<double> den[2], value[2];
                for (std::size_t s = 0; s < 2; ++s)
                    for (std::size_t k = 0; k <= members.size(); ++k) {
                        const std::size_t g = k == 0 ? 0 : members[k - 1];
                        den[s].push_back(static_cast<double>(stats::headline_denominator(run.tables[s][r], outcome, groups[g])));
                        const auto it = at.find({s, outcome, g});
                        value[s].push_back(it == at.end() ? stats::kNaN : it->second->per_replicate[r]);
                    }
                // The groups split the overall denominator, and the numerators (value × denominator) add up.
                for (std::size_t s = 0; s < 2; ++s) {
                    double den_sum = 0, num_sum = 0;
                    for (std::size_t k = 1; k <= members.size(); ++k) {
                        den_sum += den[s][k];
                        if (den[s][k] > 0) num_sum += value[s][k] * den[s][k];
                    }
                    INFO(dim << " " << outcome << " scenario " << s << " replicate " << rep);
                    REQUIRE(den[s][0] > 0);
                    CHECK(den_sum == den[s][0]);
                    CHECK(same(num_sum / den[s][0], value[s][0]));
                    ++checked;
                }
                // The paired effect: with the same denominators in both arms, the overall effect is the
                // denominator-weighted sum of the group effects; otherwise the identity holds on counts.
                bool same_den = true;
                for (std::size_t k = 0; k <= members.size(); ++k) same_den = same_den && den[0][k] == den[1][k];
                INFO(dim << " " << outcome << " effect, replicate " << rep);
                if (same_den) {
                    double weighted = 0;
                    for (std::size_t k = 1; k <= members.size(); ++k)
                        if (den[0][k] > 0) weighted += den[0][k] / den[0][0] * (value[1][k] - value[0][k]);
                    CHECK(same(weighted, value[1][0] - value[0][0]));
                    ++weighted_sums;
                } else {
                    double counts = 0;
                    for (std::size_t k = 1; k <= members.size(); ++k)
                        counts += (den[1][k] > 0 ? value[1][k] * den[1][k] : 0) - (den[0][k] > 0 ? value[0][k] * den[0][k] : 0);
                    CHECK(same(counts, value[1][0] * den[1][0] - value[0][0] * den[0][0]));
                    ++count_identities;
                }
                ++checked;
            }
    }
    CHECK(checked == static_cast<int>(kDimensions.size() * kShares.size()) * kReplicates * 3);
    // both forms are exercised: children are the same in both arms; 10-14 schools change who is in year 3
    CHECK(weighted_sums > 0);
    CHECK(count_identities > 0);
    // The reported effect is the mean of the per-replicate paired differences that add up above.
    for (const auto& r : rows) {
        if (r.scenario != 1 || r.diff.n == 0) continue;
        double sum = 0;
        int n = 0;
        for (std::size_t k = 0; k < r.per_replicate.size(); ++k) {
            const double d = r.per_replicate[k] - at.at({0, r.outcome, r.group})->per_replicate[k];
            if (std::isfinite(d)) {
                sum += d;
                ++n;
            }
        }
        CHECK(n == r.diff.n);
        CHECK(same(r.diff.mean, sum / n));
    }
}

TEST_CASE("the switch table of every dimension counts each child once: its groups add up to the overall table") {
    const Run& run = small_run();
    const auto groups = stats::comparison_groups(run.districts);
    stats::SwitchTable table(groups.size());
    for (int rep = 0; rep < kReplicates; ++rep)
        table.add(run.children[0][static_cast<std::size_t>(rep)], run.children[1][static_cast<std::size_t>(rep)],
                  run.districts.size());
    std::int64_t moved = 0;
    for (std::size_t o = 0; o < stats::SwitchTable::outcomes().size(); ++o)
        for (int b = -1; b < stats::SwitchTable::kValues - 1; ++b)
            for (int s = -1; s < stats::SwitchTable::kValues - 1; ++s) {
                const std::int64_t overall = table.count(o, 0, b, s);
                if (b != s) moved += overall;
                for (const auto& dim : {"parent_edu", "income_group", "home_language", "district", "cross"}) {
                    std::int64_t sum = 0;
                    for (std::size_t g = 0; g < groups.size(); ++g)
                        if (groups[g].kind == dim) sum += table.count(o, g, b, s);
                    INFO(dim << " outcome " << o << " baseline value " << b << " scenario value " << s);
                    CHECK(sum == overall);
                }
            }
    CHECK(moved > 0);  // the policy moves some children, so the check is not on empty tables
}
