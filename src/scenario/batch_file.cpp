#include "scenario/batch_file.hpp"

#include "scenario/scenario.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <sstream>

namespace pathways::scenario {

namespace fs = std::filesystem;

BatchFile read_batch_file(const std::string& path) {
    const std::string text = read_input_file(path, "batch file");
    toml::table t;
    try {
        t = toml::parse(std::string_view(text), std::string_view(path));
    } catch (const toml::parse_error& e) {
        std::ostringstream o;
        o << path << ":" << e.source().begin.line << ": not valid TOML: " << e.description();
        throw ScenarioError(o.str());
    }
    const fs::path dir = fs::path(path).parent_path();
    auto resolve = [&](const std::string& p) { return fs::path(p).is_absolute() || dir.empty() ? p : (dir / p).string(); };
    auto where = [&](const toml::node& n) { return path + ":" + std::to_string(n.source().begin.line); };
    BatchFile b;
    for (auto&& [key, node] : t) {
        const std::string k(key.str());
        if (k == "scenarios") {
            const auto* arr = node.as_array();
            if (!arr || arr->empty()) throw ScenarioError(where(node) + ": key 'scenarios': expected a non-empty list of scenario files");
            for (const auto& e : *arr) {
                if (!e.is_string()) throw ScenarioError(where(e) + ": key 'scenarios': expected file names (strings)");
                b.scenarios.push_back(resolve(e.as_string()->get()));
            }
        } else if (k == "replicates" || k == "max_replicates") {
            const auto* v = node.as_integer();
            if (!v || v->get() < 1 || v->get() > 100000)
                throw ScenarioError(where(node) + ": key '" + k + "': expected an integer in [1, 100000]");
            (k == "replicates" ? b.replicates : b.max_replicates) = static_cast<int>(v->get());
        } else if (k == "uncertainty") {
            if (!node.is_boolean()) throw ScenarioError(where(node) + ": key 'uncertainty': expected true or false");
            b.uncertainty = node.as_boolean()->get();
        } else if (k == "seed") {
            const auto* v = node.as_integer();
            if (!v || v->get() < 0) throw ScenarioError(where(node) + ": key 'seed': expected a non-negative integer");
            b.seed = static_cast<std::uint64_t>(v->get());
        } else if (k == "out") {
            if (!node.is_string()) throw ScenarioError(where(node) + ": key 'out': expected a file name");
            b.out = resolve(node.as_string()->get());
            std::error_code ec;
            if (fs::is_directory(b.out, ec))
                throw ScenarioError(where(node) + ": key 'out': " + node.as_string()->get() + " is a folder; the output must name a file");
        } else if (k == "precision") {
            const auto v = node.value<double>();
            if (!v || *v <= 0) throw ScenarioError(where(node) + ": key 'precision': expected a positive number (percentage points)");
            b.precision = *v;
        } else if (k == "outcomes") {
            const auto* arr = node.as_array();
            if (!arr) throw ScenarioError(where(node) + ": key 'outcomes': expected a list of outcome names");
            for (const auto& e : *arr) {
                if (!e.is_string()) throw ScenarioError(where(e) + ": key 'outcomes': expected outcome names (strings)");
                b.outcomes.push_back(e.as_string()->get());
            }
        } else if (k == "sweep") {
            const auto* table = node.as_table();
            if (!table) throw ScenarioError(where(node) + ": key 'sweep': expected a table of parameter = [values]");
            auto add = [&](auto& self, const toml::table& tb, const std::string& prefix) -> void {
                for (auto&& [sk, sv] : tb) {
                    const std::string name = prefix.empty() ? std::string(sk.str()) : prefix + "." + std::string(sk.str());
                    if (sv.is_table()) {
                        // only as deep as the parameters' keys go (a 5,000-deep table is no key)
                        if (!is_parameter_table(name)) {
                            const std::string guess = did_you_mean(name);
                            throw ScenarioError(where(sv) + ": unknown key '" + name.substr(0, 200) + "'" +
                                                (guess.empty() ? "" : "; did you mean '" + guess + "'?") + " in [sweep]");
                        }
                        self(self, *sv.as_table(), name);
                        continue;
                    }
                    const auto* values = sv.as_array();
                    if (!values || values->empty())
                        throw ScenarioError(where(sv) + ": key 'sweep." + name + "': expected a non-empty list of values");
                    std::vector<std::string> texts;
                    for (const auto& v : *values) {
                        std::ostringstream o;
                        o.precision(15);  // shortest faithful text: 0.8, not 0.80000000000000004
                        if (const auto d = v.as_floating_point()) o << d->get();
                        else v.visit([&](const auto& x) { o << x; });  // TOML text of the value, strings quoted
                        texts.push_back(o.str());
                        // each value checked now, so an error names this file and line, not --set
                        check_override(name + "=" + texts.back(), where(v));
                    }
                    b.sweep.emplace_back(name, texts);
                }
            };
            add(add, *table, "");
        } else {
            throw ScenarioError(where(node) + ": unknown key '" + k +
                             "'; a batch file has scenarios, replicates, seed, out, precision, outcomes, max_replicates, sweep");
        }
    }
    if (b.scenarios.empty()) throw ScenarioError(path + ": the batch file names no scenarios (scenarios = [\"a.toml\", ...])");
    return b;
}

}  // namespace pathways::scenario
