#!/usr/bin/python3
"""How fast `pathways serve` answers (docs/serve.md, Speed): the first results and the end of a
Utrecht comparison of four scenarios × 5 replicates and of a national cohort comparison × 10
replicates, through the API with long polling, and `pathways compare` on the same national run.

    /usr/bin/python3 scripts/serve_speed.py [build/release/pathways]
"""
import os
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tests", "integration"))
from serve_common import Server, cli  # noqa: E402

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "release", "pathways"))
server = Server(binary, root)


def timed(label, body):
    t0 = time.time()
    status, run = server.json("POST", "/api/runs", body)
    if status != 202:
        sys.exit("%s: %s" % (label, run))
    first, polled = None, False
    while True:
        seen = run["replicates"] if run["state"] == "running" else 0
        status, run = server.json("GET", "/api/runs/%s%s" % (run["id"], "?after=%d" % seen if polled else ""))
        polled = True
        if run["replicates"] > 0 and first is None:
            first = time.time() - t0
        if run["state"] != "running":
            break
    print("%-70s first results %.2f s, done %.2f s (%d replicates)" % (label, first, time.time() - t0, run["replicates"]))


utrecht = ["havokans_klas", "ten_fourteen_citywide", "ve_reach_up"]
timed("Utrecht, 4 scenarios x 5 replicates:", {"base": "baseline", "policies": utrecht, "replicates": 5, "seed": 7})
timed("Utrecht, 4 scenarios x 5 replicates, another seed:", {"base": "baseline", "policies": utrecht, "replicates": 5, "seed": 8})
timed("national cohort (170,000 children), 2 scenarios x 10 replicates:",
      {"base": "baseline_nl", "policies": ["nl_old_cohorts"], "replicates": 10, "seed": 7})
server.stop()
out = os.path.join(os.environ.get("TMPDIR", "/tmp"), "serve_speed_%d.h5" % os.getpid())
t0 = time.time()
code, _, err = cli(binary, root, "compare", "scenarios/baseline_nl.toml", "scenarios/nl_old_cohorts.toml", "--replicates", "10",
                   "--seed", "7", "--out", out, "--quiet")
print("%-70s done %.2f s" % ("pathways compare, the same national comparison:", time.time() - t0))
if os.path.exists(out):
    os.remove(out)
print("load average: %.1f %.1f %.1f" % os.getloadavg())
