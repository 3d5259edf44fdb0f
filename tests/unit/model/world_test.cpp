// The yearly step as a whole: conservation of children, and results that do not depend on how
// the work is split.
#include "model/outcomes.hpp"
#include "model/schema.hpp"
#include "model/world.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

using namespace pathways::model;

namespace {

// Splits work into small ranges, runs them last-to-first and hands them to three workers in
// turn: a different order, partition and set of partial sums than the serial executor, as
// different thread counts would give.
class ReversedChunks final : public Executor {
public:
    void for_ranges(std::size_t n, const Body& body) const override {
        constexpr std::size_t chunk = 97;
        std::size_t worker = 0;
        for (std::size_t end = n; end > 0;) {
            const std::size_t begin = end > chunk ? end - chunk : 0;
            body(begin, end, worker);
            worker = (worker + 1) % workers();
            end = begin;
        }
    }
    std::size_t workers() const override { return 3; }
};

Params small(int cohort_size = 2000) {
    Params p = default_params();
    p.population.cohort_size = cohort_size;
    p.population.birth_cohorts = 2;
    return p;
}

World run(const Params& p, const Executor& exec, std::uint64_t seed = 1) {
    World w(p, {seed, 0});
    for (int y = w.first_year(); y <= w.last_year(); ++y) w.step(y, exec);
    return w;
}

}  // namespace

TEST_CASE("results do not depend on how the children are split over workers") {
    const Params p = small();
    const World a = run(p, SerialExecutor{});
    const World b = run(p, ReversedChunks{});
    CHECK(a.checksum() == b.checksum());
    const OutcomeTable ta = tally_outcomes(a), tb = tally_outcomes(b, ReversedChunks{});
    CHECK(ta.counts == tb.counts);
    CHECK(ta.sums == tb.sums);
    REQUIRE(a.years().size() == b.years().size());
    for (std::size_t k = 0; k < a.years().size(); ++k) {
        CHECK(a.years()[k].enrolment == b.years()[k].enrolment);
        CHECK(a.years()[k].primary_dissimilarity == b.years()[k].primary_dissimilarity);
    }
}

TEST_CASE("a chunk takes the vector passes from a sixth of its children in school, the one-child rules below") {
    // (the passes' test below holds both to the same bits; this pins where the switch falls)
    CHECK_FALSE(World::lanes_pay(0, 512));
    CHECK_FALSE(World::lanes_pay(85, 512));  // 85 * 6 = 510
    CHECK(World::lanes_pay(86, 512));
    CHECK(World::lanes_pay(512, 512));
    CHECK(World::lanes_pay(1, 6));
    CHECK_FALSE(World::lanes_pay(1, 7));
}

TEST_CASE("another seed gives another run") {
    const Params p = small();
    CHECK(run(p, SerialExecutor{}, 1).checksum() != run(p, SerialExecutor{}, 2).checksum());
}

TEST_CASE("every child born is counted exactly once in every year until the last age") {
    const Params p = small(1500);
    const World w = run(p, SerialExecutor{});
    for (const auto& y : w.years()) {
        std::uint64_t counted = 0;
        for (const auto c : y.enrolment) counted += c;
        std::uint64_t alive = 0;
        for (int c = 0; c < p.population.birth_cohorts; ++c) {
            const int age = y.year - (p.population.first_birth_year + c);
            if (age >= 1 && age <= p.population.last_age) alive += static_cast<std::uint64_t>(p.population.cohort_size);
        }
        INFO("year " << y.year);
        CHECK(counted == alive);  // children are counted from the 1 October after their birth
    }
}

TEST_CASE("every child ends with one pathway: diploma, no diploma, or still in school") {
    const Params p = small(3000);
    const World w = run(p, SerialExecutor{});
    const OutcomeTable t = tally_outcomes(w);
    const std::int64_t children = t.total("children");
    CHECK(children == 2 * 3000);
    std::int64_t d7 = t.total("diploma7_none") + t.total("diploma7_not_reached");
    for (const auto& track : track_names()) d7 += t.total("diploma7_" + track);
    CHECK(d7 == children);
    std::int64_t routes = t.total("route_regular") + t.total("route_ten_fourteen") + t.total("route_zero_eighteen");
    CHECK(routes == children);
    // pupils on the regular route all get an advice; the others none
    CHECK(t.total("advised") == t.total("route_regular"));
}

TEST_CASE("rates of zero give no transitions") {
    Params p = small(2000);
    p.primary.kindergarten_retention = 0;
    p.primary.retention = 0;
    p.secondary.early_leaving = 0;
    p.routes.ten_fourteen_share = 0;
    p.preschool.reach = 0;
    const OutcomeTable t = tally_outcomes(run(p, SerialExecutor{}));
    CHECK(t.total("retained_primary") == 0);
    CHECK(t.total("early_leaver") == 0);
    CHECK(t.total("route_ten_fourteen") == 0);
    CHECK(t.total("ve_participant") == 0);
}

namespace {

// Every branch of the passes: three cohorts (chunks that mix ages and stages, children not in
// school between those in it), group prevention in two districts (youth care that becomes group
// help takes a third word), a shock year and the attendance approach: every branch of
// wellbeing_rule. dBos in some schools, opportunity workshops in two districts, havokans classes,
// 10-14 schools and 0-18 communities: every place of pupil_place. Connection groups at 4 (a step
// of begin_year). Some per cent of the school years reject a first word and go back to the
// one-child path, and the chunks with fewer than a sixth in school (lanes_pay) take it throughout.
Params every_branch() {
    Params p = small(2500);
    p.population.birth_cohorts = 3;
    p.interventions.prevention_districts = {p.population.district_names[0], p.population.district_names[3]};
    p.interventions.shock_year = p.population.first_birth_year + 9;
    p.interventions.attendance_share = 0.5;
    p.interventions.library_budget = 30000;
    p.interventions.workshop_districts = {p.population.district_names[1], p.population.district_names[3]};
    p.interventions.havokans_share = 0.5;
    p.interventions.connection_share = 0.7;  // a connection group at 4 (begin_year's step at that age)
    p.interventions.reading_school_share = 0.4;  // reading for pleasure: with dBos, schools with both (lane 3)
    p.interventions.first1000_reach = 0.5;
    p.interventions.kindergarten_retention_avoided = 0.5;
    p.routes.ten_fourteen_share = 0.2;
    p.routes.zero_eighteen_share = 0.1;
    // Levers (levers.hpp) that differ by district and year inside a pass: the attendance approach
    // in three districts, group prevention from the first cohort's sixth year on.
    p.levers.timing[static_cast<std::size_t>(Lever::attendance)].districts = {
        p.population.district_names[0], p.population.district_names[2], p.population.district_names[5]};
    p.levers.timing[static_cast<std::size_t>(Lever::prevention)].start_year = p.population.first_birth_year + 6;
    return p;
}

// The columns of w whose bytes differ from those of `reference`.
std::vector<std::size_t> differing_columns(const World& reference, const World& w) {
    std::vector<const void*> data_a;
    reference.population().for_each_column([&](const auto& c, auto) { data_a.push_back(c.data()); });
    std::vector<std::size_t> differing;
    std::size_t column = 0;
    w.population().for_each_column([&](const auto& c, auto) {
        if (std::memcmp(data_a[column], c.data(), c.size() * sizeof(c[0])) != 0) differing.push_back(column);
        ++column;
    });
    return differing;
}

}  // namespace

TEST_CASE("the passes over many children at once give the same bits as the one-child rules") {
    const Params p = every_branch();
    // The passes over ranges of 97 children (chunks that mix cohorts, partial chunks) and over one
    // range (full chunks of YearBlockBatch::kCapacity, most of one cohort).
    World rules(p, {11, 0}), passes(p, {11, 0}), whole_chunks(p, {11, 0});
    rules.set_vector_passes(false);
    REQUIRE_FALSE(rules.vector_passes());
    REQUIRE(passes.vector_passes());
    REQUIRE(whole_chunks.vector_passes());
    for (int y = rules.first_year(); y <= rules.last_year(); ++y) {
        rules.step(y, SerialExecutor{});
        passes.step(y, ReversedChunks{});
        whole_chunks.step(y, SerialExecutor{});
    }
    const Population& a = rules.population();
    CHECK(differing_columns(rules, passes).empty());
    CHECK(rules.checksum() == passes.checksum());
    CHECK(differing_columns(rules, whole_chunks).empty());
    CHECK(rules.checksum() == whole_chunks.checksum());
    // and the same calendar: the yearly sums (World::accumulate) over both kinds of chunk
    const auto same_calendar = [&](const World& w) {
        if (w.years().size() != rules.years().size()) return false;
        for (std::size_t k = 0; k < w.years().size(); ++k) {
            const YearRecord &x = rules.years()[k], &y = w.years()[k];
            if (x.enrolment != y.enrolment || x.residents_by_age != y.residents_by_age || x.pupils != y.pupils ||
                x.events != y.events || x.primary_dissimilarity != y.primary_dissimilarity ||
                x.secondary_dissimilarity != y.secondary_dissimilarity)
                return false;
        }
        return true;
    };
    CHECK(same_calendar(passes));
    CHECK(same_calendar(whole_chunks));
    // the branches were taken
    std::size_t group_help = 0, prevention = 0, library = 0, workshop = 0, havokans = 0, mixed = 0, connection = 0, reading = 0,
                both = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        group_help += a.group_help_years[i];
        prevention += a.prevention_years[i];
        library += a.library_years[i];
        reading += a.reading_years[i];
        both += a.library_years[i] > 0 && a.reading_years[i] > 0;
        workshop += a.workshop_years[i];
        havokans += (a.interventions[i] & havokans_bit) != 0;
        connection += (a.interventions[i] & connection_group_bit) != 0;
        mixed += a.route[i] != Route::regular;
    }
    CHECK(group_help > 0);
    CHECK(prevention > 0);
    CHECK(library > 0);
    CHECK(reading > 0);
    CHECK(both > 0);
    CHECK(workshop > 0);
    CHECK(havokans > 0);
    CHECK(connection > 0);
    CHECK(mixed > 0);
}

TEST_CASE("every vector instruction set the processor has gives the same bits as the one-child rules, over several seeds") {
    const Params p = every_branch();
    const SimdLevel host = host_simd_level();
    for (const std::uint64_t seed : {11u, 12u, 13u}) {
        World rules(p, {seed, 0});
        rules.set_vector_passes(false);
        for (int y = rules.first_year(); y <= rules.last_year(); ++y) rules.step(y, SerialExecutor{});
        for (const SimdLevel level : {SimdLevel::baseline, SimdLevel::avx2, SimdLevel::avx512}) {
            if (static_cast<int>(level) > static_cast<int>(host)) {
                WARN("this processor has no " << simd_level_name(level) << ": its variants are not checked here");
                continue;
            }
            force_simd_level(level);
            World passes(p, {seed, 0});
            for (int y = passes.first_year(); y <= passes.last_year(); ++y) passes.step(y, ReversedChunks{});
            INFO("seed " << seed << ", " << simd_level_name(level));
            CHECK(differing_columns(rules, passes).empty());
            CHECK(rules.checksum() == passes.checksum());
        }
        force_simd_level(host);
    }
}

TEST_CASE("school choice in vector groups ranks and places every family as the plain reference path does") {
    for (const int choice_set : {3, 6, 11}) {
        Params p = small(1500);
        p.primary.choice_set = choice_set;
        p.primary.capacity_slack = 1.02;  // full schools: the lottery's order decides
        for (const std::uint64_t seed : {3u, 4u}) {
            World groups(p, {seed, 0}), reference(p, {seed, 0});
            reference.set_reference_school_choice(true);
            for (int y = groups.first_year(); y <= groups.last_year(); ++y) {
                groups.step(y, ReversedChunks{});
                reference.step(y, SerialExecutor{});
            }
            INFO("choice set " << choice_set << ", seed " << seed);
            CHECK(differing_columns(reference, groups).empty());
            CHECK(groups.checksum() == reference.checksum());
        }
    }
}

TEST_CASE("worked example of docs/extending.md: the warm hand-over reaches its share of the pupils entering secondary school") {
    // The places it touches: its parameters (schema), who takes part at the transition
    // (selection.cpp, its own stream and bit), what it changes (secondary_year.cpp) and its
    // columns (outcomes.cpp: took_handover, cost_handover).
    Params p = small(2000);
    for (const double share : {0.0, 0.5, 1.0}) {
        p.interventions.handover_share = share;
        const World w = run(p, SerialExecutor{}, 5);
        const Population& pop = w.population();
        std::size_t entered = 0, handed_over = 0, outside = 0;
        for (std::size_t i = 0; i < pop.size(); ++i) {
            const bool bit = (pop.interventions[i] & handover_bit) != 0;
            if (pop.track_year1[i] >= 0) {
                ++entered;
                handed_over += bit;
            } else {
                outside += bit;  // only pupils placed in year 1 at 12 are handed over
            }
        }
        REQUIRE(entered > 1000);
        CHECK(outside == 0);
        const double reached = static_cast<double>(handed_over) / static_cast<double>(entered);
        // a binomial share: within four standard errors of the share set
        CHECK(std::abs(reached - share) <= 4 * std::sqrt(share * (1 - share) / static_cast<double>(entered)) + 1e-12);
        const OutcomeTable t = tally_outcomes(w);
        CHECK(t.total("took_handover") == static_cast<std::int64_t>(handed_over));
    }
}
