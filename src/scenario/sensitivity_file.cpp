#include "scenario/sensitivity_file.hpp"

#include "model/schema.hpp"
#include "scenario/scenario.hpp"
#include "stats/compare.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

namespace pathways::scenario {

namespace fs = std::filesystem;

namespace {

const char* kKeys =
    "scenario, policy, set, method, samples, seed, bootstrap, outcomes, groups, out, [morris] and [[parameter]]";

// A target id of tests/statistical/targets.csv as model::target_indicators keys it: a capital
// letter, two digits and an optional part (A01, T05, M01.lower).
bool looks_like_indicator(const std::string& s) {
    if (s.size() < 3 || !std::isupper(static_cast<unsigned char>(s[0])) || !std::isdigit(static_cast<unsigned char>(s[1])) ||
        !std::isdigit(static_cast<unsigned char>(s[2])))
        return false;
    return s.size() == 3 || (s[3] == '.' && s.size() > 4);
}

}  // namespace

SensitivityFile read_sensitivity_file(const std::string& path) {
    const std::string text = read_input_file(path, "sensitivity file");
    toml::table t;
    try {
        t = toml::parse(std::string_view(text), std::string_view(path));
    } catch (const toml::parse_error& e) {
        std::ostringstream o;
        o << path << ":" << e.source().begin.line << ": not valid TOML: " << e.description();
        throw ScenarioError(o.str());
    }
    const fs::path dir = fs::path(path).parent_path();
    auto resolve = [&](const std::string& p) {
        return fs::path(p).is_absolute() || dir.empty() ? p : (dir / p).lexically_normal().string();
    };
    auto where = [&](const toml::node& n) { return path + ":" + std::to_string(n.source().begin.line); };
    auto count = [&](const toml::node& node, const std::string& k, std::int64_t lo, std::int64_t hi) {
        const auto* v = node.as_integer();
        if (!v || v->get() < lo || v->get() > hi)
            throw ScenarioError(where(node) + ": key '" + k + "': expected an integer in [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "]");
        return v->get();
    };
    auto strings = [&](const toml::node& node, const std::string& k, const std::string& what) {
        const auto* arr = node.as_array();
        if (!arr) throw ScenarioError(where(node) + ": key '" + k + "': expected a list of " + what);
        std::vector<std::string> v;
        for (const auto& e : *arr) {
            if (!e.is_string()) throw ScenarioError(where(e) + ": key '" + k + "': expected " + what + " (strings)");
            v.push_back(e.as_string()->get());
        }
        return v;
    };
    SensitivityFile f;
    f.path = path;
    f.text = text;
    for (auto&& [key, node] : t) {
        const std::string k(key.str());
        if (k == "scenario" || k == "policy") {
            if (!node.is_string() || node.as_string()->get().empty())
                throw ScenarioError(where(node) + ": key '" + k + "': expected a scenario file name");
            (k == "scenario" ? f.scenario : f.policy) = resolve(node.as_string()->get());
        } else if (k == "set") {
            f.set = strings(node, k, "key=value overrides");
            const auto* arr = node.as_array();
            for (std::size_t i = 0; i < f.set.size(); ++i) check_override(f.set[i], where(*arr->get(i)));
        } else if (k == "method") {
            const auto v = node.value<std::string>();
            if (!v || (*v != "morris" && *v != "sobol" && *v != "both"))
                throw ScenarioError(where(node) + ": key 'method': expected \"morris\", \"sobol\" or \"both\"");
            f.method = *v;
        } else if (k == "samples") {
            f.samples = static_cast<std::size_t>(count(node, k, 2, 1 << 20));
        } else if (k == "bootstrap") {
            f.bootstrap = static_cast<std::size_t>(count(node, k, 0, 100000));
        } else if (k == "seed") {
            const auto* v = node.as_integer();
            if (!v || v->get() < 0) throw ScenarioError(where(node) + ": key 'seed': expected a non-negative integer");
            f.seed = static_cast<std::uint64_t>(v->get());
        } else if (k == "outcomes") {
            f.outcomes = strings(node, k, "outcome names");
            if (f.outcomes.empty()) throw ScenarioError(where(node) + ": key 'outcomes': name at least one outcome");
            const auto& known = stats::headline_outcomes();
            const auto* arr = node.as_array();
            for (std::size_t i = 0; i < f.outcomes.size(); ++i) {
                const auto& o = f.outcomes[i];
                if (std::find(known.begin(), known.end(), o) != known.end() || looks_like_indicator(o)) continue;
                std::string all;
                for (const auto& h : known) all += (all.empty() ? "" : ", ") + h;
                throw ScenarioError(where(*arr->get(i)) + ": key 'outcomes': unknown outcome '" + o.substr(0, 100) +
                                    "'; choose from " + all + ", or a target id of tests/statistical/targets.csv (e.g. T01)");
            }
        } else if (k == "groups") {
            const auto names = strings(node, k, "group dimensions");
            const auto* arr = node.as_array();
            for (std::size_t i = 0; i < names.size(); ++i) {
                std::string d;
                try {
                    d = stats::subgroup_dimension(names[i]);
                } catch (const std::invalid_argument& e) {
                    throw ScenarioError(where(*arr->get(i)) + ": key 'groups': " + e.what());
                }
                if (d == "birth_year")
                    throw ScenarioError(where(*arr->get(i)) +
                                        ": key 'groups': birth_year is not offered (use population.birth_cohorts = 1 "
                                        "for one cohort); choose parent_edu, income_group, home_language or district");
                if (std::find(f.groups.begin(), f.groups.end(), d) == f.groups.end()) f.groups.push_back(d);
            }
        } else if (k == "out") {
            if (!node.is_string() || node.as_string()->get().empty())
                throw ScenarioError(where(node) + ": key 'out': expected a file name");
            f.out = resolve(node.as_string()->get());
            std::error_code ec;
            if (fs::is_directory(f.out, ec))
                throw ScenarioError(where(node) + ": key 'out': " + node.as_string()->get() + " is a folder; the output must name a file");
        } else if (k == "morris") {
            const auto* m = node.as_table();
            if (!m) throw ScenarioError(where(node) + ": key 'morris': expected a table (trajectories, levels, top)");
            for (auto&& [mk, mv] : *m) {
                const std::string name(mk.str());
                if (name == "trajectories") f.trajectories = static_cast<std::size_t>(count(mv, "morris.trajectories", 2, 100000));
                else if (name == "top") f.top = static_cast<std::size_t>(count(mv, "morris.top", 1, 10000));
                else if (name == "levels") {
                    f.levels = static_cast<int>(count(mv, "morris.levels", 2, 100));
                    if (f.levels % 2 != 0)
                        throw ScenarioError(where(mv) + ": key 'morris.levels': expected an even number (Δ = p / (2(p-1)) needs it)");
                } else
                    throw ScenarioError(where(mv) + ": unknown key 'morris." + name.substr(0, 100) +
                                        "'; [morris] has trajectories, levels, top");
            }
        } else if (k == "parameter") {
            const auto* arr = node.as_array();
            if (!arr) throw ScenarioError(where(node) + ": key 'parameter': expected [[parameter]] tables");
            for (const auto& e : *arr) {
                const auto* p = e.as_table();
                if (!p) throw ScenarioError(where(e) + ": key 'parameter': expected [[parameter]] tables");
                SensitivityParameter sp;
                sp.line = static_cast<int>(e.source().begin.line);
                bool has_range = false;
                for (auto&& [pk, pv] : *p) {
                    const std::string name(pk.str());
                    if (name == "key") {
                        if (!pv.is_string()) throw ScenarioError(where(pv) + ": key 'parameter.key': expected a parameter key");
                        sp.name = pv.as_string()->get();
                    } else if (name == "range") {
                        const auto* r = pv.as_array();
                        const auto lo = r && r->size() == 2 ? r->get(0)->value<double>() : std::nullopt;
                        const auto hi = r && r->size() == 2 ? r->get(1)->value<double>() : std::nullopt;
                        if (!lo || !hi || !(*lo < *hi))
                            throw ScenarioError(where(pv) + ": key 'parameter.range': expected [lower, upper] with lower < upper");
                        sp.lower = *lo;
                        sp.upper = *hi;
                        has_range = true;
                    } else if (name == "prior") {
                        const auto v = pv.value<std::string>();
                        if (!v || (*v != "uniform" && *v != "schema"))
                            throw ScenarioError(where(pv) + ": key 'parameter.prior': expected \"uniform\" (with range = "
                                                "[lower, upper]) or \"schema\" (the schema's prior)");
                        sp.prior = *v;
                    } else {
                        throw ScenarioError(where(pv) + ": unknown key 'parameter." + name.substr(0, 100) +
                                            "'; a [[parameter]] has key, range and prior");
                    }
                }
                const std::string at = path + ":" + std::to_string(sp.line);
                if (sp.name.empty()) throw ScenarioError(at + ": [[parameter]] without key = \"section.name\"");
                const bool schema = sp.prior == "schema";
                if (schema && has_range)
                    throw ScenarioError(at + ": key 'parameter.range': " + sp.name +
                                        " has prior = \"schema\", whose prior gives the range; leave out range or the prior");
                if (!has_range && !schema)
                    throw ScenarioError(at + ": key 'parameter.range': missing for " + sp.name +
                                        " (range = [lower, upper], or prior = \"schema\" for the schema's prior)");
                sp.key = sp.name;
                if (const auto open = sp.name.find('['); open != std::string::npos) {
                    const auto close = sp.name.find(']', open);
                    const std::string digits = close == std::string::npos ? "" : sp.name.substr(open + 1, close - open - 1);
                    if (close != sp.name.size() - 1 || digits.empty() || digits.size() > 4 ||
                        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
                        throw ScenarioError(at + ": key 'parameter.key': '" + sp.name.substr(0, 200) +
                                            "': a list element is written key[i], i from 0");
                    sp.key = sp.name.substr(0, open);
                    sp.element = std::stoi(digits);
                }
                const model::ParamSpec* spec = model::find_param(sp.key);
                if (!spec) {
                    const std::string guess = did_you_mean(sp.key);
                    throw ScenarioError(at + ": key 'parameter.key': unknown parameter '" + sp.key.substr(0, 200) + "'" +
                                        (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
                }
                if (spec->kind == model::ParamKind::number_list && sp.element < 0)
                    throw ScenarioError(at + ": key 'parameter.key': " + sp.key + " is a list: name one element, e.g. " + sp.key + "[0]");
                if (spec->kind == model::ParamKind::number && sp.element >= 0)
                    throw ScenarioError(at + ": key 'parameter.key': " + sp.key + " is a number, not a list");
                if (spec->kind != model::ParamKind::number && spec->kind != model::ParamKind::number_list)
                    throw ScenarioError(at + ": key 'parameter.key': " + sp.key + " is " + model::kind_name(spec->kind) +
                                        "; only numbers and elements of number lists can be varied");
                if (spec->list_size > 0 && sp.element >= static_cast<int>(spec->list_size))
                    throw ScenarioError(at + ": key 'parameter.key': " + sp.key + " has " + std::to_string(spec->list_size) +
                                        " elements (0 to " + std::to_string(spec->list_size - 1) + ")");
                if (schema) {
                    // the prior dimension of this number, or of this element (named 1-based in the schema)
                    const std::string dim = sp.element < 0 ? sp.key : sp.key + "[" + std::to_string(sp.element + 1) + "]";
                    const model::PriorDimension* d = model::find_prior_dimension(dim);
                    if (!d || (d->target != model::PriorTarget::value && d->target != model::PriorTarget::element)) {
                        std::string own;
                        for (const auto& o : spec->priors) own += (own.empty() ? "" : ", ") + o.name + " " + o.prior.describe();
                        throw ScenarioError(at + ": key 'parameter.prior': the schema gives " + sp.name + " no prior of its own (" +
                                            (own.empty() ? sp.key + " has no prior" : "its priors: " + own) +
                                            "); give prior = \"uniform\" with range = [lower, upper]");
                    }
                    sp.schema_prior = d->prior;
                    sp.lower = d->prior.lower;
                    sp.upper = d->prior.upper;
                }
                if (sp.lower < spec->min || sp.upper > spec->max)
                    throw ScenarioError(at + ": key 'parameter.range': [" + model::format_value(sp.lower) + ", " +
                                        model::format_value(sp.upper) + "] leaves " + sp.key + "'s valid range [" +
                                        model::format_value(spec->min) + ", " + model::format_value(spec->max) + "]");
                for (const auto& other : f.parameters)
                    if (other.name == sp.name)
                        throw ScenarioError(at + ": key 'parameter.key': " + sp.name + " is varied twice (also at line " +
                                            std::to_string(other.line) + ")");
                f.parameters.push_back(sp);
            }
        } else {
            throw ScenarioError(where(node) + ": unknown key '" + k.substr(0, 100) + "'; a sensitivity file has " + kKeys);
        }
    }
    if (f.scenario.empty()) throw ScenarioError(path + ": the sensitivity file names no scenario (scenario = \"baseline.toml\")");
    if (f.parameters.empty())
        throw ScenarioError(path + ": the sensitivity file varies no parameter ([[parameter]] key = \"...\" range = [lower, upper])");
    if (f.method == "morris" || f.method == "both") {
        if (f.parameters.size() < 2 && f.method == "both")
            throw ScenarioError(path + ": method \"both\" screens parameters: vary at least two");
    }
    return f;
}

}  // namespace pathways::scenario
