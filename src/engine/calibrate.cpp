#include "engine/calibrate.hpp"
#include "engine/calibration_text.hpp"

#include "engine/run.hpp"
#include "io/h5.hpp"
#include "model/indicators.hpp"
#include "model/schema.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace pathways::engine {

using calibration_text::fixed;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A target the model left undefined (an empty denominator) adds this to S, so the optimiser
// moves away from such parameters instead of stopping on a NaN.
constexpr double kUndefinedPenalty = 1e4;

std::string hex(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", v);
    return buf;
}

std::uint64_t fnv1a(std::uint64_t h, const std::string& s) {
    for (const unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return (h ^ 0xff) * 1099511628211ull;  // a separator, so "ab"+"c" differs from "a"+"bc"
}

std::string duration(double s) {
    if (!std::isfinite(s) || s < 0) return "?";
    const long t = std::lround(s);
    std::ostringstream o;
    if (t >= 3600) o << t / 3600 << "h" << std::setw(2) << std::setfill('0') << (t % 3600) / 60 << "m";
    else if (t >= 60) o << t / 60 << "m" << std::setw(2) << std::setfill('0') << t % 60 << "s";
    else o << t << "s";
    return o.str();
}

// Eigen-decomposition of a symmetric matrix (cyclic Jacobi; n is the number of fitted
// parameters, a handful). Returns eigenvalues; `vectors` gets them as columns, row-major n x n.
std::vector<double> symmetric_eigen(std::vector<double> a, std::size_t n, std::vector<double>& vectors) {
    vectors.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) vectors[i * n + i] = 1;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) off += a[i * n + j] * a[i * n + j];
        if (off < 1e-30) break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::abs(apq) < 1e-300) continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
                    vectors[k * n + p] = c * vkp - s * vkq;
                    vectors[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = a[i * n + i];
    return values;
}

// One simulated result: per term (NaN for the terms of configurations not run).
struct Outcome {
    std::vector<double> simulated, se;
    double statistic = kNaN;
    double seconds = 0;
    bool this_run = false;  // simulated by this run (not read from the journal of an earlier one)
};

class Journal {
public:
    Journal(const std::string& path, std::uint64_t fingerprint, std::size_t n, std::size_t terms)
        : path_(path), n_(n), terms_(terms) {
        if (path.empty()) return;
        std::ostringstream header;
        header << "pathways calibrate journal 1 fingerprint " << std::hex << fingerprint;
        const std::string expected = header.str();
        std::ifstream in(path);
        const std::string text = in ? std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()) : "";
        if (!text.empty()) {  // (an empty file: a run killed before its first record was written)
            std::stringstream lines(text);
            std::string first;
            std::getline(lines, first);
            if (first != expected)
                throw scenario::ScenarioError(
                    path + ": this journal belongs to another calibration (the calibration file, a scenario it runs, the "
                           "targets file or the program changed since it was written); it cannot be resumed: remove it "
                           "or write to another --out folder");
            // only whole lines: an interrupted write leaves at most a torn last line
            std::size_t whole = text.rfind('\n');
            std::string line;
            std::size_t at = first.size() + 1;
            while (at < text.size() && at <= whole) {
                const std::size_t end = text.find('\n', at);
                line = text.substr(at, end - at);
                at = end + 1;
                parse(line);
            }
            fresh_ = false;
        } else if (in) {
            in.close();
            std::remove(path.c_str());
        }
        header_ = expected;
    }
    ~Journal() {
        if (fd_ >= 0) ::close(fd_);
    }
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    const Outcome* find(const std::string& set, const std::vector<double>& x) const {
        const auto it = cache_.find({set, x});
        return it == cache_.end() ? nullptr : &it->second;
    }
    void record(const std::string& set, const std::vector<double>& x, const Outcome& o) {
        Outcome mine = o;
        mine.this_run = true;
        cache_[{set, x}] = mine;
        if (path_.empty()) return;
        if (fd_ < 0) open_for_append();
        std::ostringstream line;
        line << set << ' ' << x.size();
        for (const double v : x) line << ' ' << hex(v);
        line << ' ' << o.simulated.size();
        for (std::size_t t = 0; t < o.simulated.size(); ++t) line << ' ' << hex(o.simulated[t]) << ' ' << hex(o.se[t]);
        line << ' ' << hex(o.statistic) << ' ' << hex(o.seconds) << '\n';
        append(line.str());
    }
    std::size_t size() const { return cache_.size(); }

private:
    // Opened at the first record, so a calibration that fails before its first evaluation
    // finishes leaves no journal that would then refuse the corrected file.
    void open_for_append() {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd_ < 0) throw std::runtime_error("cannot write the journal " + path_ + ": " + std::strerror(errno));
        if (fresh_) {
            append(header_ + "\n");
        } else {
            // a torn last line is cut off, so the next record starts on a line of its own
            std::ifstream again(path_);
            const std::string text((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
            const auto whole = text.rfind('\n');
            if (whole != std::string::npos && whole + 1 < text.size() && ::ftruncate(fd_, static_cast<off_t>(whole + 1)) != 0)
                throw std::runtime_error("cannot repair the journal " + path_ + ": " + std::strerror(errno));
        }
    }
    void append(const std::string& s) {
        // one write of the whole line, then to disk: a crash loses at most the line being written
        if (::write(fd_, s.data(), s.size()) != static_cast<ssize_t>(s.size()) || ::fsync(fd_) != 0)
            throw std::runtime_error("cannot write the journal " + path_ + ": " + std::strerror(errno));
    }
    void parse(const std::string& line) {
        std::stringstream in(line);
        std::string set;
        std::size_t n = 0, m = 0;
        if (!(in >> set >> n) || n != n_) return;
        auto number = [&](double& v) {
            std::string w;
            if (!(in >> w)) return false;
            char* end = nullptr;
            v = std::strtod(w.c_str(), &end);
            return end && *end == '\0';
        };
        std::vector<double> x(n);
        for (auto& v : x)
            if (!number(v)) return;
        if (!(in >> m) || m != terms_) return;
        Outcome o;
        o.simulated.resize(m);
        o.se.resize(m);
        for (std::size_t t = 0; t < m; ++t)
            if (!number(o.simulated[t]) || !number(o.se[t])) return;
        if (!number(o.statistic) || !number(o.seconds)) return;
        cache_[{set, x}] = o;
    }
    std::string path_;
    std::size_t n_, terms_;
    std::string header_;
    int fd_ = -1;
    bool fresh_ = true;
    std::map<std::pair<std::string, std::vector<double>>, Outcome> cache_;
};

nlopt::algorithm nlopt_algorithm(const std::string& name) {
    if (name == "bobyqa") return nlopt::LN_BOBYQA;
    if (name == "neldermead") return nlopt::LN_NELDERMEAD;
    if (name == "crs2") return nlopt::GN_CRS2_LM;
    if (name == "isres") return nlopt::GN_ISRES;
    throw std::invalid_argument("unknown algorithm " + name);
}

std::string nlopt_reason(nlopt::result r) {
    switch (r) {
        case nlopt::SUCCESS: return "finished";
        case nlopt::STOPVAL_REACHED: return "statistic reached its stop value";
        case nlopt::FTOL_REACHED: return "converged: relative change of S below relative_tolerance";
        case nlopt::XTOL_REACHED: return "converged: relative change of the parameters below relative_tolerance";
        case nlopt::MAXEVAL_REACHED: return "stopped at max_evaluations";
        case nlopt::MAXTIME_REACHED: return "stopped at the time limit";
        case nlopt::ROUNDOFF_LIMITED: return "stopped: roundoff limited";
        case nlopt::FORCED_STOP: return "stopped";
        default: return "failed (NLopt code " + std::to_string(static_cast<int>(r)) + ")";
    }
}

}  // namespace

CalibrationProblem load_calibration_problem(scenario::CalibrationFile file) {
    CalibrationProblem p;
    for (const auto& c : file.configurations) p.scenarios.push_back(scenario::load_scenario(c.scenario, c.overrides));
    p.file = std::move(file);
    return p;
}

std::vector<CalibrationTerm> calibration_terms(const CalibrationProblem& p) {
    std::vector<CalibrationTerm> terms;
    for (std::size_t c = 0; c < p.file.configurations.size(); ++c)
        for (const auto& id : p.file.configurations[c].targets) {
            const auto& t = p.file.targets.at(id);
            terms.push_back({c, id, t.quantity, t.value, t.tolerance, p.file.configurations[c].fit});
        }
    return terms;
}

double standardised_error(double simulated, double published, double tolerance, double se) {
    return (simulated - published) / std::sqrt(tolerance * tolerance + se * se);
}

std::vector<double> parameter_values(const CalibrationProblem& p, const std::vector<double>& x) {
    std::vector<double> v(x.size());
    for (std::size_t j = 0; j < x.size(); ++j) {
        const auto& fp = p.file.parameters[j];
        v[j] = fp.lower + std::clamp(x[j], 0.0, 1.0) * (fp.upper - fp.lower);
    }
    return v;
}

model::Params configuration_params(const CalibrationProblem& p, std::size_t configuration,
                                   const std::vector<double>& values, int replicate) {
    model::Params params = scenario::replicate_params(p.scenarios[configuration], p.file.seed, replicate);
    for (std::size_t j = 0; j < values.size(); ++j) {
        const auto& fp = p.file.parameters[j];
        const model::ParamSpec* spec = model::find_param(fp.key);
        if (fp.index < 0) {
            spec->set(params, values[j]);
        } else {
            auto list = std::get<std::vector<double>>(spec->get(params));
            if (static_cast<std::size_t>(fp.index) >= list.size())
                throw scenario::ScenarioError(p.file.path + ":" + std::to_string(fp.line) + ": parameter " + fp.name +
                                              ": configuration '" + p.file.configurations[configuration].name + "' has " +
                                              std::to_string(list.size()) + " elements in " + fp.key);
            list[static_cast<std::size_t>(fp.index)] = values[j];
            spec->set(params, list);
        }
    }
    if (const auto problem = model::check_consistency(params))
        throw scenario::ScenarioError(p.file.path + ": configuration '" + p.file.configurations[configuration].name +
                                      "' with the fitted values: " + *problem);
    return params;
}

CalibrationResult calibrate(const CalibrationProblem& p, const CalibrateOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const auto& file = p.file;
    const std::size_t n = file.parameters.size();
    CalibrationResult r;
    r.terms = calibration_terms(p);
    const std::size_t m = r.terms.size();
    const int max_evaluations = options.max_evaluations > 0 ? options.max_evaluations : file.max_evaluations;

    // The journal's fingerprint: everything that decides an evaluation's result.
    std::uint64_t fp = 14695981039346656037ull;
    fp = fnv1a(fp, file.text);
    fp = fnv1a(fp, options.version);
    for (const auto& s : p.scenarios) {
        for (const auto& f : s.files) fp = fnv1a(fnv1a(fp, f.path), f.text);
        for (const auto& o : s.overrides) fp = fnv1a(fp, o);
    }
    for (const auto& t : r.terms) fp = fnv1a(fnv1a(fnv1a(fp, t.id), hex(t.published)), hex(t.tolerance));
    Journal journal(options.journal, fp, n, m);

    // Simulates the configurations of one set ("fit" or "out") at scaled x.
    auto simulate = [&](const std::string& set, const std::vector<double>& x) {
        Outcome o;
        o.simulated.assign(m, kNaN);
        o.se.assign(m, kNaN);
        const auto t0 = std::chrono::steady_clock::now();
        const auto values = parameter_values(p, x);
        const int reps = file.replicates;
        for (std::size_t c = 0; c < file.configurations.size(); ++c) {
            if (file.configurations[c].fit != (set == "fit")) continue;
            std::vector<double> sum(m, 0.0), var(m, 0.0);
            for (int rep = 0; rep < reps; ++rep) {
                const auto result = run_replicate(configuration_params(p, c, values, rep), file.seed, rep, options.threads, false);
                for (std::size_t t = 0; t < m; ++t) {
                    if (r.terms[t].configuration != c) continue;
                    const auto it = result.indicators.find(r.terms[t].id);
                    if (it == result.indicators.end())
                        throw scenario::ScenarioError(
                            file.path + ":" + std::to_string(file.configurations[c].line) + ": configuration '" +
                            file.configurations[c].name + "': key 'targets': the model does not compute " + r.terms[t].id +
                            " for this configuration (docs/calibration.md lists which configuration speaks to which figure)");
                    sum[t] += it->second.percent;
                    const double se = it->second.standard_error();
                    var[t] += se * se;
                }
            }
            for (std::size_t t = 0; t < m; ++t)
                if (r.terms[t].configuration == c) {
                    o.simulated[t] = sum[t] / reps;
                    o.se[t] = std::sqrt(var[t]) / reps;  // the standard error of the mean of the replicates
                }
        }
        if (set == "fit") {
            o.statistic = 0;
            for (std::size_t t = 0; t < m; ++t) {
                if (!r.terms[t].in_fit) continue;
                const double z = standardised_error(o.simulated[t], r.terms[t].published, r.terms[t].tolerance, o.se[t]);
                o.statistic += std::isfinite(z) ? z * z : kUndefinedPenalty;
            }
        }
        o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return o;
    };
    double simulated_seconds = 0;
    double best_statistic = INFINITY;
    auto evaluate = [&](const std::string& phase, const std::vector<double>& x) -> const CalibrationEvaluation& {
        const std::string set = phase == "out_of_sample" ? "out" : "fit";
        CalibrationEvaluation e;
        e.phase = phase;
        e.x = x;
        e.values = parameter_values(p, x);
        Outcome o;
        if (const Outcome* cached = journal.find(set, x)) {
            o = *cached;
            e.replayed = !cached->this_run;
        } else {
            o = simulate(set, x);
            journal.record(set, x, o);
            e.seconds = o.seconds;
            simulated_seconds += o.seconds;
            ++r.simulated;
        }
        e.simulated = o.simulated;
        e.standard_error = o.se;
        e.statistic = o.statistic;
        r.evaluations.push_back(e);
        if ((phase == "start" || phase == "fit") && e.statistic < best_statistic) best_statistic = e.statistic;
        return r.evaluations.back();
    };
    auto report = [&](const CalibrationEvaluation& e, const std::string& what, int remaining) {
        if (!options.progress) return;
        std::ostringstream line;
        line << "pathways calibrate: " << what;
        if (!std::isnan(e.statistic)) line << "  S " << fixed(e.statistic, 2) << "  best " << fixed(best_statistic, 2);
        if (e.replayed) line << "  (from the journal)";
        else if (e.seconds == 0) line << "  (a point already simulated)";
        else line << "  " << fixed(e.seconds, 1) << " s";
        if (r.simulated > 0 && remaining > 0)
            line << "  ETA " << duration(simulated_seconds / r.simulated * remaining);
        std::cerr << line.str() + "\n";
    };

    // The start: each parameter's start, or its value in the first fitted configuration.
    std::vector<double> x0(n);
    {
        std::size_t first = 0;
        while (!file.configurations[first].fit) ++first;
        for (std::size_t j = 0; j < n; ++j) {
            const auto& fp2 = file.parameters[j];
            double v;
            if (fp2.start) v = *fp2.start;
            else {
                const auto value = model::find_param(fp2.key)->get(p.scenarios[first].params);
                v = fp2.index < 0 ? std::get<double>(value)
                                  : std::get<std::vector<double>>(value).at(static_cast<std::size_t>(fp2.index));
            }
            x0[j] = std::clamp((v - fp2.lower) / (fp2.upper - fp2.lower), 0.0, 1.0);
        }
    }
    const int n_jacobian = static_cast<int>(n);
    const bool any_out = std::any_of(file.configurations.begin(), file.configurations.end(),
                                     [](const scenario::FitConfiguration& c) { return !c.fit; });
    const int extra = n_jacobian + (any_out ? 2 : 0);
    r.start = r.evaluations.size();
    report(evaluate("start", x0), "start", max_evaluations + extra);

    // The optimiser. Exceptions inside the objective stop NLopt and are rethrown here (NLopt's
    // C++ wrapper would otherwise turn them into a bare failure code).
    std::exception_ptr failure;
    nlopt::opt opt(nlopt_algorithm(file.algorithm), static_cast<unsigned>(n));
    nlopt::srand(file.seed);  // the global algorithms' random draws: the same fit for the same seed
    opt.set_lower_bounds(std::vector<double>(n, 0.0));
    opt.set_upper_bounds(std::vector<double>(n, 1.0));
    opt.set_maxeval(max_evaluations);
    opt.set_ftol_rel(file.relative_tolerance);
    opt.set_xtol_rel(file.relative_tolerance);
    opt.set_initial_step(0.2);  // a fifth of each range: steps larger than the Monte Carlo ripple
    struct Context {
        std::function<double(const std::vector<double>&)> f;
    } context;
    context.f = [&](const std::vector<double>& x) -> double {
        try {
            ++r.optimiser_evaluations;
            const auto& e = evaluate("fit", x);
            report(e, "evaluation " + std::to_string(r.optimiser_evaluations) + " of " + std::to_string(max_evaluations),
                   max_evaluations - r.optimiser_evaluations + extra);
            return e.statistic;
        } catch (...) {
            failure = std::current_exception();
            opt.force_stop();
            return HUGE_VAL;
        }
    };
    opt.set_min_objective(
        [](const std::vector<double>& x, std::vector<double>&, void* data) { return static_cast<Context*>(data)->f(x); },
        &context);
    std::vector<double> x = x0;
    double f = 0;
    nlopt::result status = nlopt::FAILURE;
    try {
        status = opt.optimize(x, f);
    } catch (const nlopt::roundoff_limited&) {
        status = nlopt::ROUNDOFF_LIMITED;
    } catch (const nlopt::forced_stop&) {
        status = nlopt::FORCED_STOP;
    } catch (const std::runtime_error&) {
        if (!failure) throw;
    }
    if (failure) std::rethrow_exception(failure);
    r.stop_reason = nlopt_reason(status);

    // The best evaluation the optimiser saw (the start included).
    r.best = r.start;
    for (std::size_t k = 0; k < r.evaluations.size(); ++k)
        if (r.evaluations[k].statistic < r.evaluations[r.best].statistic) r.best = k;
    const std::vector<double> best_x = r.evaluations[r.best].x;
    const std::vector<double> best_sim = r.evaluations[r.best].simulated, best_se = r.evaluations[r.best].standard_error;

    // Identifiability: the Jacobian of the standardised errors of the fitted targets with
    // respect to the scaled parameters, by one-sided differences (away from a bound).
    auto& id = r.identifiability;
    std::vector<std::size_t> fitted;
    for (std::size_t t = 0; t < m; ++t)
        if (r.terms[t].in_fit) fitted.push_back(t);
    const std::size_t mf = fitted.size();
    id.jacobian.assign(mf * n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        std::vector<double> xs = best_x;
        const double h = xs[j] + id.step <= 1 ? id.step : -id.step;
        xs[j] += h;
        const auto& e = evaluate("jacobian", xs);
        report(e, "identifiability " + std::to_string(j + 1) + " of " + std::to_string(n),
               static_cast<int>(n - j - 1) + (any_out ? 2 : 0));
        for (std::size_t i = 0; i < mf; ++i) {
            const auto& term = r.terms[fitted[i]];
            const double z1 = standardised_error(e.simulated[fitted[i]], term.published, term.tolerance, best_se[fitted[i]]);
            const double z0 = standardised_error(best_sim[fitted[i]], term.published, term.tolerance, best_se[fitted[i]]);
            const double d = (z1 - z0) / h;
            id.jacobian[i * n + j] = std::isfinite(d) ? d : 0.0;
        }
    }
    std::vector<double> jtj(n * n, 0.0), vectors;
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            for (std::size_t i = 0; i < mf; ++i) jtj[a * n + b] += id.jacobian[i * n + a] * id.jacobian[i * n + b];
    const auto eigen = symmetric_eigen(jtj, n, vectors);
    double largest = 0;
    for (const double v : eigen) largest = std::max(largest, v);
    for (const double v : eigen) id.singular_values.push_back(std::sqrt(std::max(v, 0.0)));
    std::sort(id.singular_values.rbegin(), id.singular_values.rend());
    // Var(x_j) = sum_k V_jk^2 / lambda_k: a direction the targets do not see (lambda ~ 0) that
    // involves x_j leaves x_j undetermined.
    for (std::size_t j = 0; j < n; ++j) {
        double var = 0;
        bool undetermined = false;
        for (std::size_t k = 0; k < n; ++k) {
            const double w = vectors[j * n + k] * vectors[j * n + k];
            if (eigen[k] <= 1e-10 * std::max(largest, 1e-300)) {
                if (w > 1e-6) undetermined = true;
            } else {
                var += w / eigen[k];
            }
        }
        const double se_scaled = undetermined || largest <= 0 ? INFINITY : std::sqrt(var);
        id.standard_error_scaled.push_back(se_scaled);
        id.standard_error.push_back(se_scaled * (file.parameters[j].upper - file.parameters[j].lower));
        id.identifiable.push_back(se_scaled <= file.identifiability_fraction);
    }

    if (any_out) {
        r.start_out = r.evaluations.size();
        report(evaluate("out_of_sample", x0), "out of sample at the start", 1);
        r.best_out = r.evaluations.size();
        report(evaluate("out_of_sample", best_x), "out of sample at the best", 0);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace pathways::engine
