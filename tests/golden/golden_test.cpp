// The golden safety net: a shipped scenario, run with a fixed seed, must give exactly the pinned
// transition checksums, outcome tables, year records, per-child microdata and headline figures of
// tests/golden/<name>.golden. A refactor leaves every line unchanged; a change to a rule of the
// model updates the golden files in the same commit (scripts/golden.sh) and says why.
//
//   pathways_golden_tests SCENARIO.toml GOLDEN [--projection FROM TO] [--threads N] [--simd LEVEL] [--update]
//
// The files are written on 2 threads with the processor's own vector instructions; any other
// thread count, and any level of vector instructions (baseline, avx2, avx512) the processor has,
// must give the same lines. A level it lacks exits 77 (CTest: skipped).
//
// Exit 0 when the run matches (or --update wrote the file), 1 with the differing lines otherwise.
#include "engine/projection.hpp"
#include "engine/run.hpp"
#include "model/simd.hpp"
#include "scenario/scenario.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace pathways;

constexpr std::uint64_t kSeed = 20261206;
constexpr int kReplicates = 2;

// FNV-1a over bytes: a digest of a table, exact to the bit.
struct Digest {
    std::uint64_t h = 0xcbf29ce484222325ull;
    void bytes(const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (std::size_t k = 0; k < n; ++k) h = (h ^ b[k]) * 0x100000001b3ull;
    }
    template <class T>
    void values(const std::vector<T>& v) {
        const std::uint64_t n = v.size();
        bytes(&n, sizeof n);
        if (!v.empty()) bytes(v.data(), v.size() * sizeof(T));
    }
    void text(const std::string& s) { values(std::vector<char>(s.begin(), s.end())); }
};

std::string hex(std::uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}

std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::vector<std::string> golden_lines(const std::string& path, const std::vector<std::string>& overrides, int from, int to,
                                      int threads) {
    const scenario::Scenario s = scenario::load_scenario(path, overrides);
    engine::RunOptions options;
    options.replicates = kReplicates;
    options.seed = kSeed;
    options.threads = threads;
    options.microdata = true;
    io::RunResult run = engine::run_scenario(s, options);
    if (from > 0) run.projection = engine::projection_rows(run, s.params, from, to);

    std::vector<std::string> lines;
    lines.push_back("# scenario " + s.name + ", seed " + std::to_string(kSeed) + ", " + std::to_string(kReplicates) +
                    " replicates; regenerate with scripts/golden.sh");
    for (const auto& r : run.replicates) {
        const std::string rep = "replicate " + std::to_string(r.replicate) + " ";
        lines.push_back(rep + "transitions " + hex(r.checksum));
        lines.push_back(rep + "child_years " + std::to_string(r.child_years));
        Digest outcomes;
        for (const auto* keys : {&r.outcomes.birth_year, &r.outcomes.parent_edu, &r.outcomes.home_language, &r.outcomes.income_group,
                                 &r.outcomes.district})
            outcomes.values(*keys);
        for (std::size_t c = 0; c < r.outcomes.counts.size(); ++c) {
            outcomes.text(r.outcomes.count_names[c]);
            outcomes.values(r.outcomes.counts[c]);
        }
        for (std::size_t c = 0; c < r.outcomes.sums.size(); ++c) {
            outcomes.text(r.outcomes.sum_names[c]);
            outcomes.values(r.outcomes.sums[c]);
        }
        lines.push_back(rep + "outcome_table " + hex(outcomes.h));
        Digest years;
        for (const auto& y : r.years) {
            years.bytes(&y.year, sizeof y.year);
            years.values(y.enrolment);
            years.values(y.residents_by_age);
            years.values(y.pupils);
            years.values(y.events);
            for (const double v : {y.primary_dissimilarity, y.secondary_dissimilarity, y.library_cost})
                years.bytes(&v, sizeof v);
            years.bytes(&y.library_schools, sizeof y.library_schools);
        }
        lines.push_back(rep + "year_records " + hex(years.h));
        for (std::size_t c = 0; c < r.microdata.int_names.size(); ++c) {
            Digest d;
            d.values(r.microdata.int_columns[c]);
            lines.push_back(rep + "microdata " + r.microdata.int_names[c] + " " + hex(d.h));
        }
        for (std::size_t c = 0; c < r.microdata.names.size(); ++c) {
            Digest d;
            d.values(r.microdata.float_columns[c]);
            lines.push_back(rep + "microdata " + r.microdata.names[c] + " " + hex(d.h));
        }
        for (const auto& [id, e] : r.indicators)
            lines.push_back(rep + "indicator " + id + " " + exact(e.percent) + " of " + exact(e.denominator));
    }
    for (const auto& row : run.projection) {
        if (row.district >= 0) continue;  // the city's rows; the districts' are in the year records' digest
        lines.push_back("projection " + std::to_string(row.year) + " " + row.school_type + " " + exact(row.mean) + " [" +
                        exact(row.ci_low) + ", " + exact(row.ci_high) + "]");
    }
    return lines;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: pathways_golden_tests SCENARIO.toml GOLDEN [--projection FROM TO] [--threads N] [--simd LEVEL] [--update]\n";
        return 2;
    }
    const std::string scenario_path = argv[1], golden_path = argv[2];
    bool update = false;
    int from = 0, to = 0, threads = 2;
    for (int k = 3; k < argc; ++k) {
        if (std::strcmp(argv[k], "--update") == 0) update = true;
        else if (std::strcmp(argv[k], "--projection") == 0 && k + 2 < argc) {
            from = std::stoi(argv[++k]);
            to = std::stoi(argv[++k]);
        } else if (std::strcmp(argv[k], "--threads") == 0 && k + 1 < argc) {
            threads = std::stoi(argv[++k]);
        } else if (std::strcmp(argv[k], "--simd") == 0 && k + 1 < argc) {
            const auto wanted = model::simd_level_from_word(argv[++k]);
            if (static_cast<int>(wanted) > static_cast<int>(model::host_simd_level())) {
                std::cout << "golden: this processor has no " << model::simd_level_name(wanted) << "; skipped\n";
                return 77;
            }
            model::force_simd_level(wanted);
        } else {
            std::cerr << "pathways_golden_tests: unknown argument " << argv[k] << "\n";
            return 2;
        }
    }
    std::vector<std::string> overrides;
    if (from > 0) {  // as `pathways project --from FROM --to TO`
        overrides.push_back("projection.start_year=" + std::to_string(from));
        overrides.push_back("population.first_birth_year=" + std::to_string(from - 18));
        overrides.push_back("population.birth_cohorts=" + std::to_string(to - (from - 18) + 1));
    }
    std::vector<std::string> got;
    try {
        got = golden_lines(scenario_path, overrides, from, to, threads);
    } catch (const std::exception& e) {
        std::cerr << "golden: " << scenario_path << ": " << e.what() << "\n";
        return 1;
    }
    if (update) {
        std::ofstream out(golden_path);
        for (const auto& l : got) out << l << "\n";
        if (!out) {
            std::cerr << "golden: cannot write " << golden_path << "\n";
            return 1;
        }
        return 0;
    }
    std::ifstream in(golden_path);
    if (!in) {
        std::cerr << "golden: " << golden_path << " is missing; scripts/golden.sh writes it\n";
        return 1;
    }
    std::vector<std::string> want;
    for (std::string l; std::getline(in, l);) want.push_back(l);
    int differences = 0;
    const std::size_t n = std::max(want.size(), got.size());
    for (std::size_t k = 0; k < n; ++k) {
        const std::string w = k < want.size() ? want[k] : "(none)", g = k < got.size() ? got[k] : "(none)";
        if (w == g) continue;
        if (++differences <= 20) std::cerr << golden_path << ":" << k + 1 << ":\n  pinned: " << w << "\n  now:    " << g << "\n";
    }
    if (differences > 0) {
        std::cerr << "golden: " << differences << " of " << n << " lines differ from " << golden_path
                  << ". A refactor must leave them unchanged; a change to a rule regenerates them with scripts/golden.sh"
                     " and says why in the commit message.\n";
        return 1;
    }
    std::cout << "golden: " << scenario_path << " matches " << golden_path << " (" << n << " lines)\n";
    return 0;
}
