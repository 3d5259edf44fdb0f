// `pathways sensitivity`: Morris screening and Sobol indices of the model's outcomes (or of a
// policy's paired difference against its baseline) with respect to the parameters of a
// sensitivity file. Every sample is one model run with the same seed and replicate (common random
// numbers: the children and their draws are the same in every sample, so outputs differ only
// through the parameters). Samples run in parallel, one per worker; each finished sample is
// appended to a journal (<out>.journal) so an interrupted analysis resumes where it stopped and
// ends bit-identical to an uninterrupted one; a journal written for other inputs is refused.
#pragma once

#include "scenario/sensitivity_file.hpp"

#include <cstddef>
#include <string>

namespace pathways::engine {

struct SensitivityOptions {
    int threads = 0;        // 0 = all cores; results do not depend on it
    std::string out;        // "" = the file's out, else output/<file stem>.h5
    bool progress = false;  // progress bar with ETA on stderr
    std::string code_version;
    std::string command_line;
};

struct SensitivityReport {
    std::string out;
    std::size_t evaluations = 0;         // model evaluations of the design (one sample = one or two runs)
    std::size_t evaluations_run = 0, evaluations_loaded = 0;
    std::size_t parameters = 0, outputs = 0;
    double seconds = 0;                  // this process's time
    double samples_per_second = 0;       // evaluations run / seconds spent running them
    std::size_t child_years = 0;         // per sample (baseline and policy together)
};

// The output file of a sensitivity file: options.out, else the file's out, else
// output/<stem>.h5 beside the current folder.
std::string sensitivity_output(const scenario::SensitivityFile& f, const std::string& out_option);

// Runs the analysis and writes the output file. Throws BatchError (engine/batch.hpp) for inputs
// that cannot be analysed, naming the file and line where it can.
SensitivityReport run_sensitivity(const scenario::SensitivityFile& f, const SensitivityOptions& options);

}  // namespace pathways::engine
