#include "scenario/scenario.hpp"

#include "model/schema.hpp"
#include "rng/stream.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace pathways::scenario {
namespace {

namespace fs = std::filesystem;
using model::ParamKind;
using model::ParamSpec;
using model::ParamValue;

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string where(const std::string& file, const toml::node& node) {
    std::ostringstream out;
    out << file << ':' << node.source().begin.line;
    return out.str();
}

// A command-line value as it can be shown on one line: control characters as \n, \xNN.
std::string visible(const std::string& text) {
    std::string out;
    for (const char c : text.substr(0, 80)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') out += "\\n";
        else if (u < 0x20 || u == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else out += c;
    }
    return "'" + out + (text.size() > 80 ? "...'" : "'");
}

std::string toml_type_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "a date or time";
    }
}

std::string show(const toml::node& n) {
    std::ostringstream out;
    if (n.is_table()) out << "a table";
    else if (n.is_array()) out << *n.as_array();
    else if (n.is_string()) out << '"' << n.as_string()->get() << '"';
    else if (n.is_integer()) out << n.as_integer()->get();
    else if (n.is_floating_point()) out << n.as_floating_point()->get();
    else if (n.is_boolean()) out << (n.as_boolean()->get() ? "true" : "false");
    else out << toml_type_name(n);
    return out.str();
}

std::string expected(const ParamSpec& spec) {
    std::ostringstream out;
    switch (spec.kind) {
        case ParamKind::number: out << "a number in [" << spec.min << ", " << spec.max << "]"; break;
        case ParamKind::integer: out << "an integer in [" << spec.min << ", " << spec.max << "]"; break;
        case ParamKind::boolean: out << "true or false"; break;
        case ParamKind::choice: {
            out << "one of";
            for (const auto& c : spec.choices) out << " \"" << c << '"';
            break;
        }
        case ParamKind::number_list:
            out << "an array of " << (spec.list_size ? std::to_string(spec.list_size) + " " : "") << "numbers in ["
                << spec.min << ", " << spec.max << "]";
            break;
        case ParamKind::string_list: out << "an array of strings"; break;
    }
    if (!spec.unit.empty()) out << " (" << spec.unit << ")";
    return out.str();
}

[[noreturn]] void fail(const std::string& at, const ParamSpec& spec, const toml::node& found, const std::string& why = "") {
    throw ScenarioError(at + ": key '" + spec.key + "': expected " + expected(spec) + ", found " + show(found) +
                        (why.empty() ? "" : " (" + why + ")"));
}

bool in_range(const ParamSpec& spec, double x) { return std::isfinite(x) && x >= spec.min && x <= spec.max; }

std::optional<double> as_number(const toml::node& n) {
    if (n.is_integer()) return static_cast<double>(n.as_integer()->get());
    if (n.is_floating_point()) return n.as_floating_point()->get();
    return std::nullopt;
}

// Converts a TOML value to the schema's type, checking type and range.
ParamValue convert(const ParamSpec& spec, const toml::node& n, const std::string& at) {
    switch (spec.kind) {
        case ParamKind::number: {
            const auto x = as_number(n);
            if (!x) fail(at, spec, n);
            if (!in_range(spec, *x)) fail(at, spec, n, "out of range");
            return *x;
        }
        case ParamKind::integer: {
            if (!n.is_integer()) fail(at, spec, n);
            const auto x = n.as_integer()->get();
            if (!in_range(spec, static_cast<double>(x))) fail(at, spec, n, "out of range");
            return static_cast<std::int64_t>(x);
        }
        case ParamKind::boolean:
            if (!n.is_boolean()) fail(at, spec, n);
            return n.as_boolean()->get();
        case ParamKind::choice: {
            if (!n.is_string()) fail(at, spec, n);
            const std::string v = n.as_string()->get();
            if (std::find(spec.choices.begin(), spec.choices.end(), v) == spec.choices.end())
                fail(at, spec, n, "not a known choice");
            return v;
        }
        case ParamKind::number_list: {
            if (!n.is_array()) fail(at, spec, n);
            std::vector<double> out;
            for (const auto& e : *n.as_array()) {
                const auto x = as_number(e);
                if (!x) fail(at, spec, n, "element " + std::to_string(out.size() + 1) + " is " + toml_type_name(e));
                if (!in_range(spec, *x)) fail(at, spec, n, "element " + std::to_string(out.size() + 1) + " out of range");
                out.push_back(*x);
            }
            if (spec.list_size && out.size() != spec.list_size)
                fail(at, spec, n, std::to_string(out.size()) + " elements");
            if (out.empty()) fail(at, spec, n, "empty");
            return out;
        }
        case ParamKind::string_list: {
            if (!n.is_array()) fail(at, spec, n);
            std::vector<std::string> out;
            for (const auto& e : *n.as_array()) {
                if (!e.is_string()) fail(at, spec, n, "element " + std::to_string(out.size() + 1) + " is " + toml_type_name(e));
                out.push_back(e.as_string()->get());
            }
            return out;  // an empty list may be meaningful (no districts); check_consistency guards the rest
        }
    }
    fail(at, spec, n);
}

// Whether some schema key starts with "prefix.": a table that can hold parameters.
bool is_table_of_keys(const std::string& prefix) {
    for (const auto& spec : model::schema())
        if (spec.key.size() > prefix.size() && spec.key.compare(0, prefix.size(), prefix) == 0 && spec.key[prefix.size()] == '.')
            return true;
    return false;
}

[[noreturn]] void unknown_key(const std::string& at, const std::string& key) {
    const std::string guess = did_you_mean(key);
    throw ScenarioError(at + ": unknown key '" + key + "'" + (guess.empty() ? "" : "; did you mean '" + guess + "'?") +
                        " (docs/parameters.md lists every key)");
}

// [uncertainty] mirrors the parameter tables: `[uncertainty.preschool] effect = [0.0, 0.2]`; its key
// `priors = true` switches on the schema's priors (scenario.hpp).
void apply_uncertainty(const toml::table& table, const std::string& prefix, const std::string& file, Scenario& s) {
    for (const auto& [k, node] : table) {
        const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (prefix.empty() && key == "priors") {  // the switch, beside the ranges
            if (!node.is_boolean())
                throw ScenarioError(where(file, node) + ": key 'uncertainty.priors': expected true or false, found " + show(node));
            s.priors = node.as_boolean()->get();
            continue;
        }
        const ParamSpec* spec = model::find_param(key);
        if (!spec) {
            if (node.is_table() && is_table_of_keys(key)) {
                apply_uncertainty(*node.as_table(), key, file, s);
                continue;
            }
            unknown_key(where(file, node), key);
        }
        const std::string at = where(file, node);
        if (spec->kind != ParamKind::number)
            throw ScenarioError(at + ": key 'uncertainty." + key + "': only number parameters can be uncertain; '" + key +
                                "' is " + model::kind_name(spec->kind));
        const auto* range = node.as_array();
        const auto lo = range && range->size() == 2 ? as_number(*range->get(0)) : std::nullopt;
        const auto hi = range && range->size() == 2 ? as_number(*range->get(1)) : std::nullopt;
        if (!lo || !hi || !(*lo < *hi) || !in_range(*spec, *lo) || !in_range(*spec, *hi)) {
            std::ostringstream want;
            want << "[low, high] with " << spec->min << " <= low < high <= " << spec->max;
            throw ScenarioError(at + ": key 'uncertainty." + key + "': expected " + want.str() + ", found " + show(node));
        }
        std::erase_if(s.uncertain, [&](const UncertainParameter& u) { return u.key == key; });
        s.uncertain.push_back({key, *lo, *hi});
    }
}

void apply_table(const toml::table& table, const std::string& prefix, const std::string& file, Scenario& s) {
    for (const auto& [k, node] : table) {
        const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (prefix.empty() && (key == "extends")) continue;
        if (prefix.empty() && key == "uncertainty") {
            if (!node.is_table()) throw ScenarioError(where(file, node) + ": [uncertainty] must be a table");
            apply_uncertainty(*node.as_table(), "", file, s);
            continue;
        }
        if (prefix.empty() && key == "scenario") {
            if (!node.is_table()) throw ScenarioError(where(file, node) + ": [scenario] must be a table");
            for (const auto& [mk, mv] : *node.as_table()) {
                const std::string m(mk.str());
                if ((m != "name" && m != "description") || !mv.is_string())
                    throw ScenarioError(where(file, mv) + ": key 'scenario." + m +
                                        "': expected name or description as a string");
                (m == "name" ? s.name : s.description) = mv.as_string()->get();
            }
            continue;
        }
        const ParamSpec* spec = model::find_param(key);
        if (!spec) {
            if (node.is_table() && is_table_of_keys(key)) {  // recursion as deep as the schema's keys, no deeper
                apply_table(*node.as_table(), key, file, s);
                continue;
            }
            unknown_key(where(file, node), key);
        }
        spec->set(s.params, convert(*spec, node, where(file, node)));
        s.set_keys.push_back(key);
        s.origins[key] = where(file, node);
    }
}

void load_file(const std::string& path, Scenario& s, std::vector<std::string>& chain) {
    const std::string canonical = fs::weakly_canonical(path).string();
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
        throw ScenarioError(path + ": 'extends' loops back to a file that extends it");
    chain.push_back(canonical);
    const std::string text = read_input_file(path, "scenario file");
    toml::table table;
    try {
        table = toml::parse(std::string_view(text), std::string_view(path));
    } catch (const toml::parse_error& e) {
        std::ostringstream out;
        out << path << ':' << e.source().begin.line << ": not valid TOML: " << e.description();
        throw ScenarioError(out.str());
    }
    if (const auto* ext = table.get("extends")) {
        if (!ext->is_string())
            throw ScenarioError(where(path, *ext) + ": key 'extends': expected a file name as a string, found " + show(*ext));
        const fs::path base = fs::path(path).parent_path() / ext->as_string()->get();
        std::error_code ec;
        if (!fs::exists(base, ec))
            throw ScenarioError(where(path, *ext) + ": key 'extends': file " + base.string() + " does not exist");
        if (fs::is_directory(base, ec))
            throw ScenarioError(where(path, *ext) + ": key 'extends': " + base.string() + " is a folder, not a scenario file");
        if (chain.size() >= kMaxExtendsDepth)
            throw ScenarioError(where(path, *ext) + ": key 'extends': more than " + std::to_string(kMaxExtendsDepth) +
                                " files in the chain of extends");
        try {
            load_file(base.string(), s, chain);
        } catch (const ScenarioError& e) {
            const std::string what = e.what();
            // a file that cannot be read is named with the line that extends it
            if (what.rfind(base.string() + ": ", 0) == 0 && what.find(':', base.string().size() + 2) == std::string::npos)
                throw ScenarioError(where(path, *ext) + ": key 'extends': " + what);
            throw;
        }
    }
    s.files.push_back({path, text});
    s.name.clear();  // name and description belong to the outermost file only
    s.description.clear();
    apply_table(table, "", path, s);
}

// key=value of --set (or of a batch file's sweep), checked against the schema: `origin` names where
// it came from in errors ("--set", or "batch.toml:7").
std::pair<const ParamSpec*, ParamValue> parse_override(const std::string& assignment, const std::string& origin) {
    if (assignment.size() > kMaxOverrideBytes)
        throw ScenarioError(origin + ": '" + assignment.substr(0, 40) + "...' is longer than " +
                            std::to_string(kMaxOverrideBytes) + " characters");
    for (const char c : assignment)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            throw ScenarioError(origin + " " + visible(assignment) + ": a line break or control character; give one key=value per --set");
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw ScenarioError(origin + " " + visible(assignment) + ": expected key=value");
    std::string key = assignment.substr(0, eq);
    std::string value = assignment.substr(eq + 1);
    key.erase(key.find_last_not_of(" \t") + 1);
    key.erase(0, key.find_first_not_of(" \t"));
    const ParamSpec* spec = model::find_param(key);
    if (!spec) unknown_key(origin, key);
    if (spec->kind == ParamKind::choice && !value.empty() && value.front() != '"') value = '"' + value + '"';
    toml::table t;
    try {
        t = toml::parse(std::string_view("v = " + value), std::string_view(origin));
    } catch (const toml::parse_error&) {
        t = {};
    }
    const toml::node* v = t.get("v");
    if (!v || t.size() != 1)
        throw ScenarioError(origin + ": key '" + key + "': expected " + expected(*spec) + ", found '" + value +
                            "' (not one TOML value)");
    return {spec, convert(*spec, *v, origin)};
}

void apply_override(const std::string& assignment, Scenario& s) {
    const auto [spec, value] = parse_override(assignment, "--set");
    spec->set(s.params, value);
    s.set_keys.push_back(spec->key);
    s.origins[spec->key] = "--set";
}

}  // namespace

std::string read_input_file(const std::string& path, const std::string& kind) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw ScenarioError(path + ": is a folder, not a " + kind);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError(path + ": cannot open the " + kind);
    // At most kMaxFileBytes (+1 to tell a file of exactly that size from a larger one): /dev/zero
    // or a wrong path to a large file is refused, not read into memory.
    std::string text(kMaxFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) throw ScenarioError(path + ": cannot read the " + kind);
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes)
        throw ScenarioError(path + ": larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB, too large for a " + kind);
    return text;
}

bool is_parameter_table(const std::string& prefix) { return is_table_of_keys(prefix); }

std::string did_you_mean(const std::string& key) {
    std::string best;
    std::size_t best_d = std::string::npos;
    const std::string leaf = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    for (const auto& spec : model::schema()) {
        const std::string spec_leaf = spec.key.substr(spec.key.rfind('.') + 1);
        const std::size_t d = std::min(edit_distance(key, spec.key), edit_distance(leaf, spec_leaf) + 1);
        if (d < best_d) {
            best_d = d;
            best = spec.key;
        }
    }
    return best_d <= std::max<std::size_t>(3, key.size() / 4) ? best : "";
}

void check_override(const std::string& assignment, const std::string& origin) { parse_override(assignment, origin); }

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    Scenario s;
    s.params = model::default_params();
    std::vector<std::string> chain;
    load_file(path, s, chain);
    if (s.name.empty()) s.name = fs::path(path).stem().string();
    for (const auto& o : overrides) apply_override(o, s);
    s.overrides = overrides;
    if (const auto problem = model::check_consistency(s.params)) {
        // A problem that starts with a key set in a file names that file and line (or --set).
        const auto origin = s.origins.find(problem->substr(0, problem->find(' ')));
        if (origin == s.origins.end()) throw ScenarioError(path + ": " + *problem);
        throw ScenarioError((origin->second == "--set" ? path + ": --set" : origin->second) + ": " + *problem);
    }
    std::sort(s.uncertain.begin(), s.uncertain.end(),
              [](const UncertainParameter& a, const UncertainParameter& b) { return a.key < b.key; });
    std::sort(s.set_keys.begin(), s.set_keys.end());
    s.set_keys.erase(std::unique(s.set_keys.begin(), s.set_keys.end()), s.set_keys.end());
    return s;
}

namespace {
// A stream per (seed, replicate) and name: FNV-1a of the name in place of a child index.
double draw_u(std::uint64_t seed, int replicate, const std::string& name) {
    std::uint32_t h = 2166136261u;
    for (const unsigned char c : name) h = (h ^ c) * 16777619u;
    rng::Stream r(rng::StreamKey{seed, static_cast<std::uint32_t>(replicate)}, h, 0, 0, rng::Purpose::parameter);
    return r.uniform();
}
}  // namespace

bool draws_prior(const Scenario& s, const model::PriorDimension& d) {
    if (!s.priors) return false;
    if (std::binary_search(s.set_keys.begin(), s.set_keys.end(), d.key)) return false;
    return std::none_of(s.uncertain.begin(), s.uncertain.end(), [&](const UncertainParameter& u) { return u.key == d.key; });
}

void share_priors_switch(std::vector<Scenario>& scenarios, bool on) {
    for (const auto& sc : scenarios) on = on || sc.priors;
    for (auto& sc : scenarios) sc.priors = on;
}

std::vector<ParameterDraw> replicate_draws(const Scenario& s, std::uint64_t seed, int replicate) {
    std::vector<ParameterDraw> out;
    for (const auto* d : model::prior_dimensions())
        if (draws_prior(s, *d))
            out.push_back({d->name, d->key, d->prior.describe(), d->prior.quantile(draw_u(seed, replicate, d->name)), "prior"});
    for (const auto& u : s.uncertain) {
        std::ostringstream range;
        range << "U(" << u.low << ", " << u.high << ")";
        out.push_back({u.key, u.key, range.str(), u.low + (u.high - u.low) * draw_u(seed, replicate, u.key), "range"});
    }
    return out;
}

model::Params replicate_params(const Scenario& s, std::uint64_t seed, int replicate) {
    model::Params p = s.params;
    for (const auto& d : replicate_draws(s, seed, replicate)) {
        if (d.source == "prior") model::apply_prior(p, *model::find_prior_dimension(d.name), d.value);
        else model::find_param(d.key)->set(p, d.value);
    }
    return p;
}

}  // namespace pathways::scenario
