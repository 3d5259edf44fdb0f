#include "engine/run.hpp"

#include "engine/progress.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>

namespace pathways::engine {
namespace {

// The model's executor on oneTBB. Grain size and partitioning affect only speed: the model's
// results do not depend on how ranges are split (see model/world.hpp).
class TbbExecutor final : public model::Executor {
public:
    explicit TbbExecutor(oneapi::tbb::task_arena& arena) : arena_(arena) {}
    void for_ranges(std::size_t n, const Body& body) const override {
        // One worker takes the whole range at once: no tasks to make, and the year's chunks are
        // all full but the last (the results are the same for any split).
        if (arena_.max_concurrency() == 1) return body(0, n, 0);
        arena_.execute([&] {
            oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, n, n > 4096 ? 2048 : 1),
                                      [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
                                          const int slot = oneapi::tbb::this_task_arena::current_thread_index();
                                          body(r.begin(), r.end(), static_cast<std::size_t>(slot));
                                      });
        });
    }
    // Thread slots of the arena: current_thread_index() is unique among its running threads.
    std::size_t workers() const override { return static_cast<std::size_t>(arena_.max_concurrency()); }

private:
    oneapi::tbb::task_arena& arena_;
};

Microdata collect_microdata(const model::World& w) {
    const auto& p = w.population();
    Microdata m;
    const std::size_t n = p.size();
    auto ints = [&](const std::string& name, auto get) {
        std::vector<std::int32_t> col(n);
        for (std::size_t i = 0; i < n; ++i) col[i] = static_cast<std::int32_t>(get(i));
        m.int_names.push_back(name);
        m.int_columns.push_back(std::move(col));
    };
    auto floats = [&](const std::string& name, auto get) {
        std::vector<double> col(n);
        for (std::size_t i = 0; i < n; ++i) col[i] = static_cast<double>(get(i));
        m.names.push_back(name);
        m.float_columns.push_back(std::move(col));
    };
    ints("child", [&](std::size_t i) { return p.index_in_cohort[i]; });
    ints("birth_year", [&](std::size_t i) { return p.birth_year[i]; });
    ints("district", [&](std::size_t i) { return p.district[i]; });
    ints("parent_edu", [&](std::size_t i) { return p.parent_edu[i]; });
    ints("home_language", [&](std::size_t i) { return p.multilingual[i]; });
    ints("income_group", [&](std::size_t i) { return p.income_group[i]; });
    ints("ve_target", [&](std::size_t i) { return p.ve_target[i]; });
    ints("ve_participant", [&](std::size_t i) { return p.ve_participant[i]; });
    ints("route", [&](std::size_t i) { return static_cast<int>(p.route[i]); });
    ints("primary_school", [&](std::size_t i) { return p.school[i]; });
    ints("retained_primary", [&](std::size_t i) { return p.retained_primary[i]; });
    ints("teacher_advice", [&](std::size_t i) { return p.teacher_advice[i]; });
    ints("test_advice", [&](std::size_t i) { return p.test_advice[i]; });
    ints("final_advice", [&](std::size_t i) { return p.final_advice[i]; });
    ints("class_year1", [&](std::size_t i) { return static_cast<int>(p.class_year1[i]); });
    ints("track_year1", [&](std::size_t i) { return p.track_year1[i]; });
    ints("track_year3", [&](std::size_t i) { return p.track_year3[i]; });
    ints("moves_up", [&](std::size_t i) { return p.moves_up[i]; });
    ints("moves_down", [&](std::size_t i) { return p.moves_down[i]; });
    ints("retained_secondary", [&](std::size_t i) { return p.retained_secondary[i]; });
    ints("diploma_at_7", [&](std::size_t i) { return p.diploma_at_7[i]; });
    ints("diploma", [&](std::size_t i) { return p.diploma[i]; });
    ints("diploma_age", [&](std::size_t i) { return p.diploma_age[i]; });
    ints("early_leaver", [&](std::size_t i) { return p.early_leaver[i]; });
    ints("interventions", [&](std::size_t i) { return p.interventions[i]; });
    ints("library_years", [&](std::size_t i) { return p.library_years[i]; });
    ints("final_stage", [&](std::size_t i) { return static_cast<int>(p.stage[i]); });
    floats("potential", [&](std::size_t i) { return p.potential[i]; });
    floats("shock_loss", [&](std::size_t i) { return p.shock_loss[i]; });
    floats("wellbeing_15", [&](std::size_t i) { return p.wellbeing_at_15[i]; });
    floats("absence", [&](std::size_t i) { return p.absence[i]; });
    ints("youth_care_years", [&](std::size_t i) { return p.youth_care_years[i]; });
    ints("group_help_years", [&](std::size_t i) { return p.group_help_years[i]; });
    ints("years_in_school", [&](std::size_t i) { return p.years_in_school[i]; });
    for (int k = 0; k < 4; ++k) {
        const std::string age = std::to_string(model::kSnapshotAges[k]);
        floats("language_" + age, [&](std::size_t i) { return p.language_at[k][i]; });
        floats("math_" + age, [&](std::size_t i) { return p.math_at[k][i]; });
    }
    return m;
}

}  // namespace

int default_threads() { return oneapi::tbb::info::default_concurrency(); }

ReplicateResult run_replicate(const model::Params& params, std::uint64_t seed, int replicate, int threads,
                              bool microdata, const std::function<void()>& on_year) {
    const int n = threads > 0 ? threads : default_threads();
    // More threads than the machine's cores, when asked for, are given: TBB would otherwise cap
    // its workers at the cores and print a warning (the results are the same either way).
    const oneapi::tbb::global_control allow(oneapi::tbb::global_control::max_allowed_parallelism,
                                            static_cast<std::size_t>(std::max(n, default_threads())));
    oneapi::tbb::task_arena arena(n);
    const TbbExecutor exec(arena);
    model::World world(params, rng::StreamKey{seed, static_cast<std::uint32_t>(replicate)});
    ReplicateResult r;
    r.replicate = replicate;
    for (int year = world.first_year(); year <= world.last_year(); ++year) {
        r.child_years += world.step(year, exec);
        if (on_year) on_year();
    }
    r.checksum = world.checksum();
    r.outcomes = model::tally_outcomes(world, exec);
    r.indicators = model::target_indicators(world, r.outcomes);
    r.years = world.years();
    r.district_names = params.population.district_names;
    if (microdata) r.microdata = collect_microdata(world);
    return r;
}

RunResult run_scenario(const scenario::Scenario& s, const RunOptions& options) {
    RunResult result;
    result.threads = options.threads > 0 ? options.threads : default_threads();
    const auto& pop = s.params.population;
    const int years = pop.birth_cohorts + pop.last_age;
    Progress progress("pathways " + s.name, static_cast<std::uint64_t>(options.replicates) * static_cast<std::uint64_t>(years),
                      options.progress);
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < options.replicates; ++r) {
        result.replicates.push_back(
            run_replicate(scenario::replicate_params(s, options.seed, r), options.seed, r, result.threads,
                          options.microdata, [&] { progress.advance(); }));
        result.child_years += result.replicates.back().child_years;
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace pathways::engine
