// The baselines against the published figures of targets.csv (a copy of
// ../shared/data/targets.csv kept beside this file so the suite runs from the repository alone).
//
// Each check runs with a fixed seed on a population large enough that three standard errors of
// the simulated share lie inside the figure's tolerance (asserted first), so a failure means the
// model is off, not that the sample was unlucky. Which configuration speaks to which figure
// follows data/README.md: the advice tables and R01-R04 are 2018/19 under the old end test,
// R05-R06 the doorstroomtoets, and T, D and G the older cohorts (scenarios/nl_old_cohorts.toml).
#include "engine/run.hpp"
#include "model/indicators.hpp"
#include "model/outcomes.hpp"
#include "scenario/calibration_file.hpp"
#include "scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace pathways;

namespace {

// The published figures, read as `pathways calibrate` reads them (multi-part figures such as
// M02 split into M02.none ... M02.both by scenario::read_targets).
const std::map<std::string, scenario::PublishedTarget>& targets() {
    static const auto t = scenario::read_targets(std::string(PATHWAYS_SOURCE_DIR) + "/tests/statistical/targets.csv");
    return t;
}

// One replicate of a shipped scenario with the engine (all cores) and a fixed seed.
std::map<std::string, model::Estimate> indicators_of(const std::string& scenario_file,
                                                      const std::vector<std::string>& overrides) {
    const auto s = scenario::load_scenario(std::string(PATHWAYS_SOURCE_DIR) + "/scenarios/" + scenario_file, overrides);
    return engine::run_replicate(s.params, 20240101, 0, 0, false).indicators;
}

void check(const std::map<std::string, model::Estimate>& sim, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        INFO(id << ": " << targets().at(id).quantity);
        REQUIRE(sim.count(id) == 1);
        const auto& e = sim.at(id);
        const auto& t = targets().at(id);
        INFO("simulated " << e.percent << ", published " << t.value << " +/- " << t.tolerance << " (standard error "
                          << e.standard_error() << ")");
        if (id != "U09") CHECK(3 * e.standard_error() < t.tolerance);  // the sample is large enough
        CHECK(std::abs(e.percent - t.value) <= t.tolerance);
    }
}

}  // namespace

TEST_CASE("national advice shares, the income gradient and the old end test's revisions (A01-A13, R01-R04)") {
    const auto sim = indicators_of("baseline_nl.toml", {"population.cohort_size=60000", "selection.test_regime=end_test"});
    check(sim, {"A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A11", "A12", "A13", "R01",
                "R02", "R04"});
}

TEST_CASE("revisions after the doorstroomtoets and national VE reach (R05-R06, V03)") {
    const auto sim = indicators_of("baseline_nl.toml", {"population.cohort_size=40000"});
    check(sim, {"R05", "R06", "V03"});
}

// T02+T03 together calibrate selection.double_advice_scale of the old cohorts, so only their
// split and T01, T04, T05 are independent checks there; D01+D02 likewise calibrate
// secondary.basis_up_after_year3 (docs/calibration.md).
TEST_CASE("year 3, diplomas, exams, early leaving and retention of the older cohorts (T01-T08, D01-D12, G01-G06)") {
    const auto sim = indicators_of("nl_old_cohorts.toml", {"population.cohort_size=60000"});
    check(sim, {"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10",
                "D11", "D12", "G01", "G02", "G03", "G04", "G05", "G06", "G08", "G09"});
}

// The revision after the old end test for the groep-8 cohort of 2015/16 (R07-R10): how many had a
// higher test advice, how many of them were raised and how many raised pupils were below their
// raised advice in year 3, with that cohort's test shift (R08, as in calibrations/nl_revision.toml).
// R07, R09 and R10 are fitted there (selection.raise_selectivity, raise_partial_share and the
// raise probability); R08 is left out of that fit.
TEST_CASE("the revision after the 2016 end test and the raised pupils' level in year 3 (R07-R10)") {
    const auto sim = indicators_of("nl_old_cohorts.toml", {"population.cohort_size=60000", "selection.test_shift_end_test=-0.25"});
    check(sim, {"R07", "R08", "R09", "R10"});
}

TEST_CASE("Utrecht: VE target group and reach, and school segregation (V01-V02, U09)") {
    const auto sim = indicators_of("baseline.toml", {"population.birth_cohorts=4"});
    check(sim, {"V01", "V02", "U09"});
}

// Dynamics, not marginals: how many pupils changed level against the range of their year-1
// class within 1, 3 and 5 years, one way (lower, higher), both ways (a return into the range
// included) or not at all (CBS 82928NED; model/mobility.hpp). The year-3 shares above can hold
// while far too many pupils move up and down; these pin the moves themselves.
TEST_CASE("mobility through secondary school of the older cohorts against the year-1 class (M01-M03)") {
    const auto sim = indicators_of("nl_old_cohorts.toml", {"population.cohort_size=60000"});
    check(sim, {"M01.lower", "M01.higher", "M02.none", "M02.lower", "M02.higher", "M02.both", "M03.none", "M03.lower",
                "M03.higher", "M03.both"});
}

// The same CBS table at 2 and 4 years after year 1, which no fit has seen (the move parameters
// were fitted to M01-M03): a model that is right about how pupils move passes these as well.
TEST_CASE("mobility at 2 and 4 years, left out of the fit (M04-M05)") {
    const auto sim = indicators_of("nl_old_cohorts.toml", {"population.cohort_size=60000"});
    check(sim, {"M04.none", "M04.lower", "M04.higher", "M04.both", "M05.none", "M05.lower", "M05.higher", "M05.both"});
}

// The same CBS table as D01-D06 at 4, 5 and 6 years after entry, which no fit uses: how soon the
// diplomas come (on time, after a repeated year, after stacking, after a move up from vmbo-gt
// at the end of year 3 into havo 3).
TEST_CASE("highest diploma after 4, 5 and 6 years, left out of the fit (D14-D16)") {
    const auto sim = indicators_of("nl_old_cohorts.toml", {"population.cohort_size=60000"});
    check(sim, {"D14.vmbo-b", "D14.vmbo-k", "D14.vmbo-gt", "D14.none", "D15.vmbo-gt", "D15.havo", "D15.none", "D16.vmbo-gt",
                "D16.havo", "D16.vwo", "D16.none"});
}

// Youth care is used by about one in eight Dutch youths a year (CBS); the base rate of pupils whose
// wellbeing is not low is fitted so that the national rate holds (docs/evidence.md entry 14).
TEST_CASE("national youth-care use per pupil-year (Y01)") {
    const auto sim = indicators_of("baseline_nl.toml", {"population.cohort_size=20000"});
    check(sim, {"Y01"});
}
