#include "io/sensitivity.hpp"

#include "io/h5.hpp"
#include "io/results.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pathways::io {

namespace {

using h5::Handle;
namespace sa = stats::sensitivity;

// A 2-D dataset of doubles, rows × cols, row-major (h5py reads it as a (rows, cols) array).
void write_matrix(hid_t group, const std::string& name, const std::vector<std::vector<double>>& m, std::size_t cols) {
    std::vector<double> flat;
    flat.reserve(m.size() * cols);
    for (const auto& row : m) flat.insert(flat.end(), row.begin(), row.end());
    const hsize_t dims[2] = {m.size(), cols};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create the dataspace of " + name);
    Handle ds(H5Dcreate2(group, name.c_str(), H5T_NATIVE_DOUBLE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
              "create dataset " + name);
    if (!flat.empty() && H5Dwrite(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat.data()) < 0)
        throw h5::Error("cannot write dataset " + name + h5::reason());
}

// Ranks 1.. by decreasing value within one output (NaN last).
std::vector<int> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto key = [&](std::size_t i) { return std::isfinite(v[i]) ? v[i] : -INFINITY; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    std::vector<int> r(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<int>(i + 1);
    return r;
}

}  // namespace

void write_sensitivity(const std::string& path, const SensitivityData& d) {
    h5::write_file_atomically(path, [&](hid_t file) {
        h5::write_attribute(file, "format", std::string("pathways-sensitivity"));
        h5::write_attribute(file, "format_version", static_cast<std::int64_t>(1));
        const std::size_t k = d.parameters.size(), Q = d.outputs.size();
        {
            Handle g = h5::create_group(file, "provenance");
            h5::write_attribute(g.id(), "code_version", d.code_version);
            for (const auto& [lib, version] : library_versions()) h5::write_attribute(g.id(), "version_" + lib, version);
            h5::write_attribute(g.id(), "sensitivity_file", d.input_path);
            h5::write_attribute(g.id(), "sensitivity_text", d.input_text);
            std::vector<std::string> paths, texts;
            for (const auto& [p, t] : d.scenario_files) {
                paths.push_back(p);
                texts.push_back(t);
            }
            h5::write_string_column(g.id(), "scenario_file", paths);
            h5::write_string_column(g.id(), "scenario_text", texts);
            Handle rg = h5::create_group(g.id(), "run");
            h5::write_attribute(rg.id(), "threads", static_cast<std::int64_t>(d.threads));
            h5::write_attribute(rg.id(), "command_line", d.command_line);
            h5::write_attribute(rg.id(), "seconds", d.seconds);
            h5::write_attribute(rg.id(), "evaluations_run", static_cast<std::int64_t>(d.evaluations_run));
            h5::write_attribute(rg.id(), "evaluations_loaded", static_cast<std::int64_t>(d.evaluations_loaded));
        }
        Handle s = h5::create_group(file, "sensitivity");
        h5::write_attribute(s.id(), "method", d.method);
        h5::write_attribute(s.id(), "scenario", d.scenario);
        h5::write_attribute(s.id(), "policy", d.policy);
        h5::write_attribute(s.id(), "outputs_are",
                            d.policy.empty() ? "the scenario's outcome" : "paired difference: policy minus scenario, same children and draws");
        h5::write_attribute(s.id(), "seed", static_cast<std::int64_t>(d.seed));
        h5::write_attribute(s.id(), "bootstrap", static_cast<std::int64_t>(d.bootstrap));
        h5::write_attribute(s.id(), "interval", std::string(sa::interval_statement()));
        {
            Handle g = h5::create_group(s.id(), "parameters");
            std::vector<std::string> names, priors;
            std::vector<double> lo, hi, nom;
            for (const auto& p : d.parameters) {
                names.push_back(p.name);
                priors.push_back(p.prior);
                lo.push_back(p.lower);
                hi.push_back(p.upper);
                nom.push_back(p.nominal);
            }
            h5::write_string_column(g.id(), "name", names);
            h5::write_string_column(g.id(), "prior", priors);
            h5::write_column(g.id(), "lower", lo);
            h5::write_column(g.id(), "upper", hi);
            h5::write_column(g.id(), "nominal", nom);
        }
        {
            Handle g = h5::create_group(s.id(), "outputs");
            std::vector<std::string> outcome, group, label;
            std::vector<double> nominal;
            for (const auto& o : d.outputs) {
                outcome.push_back(o.outcome);
                group.push_back(o.group);
                label.push_back(o.label);
                nominal.push_back(o.nominal);
            }
            h5::write_string_column(g.id(), "outcome", outcome);
            h5::write_string_column(g.id(), "group", group);
            h5::write_string_column(g.id(), "label", label);
            h5::write_column(g.id(), "nominal", nominal);
        }
        if (const auto& m = d.result.morris) {
            Handle g = h5::create_group(s.id(), "morris");
            h5::write_attribute(g.id(), "trajectories", static_cast<std::int64_t>(m->trajectories));
            h5::write_attribute(g.id(), "levels", static_cast<std::int64_t>(m->levels));
            write_matrix(g.id(), "samples", m->points, k);
            write_matrix(g.id(), "outcomes", m->outputs, Q);
            Handle t = h5::create_group(g.id(), "effects");
            std::vector<std::int32_t> out_i, par_i, rank;
            std::vector<double> mu, mu_star, lo, hi, sigma;
            for (std::size_t q = 0; q < Q; ++q) {
                std::vector<double> ms;
                for (const auto& e : m->mu_star[q]) ms.push_back(e.value);
                const auto r = ranks(ms);
                for (std::size_t i = 0; i < k; ++i) {
                    out_i.push_back(static_cast<std::int32_t>(q));
                    par_i.push_back(static_cast<std::int32_t>(i));
                    mu.push_back(m->mu[q][i]);
                    mu_star.push_back(m->mu_star[q][i].value);
                    lo.push_back(m->mu_star[q][i].low);
                    hi.push_back(m->mu_star[q][i].high);
                    sigma.push_back(m->sigma[q][i]);
                    rank.push_back(r[i]);
                }
            }
            h5::write_column(t.id(), "output", out_i);
            h5::write_column(t.id(), "parameter", par_i);
            h5::write_column(t.id(), "mu", mu);
            h5::write_column(t.id(), "mu_star", mu_star);
            h5::write_column(t.id(), "mu_star_low", lo);
            h5::write_column(t.id(), "mu_star_high", hi);
            h5::write_column(t.id(), "sigma", sigma);
            h5::write_column(t.id(), "rank", rank);
        }
        if (const auto& so = d.result.sobol) {
            Handle g = h5::create_group(s.id(), "sobol");
            h5::write_attribute(g.id(), "base_samples", static_cast<std::int64_t>(so->base_samples));
            std::vector<std::int32_t> sampled;
            for (const auto i : so->factors) sampled.push_back(static_cast<std::int32_t>(i));
            h5::write_column(g.id(), "sampled", sampled);
            write_matrix(g.id(), "samples", so->points, k);
            write_matrix(g.id(), "outcomes", so->outputs, Q);
            h5::write_column(g.id(), "variance", so->variance);
            Handle t = h5::create_group(g.id(), "indices");
            std::vector<std::int32_t> out_i, par_i, rank;
            std::vector<double> f, fl, fh, tt, tl, th;
            for (std::size_t q = 0; q < Q; ++q) {
                std::vector<double> st;
                for (const auto& e : so->total[q]) st.push_back(e.value);
                const auto r = ranks(st);
                for (std::size_t c = 0; c < so->factors.size(); ++c) {
                    out_i.push_back(static_cast<std::int32_t>(q));
                    par_i.push_back(static_cast<std::int32_t>(so->factors[c]));
                    f.push_back(so->first[q][c].value);
                    fl.push_back(so->first[q][c].low);
                    fh.push_back(so->first[q][c].high);
                    tt.push_back(so->total[q][c].value);
                    tl.push_back(so->total[q][c].low);
                    th.push_back(so->total[q][c].high);
                    rank.push_back(r[c]);
                }
            }
            h5::write_column(t.id(), "output", out_i);
            h5::write_column(t.id(), "parameter", par_i);
            h5::write_column(t.id(), "first", f);
            h5::write_column(t.id(), "first_low", fl);
            h5::write_column(t.id(), "first_high", fh);
            h5::write_column(t.id(), "total", tt);
            h5::write_column(t.id(), "total_low", tl);
            h5::write_column(t.id(), "total_high", th);
            h5::write_column(t.id(), "rank", rank);
        }
    });
}

namespace {
bool has_sensitivity_format(const std::string& path) {
    Handle file = h5::open_file(path);
    return h5::exists(file.id(), "sensitivity") && h5::read_string_attribute(file.id(), "format") == "pathways-sensitivity";
}
}  // namespace

bool is_sensitivity(const std::string& path) {
    try {
        // in a child process first: a damaged file must not crash the caller (h5::probe_read)
        h5::probe_read(path, [&] { has_sensitivity_format(path); });
        return has_sensitivity_format(path);
    } catch (const h5::Error&) {
        return false;  // the caller's own reader says what is wrong with the file
    }
}

namespace {

SensitivitySummary read_summary_file(const std::string& path) {
    Handle file = h5::open_file(path);
    if (h5::read_string_attribute(file.id(), "format") != "pathways-sensitivity")
        throw h5::Error(path + ": not a pathways sensitivity file");
    Handle s = h5::open_group(file.id(), "sensitivity");
    SensitivitySummary out;
    out.method = h5::read_string_attribute(s.id(), "method");
    out.scenario = h5::read_string_attribute(s.id(), "scenario");
    out.policy = h5::read_string_attribute(s.id(), "policy");
    Handle pg = h5::open_group(s.id(), "parameters");
    const auto names = h5::read_string_column(pg.id(), "name");
    Handle og = h5::open_group(s.id(), "outputs");
    const auto outcome = h5::read_string_column(og.id(), "outcome");
    const auto group = h5::read_string_column(og.id(), "group");
    const auto label = h5::read_string_column(og.id(), "label");
    const auto nominal = h5::read_column<double>(og.id(), "nominal");
    if (group.size() != outcome.size() || label.size() != outcome.size() || nominal.size() != outcome.size())
        throw h5::Error(path + ": damaged: the outputs' columns differ in length");
    for (std::size_t q = 0; q < outcome.size(); ++q) out.outputs.push_back({outcome[q], group[q], label[q], nominal[q]});
    auto checked = [&](std::int32_t q, std::int32_t p) {
        if (q < 0 || static_cast<std::size_t>(q) >= outcome.size() || p < 0 || static_cast<std::size_t>(p) >= names.size())
            throw h5::Error(path + ": damaged: an index names an output or parameter that is not there");
    };
    auto row = [&](const std::string& method, std::int32_t q, std::int32_t p, const std::string& index, double e, double lo,
                   double hi, int rank) {
        checked(q, p);
        const auto uq = static_cast<std::size_t>(q);
        out.rows.push_back({method, outcome[uq], group[uq], label[uq], names[static_cast<std::size_t>(p)], index, e, lo, hi, rank});
    };
    if (h5::exists(s.id(), "sobol")) {
        Handle t = h5::open_group(s.id(), "sobol/indices");
        const auto q = h5::read_column<std::int32_t>(t.id(), "output");
        const auto p = h5::read_column<std::int32_t>(t.id(), "parameter");
        const auto r = h5::read_column<std::int32_t>(t.id(), "rank");
        std::vector<std::vector<double>> c;
        for (const char* n : {"first", "first_low", "first_high", "total", "total_low", "total_high"})
            c.push_back(h5::read_column<double>(t.id(), n));
        for (const auto& col : c)
            if (col.size() != q.size()) throw h5::Error(path + ": damaged: the Sobol indices' columns differ in length");
        if (p.size() != q.size() || r.size() != q.size()) throw h5::Error(path + ": damaged: the Sobol indices' columns differ in length");
        for (std::size_t i = 0; i < q.size(); ++i) {
            row("sobol", q[i], p[i], "total", c[3][i], c[4][i], c[5][i], r[i]);
            row("sobol", q[i], p[i], "first", c[0][i], c[1][i], c[2][i], r[i]);
        }
    }
    if (h5::exists(s.id(), "morris")) {
        Handle t = h5::open_group(s.id(), "morris/effects");
        const auto q = h5::read_column<std::int32_t>(t.id(), "output");
        const auto p = h5::read_column<std::int32_t>(t.id(), "parameter");
        const auto r = h5::read_column<std::int32_t>(t.id(), "rank");
        const auto ms = h5::read_column<double>(t.id(), "mu_star");
        const auto lo = h5::read_column<double>(t.id(), "mu_star_low");
        const auto hi = h5::read_column<double>(t.id(), "mu_star_high");
        const auto sg = h5::read_column<double>(t.id(), "sigma");
        if (p.size() != q.size() || r.size() != q.size() || ms.size() != q.size() || lo.size() != q.size() ||
            hi.size() != q.size() || sg.size() != q.size())
            throw h5::Error(path + ": damaged: the Morris effects' columns differ in length");
        for (std::size_t i = 0; i < q.size(); ++i) {
            row("morris", q[i], p[i], "mu_star", ms[i], lo[i], hi[i], r[i]);
            row("morris", q[i], p[i], "sigma", sg[i], NAN, NAN, r[i]);
        }
    }
    return out;
}

}  // namespace

SensitivitySummary read_sensitivity_summary(const std::string& path) {
    try {
        h5::probe_read(path, [&] { read_summary_file(path); });
        return read_summary_file(path);
    } catch (const h5::Error& e) {
        const std::string what = e.what();
        if (what.rfind(path + ":", 0) == 0) throw;
        throw h5::Error(path + ": damaged, or not a file pathways wrote: " + what);
    }
}

}  // namespace pathways::io
