#include "serve/server.hpp"

#include "serve/assets.hpp"

#include <httplib.h>

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace pathways::serve {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void send_json(httplib::Response& res, const json& body, int status = 200) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, json{{"error", message}}, status);
}

json parse_body(const httplib::Request& req) {
    if (req.body.empty()) throw RequestError(400, "expected a JSON object in the request body");
    try {
        return json::parse(req.body);
    } catch (const json::parse_error& e) {
        throw RequestError(400, std::string("the request body is not valid JSON: ") + e.what());
    }
}

// Every handler's errors become a JSON answer: 4xx for the request's faults, 500 for ours; the
// server goes on either way.
template <typename F>
httplib::Server::Handler guarded(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
        try {
            f(req, res);
        } catch (const RequestError& e) {
            send_error(res, e.status(), e.what());
        } catch (const std::exception& e) {
            send_error(res, 500, std::string("internal error: ") + e.what());
        }
    };
}

const char* content_type(const std::string& name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    if (name.ends_with(".png")) return "image/png";
    return "application/octet-stream";
}

void attachment(httplib::Response& res, const std::string& name) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

}  // namespace

int serve(const ServeOptions& options) {
    // SIGINT and SIGTERM go to one thread that stops the server; blocked before any other thread
    // (the server's pool, the runs' workers) starts, so all of them inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    const ScenarioLibrary library(options.scenarios);
    JobManager jobs(options.limits, options.code_version, options.scenarios);
    char tmp_template[] = "/tmp/pathways-serve-XXXXXX";
    const char* tmp = ::mkdtemp(tmp_template);
    if (!tmp) {
        std::cerr << "pathways: error: serve: cannot create a temporary folder under /tmp\n";
        return 1;
    }
    const std::string tmp_dir = tmp;

    httplib::Server server;
    server.set_payload_max_length(1 << 20);
    // cpp-httplib listens with a backlog of 5: a burst of connections (a page's parallel requests,
    // the load test's 50) then overflows the queue and the kernel resets some. Its socket is kept
    // here so that the backlog can be raised after binding (listen() again on Linux).
    int listen_fd = -1;
    server.set_socket_options([&listen_fd](int sock) {
        const int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // as cpp-httplib's default
        listen_fd = sock;
    });
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (res.body.empty())
            send_error(res, res.status, res.status == 404 ? "no such page or API route: " + req.path.substr(0, 100)
                                                          : "the request was refused (HTTP " + std::to_string(res.status) + ")");
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, 500, "internal error");
    });

    // The page.
    for (const auto& [name, body] : web_assets()) {
        const std::string route = name == "index.html" ? "/" : "/" + std::string(name);
        const std::string text(body);
        const char* type = content_type(std::string(name));
        server.Get(route, [text, type](const httplib::Request&, httplib::Response& res) { res.set_content(text, type); });
    }
    const std::string chart_js = options.chart_js;
    server.Get("/chart.js", [chart_js](const httplib::Request&, httplib::Response& res) {
        static const std::string text = read_file(chart_js);  // from the Debian package, never the internet
        if (text.empty()) {
            res.status = 404;
            res.set_content("// Chart.js is not installed (Debian: libjs-chart.js): the page shows tables only\n", "text/javascript");
            return;
        }
        res.set_content(text, "text/javascript; charset=utf-8");
    });

    // The API.
    const Limits limits = options.limits;
    const std::string version = options.code_version;
    server.Get("/api/info", guarded([&](const httplib::Request&, httplib::Response& res) {
                   send_json(res, {{"version", version},
                                   {"scenarios_dir", library.dir()},
                                   {"limits",
                                    {{"max_replicates", limits.max_replicates},
                                     {"max_children", limits.max_children},
                                     {"max_scenarios", limits.max_scenarios},
                                     {"max_runs", limits.max_runs},
                                     {"max_kept", limits.max_kept}}},
                                   {"interval", stats::interval_statement()}});
               }));
    server.Get("/api/scenarios", guarded([&](const httplib::Request&, httplib::Response& res) {
                   json out = json::array();
                   for (const auto& e : library.list())
                       out.push_back({{"id", e.id}, {"file", e.file}, {"name", e.name}, {"description", e.description}, {"error", e.error}});
                   send_json(res, out);
               }));
    server.Get(R"(/api/scenarios/([A-Za-z0-9_-]+))", guarded([&](const httplib::Request& req, httplib::Response& res) {
                   try {
                       send_json(res, scenario_json(scenario::load_scenario(library.path_of(req.matches[1]))));
                   } catch (const scenario::ScenarioError& e) {
                       throw RequestError(400, e.what());
                   }
               }));
    server.Get("/api/schema", guarded([&](const httplib::Request&, httplib::Response& res) {
                   static const std::string text = schema_json().dump();
                   res.set_content(text, "application/json");
               }));
    // Checks changes as the command line would: each key=value alone (so the page can mark the
    // field), then the whole comparison (cross-field rules, the same children in every scenario).
    server.Post("/api/validate", guarded([&](const httplib::Request& req, httplib::Response& res) {
                    const json body = parse_body(req);
                    json with_defaults = body;
                    if (with_defaults.is_object() && !with_defaults.contains("policies")) with_defaults["policies"] = json::array();
                    const RunRequest r = parse_run_request(with_defaults, limits);
                    json errors = json::object();
                    for (const auto& s : r.set) {
                        try {
                            scenario::check_override(s, "--set");
                        } catch (const scenario::ScenarioError& e) {
                            errors[s.substr(0, s.find('='))] = e.what();
                        }
                    }
                    if (!errors.empty()) {
                        send_json(res, {{"error", errors.begin().value()}, {"errors", errors}}, 400);
                        return;
                    }
                    try {
                        if (r.policies.empty()) {
                            scenario::load_scenario(library.path_of(r.base), r.set);
                        } else {
                            load_request(library, r, limits);
                        }
                    } catch (const scenario::ScenarioError& e) {
                        throw RequestError(400, e.what());
                    }
                    send_json(res, {{"ok", true}});
                }));
    server.Post("/api/runs", guarded([&](const httplib::Request& req, httplib::Response& res) {
                    RunRequest r = parse_run_request(parse_body(req), limits);
                    auto scenarios = load_request(library, r, limits);
                    auto job = jobs.start(std::move(r), std::move(scenarios));
                    send_json(res, job->status_json(), 202);
                }));
    // ?after=N: long polling, the answer comes when replicate N+1 is finished, the run ends or
    // half a second has passed (for the progress bar).
    server.Get(R"(/api/runs/([A-Za-z0-9]+))", guarded([&](const httplib::Request& req, httplib::Response& res) {
                   auto job = jobs.find(req.matches[1]);
                   if (req.has_param("after")) {
                       const std::string after = req.get_param_value("after");
                       if (after.empty() || after.size() > 6 || after.find_first_not_of("0123456789") != std::string::npos)
                           throw RequestError(400, "after: expected the number of replicates already seen");
                       job->wait_for(std::stoi(after), 0.5);
                   }
                   send_json(res, job->status_json());
               }));
    server.Post(R"(/api/runs/([A-Za-z0-9]+)/cancel)", guarded([&](const httplib::Request& req, httplib::Response& res) {
                    auto job = jobs.find(req.matches[1]);
                    job->cancel();  // the run stops within one simulated year; poll for state "cancelled"
                    send_json(res, job->status_json());
                }));
    server.Get(R"(/api/runs/([A-Za-z0-9]+)/(headline|groups)\.csv)", guarded([&](const httplib::Request& req, httplib::Response& res) {
                   auto job = jobs.find(req.matches[1]);
                   const bool groups = req.matches[2] == "groups";
                   attachment(res, job->id() + (groups ? "_groups.csv" : "_headline.csv"));
                   res.set_content(job->headline_csv(groups), "text/csv; charset=utf-8");
               }));
    server.Get(R"(/api/runs/([A-Za-z0-9]+)/results\.h5)", guarded([&](const httplib::Request& req, httplib::Response& res) {
                   auto job = jobs.find(req.matches[1]);
                   const std::string path = tmp_dir + "/" + job->id() + "-" + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + ".h5";
                   job->write_hdf5(path);
                   std::string bytes = read_file(path);
                   std::error_code ec;
                   fs::remove(path, ec);
                   attachment(res, job->id() + ".h5");
                   res.set_content(std::move(bytes), "application/x-hdf5");
               }));
    server.Get(R"(/api/runs/([A-Za-z0-9]+)/scenario/([0-9]+)\.toml)", guarded([&](const httplib::Request& req, httplib::Response& res) {
                   auto job = jobs.find(req.matches[1]);
                   const std::size_t k = std::stoul(std::string(req.matches[2]).substr(0, 4));
                   if (k >= job->scenarios().size())
                       throw RequestError(404, "run " + job->id() + " has " + std::to_string(job->scenarios().size()) + " scenarios (0 is the base)");
                   const auto& s = job->scenarios()[k];
                   const auto& r = job->request();
                   std::string comment = "Scenario '" + s.name + "' as run by pathways serve (" + version + "), run " + job->id() +
                                         ":\nscenario file " + (k == 0 ? r.base : r.policies[k - 1]) + ".toml";
                   for (const auto& c : r.set) comment += "\n  with --set " + c;
                   comment += "\nEvery parameter that differs from its default. Run it with:\n  pathways run " + s.name + ".toml";
                   attachment(res, s.name + ".toml");
                   res.set_content(scenario_toml(s, comment), "application/toml; charset=utf-8");
               }));

    int port = options.port;
    const bool bound = port == 0 ? (port = server.bind_to_any_port(options.bind)) > 0 : server.bind_to_port(options.bind, port);
    if (!bound) {
        std::cerr << "pathways: error: serve: cannot listen on " << options.bind << ":" << options.port
                  << " (in use, or not an address of this machine): choose another with --port or --bind\n";
        std::error_code ec;
        fs::remove_all(tmp_dir, ec);
        return 1;
    }
    if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
    std::atomic<bool> stopping{false};
    std::thread stopper([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        stopping = true;
        std::cerr << "pathways: serve: " << (sig == SIGINT ? "interrupted" : "terminated") << ": cancelling runs and stopping\n";
        server.stop();
    });
    const std::string host = options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
    std::cout << "pathways serve: http://" << host << ":" << port << "/  (scenarios from " << options.scenarios
              << "; Ctrl-C stops)" << std::endl;
    if (options.bind != "127.0.0.1" && options.bind != "localhost" && options.bind != "::1")
        std::cerr << "pathways: serve: warning: listening on " << options.bind
                  << ", reachable from other machines; the server has no passwords\n";
    server.listen_after_bind();
    if (!stopping) ::kill(::getpid(), SIGTERM);  // wakes the stopper if the server ended on its own
    stopper.join();
    jobs.shutdown();
    std::error_code ec;
    fs::remove_all(tmp_dir, ec);
    std::cerr << "pathways: serve: stopped\n";
    return 0;
}

}  // namespace pathways::serve
