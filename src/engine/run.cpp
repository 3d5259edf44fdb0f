#include "engine/run.hpp"

#include "engine/progress.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>

// ThreadSanitizer does not see the synchronisation inside oneTBB (the library is not
// instrumented), so it would take the fork and the join of every parallel_for for races between
// the caller's work before or after it and the workers' ranges. The executor tells it about both
// edges: the caller releases before the loop and every range acquires at its start; every range
// releases at its end and the caller acquires after the loop.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define PATHWAYS_TSAN_ACQUIRE(addr) __tsan_acquire(addr)
#define PATHWAYS_TSAN_RELEASE(addr) __tsan_release(addr)
#else
#define PATHWAYS_TSAN_ACQUIRE(addr) static_cast<void>(addr)
#define PATHWAYS_TSAN_RELEASE(addr) static_cast<void>(addr)
#endif

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
        int fork = 0, join = 0;  // addresses for ThreadSanitizer's happens-before edges only
        PATHWAYS_TSAN_RELEASE(&fork);
        arena_.execute([&] {
            oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, n, n > 4096 ? 2048 : 1),
                                      [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
                                          PATHWAYS_TSAN_ACQUIRE(&fork);
                                          const int slot = oneapi::tbb::this_task_arena::current_thread_index();
                                          body(r.begin(), r.end(), static_cast<std::size_t>(slot));
                                          PATHWAYS_TSAN_RELEASE(&join);
                                      });
        });
        PATHWAYS_TSAN_ACQUIRE(&join);
    }
    // Thread slots of the arena: current_thread_index() is unique among its running threads.
    std::size_t workers() const override { return static_cast<std::size_t>(arena_.max_concurrency()); }

private:
    oneapi::tbb::task_arena& arena_;
};

// The per-child columns as the population lists them (Population::for_each_microdata_column).
Microdata collect_microdata(const model::World& w) {
    const auto& p = w.population();
    Microdata m;
    const std::size_t n = p.size();
    p.for_each_microdata_column([&](const char* name, bool integer, auto value) {
        if (integer) {
            std::vector<std::int32_t> col(n);
            for (std::size_t i = 0; i < n; ++i) col[i] = static_cast<std::int32_t>(value(i));
            m.int_names.push_back(name);
            m.int_columns.push_back(std::move(col));
        } else {
            std::vector<double> col(n);
            for (std::size_t i = 0; i < n; ++i) col[i] = value(i);
            m.names.push_back(name);
            m.float_columns.push_back(std::move(col));
        }
    });
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
