// Batches and scenario comparisons: scenarios × replicates run interleaved (A r0, B r0, …, A r1,
// …), each finished (scenario, replicate) unit committed to its own file in <out>.units/ as it
// completes, then assembled into one comparison file in a fixed order. Rerunning the same batch
// loads the finished units instead of running them again, so an interrupted batch resumes and
// ends bit-identical to an uninterrupted one.
#pragma once

#include "io/comparison.hpp"
#include "scenario/scenario.hpp"

#include <functional>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace pathways::engine {

class BatchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct BatchSpec {
    std::vector<scenario::Scenario> scenarios;  // the first is the baseline
    int replicates = 10;        // with precision: the minimum
    std::uint64_t seed = 20240101;
    int threads = 0;
    std::string out;
    double precision = 0;       // > 0: add replicates until every 95% half-width is within it
    std::vector<std::string> precision_outcomes;  // empty: every headline outcome in percent
    int max_replicates = 200;   // with precision: stop here if the target is not met
    bool keep_units = false;    // keep <out>.units/ after the comparison file is written
    bool progress = false;
    std::string code_version;
    std::string command_line;
    // Set by an MPI run (engine/cluster.hpp) for rank 0's final pass: how many ranks ran units
    // before it, how many units they ran (counted as run, not resumed) and for how long.
    int ranks = 1;
    int units_run_before = 0;
    double seconds_before = 0;
};

struct BatchReport {
    int replicates = 0;
    std::string stop_reason;
    int units_run = 0, units_loaded = 0;
    double seconds = 0;
};

// Throws BatchError for inputs that cannot be compared (different children, duplicate names,
// unit files from other inputs), naming the problem.
BatchReport run_batch(const BatchSpec& spec);

// The checks run_batch makes before running anything (throws BatchError).
void validate_batch(const BatchSpec& spec);

// Creates units_folder(out) and removes temporaries left there by processes that no longer run.
// Under MPI only rank 0 calls it, before the ranks start.
void prepare_units_folder(const std::string& out);

// Runs, into units_folder(spec.out), the units of part `index` (0-based) of `count`: unit
// k = replicate × scenarios + scenario (the interleaved order, replicates < spec.replicates) is
// in part k % count. Units already finished there are checked and not run again. The progress
// bar (spec.progress) counts this part's units only. No comparison file is written.
BatchReport run_part(const BatchSpec& spec, int index, int count);

// `batch --shard K/N` (K 1-based): run_part(spec, K-1, N) into units_folder(shard_path), then
// the shard file shard_path with those units and everything merge needs; the units folder is
// removed afterwards unless spec.keep_units. Refuses --precision (the replicate count must be
// fixed before the shards start).
BatchReport run_shard(const BatchSpec& spec, int shard, int shards, const std::string& shard_path);

// `merge`: checks that the shard files come from one batch (the same batch hash and shard
// count), that every unit is in exactly one of them, and writes the comparison file `out` with
// the code path of run_batch, identical to an unsharded run outside /provenance/run.
struct MergeReport {
    int shards = 0, units = 0, replicates = 0, scenarios = 0;
};
MergeReport merge_shards(const std::vector<std::string>& shard_files, const std::string& out, const std::string& command_line);

// The hash of every input of a batch: each scenario's input hash, name, description, overrides
// and scenario files, and the number of replicates. Shards of one batch share it.
std::string batch_hash(const BatchSpec& spec);

// The default shard file: <dir of out>/shards/<stem of out>-shard-KK-of-NN.h5
std::string default_shard_path(const std::string& out, int shard, int shards);

// A hash of everything that determines a unit's results: the resolved parameters, the scenario
// name, the seed and the code version.
std::string input_hash(const scenario::Scenario& s, std::uint64_t seed, const std::string& code_version);

// The folder of unit files beside an output file.
std::string units_folder(const std::string& out);

// Unit (scenario s, replicate r) of a batch run in memory, exactly as batch runs it before
// committing it to its file (threads: spec.threads; on_year after every simulated year), for
// callers that hold the units themselves (pathways serve). Throws what on_year throws.
io::Unit run_unit(const BatchSpec& spec, std::size_t s, int r, const std::function<void()>& on_year = {});

// The comparison file `out` from units held in memory (d.units and the provenance fields set):
// the statistics and the writer of batch and merge, so the file's tables equal those of a
// compare of the same scenarios, seed and replicates.
void assemble_comparison(const std::string& out, io::ComparisonData& d);

}  // namespace pathways::engine
