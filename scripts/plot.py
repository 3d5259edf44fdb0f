#!/usr/bin/env python3
"""Report-quality figures from a pathways results file, for policy readers.

    scripts/plot.py RESULTS.h5 [--out DIR]

Writes PNG files (150 dpi) named <results file name>_<figure>.png (output/mine.h5 ->
output/mine_pathway_flow.png, ...) into DIR (default: the folder of RESULTS.h5) and prints the
path of each file it wrote. An existing file is not overwritten: the new one gets a numbered name
(mine_pathway_flow_2.png) unless --force is given. Figures:

  pathway_flow   final school advice -> track in year 3 -> highest diploma 7 years after entry
  by_parent_edu  year-3 track and diploma shares by parental education
  skills         mean language and math skill at ages 4, 8, 12 and 15 by parental education
                 and by home language (SD units of the national norm)
  districts      per district: share in havo/vwo in year 3 and share of low-SES children
                 (only when the run has more than one district)
  advice         teacher advice and final advice (after the test) over the advice categories

All shares are computed per replicate from the count tables in /outcomes/by_group (birth
cohorts pooled). With several replicates, figures show the mean over replicates and its 95%
Monte Carlo interval (mean +/- t(0.975, n-1) SD/sqrt(n), Student t: the same function as
`pathways summary`, python/pathways_results); with one replicate no interval is shown. Needs h5py, numpy and matplotlib; on Debian: apt-get install python3-h5py
python3-matplotlib python3-numpy, and run it with /usr/bin/python3.
"""
import argparse
import os
import sys
import textwrap

_missing = []
try:
    import numpy as np
except ImportError:
    _missing.append("numpy (python3-numpy)")
try:
    import h5py
except ImportError:
    _missing.append("h5py (python3-h5py)")
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon
except ImportError:
    _missing.append("matplotlib (python3-matplotlib)")
if _missing:
    sys.stderr.write(
        "plot.py: missing Python package(s): " + ", ".join(_missing) + ".\n"
        "On Debian/Ubuntu: apt-get install python3-h5py python3-matplotlib python3-numpy\n"
        "and run the script with the system interpreter: /usr/bin/python3 scripts/plot.py RESULTS.h5\n")
    sys.exit(1)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from pathways_results import INTERVAL_STATEMENT, INTERVAL_STATEMENT_NL, interval, t975  # noqa: E402  (the one interval of pathways)
from pathways_results import UNCERTAINTY_STATEMENT  # noqa: E402  (the interval over parameter draws)

DPI = 150
# --force: overwrite figures of the same name; otherwise a second figure gets a numbered name
FORCE = False
# Okabe-Ito colours (safe for the common forms of colour blindness) for unordered comparisons.
OKABE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#9a9a9a"
CAPTION_GREY = "#444444"

ADVICE_PRETTY = {"pro_vmbo_b": "pro/vmbo-b", "vmbo_b_k": "vmbo-b/k", "vmbo_k": "vmbo-k", "vmbo_k_gt": "vmbo-k/gt",
                 "vmbo_gt": "vmbo-gt", "vmbo_gt_havo": "vmbo-gt/havo", "havo": "havo", "havo_vwo": "havo/vwo",
                 "vwo": "vwo"}
TRACK_PRETTY = {"pro": "pro", "vmbo_b": "vmbo-b", "vmbo_k": "vmbo-k", "vmbo_gt": "vmbo-gt", "havo": "havo",
                "vwo": "vwo"}
# The advice categories of a run without double advices.
SINGLE_ADVICE = ("pro_vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo")
# Four common levels used where advice, year-3 track and diploma are shown side by side.
LEVELS = ["vmbo-b/k (incl. pro)", "vmbo-gt", "havo", "vwo"]
LEVEL_OF_TRACK = {"pro": 0, "vmbo_b": 0, "vmbo_k": 0, "vmbo_gt": 1, "havo": 2, "vwo": 3}


def level_of_advice(name):
    """A double advice counts at its lower level: vmbo_gt_havo -> vmbo-gt, havo_vwo -> havo."""
    first = name.split("_")[0]
    if first == "pro":
        return 0
    if first == "vmbo":
        return LEVEL_OF_TRACK["vmbo_" + name.split("_")[1]]
    return LEVEL_OF_TRACK[first]


def level_colours(n_levels):
    """Ordered colours (viridis, without its lightest yellow) for school levels low -> high."""
    cmap = matplotlib.colormaps["viridis"] if hasattr(matplotlib, "colormaps") else plt.get_cmap("viridis")
    return [cmap(x) for x in np.linspace(0.05, 0.85, n_levels)]


def text_colour(rgba):
    r, g, b = matplotlib.colors.to_rgb(rgba)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _str(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def _fmt_int(n):
    return f"{int(round(n)):,}"


# ----------------------------------------------------------------------------------------------
# Reading and summarising


class Results:
    def __init__(self, path):
        with h5py.File(path, "r") as f:
            g = f["outcomes/by_group"]
            self.t = {k: g[k][()] for k in g}
            self.labels = {k: [_str(v) for v in f["labels"][k][()]] for k in f["labels"]}
            self.prov = {k: _str(v) if isinstance(v, (bytes, str)) else v for k, v in f["provenance"].attrs.items()}
        self.reps = np.unique(self.t["replicate"])
        self.n_rep = len(self.reps)
        self.name = self.prov.get("scenario_name", os.path.splitext(os.path.basename(path))[0])
        self.stem = os.path.splitext(os.path.basename(path))[0]   # output files are named after the input file
        self.description = self.prov.get("scenario_description", "")
        self.advice = self.labels.get("advice", list(ADVICE_PRETTY))
        self.tracks = self.labels.get("track", list(TRACK_PRETTY))
        self.districts = self.labels.get("district", [])
        n_district = len(np.unique(self.t["district"])) if "district" in self.t else 1
        self.multi_district = n_district > 1 and len(self.districts) > 1
        self.parent_edu = self.labels.get("parent_edu", ["low", "middle", "high"])
        self.home_language = self.labels.get("home_language", ["dutch", "multilingual"])
        self.doubles = any(self.col(f"{kind}_advice_{a}").sum() > 0
                           for a in self.advice if a not in SINGLE_ADVICE for kind in ("teacher", "test", "final"))
        # parameter uncertainty (pathways run --uncertainty): "off", "priors", "ranges" or "priors and ranges"
        self.uncertainty = str(self.prov.get("parameter_uncertainty", "off"))
        years = np.unique(self.t["birth_year"]) if "birth_year" in self.t else []
        self.cohorts = (f"born {years[0]}" if len(years) == 1 else f"born {years[0]}\u2013{years[-1]}") if len(years) else ""

    def col(self, name):
        if name in self.t:
            return np.asarray(self.t[name], dtype=float)
        return np.zeros(len(self.t["children"]))

    def total(self, cols, mask=None):
        """Per-replicate sums of the given columns (array of length n_rep)."""
        cols = [cols] if isinstance(cols, str) else cols
        v = sum(self.col(c) for c in cols)
        out = []
        for r in self.reps:
            m = self.t["replicate"] == r
            if mask is not None:
                m = m & mask
            out.append(v[m].sum())
        return np.array(out)

    def pct(self, num, den, mask=None):
        """Per-replicate share (%) of sum(num) / sum(den)."""
        n, d = self.total(num, mask), self.total(den, mask)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(d > 0, 100.0 * n / np.where(d > 0, d, 1), np.nan)

    def mean_skill(self, var, age, mask=None):
        """Per-replicate mean skill; cohorts without a measurement at this age are left out."""
        s, ss = self.col(f"{var}_{age}_sum"), self.col(f"{var}_{age}_sumsq")
        m = np.ones(len(s), dtype=bool) if mask is None else mask.copy()
        if "birth_year" in self.t:  # a cohort that has not reached this age yet has only zeros
            for y in np.unique(self.t["birth_year"]):
                ym = self.t["birth_year"] == y
                if ss[ym].sum() == 0:
                    m &= ~ym
        return self.pct([f"{var}_{age}_sum"], ["children"], m) / 100.0

    def children_per_replicate(self):
        return self.total("children")

    # ------------------------------------------------------------------------------------------
    def subtitle(self):
        n = self.children_per_replicate()
        if self.n_rep == 1:
            kids = f"{_fmt_int(n[0])} children"
        else:
            kids = f"{self.n_rep} replicates of {_fmt_int(n.mean())} children each"
        parts = [f"Scenario \u201c{self.name}\u201d"]
        if self.description:
            parts[0] += f" ({self.description})"
        parts.append(kids + (f", {self.cohorts}" if self.cohorts else ""))
        if self.n_rep == 1:
            parts.append("1 replicate")
        return " \u00b7 ".join(parts)

    def interval_note(self):
        uncertainty = getattr(self, "uncertainty", "off")
        if self.n_rep > 1 and uncertainty != "off":
            return (f"Values are means over {self.n_rep} replicates, each with its own draw of the uncertain "
                    f"parameters ({uncertainty}); error bars/\u00b1 show the " + INTERVAL_STATEMENT
                    + ". The 95% uncertainty interval over parameter draws is in the figure 'uncertainty'.")
        if self.n_rep > 1:
            return (f"Values are means over {self.n_rep} replicates; error bars/\u00b1 show the "
                    + INTERVAL_STATEMENT + ".")
        return "Single replicate: no uncertainty interval shown (run more replicates to get one)."


def summary(values):
    """(mean, half-width of the 95% interval of the mean) over replicates; half-width nan for one replicate.

    The interval is pathways_results.interval (Student t), the one every pathways table uses."""
    iv = interval(values)
    return iv["mean"], (iv["ci_high"] - iv["mean"]) if iv["n"] > 1 else float("nan")


# ----------------------------------------------------------------------------------------------
# Layout helpers


def setup_style():
    plt.rcParams.update({
        "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11.5, "xtick.labelsize": 10.5,
        "ytick.labelsize": 10.5, "legend.fontsize": 10.5, "figure.dpi": DPI, "savefig.dpi": DPI,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": False,
        "font.family": "DejaVu Sans",
    })


def frame(fig, res, title, notes, extra_top=0.0, bottom=None, interval_note=True):
    """Title, subtitle (scenario, replicates, children) and a wrapped footnote; returns layout rect.

    extra_top: additional space (inches) to keep free under the subtitle; interval_note=False for
    a figure whose notes describe its own intervals."""
    width_in, height_in = fig.get_size_inches()
    chars = int(width_in * 14.2)
    # fig.text rather than suptitle: tight_layout would otherwise reserve extra room for it.
    fig.text(0.01, 1 - 0.12 / height_in, title, ha="left", va="top", fontsize=15, fontweight="bold")
    sub = textwrap.fill(res.subtitle(), int(width_in * 13.5))
    fig.text(0.01, 1 - 0.47 / height_in, sub, ha="left", va="top", fontsize=10.5, color=CAPTION_GREY)
    top = 1 - (0.62 + 0.19 * (sub.count("\n") + 1) + extra_top) / height_in
    foot = "\n".join(textwrap.fill(n, chars) for n in notes + ([res.interval_note()] if interval_note else []))
    fig.text(0.01, 0.012, foot, ha="left", va="bottom", fontsize=9, color=CAPTION_GREY, linespacing=1.3)
    n_lines = foot.count("\n") + 1
    if bottom is None:
        bottom = (0.12 + n_lines * 0.16) / fig.get_size_inches()[1]
    return [0, bottom, 1, top]


def free_path(path, force=None):
    """path itself, or with --force off and the file already there, path with _2, _3, ... before the extension."""
    if (FORCE if force is None else force) or not os.path.exists(path):
        return path
    base, ext = os.path.splitext(path)
    k = 2
    while os.path.exists(f"{base}_{k}{ext}"):
        k += 1
    return f"{base}_{k}{ext}"


def save(fig, out_dir, res, figure, rect):
    fig.tight_layout(rect=rect)
    stem = getattr(res, "stem", None) or str(res.name)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
    path = free_path(os.path.join(out_dir, f"{safe}_{figure}.png"))
    fig.savefig(path, dpi=DPI, facecolor="white")
    plt.close(fig)
    print(path)
    return path


def _signed(v):
    """+0.27 / -0.54, without a negative zero."""
    return "0.00" if abs(v) < 0.005 else f"{v:+.2f}"


def pct_label(mean, half, decimals=0):
    s = f"{mean:.{decimals}f}%"
    if not np.isnan(half):
        s += f" \u00b1{half:.1f}" if half >= 0.05 else " \u00b1<0.1"
    return s


# ----------------------------------------------------------------------------------------------
# Figures


def fig_pathway_flow(res, out_dir):
    advice_cols = {lv: [f"final_advice_{a}" for a in res.advice if level_of_advice(a) == lv] for lv in range(4)}
    year3_cols = {lv: [f"track_year3_{t}" for t in res.tracks if LEVEL_OF_TRACK[t] == lv] for lv in range(4)}
    dip_cols = {lv: [f"diploma7_{t}" for t in res.tracks if LEVEL_OF_TRACK[t] == lv] for lv in range(4)}
    adv_den = [c for v in advice_cols.values() for c in v]
    y3_den = [c for v in year3_cols.values() for c in v]
    dip_den = [c for v in dip_cols.values() for c in v] + ["diploma7_none"]

    # Segments per column, bottom to top: (key, label, per-replicate shares)
    none_key = "none"
    columns = [
        [(lv, LEVELS[lv], res.pct(advice_cols[lv], adv_den)) for lv in range(4)],
        [(lv, LEVELS[lv], res.pct(year3_cols[lv], y3_den)) for lv in range(4)],
        [(none_key, "no diploma", res.pct(["diploma7_none"], dip_den))]
        + [(lv, LEVELS[lv], res.pct(dip_cols[lv], dip_den)) for lv in range(4)],
    ]
    n_per_col = [res.total(adv_den).mean(), res.total(y3_den).mean(), res.total(dip_den).mean()]
    heads = ["Final school advice\n(end of primary)", "Track in year 3\nof secondary school",
             "Highest diploma 7 years\nafter entering secondary"]
    colours = dict(zip(range(4), level_colours(4)))
    colours[none_key] = GREY

    fig, ax = plt.subplots(figsize=(11, 7.4))
    xs = [0.0, 1.25, 2.5]
    w = 0.5
    spans = []
    for x, segs in zip(xs, columns):
        y = 0.0
        span = {}
        for key, label, vals in segs:
            m, h = summary(vals)
            m = 0.0 if np.isnan(m) else m
            ax.bar(x, m, bottom=y, width=w, color=colours[key], edgecolor="white", linewidth=1.2, zorder=3)
            span[key] = (y, y + m)
            if m >= 2.5:
                txt = pct_label(m, h)
                if m >= 7:
                    txt = f"{label.split(' (')[0]}\n{txt}"
                ax.text(x, y + m / 2, txt, ha="center", va="center", fontsize=10.5 if m >= 7 else 9.5,
                        color=text_colour(colours[key]), zorder=4, linespacing=1.15)
            y += m
        spans.append(span)

    # Bands between the same level in adjacent columns: a visual guide only.
    t = np.linspace(0, 1, 40)
    ease = 3 * t ** 2 - 2 * t ** 3
    for i in range(len(xs) - 1):
        x0, x1 = xs[i] + w / 2, xs[i + 1] - w / 2
        xx = x0 + (x1 - x0) * t
        for lv in range(4):
            (a0, a1), (b0, b1) = spans[i][lv], spans[i + 1][lv]
            lo = a0 + (b0 - a0) * ease
            hi = a1 + (b1 - a1) * ease
            poly = np.vstack([np.column_stack([xx, lo]), np.column_stack([xx[::-1], hi[::-1]])])
            ax.add_patch(Polygon(poly, closed=True, facecolor=colours[lv], alpha=0.28, edgecolor="none", zorder=2))

    ax.set_xticks(xs)
    per = " per replicate" if res.n_rep > 1 else ""
    ax.set_xticklabels([f"{h}\n(n = {_fmt_int(n)}{per})" for h, n in zip(heads, n_per_col)], fontsize=11)
    ax.tick_params(axis="x", length=0, pad=8)
    ax.set_xlim(xs[0] - 0.45, xs[-1] + 0.45)
    ax.set_ylim(0, 100)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("Share of pupils at each stage (%)")
    ax.spines["bottom"].set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[lv]) for lv in reversed(range(4))]
    handles.append(plt.Rectangle((0, 0), 1, 1, color=GREY))
    ax.legend(handles, [LEVELS[lv] for lv in reversed(range(4))] + ["no diploma"], title="School level",
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)

    not_adv = 100 - summary(res.pct(adv_den, ["children"]))[0]
    not_y3 = 100 - summary(res.pct(y3_den, ["children"]))[0]
    not_7 = summary(res.pct(["diploma7_not_reached"], ["children"]))[0]
    notes = [
        "How to read: each column is a separate 100% breakdown of the cohort at one stage. The shaded bands "
        "connect the same school level in adjacent columns to show how its MARGINAL share changes; they do "
        "not show how individual pupils move between levels (the results file holds no cross-tabulation).",
        "Double advices (e.g. havo/vwo) are counted at their lower level. Praktijkonderwijs (pro) is grouped "
        "with vmbo-b/k; it leads to no secondary-school diploma, so pro pupils count as \u2018no diploma\u2019. "
        f"Left out of the denominators: children without a recorded advice ({not_adv:.1f}%), not in year 3 "
        f"({not_y3:.1f}%), and not yet 7 years past entry or never in secondary school ({not_7:.1f}%).",
    ]
    rect = frame(fig, res, "From school advice to diploma: share of pupils at each level", notes)
    return save(fig, out_dir, res, "pathway_flow", rect)


def grouped_bars(ax, categories, groups, colours, values, decimals=0, label_min=0.0):
    """values[g][c] = per-replicate array. Bars grouped by category, one colour per group."""
    n_g = len(groups)
    width = 0.8 / n_g
    x = np.arange(len(categories))
    top = 0.0
    for gi, (gname, colour) in enumerate(zip(groups, colours)):
        stats = [summary(values[gi][ci]) for ci in range(len(categories))]
        means = np.array([s[0] for s in stats])
        halves = np.array([s[1] for s in stats])
        pos = x - 0.4 + width * (gi + 0.5)
        has_err = not np.all(np.isnan(halves))
        ax.bar(pos, means, width=width * 0.92, color=colour, label=gname, zorder=3,
               yerr=np.nan_to_num(halves) if has_err else None, capsize=2.5 if has_err else 0,
               error_kw={"elinewidth": 1, "ecolor": "#333333"})
        for p, m, h in zip(pos, means, halves):
            if np.isnan(m) or m < label_min:
                continue
            yl = m + (0 if np.isnan(h) else h)
            ax.text(p, yl + 0.6, f"{m:.{decimals}f}", ha="center", va="bottom", fontsize=8.5, zorder=4)
            top = max(top, yl)
    ax.set_xticks(x)
    ax.set_xticklabels(categories)
    ax.yaxis.grid(True, color="#e6e6e6", zorder=0)
    ax.set_axisbelow(True)
    return top


def fig_by_parent_edu(res, out_dir):
    y3_cols = [f"track_year3_{t}" for t in res.tracks]
    dip_tracks = [t for t in res.tracks if t != "pro"]  # pro gives no secondary-school diploma
    dip_cols = [f"diploma7_{t}" for t in dip_tracks] + ["diploma7_none"]
    dip_den = [f"diploma7_{t}" for t in res.tracks] + ["diploma7_none"]
    groups = [f"{p} parental education" for p in res.parent_edu]
    colours = [OKABE[1], OKABE[4], OKABE[0]][:len(groups)] if len(groups) <= 3 else OKABE[:len(groups)]
    masks = [res.t["parent_edu"] == k for k in range(len(groups))]

    fig, axes = plt.subplots(2, 1, figsize=(11, 9.2))
    vals = [[res.pct([c], y3_cols, m) for c in y3_cols] for m in masks]
    top1 = grouped_bars(axes[0], [TRACK_PRETTY.get(t, t) for t in res.tracks], groups, colours, vals)
    axes[0].set_title("Track in year 3 of secondary school", loc="left", fontweight="bold")
    axes[0].set_ylabel("Share of pupils in year 3 (%)")
    vals = [[res.pct([c], dip_den, m) for c in dip_cols] for m in masks]
    top2 = grouped_bars(axes[1], [TRACK_PRETTY.get(t, t) for t in dip_tracks] + ["no diploma"], groups, colours,
                        vals)
    axes[1].set_title("Highest diploma 7 years after entering secondary school", loc="left", fontweight="bold")
    axes[1].set_ylabel("Share of pupils (%)")
    ymax = max(top1, top2) * 1.12 + 2
    for ax in axes:
        ax.set_ylim(0, ymax)
    axes[0].legend(loc="upper left", frameon=False, ncol=len(groups))

    shares = [summary(100.0 * res.total("children", m) / res.total("children"))[0] for m in masks]
    notes = [
        "Numbers above the bars are percentages. Each colour adds up to 100% within a panel. Parental education "
        "groups: " + ", ".join(f"{p} {s:.0f}%" for p, s in zip(res.parent_edu, shares)) + " of children.",
        "Year 3: share of pupils who reached year 3. Diploma: share of pupils at least 7 years past entry into "
        "secondary school; praktijkonderwijs (pro) gives no secondary diploma and counts as \u2018no diploma\u2019.",
    ]
    rect = frame(fig, res, "School track and diploma by parental education", notes)
    return save(fig, out_dir, res, "by_parent_edu", rect)


def fig_skills(res, out_dir):
    ages = [4, 8, 12, 15]
    pe_colours = [OKABE[1], OKABE[4], OKABE[0]] if len(res.parent_edu) == 3 else OKABE
    panels = [
        ("parental education", [f"{p}" for p in res.parent_edu],
         [res.t["parent_edu"] == k for k in range(len(res.parent_edu))], pe_colours),
        ("home language", list(res.home_language),
         [res.t["home_language"] == k for k in range(len(res.home_language))], [OKABE[2], OKABE[3]] + OKABE),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(12, 8.6), sharex=True, sharey=True)
    lo, hi = 0.0, 0.0
    for row, (gname, names, masks, colours) in enumerate(panels):
        for colidx, var in enumerate(["language", "math"]):
            ax = axes[row][colidx]
            ax.axhline(0, color="#555555", lw=1, ls="--", zorder=1)
            for name, m, c in zip(names, masks, colours):
                stats = [summary(res.mean_skill(var, a, m)) for a in ages]
                means = np.array([s[0] for s in stats])
                halves = np.array([s[1] for s in stats])
                ax.errorbar(ages, means, yerr=None if np.all(np.isnan(halves)) else np.nan_to_num(halves),
                            color=c, marker="o", lw=2.2, ms=6, capsize=3, label=name, zorder=3)
                ok = ~np.isnan(means)
                if ok.any():
                    lo = min(lo, np.nanmin(means - np.nan_to_num(halves)))
                    hi = max(hi, np.nanmax(means + np.nan_to_num(halves)))
                    last = np.where(ok)[0][-1]
                    ax.annotate(_signed(means[last]), (ages[last], means[last]), xytext=(7, 0),
                                textcoords="offset points", va="center", fontsize=9.5, color=c,
                                fontweight="bold")
            ax.set_title(f"{var.capitalize()} \u2014 by {gname}", loc="left", fontweight="bold", fontsize=12)
            ax.yaxis.grid(True, color="#ececec", zorder=0)
            if colidx == 0:
                ax.set_ylabel("Mean skill (SD units;\n0 = national average)")
            else:
                ax.legend(title=gname.capitalize(), frameon=False, loc="upper left", bbox_to_anchor=(1.02, 1.0))
            if row == 1:
                ax.set_xlabel("Age (years)")
    pad = 0.1 * (hi - lo)
    axes[0][0].set_ylim(lo - pad, hi + pad)
    axes[0][0].set_xticks(ages)
    axes[0][0].set_xlim(3, 16.6)
    notes = ["Skill is expressed in standard deviations (SD) of the national norm for that age: 0 (dashed line) "
             "is the national average, +0.5 is half a standard deviation above it. Points show the group mean; the "
             "numbers at the right are the values at the last age measured."]
    rect = frame(fig, res, "Language and math skills from age 4 to 15", notes)
    return save(fig, out_dir, res, "skills", rect)


def fig_districts(res, out_dir):
    y3_cols = [f"track_year3_{t}" for t in res.tracks]
    hv = [c for c in y3_cols if c.endswith("_havo") or c.endswith("_vwo")]
    n = len(res.districts)
    rows = []
    for d in range(n):
        m = res.t["district"] == d
        if res.total("children", m).sum() == 0:
            continue
        rows.append((res.districts[d], summary(res.pct(hv, y3_cols, m)), summary(res.pct(["low_ses"], ["children"], m)),
                     res.total("children", m).mean()))
    rows.sort(key=lambda r: r[1][0])
    overall_hv = summary(res.pct(hv, y3_cols))[0]
    overall_ses = summary(res.pct(["low_ses"], ["children"]))[0]

    height = max(4.8, 0.42 * len(rows) + 3.4)
    fig, axes = plt.subplots(1, 2, figsize=(11, height), sharey=True)
    y = np.arange(len(rows))
    names = [f"{r[0]}  (n = {_fmt_int(r[3])})" for r in rows]
    for ax, idx, colour, title, overall in [
            (axes[0], 1, OKABE[0], "In havo or vwo in year 3 (% of year-3 pupils)", overall_hv),
            (axes[1], 2, OKABE[5], "Low-SES children (% of children)", overall_ses)]:
        means = np.array([r[idx][0] for r in rows])
        halves = np.array([r[idx][1] for r in rows])
        has_err = not np.all(np.isnan(halves))
        ax.barh(y, means, color=colour, height=0.68, zorder=3,
                xerr=np.nan_to_num(halves) if has_err else None, capsize=3 if has_err else 0,
                error_kw={"elinewidth": 1, "ecolor": "#333333"})
        for yi, m, h in zip(y, means, halves):
            ax.annotate(f"{m:.0f}%", (m + (0 if np.isnan(h) else h), yi), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=9.5, zorder=6,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})
        ax.axvline(overall, color="#333333", ls="--", lw=1.2, zorder=4)
        ax.text(overall, len(rows) - 0.35, f" all: {overall:.0f}%", ha="left", va="bottom", fontsize=9.5,
                color="#333333")
        ax.set_title(title, loc="left", fontweight="bold", fontsize=11.5)
        ax.set_xlabel("Share (%)")
        ax.set_xlim(0, np.nanmax(means + np.nan_to_num(halves)) * 1.15 + 3)
        ax.set_ylim(-0.6, len(rows) - 0.1 + 0.5)
        ax.xaxis.grid(True, color="#ececec", zorder=0)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(names)
    notes = ["Districts are sorted by their havo/vwo share in year 3 (highest at the top). The dashed line is "
             "the value for all districts together. n = children per district (per replicate). Districts are the "
             "spatial units of the scenario (city districts, or area types in a national run)."]
    rect = frame(fig, res, "Districts: havo/vwo participation and low-SES share", notes)
    return save(fig, out_dir, res, "districts", rect)


def fig_advice(res, out_dir):
    cats = list(res.advice) if res.doubles else [a for a in res.advice if a in SINGLE_ADVICE]
    teacher = [f"teacher_advice_{a}" for a in res.advice]
    final = [f"final_advice_{a}" for a in res.advice]
    vals = [[res.pct([f"teacher_advice_{a}"], teacher) for a in cats],
            [res.pct([f"final_advice_{a}"], final) for a in cats]]
    fig, ax = plt.subplots(figsize=(11, 6.4))
    top = grouped_bars(ax, [ADVICE_PRETTY.get(a, a) for a in cats],
                       ["teacher advice (before the test)", "final advice (after the test)"],
                       [OKABE[4], OKABE[0]], vals)
    ax.set_ylim(0, top * 1.15 + 1)
    ax.set_ylabel("Share of advised pupils (%)")
    ax.set_xlabel("School advice (low \u2192 high)" + ("; x/y = double advice" if res.doubles else ""))
    ax.legend(frameon=False, loc="upper left")
    raised = summary(res.pct(["advice_raised"], ["advised"]))[0]
    higher = summary(res.pct(["test_higher"], ["advised"]))[0]
    notes = [f"Numbers above the bars are percentages of pupils who received an advice (n = "
             f"{_fmt_int(res.total('advised').mean())}). The test result was higher than the teacher advice for "
             f"{higher:.0f}% of pupils; the advice was raised for {raised:.0f}%."
             + ("" if res.doubles else " This scenario gives single advices only.")]
    rect = frame(fig, res, "School advice: teacher advice and final advice after the test", notes)
    return save(fig, out_dir, res, "advice", rect)


PROJECTION_TYPES = [("preschool", "preschool (VE)"), ("primary", "primary school"), ("ten_fourteen", "10\u201314 school"),
                    ("zero_eighteen", "0\u201318 community"), ("secondary_at_city_schools", "secondary schools in the city")]


def fig_uncertainty(res, out_dir):
    """With parameter uncertainty on: the two intervals of the main shares side by side, the Monte Carlo
    interval of the mean (thick) and the uncertainty interval over parameter draws (thin, 2.5 and 97.5
    percentiles of the replicates), plus each replicate's value."""
    y3 = [f"track_year3_{t}" for t in res.tracks]
    dip = [f"diploma7_{t}" for t in res.tracks] + ["diploma7_none"]
    low, high = res.t["parent_edu"] == 0, res.t["parent_edu"] == len(res.parent_edu) - 1
    rows = [("havo/vwo in year 3 (%)", res.pct(["track_year3_havo", "track_year3_vwo"], y3)),
            ("havo/vwo diploma (%)", res.pct(["diploma7_havo", "diploma7_vwo"], dip)),
            ("no diploma 7 years after entry (%)", res.pct(["diploma7_none"], dip)),
            ("havo/vwo in year 3, high minus low parental education (pp)",
             res.pct(["track_year3_havo", "track_year3_vwo"], y3, high) - res.pct(["track_year3_havo", "track_year3_vwo"], y3, low))]
    fig, ax = plt.subplots(figsize=(11, 1.2 + 1.1 * len(rows)))
    for k, (label, v) in enumerate(rows):
        v = np.asarray(v, dtype=float)
        v = v[np.isfinite(v)]
        y = len(rows) - 1 - k
        if len(v) == 0:
            continue
        iv = interval(v)
        lo, hi = np.percentile(v, [2.5, 97.5])  # linear interpolation, as pathways summary
        ax.plot([lo, hi], [y, y], color=OKABE[0], lw=1.5, solid_capstyle="butt", zorder=2)
        ax.plot([lo, lo], [y - 0.15, y + 0.15], color=OKABE[0], lw=1.5)
        ax.plot([hi, hi], [y - 0.15, y + 0.15], color=OKABE[0], lw=1.5)
        if iv["n"] > 1:
            ax.plot([iv["ci_low"], iv["ci_high"]], [y, y], color=OKABE[4], lw=7, solid_capstyle="butt", zorder=3)
        ax.scatter(v, np.full(len(v), y + 0.28), s=8, color="#888888", zorder=1)
        ax.scatter([iv["mean"]], [y], s=30, color="black", zorder=4)
        ax.text(hi, y - 0.32, f"  mean {iv['mean']:.1f}; uncertainty [{lo:.1f}, {hi:.1f}]; Monte Carlo "
                f"[{iv['ci_low']:.1f}, {iv['ci_high']:.1f}]", va="center", ha="right", fontsize=8.5)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows][::-1])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlim(left=min(0.0, ax.get_xlim()[0]))  # shares from 0, so the labels under the lines fit
    ax.xaxis.grid(True, color="#e6e6e6", zorder=0)
    few = (f" Warning: {res.n_rep} replicates are too few for the 2.5 and 97.5 percentiles; use 20 or more."
           if res.n_rep < 20 else "")
    notes = [f"Parameter uncertainty: {res.uncertainty}. Thin line with end marks: the " + UNCERTAINTY_STATEMENT
             + ". Thick bar: the " + INTERVAL_STATEMENT + ". Grey dots: each replicate's value." + few]
    rect = frame(fig, res, "Two intervals: what more replicates shrink, and what they do not", notes,
                 interval_note=False)
    return save(fig, out_dir, res, "uncertainty", rect)


def fig_projection(res, path, out_dir):
    """Pupils per school year (city) with 95% intervals, primary pupils per district, and capacity."""
    with h5py.File(path, "r") as f:
        if "projection" not in f:
            return None
        g = f["projection/pupils"]
        t = {k: g[k][()] for k in g}
    t["school_type"] = np.array([_str(x) for x in t["school_type"]])
    fig, axes = plt.subplots(1, 2, figsize=(13, 6.8))
    ax = axes[0]
    colours = plt.get_cmap("tab10").colors
    for k, (kind, label) in enumerate(PROJECTION_TYPES):
        m = (t["school_type"] == kind) & (t["district"] == -1)
        if not m.any() or t["mean"][m].max() <= 0:
            continue
        years = t["year"][m]
        ax.plot(years, t["mean"][m], color=colours[k], label=label, lw=2)
        ax.fill_between(years, t["ci_low"][m], t["ci_high"][m], color=colours[k], alpha=0.2, lw=0)
        places = t["places"][m]
        if (places >= 0).any():
            ax.plot(years, np.where(places >= 0, places, np.nan), color=colours[k], ls="--", lw=1.2,
                    label=f"places: {label}")
    ax.set_title("City: pupils per school type", loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel("school year (starting 1 October)")
    ax.set_ylabel("pupils living in the city")
    ax.legend(fontsize=9, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    ax.grid(axis="y", alpha=0.3)
    ax = axes[1]
    cmap = plt.get_cmap("tab10")
    for d, name in enumerate(res.districts):
        m = (t["school_type"] == "primary") & (t["district"] == d)
        if not m.any():
            continue
        years = t["year"][m]
        ax.plot(years, t["mean"][m], color=cmap(d % 10), lw=1.8, label=name)
        ax.fill_between(years, t["ci_low"][m], t["ci_high"][m], color=cmap(d % 10), alpha=0.15, lw=0)
        places = t["places"][m]
        if (places >= 0).any():
            ax.plot(years, places, color=cmap(d % 10), ls="--", lw=1)
    ax.set_title("Primary pupils per district (dashed: places)", loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel("school year (starting 1 October)")
    ax.set_ylabel("pupils living in the district")
    ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
    ax.grid(axis="y", alpha=0.3)
    n = len(np.unique(res.t["replicate"])) if "replicate" in res.t else 0
    notes = ["Pupils are children living in the city on 1 October, by where they go to school (type); secondary "
             "pupils at the city's schools add pupils from outside the city and leave out residents who go to school "
             "elsewhere (U10, P14). Dashed lines are the places the scenario gives (projection.primary_places, "
             "projection.secondary_places).",
             f"Lines are means over {n} replicates. Bands are 95% prediction intervals for one future, not intervals "
             "of the mean: mean \u00b1 t(0.975, n\u22121) \u00b7 SD \u00b7 \u221a(1 + 1/n) over replicates (births, "
             "migration and pathways vary), the range a building plan must absorb (docs/projection.md)."]
    rect = frame(fig, res, "Pupils per school year: projection", notes, interval_note=False)
    rect[1] += 0.55 / fig.get_size_inches()[1]   # room for the legends under the panels
    return save(fig, out_dir, res, "projection", rect)


def read_projection(path):
    with h5py.File(path, "r") as f:
        if "projection" not in f:
            sys.exit(f"plot.py: {path} has no /projection (make it with pathways project)")
        g = f["projection/pupils"]
        t = {k: g[k][()] for k in g}
        name = _str(f["provenance"].attrs.get("scenario_name", os.path.basename(path)))
    t["school_type"] = np.array([_str(x) for x in t["school_type"]])
    return name, t


def fig_projection_compare(res, path, other, out_dir):
    """Two projections side by side: the city's pupils per school type, and the difference."""
    name_a, a = read_projection(path)
    name_b, b = read_projection(other)
    fig, axes = plt.subplots(1, 2, figsize=(13, 7.2))
    colours = plt.get_cmap("tab10").colors
    print(f"pupils in the city, {name_b} minus {name_a} (mean over replicates):")
    for k, (kind, label) in enumerate(PROJECTION_TYPES):
        ma = (a["school_type"] == kind) & (a["district"] == -1)
        mb = (b["school_type"] == kind) & (b["district"] == -1)
        if not ma.any() or not mb.any() or max(a["mean"][ma].max(), b["mean"][mb].max()) <= 0:
            continue
        years = a["year"][ma]
        axes[0].plot(years, a["mean"][ma], color=colours[k], lw=2, label=f"{label}: {name_a}")
        axes[0].plot(b["year"][mb], b["mean"][mb], color=colours[k], lw=2, ls="--", label=f"{label}: {name_b}")
        common = np.intersect1d(years, b["year"][mb])
        diff = np.array([b["mean"][mb][b["year"][mb] == y][0] - a["mean"][ma][years == y][0] for y in common])
        axes[1].plot(common, diff, color=colours[k], lw=2, label=label)
        print(f"  {label:32s} " + "  ".join(f"{y}: {d:+.0f}" for y, d in zip(common[::4], diff[::4])))
    axes[0].set_title("City: pupils per school type (dashed: " + name_b + ")",
                      loc="left", fontsize=11, fontweight="bold")
    axes[1].set_title(f"Difference: {name_b} minus {name_a}", loc="left", fontsize=11, fontweight="bold")
    axes[1].axhline(0, color="grey", lw=0.8)
    for ax in axes:
        ax.set_xlabel("school year (starting 1 October)")
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("pupils living in the city")
    axes[1].set_ylabel("places needed, more (+) or fewer (-)")
    axes[0].legend(fontsize=7.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    axes[1].legend(fontsize=8.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    notes = ["Means over replicates of two projections from the same start population and seed (common random "
             "numbers: the same children in both). A scenario that moves children between school types moves the "
             "places they need: the right panel is what the building plan must add or can release."]
    rect = frame(fig, res, f"Projection: {name_b} against {name_a}", notes, interval_note=False)
    rect[1] += 0.8 / fig.get_size_inches()[1]   # room for the legends under the panels
    return save(fig, out_dir, res, f"projection_vs_{os.path.splitext(os.path.basename(other))[0]}", rect)


HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
READ_ERRORS = (OSError, KeyError, ValueError, TypeError, IndexError, AttributeError)


def check_h5_file(prog, path, what):
    """Exits with one line unless path is a non-empty regular file that starts as HDF5 does."""
    if os.path.isdir(path):
        sys.exit(f"{prog}: {path}: is a folder, not {what}")
    if not os.path.isfile(path):
        sys.exit(f"{prog}: no such file: {path}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as e:
        sys.exit(f"{prog}: {path}: cannot read: {e.strerror}")
    if not head:
        sys.exit(f"{prog}: {path}: empty file, not {what}")
    if head != HDF5_SIGNATURE:
        sys.exit(f"{prog}: {path}: not an HDF5 file, so not {what}")


def read_error(prog, path, what, e):
    """One line for a file that h5py cannot open or that lacks what is expected."""
    why = e.strerror if isinstance(e, OSError) and e.strerror else str(e).splitlines()[0] if str(e) else type(e).__name__
    return f"{prog}: {path}: cannot read it as {what}: the file is truncated, damaged or of another kind ({why})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("results", help="results file written by pathways run (HDF5)")
    ap.add_argument("--out", help="folder for the PNG files (default: the folder of RESULTS.h5)")
    ap.add_argument("--compare", metavar="OTHER.h5",
                    help="another projection (pathways project) to draw against this one")
    ap.add_argument("--force", action="store_true",
                    help="overwrite figures that exist (default: write the new one under a numbered name)")
    args = ap.parse_args()
    global FORCE
    FORCE = args.force
    what = "a pathways results file (pathways run)"
    for path in [args.results] + ([args.compare] if args.compare else []):
        check_h5_file("plot.py", path, what)
    try:
        with h5py.File(args.results, "r") as f:
            fmt = _str(f.attrs.get("format", ""))
    except OSError as e:
        sys.exit(read_error("plot.py", args.results, what, e))
    if fmt == "pathways-comparison":
        sys.exit(f"plot.py: {args.results} is a comparison file (pathways compare/batch); draw it with "
                 f"scripts/report.py {args.results}, or plot one scenario's run file")
    if fmt != "pathways-results":
        sys.exit(f"plot.py: {args.results} is not a pathways results file (format '{fmt}')")
    out_dir = args.out or os.path.dirname(os.path.abspath(args.results))
    setup_style()
    try:
        res = Results(args.results)
    except READ_ERRORS as e:
        sys.exit(read_error("plot.py", args.results, what, e))
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        sys.exit(f"plot.py: cannot create the folder {out_dir}: {e.strerror}")
    try:
        draw_all(res, args, out_dir)
    except OSError as e:
        sys.exit(f"plot.py: cannot write {e.filename or out_dir}: {e.strerror}")


def draw_all(res, args, out_dir):
    fig_pathway_flow(res, out_dir)
    fig_by_parent_edu(res, out_dir)
    fig_skills(res, out_dir)
    if res.multi_district:
        fig_districts(res, out_dir)
    fig_advice(res, out_dir)
    if getattr(res, "uncertainty", "off") != "off" and res.n_rep > 1:
        fig_uncertainty(res, out_dir)
    fig_projection(res, args.results, out_dir)
    if args.compare:
        fig_projection_compare(res, args.results, args.compare, out_dir)


if __name__ == "__main__":
    main()
