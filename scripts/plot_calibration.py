#!/usr/bin/env python3
"""Simulated against published figures for a `pathways calibrate` result.

    scripts/plot_calibration.py DIR/calibration.h5 [--out FILE.png] [--force]

One row per target (fitted targets first, then the out-of-sample ones, shaded): the published
value with its tolerance as a grey bar, and the simulated value at the start (open circle) and at
the best parameters (filled circle), each with its 95% Monte Carlo interval (+/- 1.96 standard
errors of the model's own estimate). Writes DIR/calibration_fit.png (or --out) and prints its
path; an existing file is kept unless --force. Needs h5py, numpy and matplotlib; on Debian:
apt-get install python3-h5py python3-matplotlib python3-numpy, and run it with /usr/bin/python3.
"""
import argparse
import os
import sys

try:
    import h5py
    import numpy as np
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:  # one line, as every error of pathways
    sys.exit(f"plot_calibration.py: error: {e.name} is missing (apt-get install python3-h5py python3-matplotlib python3-numpy)")


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", help="calibration.h5 written by pathways calibrate")
    ap.add_argument("--out", help="PNG to write (default: calibration_fit.png beside the file)")
    ap.add_argument("--force", action="store_true", help="overwrite an existing PNG")
    a = ap.parse_args()
    try:
        f = h5py.File(a.file, "r")
    except OSError as e:
        sys.exit(f"plot_calibration.py: error: {a.file}: cannot read it as HDF5 ({e})")
    if "calibration/targets" not in f:
        sys.exit(f"plot_calibration.py: error: {a.file}: no /calibration/targets (not written by pathways calibrate)")
    g = f["calibration"]
    t = g["targets"]
    ids = text(t["id"][:])
    config = text(t["configuration"][:])
    pub, tol = t["published"][:], t["tolerance"][:]
    s0, e0, s1, e1 = t["simulated_start"][:], t["se_start"][:], t["simulated_best"][:], t["se_best"][:]
    fit = t["in_fit"][:].astype(bool)
    order = [i for i in range(len(ids)) if fit[i]] + [i for i in range(len(ids)) if not fit[i]]
    n = len(order)
    y = np.arange(n)[::-1]
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.28 * n))
    for row, i in zip(y, order):
        if not fit[i]:
            ax.axhspan(row - 0.5, row + 0.5, color="#f3e9d2", zorder=0)
        ax.plot([pub[i] - tol[i], pub[i] + tol[i]], [row, row], color="#bbbbbb", lw=6, solid_capstyle="butt", zorder=1)
        ax.plot([pub[i]], [row], "|", color="black", ms=12, zorder=2)
        ax.errorbar([s0[i]], [row + 0.15], xerr=[[1.96 * e0[i]], [1.96 * e0[i]]], fmt="o", mfc="white", color="#1f77b4",
                    ms=5, zorder=3)
        ax.errorbar([s1[i]], [row - 0.15], xerr=[[1.96 * e1[i]], [1.96 * e1[i]]], fmt="o", color="#d62728", ms=5, zorder=3)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{ids[i]}  ({config[i]})" for i in order], fontsize=7)
    ax.set_xlabel("% (U09: index)")
    s_start, s_best = g.attrs["statistic_start"], g.attrs["statistic_best"]
    name = g.attrs["name"]
    name = name.decode() if isinstance(name, bytes) else name
    ax.set_title(f"{name}: S {s_start:.2f} at the start -> {s_best:.2f} at the best "
                 f"({int(g.attrs['fitted_targets'])} fitted targets; shaded: out of sample)", fontsize=8)
    from matplotlib.lines import Line2D
    ax.legend(handles=[Line2D([], [], color="#bbbbbb", lw=6, label="published +/- tolerance"),
                       Line2D([], [], marker="o", mfc="white", color="#1f77b4", ls="", label="start (95% MC interval)"),
                       Line2D([], [], marker="o", color="#d62728", ls="", label="best (95% MC interval)")],
              fontsize=7, loc="lower right")
    fig.tight_layout()
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(a.file)), "calibration_fit.png")
    if os.path.exists(out) and not a.force:
        sys.exit(f"plot_calibration.py: error: {out} exists (--force overwrites it)")
    fig.savefig(out, dpi=150)
    print(out)


if __name__ == "__main__":
    main()
