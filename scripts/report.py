#!/usr/bin/env python3
"""A self-contained HTML report of a scenario comparison, for policy readers.

    scripts/report.py COMPARE.h5 [--out REPORT.html]

COMPARE.h5 is a file written by `pathways compare` or `pathways batch` (format
pathways-comparison, docs/comparison.md). Writes REPORT.html (default: report.html beside the
input file) and, beside it, one PNG per figure for slides: <report name>_<figure>.png. The HTML
page embeds the same PNGs as base64 data and loads nothing from the network. Prints the paths
it wrote, the HTML page last.

Contents (docs/report.md): headline outcomes per scenario with 95% intervals and paired
differences against the baseline (a table whose numbers are exactly those of
/comparison/headline), the pathway flow per scenario side by side, the social gap and
misplacement, outcomes per district, cost against effect, and a provenance box. With
--sensitivity FILE.h5 (a file of `pathways sensitivity`, docs/sensitivity.md) a section "Which
assumptions drive this conclusion" ranks the parameters by their Sobol total index (or Morris mu*)
for each outcome, with a figure and a table.
Needs h5py, numpy and matplotlib (/usr/bin/python3 on Debian).
"""
import argparse
import base64
import html
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot as P  # noqa: E402  (exits with a clear message when h5py/numpy/matplotlib are missing)

np, h5py, plt = P.np, P.h5py, P.plt
from matplotlib.patches import Polygon  # noqa: E402

OUTCOMES = ["havo_vwo_year3", "havo_vwo_diploma", "early_leaving", "social_gap_pp", "social_gap_or",
            "misplaced_high_potential_low_edu", "cost_per_child"]
# outcome -> (short name, long explanation, unit, higher is better?)
OUTCOME_INFO = {
    "havo_vwo_year3": ("havo/vwo in year 3", "% of pupils in year 3 of secondary school who are in havo or vwo", "%", True),
    "havo_vwo_diploma": ("havo/vwo diploma", "% of children whose highest secondary diploma is havo or vwo", "%", True),
    "early_leaving": ("early school leaving", "% of children who left school without a basic qualification", "%", False),
    "social_gap_pp": ("social gap", "havo/vwo share in year 3 of children of highly educated parents minus "
                      "that of children of low-educated parents, in percentage points", "pp", False),
    "social_gap_or": ("social gap (odds ratio)", "the same gap as an odds ratio: how many times higher the odds of "
                      "havo/vwo in year 3 are for children of highly educated parents (1 = no gap)", "\u00d7", False),
    "misplaced_high_potential_low_edu": ("misplaced talent", "% of high-potential children of low-educated parents "
                                         "who are below havo in year 3", "%", False),
    "cost_per_child": ("cost per child", "EUR spent on all interventions per child of the cohort (the baseline's "
                       "own provisions, such as VE, included)", "EUR", False),
}
DIFF_UNIT = {"%": "pp", "pp": "pp", "\u00d7": "", "EUR": "EUR"}


def info(outcome):
    """OUTCOME_INFO in the page's language."""
    short, longer, unit, up = OUTCOME_INFO[outcome]
    return tr(short), tr(longer), unit, up


def _s(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def read_table(g):
    """A group of 1-D columns as a dict of numpy arrays, strings decoded."""
    return {k: (v.asstr()[:] if h5py.check_string_dtype(v.dtype) else v[()]) for k, v in g.items()
            if isinstance(v, h5py.Dataset)}


t975 = P.t975  # the one interval of pathways: python/pathways_results (the same as the C++ summary)


def interval(values):
    """(mean, ci_low, ci_high): the 95% Monte Carlo interval of the mean over replicates (pathways_results.interval)."""
    iv = P.interval(values)
    return iv["mean"], iv["ci_low"], iv["ci_high"]


class ScenarioResults(P.Results):
    """One scenario of a comparison file, with the methods of plot.Results (pct, total, ...)."""

    def __init__(self, f, name):  # noqa: super().__init__ reads a run file; this reads /scenarios/<name>
        g = f["scenarios"][name]
        bg = g["outcomes/by_group"]
        self.t = {k: bg[k][()] for k in bg if k not in ("count_names", "sum_names")}
        self.labels = {k: [_s(v) for v in f["labels"][k][()]] for k in f["labels"]}
        self.prov = dict(f["provenance"].attrs)
        self.reps = np.unique(self.t["replicate"])
        self.n_rep = len(self.reps)
        self.name = name
        self.description = _s(g.attrs.get("description", ""))
        self.overrides = _s(g.attrs.get("overrides", ""))
        self.advice = [k[len("final_advice_"):] for k in bg if k.startswith("final_advice_")]
        self.advice.sort(key=lambda a: list(P.ADVICE_PRETTY).index(a) if a in P.ADVICE_PRETTY else 99)
        self.tracks = self.labels.get("track", list(P.TRACK_PRETTY))
        self.districts = self.labels.get("district", [])
        self.multi_district = len(np.unique(self.t["district"])) > 1 and len(self.districts) > 1
        self.parent_edu = self.labels.get("parent_edu", ["low", "middle", "high"])
        self.home_language = self.labels.get("home_language", ["dutch", "multilingual"])
        self.doubles = False
        years = np.unique(self.t["birth_year"])
        self.cohorts = (f"born {years[0]}" if len(years) == 1 else f"born {years[0]}\u2013{years[-1]}") if len(years) else ""
        self.params = dict(zip(g["parameters/key"].asstr()[:], g["parameters/value"].asstr()[:]))


class Comparison:
    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r") as f:
            fmt = _s(f.attrs.get("format", ""))
            if fmt != "pathways-comparison":
                raise SystemExit(f"report.py: {path} is not a comparison file (format '{fmt}'); make one with "
                                 "pathways compare or pathways batch")
            self.prov = {k: (_s(v) if isinstance(v, (bytes, str)) else v) for k, v in f["provenance"].attrs.items()}
            self.run = {k: (_s(v) if isinstance(v, (bytes, str)) else v) for k, v in f["provenance/run"].attrs.items()} \
                if "run" in f["provenance"] else {}
            self.names = list(f["provenance/scenario"].asstr()[:])
            self.scen = {n: ScenarioResults(f, n) for n in self.names}
            self.headline = read_table(f["comparison/headline"])
            # per-replicate values of each headline row (for the share of parameter draws with a gain)
            self.replicate_values = read_table(f["comparison/replicate_values"]) if "replicate_values" in f["comparison"] else {}
        self.baseline = self.names[0]
        self.others = self.names[1:]
        for n in self.names:
            DISPLAY[n] = sweep_label(n, self.scen[n].description)
        self.n_rep = int(self.prov.get("replicates", self.scen[self.baseline].n_rep))
        # parameter uncertainty (pathways --uncertainty): "off", "priors", "ranges" or "priors and ranges"
        self.uncertainty = str(self.prov.get("parameter_uncertainty", "off"))
        self.districts = self.scen[self.baseline].districts

    def row(self, scenario, outcome, kind="overall", group="all"):
        """The /comparison/headline row as a dict (None if absent)."""
        h = self.headline
        m = (h["scenario"] == scenario) & (h["outcome"] == outcome) & (h["group_kind"] == kind)
        if kind != "overall":
            m &= h["group"] == group
        idx = np.flatnonzero(m)
        if len(idx) == 0:
            return None
        return {k: v[idx[0]] for k, v in h.items()}

    def row_index(self, scenario, outcome):
        h = self.headline
        idx = np.flatnonzero((h["scenario"] == scenario) & (h["outcome"] == outcome) & (h["group_kind"] == "overall"))
        return int(idx[0]) if len(idx) else None

    def share_improving(self, scenario, outcome, better_up):
        """Share of replicates (parameter draws) whose paired difference against the baseline is an
        improvement: above 0 where more is better, below 0 where less is better; NaN without values."""
        rv = self.replicate_values
        i, j = self.row_index(scenario, outcome), self.row_index(self.baseline, outcome)
        if not rv or i is None or j is None:
            return float("nan")
        a = dict(zip(rv["replicate"][rv["headline_row"] == i], rv["value"][rv["headline_row"] == i]))
        b = dict(zip(rv["replicate"][rv["headline_row"] == j], rv["value"][rv["headline_row"] == j]))
        d = np.array([a[r] - b[r] for r in a if r in b and not (math.isnan(a[r]) or math.isnan(b[r]))])
        if len(d) == 0:
            return float("nan")
        return float(np.mean(d > 0) if better_up else np.mean(d < 0))

    def cost_effect(self, scenario):
        """Paired per-replicate differences against the baseline: extra cost (EUR), extra havo/vwo diplomas,
        avoided early leavers (counts over all simulated children of one replicate)."""
        b, s = self.scen[self.baseline], self.scen[scenario]
        d_cost = s.total("cost_total") - b.total("cost_total")
        d_dip = s.total(["diploma_havo", "diploma_vwo"]) - b.total(["diploma_havo", "diploma_vwo"])
        d_el = b.total("early_leaver") - s.total("early_leaver")
        cohorts = max(1, len(np.unique(b.t["birth_year"])))
        out = {"cost": interval(d_cost), "diplomas": interval(d_dip), "avoided": interval(d_el),
               "cost_baseline": float(b.total("cost_total").mean()), "children": float(b.total("children").mean()),
               "cohorts": cohorts,
               # per birth cohort (with one cohort entering a year: per year, in a steady state)
               "cost_cohort": interval(d_cost / cohorts), "diplomas_cohort": interval(d_dip / cohorts),
               "avoided_cohort": interval(d_el / cohorts), "cost_baseline_cohort": float(b.total("cost_total").mean()) / cohorts}
        for key, eff in (("per_diploma", "diplomas"), ("per_avoided", "avoided")):
            m_cost, m_eff, lo = out["cost"][0], out[eff][0], out[eff][1]
            if m_eff > 0 and m_cost > 0:
                out[key] = m_cost / m_eff
            else:
                out[key] = float("nan")
            out[key + "_sure"] = bool(m_eff > 0 and not math.isnan(lo) and lo > 0)
        return out


RATIO_LIMIT = 1e6  # EUR per unit above which the ratio is shown as a warning, not as a figure


def ratio_words(ce, key):
    """The cost per unit for people: a figure only where the effect is clearly above 0 and the ratio is
    not absurd; otherwise a warning saying why there is no figure."""
    v, sure = ce[key], ce[key + "_sure"]
    if math.isnan(v):
        return tr("no extra cost") if ce["cost"][0] <= 0 else tr("no gain")
    if not sure:
        return tr("no figure: the effect is not clearly above 0")
    if v > RATIO_LIMIT:
        return tr("warning: over \u20ac{m} million each (a tiny effect); check the unit costs", m=f"{RATIO_LIMIT / 1e6:.0f}")
    return f"\u20ac{v:,.0f}"


# ----------------------------------------------------------------------------------------------
# Figures. Each takes the Comparison and a path and writes one PNG; returns the path.

# --lang nl: the Dutch edition, with the Dutch school terms. tr() returns the Dutch text of an
# English string when the language is nl (and the English otherwise); strings with {} are formatted
# after translation.
# The caption of every effect-by-group table (group_effect_table).
GROUP_CAPTION_EN = (
    "Effect of {policy} by group: for each group of children, its value without the policy (scenario {baseline}) and "
    "the change the policy makes in that same group, in percentage points, with the 95% interval of the change in brackets "
    "(the model's chance variation over {n} replicates on the same simulated children, not doubt about its "
    "assumptions; grey where the interval includes 0: not clearly different from no change).")

LANG = "en"
NL = {
    # outcomes: short names and explanations
    "havo/vwo in year 3": "havo/vwo in leerjaar 3",
    "% of pupils in year 3 of secondary school who are in havo or vwo": "% van de leerlingen in leerjaar 3 van het voortgezet onderwijs dat havo of vwo volgt",
    "havo/vwo diploma": "havo/vwo-diploma",
    "% of children whose highest secondary diploma is havo or vwo": "% van de kinderen met een havo- of vwo-diploma als hoogste vo-diploma",
    "early school leaving": "voortijdig schoolverlaten",
    "% of children who left school without a basic qualification": "% van de kinderen dat zonder startkwalificatie de school verliet",
    "social gap": "kansenongelijkheid",
    "havo/vwo share in year 3 of children of highly educated parents minus that of children of low-educated parents, in percentage points":
        "aandeel havo/vwo in leerjaar 3 van kinderen van hoogopgeleide ouders min dat van kinderen van laagopgeleide ouders, in procentpunten",
    "social gap (odds ratio)": "kansenongelijkheid (odds ratio)",
    "the same gap as an odds ratio: how many times higher the odds of havo/vwo in year 3 are for children of highly educated parents (1 = no gap)":
        "dezelfde ongelijkheid als odds ratio: hoeveel maal hoger de kans op havo/vwo in leerjaar 3 is voor kinderen van hoogopgeleide ouders (1 = geen verschil)",
    "misplaced talent": "onderbenut talent",
    "% of high-potential children of low-educated parents who are below havo in year 3":
        "% van de kinderen van laagopgeleide ouders met havo/vwo-potentieel dat in leerjaar 3 onder havo zit",
    "cost per child": "kosten per kind",
    "EUR spent on all interventions per child of the cohort (the baseline's own provisions, such as VE, included)":
        "euro aan alle interventies per kind van het cohort (inclusief de eigen voorzieningen van de uitgangssituatie, zoals vve)",
    # figures
    "advice": "advies", "year 3": "leerjaar 3", "diploma": "diploma", "none": "geen",
    "no advice\n(10\u201314\nschools)": "geen advies\n(10\u201314-\nscholen)",
    "early school leaving {v}%": "voortijdig schoolverlaten {v}%",
    "Share of pupils at each stage (%)": "Aandeel leerlingen per fase (%)",
    "School level": "Schoolniveau", "no diploma": "geen diploma",
    "vmbo-b/k (incl. pro)": "vmbo-b/k (incl. praktijkonderwijs)",
    "Pathways: school advice \u2192 track in year 3 \u2192 diploma": "Schoolloopbanen: schooladvies \u2192 niveau in leerjaar 3 \u2192 diploma",
    "difference vs baseline ({u})": "verschil met de uitgangssituatie ({u})",
    "difference in odds ratio vs baseline": "verschil in odds ratio met de uitgangssituatie",
    "What each policy changes, compared with the baseline": "Wat elk beleid verandert ten opzichte van de uitgangssituatie",
    "; the panels in pp share one scale": "; de panelen in procentpunten hebben \u00e9\u00e9n schaal",
    "In havo/vwo in year 3 (%)": "In havo/vwo in leerjaar 3 (%)",
    "havo/vwo share by parental education": "aandeel havo/vwo naar opleidingsniveau ouders",
    "{p} parental\neducation": "ouders\n{p} opgeleid",
    "social gap as odds ratio,\nhigh vs low parental education\n(1 = no gap)":
        "kansenongelijkheid als odds ratio,\nhoog- tegen laagopgeleide ouders\n(1 = geen verschil)",
    "misplaced talent (%):\nhigh potential, low-educated\nparents, below havo in year 3":
        "onderbenut talent (%):\nhavo/vwo-potentieel, ouders\nlaag opgeleid, onder havo in lj. 3",
    "The social gap and misplaced talent": "Kansenongelijkheid en onderbenut talent",
    "% (dashed line: whole city, baseline)": "% (stippellijn: hele stad, uitgangssituatie)",
    "Outcomes per district": "Uitkomsten per wijk",
    "extra havo/vwo diplomas": "extra havo/vwo-diploma's", "early leavers avoided": "voorkomen voortijdig schoolverlaters",
    "{l} per birth cohort, against the baseline": "{l} per geboortecohort, ten opzichte van de uitgangssituatie",
    "extra cost per birth cohort (thousand EUR)": "extra kosten per geboortecohort (duizend euro)",
    "cost against {l}": "kosten tegen {l}",
    "Cost against effect, per birth cohort": "Kosten en effect, per geboortecohort",
    "; the baseline itself costs \u20ac{v} per birth cohort": "; de uitgangssituatie zelf kost \u20ac{v} per geboortecohort",
    "change in {o} (pp)": "verandering in {o} (procentpunt)",
    "paired difference against the baseline (percentage points)": "gepaard verschil met de uitgangssituatie (procentpunten)",
    "Where each policy changes most: paired differences per district": "Waar elk beleid het meest verandert: gepaarde verschillen per wijk",
    "; both panels on one scale": "; beide panelen op \u00e9\u00e9n schaal",
    "{k} scenarios on the same {n} children ({c}), {r} replicates": "{k} scenario's op dezelfde {n} kinderen ({c}), {r} replicaties",
    "; baseline: {b}": "; uitgangssituatie: {b}",
    "low": "laag", "middle": "middelbaar", "high": "hoog", "born": "geboren",
    # ratio words
    "no extra cost": "geen extra kosten", "no gain": "geen winst",
    "no figure: the effect is not clearly above 0": "geen bedrag: het effect is niet duidelijk groter dan 0",
    "warning: over \u20ac{m} million each (a tiny effect); check the unit costs":
        "waarschuwing: meer dan \u20ac{m} miljoen per stuk (een heel klein effect); controleer de kostprijzen",
    " each": " per stuk",
    # page
    "Scenario comparison: ": "Vergelijking van scenario's: ", " vs ": " tegen ", "Scenario report: ": "Scenariorapport: ",
    "Headline outcomes": "Belangrijkste uitkomsten", "Headline: what changes": "Samengevat: wat verandert er",
    "From school advice to diploma": "Van schooladvies naar diploma",
    "Equal opportunities: the social gap and misplaced talent": "Kansengelijkheid: kansenongelijkheid en onderbenut talent",
    "Per district": "Per wijk", "Per district: what each policy changes": "Per wijk: wat elk beleid verandert",
    "Cost against effect": "Kosten en effect", "Provenance": "Herkomst",
    "outcome (whole population)": "uitkomst (alle kinderen)", "change": "verandering",
    "not clearly different from 0": "niet duidelijk verschillend van 0",
    "Scenarios: ": "Scenario's: ", "(baseline)": "(uitgangssituatie)", "For slides: ": "Voor dia's: ",
    "Each cell: the average over replicates with its 95% interval in brackets; for a policy scenario, below it the change against the baseline with its 95% interval (green: clear improvement, orange: clear worsening, grey: not clearly different from 0). pp = percentage points.":
        "Elke cel: het gemiddelde over de replicaties met tussen haken het 95%-interval; voor een beleidsscenario daaronder de verandering ten opzichte van de uitgangssituatie met het 95%-interval (groen: duidelijke verbetering, oranje: duidelijke verslechtering, grijs: niet duidelijk verschillend van 0). pp = procentpunten.",
    "scenario": "scenario", "extra cost per birth cohort, EUR [95% interval]": "extra kosten per geboortecohort, euro [95%-interval]",
    "the baseline's own cost per birth cohort, EUR": "eigen kosten van de uitgangssituatie per geboortecohort, euro",
    "extra havo/vwo diplomas per birth cohort": "extra havo/vwo-diploma's per geboortecohort",
    "cost per extra havo/vwo diploma": "kosten per extra havo/vwo-diploma",
    "early leavers avoided per birth cohort": "voorkomen voortijdig schoolverlaters per geboortecohort",
    "cost per avoided early leaver": "kosten per voorkomen voortijdig schoolverlater",
    "description": "beschrijving", "parameters that differ from the baseline": "parameters die afwijken van de uitgangssituatie",
    "comparison file": "vergelijkingsbestand", "seed": "seed", "replicates": "replicaties", "interval": "interval",
    "pathways version": "versie van pathways", "children per replicate": "kinderen per replicatie", "command": "opdracht",
    "clearly raised by ": "duidelijk verhoogd door ", "clearly lowered by ": "duidelijk verlaagd door ",
    "not clearly changed by ": "niet duidelijk veranderd door ", "no scenarios to compare": "geen scenario's om te vergelijken",
    "Uncertainty over parameter draws": "Onzekerheid over de parametertrekkingen",
    "gain in": "winst in", "of draws": "van de trekkingen",
    "Warning: {n} replicates are too few for the 2.5 and 97.5 percentiles; use 20 or more.":
        "Let op: {n} replicaties zijn te weinig voor het 2,5e en 97,5e percentiel; gebruik er 20 of meer.",
    "Parameter uncertainty was on ({how}): every replicate drew each uncertain parameter from its prior "
    "(docs/parameters.md), the same draw in every scenario. This table shows the 95% uncertainty interval over "
    "parameter draws: the 2.5 and 97.5 percentiles of the {n} replicates' values and paired differences, where 95% "
    "of plausible worlds lie. It does not shrink with more replicates. The table above shows the 95% Monte Carlo "
    "interval of the mean, which does. 'Gain in' is the share of draws in which the policy improves the outcome.":
        "Parameteronzekerheid stond aan ({how}): elke replicatie trok elke onzekere parameter uit zijn prior "
        "(docs/parameters.md), dezelfde trekking in elk scenario. Deze tabel toont het 95%-onzekerheidsinterval over "
        "de parametertrekkingen: het 2,5e en 97,5e percentiel van de waarden en gepaarde verschillen van de {n} "
        "replicaties, waar 95% van de plausibele werelden ligt. Het wordt niet smaller met meer replicaties. De tabel "
        "hierboven toont het 95%-Monte-Carlo-interval van het gemiddelde, dat wel smaller wordt. 'Winst in' is het "
        "aandeel trekkingen waarin het beleid de uitkomst verbetert.",
    "Which assumptions drive this conclusion": "Welke aannames deze conclusie dragen",
    "Effect by group": "Effect per groep", "group": "groep", "share of children (%)": "aandeel kinderen (%)",
    "baseline": "uitgangssituatie", "95% interval": "95%-interval", "all children": "alle kinderen",
    "parental education": "opleiding ouders", "household income": "inkomen huishouden", "home language": "thuistaal",
    "district": "wijk", "lowest income group": "laagste inkomensgroep", "middle income group": "middelste inkomensgroep",
    "highest income group": "hoogste inkomensgroep", "Dutch at home": "thuis Nederlands", "multilingual home": "meertalig thuis",
    "Who gains: each policy's change against the baseline for children grouped by their parents' education, their "
    "household income, the language spoken at home and their district. Within each kind of group the groups together "
    "are all children, so the group changes, weighted by the groups' sizes, add up to the change for all children.":
        "Wie heeft er baat bij: de verandering die elk beleid geeft ten opzichte van de uitgangssituatie, voor kinderen "
        "ingedeeld naar de opleiding van hun ouders, het inkomen van het huishouden, de thuistaal en hun wijk. Binnen "
        "elke indeling vormen de groepen samen alle kinderen, dus de veranderingen per groep, gewogen naar de omvang "
        "van de groepen, tellen op tot de verandering voor alle kinderen.",
    GROUP_CAPTION_EN:
        "Effect van {policy} per groep: voor elke groep kinderen de waarde zonder het beleid (scenario {baseline}) en de "
        "verandering die het beleid in diezelfde groep geeft, in procentpunten, met het 95%-interval van de "
        "verandering tussen haken (de toevalsvariatie van het model over {n} replicaties op dezelfde gesimuleerde "
        "kinderen, geen twijfel over de aannames; grijs waar het interval 0 bevat: niet duidelijk verschillend van "
        "geen verandering).",
}


def tr(text, **kw):
    out = NL.get(text, text) if LANG == "nl" else text
    return out.format(**kw) if kw else out


# Display names: a sweep variant (<scenario>_sweepNN) is shown with its values, filled by Comparison.
DISPLAY = {}


def _pretty(name):
    return DISPLAY.get(name, name.replace("_", " "))


def sweep_label(name, description):
    """'ve_reach_up_sweep02' with description '... [preschool.quality=2,preschool.reach=0.8]' ->
    've reach up: quality 2, reach 0.8'; other names unchanged (underscores as spaces)."""
    m = re.match(r"^(.*)_sweep\d+$", name)
    v = re.search(r"\[([^\]]*=[^\]]*)\]\s*$", description or "")
    if not m or not v:
        return name.replace("_", " ")
    parts = [kv.split("=", 1) for kv in v.group(1).split(",") if "=" in kv]
    return m.group(1).replace("_", " ") + ": " + ", ".join(f"{k.split('.')[-1].replace('_', ' ')} {x}" for k, x in parts)


def _label(cmp, name):
    """The display name, with '(baseline)' for the baseline unless its name already says so."""
    n = _pretty(name)
    return n + (" " + tr("(baseline)") if name == cmp.baseline and "baseline" not in n.lower() else "")


def _title(fig, title, sub):
    h = fig.get_size_inches()[1]
    fig.text(0.01, 1 - 0.12 / h, title, ha="left", va="top", fontsize=15, fontweight="bold")
    fig.text(0.01, 1 - 0.45 / h, sub, ha="left", va="top", fontsize=10.5, color=P.CAPTION_GREY)
    return 1 - 0.8 / h


def _sub(cmp):
    n = cmp.scen[cmp.baseline].total("children").mean()
    return (tr("{k} scenarios on the same {n} children ({c}), {r} replicates", k=len(cmp.names), n=P._fmt_int(n),
               c=cmp.scen[cmp.baseline].cohorts.replace("born", tr("born")), r=cmp.n_rep)
            + ("" if _pretty(cmp.baseline).lower() == "baseline" else tr("; baseline: {b}", b=_pretty(cmp.baseline))))


def _save(fig, path, top):
    fig.tight_layout(rect=[0, 0, 1, top])
    fig.savefig(path, dpi=P.DPI, facecolor="white")
    plt.close(fig)
    return path


def draw_flow(ax, res):
    """Advice -> year-3 track -> diploma 7 years after entry, as stacked 100% columns (as plot.py)."""
    lv_of_adv = {a: P.level_of_advice(a) for a in res.advice}
    adv = {lv: [f"final_advice_{a}" for a in res.advice if lv_of_adv[a] == lv] for lv in range(4)}
    y3 = {lv: [f"track_year3_{t}" for t in res.tracks if P.LEVEL_OF_TRACK[t] == lv] for lv in range(4)}
    dip = {lv: [f"diploma7_{t}" for t in res.tracks if P.LEVEL_OF_TRACK[t] == lv] for lv in range(4)}
    adv_den = [c for v in adv.values() for c in v]
    y3_den = [c for v in y3.values() for c in v]
    dip_den = [c for v in dip.values() for c in v] + ["diploma7_none"]
    columns = [[(lv, res.pct(adv[lv], adv_den)) for lv in range(4)],
               [(lv, res.pct(y3[lv], y3_den)) for lv in range(4)],
               [("none", res.pct(["diploma7_none"], dip_den))] + [(lv, res.pct(dip[lv], dip_den)) for lv in range(4)]]
    colours = dict(zip(range(4), P.level_colours(4)))
    colours["none"] = P.GREY
    xs, w = [0.0, 1.3, 2.6], 0.62
    spans, empty = [], []
    for x, segs in zip(xs, columns):
        empty.append(all(np.isnan(P.summary(v)[0]) for _, v in segs))
        if empty[-1]:
            ax.text(x, 50, tr("no advice\n(10\u201314\nschools)") if x == xs[0] else tr("none"), ha="center", va="center",
                    fontsize=9, color=P.CAPTION_GREY)
        y, span = 0.0, {}
        for key, vals in segs:
            m = P.summary(vals)[0]
            m = 0.0 if np.isnan(m) else m
            ax.bar(x, m, bottom=y, width=w, color=colours[key], edgecolor="white", linewidth=1, zorder=3)
            span[key] = (y, y + m)
            if m >= 4:
                ax.text(x, y + m / 2, f"{m:.0f}%", ha="center", va="center", fontsize=9,
                        color=P.text_colour(colours[key]), zorder=4)
            y += m
        spans.append(span)
    t = np.linspace(0, 1, 30)
    ease = 3 * t ** 2 - 2 * t ** 3
    for i in range(2):
        if empty[i] or empty[i + 1]:
            continue
        xx = xs[i] + w / 2 + (xs[i + 1] - xs[i] - w) * t
        for lv in range(4):
            (a0, a1), (b0, b1) = spans[i][lv], spans[i + 1][lv]
            poly = np.vstack([np.column_stack([xx, a0 + (b0 - a0) * ease]),
                              np.column_stack([xx[::-1], (a1 + (b1 - a1) * ease)[::-1]])])
            ax.add_patch(Polygon(poly, closed=True, facecolor=colours[lv], alpha=0.25, edgecolor="none", zorder=2))
    ax.set_xticks(xs)
    ax.set_xticklabels([tr("advice"), tr("year 3"), tr("diploma")])
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.45, 3.05)
    ax.set_ylim(0, 100)
    ax.spines["bottom"].set_visible(False)
    return colours


def fig_flow(cmp, path):
    n = len(cmp.names)
    fig, axes = plt.subplots(1, n, figsize=(max(8.0, 3.1 * n + 1.8), 6.2), sharey=True, squeeze=False)
    colours = None
    for ax, name in zip(axes[0], cmp.names):
        colours = draw_flow(ax, cmp.scen[name])
        el = cmp.row(name, "early_leaving")
        label = _label(cmp, name)
        ax.set_title(label, fontsize=11.5, fontweight="bold")
        if el is not None and not np.isnan(el["mean"]):
            ax.set_xlabel(tr("early school leaving {v}%", v=f"{el['mean']:.1f}"), fontsize=10, color=P.CAPTION_GREY)
    axes[0][0].set_ylabel(tr("Share of pupils at each stage (%)"))
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[lv]) for lv in reversed(range(4))]
    handles.append(plt.Rectangle((0, 0), 1, 1, color=P.GREY))
    labels = [tr(P.LEVELS[lv]) for lv in reversed(range(4))] + [tr("no diploma")]
    fig.legend(handles, labels, title=tr("School level"), loc="center right", frameon=False)
    top = _title(fig, tr("Pathways: school advice \u2192 track in year 3 \u2192 diploma"), _sub(cmp))
    legend_in = 0.5 + 0.075 * max(len(x) for x in labels)   # room for the legend, as long as its longest label
    fig.tight_layout(rect=[0, 0, 1 - legend_in / fig.get_size_inches()[0], top])
    fig.savefig(path, dpi=P.DPI, facecolor="white")
    plt.close(fig)
    return path


def difference_spans(cmp, others):
    """{difference unit: the largest |value| of any paired difference or interval end in that unit}: the
    half-width of the common x-scale of the panels in that unit."""
    spans = {}
    for outcome in OUTCOMES:
        du = DIFF_UNIT[OUTCOME_INFO[outcome][2]]
        for name in others:
            r = cmp.row(name, outcome)
            if r is not None:
                vals = [abs(v) for v in (r["diff_mean"], r["diff_ci_low"], r["diff_ci_high"]) if not np.isnan(v)]
                spans[du] = max([spans.get(du, 0.0)] + vals)
    return spans


def fig_differences(cmp, path):
    """Forest plot: paired difference against the baseline with 95% interval, one panel per outcome."""
    others = cmp.others or [cmp.baseline]
    fig, axes = plt.subplots(2, 3, figsize=(13, 3.0 + 0.55 * len(others) * 2), squeeze=False)
    # one symmetric scale for every panel of the same unit (all in pp share one), so that an effect
    # of 0.01 pp does not look as big as one of 1 pp
    spans = difference_spans(cmp, others)
    for ax, outcome in zip(axes.flat, OUTCOMES):
        short, _, unit, better_up = info(outcome)
        y = np.arange(len(others))[::-1]
        for yi, name in zip(y, others):
            r = cmp.row(name, outcome)
            if r is None or np.isnan(r["diff_mean"]):
                continue
            m, lo, hi = r["diff_mean"], r["diff_ci_low"], r["diff_ci_high"]
            sure = not np.isnan(lo) and (lo > 0 or hi < 0)
            good = (m > 0) == better_up
            colour = (P.OKABE[2] if good else P.OKABE[5]) if sure else P.GREY
            if not np.isnan(lo):
                ax.plot([lo, hi], [yi, yi], color=colour, lw=2.4, solid_capstyle="round", zorder=3)
            ax.plot([m], [yi], "o", color=colour, ms=7, zorder=4)
            ax.annotate(f"{m:+.2f}", (m, yi), xytext=(0, 7), textcoords="offset points", ha="center",
                        fontsize=9, color=colour)
        ax.axvline(0, color="#555555", lw=1, ls="--", zorder=1)
        ax.set_yticks(y)
        ax.set_yticklabels([_pretty(n) for n in others])
        ax.set_ylim(-0.7, len(others) - 0.3)
        du = DIFF_UNIT[unit]
        ax.set_title(short, loc="left", fontweight="bold", fontsize=11.5)
        ax.set_xlabel(tr("difference vs baseline ({u})", u=du) if du else tr("difference in odds ratio vs baseline"))
        ax.xaxis.grid(True, color="#ececec", zorder=0)
        span = spans.get(du, 0.0) or 1e-3
        ax.set_xlim(-span * 1.15, span * 1.15)
    top = _title(fig, tr("What each policy changes, compared with the baseline"), _sub(cmp) + tr("; the panels in pp share one scale"))
    return _save(fig, path, top)


def fig_social_gap(cmp, path):
    names = cmp.names
    colours = [P.OKABE[i % len(P.OKABE)] for i in range(len(names))]
    fig, axes = plt.subplots(1, 3, figsize=(14, 5.6), gridspec_kw={"width_ratios": [1.6, 1, 1]})
    pe = cmp.scen[cmp.baseline].parent_edu
    width = 0.8 / len(names)
    for si, (name, c) in enumerate(zip(names, colours)):
        rows = [cmp.row(name, "havo_vwo_year3", "parent_edu", p) for p in pe]
        m = np.array([r["mean"] for r in rows])
        lo = np.array([r["ci_low"] for r in rows])
        hi = np.array([r["ci_high"] for r in rows])
        x = np.arange(len(pe)) - 0.4 + width * (si + 0.5)
        err = None if np.all(np.isnan(lo)) else np.vstack([m - lo, hi - m])
        axes[0].bar(x, m, width=width * 0.92, color=c, label=_pretty(name), yerr=err, capsize=2, zorder=3,
                    error_kw={"elinewidth": 1, "ecolor": "#333333"})
        for xi, mi in zip(x, m):
            axes[0].text(xi, mi + 1.5, f"{mi:.0f}", ha="center", va="bottom", fontsize=8)
    axes[0].set_xticks(np.arange(len(pe)))
    axes[0].set_xticklabels([tr("{p} parental\neducation", p=tr(p)) for p in pe])
    axes[0].set_ylabel(tr("In havo/vwo in year 3 (%)"))
    axes[0].set_title(tr("havo/vwo share by parental education"), loc="left", fontweight="bold", fontsize=11.5)
    axes[0].legend(frameon=False, loc="upper left", fontsize=9.5)
    axes[0].set_ylim(0, 105)
    axes[0].yaxis.grid(True, color="#ececec", zorder=0)
    for ax, outcome, title in [(axes[1], "social_gap_or", tr("social gap as odds ratio,\nhigh vs low parental education\n(1 = no gap)")),
                               (axes[2], "misplaced_high_potential_low_edu",
                                tr("misplaced talent (%):\nhigh potential, low-educated\nparents, below havo in year 3"))]:
        y = np.arange(len(names))[::-1]
        for yi, name, c in zip(y, names, colours):
            r = cmp.row(name, outcome)
            if r is None or np.isnan(r["mean"]):
                continue
            ax.barh(yi, r["mean"], color=c, height=0.6, zorder=3,
                    xerr=None if np.isnan(r["ci_low"]) else [[r["mean"] - r["ci_low"]], [r["ci_high"] - r["mean"]]],
                    capsize=3, error_kw={"elinewidth": 1, "ecolor": "#333333"})
            ax.annotate(f"{r['mean']:.2f}" if outcome == "social_gap_or" else f"{r['mean']:.1f}%",
                        (r["ci_high"] if not np.isnan(r["ci_high"]) else r["mean"], yi), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=9)
        ax.set_yticks(y)
        ax.set_yticklabels([_pretty(n) for n in names])
        ax.set_title(title, loc="left", fontweight="bold", fontsize=10.5)
        ax.xaxis.grid(True, color="#ececec", zorder=0)
        ax.set_xlim(0, ax.get_xlim()[1] * 1.18)
    top = _title(fig, tr("The social gap and misplaced talent"), _sub(cmp))
    return _save(fig, path, top)


def fig_districts(cmp, path):
    names = cmp.names
    colours = [P.OKABE[i % len(P.OKABE)] for i in range(len(names))]
    dists = [d for d in cmp.districts if cmp.row(cmp.baseline, "havo_vwo_year3", "district", d) is not None]
    base = {d: cmp.row(cmp.baseline, "havo_vwo_year3", "district", d)["mean"] for d in dists}
    dists.sort(key=lambda d: base[d])
    fig, axes = plt.subplots(1, 2, figsize=(14, 1.6 + 0.22 * len(dists) * len(names) + 1.2), sharey=True)
    height = 0.8 / len(names)
    for ax, outcome in zip(axes, ["havo_vwo_year3", "early_leaving"]):
        for si, (name, c) in enumerate(zip(names, colours)):
            rows = [cmp.row(name, outcome, "district", d) for d in dists]
            m = np.array([r["mean"] for r in rows])
            lo = np.array([r["ci_low"] for r in rows])
            hi = np.array([r["ci_high"] for r in rows])
            y = np.arange(len(dists)) + 0.4 - height * (si + 0.5)
            err = None if np.all(np.isnan(lo)) else np.vstack([m - lo, hi - m])
            ax.barh(y, m, height=height * 0.9, color=c, label=_pretty(name), xerr=err, capsize=1.5, zorder=3,
                    error_kw={"elinewidth": 0.8, "ecolor": "#333333"})
        overall = cmp.row(cmp.baseline, outcome)["mean"]
        ax.axvline(overall, color="#333333", ls="--", lw=1, zorder=4)
        ax.set_title(f"{info(outcome)[0]} (%)", loc="left", fontweight="bold", fontsize=11.5)
        ax.set_xlabel(tr("% (dashed line: whole city, baseline)"))
        ax.xaxis.grid(True, color="#ececec", zorder=0)
    axes[0].set_yticks(np.arange(len(dists)))
    axes[0].set_yticklabels(dists)
    axes[0].set_ylim(-0.6, len(dists) - 0.4)
    axes[1].legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9.5)
    top = _title(fig, tr("Outcomes per district"), _sub(cmp))
    return _save(fig, path, top)


def fig_cost(cmp, path):
    """Extra cost per birth cohort (EUR) against the effect per birth cohort, one panel per effect."""
    from matplotlib.lines import Line2D
    others = cmp.others
    fig, axes = plt.subplots(1, 2, figsize=(13, 6.0))
    colours = [P.OKABE[(i + 1) % len(P.OKABE)] for i in range(len(others))]
    for ax, key, label in [(axes[0], "diplomas", tr("extra havo/vwo diplomas")),
                           (axes[1], "avoided", tr("early leavers avoided"))]:
        for name, c in zip(others, colours):
            ce = cmp.cost_effect(name)
            cm, clo, chi = (v / 1e3 for v in ce["cost_cohort"])
            em, elo, ehi = ce[key + "_cohort"]
            ax.errorbar([em], [cm], xerr=None if np.isnan(elo) else [[em - elo], [ehi - em]],
                        yerr=None if np.isnan(clo) or chi - clo < 1e-9 else [[cm - clo], [chi - cm]],
                        fmt="o", color=c, ms=8, capsize=3, lw=1.6, zorder=3)
            words = ratio_words(ce, "per_diploma" if key == "diplomas" else "per_avoided")
            ax.annotate(words + (tr(" each") if words.startswith("\u20ac") else ""), (em, cm), xytext=(8, 6),
                        textcoords="offset points", fontsize=9, color=c)
        ax.axvline(0, color="#555555", lw=1, ls="--")
        ax.axhline(0, color="#555555", lw=1, ls="--")
        ax.set_xlabel(tr("{l} per birth cohort, against the baseline", l=label))
        ax.set_ylabel(tr("extra cost per birth cohort (thousand EUR)"))
        ax.set_title(tr("cost against {l}", l=label), loc="left", fontweight="bold", fontsize=11.5)
        ax.grid(True, color="#ececec", zorder=0)
    handles = [Line2D([], [], color=c, lw=6) for c in colours]   # colour swatches, not data-like markers
    fig.legend(handles, [_pretty(n) for n in others], loc="lower center", ncol=min(4, len(others)), frameon=False,
               fontsize=9.5, bbox_to_anchor=(0.5, 0.0))
    base = cmp.cost_effect(others[0])["cost_baseline_cohort"] if others else 0.0
    top = _title(fig, tr("Cost against effect, per birth cohort"),
                 _sub(cmp) + tr("; the baseline itself costs \u20ac{v} per birth cohort", v=f"{base:,.0f}"))
    fig.tight_layout(rect=[0, 0.07, 1, top])
    fig.savefig(path, dpi=P.DPI, facecolor="white")
    plt.close(fig)
    return path


def fig_district_differences(cmp, path):
    """Per-district paired differences against the baseline, ranked, one panel per outcome, common scale."""
    others = cmp.others
    dists = [d for d in cmp.districts if cmp.row(cmp.baseline, "havo_vwo_year3", "district", d) is not None]
    outcomes = ["havo_vwo_year3", "early_leaving"]
    colours = [P.OKABE[(i + 1) % len(P.OKABE)] for i in range(len(others))]
    # rank districts by the first policy's change in havo/vwo (largest gain on top)
    first = {d: cmp.row(others[0], "havo_vwo_year3", "district", d)["diff_mean"] for d in dists}
    dists.sort(key=lambda d: -np.inf if np.isnan(first[d]) else first[d])
    fig, axes = plt.subplots(1, 2, figsize=(13, 1.8 + 0.32 * len(dists) * max(1, len(others)) + 1.0), sharey=True)
    span = 0.0
    for ax, outcome in zip(axes, outcomes):
        for si, (name, c) in enumerate(zip(others, colours)):
            off = (si - (len(others) - 1) / 2) * min(0.25, 0.8 / max(1, len(others)))
            for yi, d in enumerate(dists):
                r = cmp.row(name, outcome, "district", d)
                if r is None or np.isnan(r["diff_mean"]):
                    continue
                m, lo, hi = r["diff_mean"], r["diff_ci_low"], r["diff_ci_high"]
                if not np.isnan(lo):
                    ax.plot([lo, hi], [yi + off, yi + off], color=c, lw=2, zorder=3)
                    span = max(span, abs(lo), abs(hi))
                ax.plot([m], [yi + off], "o", color=c, ms=6, zorder=4)
                span = max(span, abs(m))
        ax.axvline(0, color="#555555", lw=1, ls="--", zorder=1)
        ax.set_title(tr("change in {o} (pp)", o=info(outcome)[0]), loc="left", fontweight="bold", fontsize=11.5)
        ax.set_xlabel(tr("paired difference against the baseline (percentage points)"))
        ax.xaxis.grid(True, color="#ececec", zorder=0)
    for ax in axes:
        ax.set_xlim(-(span or 1e-3) * 1.15, (span or 1e-3) * 1.15)
    axes[0].set_yticks(np.arange(len(dists)))
    axes[0].set_yticklabels(dists)
    axes[0].set_ylim(-0.6, len(dists) - 0.4)
    from matplotlib.lines import Line2D
    fig.legend([Line2D([], [], color=c, lw=6) for c in colours], [_pretty(n) for n in others], loc="lower center",
               ncol=min(4, len(others)), frameon=False, fontsize=9.5)
    top = _title(fig, tr("Where each policy changes most: paired differences per district"),
                 _sub(cmp) + tr("; both panels on one scale"))
    fig.tight_layout(rect=[0, 0.06, 1, top])
    fig.savefig(path, dpi=P.DPI, facecolor="white")
    plt.close(fig)
    return path


FIGURES = [("differences", fig_differences), ("flow", fig_flow), ("social_gap", fig_social_gap),
           ("districts", fig_districts), ("district_differences", fig_district_differences), ("cost", fig_cost)]


def make_figures(cmp, out_dir, prefix):
    """Writes every figure as <out_dir>/<prefix>_<figure>.png; returns {figure: path}."""
    P.setup_style()
    paths = {}
    for key, fn in FIGURES:
        if key in ("districts", "district_differences") and len(cmp.districts) < 2:
            continue
        if key in ("differences", "cost", "district_differences") and not cmp.others:
            continue
        paths[key] = fn(cmp, os.path.join(out_dir, f"{prefix}_{key}.png"))
    return paths


# ----------------------------------------------------------------------------------------------
# HTML

CSS = """
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1180px;margin:24px auto;padding:0 20px;color:#222;line-height:1.45}
h1{font-size:26px;margin-bottom:4px} h2{font-size:20px;margin-top:36px;border-bottom:2px solid #0072B2;padding-bottom:4px}
.lead{color:#444;font-size:15px} figure{margin:12px 0 4px 0} figure img{max-width:100%;border:1px solid #ddd}
figcaption{font-size:14px;color:#333;margin-top:6px;background:#f6f6f6;padding:8px 10px;border-left:4px solid #0072B2}
table{border-collapse:collapse;font-size:14px;margin:10px 0} th,td{border:1px solid #ccc;padding:5px 8px;vertical-align:top}
th{background:#eef3f8;text-align:left} td.num{text-align:right} .v{white-space:nowrap} th.o{width:250px;font-weight:normal} th.o b{font-size:14.5px} .diff{display:block;font-size:12.5px;color:#555}
.good{color:#007a55;font-weight:bold} .bad{color:#b34700;font-weight:bold} .unsure{color:#777}
.prov{background:#fafafa;border:1px solid #bbb;padding:10px 14px;font-size:13.5px} .prov td,.prov th{font-size:13px}
#selfcheck{font-size:11px;color:#999;margin-top:30px} code{font-size:12.5px}
table.groups{width:100%;margin:14px 0 22px 0} table.groups caption{caption-side:top;text-align:left;font-size:14px;
color:#333;background:#f6f6f6;padding:8px 10px;border-left:4px solid #0072B2} th.dim{background:#dde7f0}
"""

# Records, in the page itself, whether every image decoded (naturalWidth > 0 after the load event)
# and any script error or console.error; tests/integration/report_test.sh reads it from the DOM.
SELFCHECK_JS = """
(function(){
  var errors = [];
  window.addEventListener('error', function(e){
    var t = e.target;
    errors.push(t && t.tagName ? ('failed to load ' + t.tagName + ' ' + (t.id || '')) : ('script error: ' + e.message));
  }, true);
  var origError = console.error;
  console.error = function(){ errors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
                              return origError.apply(console, arguments); };
  window.addEventListener('load', function(){
    var imgs = document.getElementsByTagName('img'), widths = [], broken = [];
    for (var i = 0; i < imgs.length; i++) {
      widths.push(imgs[i].naturalWidth);
      if (!imgs[i].complete || imgs[i].naturalWidth === 0) broken.push(imgs[i].id || ('#' + i));
    }
    var el = document.getElementById('selfcheck');
    el.setAttribute('data-overflow', document.documentElement.scrollWidth > window.innerWidth ? '1' : '0');
    el.setAttribute('data-images', String(imgs.length));
    el.setAttribute('data-widths', widths.join(','));
    el.setAttribute('data-broken', broken.join(','));
    el.setAttribute('data-errors', errors.join(' | '));
    el.setAttribute('data-status', (imgs.length > 0 && broken.length === 0 && errors.length === 0) ? 'ok' : 'fail');
    el.textContent = 'Page check: ' + (imgs.length - broken.length) + ' of ' + imgs.length +
                     ' figures displayed; ' + errors.length + ' errors.';
  });
})();
"""


def esc(x):
    return html.escape(str(x), quote=True)


def fmt(v, digits=2):
    return "\u2013" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


def num_span(scenario, outcome, stat, value, text=None, group=None):
    """A number with its exact value (repr, round-trips to the float in the file) in data attributes;
    group = (group_kind, group) for a number of a group other than the whole population."""
    v = float(value)
    shown = text if text is not None else fmt(v)
    where = "" if group is None else f'data-group-kind="{esc(group[0])}" data-group="{esc(group[1])}" '
    return (f'<span class="v" data-scenario="{esc(scenario)}" data-outcome="{esc(outcome)}" data-stat="{stat}" {where}'
            f'data-value="{"nan" if math.isnan(v) else repr(v)}">{shown}</span>')


def headline_table(cmp):
    head = "".join(f"<th>{esc(_label(cmp, n))}</th>" for n in cmp.names)
    rows = []
    for outcome in OUTCOMES:
        short, longer, unit, better_up = info(outcome)
        cells = []
        for name in cmp.names:
            r = cmp.row(name, outcome)
            if r is None:
                cells.append("<td>\u2013</td>")
                continue
            c = (f'{num_span(name, outcome, "mean", r["mean"])} '
                 f'[{num_span(name, outcome, "ci_low", r["ci_low"])}, {num_span(name, outcome, "ci_high", r["ci_high"])}]')
            if name != cmp.baseline:
                m, lo, hi = r["diff_mean"], r["diff_ci_low"], r["diff_ci_high"]
                sure = not (math.isnan(lo) or math.isnan(hi)) and (lo > 0 or hi < 0)
                cls = ("good" if (m > 0) == better_up else "bad") if sure else "unsure"
                c += (f'<span class="diff {cls}">{tr("change")} {num_span(name, outcome, "diff_mean", m, f"{m:+.2f}")} '
                      f'[{num_span(name, outcome, "diff_ci_low", lo)}, {num_span(name, outcome, "diff_ci_high", hi)}]'
                      f'{"" if sure else "<br>" + tr("not clearly different from 0")}</span>')
            cells.append(f'<td class="num">{c}</td>')
        rows.append(f"<tr><th class='o'><b>{esc(short)} ({unit})</b><br><small>{esc(longer)}</small></th>{''.join(cells)}</tr>")
    return (f'<table id="headline" style="width:100%"><tr><th>{tr("outcome (whole population)")}</th>{head}</tr>{"".join(rows)}</table>')


# The dimensions of the effect-by-group tables, in the order of /comparison/headline.
GROUP_DIMENSIONS = [("parent_edu", "parental education"), ("income_group", "household income"),
                    ("home_language", "home language"), ("district", "district")]
GROUP_OUTCOMES = ["havo_vwo_year3", "havo_vwo_diploma", "early_leaving"]
GROUP_LABELS = {("income_group", "lowest"): "lowest income group", ("income_group", "middle"): "middle income group",
                ("income_group", "highest"): "highest income group", ("home_language", "dutch"): "Dutch at home",
                ("home_language", "multilingual"): "multilingual home"}
GROUP_CAPTION = GROUP_CAPTION_EN


def group_share(cmp, dim, code):
    """Share (%) of the baseline's children in the group (column `dim` == code), over all replicates."""
    t = cmp.scen[cmp.baseline].t
    return 100.0 * float(t["children"][t[dim] == code].sum()) / max(1.0, float(t["children"].sum()))


def group_effect_table(cmp, name):
    """One policy's effect by group (parental education, income, home language, district): the baseline
    value and the paired change with its 95% interval per group and outcome, as /comparison/headline has
    them; a table to paste into a memo."""
    h = cmp.headline
    heads = [tr("group"), tr("share of children (%)")]
    for outcome in GROUP_OUTCOMES:
        short = info(outcome)[0]
        heads += [f"{short}: {tr('baseline')} (%)", f"{short}: {tr('change')} (pp) [{tr('95% interval')}]"]

    def cells(kind, group, code):
        share = "" if kind == "overall" else f"{group_share(cmp, kind, code):.1f}"
        out = [f"<td class='num'>{share if share else '100.0'}</td>"]
        for outcome in GROUP_OUTCOMES:
            b, r = cmp.row(cmp.baseline, outcome, kind, group), cmp.row(name, outcome, kind, group)
            if b is None or r is None:
                out += ["<td>\u2013</td>", "<td>\u2013</td>"]
                continue
            g = (kind, group)
            m, lo, hi = float(r["diff_mean"]), float(r["diff_ci_low"]), float(r["diff_ci_high"])
            sure = not (math.isnan(lo) or math.isnan(hi)) and (lo > 0 or hi < 0)
            cls = ("good" if (m > 0) == info(outcome)[3] else "bad") if sure else "unsure"
            out.append(f"<td class='num'>{num_span(cmp.baseline, outcome, 'mean', b['mean'], fmt(float(b['mean']), 1), g)}</td>")
            shown = None if math.isnan(m) else f"{m:+.2f}"
            out.append(f"<td class='num'><span class='{cls}'>{num_span(name, outcome, 'diff_mean', m, shown, g)}</span> "
                       f"[{num_span(name, outcome, 'diff_ci_low', lo, None, g)}, {num_span(name, outcome, 'diff_ci_high', hi, None, g)}]</td>")
        return out

    rows = [f"<tr><th>{tr('all children')}</th>{''.join(cells('overall', 'all', -1))}</tr>"]
    for dim, title in GROUP_DIMENSIONS:
        if dim not in h:  # a file written before this dimension was compared
            continue
        idx = np.flatnonzero((h["scenario"] == cmp.baseline) & (h["outcome"] == GROUP_OUTCOMES[0]) & (h["group_kind"] == dim))
        if len(idx) == 0:
            continue
        rows.append(f"<tr><th colspan='{len(heads)}' class='dim'>{esc(tr(title))}</th></tr>")
        for i in idx:
            group = str(h["group"][i])
            label = group if dim == "district" else tr(GROUP_LABELS.get((dim, group), group))
            rows.append(f"<tr><th>{esc(label)}</th>{''.join(cells(dim, group, int(h[dim][i])))}</tr>")
    caption = tr(GROUP_CAPTION, policy=_pretty(name), baseline=_pretty(cmp.baseline), n=cmp.n_rep)
    return (f"<table class='groups' id='groups-{esc(name)}'><caption>{esc(caption)}</caption><tr>"
            + "".join(f"<th>{esc(x)}</th>" for x in heads) + "</tr>" + "".join(rows) + "</table>")


def group_effects(cmp):
    """The section 'Effect by group': one table per policy."""
    if not cmp.others:
        return ""
    return (f"<h2 id='effect-by-group'>{tr('Effect by group')}</h2><p>"
            + esc(tr("Who gains: each policy's change against the baseline for children grouped by their parents' "
                     "education, their household income, the language spoken at home and their district. Within each "
                     "kind of group the groups together are all children, so the group changes, weighted by the "
                     "groups' sizes, add up to the change for all children."))
            + "</p>" + "".join(group_effect_table(cmp, name) for name in cmp.others))


UNCERTAINTY_TEXT = (
    "Parameter uncertainty was on ({how}): every replicate drew each uncertain parameter from its prior "
    "(docs/parameters.md), the same draw in every scenario. This table shows the 95% uncertainty interval over "
    "parameter draws: the 2.5 and 97.5 percentiles of the {n} replicates' values and paired differences, where 95% "
    "of plausible worlds lie. It does not shrink with more replicates. The table above shows the 95% Monte Carlo "
    "interval of the mean, which does. 'Gain in' is the share of draws in which the policy improves the outcome.")


def uncertainty_table(cmp):
    """The uncertainty interval over parameter draws, per outcome and scenario (only with --uncertainty)."""
    h = cmp.headline
    if getattr(cmp, "uncertainty", "off") == "off" or "ui_low" not in h:
        return ""
    head = "".join(f"<th>{esc(_label(cmp, n))}</th>" for n in cmp.names)
    rows = []
    for outcome in OUTCOMES:
        short, longer, unit, better_up = info(outcome)
        cells = []
        for name in cmp.names:
            r = cmp.row(name, outcome)
            if r is None:
                cells.append("<td>\u2013</td>")
                continue
            c = (f'{num_span(name, outcome, "mean", r["mean"])} '
                 f'[{num_span(name, outcome, "ui_low", r["ui_low"])}, {num_span(name, outcome, "ui_high", r["ui_high"])}]')
            if name != cmp.baseline:
                share = cmp.share_improving(name, outcome, better_up)
                gain = "" if math.isnan(share) else f"<br>{tr('gain in')} {100 * share:.0f}% {tr('of draws')}"
                m = r["diff_mean"]
                c += (f'<span class="diff unsure">{tr("change")} {num_span(name, outcome, "diff_mean", m, f"{m:+.2f}")} '
                      f'[{num_span(name, outcome, "diff_ui_low", r["diff_ui_low"])}, '
                      f'{num_span(name, outcome, "diff_ui_high", r["diff_ui_high"])}]{gain}</span>')
            cells.append(f'<td class="num">{c}</td>')
        rows.append(f"<tr><th class='o'><b>{esc(short)} ({unit})</b></th>{''.join(cells)}</tr>")
    few = "" if cmp.n_rep >= 20 else (" " + tr("Warning: {n} replicates are too few for the 2.5 and 97.5 percentiles; use 20 or more.", n=cmp.n_rep))
    return (f"<h2>{tr('Uncertainty over parameter draws')}</h2><p>"
            + esc(tr(UNCERTAINTY_TEXT, how=cmp.uncertainty, n=cmp.n_rep) + few) + "</p>"
            f'<table id="uncertainty" style="width:100%"><tr><th>{tr("outcome (whole population)")}</th>{head}</tr>'
            + "".join(rows) + "</table>")


def cost_table(cmp):
    rows = []
    for name in cmp.others:
        ce = cmp.cost_effect(name)

        def ci(t, d=0, scale=1.0):
            m, lo, hi = (x / scale for x in t)
            return f"{m:,.{d}f}" + ("" if math.isnan(lo) else f" [{lo:,.{d}f}, {hi:,.{d}f}]")

        rows.append(f"<tr><th>{esc(_pretty(name))}</th><td class='num'>{ci(ce['cost_cohort'], 0)}</td>"
                    f"<td class='num'>{ce['cost_baseline_cohort']:,.0f}</td>"
                    f"<td class='num'>{ci(ce['diplomas_cohort'], 1)}</td><td class='num'>{esc(ratio_words(ce, 'per_diploma'))}</td>"
                    f"<td class='num'>{ci(ce['avoided_cohort'], 1)}</td><td class='num'>{esc(ratio_words(ce, 'per_avoided'))}</td></tr>")
    heads = ["scenario", "extra cost per birth cohort, EUR [95% interval]", "the baseline's own cost per birth cohort, EUR",
             "extra havo/vwo diplomas per birth cohort", "cost per extra havo/vwo diploma",
             "early leavers avoided per birth cohort", "cost per avoided early leaver"]
    return ("<table id='cost'><tr>" + "".join(f"<th>{esc(tr(h))}</th>" for h in heads) + "</tr>"
            + "".join(rows) + "</table>")


def provenance(cmp):
    base = cmp.scen[cmp.baseline]
    items = []
    for name in cmp.names:
        s = cmp.scen[name]
        diffs = [(k, base.params.get(k, "(absent)"), v) for k, v in s.params.items() if base.params.get(k) != v]
        dtxt = "; ".join(f"<code>{esc(k)}</code> = {esc(v)} (baseline {esc(b)})" for k, b, v in diffs) \
            if name != cmp.baseline else "\u2014 (the reference)"
        if name != cmp.baseline and not diffs:
            dtxt = "none"
        ov = f"<br>command-line overrides: <code>{esc(s.overrides)}</code>" if s.overrides else ""
        items.append(f"<tr><th>{esc(_pretty(name))}</th><td>{esc(s.description)}</td><td>{dtxt}{ov}</td></tr>")
    p = cmp.prov
    facts = [(tr("comparison file"), os.path.abspath(cmp.path)), (tr("seed"), p.get("seed", "")),
             (tr("replicates"), f"{cmp.n_rep} ({p.get('stop_reason', '')})"), (tr("interval"), p.get("interval", "")),
             (tr("pathways version"), p.get("code_version", "")),
             (tr("children per replicate"), P._fmt_int(base.total("children").mean()) + f", {base.cohorts}"),
             (tr("command"), cmp.run.get("command_line", ""))]
    return ("<div class='prov' id='provenance'><table>"
            + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts) + "</table>"
            f"<table><tr><th>{tr('scenario')}</th><th>{tr('description')}</th><th>{tr('parameters that differ from the baseline')}</th></tr>"
            + "".join(items) + "</table></div>")


def img_tag(key, path, alt):
    with open(path, "rb") as fh:
        data = base64.b64encode(fh.read()).decode("ascii")
    return f'<img id="fig-{key}" alt="{esc(alt)}" src="data:image/png;base64,{data}">'


def sure_words(cmp, outcome):
    """A sentence on which scenarios clearly change the outcome."""
    up, down, unclear = [], [], []
    for name in cmp.others:
        r = cmp.row(name, outcome)
        if r is None or math.isnan(r["diff_ci_low"]):
            unclear.append(_pretty(name))
        elif r["diff_ci_low"] > 0:
            up.append(f"{_pretty(name)} ({r['diff_mean']:+.2f})")
        elif r["diff_ci_high"] < 0:
            down.append(f"{_pretty(name)} ({r['diff_mean']:+.2f})")
        else:
            unclear.append(_pretty(name))
    parts = []
    if up:
        parts.append(tr("clearly raised by ") + ", ".join(up))
    if down:
        parts.append(tr("clearly lowered by ") + ", ".join(down))
    if unclear:
        parts.append(tr("not clearly changed by ") + ", ".join(unclear))
    return "; ".join(parts) if parts else tr("no scenarios to compare")


def captions_nl(cmp, n):
    """The captions and the 'how sure' paragraph of the Dutch edition."""
    how_sure = (f"Intervallen: het {P.INTERVAL_STATEMENT_NL}; hier n = {n} replicaties (onafhankelijke simulaties "
                "van dezelfde kinderen). Verschillen zijn gepaard: elk scenario wordt vergeleken met de "
                "uitgangssituatie op dezelfde gesimuleerde kinderen met dezelfde toevalstrekkingen, waardoor ook "
                "kleine verschillen zichtbaar worden.")
    iv = "Intervallen: 95%-Monte-Carlo-intervallen van het gemiddelde (Student-t, zie boven)."
    caps = {
        "differences": ("Wat elk beleid verandert. Elke stip is de gemiddelde verandering ten opzichte van de "
                        "uitgangssituatie, de lijn het 95%-interval. Groen: een duidelijke verbetering (het interval "
                        "snijdt 0 niet); oranje: een duidelijke verslechtering; grijs: niet duidelijk anders dan geen "
                        "verandering. Havo/vwo in leerjaar 3 is " + sure_words(cmp, "havo_vwo_year3") + ". Voortijdig "
                        "schoolverlaten is " + sure_words(cmp, "early_leaving") + ". De panelen in procentpunten "
                        "hebben \u00e9\u00e9n schaal, zodat hun lengtes vergelijkbaar zijn; de odds ratio en de kosten "
                        "hebben hun eigen schaal. " + how_sure),
        "flow": ("De route door het onderwijs, per scenario. Elk paneel toont drie aparte verdelingen van 100%: het "
                 "definitieve schooladvies aan het eind van de basisschool, het niveau in leerjaar 3 van het "
                 "voortgezet onderwijs en het hoogste diploma zeven jaar na de start in het vo (grijs: geen "
                 "diploma). De banden verbinden hetzelfde niveau in naast elkaar liggende kolommen; ze tonen hoe het "
                 "aandeel van dat niveau verandert, niet hoe individuele leerlingen bewegen. Leerlingen van "
                 "10\u201314-scholen krijgen geen advies. Onder elk paneel: het aandeel voortijdig schoolverlaters. "
                 f"Gemiddelden over {n} replicaties; hun 95%-Monte-Carlo-intervallen staan in de tabel hierboven."),
        "social_gap": ("Links: het aandeel havo/vwo in leerjaar 3 voor kinderen van laag-, middelbaar en hoogopgeleide "
                       "ouders, met 95%-intervallen. Midden: de odds ratio tussen de hoogste en laagste groep (1 zou "
                       "geen verschil betekenen). Rechts: van de kinderen van laagopgeleide ouders met havo/vwo-"
                       "potentieel, het aandeel dat in leerjaar 3 onder havo zit (\u2018onderbenut talent\u2019). De "
                       "kansenongelijkheid is " + sure_words(cmp, "social_gap_pp") + "; onderbenut talent is "
                       + sure_words(cmp, "misplaced_high_potential_low_edu") + ". " + iv),
        "districts": ("Per wijk: het aandeel havo/vwo in leerjaar 3 (links) en voortijdig schoolverlaten (rechts), elk "
                      "scenario een kleur. Wijken zijn gesorteerd op het havo/vwo-aandeel in de uitgangssituatie "
                      "(laagste onderaan). Wijken zijn kleiner dan de stad, dus hun intervallen zijn breder. " + iv),
        "district_differences": ("Het kerncijfer voor gericht beleid: per wijk de verandering die elk beleid brengt "
                                 "ten opzichte van de uitgangssituatie in dezelfde wijk (gepaard: dezelfde kinderen, "
                                 "dezelfde trekkingen), voor havo/vwo in leerjaar 3 (links) en voortijdig "
                                 "schoolverlaten (rechts), beide in procentpunten op \u00e9\u00e9n schaal. Wijken "
                                 "gerangschikt naar de verandering in havo/vwo door het eerste beleid, grootste winst "
                                 "bovenaan. Een lijn die de stippellijn bij 0 snijdt is niet duidelijk anders dan "
                                 "geen verandering. " + iv),
        "cost": ("Kosten en effect, per geboortecohort van de stad. Horizontaal: extra havo/vwo-diploma's (links) en "
                 "voorkomen voortijdig schoolverlaters (rechts) per geboortecohort ten opzichte van de "
                 "uitgangssituatie; verticaal: de extra kosten per geboortecohort in duizenden euro's (alle "
                 "interventiekosten van het cohort over de hele schoolloopbaan). Met elk jaar \u00e9\u00e9n nieuw "
                 "cohort zijn dat ook de extra kosten per jaar zodra het beleid voor alle leeftijden loopt. De "
                 "eigen kosten van de uitgangssituatie per cohort (zoals vve) staan in de tabel en de ondertitel. "
                 "Het label is de prijs per extra diploma of per voorkomen schoolverlater, alleen waar het effect "
                 "duidelijk boven 0 ligt, en een waarschuwing in plaats van een bedrag boven \u20ac1 miljoen per "
                 "stuk. Kosten zijn de aangenomen kostprijzen uit de scenariobestanden, geen begrotingen. " + iv),
    }
    return caps, how_sure


def drivers_section(sens, figs):
    """The section "Which assumptions drive this conclusion" from a sensitivity file (plot_sensitivity.read_sensitivity):
    per outcome for all children, a sentence, the ranked table and the figure."""
    import plot_sensitivity as PS
    out = [f"<h2>{tr('Which assumptions drive this conclusion')}</h2>",
           "<p>" + esc(f"A sensitivity analysis of {PS.subject(sens)} (method {sens['method']}): every parameter below was "
                       "varied across its range (uniform), the children and their random draws kept the same, so the "
                       "outcome changed only through the parameters. The total index is the share of the outcome's "
                       "variance over these ranges that involves the parameter, alone or with others; the first-order "
                       "index its share alone; Morris mu* the mean absolute change when the parameter moves across its "
                       "range. Brackets: " + sens["interval"] + ".") + "</p>"]
    for o in sens["outputs"]:
        if o["group"] != "overall":
            continue
        rows = o["total"] or o["morris"]
        ranked = sorted(rows.items(), key=lambda kv: -kv[1][0] if math.isfinite(kv[1][0]) else math.inf)
        if o["total"]:
            top, (e, lo, hi) = ranked[0]
            lead = (f"{o['outcome']}: {top} explains {100 * e:.0f}% of the variance (95% bootstrap interval "
                    f"{100 * lo:.0f}% to {100 * hi:.0f}%), alone or with others.")
        else:
            top, (e, lo, hi) = ranked[0]
            lead = (f"{o['outcome']}: {top} moves it most, by {e:.2f} on average across its range (95% bootstrap "
                    f"interval {lo:.2f} to {hi:.2f}).")
        out.append(f"<h3>{esc(PS.output_title(o))}</h3><p>{esc(lead)}</p>")
        head = ("<tr><th>rank</th><th>parameter</th><th>range</th>"
                + ("<th>total index [95%]</th><th>first-order [95%]</th>" if o["total"] else "")
                + ("<th>Morris mu* [95%]</th>" if o["morris"] else "") + "</tr>")
        ranges = {p["name"]: (p["lower"], p["upper"]) for p in sens["parameters"]}
        body = []
        order = [n for n, _ in ranked] + [n for n in (o["morris"] or {}) if n not in rows]
        for i, n in enumerate(order, 1):
            def cell(t):
                return f"<td>{t[0]:.3f} [{t[1]:.3f}, {t[2]:.3f}]</td>" if t else "<td>-</td>"
            body.append(f"<tr><td>{i}</td><td><code>{esc(n)}</code></td><td>[{ranges[n][0]:g}, {ranges[n][1]:g}]</td>"
                        + ((cell(o["total"].get(n)) + cell(o["first"].get(n))) if o["total"] else "")
                        + (cell(o["morris"].get(n)) if o["morris"] else "") + "</tr>")
        out.append("<table>" + head + "".join(body) + "</table>")
        key = "drivers_" + o["outcome"]
        if key in figs:
            out.append(f"<figure>{img_tag(key, figs[key], 'drivers of ' + o['outcome'])}<figcaption>{esc(PS.INTERVAL)} "
                       f"<br><small>{tr('For slides: ')}<code>{esc(os.path.basename(figs[key]))}</code></small></figcaption></figure>")
    return "\n".join(out)


def drivers_figures(sens, out_dir, prefix):
    import plot_sensitivity as PS
    figs = {}
    for o in sens["outputs"]:
        if o["group"] == "overall":
            path = P.free_path(os.path.join(out_dir, f"{prefix}_drivers_{o['outcome']}.png"))
            fig = PS.figure(sens, o)
            fig.savefig(path, dpi=P.DPI)
            plt.close(fig)
            figs["drivers_" + o["outcome"]] = path
    return figs


def build_html(cmp, figs, title, sens=None, sens_figs=None):
    n = cmp.n_rep
    how_sure = (f"Intervals: the {P.INTERVAL_STATEMENT}; here n = {n} replicates (independent simulation runs "
                "of the same children). Differences are paired: each scenario is compared with the baseline on "
                "the same simulated children with the same random draws, which makes small differences visible.")
    iv = "Intervals: 95% Monte Carlo intervals of the mean (Student t, see above)."
    caps = {
        "differences": ("What each policy changes. Each dot is the average change against the baseline, the line "
                        "its 95% interval. Green: a clear improvement (the interval does not cross 0); orange: a "
                        "clear worsening; grey: not clearly different from no change. havo/vwo in year 3 is "
                        + sure_words(cmp, "havo_vwo_year3") + ". Early school leaving is "
                        + sure_words(cmp, "early_leaving") + ". The panels in percentage points share one scale, "
                        "so their lengths compare; the odds ratio and the cost have their own. " + how_sure),
        "flow": ("The route through school, per scenario. Each panel shows three separate 100% breakdowns: the "
                 "final school advice at the end of primary school, the track in year 3 of secondary school, and "
                 "the highest diploma seven years after entering secondary school (grey: no diploma). The shaded "
                 "bands link the same level in adjacent columns; they show how the share of that level changes, "
                 "not how individual pupils move. Pupils in 10\u201314 schools get no advice and are left out of "
                 "the advice column. Below each panel: the share of early school leavers. Numbers are averages over "
                 f"{n} replicates; their 95% Monte Carlo intervals of the mean are in the table above."),
        "social_gap": ("Left: the share in havo/vwo in year 3 for children of low-, middle- and highly educated "
                       "parents, with 95% intervals. Middle: the odds ratio between the highest and lowest group "
                       "(1 would mean no gap). Right: of the children of low-educated parents whose potential "
                       "warrants havo or vwo, the share who are below havo in year 3 (\u2018misplaced talent\u2019). "
                       "The gap is " + sure_words(cmp, "social_gap_pp") + "; misplaced talent is "
                       + sure_words(cmp, "misplaced_high_potential_low_edu") + ". " + iv),
        "districts": ("Per district: the share in havo/vwo in year 3 (left) and early school leaving (right), each "
                      "scenario a colour, with 95% intervals over replicates. Districts are sorted by the baseline "
                      "havo/vwo share (lowest at the bottom). Districts are smaller than the city, so their "
                      "intervals are wider: small differences between bars within a district are often chance. " + iv),
        "district_differences": ("The key figure for a targeted policy: per district, the change each policy makes "
                                 "against the baseline in the same district (paired: the same children, the same "
                                 "draws), for havo/vwo in year 3 (left) and early school leaving (right), both in "
                                 "percentage points on one scale. Districts are ranked by the first policy's change "
                                 "in havo/vwo, largest gain at the top. A line that crosses the dashed zero line "
                                 "is not clearly different from no change. " + iv),
        "cost": ("Cost against effect, per birth cohort of the city. Horizontal: extra havo/vwo diplomas (left) "
                 "and early leavers avoided (right) per birth cohort, against the baseline; vertical: the extra "
                 "cost per birth cohort in thousand euros (all intervention costs of the cohort over its whole "
                 "school career, the model's cost_total). With one cohort entering every year, that is also the "
                 "extra cost per year once the policy runs for every age. The baseline's own cost per cohort "
                 "(such as preschool) is in the table and the subtitle. The label is the cost per extra diploma "
                 "or per avoided early leaver (average extra cost over average effect), given only where the "
                 "effect is clearly above 0, and a warning instead of a figure above \u20ac1 million each. "
                 "Costs are the scenario files' assumed unit costs, not budgets. " + iv),
    }
    if LANG == "nl":
        caps, how_sure = captions_nl(cmp, n)
    sections = {
        "differences": "Headline: what changes",
        "flow": "From school advice to diploma",
        "social_gap": "Equal opportunities: the social gap and misplaced talent",
        "districts": "Per district",
        "district_differences": "Per district: what each policy changes",
        "cost": "Cost against effect",
    }
    sections = {k: tr(v) for k, v in sections.items()}
    out = ["<!DOCTYPE html>", f"<html lang='{LANG}'><head><meta charset='utf-8'>",
           f"<title>{esc(title)}</title><style>{CSS}</style><script>{SELFCHECK_JS}</script></head><body>",
           f"<h1>{esc(title)}</h1>",
           f"<p class='lead'>{esc(_sub(cmp))}. {tr('Scenarios: ')}"
           + "; ".join(f"<b>{esc(_pretty(s))}</b>: {esc(cmp.scen[s].description)}" for s in cmp.names) + ".</p>",
           f"<h2>{tr('Headline outcomes')}</h2>",
           "<p>" + tr("Each cell: the average over replicates with its 95% interval in brackets; for a policy scenario, "
                      "below it the change against the baseline with its 95% interval (green: clear improvement, orange: "
                      "clear worsening, grey: not clearly different from 0). pp = percentage points.") + "</p>",
           headline_table(cmp), f"<p class='lead'>{esc(how_sure)}</p>", uncertainty_table(cmp), group_effects(cmp)]
    for key, path in figs.items():
        out.append(f"<h2>{esc(sections[key])}</h2>")
        if key == "cost":
            out.append(cost_table(cmp))
        out.append(f"<figure>{img_tag(key, path, sections[key])}<figcaption>{esc(caps[key])} "
                   f"<br><small>{tr('For slides: ')}<code>{esc(os.path.basename(path))}</code></small></figcaption></figure>")
    if sens is not None:
        out.append(drivers_section(sens, sens_figs or {}))
    out += [f"<h2>{tr('Provenance')}</h2>", provenance(cmp),
            "<p id='selfcheck' data-status='pending'>Page check did not run (scripts disabled).</p>",
            "</body></html>"]
    return "\n".join(out)


def write_report(cmp, out_html, sens=None):
    if not isinstance(cmp, Comparison):
        cmp = Comparison(cmp)
    out_dir = os.path.dirname(os.path.abspath(out_html))
    os.makedirs(out_dir, exist_ok=True)
    prefix = os.path.splitext(os.path.basename(out_html))[0]
    figs = make_figures(cmp, out_dir, prefix)
    title = tr("Scenario comparison: ") + ", ".join(_pretty(n) for n in cmp.others) + tr(" vs ") + _pretty(cmp.baseline) \
        if cmp.others else tr("Scenario report: ") + _pretty(cmp.baseline)
    sens_figs = drivers_figures(sens, out_dir, prefix) if sens is not None else {}
    text = build_html(cmp, figs, title, sens, sens_figs)
    figs = {**figs, **sens_figs}
    tmp = f"{out_html}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, out_html)
    except OSError:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return figs, out_html


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("comparison", help="comparison file written by pathways compare or batch (HDF5)")
    ap.add_argument("--out", help="HTML file to write (default: <comparison file name>_report.html beside it)")
    ap.add_argument("--force", action="store_true",
                    help="overwrite an existing page (default: write the new one under a numbered name)")
    ap.add_argument("--lang", choices=["en", "nl"], default="en",
                    help="language of the page and its figures: en (default) or nl (Dutch, with the Dutch school terms)")
    ap.add_argument("--sensitivity", metavar="FILE.h5",
                    help="a file of `pathways sensitivity` for the same question: adds the section "
                         "'Which assumptions drive this conclusion'")
    args = ap.parse_args()
    global LANG
    LANG = args.lang
    what = "a comparison file (pathways compare or batch)"
    P.check_h5_file("report.py", args.comparison, what)
    stem = os.path.splitext(os.path.basename(args.comparison))[0]
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.comparison)), f"{stem}_report{suffix}.html")
    if os.path.isdir(out):
        sys.exit(f"report.py: cannot write {out}: it is a folder")
    out = P.free_path(out, args.force)
    try:
        cmp = Comparison(args.comparison)
    except P.READ_ERRORS as e:
        sys.exit(P.read_error("report.py", args.comparison, what, e))
    sens = None
    if args.sensitivity:
        import plot_sensitivity as PS
        P.check_h5_file("report.py", args.sensitivity, "a sensitivity file (pathways sensitivity)")
        try:
            sens = PS.read_sensitivity(args.sensitivity)
        except (OSError, KeyError, ValueError) as e:
            sys.exit("report.py: " + (str(e) if isinstance(e, ValueError) else
                                      f"{args.sensitivity}: not a readable sensitivity file: {e}"))
    try:
        figs, html_path = write_report(cmp, out, sens)
    except OSError as e:
        sys.exit(f"report.py: cannot write {e.filename or out}: {e.strerror}")
    for p in figs.values():
        print(p)
    print(html_path)


if __name__ == "__main__":
    main()
