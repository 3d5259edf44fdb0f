"""Read pathways results files as tidy pandas DataFrames.

    import sys; sys.path.insert(0, "python")          # from the repository root; no install needed
    import pathways_results as pr
    pr.tables("output/compare.h5")                    # the tables in the file
    pr.table("output/compare.h5", "outcomes/by_group")   # one row per scenario x replicate x group
    pr.headline("output/baseline.h5", by=["parent_edu"]) # what `pathways summary --by parent_edu --csv` prints

Works on every file kind pathways writes: `run` results (format pathways-results), `project`
results (the same, plus /projection), and comparison files of `compare` and `batch`
(pathways-comparison). Codes are decoded with the file's /labels into pandas Categoricals; -1
("none") becomes a missing value, except in key columns of summary tables (comparison/headline,
comparison/switch, projection/pupils) where -1 means "all" (or the whole city) and is shown so.

Intervals: `interval(values)` is the same computation as the C++ stats::interval95 (the mean over
replicates with a Student-t 95% interval of the mean, INTERVAL_STATEMENT says it in words); a test
(tests/integration/python_reader_test.py) checks that both give the same numbers. Needs h5py,
numpy and pandas (Debian: python3-h5py python3-pandas; run with /usr/bin/python3).
"""
import math

import h5py
import numpy as np

__all__ = ["INTERVAL_STATEMENT", "INTERVAL_STATEMENT_NL", "UNCERTAINTY_STATEMENT", "t975", "interval",
           "uncertainty_interval", "file_kind", "tables", "table", "headline",
           "HEADLINE_OUTCOMES", "GROUPS"]

INTERVAL_STATEMENT = ("95% Monte Carlo interval of the mean: mean over replicates \u00b1 t(0.975, n\u22121) \u00b7 SD / "
                      "\u221an (Student t, n replicates); it shows the model's chance variation, not whether its "
                      "parameters are right")

# The uncertainty interval over parameter draws (stats::uncertainty_statement in C++), for files
# written with parameter uncertainty on (pathways --uncertainty; docs/uncertainty.md).
UNCERTAINTY_STATEMENT = ("95% uncertainty interval over parameter draws: the 2.5 and 97.5 percentiles of the "
                         "per-replicate values, each replicate with its own draw of every uncertain parameter; it "
                         "shows where 95% of plausible worlds lie and does not shrink with more replicates")

# the same in Dutch (scripts/report.py --lang nl)
INTERVAL_STATEMENT_NL = ("95%-Monte-Carlo-interval van het gemiddelde: gemiddelde over de replicaties \u00b1 "
                         "t(0,975; n\u22121) \u00b7 SD / \u221an (Student-t, n replicaties); het toont de toevalsvariatie "
                         "van het model, niet of de parameters van het model kloppen")

HEADLINE_OUTCOMES = ["havo_vwo_year3", "havo_vwo_diploma", "social_gap_pp", "social_gap_or",
                     "misplaced_high_potential_low_edu", "early_leaving", "cost_per_child"]
# summary --by dimensions, in their canonical names; "income" is accepted for income_group
GROUPS = ["parent_edu", "income_group", "home_language", "district", "birth_year"]


# ----------------------------------------------------------------------------------------------
# The interval


def _t_two_sided(t, df):
    """P(|T| < t) for Student's t with an integer df >= 1 (closed form, Abramowitz & Stegun 26.7.3-4)."""
    theta = math.atan(t / math.sqrt(df))
    c2, s = math.cos(theta) ** 2, math.sin(theta)
    if df % 2 == 1:
        total, term = 0.0, math.cos(theta)
        for k in range(1, (df - 1) // 2 + 1):
            if k > 1:
                term *= c2 * (2 * k - 2) / (2 * k - 1)
            total += term
        return 2 / math.pi * (theta + s * total) if df > 1 else 2 * theta / math.pi
    total, term = 1.0, 1.0
    for k in range(1, df // 2):
        term *= c2 * (2 * k - 1) / (2 * k)
        total += term
    return s * total


def t975(df):
    """The 0.975 quantile of Student's t with df degrees of freedom (df >= 1), to double precision."""
    df = int(df)
    if df < 1:
        return float("nan")
    lo, hi = 1.959963984540054, 12.706204736174708   # the normal quantile and t(0.975, 1) bound it
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if _t_two_sided(mid, df) < 0.95:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def interval(values):
    """Mean, SD, 95% interval of the mean and n over the finite values (NaNs are left out).

    Returns a dict with mean, sd, ci_low, ci_high, n; with n < 2 sd and the interval are NaN."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    nan = float("nan")
    out = {"mean": nan, "sd": nan, "ci_low": nan, "ci_high": nan, "n": int(len(v))}
    if len(v) == 0:
        return out
    out["mean"] = float(v.sum() / len(v))
    if len(v) < 2:
        return out
    out["sd"] = float(math.sqrt(((v - out["mean"]) ** 2).sum() / (len(v) - 1)))
    half = t975(len(v) - 1) * out["sd"] / math.sqrt(len(v))
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    return out


# ----------------------------------------------------------------------------------------------
# Files and tables


def _s(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def file_kind(path):
    """'results' (pathways run), 'projection' (pathways project) or 'comparison' (compare, batch)."""
    with h5py.File(path, "r") as f:
        fmt = _s(f.attrs.get("format", ""))
        if fmt == "pathways-comparison":
            return "comparison"
        if fmt == "pathways-results":
            return "projection" if "projection" in f else "results"
    raise ValueError(f"{path}: not a pathways results or comparison file (format '{fmt}')")


_NOT_COLUMNS = ("count_names", "sum_names")   # the column order of by_group, stored beside it


def _is_table(g):
    cols = [v for k, v in g.items() if isinstance(v, h5py.Dataset) and k not in _NOT_COLUMNS]
    return bool(cols) and all(c.ndim == 1 for c in cols) and len({c.shape[0] for c in cols}) == 1


def tables(path):
    """The names of every table (a group of equal-length 1-D columns) in the file, e.g.
    'outcomes/by_group', 'calendar/enrolment', 'comparison/headline'. In a comparison file the
    per-scenario tables are named once, without the /scenarios/<name>/ prefix (table() stacks them)."""
    names = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Group) or name in ("labels",) or not _is_table(obj):
                return
            if name.startswith("scenarios/"):
                name = name.split("/", 2)[2]
            if name not in names:
                names.append(name)
        f.visititems(visit)
    return names


# column name -> /labels table whose entry k is code k
_CODES = {"parent_edu": "parent_edu", "home_language": "home_language", "income_group": "income_group",
          "district": "district", "route": "route", "teacher_advice": "advice", "test_advice": "advice",
          "final_advice": "advice", "track_year1": "track", "track_year3": "track", "class_year1": "class_type",
          "final_stage": "stage"}
_CODES_BY_TABLE = {"calendar/enrolment": {"kind": "enrolment"}, "calendar/school_years": {"level": "level"}}
# tables whose key columns use -1 for "all": the label shown for it
_ALL = {"comparison/headline": "all", "comparison/switch": "all", "projection/pupils": "city"}


def _pd():
    """pandas, imported when a table is asked for (the interval helpers need only numpy)."""
    try:
        import pandas
    except ImportError:
        raise SystemExit("pathways_results: pandas is missing; on Debian: apt-get install python3-pandas "
                         "(then run /usr/bin/python3)")
    return pandas


def _read_group(g):
    pd = _pd()
    cols = {}
    for k, v in g.items():
        if not isinstance(v, h5py.Dataset) or k in _NOT_COLUMNS:
            continue
        cols[k] = v.asstr()[()] if h5py.check_string_dtype(v.dtype) else v[()]
    return pd.DataFrame(cols)


def _decode(df, name, labels):
    pd = _pd()
    codes = dict(_CODES)
    codes.update(_CODES_BY_TABLE.get(name, {}))
    all_label = _ALL.get(name)
    for col, lab in codes.items():
        if col not in df or lab not in labels or df[col].dtype.kind not in "iu":
            continue
        cats = list(labels[lab])
        code = df[col].to_numpy().astype(np.int64)
        if all_label is not None and (code < 0).any():
            cats = cats + [all_label]
            code = np.where(code < 0, len(cats) - 1, code)
        df[col] = pd.Categorical.from_codes(np.where(code < len(cats), code, -1), categories=cats)
    return df


def table(path, name, decode=True):
    """One table of the file as a DataFrame (one column per dataset, one row per row).

    In a comparison file, a per-scenario table (outcomes/by_group, parameters, checksums, ...) is
    stacked over the scenarios with a first column `scenario`. decode=False keeps the integer codes."""
    pd = _pd()
    with h5py.File(path, "r") as f:
        labels = {k: list(f["labels"][k].asstr()[()]) for k in f["labels"]} if "labels" in f else {}
        labels.setdefault("income_group", ["lowest", "middle", "highest"])   # not stored in older comparison files
        if name in f and isinstance(f[name], h5py.Group) and _is_table(f[name]):
            df = _read_group(f[name])
        elif "scenarios" in f:
            parts = []
            for s in f["provenance/scenario"].asstr()[()]:
                if name in f["scenarios"][s]:
                    part = _read_group(f["scenarios"][s][name])
                    part.insert(0, "scenario", s)
                    parts.append(part)
            if not parts:
                raise KeyError(f"{path}: no table '{name}'; the tables are: {', '.join(tables(path))}")
            df = pd.concat(parts, ignore_index=True)
            df["scenario"] = pd.Categorical(df["scenario"], categories=list(f["provenance/scenario"].asstr()[()]))
        else:
            raise KeyError(f"{path}: no table '{name}'; the tables are: {', '.join(tables(path))}")
    return _decode(df, name, labels) if decode else df


# ----------------------------------------------------------------------------------------------
# Headline outcomes by group (the Python twin of `pathways summary --by ... --csv`)


def _outcome_values(t, outcome):
    """Per-replicate value of a headline outcome from the rows of a by_group DataFrame (codes)."""
    def s(cols, mask=None):
        d = t if mask is None else t[mask]
        return float(sum(d[c].sum() for c in cols))
    y3 = [c for c in t.columns if c.startswith("track_year3_")]
    hv = ["track_year3_havo", "track_year3_vwo"]
    pe = t["parent_edu"].to_numpy()
    pct = (lambda n, d: 100.0 * n / d if d > 0 else float("nan"))
    if outcome == "havo_vwo_year3":
        return pct(s(hv), s(y3))
    if outcome == "havo_vwo_diploma":
        return pct(s(["diploma_havo", "diploma_vwo"]), s(["children"]))
    if outcome == "early_leaving":
        return pct(s(["early_leaver"]), s(["children"]))
    if outcome == "cost_per_child":
        n = s(["children"])
        return t["cost_total"].sum() / n if "cost_total" in t and n > 0 else float("nan")
    if outcome == "misplaced_high_potential_low_edu":
        low = pe == 0
        return pct(s(["high_potential_year3_below_havo"], low), s(["high_potential"], low))
    if outcome in ("social_gap_pp", "social_gap_or"):
        hi, lo = pe == 2, pe == 0
        hn, hd, ln, ld = s(hv, hi), s(y3, hi), s(hv, lo), s(y3, lo)
        if hd <= 0 or ld <= 0:
            return float("nan")
        if outcome == "social_gap_pp":
            return 100.0 * (hn / hd - ln / ld)
        # as stats::headline_value in IEEE arithmetic: an infinite odds (everyone in havo/vwo) gives
        # 0 or infinity, and only a finite ratio counts
        with np.errstate(divide="ignore", invalid="ignore"):
            hn, hd, ln, ld = np.float64(hn), np.float64(hd), np.float64(ln), np.float64(ld)
            r = float((hn / (hd - hn)) / (ln / (ld - ln)))
        return r if math.isfinite(r) else float("nan")
    raise ValueError(f"unknown headline outcome '{outcome}'")


def _applies(outcome, by, group):
    """As stats::applies: the social gap needs both parental-education groups, misplacement the low one."""
    pe = dict(zip(by, group)).get("parent_edu")
    if outcome in ("social_gap_pp", "social_gap_or"):
        return pe is None
    if outcome == "misplaced_high_potential_low_edu":
        return pe is None or pe == 0
    return True


def uncertainty_interval(values):
    """The 95% uncertainty interval over parameter draws (stats::uncertainty_interval95 in C++): the
    2.5 and 97.5 percentiles of the finite values, interpolated linearly between order statistics
    (numpy's default, type 7); UNCERTAINTY_STATEMENT says it in words. Fewer than 2 values give NaN.
    Returns a dict: low, high, n."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) < 2:
        return {"low": float("nan"), "high": float("nan"), "n": int(len(v))}
    return {"low": float(np.percentile(v, 2.5)), "high": float(np.percentile(v, 97.5)), "n": int(len(v))}


def headline(path, by=(), outcomes=None):
    """Every headline outcome per scenario and group with its interval and the paired difference
    against the baseline (the first scenario): the rows and columns of
    `pathways summary PATH --by <by> --csv` (group columns hold labels).

    For a file written with parameter uncertainty on (pathways --uncertainty), the columns ui_low,
    ui_high, diff_ui_low and diff_ui_high follow, as in summary --csv: the uncertainty interval over
    parameter draws of the values and of the paired differences (uncertainty_interval).

    by: any of parent_edu, income (income_group), home_language, district, birth_year."""
    by = ["income_group" if b == "income" else b for b in by]
    for b in by:
        if b not in GROUPS:
            raise ValueError(f"unknown group '{b}': choose from parent_edu, income, home_language, district, birth_year")
    outcomes = HEADLINE_OUTCOMES if outcomes is None else list(outcomes)
    t = table(path, "outcomes/by_group", decode=False)
    if "scenario" not in t:
        with h5py.File(path, "r") as f:
            t.insert(0, "scenario", _s(f["provenance"].attrs["scenario_name"]))
    with h5py.File(path, "r") as f:
        labels = {k: list(f["labels"][k].asstr()[()]) for k in f["labels"]}
        uncertain = "provenance" in f and _s(f["provenance"].attrs.get("parameter_uncertainty", "off")) != "off"
    labels.setdefault("income_group", ["lowest", "middle", "highest"])
    scenarios = list(dict.fromkeys(t["scenario"].astype(str)))
    reps = sorted(t["replicate"].unique())
    values = {}   # (scenario, group key, outcome) -> per-replicate values
    groups = [()]
    if by:   # every combination, as summary lists them (the last dimension fastest)
        levels = [range(len(labels[b])) if b != "birth_year" else sorted(t["birth_year"].unique()) for b in by]
        groups = [()]
        for lv in levels:
            groups = [g + (v,) for g in groups for v in lv]
    for s in scenarios:
        ts = t[t["scenario"].astype(str) == s]
        for g in groups:
            mask = np.ones(len(ts), dtype=bool)
            for b, v in zip(by, g):
                mask &= ts[b].to_numpy() == v
            tg = ts[mask]
            for o in outcomes:
                if _applies(o, by, g):
                    values[(s, g, o)] = np.array([_outcome_values(tg[tg["replicate"] == r], o) for r in reps])
    rows = []
    for s in scenarios:
        for g in groups:
            for o in outcomes:
                if (s, g, o) not in values:
                    continue
                v = values[(s, g, o)]
                iv = interval(v)
                row = {"scenario": s}
                for b, k in zip(by, g):
                    row[b] = str(k) if b == "birth_year" else labels[b][k]
                row.update({"outcome": o, "mean": iv["mean"], "sd": iv["sd"], "ci_low": iv["ci_low"],
                            "ci_high": iv["ci_high"]})
                nan = float("nan")
                if s != scenarios[0]:
                    b0 = values[(scenarios[0], g, o)]
                    d = interval(np.where(np.isfinite(v) & np.isfinite(b0), v - b0, nan))
                    row.update({"diff_mean": d["mean"], "diff_ci_low": d["ci_low"], "diff_ci_high": d["ci_high"]})
                else:
                    row.update({"diff_mean": nan, "diff_ci_low": nan, "diff_ci_high": nan})
                row["replicates"] = iv["n"]
                if uncertain:
                    u = uncertainty_interval(v)
                    row.update({"ui_low": u["low"], "ui_high": u["high"]})
                    if s != scenarios[0]:
                        du = uncertainty_interval(np.where(np.isfinite(v) & np.isfinite(b0), v - b0, nan))
                        row.update({"diff_ui_low": du["low"], "diff_ui_high": du["high"]})
                    else:
                        row.update({"diff_ui_low": nan, "diff_ui_high": nan})
                rows.append(row)
    return _pd().DataFrame(rows)
