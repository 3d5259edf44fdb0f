#include "model/prior.hpp"

#include "model/schema.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace pathways::model {
namespace {

// Inverse CDF of `dist` truncated to [lower, upper]: F^-1(F(lower) + u (F(upper) - F(lower))).
template <class Dist>
double truncated_quantile(const Dist& dist, double u, double lower, double upper) {
    const auto [s0, s1] = boost::math::support(dist);
    const double lo = std::max(lower, s0), hi = std::min(upper, s1);
    const double f0 = lo <= s0 ? 0.0 : boost::math::cdf(dist, lo);
    const double f1 = hi >= s1 ? 1.0 : boost::math::cdf(dist, hi);
    const double p = f0 + u * (f1 - f0);
    if (p <= 0) return lo;
    if (p >= 1) return hi;
    return std::clamp(boost::math::quantile(dist, p), lo, hi);
}

std::string num(double x) {
    std::ostringstream o;
    o.precision(6);
    o << x;
    return o.str();
}

}  // namespace

std::string Prior::problem() const {
    const bool finite = std::isfinite(a) && std::isfinite(b) && std::isfinite(c) && std::isfinite(lower) && std::isfinite(upper);
    if (!finite) return "a prior's parameters must be finite";
    if (!(lower < upper)) return "a prior needs lower < upper";
    switch (shape) {
        case Shape::uniform: return a == lower && b == upper ? "" : "U(a, b) must have lower = a and upper = b";
        case Shape::triangular:
            return a == lower && c == upper && a <= b && b <= c ? "" : "T(low, mode, high) needs low <= mode <= high";
        case Shape::normal: return b > 0 ? "" : "N(mean, sd) needs sd > 0";
        case Shape::beta: return a > 0 && b > 0 ? "" : "Beta(a, b) needs a, b > 0";
        case Shape::lognormal: return b > 0 && upper > 0 ? "" : "LN(mu, sigma) needs sigma > 0 and upper > 0";
        case Shape::loguniform: return a > 0 && a == lower && b == upper ? "" : "LU(a, b) needs 0 < a < b";
        case Shape::gamma: return a > 0 && b > 0 && upper > 0 ? "" : "Gamma(shape, scale) needs both > 0";
    }
    return "unknown prior shape";
}

double Prior::quantile(double u) const {
    if (const std::string p = problem(); !p.empty()) throw std::invalid_argument(p);
    u = std::clamp(u, 0.0, 1.0);
    switch (shape) {
        case Shape::uniform: return lower + u * (upper - lower);
        case Shape::triangular:
            // T(a, b, c) closed form (Boost's triangular quantile agrees; a closed form keeps u = 0, 1 exact)
            {
                const double fm = (b - a) / (c - a);
                const double x = u < fm ? a + std::sqrt(u * (c - a) * (b - a)) : c - std::sqrt((1 - u) * (c - a) * (c - b));
                return std::clamp(x, lower, upper);
            }
        case Shape::normal: return truncated_quantile(boost::math::normal_distribution<double>(a, b), u, lower, upper);
        case Shape::beta:
            return lower + (upper - lower) * (u <= 0 ? 0.0 : u >= 1 ? 1.0 : boost::math::quantile(boost::math::beta_distribution<double>(a, b), u));
        case Shape::lognormal: return truncated_quantile(boost::math::lognormal_distribution<double>(a, b), u, lower, upper);
        case Shape::loguniform: return std::clamp(std::exp(std::log(a) + u * (std::log(b) - std::log(a))), lower, upper);
        case Shape::gamma: return truncated_quantile(boost::math::gamma_distribution<double>(a, b), u, lower, upper);
    }
    throw std::invalid_argument("unknown prior shape");
}

double Prior::mean() const {
    // Midpoint rule on the quantile function: E[X] = integral of F^-1(u) du.
    constexpr int n = 20000;
    double s = 0;
    for (int i = 0; i < n; ++i) s += quantile((i + 0.5) / n);
    return s / n;
}

std::string Prior::describe() const {
    const std::string on = " on [" + num(lower) + ", " + num(upper) + "]";
    switch (shape) {
        case Shape::uniform: return "U(" + num(a) + ", " + num(b) + ")";
        case Shape::triangular: return "T(" + num(a) + ", " + num(b) + ", " + num(c) + ")";
        case Shape::normal: return "N(" + num(a) + ", " + num(b) + ")" + on;
        case Shape::beta: return "Beta(" + num(a) + ", " + num(b) + ")" + on;
        case Shape::lognormal: return "LN(" + num(a) + ", " + num(b) + ")" + on;
        case Shape::loguniform: return "LU(" + num(a) + ", " + num(b) + ")";
        case Shape::gamma: return "Gamma(" + num(a) + ", " + num(b) + ")" + on;
    }
    return "?";
}

Prior uniform_prior(double low, double high) { return {Prior::Shape::uniform, low, high, 0, low, high}; }
Prior triangular_prior(double low, double mode, double high) { return {Prior::Shape::triangular, low, mode, high, low, high}; }
Prior normal_prior(double mean, double sd, double lower, double upper) { return {Prior::Shape::normal, mean, sd, 0, lower, upper}; }
Prior beta_prior(double alpha, double beta, double lower, double upper) { return {Prior::Shape::beta, alpha, beta, 0, lower, upper}; }
Prior lognormal_prior(double mu, double sigma, double lower, double upper) {
    return {Prior::Shape::lognormal, mu, sigma, 0, lower, upper};
}
Prior loguniform_prior(double low, double high) { return {Prior::Shape::loguniform, low, high, 0, low, high}; }
Prior gamma_prior(double shape, double scale, double lower, double upper) {
    return {Prior::Shape::gamma, shape, scale, 0, lower, upper};
}

std::string target_name(PriorTarget t) {
    switch (t) {
        case PriorTarget::value: return "value";
        case PriorTarget::element: return "element";
        case PriorTarget::scale: return "scale";
        case PriorTarget::shift: return "shift";
        case PriorTarget::share: return "share";
        case PriorTarget::weight: return "weight";
    }
    return "?";
}

const std::vector<const PriorDimension*>& prior_dimensions() {
    static const std::vector<const PriorDimension*> dims = [] {
        std::vector<const PriorDimension*> out;
        for (const auto& spec : schema())
            for (const auto& d : spec.priors) out.push_back(&d);
        return out;
    }();
    return dims;
}

const PriorDimension* find_prior_dimension(const std::string& name) {
    for (const auto* d : prior_dimensions())
        if (d->name == name) return d;
    return nullptr;
}

void apply_prior(Params& p, const PriorDimension& d, double value) {
    const ParamSpec& spec = *find_param(d.key);
    if (spec.kind == ParamKind::number) {
        spec.set(p, value);
        return;
    }
    if (spec.kind == ParamKind::integer) {
        const double lo = std::ceil(d.prior.lower), hi = std::floor(d.prior.upper);
        spec.set(p, static_cast<std::int64_t>(std::clamp(std::round(value), lo, hi)));
        return;
    }
    const auto& def = std::get<std::vector<double>>(spec.default_value);
    auto v = std::get<std::vector<double>>(spec.get(p));
    const std::size_t i = d.element;
    switch (d.target) {
        case PriorTarget::value: return;  // not for arrays (the schema test rules it out)
        case PriorTarget::element:
            if (i >= v.size()) return;
            v[i] = value;
            break;
        case PriorTarget::scale:
            if (v.size() != def.size()) return;
            for (std::size_t k = 0; k < v.size(); ++k) v[k] = def[k] * value;
            break;
        case PriorTarget::shift:
            if (v.size() != def.size()) return;
            for (std::size_t k = 0; k < v.size(); ++k) v[k] = def[k] + value;
            break;
        case PriorTarget::share: {
            if (v.size() != def.size() || i >= v.size()) return;
            // the other elements share what is left of the sum, in their default proportions
            const double total = std::accumulate(def.begin(), def.end(), 0.0);
            for (std::size_t k = 0; k < v.size(); ++k) v[k] = k == i ? value : def[k] * (total - value) / (total - def[i]);
            break;
        }
        case PriorTarget::weight: {
            if (i >= v.size()) return;
            const double total = std::accumulate(v.begin(), v.end(), 0.0);
            v[i] *= value;
            const double now = std::accumulate(v.begin(), v.end(), 0.0);
            if (now > 0)
                for (auto& x : v) x *= total / now;
            break;
        }
    }
    spec.set(p, v);
}

std::vector<ValueBounds> prior_value_bounds(const ParamSpec& spec, const PriorDimension& d) {
    const double lo = d.prior.lower, hi = d.prior.upper;
    if (spec.kind == ParamKind::number || spec.kind == ParamKind::integer) return {{lo, hi}};
    const auto& def = std::get<std::vector<double>>(spec.default_value);
    std::vector<ValueBounds> out;
    switch (d.target) {
        case PriorTarget::value: break;
        case PriorTarget::element: out.push_back({lo, hi}); break;
        case PriorTarget::scale:
            for (const double x : def) out.push_back({std::min(x * lo, x * hi), std::max(x * lo, x * hi)});
            break;
        case PriorTarget::shift:
            for (const double x : def) out.push_back({x + lo, x + hi});
            break;
        case PriorTarget::share: {
            const double total = std::accumulate(def.begin(), def.end(), 0.0);
            for (std::size_t k = 0; k < def.size(); ++k) {
                if (k == d.element) out.push_back({lo, hi});
                else {
                    const double f = def[k] / (total - def[d.element]);
                    out.push_back({f * (total - hi), f * (total - lo)});
                }
            }
            break;
        }
        case PriorTarget::weight: out.push_back({0, std::accumulate(def.begin(), def.end(), 0.0)}); break;
    }
    return out;
}

}  // namespace pathways::model
