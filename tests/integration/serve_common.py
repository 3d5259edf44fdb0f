"""Starting and talking to `pathways serve` on the loopback address, for the serve tests."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

# Small cohorts keep the tests fast; the same values go to the command line.
SMALL = {"population.cohort_size": "1500", "population.birth_cohorts": "2"}


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Server:
    """pathways serve on a free port (--port 0: the printed address says which)."""

    def __init__(self, binary, root, *extra):
        self.proc = subprocess.Popen([binary, "serve", "--port", "0", "--scenarios", "scenarios", *extra], cwd=root,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        check(line.startswith("pathways serve: http://127.0.0.1:"), "serve printed %r, stderr %r" % (line, self.stderr()))
        self.url = line.split()[2].rstrip("/")

    def stderr(self):
        if self.proc.poll() is None:
            return ""
        return self.proc.stderr.read()

    def request(self, method, path, body=None, raw=None, timeout=120):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, res.read(), res.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def json(self, method, path, body=None, raw=None):
        status, data, headers = self.request(method, path, body, raw)
        check(headers.get("Content-Type", "").startswith("application/json"),
              "%s %s answered %s with %r" % (method, path, headers.get("Content-Type"), data[:200]))
        return status, json.loads(data)

    def wait(self, run_id, timeout=300):
        end = time.time() + timeout
        while time.time() < end:
            status, run = self.json("GET", "/api/runs/" + run_id)
            check(status == 200, "polling %s: %s %s" % (run_id, status, run))
            if run["state"] != "running":
                return run
            time.sleep(0.1)
        fail("run %s did not finish within %d s" % (run_id, timeout))

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop within 30 s of signal %d" % sig)
        return code, self.proc.stderr.read()


def cli(binary, root, *args):
    """Runs the pathways command line; returns (exit status, stdout, stderr)."""
    p = subprocess.run([binary, *args], cwd=root, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def cli_compare_csv(binary, root, tmp, scenario_paths, sets, replicates, seed, extra=()):
    """`pathways compare` then `pathways summary --csv`: the headline table as the command line gives it."""
    out = os.path.join(tmp, "cli_%d.h5" % time.monotonic_ns())
    args = ["compare", *scenario_paths]
    for k, v in sets.items():
        args += ["--set", "%s=%s" % (k, v)]
    args += ["--replicates", str(replicates), "--seed", str(seed), "--out", out, "--quiet", *extra]
    code, so, se = cli(binary, root, *args)
    check(code == 0, "pathways %s failed: %s" % (" ".join(args), se))
    code, csv, se = cli(binary, root, "summary", out, "--csv")
    check(code == 0, "summary failed: " + se)
    code, text, se = cli(binary, root, "summary", out)
    return csv, text
