// The files a calibration leaves in its folder (docs/calibration.md, "Output"): every evaluation
// in calibration.h5, the fit table as CSV, the calibrated scenario with only the fitted keys, and
// the summary printed at the end.
#include "engine/calibrate.hpp"
#include "engine/calibration_text.hpp"

#include "io/h5.hpp"
#include "model/schema.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace pathways::engine {

namespace fs = std::filesystem;
using calibration_text::fixed;
using calibration_text::today;

namespace {

// A 2-D dataset of doubles (rows x cols).
void write_matrix(hid_t group, const std::string& name, const std::vector<double>& data, std::size_t rows, std::size_t cols) {
    const hsize_t dims[2] = {rows, cols};
    io::h5::Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a dataspace for " + name);
    io::h5::Handle ds(H5Dcreate2(group, name.c_str(), H5T_NATIVE_DOUBLE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      H5Dclose, "create dataset " + name);
    if (rows * cols > 0 && H5Dwrite(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
        throw io::h5::Error("cannot write dataset " + name + io::h5::reason());
}

// Writes text under a temporary name in the same folder, flushes it and renames it.
void write_text_atomically(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int why = ok ? errno : err;
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(why));
    }
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string number(double v) {
    if (std::isnan(v)) return "";
    std::ostringstream o;
    o.precision(10);
    o << v;
    return o.str();
}

}  // namespace

CalibrationOutputs write_calibration_outputs(const std::string& dir, const CalibrationProblem& p,
                                             const CalibrationResult& r, const std::string& version,
                                             const std::string& command_line) {
    const auto& file = p.file;
    const std::size_t n = file.parameters.size(), m = r.terms.size();
    const auto& start = r.evaluations[r.start];
    const auto& best = r.evaluations[r.best];
    const std::string date = today();
    std::size_t fitted = 0;
    for (const auto& t : r.terms) fitted += t.in_fit;
    CalibrationOutputs out{(fs::path(dir) / "calibrated.toml").string(), (fs::path(dir) / "fit.csv").string(),
                           (fs::path(dir) / "calibration.h5").string()};

    // The calibrated scenario: only the fitted keys, grouped by table, each with the fit as source.
    {
        std::size_t first = 0;
        while (!file.configurations[first].fit) ++first;
        const std::string source = "fitted by pathways calibrate " + file.path + " on " + date + " (S " +
                                   fixed(start.statistic, 2) + " -> " + fixed(best.statistic, 2) + " over " +
                                   std::to_string(fitted) + " targets)";
        std::map<std::string, std::map<std::string, std::string>> tables;  // table -> key -> line
        std::map<std::string, std::vector<double>> lists;
        for (std::size_t j = 0; j < n; ++j) {
            const auto& fp2 = file.parameters[j];
            if (fp2.index < 0) continue;
            if (!lists.count(fp2.key))
                lists[fp2.key] = std::get<std::vector<double>>(model::find_param(fp2.key)->get(p.scenarios[first].params));
            lists[fp2.key][static_cast<std::size_t>(fp2.index)] = best.values[j];
        }
        for (std::size_t j = 0; j < n; ++j) {
            const auto& fp2 = file.parameters[j];
            const std::string table = fp2.key.substr(0, fp2.key.find('.')), key = fp2.key.substr(fp2.key.find('.') + 1);
            std::ostringstream value;
            value.precision(8);
            if (fp2.index < 0) {
                value << best.values[j];
            } else {
                value << '[';
                const auto& list = lists[fp2.key];
                for (std::size_t k = 0; k < list.size(); ++k) value << (k ? ", " : "") << list[k];
                value << ']';
            }
            std::string fitted_note;
            if (fp2.index >= 0) {
                for (std::size_t k = 0; k < n; ++k)
                    if (file.parameters[k].key == fp2.key)
                        fitted_note += (fitted_note.empty() ? " (elements " : ", ") + std::to_string(file.parameters[k].index);
                fitted_note += " fitted; the others as in '" + file.configurations[first].name + "')";
            }
            tables[table][key] = key + " = " + value.str() + "   # " + source + fitted_note;
        }
        std::ostringstream toml;
        toml << "# " << file.name << ": the parameters fitted by `pathways calibrate " << file.path << "`.\n"
             << "# Only the fitted keys: add extends = \"<the scenario the fit ran>\" (the first fitted configuration\n"
             << "# ran " << file.configurations[first].scenario;
        for (const auto& o : file.configurations[first].overrides) toml << " --set " << o;
        toml << ")\n"
             << "# or copy the keys into it. Fit statistic S = sum of squared standardised errors\n"
             << "# (docs/calibration.md): " << fixed(start.statistic, 3) << " at the start, " << fixed(best.statistic, 3)
             << " at the best, over " << fitted << " targets.\n\n"
             << "[scenario]\nname = \"" << file.name << "_calibrated\"\n";
        for (const auto& [table, keys] : tables) {
            toml << "\n[" << table << "]\n";
            for (const auto& [key, line] : keys) toml << line << '\n';
        }
        write_text_atomically(out.scenario, toml.str());
    }

    // The fit table.
    {
        std::ostringstream csv;
        csv << "configuration,id,quantity,published,tolerance,simulated_start,se_start,z_start,simulated_best,se_best,"
               "z_best,in_fit\n";
        for (std::size_t t = 0; t < m; ++t) {
            const auto& term = r.terms[t];
            const auto& s0 = term.in_fit ? start : r.evaluations[r.start_out];
            const auto& s1 = term.in_fit ? best : r.evaluations[r.best_out];
            csv << csv_field(file.configurations[term.configuration].name) << ',' << term.id << ',' << csv_field(term.quantity)
                << ',' << number(term.published) << ',' << number(term.tolerance) << ',' << number(s0.simulated[t]) << ','
                << number(s0.standard_error[t]) << ','
                << number(standardised_error(s0.simulated[t], term.published, term.tolerance, s0.standard_error[t])) << ','
                << number(s1.simulated[t]) << ',' << number(s1.standard_error[t]) << ','
                << number(standardised_error(s1.simulated[t], term.published, term.tolerance, s1.standard_error[t])) << ','
                << (term.in_fit ? "fit" : "out_of_sample") << '\n';
        }
        write_text_atomically(out.table, csv.str());
    }

    // Every evaluation, the targets and the parameters (docs/hdf5-layout.md, "Calibration files").
    io::h5::write_file_atomically(out.hdf5, [&](hid_t f) {
        using namespace io::h5;
        Handle g = create_group(f, "calibration");
        write_attribute(g.id(), "name", file.name);
        write_attribute(g.id(), "calibration_file", file.path);
        write_attribute(g.id(), "calibration_text", file.text);
        write_attribute(g.id(), "targets_file", file.targets_file);
        write_attribute(g.id(), "algorithm", file.algorithm);
        write_attribute(g.id(), "seed", static_cast<std::int64_t>(file.seed));
        write_attribute(g.id(), "replicates", static_cast<std::int64_t>(file.replicates));
        write_attribute(g.id(), "statistic",
                        std::string("S = sum over fitted targets of ((simulated - published) / sqrt(tolerance^2 + se^2))^2, "
                                    "se the model's Monte Carlo standard error"));
        write_attribute(g.id(), "statistic_start", start.statistic);
        write_attribute(g.id(), "statistic_best", best.statistic);
        write_attribute(g.id(), "fitted_targets", static_cast<std::int64_t>(fitted));
        write_attribute(g.id(), "start_evaluation", static_cast<std::int64_t>(r.start));
        write_attribute(g.id(), "best_evaluation", static_cast<std::int64_t>(r.best));
        write_attribute(g.id(), "stop_reason", r.stop_reason);
        write_attribute(g.id(), "code_version", version);
        write_attribute(g.id(), "command_line", command_line);
        write_attribute(g.id(), "created", date);
        write_attribute(g.id(), "seconds", r.seconds);

        Handle pg = create_group(g.id(), "parameters");
        std::vector<std::string> names, keys;
        std::vector<std::int32_t> index;
        std::vector<double> lower, upper, v0, v1;
        std::vector<std::uint8_t> identifiable;
        for (std::size_t j = 0; j < n; ++j) {
            const auto& fp2 = file.parameters[j];
            names.push_back(fp2.name);
            keys.push_back(fp2.key);
            index.push_back(fp2.index);
            lower.push_back(fp2.lower);
            upper.push_back(fp2.upper);
            v0.push_back(start.values[j]);
            v1.push_back(best.values[j]);
            identifiable.push_back(r.identifiability.identifiable[j] ? 1 : 0);
        }
        write_string_column(pg.id(), "name", names);
        write_string_column(pg.id(), "key", keys);
        write_column(pg.id(), "index", index);
        write_column(pg.id(), "lower", lower);
        write_column(pg.id(), "upper", upper);
        write_column(pg.id(), "start", v0);
        write_column(pg.id(), "best", v1);
        write_column(pg.id(), "standard_error", r.identifiability.standard_error);
        write_column(pg.id(), "standard_error_scaled", r.identifiability.standard_error_scaled);
        write_column(pg.id(), "identifiable", identifiable);
        write_attribute(pg.id(), "identifiability_fraction", file.identifiability_fraction);

        Handle ig = create_group(g.id(), "identifiability");
        std::size_t mf = 0;
        for (const auto& t : r.terms) mf += t.in_fit;
        write_matrix(ig.id(), "jacobian", r.identifiability.jacobian, mf, n);
        write_column(ig.id(), "singular_values", r.identifiability.singular_values);
        write_attribute(ig.id(), "step", r.identifiability.step);

        Handle tg = create_group(g.id(), "targets");
        std::vector<std::string> config, ids, quantity;
        std::vector<double> published, tolerance, s0, e0, z0, s1, e1, z1;
        std::vector<std::uint8_t> in_fit;
        for (std::size_t t = 0; t < m; ++t) {
            const auto& term = r.terms[t];
            const auto& a = term.in_fit ? start : r.evaluations[r.start_out];
            const auto& b = term.in_fit ? best : r.evaluations[r.best_out];
            config.push_back(file.configurations[term.configuration].name);
            ids.push_back(term.id);
            quantity.push_back(term.quantity);
            published.push_back(term.published);
            tolerance.push_back(term.tolerance);
            s0.push_back(a.simulated[t]);
            e0.push_back(a.standard_error[t]);
            z0.push_back(standardised_error(a.simulated[t], term.published, term.tolerance, a.standard_error[t]));
            s1.push_back(b.simulated[t]);
            e1.push_back(b.standard_error[t]);
            z1.push_back(standardised_error(b.simulated[t], term.published, term.tolerance, b.standard_error[t]));
            in_fit.push_back(term.in_fit ? 1 : 0);
        }
        write_string_column(tg.id(), "configuration", config);
        write_string_column(tg.id(), "id", ids);
        write_string_column(tg.id(), "quantity", quantity);
        write_column(tg.id(), "published", published);
        write_column(tg.id(), "tolerance", tolerance);
        write_column(tg.id(), "simulated_start", s0);
        write_column(tg.id(), "se_start", e0);
        write_column(tg.id(), "z_start", z0);
        write_column(tg.id(), "simulated_best", s1);
        write_column(tg.id(), "se_best", e1);
        write_column(tg.id(), "z_best", z1);
        write_column(tg.id(), "in_fit", in_fit);

        Handle eg = create_group(g.id(), "evaluations");
        const std::size_t e = r.evaluations.size();
        std::vector<std::string> phase;
        std::vector<double> statistic, seconds, x, values, sim, se;
        std::vector<std::uint8_t> replayed;
        for (const auto& ev : r.evaluations) {
            phase.push_back(ev.phase);
            statistic.push_back(ev.statistic);
            seconds.push_back(ev.seconds);
            replayed.push_back(ev.replayed ? 1 : 0);
            x.insert(x.end(), ev.x.begin(), ev.x.end());
            values.insert(values.end(), ev.values.begin(), ev.values.end());
            sim.insert(sim.end(), ev.simulated.begin(), ev.simulated.end());
            se.insert(se.end(), ev.standard_error.begin(), ev.standard_error.end());
        }
        write_string_column(eg.id(), "phase", phase);
        write_column(eg.id(), "statistic", statistic);
        write_column(eg.id(), "seconds", seconds);
        write_column(eg.id(), "replayed", replayed);
        write_matrix(eg.id(), "scaled", x, e, n);
        write_matrix(eg.id(), "values", values, e, n);
        write_matrix(eg.id(), "simulated", sim, e, m);
        write_matrix(eg.id(), "standard_error", se, e, m);
    });
    return out;
}

std::string calibration_summary(const CalibrationProblem& p, const CalibrationResult& r) {
    const auto& file = p.file;
    const auto& start = r.evaluations[r.start];
    const auto& best = r.evaluations[r.best];
    std::size_t fitted = 0;
    for (const auto& t : r.terms) fitted += t.in_fit;
    std::ostringstream o;
    o << "fit statistic S = sum ((simulated - published) / sqrt(tolerance^2 + se^2))^2 over " << fitted << " targets: "
      << fixed(start.statistic, 3) << " at the start, " << fixed(best.statistic, 3) << " at the best (evaluation "
      << r.best << ", counting the start as 0; the optimiser " << r.stop_reason << ")\n";
    o << "parameters (best +/- approximate standard error from the Jacobian at the best):\n";
    for (std::size_t j = 0; j < file.parameters.size(); ++j) {
        const auto& fp2 = file.parameters[j];
        o << "  " << std::left << std::setw(44) << fp2.name << std::right << " start " << std::setw(9) << fixed(start.values[j], 4)
          << "  best " << std::setw(9) << fixed(best.values[j], 4) << " +/- " << std::setw(8)
          << fixed(r.identifiability.standard_error[j], 4) << "  [" << fp2.lower << ", " << fp2.upper << "]"
          << (r.identifiability.identifiable[j] ? "" : "  not identifiable from these targets") << '\n';
    }
    o << "singular values of the Jacobian:";
    for (const double s : r.identifiability.singular_values) o << ' ' << fixed(s, 3);
    o << '\n';
    for (const bool in_fit : {true, false}) {
        bool header = false;
        for (std::size_t t = 0; t < r.terms.size(); ++t) {
            const auto& term = r.terms[t];
            if (term.in_fit != in_fit) continue;
            const auto& a = in_fit ? start : r.evaluations[r.start_out];
            const auto& b = in_fit ? best : r.evaluations[r.best_out];
            if (!header) {
                o << (in_fit ? "fitted targets" : "out of sample (not in the fit)")
                  << ": id, published +/- tolerance, simulated at start (z), simulated at best (z), configuration\n";
                header = true;
            }
            o << "  " << std::left << std::setw(11) << term.id << std::right << std::setw(8) << fixed(term.published, 2)
              << " +/- " << std::setw(5) << fixed(term.tolerance, 2) << std::setw(9) << fixed(a.simulated[t], 2) << " ("
              << std::setw(6) << fixed(standardised_error(a.simulated[t], term.published, term.tolerance, a.standard_error[t]), 2)
              << ")" << std::setw(9) << fixed(b.simulated[t], 2) << " (" << std::setw(6)
              << fixed(standardised_error(b.simulated[t], term.published, term.tolerance, b.standard_error[t]), 2) << ")  "
              << file.configurations[term.configuration].name << '\n';
        }
    }
    return o.str();
}

}  // namespace pathways::engine
