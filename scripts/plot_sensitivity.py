#!/usr/bin/env python3
"""Figures of a sensitivity file (`pathways sensitivity`): which assumptions drive an outcome.

    scripts/plot_sensitivity.py SENSITIVITY.h5 [--out DIR] [--groups] [--force]

Writes one PNG (150 dpi) per outcome, for all children, named <file name>_sensitivity_<outcome>.png
(with --groups also one per group: ..._<outcome>_<group label>.png) into DIR (default: the folder
of the file) and prints the path of each. An existing figure is not overwritten: the new one gets a
numbered name unless --force is given.

Each figure ranks the parameters: with Sobol indices, bars are the total index (the share of the
outcome's variance over the parameter ranges that involves the parameter, alone or through
interactions) and dots the first-order index (its share alone); with Morris only, bars are mu*
(the mean absolute change of the outcome when the parameter moves across its range). With method
"both", Morris (all parameters) is on the left and Sobol (the ones it kept) on the right. Whiskers
are 95% bootstrap intervals: the estimate's sampling error, not the parameters' uncertainty.
Needs h5py, numpy and matplotlib (Debian: apt-get install python3-h5py python3-matplotlib
python3-numpy; run with /usr/bin/python3).
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
except ImportError:
    _missing.append("matplotlib (python3-matplotlib)")
if _missing:
    sys.stderr.write("plot_sensitivity.py: missing Python package(s): " + ", ".join(_missing) + ".\n"
                     "On Debian/Ubuntu: apt-get install python3-h5py python3-matplotlib python3-numpy\n")
    sys.exit(1)

DPI = 150
INTERVAL = ("Whiskers: 95% bootstrap intervals (2.5% and 97.5% points over resamples of the samples); "
            "they show how precisely the index is estimated, not how uncertain the parameters are.")


def _s(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def read_sensitivity(path):
    """The file as plain Python: method, scenario, policy, parameters, outputs, and per output the
    Morris and Sobol rows {parameter: (estimate, low, high)}. Raises ValueError for another file."""
    with h5py.File(path, "r") as f:
        if _s(f.attrs.get("format", "")) != "pathways-sensitivity" or "sensitivity" not in f:
            raise ValueError(path + ": not a pathways sensitivity file (written by `pathways sensitivity`)")
        s = f["sensitivity"]
        d = {"method": _s(s.attrs["method"]), "scenario": _s(s.attrs["scenario"]), "policy": _s(s.attrs["policy"]),
             "interval": _s(s.attrs["interval"])}
        names = [_s(x) for x in s["parameters/name"][()]]
        d["parameters"] = [{"name": n, "lower": lo, "upper": hi, "nominal": nom} for n, lo, hi, nom in zip(
            names, s["parameters/lower"][()], s["parameters/upper"][()], s["parameters/nominal"][()])]
        outs = []
        for q, (o, g, l, nom) in enumerate(zip(s["outputs/outcome"][()], s["outputs/group"][()], s["outputs/label"][()],
                                               s["outputs/nominal"][()])):
            outs.append({"outcome": _s(o), "group": _s(g), "label": _s(l), "nominal": float(nom),
                         "morris": {}, "sigma": {}, "first": {}, "total": {}})
        if "morris" in s:
            t = s["morris/effects"]
            for q, p, m, lo, hi, sd in zip(t["output"][()], t["parameter"][()], t["mu_star"][()], t["mu_star_low"][()],
                                           t["mu_star_high"][()], t["sigma"][()]):
                outs[q]["morris"][names[p]] = (float(m), float(lo), float(hi))
                outs[q]["sigma"][names[p]] = float(sd)
        if "sobol" in s:
            t = s["sobol/indices"]
            d["base_samples"] = int(s["sobol"].attrs["base_samples"])
            for q, p, a, al, ah, b, bl, bh in zip(t["output"][()], t["parameter"][()], t["first"][()], t["first_low"][()],
                                                  t["first_high"][()], t["total"][()], t["total_low"][()], t["total_high"][()]):
                outs[q]["first"][names[p]] = (float(a), float(al), float(ah))
                outs[q]["total"][names[p]] = (float(b), float(bl), float(bh))
        d["outputs"] = outs
    return d


def subject(d):
    return ("the effect of " + d["policy"] + " against " + d["scenario"]) if d["policy"] else d["scenario"]


def output_title(o):
    who = "all children" if o["group"] == "overall" else o["group"].replace("_", " ") + " " + o["label"]
    return o["outcome"] + ", " + who


def _ranked(rows):
    return sorted(rows.items(), key=lambda kv: -kv[1][0] if np.isfinite(kv[1][0]) else np.inf)


def _panel(ax, rows, colour, label, dots=None, xlabel=""):
    ranked = _ranked(rows)
    names = [n for n, _ in ranked][::-1]
    est = np.array([v[0] for _, v in ranked][::-1])
    lo = np.array([v[1] for _, v in ranked][::-1])
    hi = np.array([v[2] for _, v in ranked][::-1])
    y = np.arange(len(names))
    ax.barh(y, est, color=colour, alpha=0.75, label=label)
    err = np.vstack([np.clip(est - lo, 0, None), np.clip(hi - est, 0, None)])
    ax.errorbar(est, y, xerr=np.nan_to_num(err), fmt="none", ecolor="black", elinewidth=1, capsize=3)
    if dots:
        de = np.array([dots[n][0] for n in names])
        dl = np.array([dots[n][1] for n in names])
        dh = np.array([dots[n][2] for n in names])
        ax.errorbar(de, y + 0.25, xerr=np.nan_to_num(np.vstack([np.clip(de - dl, 0, None), np.clip(dh - de, 0, None)])),
                    fmt="o", color="#D55E00", ms=4, elinewidth=1, capsize=2, label="first-order index")
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    ax.axvline(0, color="grey", lw=0.6)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.legend(fontsize=8, loc="best")
    ax.grid(axis="x", alpha=0.3)


def figure(d, o):
    """The figure of one output (a dict of read_sensitivity's outputs)."""
    panels = [p for p in ("morris", "total") if o[p]]
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 2.6 + 0.32 * max(
        len(o["morris"]), len(o["total"]), 3)), squeeze=False)
    for ax, p in zip(axes[0], panels):
        if p == "morris":
            _panel(ax, o["morris"], "#56B4E9", "Morris mu*", xlabel="mean absolute change across the range (" + o["outcome"] + ")")
            ax.set_title("Screening: all parameters (Morris)", fontsize=10)
        else:
            _panel(ax, o["total"], "#0072B2", "total index", dots=o["first"], xlabel="share of the variance")
            ax.set_title("Sobol indices" + (" of the parameters Morris kept" if o["morris"] else ""), fontsize=10)
    fig.suptitle("What drives " + output_title(o) + "\n" + subject(d) + " (at the scenario's values: "
                 + ("%.2f" % o["nominal"]) + ")", fontsize=11)
    caption = INTERVAL
    if o["total"]:
        top = _ranked(o["total"])[0]
        caption = ("%s explains %.0f%% of the variance (95%% bootstrap interval %.0f%% to %.0f%%), alone or with others. "
                   % (top[0], 100 * top[1][0], 100 * top[1][1], 100 * top[1][2])) + caption
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(caption, 150)), fontsize=7.5, va="bottom")
    fig.tight_layout(rect=(0, 0.07, 1, 0.93))
    return fig


def free_path(path, force):
    if force or not os.path.exists(path):
        return path
    stem, ext = os.path.splitext(path)
    k = 2
    while os.path.exists("%s_%d%s" % (stem, k, ext)):
        k += 1
    return "%s_%d%s" % (stem, k, ext)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", help="a sensitivity file written by `pathways sensitivity`")
    ap.add_argument("--out", help="folder for the figures (default: the file's folder)")
    ap.add_argument("--groups", action="store_true", help="also one figure per group of each outcome")
    ap.add_argument("--force", action="store_true", help="overwrite figures that exist")
    a = ap.parse_args()
    if not os.path.isfile(a.file):
        sys.stderr.write("plot_sensitivity.py: error: no such file: " + a.file + "\n")
        return 2
    try:
        d = read_sensitivity(a.file)
    except (OSError, KeyError, ValueError) as e:
        sys.stderr.write("plot_sensitivity.py: error: " + (str(e) if isinstance(e, ValueError) else a.file + ": not a readable sensitivity file: " + str(e)) + "\n")
        return 2
    out_dir = a.out or os.path.dirname(os.path.abspath(a.file))
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(a.file))[0]
    for o in d["outputs"]:
        if o["group"] != "overall" and not a.groups:
            continue
        name = stem + "_sensitivity_" + o["outcome"] + ("" if o["group"] == "overall" else "_" + o["label"].replace("/", "-"))
        path = free_path(os.path.join(out_dir, name + ".png"), a.force)
        fig = figure(d, o)
        fig.savefig(path, dpi=DPI)
        plt.close(fig)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
