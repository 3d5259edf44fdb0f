#include "stats/sensitivity.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace pathways::stats::sensitivity {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// SplitMix64 (Steele, Lea & Flood 2014): a small generator whose output depends only on the seed,
// on every platform and standard library (std::uniform_int_distribution does not), for the Morris
// design and the bootstrap.
class SplitMix {
public:
    explicit SplitMix(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in 0..n-1 (the modulo bias, below n / 2^64, is immaterial here).
    std::size_t below(std::size_t n) {
        return static_cast<std::size_t>(next() % n);
    }

private:
    std::uint64_t s_;
};

// The 2.5% and 97.5% points of the finite values (linear interpolation between order statistics);
// NaN when none is finite.
std::pair<double, double> percentile95(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
    if (v.empty()) return {kNaN, kNaN};
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        const double pos = q * static_cast<double>(v.size() - 1);
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const std::size_t hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
    };
    return {at(0.025), at(0.975)};
}

std::size_t output_count(const std::vector<std::vector<double>>& y) {
    if (y.empty()) throw std::invalid_argument("no evaluations");
    for (const auto& row : y)
        if (row.size() != y.front().size()) throw std::invalid_argument("the evaluations have different numbers of outputs");
    return y.front().size();
}

// Sobol estimates for one output from the rows `rows` (base-row indices, with repeats when
// resampled): first-order and total index of every factor, and the variance. The first-order sum
// takes f(B) centred on the mean: f(A_B^i) − f(A) has expectation zero, so subtracting a constant
// leaves the estimator's expectation as it is, while an outcome far from zero (a diploma share of
// 48%) would otherwise multiply its noise by that level.
struct SobolPoint {
    std::vector<double> first, total;
    double variance = 0;
};
SobolPoint sobol_point(const std::vector<std::vector<double>>& y, std::size_t q, std::size_t k,
                       const std::vector<std::size_t>& rows) {
    const std::size_t stride = k + 2;
    const double n = static_cast<double>(rows.size());
    // Variance of f over A and B together, two-pass for accuracy.
    double mean = 0;
    for (const auto j : rows) mean += y[j * stride][q] + y[j * stride + 1][q];
    mean /= 2 * n;
    double var = 0;
    for (const auto j : rows) {
        const double a = y[j * stride][q] - mean, b = y[j * stride + 1][q] - mean;
        var += a * a + b * b;
    }
    var /= 2 * n - 1;
    SobolPoint p;
    p.variance = var;
    p.first.assign(k, kNaN);
    p.total.assign(k, kNaN);
    for (std::size_t i = 0; i < k; ++i) {
        double s1 = 0, st = 0;
        for (const auto j : rows) {
            const double fa = y[j * stride][q], fb = y[j * stride + 1][q], fab = y[j * stride + 2 + i][q];
            s1 += (fb - mean) * (fab - fa);
            st += (fa - fab) * (fa - fab);
        }
        if (var > 0) {
            p.first[i] = s1 / n / var;
            p.total[i] = st / (2 * n) / var;
        }
    }
    return p;
}

}  // namespace

std::string method_name(Method m) {
    switch (m) {
        case Method::morris: return "morris";
        case Method::sobol: return "sobol";
        case Method::both: return "both";
    }
    return "?";
}

const char* interval_statement() {
    return "95% bootstrap interval: the 2.5% and 97.5% points of the index over resamples of the base samples "
           "(Sobol) or trajectories (Morris); it measures the estimate's sampling error, not parameter uncertainty";
}

std::vector<std::vector<double>> morris_design(std::size_t k, std::size_t trajectories, int levels, std::uint64_t seed) {
    if (k == 0) throw std::invalid_argument("no factors");
    if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris levels must be even and at least 2");
    if (trajectories < 2) throw std::invalid_argument("Morris needs at least 2 trajectories");
    const int half = levels / 2;  // Δ = half grid steps = p / (2(p-1))
    const double step = 1.0 / (levels - 1), delta = half * step;
    SplitMix rng(seed ^ 0x4d6f72726973ull);  // "Morris"
    std::vector<std::vector<double>> points;
    points.reserve(trajectories * (k + 1));
    std::vector<std::size_t> order(k);
    for (std::size_t t = 0; t < trajectories; ++t) {
        // Each factor: a base level with room for Δ above it, and a direction; the trajectory
        // starts at the base (up) or at base + Δ (down) and moves each factor once, in a random order.
        std::vector<double> x(k);
        std::vector<int> dir(k);
        for (std::size_t i = 0; i < k; ++i) {
            const auto base = static_cast<double>(rng.below(static_cast<std::size_t>(half)));
            dir[i] = rng.below(2) == 0 ? 1 : -1;
            x[i] = dir[i] > 0 ? base * step : base * step + delta;
        }
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
        points.push_back(x);
        for (const auto i : order) {
            x[i] += dir[i] * delta;
            // exact grid values: no rounding drift from repeated additions
            x[i] = std::round(x[i] / step) * step;
            points.push_back(x);
        }
    }
    return points;
}

std::vector<std::vector<double>> saltelli_design(std::size_t k, std::size_t base_samples) {
    if (k == 0) throw std::invalid_argument("no factors");
    if (base_samples < 2) throw std::invalid_argument("Sobol needs at least 2 base samples");
    // Boost's sequence starts at (1/2, ..., 1/2), not at the origin.
    boost::random::sobol seq(2 * k);
    std::vector<std::vector<double>> points;
    points.reserve(base_samples * (k + 2));
    std::vector<double> ab(2 * k);
    for (std::size_t j = 0; j < base_samples; ++j) {
        for (auto& u : ab) u = static_cast<double>(seq()) * 0x1p-64;
        const std::vector<double> a(ab.begin(), ab.begin() + static_cast<std::ptrdiff_t>(k));
        const std::vector<double> b(ab.begin() + static_cast<std::ptrdiff_t>(k), ab.end());
        points.push_back(a);
        points.push_back(b);
        for (std::size_t i = 0; i < k; ++i) {
            auto m = a;
            m[i] = b[i];
            points.push_back(std::move(m));
        }
    }
    return points;
}

MorrisResult morris_effects(const std::vector<std::vector<double>>& unit, const std::vector<std::vector<double>>& y,
                            std::size_t k, std::size_t trajectories, int levels, std::size_t bootstrap, std::uint64_t seed) {
    if (unit.size() != trajectories * (k + 1) || y.size() != unit.size())
        throw std::invalid_argument("Morris: the outputs do not match the design");
    const std::size_t Q = output_count(y);
    // ee[q][i][t]: the elementary effect of factor i in trajectory t.
    std::vector<std::vector<std::vector<double>>> ee(Q, std::vector<std::vector<double>>(k, std::vector<double>(trajectories, kNaN)));
    for (std::size_t t = 0; t < trajectories; ++t)
        for (std::size_t s = 1; s <= k; ++s) {
            const auto& prev = unit[t * (k + 1) + s - 1];
            const auto& cur = unit[t * (k + 1) + s];
            std::size_t i = k;
            for (std::size_t c = 0; c < k; ++c)
                if (prev[c] != cur[c]) i = c;
            if (i == k) throw std::invalid_argument("Morris: a trajectory step moves no factor");
            const double d = cur[i] - prev[i];
            for (std::size_t q = 0; q < Q; ++q) ee[q][i][t] = (y[t * (k + 1) + s][q] - y[t * (k + 1) + s - 1][q]) / d;
        }
    MorrisResult m;
    m.trajectories = trajectories;
    m.levels = levels;
    m.outputs = y;
    m.mu.assign(Q, std::vector<double>(k));
    m.sigma.assign(Q, std::vector<double>(k));
    m.mu_star.assign(Q, std::vector<Estimate>(k));
    SplitMix rng(seed ^ 0x626f6f74ull);  // "boot"
    std::vector<std::vector<std::size_t>> resamples(bootstrap, std::vector<std::size_t>(trajectories));
    for (auto& r : resamples)
        for (auto& t : r) t = rng.below(trajectories);
    for (std::size_t q = 0; q < Q; ++q)
        for (std::size_t i = 0; i < k; ++i) {
            const auto& e = ee[q][i];
            double mu = 0, abs = 0;
            for (const double x : e) {
                mu += x;
                abs += std::fabs(x);
            }
            const double n = static_cast<double>(trajectories);
            mu /= n;
            abs /= n;
            double ss = 0;
            for (const double x : e) ss += (x - mu) * (x - mu);
            m.mu[q][i] = mu;
            m.sigma[q][i] = std::sqrt(ss / (n - 1));
            std::vector<double> boot;
            boot.reserve(bootstrap);
            for (const auto& r : resamples) {
                double a = 0;
                for (const auto t : r) a += std::fabs(e[t]);
                boot.push_back(a / n);
            }
            const auto [lo, hi] = bootstrap ? percentile95(boot) : std::pair{kNaN, kNaN};
            m.mu_star[q][i] = {abs, lo, hi};
        }
    return m;
}

SobolResult sobol_indices(const std::vector<std::vector<double>>& y, std::size_t k, std::size_t base_samples,
                          std::size_t bootstrap, std::uint64_t seed) {
    if (y.size() != base_samples * (k + 2)) throw std::invalid_argument("Sobol: the outputs do not match the design");
    const std::size_t Q = output_count(y);
    SobolResult r;
    r.base_samples = base_samples;
    r.outputs = y;
    r.variance.assign(Q, kNaN);
    r.first.assign(Q, std::vector<Estimate>(k));
    r.total.assign(Q, std::vector<Estimate>(k));
    std::vector<std::size_t> all(base_samples);
    std::iota(all.begin(), all.end(), std::size_t{0});
    SplitMix rng(seed ^ 0x626f6f74ull);
    std::vector<std::vector<std::size_t>> resamples(bootstrap, std::vector<std::size_t>(base_samples));
    for (auto& rs : resamples)
        for (auto& j : rs) j = rng.below(base_samples);
    for (std::size_t q = 0; q < Q; ++q) {
        const SobolPoint p = sobol_point(y, q, k, all);
        r.variance[q] = p.variance;
        std::vector<std::vector<double>> b1(k), bt(k);
        for (const auto& rs : resamples) {
            const SobolPoint b = sobol_point(y, q, k, rs);
            for (std::size_t i = 0; i < k; ++i) {
                b1[i].push_back(b.first[i]);
                bt[i].push_back(b.total[i]);
            }
        }
        for (std::size_t i = 0; i < k; ++i) {
            const auto [l1, h1] = bootstrap ? percentile95(b1[i]) : std::pair{kNaN, kNaN};
            const auto [lt, ht] = bootstrap ? percentile95(bt[i]) : std::pair{kNaN, kNaN};
            r.first[q][i] = {p.first[i], l1, h1};
            r.total[q][i] = {p.total[i], lt, ht};
        }
    }
    return r;
}

std::vector<std::size_t> screen(const MorrisResult& m, std::size_t top) {
    const std::size_t k = m.mu_star.empty() ? 0 : m.mu_star.front().size();
    std::vector<double> score(k, 0);
    for (const auto& row : m.mu_star) {
        double largest = 0;
        for (const auto& e : row)
            if (std::isfinite(e.value)) largest = std::max(largest, e.value);
        if (largest <= 0) continue;
        for (std::size_t i = 0; i < k; ++i)
            if (std::isfinite(row[i].value)) score[i] = std::max(score[i], row[i].value / largest);
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    order.resize(std::min(top, k));
    std::sort(order.begin(), order.end());  // the factors' own order
    return order;
}

std::size_t evaluations(std::size_t k, const Options& o) {
    const std::size_t morris = o.trajectories * (k + 1);
    const std::size_t m = std::min(o.top, k);
    switch (o.method) {
        case Method::morris: return morris;
        case Method::sobol: return o.base_samples * (k + 2);
        case Method::both: return morris + o.base_samples * (m + 2);
    }
    return 0;
}

Result analyse(const std::vector<Factor>& factors, const Options& o, const Evaluate& evaluate) {
    const std::size_t k = factors.size();
    if (k == 0) throw std::invalid_argument("no factors to analyse");
    for (const auto& f : factors)
        if (!(f.lower < f.upper)) throw std::invalid_argument("factor " + f.name + ": the lower bound is not below the upper");
    auto to_values = [&](const std::vector<std::vector<double>>& unit, const std::vector<std::size_t>& sampled) {
        std::vector<std::vector<double>> pts;
        pts.reserve(unit.size());
        for (const auto& u : unit) {
            std::vector<double> x(k);
            for (std::size_t i = 0; i < k; ++i) x[i] = factors[i].nominal;
            for (std::size_t c = 0; c < sampled.size(); ++c) x[sampled[c]] = factors[sampled[c]].value(u[c]);
            pts.push_back(std::move(x));
        }
        return pts;
    };
    auto checked = [&](const std::string& stage, const std::vector<std::vector<double>>& pts) {
        auto y = evaluate(stage, pts);
        if (y.size() != pts.size()) throw std::invalid_argument("the evaluator returned a different number of rows");
        output_count(y);
        return y;
    };
    std::vector<std::size_t> everything(k);
    std::iota(everything.begin(), everything.end(), std::size_t{0});
    Result r;
    std::vector<std::size_t> sampled = everything;
    if (o.method != Method::sobol) {
        const auto unit = morris_design(k, o.trajectories, o.levels, o.seed);
        auto pts = to_values(unit, everything);
        const auto y = checked("morris", pts);
        r.morris = morris_effects(unit, y, k, o.trajectories, o.levels, o.bootstrap, o.seed);
        r.morris->points = std::move(pts);
        if (o.method == Method::both) sampled = screen(*r.morris, std::max<std::size_t>(o.top, 1));
    }
    if (o.method != Method::morris) {
        const std::size_t m = sampled.size();
        const auto unit = saltelli_design(m, o.base_samples);
        auto pts = to_values(unit, sampled);
        const auto y = checked("sobol", pts);
        r.sobol = sobol_indices(y, m, o.base_samples, o.bootstrap, o.seed);
        r.sobol->factors = sampled;
        r.sobol->points = std::move(pts);
    }
    return r;
}

}  // namespace pathways::stats::sensitivity
