#include "engine/sensitivity.hpp"

#include "engine/batch.hpp"
#include "engine/progress.hpp"
#include "engine/run.hpp"
#include "io/h5.hpp"
#include "io/sensitivity.hpp"
#include "model/indicators.hpp"
#include "model/schema.hpp"
#include "stats/compare.hpp"
#include "stats/sensitivity.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace pathways::engine {

namespace {

namespace fs = std::filesystem;
namespace sa = stats::sensitivity;

std::uint64_t fnv1a(const std::string& s, std::uint64_t h = 1469598103934665603ull) {
    for (const unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string hex(double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%a", x);  // exact: the journal gives back the very same bits
    return b;
}

std::string hex64(std::uint64_t x) {
    char b[17];
    std::snprintf(b, sizeof b, "%016" PRIx64, x);
    return b;
}

// One output of the analysis: a headline outcome for a group, or a target indicator (whole
// population).
struct OutputDef {
    std::string outcome;
    stats::Group group;
    bool indicator = false;
};

// What one model run gives the outputs.
struct Run {
    model::OutcomeTable table;
    std::map<std::string, model::Estimate> indicators;
    std::uint64_t child_years = 0;
};

Run simulate(const model::Params& p, std::uint64_t seed, bool indicators) {
    // Replicate 0 of the seed in every sample: the same children and draws (common random numbers).
    model::World world(p, rng::StreamKey{seed, 0});
    const model::SerialExecutor exec;  // one sample per worker: the parallelism is over samples
    Run r;
    for (int year = world.first_year(); year <= world.last_year(); ++year) r.child_years += world.step(year, exec);
    r.table = model::tally_outcomes(world, exec);
    if (indicators) r.indicators = model::target_indicators(world, r.table);
    return r;
}

double output_value(const Run& r, const OutputDef& o) {
    if (o.indicator) {
        const auto it = r.indicators.find(o.outcome);
        return it == r.indicators.end() ? stats::kNaN : it->second.percent;
    }
    return stats::headline_value(r.table, o.outcome, o.group);
}

// The model as the estimators see it: parameter values in, outputs (or paired differences) out.
struct Model {
    scenario::Scenario base;
    std::optional<scenario::Scenario> policy;
    std::vector<const model::ParamSpec*> specs;
    std::vector<int> elements;
    std::vector<std::string> names;
    std::vector<OutputDef> outputs;
    std::uint64_t seed = 0;
    bool indicators = false;

    void apply(model::Params& p, std::size_t i, double value) const {
        if (elements[i] < 0) {
            specs[i]->set(p, value);
        } else {
            auto v = std::get<std::vector<double>>(specs[i]->get(p));
            v[static_cast<std::size_t>(elements[i])] = value;
            specs[i]->set(p, v);
        }
    }
    double value(const model::Params& p, std::size_t i) const {
        const auto v = specs[i]->get(p);
        if (elements[i] < 0) return std::get<double>(v);
        return std::get<std::vector<double>>(v)[static_cast<std::size_t>(elements[i])];
    }
    // The scenarios' parameters at the point; throws BatchError when they break a cross-field check.
    std::pair<model::Params, std::optional<model::Params>> params(const std::vector<double>& x) const {
        auto one = [&](const scenario::Scenario& s) {
            model::Params p = s.params;
            for (std::size_t i = 0; i < x.size(); ++i) apply(p, i, x[i]);
            if (const auto bad = model::check_consistency(p)) {
                std::string at;
                for (std::size_t i = 0; i < x.size(); ++i) at += (at.empty() ? "" : ", ") + names[i] + " = " + model::format_value(x[i]);
                throw BatchError("the sample " + at + " makes scenario '" + s.name + "' inconsistent: " + *bad +
                                 "; narrow the ranges so every combination is valid");
            }
            return p;
        };
        std::pair<model::Params, std::optional<model::Params>> r{one(base), std::nullopt};
        if (policy) r.second = one(*policy);
        return r;
    }
    std::vector<double> evaluate(const std::pair<model::Params, std::optional<model::Params>>& p, std::uint64_t* child_years) const {
        const Run b = simulate(p.first, seed, indicators);
        std::vector<double> y(outputs.size());
        for (std::size_t q = 0; q < outputs.size(); ++q) y[q] = output_value(b, outputs[q]);
        std::uint64_t cy = b.child_years;
        if (p.second) {
            const Run s = simulate(*p.second, seed, indicators);
            for (std::size_t q = 0; q < outputs.size(); ++q) y[q] = output_value(s, outputs[q]) - y[q];
            cy += s.child_years;
        }
        if (child_years) *child_years = cy;
        return y;
    }
};

// The journal of finished samples: a header line with the inputs' hash, then one line per sample,
// "stage index y_1 ... y_Q checksum", the outputs as exact hexadecimal floats and the checksum over
// the line and the sample's parameter values (a line from another design is not taken).
class Journal {
public:
    Journal(std::string path, std::string hash, std::size_t outputs) : path_(std::move(path)), hash_(std::move(hash)), Q_(outputs) {
        std::error_code ec;
        if (fs::exists(path_, ec)) load();
        // Rewritten with only its whole, valid lines (a line cut by a kill is dropped), then appended to.
        const std::string tmp = path_ + ".tmp-" + std::to_string(::getpid());
        {
            std::ofstream f(tmp, std::ios::trunc);
            f << header() << '\n';
            for (const auto& l : lines_) f << l << '\n';
            f.flush();
            if (!f) {
                fs::remove(tmp, ec);
                throw BatchError("cannot write the journal " + path_ + ": " + std::strerror(errno));
            }
        }
        if (::rename(tmp.c_str(), path_.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            fs::remove(tmp, ec);
            throw BatchError("cannot write the journal " + path_ + ": " + why);
        }
        file_ = std::fopen(path_.c_str(), "a");
        if (!file_) throw BatchError("cannot open the journal " + path_ + ": " + std::strerror(errno));
        last_sync_ = std::chrono::steady_clock::now();
    }
    ~Journal() { close(); }
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    void close() {
        if (!file_) return;
        std::fflush(file_);
        ::fdatasync(fileno(file_));
        std::fclose(file_);
        file_ = nullptr;
    }

    // The outputs journaled for the sample, if its line checks out against its parameter values.
    std::optional<std::vector<double>> find(const std::string& stage, std::size_t index, const std::vector<double>& x) const {
        const auto it = entries_.find({stage, index});
        if (it == entries_.end() || it->second.first != checksum(it->second.second, x)) return std::nullopt;
        return values(it->second.second);
    }

    void append(const std::string& stage, std::size_t index, const std::vector<double>& x, const std::vector<double>& y) {
        std::string body = stage + " " + std::to_string(index);
        for (const double v : y) body += " " + hex(v);
        const std::string line = body + " " + checksum(body, x) + "\n";
        if (std::fputs(line.c_str(), file_) < 0 || std::fflush(file_) != 0)
            throw BatchError("cannot write the journal " + path_ + ": " + std::strerror(errno));
        // on disk at least every two seconds (a power cut loses no more)
        if (const auto now = std::chrono::steady_clock::now(); now - last_sync_ > std::chrono::seconds(2)) {
            ::fdatasync(fileno(file_));
            last_sync_ = now;
        }
    }

    std::size_t loaded() const { return entries_.size(); }
    const std::string& path() const { return path_; }

private:
    std::string header() const { return "pathways-sensitivity-journal v1 " + hash_; }

    static std::string checksum(const std::string& body, const std::vector<double>& x) {
        std::uint64_t h = fnv1a(body);
        for (const double v : x) h = fnv1a(" " + hex(v), h);
        return hex64(h);
    }

    std::vector<double> values(const std::string& body) const {
        std::istringstream in(body);
        std::string stage, word;
        std::size_t index = 0;
        in >> stage >> index;
        std::vector<double> y;
        while (in >> word) y.push_back(std::strtod(word.c_str(), nullptr));
        return y;
    }

    void load() {
        std::ifstream f(path_);
        std::string line;
        if (!std::getline(f, line) || line != header())
            throw BatchError(path_ + ": this journal of finished samples was written for other inputs (the sensitivity file, a "
                                     "scenario it names or the program changed since): restore them to resume, or delete " +
                             path_ + " to start afresh");
        while (std::getline(f, line)) {
            if (f.eof()) break;  // the last line has no newline: cut by a kill, run that sample again
            const auto cut = line.rfind(' ');
            if (cut == std::string::npos) continue;
            const std::string body = line.substr(0, cut), sum = line.substr(cut + 1);
            std::istringstream in(body);
            std::string stage;
            std::size_t index = 0;
            if (!(in >> stage >> index)) continue;
            if (values(body).size() != Q_) continue;
            lines_.push_back(line);
            entries_[{stage, index}] = {sum, body};
        }
    }

    std::string path_, hash_;
    std::size_t Q_;
    std::vector<std::string> lines_;
    std::map<std::pair<std::string, std::size_t>, std::pair<std::string, std::string>> entries_;  // -> (checksum, body)
    std::FILE* file_ = nullptr;
    std::chrono::steady_clock::time_point last_sync_;
};

// Ctrl-C or SIGTERM: say where the finished samples are and how to resume, then end as the signal
// would have. The handler writes only preformatted bytes (async-signal-safe).
char g_interrupt_text[1200] = {0};
extern "C" void on_sensitivity_interrupt(int sig) {
    (void)!write(2, g_interrupt_text, std::strlen(g_interrupt_text));
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

std::string parameter_line(const scenario::SensitivityFile& f, const scenario::SensitivityParameter& p) {
    return f.path + ":" + std::to_string(p.line);
}

}  // namespace

std::string sensitivity_output(const scenario::SensitivityFile& f, const std::string& out_option) {
    if (!out_option.empty()) return out_option;
    if (!f.out.empty()) return f.out;
    return (fs::path("output") / (fs::path(f.path).stem().string() + ".h5")).string();
}

SensitivityReport run_sensitivity(const scenario::SensitivityFile& f, const SensitivityOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SensitivityReport report;
    report.out = sensitivity_output(f, options.out);
    Model m;
    m.seed = f.seed;
    m.base = scenario::load_scenario(f.scenario, f.set);
    if (!f.policy.empty()) m.policy = scenario::load_scenario(f.policy, f.set);
    for (const auto* s : {&m.base, m.policy ? &*m.policy : nullptr})
        if (s && !s->uncertain.empty())
            throw BatchError(f.path + ": scenario '" + s->name + "' has [uncertainty] ranges (" + s->uncertain.front().key +
                             "); in a sensitivity analysis list them as [[parameter]] entries instead");
    {
        // the same children in both scenarios, distinct names, an output path that can be written
        BatchSpec spec;
        spec.scenarios.push_back(m.base);
        if (m.policy) spec.scenarios.push_back(*m.policy);
        spec.out = report.out;
        validate_batch(spec);
    }
    std::vector<sa::Factor> factors;
    std::vector<io::SensitivityParameterInfo> infos;
    for (const auto& p : f.parameters) {
        m.specs.push_back(model::find_param(p.key));
        m.elements.push_back(p.element);
        m.names.push_back(p.name);
        const std::size_t i = m.specs.size() - 1;
        if (p.element >= 0) {
            const auto size = std::get<std::vector<double>>(m.specs[i]->get(m.base.params)).size();
            if (static_cast<std::size_t>(p.element) >= size)
                throw BatchError(parameter_line(f, p) + ": key 'parameter.key': " + p.key + " has " + std::to_string(size) +
                                 " elements in scenario '" + m.base.name + "' (0 to " + std::to_string(size - 1) + ")");
        }
        const double nominal = m.value(m.base.params, i);
        if (m.policy && m.value(m.policy->params, i) != nominal)
            throw BatchError(parameter_line(f, p) + ": key 'parameter.key': the policy '" + m.policy->name + "' sets " + p.name +
                             " = " + model::format_value(m.value(m.policy->params, i)) + " and the scenario '" + m.base.name +
                             "' " + model::format_value(nominal) +
                             ": a parameter the policy changes is its lever, not an assumption both share; vary another");
        const bool schema = p.prior == "schema";
        sa::Factor factor{p.name, p.lower, p.upper, nominal};
        if (schema) factor.quantile = [prior = p.schema_prior](double u) { return prior.quantile(u); };
        factors.push_back(factor);
        infos.push_back({p.name, schema ? "schema " + p.schema_prior.describe() : p.prior, p.lower, p.upper, nominal});
    }
    // The outputs: each outcome for the whole population, then for every group of each dimension;
    // target indicators for the whole population only.
    const auto& headline = stats::headline_outcomes();
    const stats::Group overall{"overall", "all", -1, -1, -1};
    for (const auto& o : f.outcomes) {
        const bool indicator = std::find(headline.begin(), headline.end(), o) == headline.end();
        m.indicators = m.indicators || indicator;
        if (indicator || stats::applies(o, overall)) m.outputs.push_back({o, overall, indicator});
        if (indicator) continue;
        for (const auto& dim : f.groups)
            for (const auto& g : stats::subgroups({dim}, m.base.params.population.district_names, {}))
                if (stats::applies(o, g)) m.outputs.push_back({o, g, false});
    }
    // One run at the scenario's values: the nominal outputs, and a check that each indicator exists.
    std::vector<double> nominal_x;
    for (const auto& fc : factors) nominal_x.push_back(fc.nominal);
    std::uint64_t cy = 0;
    const auto nominal_y = m.evaluate(m.params(nominal_x), &cy);
    report.child_years = cy;
    if (m.indicators) {
        const Run probe = simulate(m.base.params, m.seed, true);
        for (const auto& o : m.outputs)
            if (o.indicator && !probe.indicators.count(o.outcome)) {
                std::string ids;
                for (const auto& [id, e] : probe.indicators) ids += (ids.empty() ? "" : ", ") + id;
                throw BatchError(f.path + ": key 'outcomes': scenario '" + m.base.name + "' computes no indicator '" + o.outcome +
                                 "'; it computes " + ids);
            }
    }
    std::vector<io::SensitivityOutput> outputs;
    for (std::size_t q = 0; q < m.outputs.size(); ++q)
        outputs.push_back({m.outputs[q].outcome, m.outputs[q].group.kind, m.outputs[q].group.label, nominal_y[q]});
    report.parameters = factors.size();
    report.outputs = outputs.size();

    sa::Options o;
    o.method = f.method == "morris" ? sa::Method::morris : f.method == "both" ? sa::Method::both : sa::Method::sobol;
    o.base_samples = f.samples;
    o.trajectories = f.trajectories;
    o.levels = f.levels;
    o.top = f.top;
    o.bootstrap = f.bootstrap;
    o.seed = f.seed;
    report.evaluations = sa::evaluations(factors.size(), o);

    // Everything the samples' outputs depend on; the bootstrap and the output path do not count.
    std::string what = "pathways-sensitivity-v1\ncode=" + options.code_version + "\nmethod=" + f.method +
                       "\nsamples=" + std::to_string(f.samples) + "\ntrajectories=" + std::to_string(f.trajectories) +
                       "\nlevels=" + std::to_string(f.levels) + "\ntop=" + std::to_string(f.top) + "\nseed=" + std::to_string(f.seed) +
                       "\nbase=" + input_hash(m.base, f.seed, options.code_version) +
                       "\npolicy=" + (m.policy ? input_hash(*m.policy, f.seed, options.code_version) : "") + "\n";
    for (std::size_t k = 0; k < factors.size(); ++k) {
        const auto& fc = factors[k];
        what += "factor " + fc.name + " " + hex(fc.lower) + " " + hex(fc.upper) + " " + hex(fc.nominal) + "\n";
        if (infos[k].prior != "uniform") what += "prior " + infos[k].prior + "\n";  // uniform files hash as before
    }
    for (const auto& out : outputs) what += "output " + out.outcome + " " + out.group + " " + out.label + "\n";
    if (const auto dir = fs::path(report.out).parent_path(); !dir.empty()) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw BatchError("cannot create the folder " + dir.string() + ": " + ec.message());
    }
    io::h5::remove_stale_temporaries(fs::path(report.out).has_parent_path() ? fs::path(report.out).parent_path().string() : ".",
                                     fs::path(report.out).filename().string());
    Journal journal(report.out + ".journal", hex64(fnv1a(what)), outputs.size());
    report.evaluations_loaded = 0;

    const int threads = options.threads > 0 ? options.threads : default_threads();
    const oneapi::tbb::global_control allow(oneapi::tbb::global_control::max_allowed_parallelism,
                                            static_cast<std::size_t>(std::max(threads, default_threads())));
    oneapi::tbb::task_arena arena(threads);
    std::snprintf(g_interrupt_text, sizeof g_interrupt_text,
                  "\npathways: interrupted: the finished samples are kept in %s; rerun the same command to resume\n",
                  journal.path().c_str());
    const auto old_int = std::signal(SIGINT, on_sensitivity_interrupt);
    const auto old_term = std::signal(SIGTERM, on_sensitivity_interrupt);
    struct Restore {
        void (*i)(int);
        void (*t)(int);
        ~Restore() {
            std::signal(SIGINT, i);
            std::signal(SIGTERM, t);
        }
    } restore{old_int, old_term};

    double running_seconds = 0;
    const sa::Evaluate evaluate = [&](const std::string& stage, const std::vector<std::vector<double>>& points) {
        std::vector<std::vector<double>> y(points.size());
        std::vector<std::size_t> pending;
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (auto done = journal.find(stage, i, points[i])) {
                y[i] = std::move(*done);
                ++report.evaluations_loaded;
            } else {
                m.params(points[i]);  // every sample checked before any runs
                pending.push_back(i);
            }
        }
        Progress progress("pathways sensitivity " + stage, pending.size(), options.progress);
        std::mutex lock;
        const auto t0 = std::chrono::steady_clock::now();
        arena.execute([&] {
            oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, pending.size(), 1),
                                      [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
                                          for (std::size_t j = r.begin(); j != r.end(); ++j) {
                                              const std::size_t i = pending[j];
                                              auto out = m.evaluate(m.params(points[i]), nullptr);
                                              const std::lock_guard<std::mutex> g(lock);
                                              journal.append(stage, i, points[i], out);
                                              y[i] = std::move(out);
                                              progress.advance();
                                          }
                                      });
        });
        running_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        report.evaluations_run += pending.size();
        return y;
    };
    sa::Result result;
    try {
        result = sa::analyse(factors, o, evaluate);
    } catch (const std::invalid_argument& e) {
        throw BatchError(f.path + ": " + e.what());
    }
    journal.close();

    io::SensitivityData d;
    d.method = f.method;
    d.scenario = m.base.name;
    d.policy = m.policy ? m.policy->name : "";
    d.seed = f.seed;
    d.bootstrap = f.bootstrap;
    d.parameters = infos;
    d.outputs = outputs;
    d.result = std::move(result);
    d.code_version = options.code_version;
    d.command_line = options.command_line;
    d.input_text = f.text;
    d.input_path = f.path;
    for (const auto* s : {&m.base, m.policy ? &*m.policy : nullptr})
        if (s)
            for (const auto& file : s->files) d.scenario_files.emplace_back(file.path, file.text);
    d.threads = threads;
    d.evaluations_run = report.evaluations_run;
    d.evaluations_loaded = report.evaluations_loaded;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    d.seconds = report.seconds;
    report.samples_per_second = running_seconds > 0 ? static_cast<double>(report.evaluations_run) / running_seconds : 0;
    try {
        io::write_sensitivity(report.out, d);
    } catch (const io::h5::Error& e) {
        throw BatchError(std::string(e.what()) + "; the finished samples are kept in " + journal.path() +
                         ": run the same command again to resume");
    }
    std::error_code ec;
    fs::remove(journal.path(), ec);
    return report;
}

}  // namespace pathways::engine
