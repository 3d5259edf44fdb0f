#include "serve/jobs.hpp"

#include "engine/run.hpp"
#include "io/tables.hpp"
#include "model/schema.hpp"
#include "stats/compare.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

namespace pathways::serve {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Cancelled {};

bool plain_id(const std::string& id) {
    if (id.empty() || id.size() > 100) return false;
    for (const char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
    return true;
}

std::string shortest(double x) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::string toml_string(const std::string& s) {
    std::string out = "\"";
    for (const unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

// A TOML value: numbers in the shortest form that reads back as the same double.
std::string toml_value(const model::ParamValue& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, double>) return shortest(x);
            else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(x);
            else if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::string>) return toml_string(x);
            else if constexpr (std::is_same_v<T, std::vector<double>>) {
                std::string o = "[";
                for (std::size_t i = 0; i < x.size(); ++i) {
                    if (i) o += ", ";
                    o += shortest(x[i]);
                }
                return o + "]";
            } else {
                std::string o = "[";
                for (std::size_t i = 0; i < x.size(); ++i) {
                    if (i) o += ", ";
                    o += toml_string(x[i]);
                }
                return o + "]";
            }
        },
        v);
}

json value_json(const model::ParamValue& v) {
    return std::visit([](const auto& x) -> json { return json(x); }, v);
}

json number_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

using io::fixed;

// As `pathways summary` prints them: one decimal for percentages, two for the odds ratio, none for euros.
int digits_of(const std::string& outcome) {
    return outcome == "social_gap_or" ? 2 : outcome == "cost_per_child" ? 0 : 1;
}

const char* outcome_title(const std::string& o) {
    if (o == "havo_vwo_year3") return "havo/vwo in year 3 (%)";
    if (o == "havo_vwo_diploma") return "havo/vwo diploma (%)";
    if (o == "social_gap_pp") return "social gap, year 3 (pp)";
    if (o == "social_gap_or") return "social gap, year 3 (odds ratio)";
    if (o == "misplaced_high_potential_low_edu") return "high potential, low-ed. home, below havo (%)";
    if (o == "early_leaving") return "early leaving (%)";
    if (o == "cost_per_child") return "intervention cost per child (EUR)";
    return o.c_str();
}

using io::csv_number;

std::string shell_quote(const std::string& s) {
    bool plain = !s.empty();
    for (const char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string("_-./=,:+").find(c) != std::string::npos)) plain = false;
    if (plain) return s;
    std::string o = "'";
    for (const char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return o + "'";
}

// The groups of the page: everyone, then by parental education, then by district.
std::vector<stats::Group> page_groups(const std::vector<std::string>& districts) {
    std::vector<stats::Group> g = stats::subgroups({}, districts, {});
    for (const auto& x : stats::subgroups({"parent_edu"}, districts, {})) g.push_back(x);
    for (const auto& x : stats::subgroups({"district"}, districts, {})) g.push_back(x);
    return g;
}

// The outcomes a precision target applies to, as compare's default: every headline outcome in percent.
std::vector<std::string> checked_outcomes() {
    std::vector<std::string> out;
    for (const auto& o : stats::headline_outcomes())
        if (stats::is_percentage(o)) out.push_back(o);
    return out;
}

}  // namespace

std::vector<ScenarioLibrary::Entry> ScenarioLibrary::list() const {
    std::vector<Entry> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
        if (!e.is_regular_file(ec) || e.path().extension() != ".toml") continue;
        Entry x;
        x.id = e.path().stem().string();
        if (!plain_id(x.id)) continue;
        x.file = e.path().filename().string();
        try {
            const auto s = scenario::load_scenario(e.path().string());
            x.name = s.name;
            x.description = s.description;
        } catch (const std::exception& err) {
            x.error = err.what();
        }
        out.push_back(std::move(x));
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.id < b.id; });
    return out;
}

std::string ScenarioLibrary::path_of(const std::string& id) const {
    // Only a name listed in the folder becomes a path: nothing else from a request reaches the file system.
    if (plain_id(id)) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir_, ec))
            if (e.is_regular_file(ec) && e.path().extension() == ".toml" && e.path().stem().string() == id)
                return e.path().string();
    }
    throw RequestError(404, "no scenario named '" + id.substr(0, 100) + "' in " + dir_ + " (GET /api/scenarios lists them)");
}

namespace {

const json& field(const json& body, const char* name) {
    static const json none;
    const auto it = body.find(name);
    return it == body.end() ? none : *it;
}

int integer_field(const json& body, const char* name, int fallback, int lo, int hi) {
    const json& v = field(body, name);
    if (v.is_null()) return fallback;
    if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
        throw RequestError(400, std::string(name) + ": expected an integer from " + std::to_string(lo) + " to " +
                                    std::to_string(hi) + ", found " + v.dump().substr(0, 60));
    return static_cast<int>(v.get<std::int64_t>());
}

}  // namespace

RunRequest parse_run_request(const json& body, const Limits& limits) {
    if (!body.is_object()) throw RequestError(400, "expected a JSON object with base, policies, set, replicates and seed");
    RunRequest r;
    static const std::set<std::string> known{"base", "policies", "set", "replicates", "seed", "precision", "max_replicates"};
    for (const auto& [k, v] : body.items())
        if (!known.count(k)) throw RequestError(400, "unknown field '" + k.substr(0, 60) + "' (fields: base, policies, set, replicates, seed, precision, max_replicates)");
    const json& base = field(body, "base");
    if (!base.is_string()) throw RequestError(400, "base: expected the name of a scenario (GET /api/scenarios lists them)");
    r.base = base.get<std::string>();
    const json& policies = field(body, "policies");
    if (!policies.is_null()) {
        if (!policies.is_array()) throw RequestError(400, "policies: expected an array of scenario names");
        for (const auto& p : policies) {
            if (!p.is_string()) throw RequestError(400, "policies: expected an array of scenario names, found " + p.dump().substr(0, 60));
            r.policies.push_back(p.get<std::string>());
        }
    }
    const json& set = field(body, "set");
    if (!set.is_null()) {
        if (!set.is_object()) throw RequestError(400, "set: expected an object of parameter keys and values, e.g. {\"preschool.reach\": 0.95}");
        for (const auto& [k, v] : set.items()) {
            std::string text;
            if (v.is_string()) text = v.get<std::string>();
            else if (v.is_number_float()) text = shortest(v.get<double>());
            else if (v.is_number() || v.is_boolean() || v.is_array()) text = v.dump();
            else throw RequestError(400, "set: " + k.substr(0, 80) + ": expected a value, found " + v.dump().substr(0, 60));
            r.set.push_back(k + "=" + text);
        }
    }
    r.replicates = integer_field(body, "replicates", 5, 1, limits.max_replicates);
    const json& seed = field(body, "seed");
    if (!seed.is_null()) {
        const std::string digits = seed.is_string() ? seed.get<std::string>() : "";
        if (seed.is_number_unsigned()) r.seed = seed.get<std::uint64_t>();
        else if (seed.is_number_integer() && seed.get<std::int64_t>() >= 0) r.seed = static_cast<std::uint64_t>(seed.get<std::int64_t>());
        // as text, for seeds above 2^53 that JavaScript numbers cannot hold
        else if (!digits.empty() && digits.size() <= 20 && digits.find_first_not_of("0123456789") == std::string::npos &&
                 (digits.size() < 20 || digits <= "18446744073709551615"))
            r.seed = std::stoull(digits);
        else throw RequestError(400, "seed: expected a whole number from 0 to 18446744073709551615, found " + seed.dump().substr(0, 60));
    }
    const json& precision = field(body, "precision");
    if (!precision.is_null()) {
        if (!precision.is_number() || !(precision.get<double>() >= 0) || !std::isfinite(precision.get<double>()))
            throw RequestError(400, "precision: expected a half-width in percentage points (0: none), found " + precision.dump().substr(0, 60));
        r.precision = precision.get<double>();
    }
    r.max_replicates = integer_field(body, "max_replicates", limits.max_replicates, 2, limits.max_replicates);
    if (r.precision > 0 && r.replicates < 2) throw RequestError(400, "replicates: a precision target needs at least 2 replicates to start from");
    if (r.precision > 0 && r.max_replicates < r.replicates) throw RequestError(400, "max_replicates is below replicates");
    return r;
}

std::vector<scenario::Scenario> load_request(const ScenarioLibrary& lib, const RunRequest& r, const Limits& limits) {
    if (r.policies.empty()) throw RequestError(400, "policies: choose at least one scenario to compare with the base");
    if (static_cast<int>(r.policies.size()) + 1 > limits.max_scenarios)
        throw RequestError(400, "policies: at most " + std::to_string(limits.max_scenarios - 1) + " policies in one comparison");
    engine::BatchSpec spec;
    std::vector<std::string> ids{r.base};
    ids.insert(ids.end(), r.policies.begin(), r.policies.end());
    for (const auto& id : ids) {
        const std::string path = lib.path_of(id);
        try {
            spec.scenarios.push_back(scenario::load_scenario(path, r.set));
        } catch (const scenario::ScenarioError& e) {
            throw RequestError(400, e.what());
        }
        const auto& pop = spec.scenarios.back().params.population;
        const std::int64_t children = static_cast<std::int64_t>(pop.birth_cohorts) * pop.cohort_size;
        if (children > limits.max_children)
            throw RequestError(400, id + ": " + std::to_string(children) + " children (population.birth_cohorts × population.cohort_size) is above this server's limit of " +
                                        std::to_string(limits.max_children) + " (pathways serve --max-children)");
    }
    spec.replicates = r.replicates;
    spec.seed = r.seed;
    spec.precision = r.precision;
    spec.max_replicates = r.max_replicates;
    spec.out = (fs::temp_directory_path() / "pathways-serve-check.h5").string();  // checked, never written
    try {
        engine::validate_batch(spec);
    } catch (const engine::BatchError& e) {
        throw RequestError(400, e.what());
    }
    return std::move(spec.scenarios);
}

std::string value_text(const model::ParamSpec& spec, const model::ParamValue& v) {
    if (spec.kind == model::ParamKind::choice) return std::get<std::string>(v);
    return toml_value(v);
}

json schema_json() {
    json out = json::array();
    for (const auto& s : model::schema()) {
        json p{{"key", s.key},
               {"kind", model::kind_name(s.kind)},
               {"unit", s.unit},
               {"default", value_json(s.default_value)},
               {"default_text", value_text(s, s.default_value)},
               {"meaning", s.meaning},
               {"source", s.source},
               {"assumption", s.assumption}};
        if (s.kind == model::ParamKind::number || s.kind == model::ParamKind::integer || s.kind == model::ParamKind::number_list) {
            p["min"] = s.min;
            p["max"] = s.max;
        }
        if (s.list_size) p["list_size"] = s.list_size;
        if (!s.choices.empty()) p["choices"] = s.choices;
        out.push_back(std::move(p));
    }
    return out;
}

json scenario_json(const scenario::Scenario& s) {
    json values = json::object();
    for (const auto& spec : model::schema()) values[spec.key] = value_text(spec, spec.get(s.params));
    json uncertain = json::array();
    for (const auto& u : s.uncertain) uncertain.push_back({{"key", u.key}, {"low", u.low}, {"high", u.high}});
    return {{"name", s.name}, {"description", s.description}, {"values", values}, {"set_keys", s.set_keys}, {"uncertain", uncertain}};
}

std::string scenario_toml(const scenario::Scenario& s, const std::string& comment) {
    std::ostringstream o;
    std::istringstream lines(comment);
    for (std::string line; std::getline(lines, line);) o << "# " << line << '\n';
    o << "\n[scenario]\nname = " << toml_string(s.name) << "\ndescription = " << toml_string(s.description) << '\n';
    // Every parameter that differs from its default, under its table, in the schema's order.
    std::vector<std::string> tables;
    std::map<std::string, std::vector<std::string>> lines_of;
    for (const auto& spec : model::schema()) {
        const auto value = spec.get(s.params);
        if (value == spec.default_value) continue;
        const auto dot = spec.key.rfind('.');
        const std::string table = dot == std::string::npos ? "" : spec.key.substr(0, dot);
        const std::string leaf = dot == std::string::npos ? spec.key : spec.key.substr(dot + 1);
        if (!lines_of.count(table)) tables.push_back(table);
        lines_of[table].push_back(leaf + " = " + toml_value(value));
    }
    for (const auto& t : tables) {
        o << "\n[" << t << "]\n";
        for (const auto& l : lines_of[t]) o << l << '\n';
    }
    if (!s.uncertain.empty()) {
        o << "\n[uncertainty]\n";
        for (const auto& u : s.uncertain) o << u.key << " = [" << shortest(u.low) << ", " << shortest(u.high) << "]\n";
    }
    return o.str();
}

Job::Job(std::string id, RunRequest request, std::vector<scenario::Scenario> scenarios, const Limits& limits,
         std::string code_version, std::string scenarios_dir)
    : id_(std::move(id)), request_(std::move(request)), scenarios_dir_(std::move(scenarios_dir)) {
    spec_.scenarios = std::move(scenarios);
    spec_.replicates = request_.replicates;
    spec_.seed = request_.seed;
    spec_.threads = limits.threads;
    spec_.precision = request_.precision;
    spec_.max_replicates = request_.max_replicates;
    spec_.code_version = std::move(code_version);
    const auto& pop = spec_.scenarios.front().params.population;
    years_per_unit_ = static_cast<std::uint64_t>(pop.birth_cohorts + pop.last_age);
    units_.resize(spec_.scenarios.size());
    history_ = json::array();
    worker_ = std::thread([this] { work(); });
}

Job::~Job() {
    cancel_ = true;
    if (worker_.joinable()) worker_.join();
}

bool Job::finished() const {
    std::lock_guard lock(mutex_);
    return state_ != "running";
}

void Job::join() {
    if (worker_.joinable()) worker_.join();
}

void Job::work() {
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    const int cap = request_.precision > 0 ? request_.max_replicates : request_.replicates;
    std::string state = "done", reason, error;
    try {
        int n = 0;
        for (;;) {
            for (std::size_t s = 0; s < spec_.scenarios.size(); ++s)
                units_[s].push_back(std::make_unique<io::Unit>(engine::run_unit(spec_, s, n, [this] {
                    if (cancel_) throw Cancelled{};
                    ++years_done_;
                })));
            ++n;
            const double worst = publish(n, elapsed());
            if (request_.precision > 0 && n >= request_.replicates && worst <= request_.precision) {
                reason = "precision met: every 95% half-width is within " + fixed(request_.precision, 3) + " after " +
                         std::to_string(n) + " replicates";
                break;
            }
            if (n >= cap) {
                reason = request_.precision > 0 ? "the replicate limit (" + std::to_string(cap) + ") reached before every 95% half-width was within " +
                                                      fixed(request_.precision, 3) + "; the largest is " + fixed(worst, 3)
                                                : "fixed number of replicates (" + std::to_string(n) + ")";
                break;
            }
        }
    } catch (const Cancelled&) {
        state = "cancelled";
        reason = "cancelled";
    } catch (const std::exception& e) {
        state = "failed";
        error = e.what();
    }
    std::lock_guard lock(mutex_);
    changed_.notify_all();
    state_ = state;
    stop_reason_ = state == "cancelled" ? "cancelled after " + std::to_string(rounds_) + " complete replicate(s)" : reason;
    error_ = error;
    seconds_ = elapsed();
}

double Job::publish(int n, double seconds) {
    const std::size_t S = spec_.scenarios.size();
    std::vector<std::vector<model::OutcomeTable>> tables(S);
    for (std::size_t s = 0; s < S; ++s)
        for (int r = 0; r < n; ++r) tables[s].push_back(units_[s][static_cast<std::size_t>(r)]->outcomes);
    const auto& districts = spec_.scenarios.front().params.population.district_names;
    auto groups = page_groups(districts);
    auto rows = stats::headline_rows(tables, groups);
    // The precision check of compare: the largest half-width, whole population, of every scenario's
    // mean and every paired difference, over the outcomes in percent.
    const auto checked = checked_outcomes();
    double worst = 0;
    json round = json::array();
    for (const auto& row : rows) {
        if (row.group != 0) continue;
        if (std::find(checked.begin(), checked.end(), row.outcome) != checked.end())
            for (int kind = 0; kind < 2; ++kind) {
                if (kind == 1 && row.scenario == 0) continue;
                const stats::Interval& i = kind == 0 ? row.value : row.diff;
                if (i.n == 0) continue;
                const double h = i.n < 2 || !std::isfinite(i.half_width()) ? INFINITY : i.half_width();
                worst = std::max(worst, h);
            }
        if (row.scenario > 0)
            round.push_back({{"scenario", row.scenario}, {"outcome", row.outcome}, {"diff", number_or_null(row.diff.mean)},
                             {"low", number_or_null(row.diff.ci_low)}, {"high", number_or_null(row.diff.ci_high)}});
    }
    std::lock_guard lock(mutex_);
    rounds_ = n;
    if (first_result_seconds_ < 0) first_result_seconds_ = seconds;
    seconds_ = seconds;
    groups_ = std::move(groups);
    rows_ = std::move(rows);
    history_.push_back({{"replicates", n}, {"rows", round}});
    changed_.notify_all();
    return worst;
}

void Job::wait_for(int replicates, double seconds) const {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return rounds_ > replicates || state_ != "running"; });
}

std::string Job::command_line() const {
    std::lock_guard lock(mutex_);
    return command_line_locked();
}

std::string Job::command_line_locked() const {
    const fs::path dir(scenarios_dir_);
    std::string c = "pathways compare " + shell_quote((dir / (request_.base + ".toml")).string());
    for (const auto& p : request_.policies) c += " " + shell_quote((dir / (p + ".toml")).string());
    for (const auto& s : request_.set) c += " --set " + shell_quote(s);
    c += " --replicates " + std::to_string(std::max(rounds_, 1)) + " --seed " + std::to_string(request_.seed);
    return c;
}

json Job::status_json() const {
    std::lock_guard lock(mutex_);
    const std::size_t S = spec_.scenarios.size();
    const int planned = request_.precision > 0 ? request_.max_replicates : request_.replicates;
    const double total = static_cast<double>(years_per_unit_ * S * static_cast<std::uint64_t>(planned));
    json names = json::array();
    for (const auto& s : spec_.scenarios) names.push_back(s.name);
    json out{{"id", id_},
             {"state", state_},
             {"stop_reason", stop_reason_},
             {"error", error_},
             {"replicates", rounds_},
             {"progress", state_ == "done" ? 1.0 : std::min(1.0, static_cast<double>(years_done_.load()) / total)},
             {"seconds", seconds_},
             {"first_result_seconds", number_or_null(first_result_seconds_)},
             {"scenarios", names}};
    json set = json::array();
    for (const auto& s : request_.set) set.push_back(s);
    out["provenance"] = {{"seed", std::to_string(request_.seed)},
                         {"replicates", rounds_},
                         {"code_version", spec_.code_version},
                         {"base", request_.base},
                         {"policies", request_.policies},
                         {"changes", set},
                         {"precision", request_.precision},
                         {"command_line", command_line_locked()}};
    json groups = json::array();
    for (const auto& g : groups_) groups.push_back({{"kind", g.kind}, {"label", g.label}});
    json rows = json::array();
    for (const auto& r : rows_) {
        const int dg = digits_of(r.outcome);
        const bool base = r.scenario == 0;
        rows.push_back({{"scenario", r.scenario},
                        {"outcome", r.outcome},
                        {"group", r.group},
                        {"mean", number_or_null(r.value.mean)},
                        {"low", number_or_null(r.value.ci_low)},
                        {"high", number_or_null(r.value.ci_high)},
                        {"diff", base ? json(nullptr) : number_or_null(r.diff.mean)},
                        {"diff_low", base ? json(nullptr) : number_or_null(r.diff.ci_low)},
                        {"diff_high", base ? json(nullptr) : number_or_null(r.diff.ci_high)},
                        {"n", r.value.n},
                        {"mean_text", fixed(r.value.mean, dg)},
                        {"interval_text", "[" + fixed(r.value.ci_low, dg) + ", " + fixed(r.value.ci_high, dg) + "]"},
                        {"diff_text", base ? "" : (r.diff.mean >= 0 ? "+" : "") + fixed(r.diff.mean, dg)},
                        {"diff_interval_text", base ? "" : "[" + fixed(r.diff.ci_low, dg) + ", " + fixed(r.diff.ci_high, dg) + "]"}});
    }
    json outcomes = json::array();
    for (const auto& o : stats::headline_outcomes())
        outcomes.push_back({{"id", o}, {"title", outcome_title(o)}, {"digits", digits_of(o)}, {"percent", stats::is_percentage(o)}});
    // Cost against effect, as `pathways summary` computes it: the extra cost per child over the
    // extra share of children with the outcome, from the mean paired differences.
    json cost = json::array();
    auto overall = [&](std::size_t s, const std::string& o) -> const stats::HeadlineRow* {
        for (const auto& r : rows_)
            if (r.scenario == s && r.group == 0 && r.outcome == o) return &r;
        return nullptr;
    };
    for (std::size_t s = 1; s < S && !rows_.empty(); ++s) {
        const auto* c = overall(s, "cost_per_child");
        if (!c || !std::isfinite(c->diff.mean) || c->diff.mean <= 0) continue;
        for (const auto& [o, sign, what] : {std::tuple{"havo_vwo_diploma", 1.0, "per extra havo/vwo diploma"},
                                           std::tuple{"early_leaving", -1.0, "per avoided early leaver"}}) {
            const auto* e = overall(s, o);
            if (!e) continue;
            const double gain = sign * e->diff.mean / 100.0;
            const bool sure = sign > 0 ? e->diff.ci_low > 0 : e->diff.ci_high < 0;
            const double ratio = gain > 0 ? c->diff.mean / gain : stats::kNaN;
            const std::string shown = !(gain > 0) ? std::string("no gain")
                                      : !sure     ? std::string("no figure: the effect is not clearly above zero")
                                      : ratio > 1e6 ? "warning: over EUR 1 million each (" + fixed(ratio, 0) + "; a tiny effect)"
                                                    : fixed(ratio, 0);
            cost.push_back({{"scenario", s}, {"what", what}, {"text", shown}, {"cost_per_child", c->diff.mean}});
        }
    }
    out["table"] = {{"outcomes", outcomes}, {"groups", groups}, {"rows", rows}, {"cost_effect", cost},
                    {"interval", stats::interval_statement()}};
    out["history"] = history_;
    return out;
}

std::string Job::headline_csv(bool by_group) const {
    std::lock_guard lock(mutex_);
    std::ostringstream o;
    o << (by_group ? "scenario,group_kind,group," : "scenario,") << "outcome,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,replicates\n";
    for (std::size_t s = 0; s < spec_.scenarios.size(); ++s)
        for (const auto& r : rows_) {
            if (r.scenario != s || (!by_group && r.group != 0)) continue;
            o << spec_.scenarios[s].name << ',';
            if (by_group) o << groups_[r.group].kind << ',' << groups_[r.group].label << ',';
            o << r.outcome << ',' << csv_number(r.value.mean) << ',' << csv_number(r.value.sd) << ','
              << csv_number(r.value.ci_low) << ',' << csv_number(r.value.ci_high) << ','
              << csv_number(s == 0 ? stats::kNaN : r.diff.mean) << ',' << csv_number(s == 0 ? stats::kNaN : r.diff.ci_low)
              << ',' << csv_number(s == 0 ? stats::kNaN : r.diff.ci_high) << ',' << r.value.n << '\n';
        }
    return o.str();
}

void Job::write_hdf5(const std::string& path) const {
    if (!finished()) throw RequestError(409, "the run is still going: the results file can be downloaded when it has finished or been cancelled");
    std::lock_guard lock(mutex_);
    if (rounds_ == 0) throw RequestError(409, "no replicate finished before the run stopped: nothing to download");
    io::ComparisonData d;
    for (const auto& s : spec_.scenarios) {
        d.scenarios.push_back(io::record_of(s));
        d.input_hashes.push_back(engine::input_hash(s, spec_.seed, spec_.code_version));
    }
    d.district_names = spec_.scenarios.front().params.population.district_names;
    d.units.resize(spec_.scenarios.size());
    for (std::size_t s = 0; s < spec_.scenarios.size(); ++s)
        for (int r = 0; r < rounds_; ++r) d.units[s].push_back(units_[s][static_cast<std::size_t>(r)].get());
    d.seed = spec_.seed;
    d.replicates = rounds_;
    d.stop_reason = stop_reason_;
    d.code_version = spec_.code_version;
    d.command_line = command_line_locked();
    d.threads = spec_.threads > 0 ? spec_.threads : engine::default_threads();
    d.units_run = rounds_ * static_cast<int>(spec_.scenarios.size());
    d.seconds = seconds_;
    static std::mutex hdf5;  // the HDF5 library is not built thread-safe
    std::lock_guard write_lock(hdf5);
    engine::assemble_comparison(path, d);
}

std::shared_ptr<Job> JobManager::start(RunRequest request, std::vector<scenario::Scenario> scenarios) {
    std::lock_guard lock(mutex_);
    int running = 0;
    for (const auto& [id, job] : jobs_)
        if (!job->finished()) ++running;
    if (running >= limits_.max_runs)
        throw RequestError(429, std::to_string(running) + " run(s) in progress, the most this server runs at once (pathways serve --max-runs): wait for one to finish or cancel it");
    // Keep the newest finished runs for download; forget the oldest beyond the limit.
    while (static_cast<int>(order_.size()) >= limits_.max_kept) {
        auto it = std::find_if(order_.begin(), order_.end(), [&](const std::string& id) { return jobs_.at(id)->finished(); });
        if (it == order_.end()) break;
        jobs_.erase(*it);
        order_.erase(it);
    }
    const std::string id = "run" + std::to_string(next_++);
    auto job = std::make_shared<Job>(id, std::move(request), std::move(scenarios), limits_, code_version_, scenarios_dir_);
    jobs_[id] = job;
    order_.push_back(id);
    return job;
}

std::shared_ptr<Job> JobManager::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) throw RequestError(404, "no run '" + id.substr(0, 60) + "' (finished runs are kept until " + std::to_string(limits_.max_kept) + " newer ones have started)");
    return it->second;
}

void JobManager::shutdown() {
    std::vector<std::shared_ptr<Job>> all;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, job] : jobs_) all.push_back(job);
    }
    for (auto& j : all) j->cancel();
    for (auto& j : all) j->join();
}

}  // namespace pathways::serve
