// policygraph web UI: plain JavaScript over the JSON API, no build step.
"use strict";

const $ = (sel) => document.querySelector(sel);
const $$ = (sel) => Array.from(document.querySelectorAll(sel));

// el builds an element: attributes (on* are listeners) and children.
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) {
    if (k !== undefined && k !== null) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
};
const words = (s) => String(s || "").replaceAll("_", " ");

let statusTimer = null;
function status(msg, error) {
  const s = $("#status");
  s.textContent = msg || "";
  s.className = error ? "error" : "";
  clearTimeout(statusTimer);
  if (msg && !error && !msg.endsWith("…")) statusTimer = setTimeout(() => status(""), 4000);
}

// ---- API
const TOKEN = "policygraph-token";

async function request(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = "Bearer " + token;
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (res.status === 401) {
    // Another request may have asked for the token meanwhile.
    const now = sessionStorage.getItem(TOKEN);
    if (now && now !== token) return request(path, options);
    const t = window.prompt("This server needs an access token:");
    if (t) {
      sessionStorage.setItem(TOKEN, t.trim());
      return request(path, options);
    }
  }
  return res;
}

async function api(path, options) {
  const res = await request(path, options);
  const body = await res.json().catch(() => ({ error: res.status + " " + res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// ---- tabs (WAI-ARIA tabs: arrow keys move between them)
function showTab(name, focus) {
  $$(".panel").forEach((p) => (p.hidden = p.id !== name));
  $$(".tab").forEach((t) => {
    const on = t.dataset.tab === name;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    if (on && focus) t.focus();
  });
  if (location.hash.split("/")[0] !== "#" + name) history.replaceState(null, "", "#" + name);
  if (name === "graph") fitGraph();
}
$$(".tab").forEach((t) => {
  t.addEventListener("click", () => showTab(t.dataset.tab));
  t.addEventListener("keydown", (e) => {
    const tabs = $$(".tab"), i = tabs.indexOf(t);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    showTab(tabs[(next + tabs.length) % tabs.length].dataset.tab, true);
  });
});

// ---- evidence and articles
function articleLink(id, title, url) {
  if (url) return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title || id);
  return el("a", { href: "#article/" + encodeURIComponent(id), onclick: (e) => { e.preventDefault(); showArticle(id); } }, title || id);
}

function evidenceCell(ev) {
  const td = el("td", { class: "evidence" });
  if (!ev) return td;
  td.append(el("q", {}, ev.sentence || ""));
  if (ev.article) td.append(" — ", articleLink(ev.article, ev.title, ev.url));
  return td;
}

// ---- sortable tables
function sortable(table, rows, columns, render) {
  let key = null, dir = 1;
  const tbody = el("tbody");
  const draw = () => tbody.replaceChildren(...rows.map(render));
  const head = el("tr");
  columns.forEach((c) => {
    const th = el("th", { scope: "col", class: c.opt ? "opt" : undefined, "aria-sort": "none" });
    th.append(el("button", { type: "button", class: "sort", onclick: () => {
      dir = key === c.key ? -dir : 1;
      key = c.key;
      const val = (r) => { const v = c.get(r); return typeof v === "number" ? v : String(v ?? ""); };
      rows.sort((a, b) => {
        const x = val(a), y = val(b);
        return (typeof x === "number" ? x - y : x.localeCompare(y)) * dir;
      });
      head.querySelectorAll("th").forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      draw();
    } }, c.title));
    head.append(th);
  });
  table.replaceChildren(el("thead", {}, head), tbody);
  draw();
}

// ---- tracker
let trackerRows = [];
async function loadTracker() {
  const q = new URLSearchParams({ target: $("#tracker-target").value.trim() || "Huawei" });
  if ($("#tracker-asof").value.trim()) q.set("as_of", $("#tracker-asof").value.trim());
  try {
    status("Loading tracker…");
    const data = await api("/api/tracker?" + q);
    trackerRows = data.rows || [];
    drawTracker();
    status("");
  } catch (e) {
    trackerRows = [];
    $("#tracker-table").replaceChildren(el("p", { class: "error" }, e.message));
    status("");
  }
}

function drawTracker() {
  const f = $("#tracker-filter").value.trim().toLowerCase();
  const rows = trackerRows.filter((r) => !f ||
    [r.country, r.iso2, words(r.stance), r.scope, r.date].join(" ").toLowerCase().includes(f));
  const table = el("table", { id: "tracker-results" });
  table.append(el("caption", { class: "sr-only" }, "Latest stance of each country, sortable by column"));
  sortable(table, rows, [
    { key: "country", title: "Country", get: (r) => r.country },
    { key: "stance", title: "Latest stance", get: (r) => r.stance },
    { key: "date", title: "Date", get: (r) => r.date },
    { key: "scope", title: "Scope", get: (r) => r.scope || "" },
    { key: "history", title: "Facts", get: (r) => r.history, opt: true },
    { key: "source", title: "Source", get: (r) => (r.evidence && (r.evidence.title || r.evidence.article)) || "" },
  ], (r) => el("tr", { class: r.stance },
    el("td", { class: "country" },
      el("a", { href: "#graph/" + encodeURIComponent(r.country), title: "Graph of " + r.country,
        onclick: (e) => { e.preventDefault(); showGraph(r.country); } }, r.country),
      " ",
      el("a", { href: "#questions/stance", class: "timeline", "aria-label": "Timeline of " + r.country,
        onclick: (e) => { e.preventDefault(); showTimeline(r.country); } }, "timeline")),
    el("td", { class: "stance stance-" + r.stance }, words(r.stance)),
    el("td", { class: "nowrap" }, r.date),
    el("td", {}, r.scope || ""),
    el("td", { class: "opt num" }, String(r.history)),
    evidenceCell(r.evidence)));
  const summary = el("p", { class: "hint" }, `${rows.length} of ${trackerRows.length} countries`);
  $("#tracker-table").replaceChildren(summary, rows.length ? table : el("p", { class: "hint" }, "No country matches."));
}
$("#tracker-form").addEventListener("submit", (e) => { e.preventDefault(); loadTracker(); });
$("#tracker-filter").addEventListener("input", drawTracker);

// ---- canned questions
let questions = [], current = null;

async function loadQuestions() {
  questions = await api("/api/ask");
  $("#question-buttons").replaceChildren(...questions.map((q) =>
    el("button", { type: "button", id: "q-" + q.name, "aria-pressed": "false", title: q.description,
      onclick: () => pickQuestion(q, {}) }, words(q.name))));
}

// A parameter the question cannot do without: positional, no default.
const required = (p) => p.positional && !p.default;

function pickQuestion(q, values) {
  current = q;
  $$("#question-buttons button").forEach((b) => b.setAttribute("aria-pressed", String(b.id === "q-" + q.name)));
  $("#question-desc").textContent = q.description.charAt(0).toUpperCase() + q.description.slice(1) + ".";
  $("#question-params").replaceChildren(...(q.params || []).map((p) => {
    const id = "p-" + p.name;
    const input = p.bool
      ? el("input", { type: "checkbox", id, name: p.name, checked: values[p.name] === "true" })
      : el("input", { id, name: p.name, value: values[p.name] ?? p.default ?? "", placeholder: p.help, size: "14",
        required: required(p), list: /country|by|on|target|entity|vendor/.test(p.name) ? "entity-list" : undefined, autocomplete: "off" });
    return el("label", { for: id, title: p.help }, words(p.name) + (required(p) ? " *" : "") + " ", input);
  }));
  $("#question-form").hidden = false;
  $("#question-timeline").replaceChildren();
  $("#question-results").replaceChildren();
  const empty = $$("#question-params input[required]").find((i) => !i.value);
  if (empty) {
    empty.focus();
    status("Fill in " + words(empty.name) + " and press Run.");
    return;
  }
  runQuestion();
}

async function runQuestion() {
  if (!current) return;
  const q = new URLSearchParams();
  $$("#question-params input").forEach((i) => {
    if (i.type === "checkbox") { if (i.checked) q.set(i.name, "true"); }
    else if (i.value.trim()) q.set(i.name, i.value.trim());
  });
  const name = current.name;
  try {
    status("Asking " + name + "…");
    const res = await api("/api/ask/" + encodeURIComponent(name) + "?" + q);
    const records = res.results || [];
    $("#question-timeline").replaceChildren(name === "stance" && records.length ? timeline(res.params.country || q.get("country"), records) : "");
    $("#question-results").replaceChildren(
      el("p", { class: "hint" }, `${records.length} result${records.length === 1 ? "" : "s"}`), resultTable(records));
    status("");
  } catch (e) {
    $("#question-timeline").replaceChildren();
    $("#question-results").replaceChildren(el("p", { class: "error" }, e.message));
    status("");
  }
}
$("#question-form").addEventListener("submit", (e) => { e.preventDefault(); runQuestion(); });

function resultTable(records) {
  if (!records.length) return el("p", { class: "hint" }, "No results.");
  const keys = Object.keys(records[0]).filter((k) => k !== "evidence" && k !== "iri" && (records[0][k] === null || typeof records[0][k] !== "object"));
  const hasEvidence = records.some((r) => r.evidence || r.a);
  const head = el("tr", {}, keys.map((k) => el("th", { scope: "col" }, words(k))), hasEvidence ? el("th", { scope: "col" }, "evidence") : null);
  const body = el("tbody", {}, records.map((r) => el("tr", { class: r.stance || r.relation || "" },
    keys.map((k) => el("td", { class: k === "stance" || k === "relation" ? "stance stance-" + r[k] : undefined },
      k === "stance" || k === "relation" ? words(r[k]) : String(r[k] ?? ""))),
    !hasEvidence ? null : r.evidence ? evidenceCell(r.evidence)
      : r.a ? el("td", { class: "evidence" }, el("div", {}, [...evidenceCell(r.a.evidence).childNodes]),
        el("div", {}, "⟷ ", [...evidenceCell(r.b.evidence).childNodes]))
      : el("td"))));
  return el("table", { class: "results" }, el("thead", {}, head), body);
}

// timeline draws a country's stance history as a vertical time line.
function timeline(country, rows) {
  const sorted = rows.slice().sort((a, b) => String(a.date).localeCompare(String(b.date)));
  return el("figure", { class: "timeline-box" },
    el("figcaption", {}, "Timeline of " + country),
    el("ol", { class: "timeline" }, sorted.map((r) => el("li", { class: (r.modality !== "asserted" ? "muted " : "") + (r.change ? "change" : "") },
      el("span", { class: "when" }, r.date || "undated"),
      el("span", { class: "dot stance-" + r.relation, "aria-hidden": "true" }),
      el("span", { class: "what" },
        el("strong", {}, words(r.relation)), r.target ? " " + r.target : "", r.object ? " — " + r.object : "",
        r.scope ? ` (${r.scope})` : "", r.modality !== "asserted" ? ` [${r.modality}]` : "",
        r.change ? el("span", { class: "badge" }, "change") : null,
        r.evidence ? el("span", { class: "src" }, " ", articleLink(r.evidence.article, r.evidence.title, r.evidence.url)) : null)))));
}

// A country's stance timeline: the stance question, filled in.
function showTimeline(country) {
  const q = questions.find((x) => x.name === "stance");
  if (!q) return;
  showTab("questions");
  pickQuestion(q, { country, target: $("#tracker-target").value.trim() });
}

// ---- graph
let cy = null;
const names = {};
const nameOf = (id) => names[id] || id;
const colors = { banned: "#c62828", restricted: "#ef6c00", declined_to_ban: "#2e7d32", considering_ban: "#b08f00",
  allowed: "#1565c0", pressured: "#283593", vetoed: "#6a1b9a", excluded: "#6d4c41" };
const edgeColor = (e) => colors[e.data("relation")] || "#777";

function ensureCy() {
  if (cy || typeof cytoscape === "undefined") return cy;
  cy = cytoscape({
    container: $("#cy"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(name)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": "#8fa3c7", width: 20, height: 20, "text-wrap": "wrap", "text-max-width": 120 } },
      { selector: "node[type = 'country']", style: { shape: "round-rectangle", "background-color": "#1f5fbf" } },
      { selector: "node[type = 'company']", style: { shape: "ellipse", "background-color": "#d9534f" } },
      { selector: "node[type = 'deal']", style: { shape: "diamond", "background-color": "#6a1b9a" } },
      { selector: "node.focus", style: { "border-width": 3, "border-color": "#111" } },
      { selector: "edge", style: { width: 2.5, "curve-style": "bezier", "target-arrow-shape": "triangle", label: "data(label)",
        "font-size": 9, "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8,
        "line-color": edgeColor, "target-arrow-color": edgeColor } },
      { selector: "edge[modality != 'asserted']", style: { "line-style": "dashed", opacity: 0.7 } },
      { selector: ":selected", style: { "overlay-opacity": 0.25, "overlay-color": "#1f5fbf" } },
    ],
  });
  cy.on("tap", "node", (e) => expand(e.target.id()));
  cy.on("tap", "edge", (e) => showEvidence(e.target.data()));
  return cy;
}

// fitGraph shows the whole graph, without blowing a small one up.
function fitGraph() {
  if (!cy) return;
  cy.resize();
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  }
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (!$("#graph").hidden) fitGraph(); }, 150);
});

function showEvidence(d) {
  const rel = words(d.relation);
  $("#evidence").replaceChildren(
    el("h3", {}, `${nameOf(d.source)} ${rel} ${nameOf(d.target)}`),
    el("p", { class: "meta" }, [d.date, d.modality, "confidence " + Number(d.confidence).toFixed(2), d.scope, d.vendor && "vendor " + d.vendor]
      .filter(Boolean).join(" · ")),
    el("blockquote", { class: "evidence-sentence" }, d.evidence),
    el("p", {}, "Source: ", articleLink(d.article, d.title, d.url)));
  $$("#edge-list button").forEach((b) => b.setAttribute("aria-pressed", String(b.id === "edge-" + d.id)));
}

async function expand(id) {
  try {
    status("Loading " + nameOf(id) + "…");
    const data = await api("/api/entities/" + encodeURIComponent(id) + "/neighbourhood");
    const { nodes, edges } = data.elements;
    for (const n of nodes) names[n.data.id] = n.data.name;
    for (const e of edges) e.data.label = words(e.data.relation);
    const c = ensureCy();
    if (c) {
      const fresh = [...nodes, ...edges].filter((x) => c.getElementById(x.data.id).length === 0);
      c.add(fresh);
      c.nodes().removeClass("focus");
      c.getElementById(centre(nodes, id)).addClass("focus");
      c.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 400000, idealEdgeLength: () => 100,
        nodeOverlap: 20, componentSpacing: 60, padding: 20 }).run();
      fitGraph();
    }
    for (const e of edges) {
      const d = e.data;
      if (document.getElementById("edge-" + d.id)) continue;
      $("#edge-list").append(el("li", {}, el("button", { type: "button", id: "edge-" + d.id, class: "edge " + d.relation,
        "aria-pressed": "false", onclick: () => showEvidence(d) },
        `${nameOf(d.source)} — ${words(d.relation)} → ${nameOf(d.target)}`, el("span", { class: "hint" }, ` ${d.date}, ${d.modality}`))));
    }
    for (const n of nodes) {
      if (document.getElementById("node-" + n.data.id)) continue;
      $("#node-list").append(el("li", {}, el("button", { type: "button", id: "node-" + n.data.id, class: "node",
        onclick: () => expand(n.data.id) }, n.data.name)));
    }
    if (!edges.length && !$("#edge-list").children.length) {
      $("#evidence").replaceChildren(el("p", { class: "hint" }, "No facts about " + nameOf(id) + " yet."));
    }
    status(`${nodes.length} entities, ${edges.length} facts around ${nameOf(centre(nodes, id))}`);
  } catch (e) { status(e.message, true); }
}
const centre = (nodes, id) => (nodes.find((n) => n.data.id === id || n.data.name === id) || { data: { id } }).data.id;

async function showGraph(name) {
  showTab("graph");
  $("#entity").value = name;
  history.replaceState(null, "", "#graph/" + encodeURIComponent(name));
  if (cy) cy.elements().remove();
  $("#edge-list").replaceChildren();
  $("#node-list").replaceChildren();
  $("#evidence").replaceChildren(el("p", { class: "hint" }, "Click an edge to see its evidence."));
  await expand(name.trim());
}
$("#graph-form").addEventListener("submit", (e) => { e.preventDefault(); showGraph($("#entity").value); });

// ---- raw query
async function runQuery() {
  try {
    status("Running query…");
    const res = await api("/api/query", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lang: $("#query-lang").value, query: $("#query-text").value, limit: Number($("#query-limit").value) || 0 }) });
    const rows = res.results.map((r) => (typeof r === "object" && r !== null ? r : { value: r }));
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? ""));
    const table = el("table", { id: "query-table" },
      el("thead", {}, el("tr", {}, keys.map((k) => el("th", { scope: "col" }, k)))),
      el("tbody", {}, rows.map((r) => el("tr", {}, keys.map((k) => el("td", { class: "mono" }, cell(r[k])))))));
    $("#query-results").replaceChildren(
      el("p", { class: "hint" }, `${rows.length} result${rows.length === 1 ? "" : "s"}${res.truncated ? ` (cut at the ${res.truncated_reason || `limit of ${res.limit}`})` : ""}`),
      rows.length ? table : "");
    $("#query-json").textContent = JSON.stringify(res.results, null, 2);
    $("#query-json-box").open = !rows.length || keys.length > 6;
    status("");
  } catch (err) {
    $("#query-results").replaceChildren(el("p", { class: "error" }, err.message));
    $("#query-json").textContent = "";
    status("");
  }
}
$("#query-form").addEventListener("submit", (e) => { e.preventDefault(); runQuery(); });
$("#query-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runQuery(); }
});
$("#query-lang").addEventListener("change", () => {
  const t = $("#query-text");
  if ($("#query-lang").value === "graphql" && t.value.startsWith("g.")) {
    t.value = '{\n  nodes(id: "<https://policygraph.org/entity/italy>") {\n    id\n    vetoed: "<https://policygraph.org/vocab/vetoed>" { id }\n  }\n}';
  } else if ($("#query-lang").value === "gizmo" && t.value.startsWith("{")) {
    t.value = 'g.V("<https://policygraph.org/entity/italy>").Out().All()';
  }
});

// ---- export: fetched (so that a token is sent), then saved
const formats = { nquads: "N-Quads", jsonld: "JSON-LD", graphml: "GraphML", gexf: "GEXF (Gephi)", gml: "GML",
  dot: "Graphviz DOT", cytoscape: "Cytoscape JSON" };
async function download(format) {
  const q = new URLSearchParams({ format });
  for (const k of ["country", "relation", "since", "until"]) {
    const v = $("#export-" + k).value.trim();
    if (v) q.set(k, v);
  }
  try {
    status("Exporting " + formats[format] + "…");
    const res = await request("/api/export?" + q);
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.error || res.statusText);
    }
    const name = (/filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "") || [])[1] || "policygraph." + format;
    const url = URL.createObjectURL(await res.blob());
    const a = el("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status("Saved " + name);
  } catch (e) { status(e.message, true); }
}
$("#export-links").replaceChildren(...Object.entries(formats).map(([f, name]) =>
  el("button", { type: "button", id: "export-" + f, class: "download", onclick: () => download(f) }, "Download " + name)));
$("#export-form").addEventListener("submit", (e) => e.preventDefault());

// ---- article view
async function showArticle(id) {
  showTab("article");
  history.replaceState(null, "", "#article/" + encodeURIComponent(id));
  $("#article-title").textContent = id;
  try {
    const res = await api("/api/articles/" + encodeURIComponent(id));
    const sts = res.results || [];
    const ev = sts.length ? sts[0].evidence : null;
    if (ev && ev.title) $("#article-title").textContent = ev.title;
    $("#article-body").replaceChildren(
      el("p", { class: "meta" }, [id, ev && ev.published].filter(Boolean).join(" · "), ev && ev.url ? [" · ", el("a", { href: ev.url, rel: "noopener noreferrer", target: "_blank" }, "original")] : ""),
      el("h3", {}, `${sts.length} fact${sts.length === 1 ? "" : "s"} from this article`),
      resultTable(sts));
  } catch (e) { $("#article-body").replaceChildren(el("p", { class: "error" }, e.message)); }
}

// ---- start: load the data, then follow the address's #fragment
async function route() {
  const [tab, arg] = location.hash.slice(1).split("/").map(decodeURIComponent);
  if (tab === "article" && arg) return showArticle(arg);
  if (tab === "graph" && arg) return showGraph(arg);
  if (tab === "questions" && arg) {
    const q = questions.find((x) => x.name === arg);
    showTab("questions");
    if (q) pickQuestion(q, Object.fromEntries(new URLSearchParams(location.search)));
    return;
  }
  if (tab && document.getElementById(tab) && $("#" + tab).classList.contains("panel")) showTab(tab);
}

(async function start() {
  try {
    await Promise.all([loadTracker(), loadQuestions()]);
    await route();
    const ents = await api("/api/entities");
    $("#entity-list").replaceChildren(...ents.slice(0, 1000).map((e) => el("option", { value: e.name }, e.type)));
  } catch (e) { status(e.message, true); }
})();
