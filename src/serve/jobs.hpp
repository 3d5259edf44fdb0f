// pathways serve, without HTTP: the scenarios a page may pick (by name, from one folder), the
// checks of a request against the parameter schema, and comparisons run as background jobs whose
// headline table (paired differences with 95% intervals, src/stats) grows as replicates finish.
// The HTTP routes (server.cpp) only translate JSON to these calls and back.
#pragma once

#include "engine/batch.hpp"
#include "model/schema.hpp"
#include "stats/compare.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace pathways::serve {

// A request the server refuses: `status` is the HTTP status (400 bad input, 404 unknown run or
// scenario, 409 not finished yet, 429 too many runs), what() the message for the page.
class RequestError : public std::runtime_error {
public:
    RequestError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// Limits on what one request may ask (docs/serve.md lists the defaults).
struct Limits {
    int max_replicates = 50;             // per run, also the ceiling of a precision target
    std::int64_t max_children = 400000;  // birth cohorts × cohort size of a scenario
    int max_scenarios = 8;               // base + policies
    int max_runs = 2;                    // runs in progress at once
    int max_kept = 20;                   // finished runs kept in memory for download
    int threads = 0;                     // worker threads per run (0: all cores)
};

// The scenario files of one folder, picked by their file name without .toml. Nothing else from a
// request is ever made into a path.
class ScenarioLibrary {
public:
    explicit ScenarioLibrary(std::string dir) : dir_(std::move(dir)) {}
    struct Entry {
        std::string id, file, name, description, error;
    };
    std::vector<Entry> list() const;                // rescans the folder, sorted by id
    std::string path_of(const std::string& id) const;  // throws RequestError(404) for an unlisted id
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
};

struct RunRequest {
    std::string base;
    std::vector<std::string> policies;
    std::vector<std::string> set;  // key=value, as --set, applied to every scenario
    int replicates = 5;            // with precision: the minimum
    std::uint64_t seed = 20240101;
    double precision = 0;          // > 0: add replicates until every 95% half-width is within it
    int max_replicates = 0;        // with precision; 0: the limit
};

// The request parsed from JSON, every field checked (throws RequestError(400) naming the field).
RunRequest parse_run_request(const nlohmann::json& body, const Limits& limits);

// The scenarios of a request, loaded with the overrides: the command line's messages on bad
// values (ScenarioError text) as RequestError(400); also the comparability and limit checks.
std::vector<scenario::Scenario> load_request(const ScenarioLibrary& lib, const RunRequest& r, const Limits& limits);

// Every parameter of the schema as JSON (key, kind, unit, default, range, choices, meaning,
// source, assumption).
nlohmann::json schema_json();
// One scenario's resolved values (key → value as --set writes it) with its name and description.
nlohmann::json scenario_json(const scenario::Scenario& s);
// The value as one writes it after --set key= (strings without quotes for choices).
std::string value_text(const model::ParamSpec& spec, const model::ParamValue& v);

// A self-contained scenario file that `pathways run` accepts: every parameter that differs from
// the schema default, the [scenario] name and description and the [uncertainty] ranges.
std::string scenario_toml(const scenario::Scenario& s, const std::string& comment);

class Job {
public:
    Job(std::string id, RunRequest request, std::vector<scenario::Scenario> scenarios, const Limits& limits,
        std::string code_version, std::string scenarios_dir);
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    const std::string& id() const { return id_; }
    const RunRequest& request() const { return request_; }
    const std::vector<scenario::Scenario>& scenarios() const { return spec_.scenarios; }
    void cancel() { cancel_ = true; }
    bool finished() const;
    // State, progress, provenance, the latest table and its history over replicates.
    nlohmann::json status_json() const;
    // Waits until more than `replicates` replicates are finished or the run has ended, at most
    // `seconds` (long polling: the page sees a new replicate as soon as it is there).
    void wait_for(int replicates, double seconds) const;
    // The headline table of the whole population as `pathways summary --csv` writes it, and
    // the same by parental education and district (columns group_kind, group).
    std::string headline_csv(bool by_group) const;
    // The comparison file, written to `path` by the writer of compare (finished runs only).
    void write_hdf5(const std::string& path) const;
    std::string command_line() const;
    void join();

private:
    void work();
    // Recomputes the table from the first n replicates; returns the largest 95% half-width of
    // the precision check (as compare's).
    double publish(int n, double seconds);
    std::string command_line_locked() const;

    std::string id_;
    RunRequest request_;
    engine::BatchSpec spec_;
    std::string scenarios_dir_;
    std::atomic<bool> cancel_{false};
    std::atomic<std::uint64_t> years_done_{0};
    std::uint64_t years_per_unit_ = 0;
    std::vector<std::vector<std::unique_ptr<io::Unit>>> units_;  // [scenario][replicate], appended by the worker

    mutable std::mutex mutex_;  // guards what follows
    mutable std::condition_variable changed_;
    std::string state_ = "running", stop_reason_, error_;
    int rounds_ = 0;
    double seconds_ = 0, first_result_seconds_ = -1;
    std::vector<stats::Group> groups_;
    std::vector<stats::HeadlineRow> rows_;  // the latest table
    nlohmann::json history_;  // per finished replicate: the overall paired differences
    std::thread worker_;
};

class JobManager {
public:
    JobManager(Limits limits, std::string code_version, std::string scenarios_dir)
        : limits_(limits), code_version_(std::move(code_version)), scenarios_dir_(std::move(scenarios_dir)) {}
    // Starts a run; RequestError(429) when limits.max_runs are in progress.
    std::shared_ptr<Job> start(RunRequest request, std::vector<scenario::Scenario> scenarios);
    std::shared_ptr<Job> find(const std::string& id) const;  // RequestError(404) if unknown
    // Cancels every run and waits for their threads (SIGINT, SIGTERM).
    void shutdown();
    const Limits& limits() const { return limits_; }

private:
    Limits limits_;
    std::string code_version_, scenarios_dir_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Job>> jobs_;
    std::vector<std::string> order_;
    std::uint64_t next_ = 1;
};

}  // namespace pathways::serve
