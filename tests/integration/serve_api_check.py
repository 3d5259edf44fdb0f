"""pathways serve's JSON API against the command line (run by serve_test.sh)."""
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_common import SMALL, Server, check, cli, cli_compare_csv, fail  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tmp = tempfile.mkdtemp(prefix="serve_test_")
server = Server(binary, root, "--max-runs", "2", "--max-replicates", "40")

# The page and the schema.
status, page, headers = server.request("GET", "/")
check(status == 200 and b"scenario explorer" in page and headers["Content-Type"].startswith("text/html"), "GET / gave %s" % status)
status, schema = server.json("GET", "/api/schema")
code, params, _ = cli(binary, root, "params")
check(status == 200 and len(schema) > 50, "schema: %s, %d keys" % (status, len(schema)))
for p in schema:
    for field in ("key", "kind", "unit", "default", "default_text", "meaning", "source", "assumption"):
        check(field in p, "schema entry %s lacks %s" % (p.get("key"), field))
    table, _, leaf = p["key"].rpartition(".")
    check("## [%s]" % table in params and "| `%s` |" % leaf in params, "schema key %s is not in pathways params" % p["key"])
    if p["kind"] in ("number", "integer"):
        check(p["min"] <= p["default"] <= p["max"], "default of %s outside its range" % p["key"])
reach = next(p for p in schema if p["key"] == "preschool.reach")
check(reach["unit"] == "share" and reach["min"] == 0 and reach["max"] == 1, "preschool.reach: %s" % reach)
check(any(p["assumption"] for p in schema) and not all(p["assumption"] for p in schema), "assumption flags")

status, scenarios = server.json("GET", "/api/scenarios")
ids = {s["id"] for s in scenarios}
check(status == 200 and {"baseline", "havokans_klas", "ten_fourteen_citywide"} <= ids, "scenarios: %s" % ids)
status, base = server.json("GET", "/api/scenarios/baseline")
check(status == 200 and base["values"]["preschool.reach"] == "0.73", "baseline values: %s" % base.get("values", {}).get("preschool.reach"))

# A bad value: 400 with the command line's message.
status, r = server.json("POST", "/api/validate", {"base": "baseline", "set": {"preschool.reach": "1.5"}})
code, _, err = cli(binary, root, "check", "scenarios/baseline.toml", "--set", "preschool.reach=1.5")
check(status == 400 and code != 0, "bad value: %s %s, CLI exit %d" % (status, r, code))
check(r["errors"]["preschool.reach"] in err, "the message %r is not the command line's %r" % (r["errors"]["preschool.reach"], err))
check("out of range" in r["error"], "message: %r" % r["error"])
status, r = server.json("POST", "/api/validate", {"base": "baseline", "set": {"preschool.reech": "0.8"}})
check(status == 400 and "did you mean 'preschool.reach'" in r["error"], "misspelt key: %s %s" % (status, r))
status, r = server.json("POST", "/api/validate", {"base": "baseline", "set": {"preschool.reach": 0.8}})
check(status == 200 and r["ok"], "good value: %s %s" % (status, r))
# Cross-field rules and comparability, as compare checks them.
status, r = server.json("POST", "/api/validate", {"base": "baseline", "policies": ["baseline_nl"]})
check(status == 400 and "population" in r["error"], "different children: %s %s" % (status, r))

# Bad requests: 4xx with a message, and the server carries on.
for method, path, raw, want in [
    ("POST", "/api/runs", b"{not json", 400),
    ("POST", "/api/runs", b"[1, 2]", 400),
    ("POST", "/api/runs", b"", 400),
    ("POST", "/api/validate", b'{"base": "../../etc/passwd"}', 404),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": ["/etc/passwd"]}', 404),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": ["havokans_klas"], "replicates": 1000}', 400),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": ["havokans_klas"], "replicates": "five"}', 400),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": ["havokans_klas"], "seed": -1}', 400),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": ["havokans_klas"], "colour": "red"}', 400),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": ["havokans_klas"], "set": {"population.cohort_size": 900000}}', 400),
    ("POST", "/api/runs", b'{"base": "baseline", "policies": []}', 400),
    ("GET", "/api/runs/run999", None, 404),
    ("GET", "/api/nothing", None, 404),
    ("GET", "/api/scenarios/..%2F..%2Fetc%2Fpasswd", None, 404),
]:
    status, r = server.json(method, path, raw=raw)
    check(status == want and r.get("error"), "%s %s %r: %s %s (wanted %d with an error)" % (method, path, raw, status, r, want))
status, r = server.json("POST", "/api/runs", {"base": "baseline", "policies": ["havokans_klas"], "set": {"population.cohort_size": 900000}})
check("above this server's limit" in r["error"], "children limit message: %s" % r)

# A comparison equals `pathways compare` with the same seed and replicates.
request = {"base": "baseline", "policies": ["havokans_klas", "ten_fourteen_citywide"], "set": SMALL, "replicates": 3, "seed": 11}
status, run = server.json("POST", "/api/runs", request)
check(status == 202 and run["state"] == "running", "start: %s %s" % (status, run))
run = server.wait(run["id"])
check(run["state"] == "done" and run["replicates"] == 3, "run: %s" % {k: run[k] for k in ("state", "replicates", "error")})
prov = run["provenance"]
check(prov["seed"] == "11" and prov["replicates"] == 3 and prov["code_version"] and prov["changes"], "provenance: %s" % prov)
paths = ["scenarios/baseline.toml", "scenarios/havokans_klas.toml", "scenarios/ten_fourteen_citywide.toml"]
cli_csv, cli_text = cli_compare_csv(binary, root, tmp, paths, SMALL, 3, 11)
status, csv, _ = server.request("GET", "/api/runs/%s/headline.csv" % run["id"])
check(status == 200 and csv.decode() == cli_csv, "headline.csv differs from pathways summary --csv:\n%s\nvs\n%s" % (csv.decode(), cli_csv))
# ... and the numbers shown equal those `pathways summary` prints.
for row in run["table"]["rows"]:
    if row["group"] != 0:
        continue
    name = run["scenarios"][row["scenario"]]
    line = next((l for l in cli_text.splitlines() if l.startswith(name + " ") and row["mean_text"] in l), None)
    check(line is not None, "no line of summary for %s %s %s" % (name, row["outcome"], row["mean_text"]))
    if row["scenario"] > 0:
        check(row["diff_text"] in cli_text and row["diff_interval_text"] in cli_text, "difference %s %s not in summary" % (row["diff_text"], row["diff_interval_text"]))
status, groups, _ = server.request("GET", "/api/runs/%s/groups.csv" % run["id"])
check(status == 200 and b",parent_edu,low," in groups and b",district," in groups, "groups.csv: %r" % groups[:300])

# The command line shown reproduces the result.
command = prov["command_line"].split()
check(command[:2] == ["pathways", "compare"], "command line: %s" % prov["command_line"])
out = os.path.join(tmp, "reproduced.h5")
code, _, err = cli(binary, root, *[a.strip("'") for a in command[1:]], "--out", out, "--quiet")
check(code == 0, "the shown command failed: %s" % err)
code, csv2, _ = cli(binary, root, "summary", out, "--csv")
check(csv2 == cli_csv, "the shown command line gave another result")

# The TOML files, rerun on the command line, give the same result.
tomls = []
for k in range(3):
    status, text, headers = server.request("GET", "/api/runs/%s/scenario/%d.toml" % (run["id"], k))
    check(status == 200 and "attachment" in headers.get("Content-Disposition", ""), "toml %d: %s" % (k, status))
    path = os.path.join(tmp, "s%d.toml" % k)
    with open(path, "wb") as f:
        f.write(text)
    tomls.append(path)
code, _, err = cli(binary, root, "check", *tomls)
check(code == 0, "pathways check refuses the downloaded TOML: %s" % err)
toml_csv, _ = cli_compare_csv(binary, root, tmp, tomls, {}, 3, 11)
check(toml_csv == cli_csv, "the downloaded TOML files gave another result:\n%s\nvs\n%s" % (toml_csv, cli_csv))

# The HDF5 file is a comparison file with the same tables.
status, h5, headers = server.request("GET", "/api/runs/%s/results.h5" % run["id"])
check(status == 200 and h5[:8] == b"\x89HDF\r\n\x1a\n", "results.h5: %s %r" % (status, h5[:8]))
with open(os.path.join(tmp, "served.h5"), "wb") as f:
    f.write(h5)
code, csv3, err = cli(binary, root, "summary", os.path.join(tmp, "served.h5"), "--csv")
check(code == 0 and csv3 == cli_csv, "summary of the downloaded HDF5 differs: %s" % err)

# A precision target stops where compare --precision stops.
status, prun = server.json("POST", "/api/runs", dict(request, replicates=2, precision=3.0, max_replicates=12))
check(status == 202, "precision run: %s %s" % (status, prun))
prun = server.wait(prun["id"])
check(prun["state"] == "done" and "precision" in prun["stop_reason"], "precision run: %s" % prun["stop_reason"])
p_csv, _ = cli_compare_csv(binary, root, tmp, paths, SMALL, 2, 11, ("--precision", "3", "--max-replicates", "12"))
status, csv4, _ = server.request("GET", "/api/runs/%s/headline.csv" % prun["id"])
check(csv4.decode() == p_csv, "precision run differs from compare --precision:\n%s\nvs\n%s" % (csv4.decode(), p_csv))

# Cancel, and the limit on runs in progress.
long = dict(request, replicates=40, set={})
status, a = server.json("POST", "/api/runs", long)
status2, b = server.json("POST", "/api/runs", long)
status3, c = server.json("POST", "/api/runs", long)
check(status == 202 and status2 == 202 and status3 == 429 and "in progress" in c["error"], "run limit: %s %s %s %s" % (status, status2, status3, c))
for r in (a, b):
    status, r2 = server.json("POST", "/api/runs/%s/cancel" % r["id"])
    check(status == 200, "cancel: %s %s" % (status, r2))
t0 = time.time()
for r in (a, b):
    done = server.wait(r["id"], timeout=60)
    check(done["state"] == "cancelled", "cancelled run: %s" % done["state"])
print("cancelled two runs in %.1f s" % (time.time() - t0))
status, r = server.json("GET", "/api/runs/%s/headline.csv" % "run999")
check(status == 404, "unknown run's CSV: %s" % status)

# Still up after all that, and a clean stop.
status, info = server.json("GET", "/api/info")
check(status == 200 and info["limits"]["max_runs"] == 2, "info: %s" % info)
status, r = server.json("POST", "/api/runs", long)
check(status == 202, "a run to interrupt: %s" % status)
code, err = server.stop(signal.SIGTERM)
check(code == 0 and "stopped" in err, "SIGTERM: exit %s, stderr %r" % (code, err))
print("serve API: all checks passed")
