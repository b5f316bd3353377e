// policygraph web UI: plain JavaScript over the JSON API.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(k ?? ""));
  return e;
};

function status(msg, error) {
  const s = $("#status");
  s.textContent = msg || "";
  s.className = error ? "error" : "";
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem("policygraph-token");
  if (token) headers.Authorization = "Bearer " + token;
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (res.status === 401) {
    const t = prompt("This server needs an access token:");
    if (t) { sessionStorage.setItem("policygraph-token", t); return api(path, options); }
  }
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// ---- tabs
function showTab(name) {
  document.querySelectorAll(".panel").forEach((p) => (p.hidden = p.id !== name));
  document.querySelectorAll(".tab").forEach((t) => t.setAttribute("aria-selected", String(t.dataset.tab === name)));
}
document.querySelectorAll(".tab").forEach((t) => t.addEventListener("click", () => showTab(t.dataset.tab)));

// ---- tables
function evidenceCell(ev) {
  const td = el("td", { class: "evidence" });
  td.append(ev.sentence || "");
  if (ev.article) {
    td.append(" — ");
    td.append(articleLink(ev.article, ev.title, ev.url));
  }
  return td;
}

function articleLink(id, title, url) {
  if (url) return el("a", { href: url, target: "_blank", rel: "noopener" }, title || id);
  return el("a", { href: "#article/" + encodeURIComponent(id), onclick: (e) => { e.preventDefault(); showArticle(id); } }, title || id);
}

function sortable(table, rows, columns, render) {
  let key = null, dir = 1;
  const tbody = el("tbody");
  const draw = () => {
    tbody.replaceChildren(...rows.map(render));
  };
  const head = el("tr");
  columns.forEach((c) => {
    const b = el("button", { type: "button", onclick: () => {
      dir = key === c.key ? -dir : 1; key = c.key;
      rows.sort((a, b) => String(c.get(a)).localeCompare(String(c.get(b))) * dir);
      draw();
    } }, c.title);
    head.append(el("th", { scope: "col", class: c.opt ? "opt" : "" }, b));
  });
  table.replaceChildren(el("thead", {}, head), tbody);
  draw();
}

// ---- tracker
let trackerRows = [];
async function loadTracker() {
  const q = new URLSearchParams({ target: $("#tracker-target").value || "Huawei" });
  if ($("#tracker-asof").value) q.set("as_of", $("#tracker-asof").value);
  try {
    status("Loading tracker…");
    const data = await api("/api/tracker?" + q);
    trackerRows = data.rows;
    drawTracker();
    status("");
  } catch (e) { status(e.message, true); }
}
function drawTracker() {
  const f = $("#tracker-filter").value.toLowerCase();
  const rows = trackerRows.filter((r) => !f || JSON.stringify([r.country, r.stance, r.scope]).toLowerCase().includes(f));
  const table = el("table", { id: "tracker-results" });
  sortable(table, rows, [
    { key: "country", title: "Country", get: (r) => r.country },
    { key: "stance", title: "Latest stance", get: (r) => r.stance },
    { key: "date", title: "Date", get: (r) => r.date },
    { key: "scope", title: "Scope", get: (r) => r.scope || "", opt: true },
    { key: "history", title: "Facts", get: (r) => String(r.history).padStart(5), opt: true },
    { key: "source", title: "Source", get: (r) => r.evidence.article },
  ], (r) => el("tr", { class: r.stance },
    el("td", {}, el("a", { href: "#graph", title: "Graph of " + r.country, onclick: (e) => { e.preventDefault(); showGraph(r.country); } }, r.country),
      " ", el("a", { href: "#timeline", class: "timeline", title: "Timeline of " + r.country, onclick: (e) => { e.preventDefault(); showTimeline(r.country); } }, "timeline")),
    el("td", { class: "stance-" + r.stance }, r.stance.replaceAll("_", " ")),
    el("td", {}, r.date), el("td", { class: "opt" }, r.scope || ""), el("td", { class: "opt" }, String(r.history)),
    evidenceCell(r.evidence)));
  $("#tracker-table").replaceChildren(rows.length ? table : el("p", { class: "hint" }, "No country has an asserted stance."));
}
$("#tracker-form").addEventListener("submit", (e) => { e.preventDefault(); loadTracker(); });
$("#tracker-filter").addEventListener("input", drawTracker);

// ---- questions
let questions = [], current = null;
async function loadQuestions() {
  questions = await api("/api/ask");
  $("#question-buttons").replaceChildren(...questions.map((q) =>
    el("button", { type: "button", id: "q-" + q.name, "aria-pressed": "false", title: q.description, onclick: () => pickQuestion(q) }, q.name)));
}
function pickQuestion(q) { pickQuestionWith(q, {}); }
async function runQuestion() {
  if (!current) return;
  const q = new URLSearchParams();
  $("#question-params").querySelectorAll("input").forEach((i) => {
    if (i.type === "checkbox") { if (i.checked) q.set(i.name, "true"); }
    else if (i.value) q.set(i.name, i.value);
  });
  try {
    status("Asking " + current.name + "…");
    const res = await api("/api/ask/" + current.name + "?" + q);
    $("#question-results").replaceChildren(resultTable(res.results));
    status("");
  } catch (e) {
    $("#question-results").replaceChildren(el("p", { class: "error" }, e.message));
    status("");
  }
}
function resultTable(records) {
  if (!records.length) return el("p", { class: "hint" }, "No results.");
  const keys = Object.keys(records[0]).filter((k) => k !== "evidence" && typeof records[0][k] !== "object");
  const table = el("table", { class: "results" });
  const head = el("tr", {}, ...keys.map((k) => el("th", { scope: "col" }, k)), el("th", { scope: "col" }, "evidence"));
  const body = el("tbody", {}, ...records.map((r) => el("tr", { class: r.stance || r.relation || "" },
    ...keys.map((k) => el("td", {}, String(r[k] ?? ""))),
    r.evidence ? evidenceCell(r.evidence) : el("td", {}, r.a ? r.a.evidence.sentence + " ⟷ " + r.b.evidence.sentence : ""))));
  table.append(el("thead", {}, head), body);
  return table;
}
$("#question-form").addEventListener("submit", (e) => { e.preventDefault(); runQuestion(); });

// A country's stance timeline: the stance question, filled in.
function showTimeline(country) {
  const q = questions.find((x) => x.name === "stance");
  if (!q) return;
  showTab("questions");
  pickQuestionWith(q, { country, target: $("#tracker-target").value || "" });
}
function pickQuestionWith(q, values) {
  current = q;
  document.querySelectorAll("#question-buttons button").forEach((b) => b.setAttribute("aria-pressed", String(b.id === "q-" + q.name)));
  $("#question-desc").textContent = q.description + ".";
  $("#question-params").replaceChildren(...(q.params || []).map((p) => {
    const input = p.bool ? el("input", { type: "checkbox", name: p.name }) : el("input", { name: p.name, value: values[p.name] ?? p.default ?? "", placeholder: p.help, size: "14" });
    return el("label", { title: p.help }, p.name + " ", input);
  }));
  $("#question-form").hidden = false;
  runQuestion();
}

// ---- graph
let cy = null;
const names = {};
const nameOf = (id) => names[id] || id;
const colors = { banned: "#c62828", restricted: "#ef6c00", declined_to_ban: "#2e7d32", considering_ban: "#b59b00",
  allowed: "#1565c0", pressured: "#283593", vetoed: "#6a1b9a", excluded: "#6d4c41" };
function ensureCy() {
  if (cy || typeof cytoscape === "undefined") return cy;
  cy = cytoscape({
    container: $("#cy"),
    style: [
      { selector: "node", style: { label: "data(name)", "font-size": 10, "background-color": "#8fa3c7", width: 18, height: 18 } },
      { selector: "node[type = 'country']", style: { shape: "round-rectangle", "background-color": "#1f5fbf" } },
      { selector: "edge", style: { width: 2, "curve-style": "bezier", "target-arrow-shape": "triangle", label: "data(relation)", "font-size": 8,
        "line-color": (e) => colors[e.data("relation")] || "#888", "target-arrow-color": (e) => colors[e.data("relation")] || "#888" } },
      { selector: "edge[modality != 'asserted']", style: { "line-style": "dashed" } },
      { selector: ":selected", style: { "overlay-opacity": 0.2 } },
    ],
  });
  cy.on("tap", "node", (e) => expand(e.target.id()));
  cy.on("tap", "edge", (e) => showEvidence(e.target.data()));
  return cy;
}
function showEvidence(d) {
  const box = $("#evidence");
  box.replaceChildren(
    el("h3", {}, `${d.relation.replaceAll("_", " ")}`),
    el("p", {}, `${nameOf(d.source)} → ${nameOf(d.target)}${d.vendor ? " (" + d.vendor + ")" : ""}`),
    el("p", {}, `${d.date} · ${d.modality} · confidence ${Number(d.confidence).toFixed(2)}${d.scope ? " · " + d.scope : ""}`),
    el("blockquote", { class: "evidence-sentence" }, d.evidence),
    el("p", {}, articleLink(d.article, d.title, d.url)));
}
async function expand(id) {
  try {
    status("Loading " + id + "…");
    const data = await api("/api/entities/" + encodeURIComponent(id) + "/neighbourhood");
    for (const n of data.elements.nodes) names[n.data.id] = n.data.name;
    const c = ensureCy();
    if (c) {
      c.add([...data.elements.nodes, ...data.elements.edges].filter((x) => c.getElementById(x.data.id).length === 0));
      c.layout({ name: "cose", animate: false }).run();
    }
    const list = $("#edge-list");
    for (const e of data.elements.edges) {
      const d = e.data;
      if (document.getElementById("edge-" + d.id)) continue;
      list.append(el("li", {}, el("button", { type: "button", id: "edge-" + d.id, class: "edge " + d.relation,
        onclick: () => showEvidence(d) }, `${nameOf(d.source)} —${d.relation.replaceAll("_", " ")}→ ${nameOf(d.target)} (${d.date}, ${d.modality})`)));
    }
    status("");
  } catch (e) { status(e.message, true); }
}
async function showGraph(name) {
  showTab("graph");
  $("#entity").value = name;
  const id = name.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  if (cy) cy.elements().remove();
  $("#edge-list").replaceChildren();
  await expand(id);
}
$("#graph-form").addEventListener("submit", (e) => { e.preventDefault(); showGraph($("#entity").value); });

// ---- raw query
$("#query-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    status("Running query…");
    const res = await api("/api/query", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lang: $("#query-lang").value, query: $("#query-text").value, limit: Number($("#query-limit").value) }) });
    const rows = res.results.map((r) => (typeof r === "object" && r !== null ? r : { value: r }));
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const table = el("table", { id: "query-table" }, el("thead", {}, el("tr", {}, ...keys.map((k) => el("th", { scope: "col" }, k)))),
      el("tbody", {}, ...rows.map((r) => el("tr", {}, ...keys.map((k) => el("td", {}, typeof r[k] === "object" ? JSON.stringify(r[k]) : String(r[k] ?? "")))))));
    $("#query-results").replaceChildren(rows.length ? table : el("p", { class: "hint" }, "No results."));
    $("#query-json").textContent = JSON.stringify(res.results, null, 2);
    status("");
  } catch (err) {
    $("#query-results").replaceChildren(el("p", { class: "error" }, err.message));
    status("");
  }
});

// ---- export
const formats = { nquads: "N-Quads", jsonld: "JSON-LD", graphml: "GraphML", gexf: "GEXF (Gephi)", gml: "GML", dot: "Graphviz DOT", cytoscape: "Cytoscape JSON" };
$("#export-links").replaceChildren(...Object.entries(formats).map(([f, name]) =>
  el("a", { class: "button", href: "/api/export?format=" + f, download: "" }, name)));

// ---- article view
async function showArticle(id) {
  showTab("article");
  $("#article-title").textContent = id;
  try {
    const res = await api("/api/articles/" + encodeURIComponent(id));
    $("#article-body").replaceChildren(resultTable(res.results.map((s) => Object.assign({}, s, { iri: undefined }))));
  } catch (e) { $("#article-body").replaceChildren(el("p", { class: "error" }, e.message)); }
}

// ---- start
(async function start() {
  try {
    await Promise.all([loadTracker(), loadQuestions()]);
    const ents = await api("/api/entities");
    $("#entity-list").replaceChildren(...ents.slice(0, 500).map((e) => el("option", { value: e.name })));
  } catch (e) { status(e.message, true); }
})();
