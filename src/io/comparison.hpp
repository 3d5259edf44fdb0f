// Files of scenario comparisons and batches (layout in docs/comparison.md):
//   * unit files: one finished (scenario, replicate), written under a temporary name and renamed,
//     so a batch that is killed loses no finished unit and can resume;
//   * the comparison file, assembled from the units in a fixed order;
//   * reading the per-replicate outcome tables back (from a comparison file or a `run` file).
#pragma once

#include <hdf5.h>

#include "model/outcomes.hpp"
#include "scenario/scenario.hpp"
#include "stats/compare.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pathways::io {

struct Unit {
    std::string input_hash;  // of the resolved parameters, seed and code version (engine/batch.hpp)
    std::string scenario;
    int scenario_index = 0;
    int replicate = 0;
    std::uint64_t checksum = 0;
    std::uint64_t child_years = 0;
    model::OutcomeTable outcomes;
    stats::ChildOutcomes children;
    std::vector<scenario::ParameterDraw> draws;  // the replicate's parameter draws (none without uncertainty)
};

// Parameter uncertainty as the files name it: "off", "priors", "ranges" or "priors and ranges".
std::string parameter_uncertainty_label(bool priors, bool ranges);
// The /provenance attribute parameter_uncertainty of a run, comparison or batch file ("off" for
// files written before it existed).
std::string read_parameter_uncertainty(const std::string& path);
// The table of every prior dimension of the schema under `parent`/priors: name, key, target,
// prior, lower, upper, and drawn (1 where the scenario drew it; `drawn` empty: column left out).
void write_priors_table(hid_t parent, const std::vector<std::uint8_t>& drawn);
// Draws as a table under `parent`/draws: replicate, name, key, prior, value (one row per draw).
void write_draws_table(hid_t parent, const std::vector<std::int32_t>& replicate,
                       const std::vector<scenario::ParameterDraw>& draws);

void write_unit(const std::string& path, const Unit& unit);

// The outcome tables of several replicates as the group `by_group` under `parent`: one row per
// (replicate, group row), the layout of /outcomes/by_group in every pathways file.
void write_by_group(hid_t parent, const std::vector<const model::OutcomeTable*>& tables, const std::vector<int>& replicate_ids);
Unit read_unit(const std::string& path);
Unit read_unit_file(const std::string& path);  // as read_unit, errors not prefixed with the path

// What the comparison file keeps of a scenario: enough to write /scenarios/<name> again from a
// shard file, without the scenario files on disk.
struct ScenarioRecord {
    std::string name;
    std::string description;
    std::vector<std::string> overrides;
    std::vector<std::string> param_keys, param_values;  // every schema key, formatted
    std::vector<scenario::ScenarioFile> files;
};
ScenarioRecord record_of(const scenario::Scenario& s);

struct ComparisonData {
    std::vector<ScenarioRecord> scenarios;             // the first is the baseline
    std::vector<std::string> district_names;
    std::vector<std::string> input_hashes;
    std::vector<std::vector<const Unit*>> units;       // [scenario][replicate]
    std::vector<stats::Group> groups;
    std::vector<stats::HeadlineRow> headline;
    std::vector<stats::SwitchTable> switches;         // [scenario]; the baseline's is unused
    std::uint64_t seed = 0;
    int replicates = 0;
    double precision = 0;                              // 0: a fixed number of replicates
    std::vector<std::string> precision_outcomes;
    std::string stop_reason;
    std::string code_version;
    // how it was run (under /provenance/run, which differs between runs with identical results)
    std::string command_line;
    int threads = 0;
    double seconds = 0;
    int units_run = 0, units_loaded = 0;
    int ranks = 1;  // MPI ranks that ran units (1 without MPI)
    int shards = 0; // shard files merged (0: not a merge)
};

// Writes under a temporary name and renames when complete.
void write_comparison(const std::string& path, const ComparisonData& data);

// A shard of a batch (`batch --shard K/N`): the finished units of one shard plus what `merge`
// needs to assemble the comparison file without the scenario files.
struct Shard {
    std::string batch_hash;  // of every input of the whole batch (engine::batch_hash)
    int shard = 1, shards = 1;  // 1-based
    int replicates = 0;
    std::uint64_t seed = 0;
    std::string code_version;
    std::vector<ScenarioRecord> scenarios;
    std::vector<std::string> input_hashes;
    std::vector<std::string> district_names;
    std::vector<Unit> units;  // in unit order (replicate-major, scenario-minor)
};
void write_shard(const std::string& path, const Shard& shard);
// with_units = false reads only the header (hash, shard numbers, scenarios).
Shard read_shard(const std::string& path, bool with_units = true);
Shard read_shard_file(const std::string& path, bool with_units);

struct StoredScenario {
    std::string name;
    std::vector<int> replicate_ids;
    std::vector<model::OutcomeTable> replicates;
    std::vector<std::string> district_names;
};
// The per-replicate outcome tables of every scenario in a comparison file (baseline first) or of
// the one scenario in a `run` results file.
std::vector<StoredScenario> read_outcome_tables(const std::string& path);
std::vector<StoredScenario> read_outcome_tables_file(const std::string& path);

}  // namespace pathways::io
