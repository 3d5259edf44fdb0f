#include "scenario/calibration_file.hpp"

#include "model/schema.hpp"
#include "scenario/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace pathways::scenario {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') cur += c;
    }
    out.push_back(cur);
    return out;
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    const auto b = s.find_last_not_of(" \t");
    return s.substr(a, b - a + 1);
}

std::optional<double> parse_number(const std::string& text) {
    const std::string t = trim(text);
    if (t.empty()) return std::nullopt;
    std::size_t used = 0;
    try {
        const double v = std::stod(t, &used);
        if (used != t.size() || !std::isfinite(v)) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// "78.0 / 14.6 / 5.2 / 1.3" -> {78.0, 14.6, 5.2, 1.3}; nothing if a piece is not a number.
std::optional<std::vector<double>> parse_parts(const std::string& text) {
    std::vector<double> out;
    std::stringstream in(text);
    for (std::string piece; std::getline(in, piece, '/');) {
        const auto v = parse_number(piece);
        if (!v) return std::nullopt;
        out.push_back(*v);
    }
    return out;
}

// The part names a quantity lists after its colon: "...after 3 years: none / lower / higher / both
// (...)" -> none, lower, higher, both (the first word of each piece).
std::vector<std::string> part_names(const std::string& quantity) {
    const auto slash = quantity.find('/');
    if (slash == std::string::npos) return {};
    const auto colon = quantity.rfind(':', slash);
    if (colon == std::string::npos) return {};
    std::vector<std::string> names;
    std::stringstream in(quantity.substr(colon + 1));
    for (std::string piece; std::getline(in, piece, '/');) {
        const std::string t = trim(piece);
        std::string word;
        for (char c : t) {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') word += c;
            else break;
        }
        if (word.empty()) return {};
        names.push_back(word);
    }
    return names;
}

}  // namespace

std::map<std::string, PublishedTarget> read_targets(const std::string& path) {
    const std::string text = read_input_file(path, "targets file");
    std::map<std::string, PublishedTarget> out;
    std::stringstream in(text);
    std::string line;
    if (!std::getline(in, line)) throw ScenarioError(path + ": the targets file is empty");
    const auto header = split_csv(line);
    auto column = [&](const std::string& name) -> std::size_t {
        const auto at = std::find(header.begin(), header.end(), name);
        if (at == header.end())
            throw ScenarioError(path + ":1: the targets file has no column '" + name +
                                "' (expected id, group, quantity, population, year, value, unit, tolerance, ...)");
        return static_cast<std::size_t>(at - header.begin());
    };
    const std::size_t c_id = column("id"), c_quantity = column("quantity"), c_value = column("value"),
                      c_tolerance = column("tolerance");
    for (int number = 2; std::getline(in, line); ++number) {
        if (trim(line).empty()) continue;
        const auto f = split_csv(line);
        if (f.size() <= std::max({c_id, c_quantity, c_value, c_tolerance})) continue;
        const std::string id = trim(f[c_id]);
        const auto tolerance = parse_number(f[c_tolerance]);
        if (id.empty() || !tolerance || *tolerance <= 0) continue;
        if (const auto v = parse_number(f[c_value])) {
            out[id] = PublishedTarget{id, f[c_quantity], *v, *tolerance};
            continue;
        }
        const auto parts = parse_parts(f[c_value]);
        const auto names = part_names(f[c_quantity]);
        if (!parts || parts->size() < 2) continue;  // qualitative figures, ranges: not targets
        if (names.size() != parts->size())
            throw ScenarioError(path + ":" + std::to_string(number) + ": target " + id + " has " +
                                std::to_string(parts->size()) + " values but its quantity names " +
                                std::to_string(names.size()) + " parts after a colon ('...: none / lower / ...')");
        for (std::size_t k = 0; k < names.size(); ++k) {
            const std::string part = id + "." + names[k];
            out[part] = PublishedTarget{part, f[c_quantity] + " [" + names[k] + "]", (*parts)[k], *tolerance};
        }
    }
    return out;
}

const std::vector<std::string>& calibration_algorithms() {
    static const std::vector<std::string> a{"bobyqa", "neldermead", "crs2", "isres"};
    return a;
}

namespace {

// The parts of a multi-part id ("M02" -> M02.none, ...), or the id itself if it is a target.
std::vector<std::string> expand_id(const std::map<std::string, PublishedTarget>& targets, const std::string& id) {
    if (targets.count(id)) return {id};
    std::vector<std::string> parts;
    for (auto it = targets.lower_bound(id + "."); it != targets.end() && it->first.rfind(id + ".", 0) == 0; ++it)
        parts.push_back(it->first);
    return parts;
}

std::string number_text(double v) {
    std::ostringstream o;
    o.precision(15);
    o << v;
    return o.str();
}

}  // namespace

CalibrationFile read_calibration_file(const std::string& path) {
    CalibrationFile c;
    c.path = path;
    c.text = read_input_file(path, "calibration file");
    toml::table t;
    try {
        t = toml::parse(std::string_view(c.text), std::string_view(path));
    } catch (const toml::parse_error& e) {
        std::ostringstream o;
        o << path << ":" << e.source().begin.line << ": not valid TOML: " << e.description();
        throw ScenarioError(o.str());
    }
    const fs::path dir = fs::path(path).parent_path();
    auto resolve = [&](const std::string& p) { return fs::path(p).is_absolute() || dir.empty() ? p : (dir / p).string(); };
    auto line_of = [](const toml::node& n) { return static_cast<int>(n.source().begin.line); };
    auto where = [&](const toml::node& n) { return path + ":" + std::to_string(line_of(n)); };
    auto number_of = [&](const toml::node& n, const std::string& key) {
        const auto v = n.value<double>();
        if (!v || !std::isfinite(*v)) throw ScenarioError(where(n) + ": key '" + key + "': expected a number");
        return *v;
    };
    c.name = fs::path(path).stem().string();
    c.targets_file = "tests/statistical/targets.csv";
    int targets_line = 0;
    const toml::node* tolerance_table = nullptr;
    for (auto&& [key, node] : t) {
        const std::string k(key.str());
        if (k == "name") {
            if (!node.is_string() || node.as_string()->get().empty())
                throw ScenarioError(where(node) + ": key 'name': expected a non-empty string");
            c.name = node.as_string()->get();
        } else if (k == "targets") {
            if (!node.is_string()) throw ScenarioError(where(node) + ": key 'targets': expected the targets file (a string)");
            c.targets_file = resolve(node.as_string()->get());
            targets_line = line_of(node);
        } else if (k == "replicates" || k == "max_evaluations") {
            const auto* v = node.as_integer();
            const std::int64_t top = k == "replicates" ? 1000 : 100000;
            if (!v || v->get() < 1 || v->get() > top)
                throw ScenarioError(where(node) + ": key '" + k + "': expected an integer in [1, " + std::to_string(top) + "]");
            (k == "replicates" ? c.replicates : c.max_evaluations) = static_cast<int>(v->get());
        } else if (k == "seed") {
            const auto* v = node.as_integer();
            if (!v || v->get() < 0) throw ScenarioError(where(node) + ": key 'seed': expected a non-negative integer");
            c.seed = static_cast<std::uint64_t>(v->get());
        } else if (k == "algorithm") {
            const auto& names = calibration_algorithms();
            if (!node.is_string() || std::find(names.begin(), names.end(), node.as_string()->get()) == names.end()) {
                std::string list;
                for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                throw ScenarioError(where(node) + ": key 'algorithm': expected one of " + list);
            }
            c.algorithm = node.as_string()->get();
        } else if (k == "relative_tolerance" || k == "identifiability_fraction") {
            const double v = number_of(node, k);
            if (!(v > 0 && v <= 1)) throw ScenarioError(where(node) + ": key '" + k + "': expected a number in (0, 1]");
            (k == "relative_tolerance" ? c.relative_tolerance : c.identifiability_fraction) = v;
        } else if (k == "tolerance") {
            if (!node.is_table()) throw ScenarioError(where(node) + ": key 'tolerance': expected a table of target id = tolerance");
            tolerance_table = &node;
        } else if (k == "parameter") {
            const auto* arr = node.as_array();
            if (!arr || !arr->is_array_of_tables())
                throw ScenarioError(where(node) + ": key 'parameter': expected [[parameter]] tables");
            for (const auto& e : *arr) {
                const auto& pt = *e.as_table();
                FitParameter p;
                p.line = line_of(e);
                bool has_lower = false, has_upper = false;
                for (auto&& [pk, pv] : pt) {
                    const std::string name(pk.str());
                    if (name == "key") {
                        if (!pv.is_string()) throw ScenarioError(where(pv) + ": key 'parameter.key': expected a parameter key (a string)");
                        p.name = pv.as_string()->get();
                        p.line = line_of(pv);
                    } else if (name == "lower") {
                        p.lower = number_of(pv, "parameter.lower");
                        has_lower = true;
                    } else if (name == "upper") {
                        p.upper = number_of(pv, "parameter.upper");
                        has_upper = true;
                    } else if (name == "start") {
                        p.start = number_of(pv, "parameter.start");
                    } else {
                        throw ScenarioError(where(pv) + ": unknown key 'parameter." + name.substr(0, 200) +
                                            "'; a [[parameter]] has key, lower, upper, start");
                    }
                }
                const std::string at = path + ":" + std::to_string(p.line);
                if (p.name.empty()) throw ScenarioError(at + ": key 'parameter.key': missing (the schema key to fit)");
                p.key = p.name;
                if (const auto open = p.name.find('['); open != std::string::npos) {
                    const auto close = p.name.find(']', open);
                    const std::string digits = close == std::string::npos ? "" : p.name.substr(open + 1, close - open - 1);
                    if (digits.empty() || digits.size() > 4 || close + 1 != p.name.size() ||
                        digits.find_first_not_of("0123456789") != std::string::npos)
                        throw ScenarioError(at + ": key 'parameter.key': '" + p.name.substr(0, 200) +
                                            "' is not a key or key[index]");
                    p.key = p.name.substr(0, open);
                    p.index = std::stoi(digits);
                }
                const model::ParamSpec* spec = model::find_param(p.key);
                if (!spec) {
                    const std::string guess = did_you_mean(p.key);
                    throw ScenarioError(at + ": key 'parameter.key': unknown parameter '" + p.key.substr(0, 200) + "'" +
                                        (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
                }
                if (p.index < 0 && spec->kind != model::ParamKind::number)
                    throw ScenarioError(at + ": key 'parameter.key': " + p.key + " is of type " + model::kind_name(spec->kind) +
                                        (spec->kind == model::ParamKind::number_list ? "; fit one element as " + p.key + "[0]"
                                                                                     : "; only numbers can be fitted"));
                if (p.index >= 0) {
                    if (spec->kind != model::ParamKind::number_list)
                        throw ScenarioError(at + ": key 'parameter.key': " + p.key + " is not a list of numbers");
                    const auto n = std::get<std::vector<double>>(spec->default_value).size();
                    if (spec->list_size > 0 && static_cast<std::size_t>(p.index) >= spec->list_size)
                        throw ScenarioError(at + ": key 'parameter.key': " + p.key + " has " + std::to_string(spec->list_size) +
                                            " elements (index 0 to " + std::to_string(spec->list_size - 1) + ")");
                    static_cast<void>(n);
                }
                for (const auto& other : c.parameters)
                    if (other.name == p.name) throw ScenarioError(at + ": key 'parameter.key': " + p.name + " is fitted twice");
                if (!has_lower || !has_upper)
                    throw ScenarioError(at + ": parameter " + p.name + ": key '" + (has_lower ? "upper" : "lower") +
                                        "': missing (the bounds of the fit)");
                auto text = [](double v) { return number_text(v); };
                if (!(p.lower < p.upper))
                    throw ScenarioError(at + ": parameter " + p.name + ": key 'lower': " + text(p.lower) +
                                        " is not below upper " + text(p.upper));
                if (p.lower < spec->min || p.upper > spec->max)
                    throw ScenarioError(at + ": parameter " + p.name + ": key '" + (p.lower < spec->min ? "lower" : "upper") +
                                        "': the bounds [" + text(p.lower) + ", " + text(p.upper) +
                                        "] must lie within the schema's range [" + text(spec->min) + ", " + text(spec->max) + "]");
                if (p.start && (*p.start < p.lower || *p.start > p.upper))
                    throw ScenarioError(at + ": parameter " + p.name + ": key 'start': " + text(*p.start) +
                                        " is outside the bounds [" + text(p.lower) + ", " + text(p.upper) + "]");
                c.parameters.push_back(p);
            }
        } else if (k == "configuration") {
            const auto* arr = node.as_array();
            if (!arr || !arr->is_array_of_tables())
                throw ScenarioError(where(node) + ": key 'configuration': expected [[configuration]] tables");
            for (const auto& e : *arr) {
                FitConfiguration f;
                f.line = line_of(e);
                int scenario_line = f.line, set_line = f.line;
                for (auto&& [ck, cv] : *e.as_table()) {
                    const std::string name(ck.str());
                    if (name == "name") {
                        if (!cv.is_string()) throw ScenarioError(where(cv) + ": key 'configuration.name': expected a string");
                        f.name = cv.as_string()->get();
                    } else if (name == "scenario") {
                        if (!cv.is_string()) throw ScenarioError(where(cv) + ": key 'configuration.scenario': expected a scenario file");
                        f.scenario = resolve(cv.as_string()->get());
                        scenario_line = line_of(cv);
                    } else if (name == "set") {
                        const auto* sets = cv.as_array();
                        if (!sets) throw ScenarioError(where(cv) + ": key 'configuration.set': expected a list of \"key=value\" strings");
                        set_line = line_of(cv);
                        for (const auto& s : *sets) {
                            if (!s.is_string())
                                throw ScenarioError(where(s) + ": key 'configuration.set': expected \"key=value\" strings");
                            check_override(s.as_string()->get(), where(s));
                            f.overrides.push_back(s.as_string()->get());
                        }
                    } else if (name == "targets") {
                        const auto* ids = cv.as_array();
                        if (!ids || ids->empty())
                            throw ScenarioError(where(cv) + ": key 'configuration.targets': expected a non-empty list of target ids");
                        for (const auto& s : *ids) {
                            if (!s.is_string()) throw ScenarioError(where(s) + ": key 'configuration.targets': expected ids (strings)");
                            f.targets.push_back(s.as_string()->get());
                        }
                    } else if (name == "fit") {
                        if (!cv.is_boolean()) throw ScenarioError(where(cv) + ": key 'configuration.fit': expected true or false");
                        f.fit = cv.as_boolean()->get();
                    } else {
                        throw ScenarioError(where(cv) + ": unknown key 'configuration." + name.substr(0, 200) +
                                            "'; a [[configuration]] has name, scenario, set, targets, fit");
                    }
                }
                const std::string at = path + ":" + std::to_string(f.line);
                if (f.scenario.empty()) throw ScenarioError(at + ": key 'configuration.scenario': missing (the scenario file to run)");
                if (f.targets.empty()) throw ScenarioError(at + ": key 'configuration.targets': missing (the target ids it speaks to)");
                if (f.name.empty()) f.name = fs::path(f.scenario).stem().string() + " #" + std::to_string(c.configurations.size() + 1);
                // the scenario and its overrides are checked now, so an error names this file
                try {
                    load_scenario(f.scenario, f.overrides);
                } catch (const ScenarioError& err) {
                    const std::string msg = err.what();
                    const bool own = msg.rfind(f.scenario, 0) == 0;
                    throw ScenarioError(path + ":" + std::to_string(own ? scenario_line : set_line) + ": configuration '" +
                                        f.name + "': " + msg);
                }
                c.configurations.push_back(f);
            }
        } else {
            throw ScenarioError(where(node) + ": unknown key '" + k.substr(0, 200) +
                                "'; a calibration file has name, targets, replicates, seed, algorithm, max_evaluations, "
                                "relative_tolerance, identifiability_fraction, [tolerance], [[parameter]], [[configuration]]");
        }
    }
    if (c.parameters.empty()) throw ScenarioError(path + ": the calibration file names no parameters ([[parameter]] key = ...)");
    if (std::none_of(c.configurations.begin(), c.configurations.end(), [](const FitConfiguration& f) { return f.fit; }))
        throw ScenarioError(path + ": the calibration file names no configuration to fit ([[configuration]] with fit = true)");
    try {
        c.targets = read_targets(c.targets_file);
    } catch (const ScenarioError& e) {
        throw ScenarioError(path + ":" + std::to_string(targets_line) + ": key 'targets': " + e.what());
    }
    if (tolerance_table) {
        for (auto&& [tk, tv] : *tolerance_table->as_table()) {
            const std::string id(tk.str());
            const double v = number_of(tv, "tolerance." + id);
            if (!(v > 0)) throw ScenarioError(where(tv) + ": key 'tolerance." + id.substr(0, 200) + "': expected a positive number");
            const auto parts = expand_id(c.targets, id);
            if (parts.empty())
                throw ScenarioError(where(tv) + ": key 'tolerance." + id.substr(0, 200) + "': no target " + id.substr(0, 200) +
                                    " in " + c.targets_file);
            for (const auto& p : parts) {
                c.tolerance[p] = v;
                c.targets[p].tolerance = v;
            }
        }
    }
    for (auto& f : c.configurations) {
        std::vector<std::string> ids;
        for (const auto& id : f.targets) {
            const auto parts = expand_id(c.targets, id);
            if (parts.empty())
                throw ScenarioError(path + ":" + std::to_string(f.line) + ": configuration '" + f.name +
                                    "': key 'targets': no target '" + id.substr(0, 200) + "' with a numeric value in " +
                                    c.targets_file);
            for (const auto& p : parts)
                if (std::find(ids.begin(), ids.end(), p) == ids.end()) ids.push_back(p);
        }
        f.targets = ids;
    }
    return c;
}

}  // namespace pathways::scenario
