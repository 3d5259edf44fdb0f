"""A bounded load test of pathways serve (run by serve_load_test.sh): rounds of 50 concurrent
requests of every kind to the loopback address; every one must be answered, with the status its
kind calls for, never a 5xx, and the server must stay up."""
import collections
import concurrent.futures
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_common import SMALL, Server, check  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
server = Server(binary, root, "--max-runs", "2")

run_body = {"base": "baseline", "policies": ["havokans_klas"], "set": SMALL, "replicates": 2, "seed": 3}
kinds = [
    ("GET", "/", None, {200}),
    ("GET", "/api/schema", None, {200}),
    ("GET", "/api/scenarios", None, {200}),
    ("GET", "/api/scenarios/havokans_klas", None, {200}),
    ("POST", "/api/validate", {"base": "baseline", "set": {"preschool.reach": "0.9"}}, {200}),
    ("POST", "/api/validate", {"base": "baseline", "set": {"preschool.reach": "9"}}, {400}),
    ("POST", "/api/runs", None, {400}),  # no body
    ("GET", "/api/nothing", None, {404}),
    ("POST", "/api/runs", run_body, {202, 429}),  # at most --max-runs at once: the others are refused
]
ROUNDS, CONCURRENT = 4, 50
counts = collections.Counter()
started = []


def one(i):
    method, path, body, want = kinds[i % len(kinds)]
    try:
        status, data, _ = server.request(method, path, body, timeout=60)
    except OSError as e:  # a lost request: no answer at all
        return method, path, repr(e), want, b""
    return method, path, status, want, data


t0 = time.time()
for _ in range(ROUNDS):
    with concurrent.futures.ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        for method, path, status, want, data in pool.map(one, range(CONCURRENT)):
            counts[status] += 1
            check(isinstance(status, int), "%s %s was lost: %s" % (method, path, status))
            check(status in want, "%s %s answered %s (wanted %s): %r" % (method, path, status, want, data[:200]))
            if status == 202:
                started.append(data)
elapsed = time.time() - t0
total = sum(counts.values())
check(total == ROUNDS * CONCURRENT, "%d answers for %d requests" % (total, ROUNDS * CONCURRENT))
check(not any(s >= 500 for s in counts), "5xx answers: %s" % counts)
check(counts[202] >= 1, "no run was started: %s" % counts)
status, info, _ = server.request("GET", "/api/info")
check(status == 200, "the server is down after the load")
code, err = server.stop()
check(code == 0, "stop: %s %s" % (code, err))
print("serve load: %d requests in %d rounds of %d concurrent, %.1f s: %s" % (total, ROUNDS, CONCURRENT, elapsed, dict(counts)))
