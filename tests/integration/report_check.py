#!/usr/bin/env python3
"""Checks a report rendered by headless Chromium against its comparison file.

    report_check.py COMPARE.h5 REPORT.html DOM.html CHROMIUM_STDERR

REPORT.html is the file report.py wrote, DOM.html the DOM Chromium dumped after loading it
(--dump-dom, scripts run), CHROMIUM_STDERR Chromium's log (--enable-logging=stderr). Exits 1
with a message per failed check:
  - the page's own check (#selfcheck, filled in by its load handler) says "ok": every <img>
    decoded with naturalWidth > 0, and no script error, failed resource or console.error;
    the widths it reports are all > 0 and there is one per <img> in REPORT.html;
  - Chromium logged no console message from the page (INFO:CONSOLE lines);
  - REPORT.html loads nothing from outside: every <img> is a data:image/png;base64 URI that
    decodes to a PNG, and there is no src/href to http(s) or file URLs;
  - every PNG of the page also exists beside REPORT.html (for slides);
  - the headline table has, for every scenario and outcome of /comparison/headline
    (group overall), mean, ci_low, ci_high and, for non-baseline scenarios, diff_mean,
    diff_ci_low, diff_ci_high; each data-value equals the HDF5 value exactly (float repr
    round trip, NaN = "nan") and the number shown equals the HDF5 value rounded to the
    printed decimals;
  - the effect-by-group tables have, for every group of parental education, income group,
    home language and district (and all children) and for havo/vwo in year 3, the havo/vwo
    diploma and early leaving, the baseline's mean and each policy's diff_mean, diff_ci_low
    and diff_ci_high, checked the same way; income groups must be among them.
"""
import base64
import math
import os
import re
import sys
from html.parser import HTMLParser

import h5py
import numpy as np

h5_path, report_path, dom_path, log_path = sys.argv[1:5]
errors = []


def fail(msg):
    errors.append(msg)


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.selfcheck, self.spans, self.refs = [], None, [], []
        self._span = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a)
        if a.get("id") == "selfcheck":
            self.selfcheck = a
        for k in ("src", "href"):
            if k in a and not (a[k] or "").startswith("data:"):
                self.refs.append(f"{tag} {k}={a[k]}")
        if tag == "span" and "data-value" in a:
            self._span = dict(a, text="")
            self.spans.append(self._span)

    def handle_data(self, data):
        if self._span is not None:
            self._span["text"] += data

    def handle_endtag(self, tag):
        if tag == "span":
            self._span = None


def parse(path):
    p = Collect()
    with open(path, encoding="utf-8") as fh:
        p.feed(fh.read())
    return p


src, dom = parse(report_path), parse(dom_path)

# 1. the page's own check, run by Chromium
sc = dom.selfcheck
if sc is None:
    fail("no #selfcheck element in the rendered DOM")
else:
    if sc.get("data-status") != "ok":
        fail(f"page check status '{sc.get('data-status')}': broken images '{sc.get('data-broken')}', "
             f"errors '{sc.get('data-errors')}'")
    widths = [int(w) for w in (sc.get("data-widths") or "").split(",") if w]
    if len(widths) != len(src.imgs) or not widths or min(widths) <= 0:
        fail(f"image widths {widths} for {len(src.imgs)} <img> in the report")
    print(f"page check: {len(widths)} images, naturalWidth {widths}, status {sc.get('data-status')}")

# 2. console messages in Chromium's log
with open(log_path, errors="replace") as fh:
    console = [l.strip() for l in fh if ":CONSOLE" in l]
if console:
    fail("console messages: " + " / ".join(console))

# 3. self-contained
if src.refs:
    fail("external references: " + ", ".join(src.refs))
if len(src.imgs) < 4:
    fail(f"only {len(src.imgs)} images")
out_dir = os.path.dirname(os.path.abspath(report_path))
for a in src.imgs:
    m = re.match(r"data:image/png;base64,(.*)$", a.get("src", ""), re.S)
    if not m:
        fail(f"image {a.get('id')} is not an embedded PNG")
        continue
    data = base64.b64decode(m.group(1))
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"image {a.get('id')} does not decode to a PNG")
    # 4. the same PNG beside the report
    prefix = os.path.splitext(os.path.basename(report_path))[0]
    png = os.path.join(out_dir, f"{prefix}_{a.get('id', '')[len('fig-'):]}.png")
    if not os.path.isfile(png):
        fail(f"missing PNG beside the report: {png}")
    elif open(png, "rb").read() != data:
        fail(f"{png} differs from the embedded image")

# 5. headline numbers against the HDF5 file
with h5py.File(h5_path, "r") as f:
    h = {k: (v.asstr()[:] if h5py.check_string_dtype(v.dtype) else v[()]) for k, v in f["comparison/headline"].items()}
    baseline = f["provenance"].attrs["baseline"]
    baseline = baseline.decode() if isinstance(baseline, bytes) else baseline
shown = {(s["data-scenario"], s["data-outcome"], s["data-stat"]): s for s in dom.spans if "data-group" not in s}
# the effect-by-group tables: (scenario, outcome, stat, group_kind, group)
in_groups = {(s["data-scenario"], s["data-outcome"], s["data-stat"], s["data-group-kind"], s["data-group"]): s
             for s in dom.spans if "data-group" in s}
checked = 0
wanted = [(i, stat, shown.get((h["scenario"][i], h["outcome"][i], stat)), "headline table")
          for i in np.flatnonzero(h["group_kind"] == "overall")
          for stat in ["mean", "ci_low", "ci_high"] + ([] if h["scenario"][i] == baseline
                                                       else ["diff_mean", "diff_ci_low", "diff_ci_high"])]
# every group of parental education, income, home language and district, for the outcomes of the
# effect-by-group tables: the baseline's value and each policy's paired change with its interval
kinds = {"overall", "parent_edu", "income_group", "home_language", "district"}
for i in range(len(h["scenario"])):
    if h["group_kind"][i] not in kinds or h["outcome"][i] not in ("havo_vwo_year3", "havo_vwo_diploma", "early_leaving"):
        continue
    for stat in ["mean"] if h["scenario"][i] == baseline else ["diff_mean", "diff_ci_low", "diff_ci_high"]:
        key = (h["scenario"][i], h["outcome"][i], stat, h["group_kind"][i], h["group"][i])
        wanted.append((i, stat, in_groups.get(key), "effect-by-group table"))
if not any(h["group_kind"][i] == "income_group" for i, _, _, where in wanted if where == "effect-by-group table"):
    fail("/comparison/headline has no income_group rows")
for i, stat, s, where in wanted:
    scen, outc = h["scenario"][i], h["outcome"][i]
    want = float(h[stat][i])
    if s is None:
        fail(f"{where} lacks {scen} {outc} {h['group_kind'][i]} {h['group'][i]} {stat}")
        continue
    got = s["data-value"]
    if math.isnan(want):
        ok = got == "nan" and s["text"].strip() == "\u2013"
    else:
        text = s["text"].strip()
        decimals = len(text.split(".")[1]) if "." in text else 0
        ok = got != "nan" and float(got) == want and float(text) == float(f"{want:.{decimals}f}")
    if not ok:
        fail(f"{scen} {outc} {stat}: table shows '{s['text']}' (data-value {got}), HDF5 has {want!r}")
    checked += 1
print(f"headline and effect-by-group tables: {checked} numbers equal /comparison/headline")
if checked == 0:
    fail("no headline numbers checked")

if errors:
    print("report check FAILED:\n  " + "\n  ".join(errors), file=sys.stderr)
    sys.exit(1)
print("report check passed")
