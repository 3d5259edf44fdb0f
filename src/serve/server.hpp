// pathways serve: a local web server with the scenario explorer page and its JSON API
// (docs/serve.md). Binds 127.0.0.1 unless told otherwise; stops cleanly on SIGINT or SIGTERM.
#pragma once

#include "serve/jobs.hpp"

#include <string>

namespace pathways::serve {

struct ServeOptions {
    std::string bind = "127.0.0.1";
    int port = 8080;  // 0: any free port (the address printed says which)
    std::string scenarios = "scenarios";
    std::string chart_js = "/usr/share/javascript/chart.js/chart.min.js";  // Debian's libjs-chart.js
    std::string code_version;
    Limits limits;
};

// Serves until SIGINT or SIGTERM; returns the exit status (0 after a clean stop, 1 if the
// address cannot be bound). Prints the address on standard output when it is listening.
int serve(const ServeOptions& options);

}  // namespace pathways::serve
