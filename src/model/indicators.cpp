#include "model/indicators.hpp"

#include <algorithm>
#include <cmath>

namespace pathways::model {

double Estimate::standard_error() const {
    if (denominator <= 0) return INFINITY;
    const double p = std::clamp(percent / 100.0, 0.0, 1.0);
    return 100.0 * std::sqrt(p * (1 - p) / denominator);
}

namespace {

Estimate share(const OutcomeTable& t, const std::vector<std::string>& num, const std::vector<std::string>& den,
               int income_group = -1) {
    // Sums the columns (looked up once each) over the rows of the income group, or all rows.
    auto total = [&](const std::vector<std::string>& names) {
        double x = 0;
        for (const auto& name : names) {
            const auto& col = t.column(name);
            for (std::size_t row = 0; row < t.rows(); ++row)
                if (income_group < 0 || t.income_group[row] == income_group) x += static_cast<double>(col[row]);
        }
        return x;
    };
    const double n = total(num), d = total(den);
    return {d > 0 ? 100.0 * n / d : NAN, d};
}

std::vector<std::string> prefixed(const std::string& prefix, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(prefix + n);
    return out;
}

// A yearly rate from the school-year counts: events / pupils over levels and grades.
Estimate yearly_rate(const World& w, const std::vector<YearEvent>& events, const std::vector<int>& levels,
                     const std::vector<int>& grades) {
    double n = 0, d = 0;
    for (const auto& y : w.years())
        for (const int l : levels)
            for (const int g : grades) {
                const auto cell = static_cast<std::size_t>(l * kGrades + g);
                d += y.pupils[cell];
                if (!y.events.empty())
                    for (const auto e : events) n += y.events[cell * kYearEvents + static_cast<std::size_t>(e)];
            }
    return {d > 0 ? 100.0 * n / d : NAN, d};
}

Estimate exam_pass_rate(const World& w, int level, int grade) {
    double passed = 0, sat = 0;
    for (const auto& y : w.years()) {
        if (y.events.empty()) continue;
        const auto cell = static_cast<std::size_t>(level * kGrades + grade) * kYearEvents;
        passed += y.events[cell + static_cast<std::size_t>(YearEvent::exam_passed)];
        sat += y.events[cell + static_cast<std::size_t>(YearEvent::exam_passed)] +
               y.events[cell + static_cast<std::size_t>(YearEvent::exam_failed)] +
               y.events[cell + static_cast<std::size_t>(YearEvent::repeated)];
    }
    return {sat > 0 ? 100.0 * passed / sat : NAN, sat};
}

}  // namespace

std::map<std::string, Estimate> target_indicators(const World& w, const OutcomeTable& t) {
    const Params& p = w.params();
    std::map<std::string, Estimate> v;
    const auto& advice = advice_names();
    if (p.selection.double_advice)
        for (std::size_t k = 0; k < advice.size(); ++k)
            v["A0" + std::to_string(k + 1)] = share(t, {"teacher_advice_" + advice[k]}, {"advised"});
    v["A10"] = share(t, {"final_advice_vwo"}, {"advised"}, 0);
    v["A11"] = share(t, {"final_advice_vwo"}, {"advised"}, 2);
    v["A12"] = share(t, {"final_advice_pro_vmbo_b"}, {"advised"}, 0);
    v["A13"] = share(t, {"final_advice_pro_vmbo_b"}, {"advised"}, 2);
    if (p.selection.test_regime == TestRegime::end_test) {
        v["R01"] = share(t, {"test_higher"}, {"advised"});
        v["R02"] = share(t, {"advice_raised"}, {"test_higher"});
        v["R04"] = share(t, {"advice_raised"}, {"advised"});
        // The same three measures for the groep-8 cohort of 2015/16, whose year 3 R07 describes
        // (scenarios/nl_old_cohorts.toml speaks to these, baseline_nl to R01-R04).
        v["R08"] = v["R01"];
        v["R09"] = v["R02"];
        v["R10"] = v["R04"];
    } else {
        v["R05"] = share(t, {"advice_raised"}, {"advised"});
        v["R06"] = share(t, {"advice_raised"}, {"test_higher"});
    }
    const std::vector<std::string> y3pos{"year3_at_advice", "year3_upper_of_double", "year3_lower_of_double",
                                         "year3_above_advice", "year3_below_advice"};
    for (std::size_t k = 0; k < y3pos.size(); ++k) v["T0" + std::to_string(k + 1)] = share(t, {y3pos[k]}, y3pos);
    // R07 (CBS): of the pupils whose advice was raised after the test, the share below that final
    // advice in year 3 (fitted with selection.raise_selectivity: calibrations/nl_revision.toml)
    v["R07"] = share(t, {"raised_below_advice_year3"}, {"raised_in_year3"});
    // CBS counts year-3 shares of the pupils in vmbo, havo and vwo: praktijkonderwijs is not in the
    // denominator (Jeugdmonitor, "Deelnemers 3e klas vmbo")
    auto y3 = prefixed("track_year3_", track_names());
    y3.erase(std::remove(y3.begin(), y3.end(), std::string("track_year3_pro")), y3.end());
    v["T06"] = share(t, {"track_year3_vmbo_b", "track_year3_vmbo_k", "track_year3_vmbo_gt"}, y3);
    v["T07"] = share(t, {"track_year3_vmbo_b"}, y3);
    v["T08"] = share(t, {"track_year3_vwo"}, y3);
    // The highest diploma n years after entry among the pupils who reached that point: per track
    // (vmbo-b ... vwo) and none yet (pro included).
    const auto highest_diploma = [&](int years, int track) {
        const std::string prefix = "diploma" + std::to_string(years) + "_";
        auto reached = prefixed(prefix, track_names());
        reached.push_back(prefix + "none");
        if (track < 0) return share(t, {prefix + "none", prefix + "pro"}, reached);
        return share(t, {prefix + track_names()[static_cast<std::size_t>(track)]}, reached);
    };
    for (int k = 1; k <= 5; ++k) v["D0" + std::to_string(k)] = highest_diploma(7, k);
    v["D06"] = highest_diploma(7, -1);
    // D14-D16 (the same CBS table, 4, 5 and 6 years after entry): how soon the diplomas come, out
    // of sample (no fit uses them), named by the parts of the published figure.
    static const char* const kParts[6] = {"", "vmbo-b", "vmbo-k", "vmbo-gt", "havo", "vwo"};
    for (const auto& [id, years] : {std::pair{"D14", 4}, std::pair{"D15", 5}, std::pair{"D16", 6}}) {
        for (int k = 1; k <= 5; ++k) v[std::string(id) + "." + kParts[k]] = highest_diploma(years, k);
        v[std::string(id) + ".none"] = highest_diploma(years, -1);
    }
    v["D07"] = exam_pass_rate(w, 2, 4);
    v["D08"] = exam_pass_rate(w, 3, 4);
    v["D09"] = exam_pass_rate(w, 4, 4);
    v["D10"] = exam_pass_rate(w, 5, 5);
    v["D11"] = exam_pass_rate(w, 6, 6);
    const std::vector<int> secondary{1, 2, 3, 4, 5, 6};
    v["D12"] = yearly_rate(w, {YearEvent::left_early}, secondary, {1, 2, 3, 4, 5, 6});
    v["G01"] = yearly_rate(w, {YearEvent::repeated}, secondary, {1});
    v["G02"] = yearly_rate(w, {YearEvent::repeated}, {5}, {4});
    v["G03"] = yearly_rate(w, {YearEvent::repeated}, {2, 3, 4}, {3, 4});
    v["G04"] = yearly_rate(w, {YearEvent::repeated}, {6}, {3, 4, 5, 6});
    v["G08"] = yearly_rate(w, {YearEvent::repeated}, {5}, {3});
    v["G09"] = yearly_rate(w, {YearEvent::repeated}, {5}, {3, 4, 5});
    v["G05"] = yearly_rate(w, {YearEvent::repeated}, {0}, {2});
    v["G06"] = yearly_rate(w, {YearEvent::repeated}, {0}, {3, 4, 5, 6, 7, 8});
    // M01-M03 (CBS, level changes against the year-1 class): the shares of pupils with a year-1
    // class, one id per part of the published figure.
    // M04-M05 are the same CBS table at 2 and 4 years, left out of the fit (out-of-sample checks).
    for (const auto& [id, after] : {std::pair{"M01", "1y"}, std::pair{"M02", "3y"}, std::pair{"M03", "5y"},
                                    std::pair{"M04", "2y"}, std::pair{"M05", "4y"}})
        for (const char* change : {"none", "lower", "higher", "both"})
            v[std::string(id) + "." + change] = share(t, {std::string("mobility_") + after + "_" + change}, {"mobility_entrants"});
    // Y01 (CBS): youth care in a year per pupil-year in school, individual or as group help (both
    // are youth care in kind).
    {
        const Population& pop = w.population();
        double cared = 0, school_years = 0;
        for (std::size_t i = 0; i < pop.size(); ++i) {
            cared += pop.youth_care_years[i] + pop.group_help_years[i];
            school_years += pop.years_in_school[i];
        }
        v["Y01"] = {school_years > 0 ? 100.0 * cared / school_years : NAN, school_years};
    }
    v["V01"] = share(t, {"ve_target"}, {"children"});
    v["V02"] = v["V03"] = share(t, {"ve_participant"}, {"ve_target"});
    // Income dissimilarity across primary schools, in the year with the most primary pupils (years
    // with only a cohort or a few stragglers in school say little about segregation).
    const YearRecord* busiest = nullptr;
    std::uint64_t most = 0;
    for (const auto& y : w.years()) {
        std::uint64_t primary = 0;
        for (int g = 1; g < kGrades; ++g) primary += y.pupils[static_cast<std::size_t>(g)];
        if (primary > most) {
            most = primary;
            busiest = &y;
        }
    }
    if (busiest) v["U09"] = {busiest->primary_dissimilarity, static_cast<double>(most)};
    return v;
}

}  // namespace pathways::model
