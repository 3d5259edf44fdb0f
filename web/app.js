// The scenario explorer page: plain JavaScript, Chart.js from the Debian package when present.
// Everything shown comes from the server's JSON API (docs/serve.md); nothing is computed here
// that the command line would compute differently: numbers arrive formatted as `pathways summary`
// prints them.
"use strict";

const state = {
  schema: [], scenarios: [], baseValues: {}, changes: {}, invalid: {}, run: null, poll: null,
  charts: {}, outcome: "havo_vwo_diploma", info: null,
};

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};

async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = { error: "the server sent no JSON (HTTP " + res.status + ")" }; }
  return { ok: res.ok, status: res.status, data };
}

function setStatus(text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

// ---- scenarios -------------------------------------------------------------------------------

async function loadScenarios() {
  const r = await api("GET", "/api/scenarios");
  state.scenarios = r.data.filter((s) => !s.error);
  const base = $("base");
  base.innerHTML = "";
  for (const s of state.scenarios) base.append(el("option", { value: s.id, text: s.id + (s.name !== s.id ? " (" + s.name + ")" : "") }));
  base.value = state.scenarios.some((s) => s.id === "baseline") ? "baseline" : (state.scenarios[0] || {}).id;
  renderPolicies();
}

function renderPolicies() {
  const box = $("policies");
  const checked = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
  box.innerHTML = "";
  for (const s of state.scenarios) {
    if (s.id === $("base").value) continue;
    const input = el("input", { type: "checkbox", value: s.id, id: "policy-" + s.id });
    input.checked = checked.has(s.id);
    box.append(el("label", { for: "policy-" + s.id }, input, " " + s.id + " ", el("span", { class: "description", text: s.description })));
  }
  const b = state.scenarios.find((s) => s.id === $("base").value);
  $("base-description").textContent = b ? b.description : "";
}

async function loadBase() {
  const r = await api("GET", "/api/scenarios/" + encodeURIComponent($("base").value));
  state.baseValues = r.ok ? r.data.values : {};
  renderPolicies();
  renderForm();
}

// ---- the parameter form ----------------------------------------------------------------------

function rangeText(p) {
  if (p.choices) return p.choices.join(" | ");
  if (p.kind === "boolean") return "true | false";
  if (p.min !== undefined) return "[" + p.min + ", " + p.max + "]" + (p.list_size ? " × " + p.list_size : "");
  return "";
}

function renderForm() {
  const table = $("form");
  table.innerHTML = "";
  table.append(el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "value" }), el("th", { text: "unit" }),
    el("th", { text: "range" }), el("th", { text: "default" }), el("th", { text: "meaning and source" })));
  let lastTable = null;
  for (const p of state.schema) {
    const tableName = p.key.includes(".") ? p.key.slice(0, p.key.lastIndexOf(".")) : "";
    if (tableName !== lastTable) {
      table.append(el("tr", { class: "table-head", "data-table": tableName }, el("td", { colspan: "6", text: "[" + tableName + "]" })));
      lastTable = tableName;
    }
    const value = p.key in state.changes ? state.changes[p.key] : (state.baseValues[p.key] ?? p.default_text);
    let input;
    if (p.kind === "boolean" || p.kind === "choice") {
      input = el("select", { id: "param-" + p.key, "data-key": p.key });
      for (const c of p.kind === "boolean" ? ["true", "false"] : p.choices) input.append(el("option", { value: c, text: c }));
      input.value = value;
    } else {
      input = el("input", { type: "text", id: "param-" + p.key, "data-key": p.key });
      input.value = value;
    }
    input.addEventListener("change", () => changeValue(p.key, input.value));
    const meaning = el("td", { class: "source" }, p.meaning, el("br"), el("em", { text: "Source: " + p.source }));
    if (p.assumption) meaning.prepend(el("span", { class: "assumption", text: "assumption" }), " ");
    const valueCell = el("td", {}, input, el("span", { class: "field-error", id: "error-" + p.key }));
    const row = el("tr", { id: "row-" + p.key, "data-key": p.key, "data-search": (p.key + " " + p.meaning).toLowerCase() },
      el("td", { class: "key", text: p.key }), valueCell, el("td", { text: p.unit }), el("td", { text: rangeText(p) }),
      el("td", { text: p.default_text }), meaning);
    table.append(row);
    markRow(p.key);
  }
  applyFilter();
  renderChanges();
}

function markRow(key) {
  const row = $("row-" + key);
  if (!row) return;
  row.classList.toggle("changed", key in state.changes);
  row.classList.toggle("invalid", key in state.invalid);
  $("error-" + key).textContent = state.invalid[key] ? state.invalid[key].message : "";
}

async function changeValue(key, text) {
  const baseText = state.baseValues[key];
  delete state.invalid[key];
  if (text === baseText) {
    delete state.changes[key];
  } else {
    const r = await api("POST", "/api/validate", { base: $("base").value, set: { [key]: text } });
    if (!r.ok) {
      const message = (r.data.errors && r.data.errors[key]) || r.data.error;
      state.invalid[key] = { text, message };
      delete state.changes[key];
    } else {
      state.changes[key] = text;
    }
  }
  markRow(key);
  renderChanges();
}

function renderChanges() {
  const keys = Object.keys(state.changes);
  const bad = Object.keys(state.invalid);
  const box = $("changes-summary");
  box.innerHTML = "";
  if (keys.length === 0 && bad.length === 0) { box.textContent = "No parameter changes: the scenarios as written (section 3 changes them)."; }
  if (keys.length) box.append("Changes applied to every scenario: ", keys.map((k) => k + " = " + state.changes[k]).join("; "), ". ");
  if (bad.length) box.append(el("span", { class: "error", text: "Refused (not used): " + bad.join(", ") + "." }));
  $("run").disabled = bad.length > 0 || (state.run && state.run.state === "running");
}

function applyFilter() {
  const q = $("filter").value.trim().toLowerCase();
  const onlyChanged = $("only-changed").checked;
  const shownTables = new Set();
  for (const row of $("form").querySelectorAll("tr[data-key]")) {
    const key = row.dataset.key;
    const show = (!q || row.dataset.search.includes(q)) && (!onlyChanged || key in state.changes || key in state.invalid);
    row.hidden = !show;
    if (show) shownTables.add(key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "");
  }
  for (const row of $("form").querySelectorAll("tr.table-head")) row.hidden = !shownTables.has(row.dataset.table);
}

// ---- running ---------------------------------------------------------------------------------

function policies() { return [...$("policies").querySelectorAll("input:checked")].map((i) => i.value); }

async function startRun() {
  const body = { base: $("base").value, policies: policies(), set: state.changes };
  const reps = Number($("replicates").value);
  body.replicates = Number.isInteger(reps) ? reps : $("replicates").value;
  const seed = $("seed").value.trim();
  body.seed = /^[0-9]{1,15}$/.test(seed) ? Number(seed) : seed;
  const precision = Number($("precision").value);
  if (!Number.isFinite(precision) || precision < 0) { setStatus("Stop at precision: expected a number of percentage points, 0 for off", true); return; }
  if (precision > 0) body.precision = precision;
  $("run").disabled = true;
  setStatus("starting…");
  state.started = performance.now();
  state.firstShown = null;
  const r = await api("POST", "/api/runs", body);
  $("results").dataset.startedSeconds = ((performance.now() - state.started) / 1000).toFixed(3);
  if (!r.ok) { setStatus(r.data.error, true); $("run").disabled = false; return; }
  state.run = r.data;
  state.polled = false;
  $("cancel").disabled = false;
  for (const c of Object.values(state.charts)) c.destroy();
  state.charts = {};
  poll();
}

async function poll() {
  if (!state.run) return;
  // long polling: the server answers as soon as another replicate is finished (or after 0.5 s)
  const seen = state.run.state === "running" ? state.run.replicates : 0;
  const r = await api("GET", "/api/runs/" + state.run.id + (state.polled ? "?after=" + seen : ""));
  state.polled = true;
  if (!r.ok) { setStatus(r.data.error, true); return; }
  state.run = r.data;
  render(r.data);
  if (r.data.state === "running") {
    poll();
  } else {
    $("cancel").disabled = true;
    renderChanges();
  }
}

async function cancelRun() {
  if (!state.run) return;
  await api("POST", "/api/runs/" + state.run.id + "/cancel");
}

// ---- results ---------------------------------------------------------------------------------

function outcomeTitle(id) {
  const o = state.run.table.outcomes.find((x) => x.id === id);
  return o ? o.title : id;
}

function render(run) {
  $("progress").value = run.progress;
  const what = run.state === "running" ? "running" : run.state;
  let text = what + ": " + run.replicates + " replicate(s) finished";
  if (run.state !== "running") text += " in " + run.seconds.toFixed(1) + " s (" + run.stop_reason + ")";
  if (run.error) text += ": " + run.error;
  setStatus(text, run.state === "failed");
  if (run.replicates === 0) return;
  if (state.firstShown === null) {
    state.firstShown = (performance.now() - state.started) / 1000;
    $("results").dataset.firstResultSeconds = state.firstShown.toFixed(3);
    $("results").dataset.serverFirstResultSeconds = (run.first_result_seconds ?? -1).toFixed(3);
  }
  $("results").hidden = false;
  renderProvenance(run);
  renderHeadline(run);
  renderOutcomeChoice(run);
  renderGroups(run);
  renderCharts(run);
  renderCost(run);
  renderDownloads(run);
}

function renderProvenance(run) {
  const p = run.provenance;
  const box = $("provenance");
  box.innerHTML = "";
  box.append(el("div", {}, el("strong", { text: "Provenance: " }),
    "base " + p.base + "; policies " + p.policies.join(", ") + "; seed " + p.seed + "; replicates " + p.replicates +
    "; code version " + p.code_version + "; parameter changes: " + (p.changes.length ? p.changes.join(", ") : "none") +
    (p.precision > 0 ? "; precision target " + p.precision + " pp" : "") + "."));
  box.append(el("div", {}, "Reproduce on the command line (same numbers): ", el("code", { id: "command-line", text: p.command_line })));
}

function renderHeadline(run) {
  const t = run.table;
  const table = $("headline");
  table.innerHTML = "";
  table.append(el("tr", {}, el("th", { text: "scenario" }), el("th", { class: "text", text: "outcome" }), el("th", { text: "mean" }),
    el("th", { text: "95% interval" }), el("th", { text: "vs base" }), el("th", { text: "95% interval" }), el("th", { text: "n" })));
  for (let s = 0; s < run.scenarios.length; ++s) {
    let first = true;
    for (const r of t.rows) {
      if (r.scenario !== s || r.group !== 0) continue;
      const cls = r.diff === null || r.diff_low === null ? "" : r.diff_low > 0 ? "up" : r.diff_high < 0 ? "down" : "";
      const tr = el("tr", { class: first ? "first" : "", "data-scenario": run.scenarios[s], "data-outcome": r.outcome },
        el("td", { text: first ? run.scenarios[s] : "" }), el("td", { class: "text", text: outcomeTitle(r.outcome) }),
        el("td", { class: "mean", text: r.mean_text }), el("td", { class: "interval", text: r.interval_text }),
        el("td", { class: "diff " + cls, text: r.diff_text }), el("td", { class: "diff-interval", text: r.diff_interval_text }),
        el("td", { class: "n", text: String(r.n) }));
      table.append(tr);
      first = false;
    }
  }
  $("interval-note").textContent = t.interval + ". 'vs base' is the paired difference against " + run.scenarios[0] +
    " (same children, same random draws), with the same kind of interval; bold blue: clearly above zero, bold brown: clearly below (the interval leaves out zero).";
}

function renderOutcomeChoice(run) {
  const sel = $("chart-outcome");
  if (sel.options.length === 0) {
    for (const o of run.table.outcomes) sel.append(el("option", { value: o.id, text: o.title }));
    sel.value = state.outcome;
  }
}

function renderGroups(run) {
  const t = run.table;
  $("group-outcome-title").textContent = outcomeTitle(state.outcome) + ", difference against " + run.scenarios[0];
  const table = $("groups");
  table.innerHTML = "";
  const head = el("tr", {}, el("th", { text: "group" }), el("th", { text: run.scenarios[0] }));
  for (let s = 1; s < run.scenarios.length; ++s) head.append(el("th", { text: run.scenarios[s] + " vs base" }), el("th", { text: "95% interval" }));
  table.append(head);
  let lastKind = null;
  t.groups.forEach((g, gi) => {
    const row = el("tr", { class: g.kind !== lastKind ? "first" : "" }, el("td", { text: (g.kind === "overall" ? "everyone" : g.kind + ": " + g.label) }));
    lastKind = g.kind;
    for (let s = 0; s < run.scenarios.length; ++s) {
      const r = t.rows.find((x) => x.scenario === s && x.group === gi && x.outcome === state.outcome);
      if (s === 0) row.append(el("td", { text: r ? r.mean_text : "-" }));
      else row.append(el("td", { text: r ? r.diff_text : "-" }), el("td", { text: r ? r.diff_interval_text : "-" }));
    }
    table.append(row);
  });
}

const palette = ["#2c5d8a", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#7f7f7f"];

function renderCharts(run) {
  if (!window.Chart) return;
  const policiesShown = run.scenarios.slice(1);
  const rows = policiesShown.map((_, i) => run.table.rows.find((r) => r.scenario === i + 1 && r.group === 0 && r.outcome === state.outcome));
  const bars = rows.map((r) => (r && r.diff_low !== null ? [r.diff_low, r.diff_high] : null));
  const means = rows.map((r) => (r ? r.diff : null));
  const diffData = {
    labels: policiesShown,
    datasets: [
      { type: "bar", label: "95% interval", data: bars, backgroundColor: "rgba(44,93,138,0.35)", order: 2 },
      { type: "line", label: "mean difference", data: means, showLine: false, borderColor: "#1d1d1d", backgroundColor: "#1d1d1d", pointRadius: 6, order: 1 },
    ],
  };
  const history = run.history;
  const histData = {
    labels: history.map((h) => h.replicates),
    datasets: policiesShown.flatMap((name, i) => {
      const pick = (h) => h.rows.find((r) => r.scenario === i + 1 && r.outcome === state.outcome) || {};
      const color = palette[i % palette.length];
      return [
        { label: name + " (mean)", data: history.map((h) => pick(h).diff ?? null), borderColor: color, backgroundColor: color },
        { label: name + " (95% interval)", data: history.map((h) => pick(h).low ?? null), borderColor: color, borderDash: [4, 4], pointRadius: 0, fill: false },
        { label: "", data: history.map((h) => pick(h).high ?? null), borderColor: color, borderDash: [4, 4], pointRadius: 0, fill: false },
      ];
    }),
  };
  const title = outcomeTitle(state.outcome);
  if (!state.charts.diff) {
    state.charts.diff = new Chart($("chart-diff"), { type: "bar", data: diffData, options: { animation: false, plugins: { legend: { position: "bottom" } },
      scales: { y: { title: { display: true, text: "difference: " + title } } } } });
    state.charts.history = new Chart($("chart-history"), { type: "line", data: histData, options: { animation: false,
      plugins: { legend: { position: "bottom", labels: { filter: (item) => item.text !== "" } } },
      scales: { x: { title: { display: true, text: "replicates" } }, y: { title: { display: true, text: "difference: " + title } } } } });
  } else {
    state.charts.diff.data = diffData;
    state.charts.diff.options.scales.y.title.text = "difference: " + title;
    state.charts.diff.update();
    state.charts.history.data = histData;
    state.charts.history.options.scales.y.title.text = "difference: " + title;
    state.charts.history.update();
  }
}

function renderCost(run) {
  const box = $("cost");
  box.innerHTML = "";
  const c = run.table.cost_effect;
  if (!c.length) { box.append(el("p", { class: "note", text: "No policy in this comparison costs more than the base." })); return; }
  const table = el("table", { class: "numbers" }, el("tr", {}, el("th", { text: "policy" }), el("th", { class: "text", text: "EUR" }), el("th", { class: "text", text: "" })));
  for (const x of c) table.append(el("tr", {}, el("td", { text: run.scenarios[x.scenario] }), el("td", { class: "text", text: x.what }), el("td", { class: "text", text: x.text })));
  box.append(table, el("p", { class: "note", text: "Extra cost per child over the extra share of children with the outcome, from the mean paired differences (as pathways summary)." }));
}

function renderDownloads(run) {
  const ul = $("downloads");
  ul.innerHTML = "";
  const link = (id, href, text, note) => ul.append(el("li", {}, el("a", { id, href, download: "" , text }), note ? " " + note : ""));
  run.scenarios.forEach((name, k) => link("download-toml-" + k, "/api/runs/" + run.id + "/scenario/" + k + ".toml", name + ".toml",
    k === 0 ? "(the base with the changes: a scenario file for pathways run)" : ""));
  link("download-csv", "/api/runs/" + run.id + "/headline.csv", "headline.csv", "(as pathways summary --csv)");
  link("download-groups-csv", "/api/runs/" + run.id + "/groups.csv", "groups.csv", "(by parental education and district)");
  if (run.state !== "running") link("download-h5", "/api/runs/" + run.id + "/results.h5", "results.h5", "(the comparison file, as pathways compare writes it)");
}

// ---- start -----------------------------------------------------------------------------------

async function init() {
  const [info, schema] = await Promise.all([api("GET", "/api/info"), api("GET", "/api/schema")]);
  state.info = info.data;
  state.schema = schema.data;
  $("version").textContent = "pathways " + info.data.version + "; at most " + info.data.limits.max_replicates + " replicates per run.";
  $("replicates").max = info.data.limits.max_replicates;
  await loadScenarios();
  await loadBase();
  $("base").addEventListener("change", loadBase);
  $("run").addEventListener("click", startRun);
  $("cancel").addEventListener("click", cancelRun);
  $("filter").addEventListener("input", applyFilter);
  $("only-changed").addEventListener("change", applyFilter);
  $("reset-all").addEventListener("click", () => { state.changes = {}; state.invalid = {}; renderForm(); });
  $("chart-outcome").addEventListener("change", () => { state.outcome = $("chart-outcome").value; if (state.run) render(state.run); });
  document.body.dataset.ready = "true";
}

init();
