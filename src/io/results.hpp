// The results of a run as plain data, and the writer that stores them in one HDF5 file (layout
// in docs/hdf5-layout.md). The file is written under a temporary name in the same folder and
// renamed when complete, so a results file is never half-written.
#pragma once

#include "model/indicators.hpp"
#include "model/outcomes.hpp"
#include "model/world.hpp"
#include "scenario/scenario.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pathways::io {

struct Microdata {
    std::vector<std::string> names;
    std::vector<std::vector<double>> float_columns;
    std::vector<std::string> int_names;
    std::vector<std::vector<std::int32_t>> int_columns;
};

struct ReplicateResult {
    int replicate = 0;
    std::uint64_t checksum = 0;
    std::uint64_t child_years = 0;
    model::OutcomeTable outcomes;
    std::map<std::string, model::Estimate> indicators;  // the figures of targets.csv, by id
    std::vector<model::YearRecord> years;
    std::vector<std::string> district_names;
    Microdata microdata;
};

// One row of the planner's view (written to /projection when a run is a projection).
struct ProjectionRow {
    int year = 0;          // school year starting 1 October of this year
    int district = -1;     // -1: the whole city
    std::string school_type;
    double mean = 0, ci_low = 0, ci_high = 0;
    double places = -1;    // -1: no capacity given
    double shortfall = 0;  // upper end of the interval minus places, when positive
};

struct RunResult {
    std::vector<ReplicateResult> replicates;
    std::vector<ProjectionRow> projection;  // empty unless the run is a projection
    int threads = 0;
    double seconds = 0;
    std::uint64_t child_years = 0;
};

struct Provenance {
    std::uint64_t seed = 0;
    int replicates = 0;
    int threads = 0;
    std::string code_version;
    std::string command_line;
};

void write_results(const std::string& path, const scenario::Scenario& s, const Provenance& prov, const RunResult& run);

// Library versions as stored in the provenance (name, version).
std::vector<std::pair<std::string, std::string>> library_versions();

}  // namespace pathways::io
