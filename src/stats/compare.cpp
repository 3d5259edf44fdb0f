#include "stats/compare.hpp"

#include <algorithm>

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <stdexcept>

namespace pathways::stats {

const char* interval_statement() {
    return "95% Monte Carlo interval of the mean: mean over replicates ± t(0.975, n−1) · SD / √n "
           "(Student t, n replicates); it shows the model's chance variation, not whether its parameters are right";
}

double t_quantile_975(int df) {
    if (df < 1) return kNaN;
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.975);
}

Interval interval95(const std::vector<double>& values) {
    Interval out;
    double sum = 0;
    for (const double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++out.n;
        }
    if (out.n == 0) return out;
    out.mean = sum / out.n;
    if (out.n < 2) return out;
    double ss = 0;
    for (const double v : values)
        if (std::isfinite(v)) ss += (v - out.mean) * (v - out.mean);
    out.sd = std::sqrt(ss / (out.n - 1));
    const double half = t_quantile_975(out.n - 1) * out.sd / std::sqrt(static_cast<double>(out.n));
    out.ci_low = out.mean - half;
    out.ci_high = out.mean + half;
    return out;
}

Interval paired_difference(const std::vector<double>& scenario, const std::vector<double>& baseline) {
    if (scenario.size() != baseline.size()) throw std::invalid_argument("paired_difference: unequal replicate counts");
    std::vector<double> d(scenario.size());
    for (std::size_t r = 0; r < d.size(); ++r)
        d[r] = std::isfinite(scenario[r]) && std::isfinite(baseline[r]) ? scenario[r] - baseline[r] : kNaN;
    return interval95(d);
}

const char* uncertainty_statement() {
    return "95% uncertainty interval over parameter draws: the 2.5 and 97.5 percentiles of the per-replicate values, "
           "each replicate with its own draw of every uncertain parameter; it shows where 95% of plausible worlds lie "
           "and does not shrink with more replicates";
}

double percentile(std::vector<double> values, double q) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty()) return kNaN;
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1) * std::clamp(q, 0.0, 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

Spread uncertainty_interval95(const std::vector<double>& values) {
    Spread out;
    for (const double v : values) out.n += std::isfinite(v) ? 1 : 0;
    if (out.n < 2) return out;
    out.low = percentile(values, 0.025);
    out.high = percentile(values, 0.975);
    return out;
}

Spread paired_uncertainty_interval95(const std::vector<double>& scenario, const std::vector<double>& baseline) {
    if (scenario.size() != baseline.size()) throw std::invalid_argument("paired_uncertainty_interval95: unequal replicate counts");
    std::vector<double> d(scenario.size());
    for (std::size_t r = 0; r < d.size(); ++r)
        d[r] = std::isfinite(scenario[r]) && std::isfinite(baseline[r]) ? scenario[r] - baseline[r] : kNaN;
    return uncertainty_interval95(d);
}

Interval unpaired_difference(const std::vector<double>& scenario, const std::vector<double>& baseline) {
    const Interval a = interval95(scenario), b = interval95(baseline);
    Interval out;
    out.n = std::min(a.n, b.n);
    if (a.n == 0 || b.n == 0) return out;
    out.mean = a.mean - b.mean;
    if (a.n < 2 || b.n < 2) return out;
    const double va = a.sd * a.sd / a.n, vb = b.sd * b.sd / b.n;
    out.sd = std::sqrt(va + vb);
    if (out.sd == 0) {
        out.ci_low = out.ci_high = out.mean;
        return out;
    }
    // Welch–Satterthwaite degrees of freedom, rounded down (conservative).
    const double df = (va + vb) * (va + vb) / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    const double half = t_quantile_975(std::max(1, static_cast<int>(df))) * out.sd;
    out.ci_low = out.mean - half;
    out.ci_high = out.mean + half;
    return out;
}

const std::vector<std::string>& parent_edu_labels() {
    static const std::vector<std::string> v{"low", "middle", "high"};
    return v;
}
const std::vector<std::string>& home_language_labels() {
    static const std::vector<std::string> v{"dutch", "multilingual"};
    return v;
}

const std::vector<std::string>& income_group_labels() {
    static const std::vector<std::string> v{"lowest", "middle", "highest"};
    return v;
}

const std::vector<std::string>& subgroup_dimensions() {
    static const std::vector<std::string> v{"parent_edu", "income_group", "home_language", "district", "birth_year"};
    return v;
}

std::string subgroup_dimension(const std::string& name) {
    if (name == "income") return "income_group";
    for (const auto& d : subgroup_dimensions())
        if (d == name) return d;
    throw std::invalid_argument("unknown group '" + name +
                                "': choose from parent_edu, income, home_language, district, birth_year");
}

std::vector<Group> subgroups(const std::vector<std::string>& by, const std::vector<std::string>& districts,
                             const std::vector<int>& birth_years) {
    std::vector<Group> out{{"overall", "all", -1, -1, -1}};
    std::vector<std::string> seen;
    for (const auto& raw : by) {
        const std::string dim = subgroup_dimension(raw);
        if (std::find(seen.begin(), seen.end(), dim) != seen.end())
            throw std::invalid_argument("group '" + dim + "' named twice");
        seen.push_back(dim);
        const std::size_t values = dim == "parent_edu"      ? 3
                                   : dim == "income_group"  ? 3
                                   : dim == "home_language" ? 2
                                   : dim == "district"      ? districts.size()
                                                            : birth_years.size();
        std::vector<Group> next;
        for (const auto& g : out)
            for (std::size_t v = 0; v < values; ++v) {
                Group n = g;
                const int k = static_cast<int>(v);
                std::string value;
                if (dim == "parent_edu") n.parent_edu = k, value = parent_edu_labels()[v];
                else if (dim == "income_group") n.income_group = k, value = income_group_labels()[v];
                else if (dim == "home_language") n.home_language = k, value = home_language_labels()[v];
                else if (dim == "district") n.district = k, value = districts[v];
                else n.birth_year = birth_years[v], value = std::to_string(birth_years[v]);
                n.kind = g.kind == "overall" ? dim : g.kind + "+" + dim;
                n.label = g.kind == "overall" ? value : g.label + "/" + value;
                next.push_back(std::move(n));
            }
        out = std::move(next);
    }
    return out;
}

std::string subgroup_value(const Group& g, const std::string& dim, const std::vector<std::string>& districts) {
    auto at = [](const std::vector<std::string>& v, int k) { return k < 0 ? std::string() : v.at(static_cast<std::size_t>(k)); };
    if (dim == "parent_edu") return at(parent_edu_labels(), g.parent_edu);
    if (dim == "income_group") return at(income_group_labels(), g.income_group);
    if (dim == "home_language") return at(home_language_labels(), g.home_language);
    if (dim == "district") return at(districts, g.district);
    if (dim == "birth_year") return g.birth_year < 0 ? std::string() : std::to_string(g.birth_year);
    throw std::invalid_argument("unknown group '" + dim + "'");
}

std::vector<Group> comparison_groups(const std::vector<std::string>& districts) {
    std::vector<Group> g;
    g.push_back({"overall", "all", -1, -1, -1});
    for (int e = 0; e < 3; ++e) g.push_back({"parent_edu", parent_edu_labels()[static_cast<std::size_t>(e)], e, -1, -1});
    for (int i = 0; i < 3; ++i)
        g.push_back({"income_group", income_group_labels()[static_cast<std::size_t>(i)], -1, -1, -1, i});
    for (int l = 0; l < 2; ++l)
        g.push_back({"home_language", home_language_labels()[static_cast<std::size_t>(l)], -1, l, -1});
    for (std::size_t d = 0; d < districts.size(); ++d) g.push_back({"district", districts[d], -1, -1, static_cast<int>(d)});
    for (int e = 0; e < 3; ++e)
        for (int l = 0; l < 2; ++l)
            for (std::size_t d = 0; d < districts.size(); ++d)
                g.push_back({"cross",
                             parent_edu_labels()[static_cast<std::size_t>(e)] + "/" +
                                 home_language_labels()[static_cast<std::size_t>(l)] + "/" + districts[d],
                             e, l, static_cast<int>(d)});
    return g;
}

const std::vector<std::string>& headline_outcomes() {
    static const std::vector<std::string> v{"havo_vwo_year3", "havo_vwo_diploma", "social_gap_pp",
                                            "social_gap_or", "misplaced_high_potential_low_edu", "early_leaving",
                                            "cost_per_child"};
    return v;
}

bool is_percentage(const std::string& outcome) { return outcome != "social_gap_or" && outcome != "cost_per_child"; }

bool applies(const std::string& outcome, const Group& group) {
    if (outcome == "social_gap_pp" || outcome == "social_gap_or") return group.parent_edu < 0;
    if (outcome == "misplaced_high_potential_low_edu") return group.parent_edu < 0 || group.parent_edu == 0;
    return true;
}

namespace {

// Sums of the named count columns over the rows of the group (and parental education `pe` if >= 0).
std::int64_t sum(const model::OutcomeTable& t, const std::vector<std::string>& names, const Group& g, int pe = -1) {
    std::int64_t total = 0;
    for (const auto& name : names) {
        const auto& col = t.column(name);
        for (std::size_t row = 0; row < t.rows(); ++row)
            if (g.contains_row(t, row) && (pe < 0 || t.parent_edu[row] == pe))
                total += col[row];
    }
    return total;
}

double percent(std::int64_t num, std::int64_t den) {
    return den > 0 ? 100.0 * static_cast<double>(num) / static_cast<double>(den) : kNaN;
}

const std::vector<std::string>& year3_all() {
    static const std::vector<std::string> v = [] {
        std::vector<std::string> out;
        for (const auto& t : model::track_names()) out.push_back("track_year3_" + t);
        return out;
    }();
    return v;
}
const std::vector<std::string> kYear3HavoVwo{"track_year3_havo", "track_year3_vwo"};

}  // namespace

double headline_value(const model::OutcomeTable& t, const std::string& outcome, const Group& g) {
    if (!applies(outcome, g)) return kNaN;
    if (outcome == "havo_vwo_year3") return percent(sum(t, kYear3HavoVwo, g), sum(t, year3_all(), g));
    if (outcome == "havo_vwo_diploma") return percent(sum(t, {"diploma_havo", "diploma_vwo"}, g), sum(t, {"children"}, g));
    if (outcome == "early_leaving") return percent(sum(t, {"early_leaver"}, g), sum(t, {"children"}, g));
    if (outcome == "cost_per_child") {
        const auto it = std::find(t.sum_names.begin(), t.sum_names.end(), "cost_total");
        if (it == t.sum_names.end()) return kNaN;  // a file from before costs were tallied
        const auto& col = t.sums[static_cast<std::size_t>(it - t.sum_names.begin())];
        double cost = 0;
        for (std::size_t row = 0; row < t.rows(); ++row)
            if (g.contains_row(t, row)) cost += col[row];
        const auto children = sum(t, {"children"}, g);
        return children > 0 ? cost / static_cast<double>(children) : kNaN;
    }
    if (outcome == "misplaced_high_potential_low_edu")
        return percent(sum(t, {"high_potential_year3_below_havo"}, g, 0), sum(t, {"high_potential"}, g, 0));
    if (outcome == "social_gap_pp" || outcome == "social_gap_or") {
        const double hi_n = static_cast<double>(sum(t, kYear3HavoVwo, g, 2)), hi_d = static_cast<double>(sum(t, year3_all(), g, 2));
        const double lo_n = static_cast<double>(sum(t, kYear3HavoVwo, g, 0)), lo_d = static_cast<double>(sum(t, year3_all(), g, 0));
        if (hi_d <= 0 || lo_d <= 0) return kNaN;
        if (outcome == "social_gap_pp") return 100.0 * (hi_n / hi_d - lo_n / lo_d);
        const double odds_hi = hi_n / (hi_d - hi_n), odds_lo = lo_n / (lo_d - lo_n);
        const double orr = odds_hi / odds_lo;
        return std::isfinite(orr) ? orr : kNaN;
    }
    throw std::invalid_argument("unknown headline outcome '" + outcome + "'");
}

std::int64_t headline_denominator(const model::OutcomeTable& t, const std::string& outcome, const Group& g) {
    if (outcome == "havo_vwo_year3") return sum(t, year3_all(), g);
    if (outcome == "havo_vwo_diploma" || outcome == "early_leaving" || outcome == "cost_per_child")
        return sum(t, {"children"}, g);
    if (outcome == "misplaced_high_potential_low_edu") return applies(outcome, g) ? sum(t, {"high_potential"}, g, 0) : 0;
    throw std::invalid_argument("headline outcome '" + outcome + "' has no denominator (not a share of a count)");
}

std::vector<HeadlineRow> headline_rows(const std::vector<std::vector<model::OutcomeTable>>& tables,
                                       const std::vector<Group>& groups) {
    std::vector<HeadlineRow> rows;
    if (tables.empty()) return rows;
    const std::size_t reps = tables.front().size();
    for (const auto& s : tables)
        if (s.size() != reps) throw std::invalid_argument("headline_rows: scenarios differ in replicate count");
    // values[s][o][g][r]
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (const auto& outcome : headline_outcomes()) {
            if (!applies(outcome, groups[g])) continue;
            std::vector<std::vector<double>> v(tables.size(), std::vector<double>(reps));
            for (std::size_t s = 0; s < tables.size(); ++s)
                for (std::size_t r = 0; r < reps; ++r) v[s][r] = headline_value(tables[s][r], outcome, groups[g]);
            for (std::size_t s = 0; s < tables.size(); ++s) {
                HeadlineRow row;
                row.scenario = s;
                row.outcome = outcome;
                row.group = g;
                row.value = interval95(v[s]);
                row.diff = paired_difference(v[s], v[0]);
                row.value_spread = uncertainty_interval95(v[s]);
                row.diff_spread = paired_uncertainty_interval95(v[s], v[0]);
                row.per_replicate = v[s];
                rows.push_back(std::move(row));
            }
        }
    return rows;
}

const std::vector<std::string>& SwitchTable::outcomes() {
    static const std::vector<std::string> v{"track_year3", "diploma"};
    return v;
}

void SwitchTable::add(const ChildOutcomes& b, const ChildOutcomes& s, std::size_t districts) {
    if (b.size() != s.size() || b.parent_edu.size() != b.size() || s.parent_edu.size() != s.size())
        throw std::invalid_argument("switch table: the scenario has " + std::to_string(s.size()) +
                                    " children, the baseline " + std::to_string(b.size()));
    if (b.income_group.size() != b.size() || s.income_group.size() != s.size())
        throw std::invalid_argument("switch table: the children lack their income group");
    // The group indices follow comparison_groups: overall, 3 parent_edu, 3 income_group,
    // 2 home_language, the districts, then the cross cells.
    if (groups_ != 1 + 3 + 3 + 2 + districts + 6 * districts)
        throw std::invalid_argument("switch table: group count does not match the districts");
    for (std::size_t i = 0; i < b.size(); ++i) {
        const int pe = b.parent_edu[i], hl = b.home_language[i], d = b.district[i], ig = b.income_group[i];
        if (s.parent_edu[i] != pe || s.home_language[i] != hl || s.district[i] != d || s.income_group[i] != ig)
            throw std::invalid_argument("switch table: child " + std::to_string(i) +
                                        " differs between baseline and scenario (not the same children)");
        const std::size_t gs[6] = {0, 1 + static_cast<std::size_t>(pe), 4 + static_cast<std::size_t>(ig),
                                   7 + static_cast<std::size_t>(hl), 9 + static_cast<std::size_t>(d),
                                   9 + districts + static_cast<std::size_t>(pe * 2 + hl) * districts + static_cast<std::size_t>(d)};
        for (const std::size_t g : gs) {
            ++counts_[index(0, g, b.track_year3[i], s.track_year3[i])];
            ++counts_[index(1, g, b.diploma[i], s.diploma[i])];
        }
    }
}

}  // namespace pathways::stats
