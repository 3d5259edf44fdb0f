// The levers (levers.hpp, issue 28): when and where an intervention acts. The rule with forced
// values, the district lists and their errors, and two runs of the world: a start year leaves the
// children who passed the lever's stage before it untouched, and a lever limited to some districts
// leaves the children of the other districts untouched, bit for bit in their microdata.
#include "model/levers.hpp"
#include "model/schema.hpp"
#include "model/world.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

using namespace pathways::model;

namespace {

Timing& timing(Params& p, Lever l) { return p.levers.timing[static_cast<std::size_t>(l)]; }

std::size_t district_index(const Params& p, const std::string& name) {
    for (std::size_t d = 0; d < p.population.district_names.size(); ++d)
        if (p.population.district_names[d] == name) return d;
    FAIL("no district " << name);
    return 0;
}

// The children in a run couple through the shared sums: a school's mean (the peer effect), the
// schools' intake weights (the shortage gradient) and the class's mean and SD (the position in
// class behind secondary retention, the exam and early leaving). Switched off here, a child's
// life is its own draws and the levers that reach it, so "not reached" can be checked bit for
// bit; with them on, the children not reached feel those reached only as classmates.
Params uncoupled(int cohorts, int cohort_size) {
    Params p = default_params();
    p.population.birth_cohorts = cohorts;
    p.population.cohort_size = cohort_size;
    p.primary.peer_effect = 0;
    p.primary.shortage_gradient = 0;
    p.secondary.retention_selectivity = 0;
    p.secondary.exam_selectivity = 0;
    p.secondary.early_leaving_selectivity = 0;
    return p;
}

World run(const Params& p) {
    World w(p, {7, 0});
    for (int y = w.first_year(); y <= w.last_year(); ++y) w.step(y, SerialExecutor{});
    return w;
}

// Every child's microdata row (the results file's /replicates/N/children), as raw bytes of its
// values in the file's column order.
std::vector<std::vector<double>> microdata(const World& w) {
    const Population& pop = w.population();
    std::vector<std::vector<double>> rows(pop.size());
    pop.for_each_microdata_column([&](const char*, bool, auto value) {
        for (std::size_t i = 0; i < pop.size(); ++i) rows[i].push_back(value(i));
    });
    return rows;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// The calendar year a child starts secondary school (or would): 12 plus its repeats in primary
// school after its birth year (a kept-back groep 2 is bit 0, the repeats in groep 3-8 bits 1-2).
int transition_year(const Population& pop, std::size_t i) {
    const int kept = pop.retained_primary[i];
    return pop.birth_year[i] + 12 + (kept & 1) + (kept >> 1);
}

}  // namespace

TEST_CASE("levers: active() holds from start_year to end_year inclusive, 0 leaving either side open") {
    CHECK(active(Timing{0, 0, {}}, 1900));
    CHECK(active(Timing{0, 0, {}}, 2100));
    CHECK_FALSE(active(Timing{2026, 0, {}}, 2025));
    CHECK(active(Timing{2026, 0, {}}, 2026));
    CHECK(active(Timing{2026, 0, {}}, 2090));
    CHECK(active(Timing{0, 2028, {}}, 2000));
    CHECK(active(Timing{0, 2028, {}}, 2028));
    CHECK_FALSE(active(Timing{0, 2028, {}}, 2029));
    CHECK_FALSE(active(Timing{2026, 2026, {}}, 2025));
    CHECK(active(Timing{2026, 2026, {}}, 2026));
    CHECK_FALSE(active(Timing{2026, 2026, {}}, 2027));
}

TEST_CASE("levers: a lever reaches its districts in its years, and empty lists mean everywhere, except the programmes' own lists") {
    Params p = default_params();
    const std::size_t n = p.population.district_names.size(), overvecht = district_index(p, "Overvecht"),
                      zuidwest = district_index(p, "Zuidwest");
    timing(p, Lever::havokans_klas) = {2026, 2027, {"Overvecht", "Zuidwest"}};
    timing(p, Lever::attendance).start_year = 2030;
    p.interventions.workshop_districts = {"Zuidwest"};
    std::vector<std::uint8_t> districts;
    for (int l = 0; l < kLevers; ++l) {
        const auto in = lever_districts(p, static_cast<Lever>(l));
        districts.insert(districts.end(), in.begin(), in.end());
    }
    const auto flag = [&](const std::vector<std::uint8_t>& reach, Lever l, std::size_t d) {
        return reach[static_cast<std::size_t>(l) * n + d] != 0;
    };
    std::vector<std::uint8_t> reach;
    // The transition at 12 is settled in the step of the year before the pupils start: the step
    // of 2025 places the pupils of 1 October 2026.
    lever_reach(p, districts, 2024, reach);
    CHECK_FALSE(flag(reach, Lever::havokans_klas, overvecht));
    lever_reach(p, districts, 2025, reach);
    CHECK(flag(reach, Lever::havokans_klas, overvecht));
    CHECK(flag(reach, Lever::havokans_klas, zuidwest));
    CHECK_FALSE(flag(reach, Lever::havokans_klas, 0));
    lever_reach(p, districts, 2026, reach);
    CHECK(flag(reach, Lever::havokans_klas, zuidwest));
    lever_reach(p, districts, 2027, reach);
    CHECK_FALSE(flag(reach, Lever::havokans_klas, zuidwest));
    // attendance: the whole city from its start year, in the step of that year itself
    lever_reach(p, districts, 2029, reach);
    for (std::size_t d = 0; d < n; ++d) CHECK_FALSE(flag(reach, Lever::attendance, d));
    lever_reach(p, districts, 2030, reach);
    for (std::size_t d = 0; d < n; ++d) CHECK(flag(reach, Lever::attendance, d));
    // the workshops' own list, and group prevention's empty list: nowhere
    for (std::size_t d = 0; d < n; ++d) {
        CHECK(flag(reach, Lever::workshops, d) == (d == zuidwest));
        CHECK_FALSE(flag(reach, Lever::prevention, d));
        CHECK(flag(reach, Lever::ve, d));  // untouched levers: always, everywhere
    }
}

TEST_CASE("levers: a wrong district name is answered with the valid names, and an end before the start is refused") {
    Params p = default_params();
    timing(p, Lever::havokans_klas).districts = {"Overvecht", "Overvech"};
    auto problem = check_consistency(p);
    REQUIRE(problem.has_value());
    CHECK(problem->find("havokans_klas.districts") != std::string::npos);
    CHECK(problem->find("'Overvech'") != std::string::npos);
    CHECK(problem->find("West, Noordwest, Overvecht, Noordoost, Oost, Binnenstad, Zuid, Zuidwest, Leidsche Rijn, Vleuten-De Meern") !=
          std::string::npos);
    timing(p, Lever::havokans_klas).districts = {"Overvecht"};
    CHECK_FALSE(check_consistency(p).has_value());
    timing(p, Lever::ten_fourteen) = {2030, 2029, {}};
    problem = check_consistency(p);
    REQUIRE(problem.has_value());
    CHECK(problem->find("ten_fourteen.end_year") != std::string::npos);
    // every lever has its keys in the schema
    for (int l = 0; l < kLevers; ++l) {
        const std::string name = lever_name(static_cast<Lever>(l));
        CHECK(find_param(name + ".start_year") != nullptr);
        CHECK(find_param(name + ".end_year") != nullptr);
        CHECK((find_param(name + ".districts") != nullptr) == !has_own_districts(static_cast<Lever>(l)));
    }
}

TEST_CASE("levers: the defaults keep every lever always on, everywhere: the same bits as before the levers") {
    // The default timing is the same run as one whose levers are set to cover every year the run
    // has and to list every district: the flags are the same, so are the results.
    Params p = uncoupled(2, 1500);
    p.interventions.havokans_share = 0.6;
    p.interventions.attendance_share = 0.4;
    Params q = p;
    for (auto& t : q.levers.timing) t = {1900, 2100, t.districts};
    timing(q, Lever::havokans_klas).districts = q.population.district_names;
    const World a = run(p), b = run(q);
    CHECK(a.checksum() == b.checksum());
    const auto x = microdata(a), y = microdata(b);
    for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(same_bits(x[i], y[i]));
}

TEST_CASE("levers: a start year leaves every child who passed the lever's stage before it bit-identical to the baseline") {
    // The havokans-klas, broad bridge classes and the warm hand-over act at the transition at 12;
    // from 2022 on. Four cohorts born 2008-2011: those who started secondary school before 2022
    // (born 2008-2009, later after repeating in primary school) are past that stage.
    constexpr int kStart = 2022;
    Params base = uncoupled(4, 1500);
    base.interventions.havokans_share = 1.0;
    base.interventions.handover_share = 1.0;
    for (const Lever l : {Lever::havokans_klas, Lever::handover, Lever::broad_bridge}) timing(base, l).start_year = 2100;
    Params policy = base;
    for (const Lever l : {Lever::havokans_klas, Lever::handover, Lever::broad_bridge}) timing(policy, l).start_year = kStart;
    const World a = run(base), b = run(policy);
    const Population& pop = a.population();
    const auto x = microdata(a), y = microdata(b);
    std::size_t past = 0, reached = 0, changed_after = 0, reached_before = 0;
    for (std::size_t i = 0; i < pop.size(); ++i) {
        const bool after = transition_year(pop, i) >= kStart;
        const Population& q = b.population();
        if (!after) {
            ++past;
            REQUIRE(same_bits(x[i], y[i]));  // every column of the child's microdata
            reached_before += (q.interventions[i] & (havokans_bit | handover_bit)) != 0;
        } else {
            reached += (q.interventions[i] & handover_bit) != 0;
            changed_after += !same_bits(x[i], y[i]);
        }
    }
    CHECK(past > 2000);
    CHECK(reached_before == 0);
    CHECK(reached > 2000);       // the later cohorts are handed over warmly
    CHECK(changed_after > 100);  // and their paths change
    for (std::size_t i = 0; i < pop.size(); ++i) CHECK((a.population().interventions[i] & (havokans_bit | handover_bit)) == 0);
}

TEST_CASE("levers: a lever limited to some districts changes nothing for the children of the others, bit for bit") {
    // More VE hours and reach, connection groups, the havokans-klas, the hand-over, attendance and
    // the custom diploma, in Overvecht and Zuidwest only.
    Params base = uncoupled(2, 2500);
    base.interventions.havokans_share = 1.0;
    base.interventions.handover_share = 1.0;
    base.interventions.attendance_share = 0.5;
    base.interventions.connection_share = 1.0;
    base.interventions.custom_diploma_share = 1.0;
    base.levers.ve_reach = 0.95;
    base.levers.ve_hours = 1600;
    base.interventions.newcomer_rate = 0.1;  // arrivals everywhere in both runs; newcomer classes as a lever
    base.interventions.nt2_share = 1.0;
    base.interventions.admission_margin = 0.05;  // admission agreements
    const std::vector<std::string> targeted = {"Overvecht", "Zuidwest"};
    for (const Lever l : {Lever::ve, Lever::havokans_klas, Lever::handover, Lever::attendance, Lever::connection_groups,
                          Lever::custom_diploma, Lever::nt2, Lever::admission})
        timing(base, l).districts = {"Leidsche Rijn"};  // the same levers elsewhere in both runs
    Params policy = base;
    for (const Lever l : {Lever::ve, Lever::havokans_klas, Lever::handover, Lever::attendance, Lever::connection_groups,
                          Lever::custom_diploma, Lever::nt2, Lever::admission})
        timing(policy, l).districts = {"Leidsche Rijn", "Overvecht", "Zuidwest"};
    const World a = run(base), b = run(policy);
    const auto x = microdata(a), y = microdata(b);
    const Population& pop = a.population();
    const std::size_t overvecht = district_index(base, "Overvecht"), zuidwest = district_index(base, "Zuidwest");
    std::size_t outside = 0, inside = 0, changed_inside = 0, ve_lever_inside = 0, nt2_inside = 0;
    for (std::size_t i = 0; i < pop.size(); ++i) {
        if (pop.stage[i] == Stage::unborn) continue;
        const bool in = pop.district[i] == overvecht || pop.district[i] == zuidwest;
        if (!in) {
            ++outside;
            REQUIRE(same_bits(x[i], y[i]));
        } else {
            ++inside;
            changed_inside += !same_bits(x[i], y[i]);
            ve_lever_inside += (b.population().interventions[i] & ve_lever_bit) != 0;
            nt2_inside += b.population().newcomer[i] == newcomer_nt2_class;
            CHECK(pop.newcomer[i] != newcomer_nt2_class);
        }
    }
    CHECK(outside > 3000);
    CHECK(inside > 800);
    CHECK(ve_lever_inside > 50);
    CHECK(nt2_inside > 10);
    CHECK(changed_inside > inside / 4);
}
