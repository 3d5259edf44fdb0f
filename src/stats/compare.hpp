// Scenario comparison statistics (MODEL.md §5): headline outcomes computed from an outcome
// table, 95% intervals over replicates, paired differences against a baseline, and per-child
// switch tables. Pure functions on plain data: no I/O, no threads.
//
// Every interval of pathways is made by interval95 and described by interval_statement() (the
// Python reader python/pathways_results has the same function and statement; a test checks they
// agree).
//
// Intervals are over replicates: the per-replicate values v_1..v_n give
//     mean ± t(0.975, n-1) · sd / sqrt(n)
// with sd the sample standard deviation (n-1 denominator) and t the Student t quantile. The paired
// difference is the same interval on the per-replicate differences scenario_r - baseline_r, which
// works because replicate r of every scenario has the same children and the same random draws
// (common random numbers, rng/stream.hpp). Values that are undefined in a replicate (an empty
// denominator in a small group) are NaN and left out; `n` says how many replicates were used.
#pragma once

#include "model/outcomes.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace pathways::stats {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Interval {
    double mean = kNaN, sd = kNaN, ci_low = kNaN, ci_high = kNaN;
    int n = 0;  // replicates with a defined value
    double half_width() const { return (ci_high - ci_low) / 2; }
};

// The one sentence that names the interval, for table footers, captions and CSV dictionaries.
const char* interval_statement();

// The 97.5% quantile of Student's t with `df` degrees of freedom (df >= 1).
double t_quantile_975(int df);

// Mean, SD and t-based 95% interval of the finite values; n < 2 gives NaN sd and interval.
Interval interval95(const std::vector<double>& values);
// The interval of scenario[r] - baseline[r] over the replicates where both are defined.
Interval paired_difference(const std::vector<double>& scenario, const std::vector<double>& baseline);
// Welch's interval for the difference of means of two independent samples (what the interval
// would be without common random numbers); used to show what pairing gains.
Interval unpaired_difference(const std::vector<double>& scenario, const std::vector<double>& baseline);

// The uncertainty interval over parameter draws (with parameter uncertainty on: `--uncertainty`,
// docs/uncertainty.md): the 2.5 and 97.5 percentiles of the per-replicate values (or of the
// per-replicate paired differences), where 95% of plausible worlds lie. More replicates make its
// ends more precise but do not shrink it; the Monte Carlo interval (interval95) does shrink.
// Percentiles interpolate linearly between order statistics (numpy's default, "type 7").
struct Spread {
    double low = kNaN, high = kNaN;
    int n = 0;  // replicates with a defined value
};
// Fewer replicates than this give percentiles too rough to trust: tables say so.
inline constexpr int kMinReplicatesForUncertainty = 20;
const char* uncertainty_statement();
// The q-quantile (0 <= q <= 1) of the finite values, type 7; NaN when there are none.
double percentile(std::vector<double> values, double q);
// 2.5 and 97.5 percentiles of the finite values; n < 2 gives NaN ends.
Spread uncertainty_interval95(const std::vector<double>& values);
// The same over scenario[r] - baseline[r], where both are defined.
Spread paired_uncertainty_interval95(const std::vector<double>& scenario, const std::vector<double>& baseline);

// A group of children: every key < 0 means "all".
struct Group {
    std::string kind;   // overall, parent_edu, income_group, home_language, district, cross (parent_edu × home_language × district),
                        // or for subgroup tables the dimensions joined by '+', e.g. parent_edu+district
    std::string label;  // e.g. "low", "lowest", "multilingual", "Overvecht", "low/dutch/Overvecht"
    int parent_edu = -1, home_language = -1, district = -1;
    int income_group = -1, birth_year = -1;
    bool contains(int pe, int hl, int d) const {
        return (parent_edu < 0 || parent_edu == pe) && (home_language < 0 || home_language == hl) &&
               (district < 0 || district == d);
    }
    // Whether row `row` of an outcome table belongs to the group (all five keys).
    bool contains_row(const model::OutcomeTable& t, std::size_t row) const {
        return contains(t.parent_edu[row], t.home_language[row], t.district[row]) &&
               (income_group < 0 || income_group == t.income_group[row]) &&
               (birth_year < 0 || birth_year == t.birth_year[row]);
    }
};

// overall, then the three parental-education groups, the three income groups, the two home
// languages, every district and every parent_edu × home_language × district cell, in that fixed
// order. Each single dimension (parent_edu, income_group, home_language, district) splits all
// children into disjoint groups, so a share's group values weighted by their denominators
// (headline_denominator) add up to its overall value.
std::vector<Group> comparison_groups(const std::vector<std::string>& district_names);

const std::vector<std::string>& parent_edu_labels();     // low, middle, high
const std::vector<std::string>& home_language_labels();  // dutch, multilingual
const std::vector<std::string>& income_group_labels();   // lowest, middle, highest

// The dimensions a subgroup table can be split by, in this order of nesting when combined:
// parent_edu, income_group, home_language, district, birth_year. "income" is accepted for
// income_group. Throws std::invalid_argument naming the valid ones for any other name.
const std::vector<std::string>& subgroup_dimensions();
std::string subgroup_dimension(const std::string& name);  // the canonical name
// Every combination of the values of the named dimensions (each named once; the order of `by` is
// kept, the last varying fastest): e.g. {"parent_edu", "district"} gives low/West, low/Noord, ...
// Each group's label is its values joined by '/', its kind the dimensions joined by '+'. An empty
// `by` gives the one group `overall`.
std::vector<Group> subgroups(const std::vector<std::string>& by, const std::vector<std::string>& district_names,
                             const std::vector<int>& birth_years);
// The label of dimension `dim` for the group (e.g. "low", "2010"); empty when the group spans it.
std::string subgroup_value(const Group& g, const std::string& dim, const std::vector<std::string>& district_names);

// The headline outcomes, in the order tables print them:
//   havo_vwo_year3     % of pupils in year 3 who are in havo or vwo
//   havo_vwo_diploma   % of children whose highest secondary diploma is havo or vwo
//   social_gap_pp      havo_vwo_year3 of children with highly educated parents minus low (pp)
//   social_gap_or      the same as an odds ratio (high vs low)
//   misplaced_high_potential_low_edu
//                      % of high-potential children from low-educated homes whose year-3 track is
//                      below havo (high_potential_year3_below_havo / high_potential, parent_edu low)
//   early_leaving      % of children who left school without a basic qualification
//   cost_per_child     EUR of all interventions per child (cost_total / children)
const std::vector<std::string>& headline_outcomes();
// True for outcomes in percent or percentage points (all but social_gap_or and cost_per_child).
bool is_percentage(const std::string& outcome);
// Whether the outcome is defined for a group: the social gap needs both parental-education
// groups, misplacement needs the low one.
bool applies(const std::string& outcome, const Group& group);
// The outcome for the group's rows of the table; NaN when its denominator is empty.
double headline_value(const model::OutcomeTable& table, const std::string& outcome, const Group& group);
// The count the outcome is a share (or per-child amount) of, for the group's rows: pupils in year 3
// (havo_vwo_year3), children (havo_vwo_diploma, early_leaving, cost_per_child), high-potential
// children of low-educated parents (misplaced_high_potential_low_edu). The value times this
// count is the group's numerator, so numerators of disjoint groups add up. Throws
// std::invalid_argument for the social gap, which is a difference of shares, not a share.
std::int64_t headline_denominator(const model::OutcomeTable& table, const std::string& outcome, const Group& group);

struct HeadlineRow {
    std::size_t scenario = 0;  // index; 0 is the baseline
    std::string outcome;
    std::size_t group = 0;     // index into the groups
    Interval value;            // over replicates
    Interval diff;             // paired difference against the baseline (zero-width for the baseline)
    Spread value_spread;       // uncertainty interval over the replicates' values
    Spread diff_spread;        // uncertainty interval over the paired differences
    std::vector<double> per_replicate;
};

// tables[s][r]: scenario s, replicate r (every scenario has the same number of replicates).
std::vector<HeadlineRow> headline_rows(const std::vector<std::vector<model::OutcomeTable>>& tables,
                                       const std::vector<Group>& groups);

// What a switch table needs of every child, in the same child order in every scenario.
struct ChildOutcomes {
    std::vector<std::int8_t> parent_edu, home_language, district, income_group;
    std::vector<std::int8_t> track_year3;  // -1 = never in year 3, else 0..5 (pro..vwo)
    std::vector<std::int8_t> diploma;      // -1 = no secondary diploma, else 1..5 (vmbo_b..vwo)
    std::size_t size() const { return track_year3.size(); }
};

// Counts of (baseline value, scenario value) per outcome and group, summed over replicates.
// Values are coded -1..5, stored at index value + 1.
class SwitchTable {
public:
    static constexpr int kValues = 7;
    static const std::vector<std::string>& outcomes();  // track_year3, diploma
    explicit SwitchTable(std::size_t groups = 0) : counts_(outcomes().size() * groups * kValues * kValues, 0), groups_(groups) {}
    // Adds one replicate; the groups are those of comparison_groups (the baseline child's group).
    // Throws std::invalid_argument if the two runs do not have the same children.
    void add(const ChildOutcomes& baseline, const ChildOutcomes& scenario, std::size_t districts);
    std::int64_t count(std::size_t outcome, std::size_t group, int baseline_value, int scenario_value) const {
        return counts_[index(outcome, group, baseline_value, scenario_value)];
    }
    std::size_t groups() const { return groups_; }

private:
    std::size_t index(std::size_t o, std::size_t g, int b, int s) const {
        return ((o * groups_ + g) * kValues + static_cast<std::size_t>(b + 1)) * kValues + static_cast<std::size_t>(s + 1);
    }
    std::vector<std::int64_t> counts_;
    std::size_t groups_;
};

}  // namespace pathways::stats
