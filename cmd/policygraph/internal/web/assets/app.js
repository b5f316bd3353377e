// policygraph web UI: plain JavaScript over the JSON API, no build step.
// Every view and its parameters live in the address's #fragment
// (#view/argument?parameters): links can be shared, back and forward work.
"use strict";

const $ = (sel) => document.querySelector(sel);
const $$ = (sel) => Array.from(document.querySelectorAll(sel));

// el builds an element: attributes (on* are listeners) and children.
const el = (tag, attrs = {}, ...kids) => build(document.createElement(tag), attrs, kids);
// svg builds an SVG element the same way.
const svg = (tag, attrs = {}, ...kids) => build(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, kids);
function build(e, attrs, kids) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.setAttribute("class", v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) {
    if (k !== undefined && k !== null && k !== false) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}
const words = (s) => String(s ?? "").replaceAll("_", " ");
const plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;

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
  if (!res.ok) {
    const err = new Error(body.error || res.statusText);
    err.status = res.status;
    throw err;
  }
  return body;
}

// query builds a query string, leaving out empty values.
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && String(v).trim() !== "") q.set(k, String(v).trim());
  }
  return q.toString();
}

// ---- the relation table (from the server: colours and stances are data)
let META = { relations: [], modalities: [], predicates: [], export_formats: [] };
const REL = {};
const NEUTRAL = "#e3e6eb";
const colourOf = (rel) => (REL[rel] && REL[rel].css) || "#777";
const stances = () => META.relations.filter((r) => r.stance).map((r) => r.relation);
// Each stance also gets a pattern, so that colour is never the only cue.
const PATTERNS = ["cross", "diagonal", "horizontal", "dots", "vertical", "back", "grid"];
const patternOf = (rel) => PATTERNS[stances().indexOf(rel)] || "";

async function loadMeta() {
  META = await api("/api/meta");
  for (const r of META.relations) REL[r.relation] = r;
  // Patterns, defined once for every drawing on the page.
  const defs = svg("defs");
  for (const rel of stances()) {
    const p = svg("pattern", { id: "pat-" + rel, patternUnits: "userSpaceOnUse", width: 7, height: 7 });
    const line = (d) => svg("path", { d, stroke: "rgba(255,255,255,.75)", "stroke-width": 1.3, fill: "none" });
    switch (patternOf(rel)) {
      case "cross": p.append(line("M0,0 L7,7 M7,0 L0,7")); break;
      case "diagonal": p.append(line("M-1,1 L1,-1 M0,7 L7,0 M6,8 L8,6")); break;
      case "horizontal": p.append(line("M0,3.5 L7,3.5")); break;
      case "dots": p.append(svg("circle", { cx: 3.5, cy: 3.5, r: 1.4, fill: "rgba(255,255,255,.85)" })); break;
      case "vertical": p.append(line("M3.5,0 L3.5,7")); break;
      case "back": p.append(line("M0,0 L7,7")); break;
      default: p.append(line("M0,0 L7,0 L7,7")); break;
    }
    defs.append(p);
  }
  document.body.append(svg("svg", { width: 0, height: 0, "aria-hidden": "true", class: "defs" }, defs));
  const legend = () => [...stances().map((rel) => el("span", { class: "key" }, swatch(rel), words(rel))),
    el("span", { class: "key" }, swatch(""), "no recorded stance")];
  $("#map-legend").replaceChildren(...legend());
  $("#tracker-legend").replaceChildren(...legend().slice(0, -1));
  drawGraphLegend();
  drawTimelineLegend();
  $("#export-links").replaceChildren(...META.export_formats.map((f) =>
    el("button", { type: "button", id: "export-" + f, class: "download", onclick: () => download(f) }, "Download " + (formatNames[f] || f))));
}

// swatch is a small sample of a stance's colour and pattern.
function swatch(rel) {
  return svg("svg", { class: "swatch", width: 26, height: 14, viewBox: "0 0 26 14", "aria-hidden": "true" },
    svg("rect", { width: 26, height: 14, rx: 3, fill: rel ? colourOf(rel) : NEUTRAL, stroke: "#6b7280", "stroke-width": 0.8 }),
    rel ? svg("rect", { width: 26, height: 14, rx: 3, fill: `url(#pat-${rel})` }) : null);
}

// stanceChip names a stance, with its swatch: colour is not the only cue.
const stanceChip = (rel) => el("span", { class: "chip" }, swatch(rel), words(rel));

// ---- routing: the #fragment is the state
const VIEWS = ["map", "tracker", "timeline", "questions", "graph", "query", "export", "article"];
const lastHash = {};

function parseHash(h = location.hash) {
  const s = h.replace(/^#/, "");
  const i = s.indexOf("?");
  const path = i < 0 ? s : s.slice(0, i);
  const [view, ...rest] = path.split("/");
  return { view: VIEWS.includes(view) ? view : "map", arg: rest.length ? decodeURIComponent(rest.join("/")) : "",
    params: new URLSearchParams(i < 0 ? "" : s.slice(i + 1)) };
}

function hashOf(view, arg, params) {
  const q = query(params);
  return "#" + view + (arg ? "/" + encodeURIComponent(arg) : "") + (q ? "?" + q : "");
}

// go opens a view: a new history entry, drawn by route.
function go(view, arg, params) {
  const h = hashOf(view, arg, params);
  if (location.hash === h) route();
  else location.hash = h;
}

// replace rewrites the address without a history entry (a slider, a filter).
function replace(view, arg, params) {
  const h = hashOf(view, arg, params);
  lastHash[view] = h;
  history.replaceState(null, "", h);
}

let routing = Promise.resolve();
function route() {
  routing = routing.then(routeNow, routeNow);
  return routing;
}
async function routeNow() {
  const { view, arg, params } = parseHash();
  lastHash[view] = location.hash || "#map";
  showTab(view);
  try {
    switch (view) {
      case "map": return await showMap(params);
      case "tracker": return await showTracker(params);
      case "timeline": return await showTimeline(arg, params);
      case "questions": return await showQuestion(arg, params);
      case "graph": return await showGraph(arg || "Italy", params);
      case "query": return await showQuery(params);
      case "article": return await showArticle(arg);
    }
  } catch (e) { status(e.message, true); }
}
window.addEventListener("hashchange", route);

// ---- tabs (WAI-ARIA tabs: arrow keys move between them)
function showTab(name, focus) {
  $$(".panel").forEach((p) => (p.hidden = p.id !== name));
  $$(".tab").forEach((t) => {
    const on = t.dataset.tab === name;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on || (name === "article" && t.dataset.tab === "map") ? 0 : -1;
    if (on && focus) t.focus();
  });
  if (name === "graph") fitGraph();
}
const openTab = (name) => {
  const h = lastHash[name] || "#" + name;
  if (location.hash === h) route();
  else location.hash = h;
};
$$(".tab").forEach((t) => {
  t.addEventListener("click", () => openTab(t.dataset.tab));
  t.addEventListener("keydown", (e) => {
    const tabs = $$(".tab"), i = tabs.indexOf(t);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    tab.focus();
    openTab(tab.dataset.tab);
  });
});

// ---- evidence and articles
function articleLink(id, title, url) {
  if (url) return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title || id);
  return el("a", { href: hashOf("article", id) }, title || id);
}

function evidenceBlock(ev, tag = "div") {
  const box = el(tag, { class: "evidence", "data-label": tag === "td" ? "source" : undefined });
  if (!ev) return box;
  box.append(el("q", {}, ev.sentence || ""));
  if (ev.article) box.append(" — ", articleLink(ev.article, ev.title, ev.url));
  return box;
}

// ---- dates: partial dates (YYYY, YYYY-MM) are periods
const DAY = 86400000;
function dateStart(d) {
  const [y, m, day] = String(d).split("-").map(Number);
  return Date.UTC(y, (m || 1) - 1, day || 1);
}
function dateEnd(d) { // the last day of the period
  const [y, m, day] = String(d).split("-").map(Number);
  if (day) return Date.UTC(y, m - 1, day);
  if (m) return Date.UTC(y, m, 1) - DAY;
  return Date.UTC(y + 1, 0, 1) - DAY;
}
const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
const precision = (d) => ({ 4: "year", 7: "month" })[String(d).length] || "";
// sortKey orders partial dates as the server does: 2019 < 2019-02 < 2019-02-15.
const sortKey = (d) => (String(d).length === 4 ? d + "-00-00" : String(d).length === 7 ? d + "-00" : String(d || ""));

// ---- stance map
let atlas = null;
const mapState = { target: "", span: null, cache: new Map(), data: null, timer: null, start: 0 };

async function loadAtlas() {
  if (atlas) return atlas;
  const [topo, numeric] = await Promise.all([
    fetch("vendor/countries-50m.json").then((r) => r.json()),
    fetch("vendor/iso3166-numeric.json").then((r) => r.json())]);
  const byName = { Kosovo: "XK" }; // no numeric code in ISO 3166
  const feats = topojson.feature(topo, topo.objects.countries).features.filter((f) => f.id !== "010"); // no Antarctica
  const sphere = { type: "Sphere" };
  const projection = d3.geoNaturalEarth1().fitExtent([[6, 6], [954, 500]], sphere);
  const path = d3.geoPath(projection);
  const [[, y0], [, y1]] = path.bounds({ type: "FeatureCollection", features: feats });
  const box = $("#map-svg");
  box.setAttribute("viewBox", `0 ${Math.floor(y0) - 4} 960 ${Math.ceil(y1 - y0) + 8}`);
  const land = svg("g", { class: "countries" });
  const byIso = {};
  for (const f of feats) {
    f.iso2 = numeric[f.id] || byName[f.properties.name] || "";
    f.d = path(f);
    f.el = svg("path", { d: f.d, class: "country", "data-iso2": f.iso2, "data-name": f.properties.name });
    f.area = path.area(f);
    f.centre = projection(d3.geoCentroid(f));
    land.append(f.el);
    // A country drawn in several features (Natural Earth keeps some
    // territories apart) is known by its largest.
    if (f.iso2 && (!byIso[f.iso2] || byIso[f.iso2].area < f.area)) byIso[f.iso2] = f;
  }
  // Too small to see or to click: a marker is drawn on top.
  for (const f of feats) f.small = f.iso2 && byIso[f.iso2] === f && f.area < 60;
  box.replaceChildren(svg("path", { d: path(sphere), class: "sphere" }), land, svg("g", { class: "hatch" }), svg("g", { class: "markers" }));
  box.addEventListener("mousemove", (e) => tipAt(e.target.closest("[data-iso2]"), e.clientX, e.clientY));
  box.addEventListener("mouseleave", () => ($("#map-tip").hidden = true));
  box.addEventListener("focusin", (e) => {
    const r = e.target.getBoundingClientRect();
    tipAt(e.target.closest("[data-iso2]"), r.left + r.width / 2, r.top + r.height / 2);
  });
  box.addEventListener("focusout", () => ($("#map-tip").hidden = true));
  box.addEventListener("click", (e) => openCountry(e.target.closest("[data-iso2]")));
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openCountry(e.target.closest("[data-iso2]")); }
  });
  atlas = { feats, byIso, path };
  return atlas;
}

function rowOf(node) {
  if (!node || !mapState.data) return null;
  return mapState.data.rows.find((r) => r.iso2 === node.dataset.iso2 || (!r.iso2 && r.country === node.dataset.name)) || null;
}

function tipAt(node, x, y) {
  const tip = $("#map-tip");
  if (!node) { tip.hidden = true; return; }
  const r = rowOf(node);
  tip.replaceChildren(el("strong", {}, r ? r.country : node.dataset.name), el("br"),
    r ? el("span", {}, stanceChip(r.stance), " since ", r.date, r.scope ? ` (${r.scope})` : "") : el("span", { class: "hint" }, "no recorded stance"));
  tip.hidden = false;
  const wrap = $(".map-wrap").getBoundingClientRect();
  const w = tip.offsetWidth;
  tip.style.left = Math.max(0, Math.min(wrap.width - w, x - wrap.left + 12)) + "px";
  tip.style.top = (y - wrap.top + 14) + "px";
}

function openCountry(node) {
  const r = rowOf(node);
  if (r) go("timeline", r.country, { target: mapState.target });
}

async function mapData(target, asOf) {
  const key = target + "|" + asOf;
  if (!mapState.cache.has(key)) {
    mapState.cache.set(key, api("/api/map?" + query({ target, as_of: asOf })).catch((e) => { mapState.cache.delete(key); throw e; }));
  }
  return mapState.cache.get(key);
}

async function showMap(params) {
  const target = params.get("target") || $("#map-target").value.trim() || "Huawei";
  const asOf = params.get("as_of") || params.get("as-of") || "";
  $("#map-target").value = target;
  if (target !== mapState.target) stopPlay();
  status("Loading map…");
  await loadAtlas();
  let data;
  try {
    data = await mapData(target, asOf);
  } catch (e) {
    $("#map-title").textContent = "";
    status(e.message, true);
    return;
  }
  mapState.target = data.target;
  $("#map-target").value = data.target;
  setSpan(data.span);
  const slider = $("#map-date");
  slider.value = asOf ? Math.round((dateStart(asOf) - mapState.start) / DAY) : slider.max;
  drawMap(data);
  status("");
}

function setSpan(span) {
  mapState.span = span;
  const slider = $("#map-date");
  if (!span.first) { slider.disabled = true; slider.max = 0; return; }
  slider.disabled = false;
  mapState.start = dateStart(span.first);
  slider.min = 0;
  slider.max = Math.max(1, Math.round((dateEnd(span.last) - mapState.start) / DAY));
  // Steps that land on the dates where something changed.
  const marks = $("#map-dates") || el("datalist", { id: "map-dates" });
  marks.replaceChildren(...span.dates.map((d) => el("option", { value: Math.round((dateStart(d) - mapState.start) / DAY), label: d })));
  if (!marks.isConnected) document.body.append(marks);
  slider.setAttribute("list", "map-dates");
}

const sliderDate = () => isoDay(mapState.start + Number($("#map-date").value) * DAY);

function drawMap(data) {
  mapState.data = data;
  const box = $("#map-svg");
  box.dataset.asof = data.as_of || "latest";
  $("#map-date-label").value = data.as_of || "latest";
  $("#map-date").setAttribute("aria-valuetext", data.as_of || "latest");
  $("#map-title").textContent = `toward ${data.target}, ${data.as_of ? "as of " + data.as_of : "latest"}`;
  const rows = data.rows;
  const found = new Set();
  const hatch = [], markers = [];
  for (const f of atlas.feats) {
    const r = rows.find((x) => x.iso2 ? x.iso2 === f.iso2 : x.country === f.properties.name);
    f.el.dataset.stance = r ? r.stance : "none";
    f.el.style.fill = r ? colourOf(r.stance) : NEUTRAL;
    if (r) {
      found.add(r);
      f.el.setAttribute("tabindex", "0");
      f.el.setAttribute("role", "button");
      f.el.setAttribute("aria-label", `${r.country}: ${words(r.stance)} since ${r.date}; open its timeline`);
      hatch.push(svg("path", { d: f.d, fill: `url(#pat-${r.stance})`, class: "hatch-path" }));
      if (f.small && f.centre) {
        markers.push(svg("circle", { cx: f.centre[0], cy: f.centre[1], r: 6, class: "marker", "data-iso2": f.iso2,
          "data-name": f.properties.name, "data-stance": r.stance, style: "fill:" + colourOf(r.stance) }));
      }
    } else {
      f.el.removeAttribute("tabindex");
      f.el.removeAttribute("role");
      f.el.removeAttribute("aria-label");
    }
  }
  box.querySelector(".hatch").replaceChildren(...hatch);
  box.querySelector(".markers").replaceChildren(...markers);
  $("#map-list").replaceChildren(...rows.map((r) => el("li", {},
    el("a", { href: hashOf("timeline", r.country, { target: data.target }), class: "country-item" + (found.has(r) ? "" : " unmapped"),
      "data-country": r.country, "data-stance": r.stance },
    swatch(r.stance), el("span", {}, el("span", { class: "name" }, r.country), el("br"),
      el("span", { class: "what" }, words(r.stance), el("span", { class: "hint" }, " since " + r.date)))))));
  if (!rows.length) $("#map-list").replaceChildren(el("li", { class: "hint" }, `No country has a recorded stance toward ${data.target}${data.as_of ? " as of " + data.as_of : ""}.`));
}

let sliderTimer = null;
$("#map-date").addEventListener("input", () => {
  const d = sliderDate();
  $("#map-date-label").value = d;
  clearTimeout(sliderTimer);
  sliderTimer = setTimeout(() => mapAt(d), 60);
});

async function mapAt(d) {
  const asOf = Number($("#map-date").value) >= Number($("#map-date").max) ? "" : d;
  replace("map", "", { target: mapState.target, as_of: asOf });
  try {
    const data = await mapData(mapState.target, asOf);
    if (data.target === mapState.target) drawMap(data);
  } catch (e) { status(e.message, true); }
}

function stopPlay() {
  clearInterval(mapState.timer);
  mapState.timer = null;
  $("#map-play").textContent = "▶ Play";
  $("#map-play").setAttribute("aria-label", "Play through time");
}
$("#map-play").addEventListener("click", () => {
  if (mapState.timer) return stopPlay();
  const slider = $("#map-date");
  const max = Number(slider.max);
  if (Number(slider.value) >= max) slider.value = 0;
  const step = Math.max(1, Math.round(max / 40));
  $("#map-play").textContent = "❚❚ Pause";
  $("#map-play").setAttribute("aria-label", "Pause");
  const tick = () => {
    const v = Math.min(max, Number(slider.value) + step);
    slider.value = v;
    $("#map-date-label").value = sliderDate();
    mapAt(sliderDate());
    if (v >= max) stopPlay();
  };
  mapAt(sliderDate());
  mapState.timer = setInterval(tick, 450);
});
$("#map-latest").addEventListener("click", () => { stopPlay(); go("map", "", { target: mapState.target }); });
$("#map-form").addEventListener("submit", (e) => {
  e.preventDefault();
  stopPlay();
  go("map", "", { target: $("#map-target").value });
});

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
let trackerRows = [], trackerKey = null;
async function showTracker(params) {
  const target = params.get("target") || "Huawei", asOf = params.get("as_of") || "";
  $("#tracker-target").value = target;
  $("#tracker-asof").value = asOf;
  $("#tracker-filter").value = params.get("filter") || "";
  const key = target + "|" + asOf;
  if (key !== trackerKey) {
    try {
      status("Loading tracker…");
      const data = await api("/api/tracker?" + query({ target, as_of: asOf }));
      trackerRows = data.rows || [];
      trackerKey = key;
      status("");
    } catch (e) {
      trackerRows = [];
      trackerKey = null;
      $("#tracker-table").replaceChildren(el("p", { class: "error" }, e.message));
      status("");
      return;
    }
  }
  drawTracker();
}

function drawTracker() {
  const f = $("#tracker-filter").value.trim().toLowerCase();
  const target = $("#tracker-target").value.trim();
  const rows = trackerRows.filter((r) => !f ||
    [r.country, r.iso2, words(r.stance), r.scope, r.date].join(" ").toLowerCase().includes(f));
  const table = el("table", { id: "tracker-results", class: "results cards" });
  table.append(el("caption", { class: "sr-only" }, "Latest stance of each country, sortable by column"));
  sortable(table, rows, [
    { key: "country", title: "Country", get: (r) => r.country },
    { key: "stance", title: "Latest stance", get: (r) => r.stance },
    { key: "date", title: "Date", get: (r) => sortKey(r.date) },
    { key: "scope", title: "Scope", get: (r) => r.scope || "" },
    { key: "history", title: "Facts", get: (r) => r.history, opt: true },
    { key: "source", title: "Source", get: (r) => (r.evidence && (r.evidence.title || r.evidence.article)) || "" },
  ], (r) => el("tr", { class: r.stance },
    el("td", { class: "country", "data-label": "Country" },
      el("a", { href: hashOf("graph", r.country), title: "Graph of " + r.country }, r.country),
      " ",
      el("a", { href: hashOf("timeline", r.country, { target }), class: "timeline", "aria-label": "Timeline of " + r.country }, "timeline")),
    el("td", { class: "stance stance-" + r.stance, "data-label": "Latest stance" }, stanceChip(r.stance)),
    el("td", { class: "nowrap", "data-label": "Date" }, r.date),
    el("td", { "data-label": "Scope" }, r.scope || ""),
    el("td", { class: "opt num", "data-label": "Facts" }, String(r.history)),
    evidenceBlock(r.evidence, "td")));
  const summary = el("p", { class: "hint" }, `${rows.length} of ${trackerRows.length} countries`);
  $("#tracker-table").replaceChildren(summary, rows.length ? table : el("p", { class: "hint" }, "No country matches."));
}
$("#tracker-form").addEventListener("submit", (e) => {
  e.preventDefault();
  go("tracker", "", { target: $("#tracker-target").value, as_of: $("#tracker-asof").value });
});
$("#tracker-filter").addEventListener("input", () => {
  replace("tracker", "", { target: $("#tracker-target").value, as_of: $("#tracker-asof").value, filter: $("#tracker-filter").value });
  drawTracker();
});

// ---- canned questions
let questions = [], current = null;

async function loadQuestions() {
  questions = await api("/api/ask");
  $("#question-buttons").replaceChildren(...questions.map((q) =>
    el("button", { type: "button", id: "q-" + q.name, "aria-pressed": "false", title: q.description,
      onclick: () => go("questions", q.name, {}) }, words(q.name))));
}

// A parameter the question cannot do without: positional, no default.
const required = (p) => p.positional && !p.default;

async function showQuestion(name, params) {
  if (!name) {
    current = null;
    $$("#question-buttons button").forEach((b) => b.setAttribute("aria-pressed", "false"));
    $("#question-form").hidden = true;
    $("#question-results").replaceChildren(el("p", { class: "hint" }, "Choose a question."));
    return;
  }
  const q = questions.find((x) => x.name === name);
  if (!q) {
    $("#question-results").replaceChildren(el("p", { class: "error" }, `No question called “${name}”.`));
    return;
  }
  const values = Object.fromEntries(params);
  if (values["as-of"] && !values.as_of) values.as_of = values["as-of"];
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
  $("#question-link").href = location.hash;
  const empty = $$("#question-params input[required]").find((i) => !i.value);
  if (empty) {
    $("#question-results").replaceChildren();
    empty.focus();
    status("Fill in " + words(empty.name) + " and press Run.");
    return;
  }
  await runQuestion();
}

function questionParams() {
  const out = {};
  $$("#question-params input").forEach((i) => {
    if (i.type === "checkbox") { if (i.checked) out[i.name] = "true"; }
    else if (i.value.trim()) out[i.name] = i.value.trim();
  });
  return out;
}

async function runQuestion() {
  const name = current.name;
  try {
    status("Asking " + name + "…");
    const res = await api("/api/ask/" + encodeURIComponent(name) + "?" + query(questionParams()));
    if (current.name !== name) return;
    const records = res.results || [];
    const extra = name === "stance" && res.params.country
      ? el("p", {}, el("a", { href: hashOf("timeline", res.params.country, { target: res.params.target }) }, "Draw " + res.params.country + "'s timeline"))
      : null;
    $("#question-results").replaceChildren(
      el("p", { class: "hint" }, plural(records.length, "result")), ...notices(res), ...(extra ? [extra] : []), resultTable(records));
    status("");
  } catch (e) {
    $("#question-results").replaceChildren(el("p", { class: "error" }, e.message));
    status("");
  }
}
$("#question-form").addEventListener("submit", (e) => {
  e.preventDefault();
  if (current) go("questions", current.name, questionParams());
});

// notices says what an answer left out: any count the response carries
// beside its results (omitted by a limit, hidden facts...).
function notices(res) {
  const known = { omitted: "left out by the limit (the most recent are shown)" };
  return Object.entries(res).filter(([k, v]) => typeof v === "number" && v > 0 && k !== "limit")
    .map(([k, v]) => el("p", { class: "notice", role: "note" }, `${v} ${words(k)}: ${known[k] || "not shown in this answer"}.`));
}

// cellOf renders one value of a result row.
function cellOf(k, v) {
  if (v === null || v === undefined || v === "") return "";
  if (k === "stance" || k === "relation") return stanceChip(v);
  if (typeof v === "boolean") return v ? "yes" : "";
  if (typeof v === "object") {
    if (Array.isArray(v)) return v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
    // A nested fact (a contradiction's a and b): its summary and evidence.
    const sum = ["subject", "relation", "target", "modality", "date"].filter((x) => v[x]).map((x) => words(v[x])).join(" · ");
    return el("div", {}, sum, v.evidence ? evidenceBlock(v.evidence) : "");
  }
  return String(v);
}

// resultTable draws records as a table whose columns come from every row;
// at phone width it becomes one card per row (CSS), evidence included.
function resultTable(records) {
  if (!records.length) return el("p", { class: "hint" }, "No results.");
  const keys = [];
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (k === "evidence" || k === "iri" || keys.includes(k)) continue;
      if (v !== null && v !== undefined && v !== "") keys.push(k);
    }
  }
  const hasEvidence = records.some((r) => r.evidence);
  const head = el("tr", {}, keys.map((k) => el("th", { scope: "col" }, words(k))), hasEvidence ? el("th", { scope: "col" }, "evidence") : null);
  const body = el("tbody", {}, records.map((r) => el("tr", { class: r.stance || r.relation || "" },
    keys.map((k) => el("td", { "data-label": words(k), class: (typeof r[k] === "object" && r[k] ? "nested " : "") + (r[k] === undefined || r[k] === "" || r[k] === null ? "blank" : "") },
      cellOf(k, r[k]))),
    hasEvidence ? el("td", { class: "evidence-cell", "data-label": "evidence" }, r.evidence ? evidenceBlock(r.evidence) : "") : null)));
  return el("table", { class: "results cards" }, el("thead", {}, head), body);
}

// ---- timeline of a country
const MOD_MARK = { asserted: "filled", reported: "hollow, dashed", denied: "crossed out", hypothetical: "hollow, dotted" };
function drawTimelineLegend() {
  const mark = (mod) => svg("svg", { width: 22, height: 16, viewBox: "-11 -8 22 16", "aria-hidden": "true" }, factMark(mod, "banned", 0, 0));
  $("#timeline-legend").replaceChildren(
    ...META.modalities.map((m) => el("span", { class: "key" }, mark(m), `${m} (${MOD_MARK[m] || m})`)),
    el("span", { class: "key" }, svg("svg", { width: 30, height: 16, "aria-hidden": "true" },
      svg("rect", { x: 1, y: 4, width: 28, height: 8, rx: 4, fill: colourOf("banned"), opacity: 0.55 })), "date known to the month or year only"),
    el("span", { class: "key" }, svg("svg", { width: 16, height: 16, viewBox: "-8 -8 16 16", "aria-hidden": "true" },
      svg("path", { d: "M-6,-6 L6,-6 L0,4 Z", class: "change-mark" })), "change of stance"));
}

// factMark draws one fact at (x, y): its modality is the shape, its
// relation the colour.
function factMark(mod, rel, x, y) {
  const c = colourOf(rel);
  const g = svg("g", { transform: `translate(${x},${y})`, class: "mark mod-" + mod });
  switch (mod) {
    case "asserted": g.append(svg("circle", { r: 6, fill: c, stroke: "#1d2330", "stroke-width": 1 })); break;
    case "reported": g.append(svg("circle", { r: 6, fill: "#fff", stroke: c, "stroke-width": 2.5, "stroke-dasharray": "3 2" })); break;
    case "denied": g.append(svg("circle", { r: 6, fill: "#fff", stroke: "#6b7280", "stroke-width": 1.5 }),
      svg("path", { d: "M-4,-4 L4,4 M4,-4 L-4,4", stroke: c, "stroke-width": 2 })); break;
    default: g.append(svg("circle", { r: 6, fill: "#fff", stroke: c, "stroke-width": 2, "stroke-dasharray": "1 2" }));
  }
  return g;
}

async function showTimeline(country, params) {
  const target = params.get("target") || "";
  $("#timeline-country").value = country;
  $("#timeline-target").value = target;
  if (!country) {
    $("#timeline-title").textContent = "Timeline";
    $("#timeline-chart").replaceChildren();
    $("#timeline-list").replaceChildren(el("p", { class: "hint" }, "Choose a country (or click one on the map)."));
    return;
  }
  $("#timeline-title").textContent = `Timeline of ${country}${target ? " toward " + target : ""}`;
  let res;
  try {
    status("Loading timeline…");
    res = await api("/api/ask/stance?" + query({ country, target }));
    status("");
  } catch (e) {
    status("");
    $("#timeline-chart").replaceChildren();
    $("#timeline-list").replaceChildren(el("p", { class: "error" }, e.message));
    return;
  }
  const rows = (res.results || []).slice().sort((a, b) => sortKey(a.date).localeCompare(sortKey(b.date)));
  $("#timeline-title").textContent = `Timeline of ${res.params.country}${target ? " toward " + res.params.target : ""}`;
  $("#timeline-chart").replaceChildren(rows.length ? timelineChart(rows) : "");
  $("#timeline-list").replaceChildren(
    rows.length ? el("p", { class: "hint" }, plural(rows.length, "fact") + ", oldest first") : el("p", { class: "hint" }, `No stance facts about ${res.params.country}.`),
    ...notices(res),
    el("ol", { class: "timeline" }, rows.map((r) => el("li", { class: `mod-${r.modality}${r.change ? " change" : ""}`, "data-relation": r.relation },
      el("span", { class: "when" }, r.date || "undated", precision(r.date) ? el("small", {}, ` (${precision(r.date)})`) : ""),
      el("span", { class: "dot", "aria-hidden": "true" }, svg("svg", { width: 16, height: 16, viewBox: "-8 -8 16 16" }, factMark(r.modality, r.relation, 0, 0))),
      el("div", { class: "what" },
        el("span", { class: "rel" }, r.modality === "denied" ? el("s", {}, words(r.relation)) : words(r.relation)),
        r.modality !== "asserted" ? el("span", { class: "badge mod" }, r.modality) : null,
        r.change ? el("span", { class: "badge" }, "change") : null,
        r.target ? " " + r.target : "", r.object ? " — " + r.object : "", r.scope ? ` (${r.scope})` : "",
        evidenceBlock(r.evidence))))));
}

// timelineChart draws the facts on a time axis, one lane per vendor: the
// asserted stance held is a band, each fact a mark, a partial date a span.
function timelineChart(rows) {
  // Drawn at the width it is shown at, so that its text stays readable.
  const W = Math.max(340, Math.round($("#timeline-chart").clientWidth || 960)), left = W < 600 ? 70 : 110, right = 16, laneH = 58, top = 26;
  const lanes = [...new Set(rows.map((r) => r.target || "—"))];
  const dated = rows.filter((r) => r.date);
  let t0 = Math.min(...dated.map((r) => dateStart(r.date))), t1 = Math.max(...dated.map((r) => dateEnd(r.date)));
  const pad = Math.max(30 * DAY, (t1 - t0) * 0.05);
  t0 -= pad; t1 += pad;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (W - left - right);
  const H = top + lanes.length * laneH + 10;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-chart", role: "img",
    "aria-label": "Facts on a time axis; the same facts are listed below" });
  // Year ticks.
  const y0 = new Date(t0).getUTCFullYear(), y1 = new Date(t1).getUTCFullYear();
  for (let y = y0; y <= y1 + 1; y++) {
    const t = Date.UTC(y, 0, 1);
    if (t < t0 || t > t1) continue;
    chart.append(svg("line", { x1: x(t), x2: x(t), y1: top - 8, y2: H - 6, class: "tick" }),
      svg("text", { x: x(t) + 3, y: top - 12, class: "tick-label" }, String(y)));
  }
  lanes.forEach((lane, i) => {
    const y = top + i * laneH + laneH / 2;
    chart.append(svg("text", { x: 6, y: y + 4, class: "lane-label" }, lane));
    chart.append(svg("line", { x1: left, x2: W - right, y1: y, y2: y, class: "lane" }));
    const mine = rows.filter((r) => (r.target || "—") === lane && r.date);
    // The stance held: from each asserted change to the next.
    const changes = mine.filter((r) => r.change);
    changes.forEach((r, j) => {
      const from = dateStart(r.date), to = j + 1 < changes.length ? dateStart(changes[j + 1].date) : t1;
      chart.append(svg("rect", { x: x(from), y: y - 20, width: Math.max(1, x(to) - x(from)), height: 6, fill: colourOf(r.relation), class: "held" },
        svg("title", {}, `${words(r.relation)} from ${r.date}`)));
      chart.append(svg("path", { d: `M${x(from) - 5},${y - 30} L${x(from) + 5},${y - 30} L${x(from)},${y - 22} Z`, class: "change-mark" }));
    });
    // Facts at the same date are spread so that each can be seen.
    const seen = {};
    for (const r of mine) {
      const k = sortKey(r.date);
      const n = (seen[k] = (seen[k] || 0) + 1) - 1;
      const dy = (n % 3) * 9 - 9 + 6;
      const s = dateStart(r.date), e = dateEnd(r.date);
      const g = svg("g", { class: "fact" }, svg("title", {}, `${r.date} ${r.modality} ${words(r.relation)}${r.object ? " " + r.object : ""}`));
      if (precision(r.date)) {
        g.append(svg("rect", { x: x(s), y: y + dy - 4, width: Math.max(4, x(e + DAY) - x(s)), height: 8, rx: 4,
          fill: r.modality === "asserted" ? colourOf(r.relation) : "none", stroke: colourOf(r.relation),
          "stroke-dasharray": r.modality === "asserted" ? "" : "3 2", opacity: 0.6, class: "span" }));
      }
      g.append(factMark(r.modality, r.relation, x((s + e) / 2), y + dy));
      chart.append(g);
    }
  });
  return chart;
}
$("#timeline-form").addEventListener("submit", (e) => {
  e.preventDefault();
  go("timeline", $("#timeline-country").value.trim(), { target: $("#timeline-target").value });
});

// ---- graph
let cy = null;
const names = {}, types = {};
const nameOf = (id) => names[id] || id;
const graphState = { root: "", facts: new Map(), expanded: new Set(), error: null };
const GREY = "#6b7280";

function edgeColour(d) {
  return d.modality === "denied" || d.modality === "hypothetical" ? GREY : colourOf(d.relation);
}
// edgeLabel names what a merged edge says: a denied ban is "denied: banned".
function edgeLabel(d) {
  const what = (d.modality === "asserted" ? "" : d.modality + ": ") + words(d.relation);
  return d.count > 1 ? `${what} ×${d.count}` : what;
}

function ensureCy() {
  if (cy || typeof cytoscape === "undefined") return cy;
  cy = cytoscape({
    container: $("#cy"),
    wheelSensitivity: 0.3,
    minZoom: 0.3,
    maxZoom: 3,
    style: [
      { selector: "node", style: { label: "data(name)", "font-size": 14, "text-valign": "bottom", "text-margin-y": 4,
        "background-color": "#8fa3c7", width: 22, height: 22, "text-wrap": "wrap", "text-max-width": 130, color: "#1d2330",
        "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1, "min-zoomed-font-size": 6 } },
      { selector: "node[type = 'country']", style: { shape: "round-rectangle", "background-color": "#1f5fbf" } },
      { selector: "node[type = 'company']", style: { shape: "ellipse", "background-color": "#37474f" } },
      { selector: "node[type = 'deal']", style: { shape: "diamond", "background-color": "#6a1b9a" } },
      { selector: "node[type = 'organisation']", style: { shape: "hexagon", "background-color": "#00796b" } },
      { selector: "node.focus", style: { "border-width": 3, "border-color": "#111", "font-weight": "bold" } },
      { selector: "edge", style: { width: "mapData(count, 1, 6, 2.5, 7)", "curve-style": "bezier", "target-arrow-shape": "triangle", label: "data(label)",
        "font-size": 12, "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 1,
        "line-color": "data(colour)", "target-arrow-color": "data(colour)", color: "#1d2330" } },
      { selector: "edge[modality = 'reported']", style: { "line-style": "dashed" } },
      { selector: "edge[modality = 'denied']", style: { "line-style": "dashed", "line-dash-pattern": [8, 4], "target-arrow-shape": "tee", color: "#4b5563" } },
      { selector: "edge[modality = 'hypothetical']", style: { "line-style": "dotted", "target-arrow-shape": "circle", color: "#4b5563" } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: ":selected", style: { "overlay-opacity": 0.25, "overlay-color": "#1f5fbf" } },
    ],
  });
  cy.on("tap", "node", (e) => expand(e.target.id()));
  cy.on("tap", "edge", (e) => showEvidence(e.target.data()));
  return cy;
}

function drawGraphLegend() {
  const line = (colour, dash, end) => svg("svg", { width: 34, height: 12, "aria-hidden": "true" },
    svg("line", { x1: 1, y1: 6, x2: 27, y2: 6, stroke: colour, "stroke-width": 3, "stroke-dasharray": dash || "" }),
    end === "tee" ? svg("line", { x1: 29, y1: 1, x2: 29, y2: 11, stroke: colour, "stroke-width": 3 })
      : end === "circle" ? svg("circle", { cx: 29, cy: 6, r: 3.5, fill: colour })
        : svg("path", { d: "M27,1 L33,6 L27,11 Z", fill: colour }));
  const shape = (cls, label) => el("span", { class: "key" }, el("span", { class: "node-key " + cls, "aria-hidden": "true" }), label);
  $("#graph-legend").replaceChildren(
    ...META.relations.map((r) => el("span", { class: "key" }, line(r.css), words(r.relation))),
    el("span", { class: "key" }, line("#555", "7 4"), "reported"),
    el("span", { class: "key" }, line(GREY, "8 4", "tee"), "denied (grey: not the relation denied)"),
    el("span", { class: "key" }, line(GREY, "2 3", "circle"), "hypothetical"),
    el("span", { class: "key" }, "×n: n facts merged"),
    shape("country", "country"), shape("company", "company"), shape("deal", "deal"), shape("organisation", "organisation"));
  $("#filter-relations").replaceChildren(el("span", { class: "hint" }, "Relations:"), ...META.relations.map((r) =>
    el("label", {}, el("input", { type: "checkbox", value: r.relation, checked: true, class: "f-rel", id: "f-rel-" + r.relation }), " " + words(r.relation))));
  $("#filter-modalities").replaceChildren(el("span", { class: "hint" }, "Modalities:"), ...META.modalities.map((m) =>
    el("label", {}, el("input", { type: "checkbox", value: m, checked: true, class: "f-mod", id: "f-mod-" + m }), " " + m)));
}

function filters() {
  const rel = $$(".f-rel").filter((c) => c.checked).map((c) => c.value);
  const mod = $$(".f-mod").filter((c) => c.checked).map((c) => c.value);
  return { rel, mod, from: $("#filter-from").value.trim(), to: $("#filter-to").value.trim(), vendor: $("#filter-vendor").value };
}
function filterParams() {
  const f = filters();
  return { rel: f.rel.length === META.relations.length ? "" : f.rel.join(",") || "none",
    mod: f.mod.length === META.modalities.length ? "" : f.mod.join(",") || "none", from: f.from, to: f.to, vendor: f.vendor };
}
function setFilters(params) {
  const list = (k) => (params.get(k) === null ? null : params.get(k).split(","));
  const rel = list("rel"), mod = list("mod");
  $$(".f-rel").forEach((c) => (c.checked = !rel || rel.includes(c.value)));
  $$(".f-mod").forEach((c) => (c.checked = !mod || mod.includes(c.value)));
  $("#filter-from").value = params.get("from") || "";
  $("#filter-to").value = params.get("to") || "";
  const v = params.get("vendor") || "";
  if (v && !$$("#filter-vendor option").some((o) => o.value === v)) $("#filter-vendor").append(el("option", { value: v }, v));
  $("#filter-vendor").value = v;
}
$("#graph-filters").addEventListener("change", () => {
  replace("graph", graphState.root, filterParams());
  drawGraph();
});
$("#graph-filters").addEventListener("input", (e) => { if (e.target.type !== "checkbox") $("#graph-filters").dispatchEvent(new Event("change")); });

// vendorOf is the vendor a fact is about.
const vendorOf = (d) => d.vendor || (types[d.target] === "company" ? nameOf(d.target) : "");

function visibleFacts() {
  const f = filters();
  return [...graphState.facts.values()].filter((d) => f.rel.includes(d.relation) && f.mod.includes(d.modality) &&
    (!f.from || sortKey(d.date) >= sortKey(f.from)) && (!f.to || sortKey(d.date) <= sortKey(f.to) + "~") &&
    (!f.vendor || vendorOf(d) === f.vendor));
}

// merged groups parallel facts (same ends, relation and modality).
function merged(facts) {
  const groups = new Map();
  for (const d of facts) {
    const key = [d.source, d.target, d.relation, d.modality].join("|");
    if (!groups.has(key)) groups.set(key, { id: "m-" + key.replace(/[^A-Za-z0-9_-]/g, "_"), source: d.source, target: d.target,
      relation: d.relation, modality: d.modality, facts: [] });
    groups.get(key).facts.push(d);
  }
  return [...groups.values()].map((g) => {
    g.facts.sort((a, b) => sortKey(a.date).localeCompare(sortKey(b.date)));
    g.count = g.facts.length;
    g.date = g.facts.map((x) => x.date).filter((v, i, a) => a.indexOf(v) === i).join(", ");
    g.colour = edgeColour(g);
    g.label = edgeLabel(g);
    return g;
  });
}

function drawGraph() {
  const c = ensureCy();
  const edges = merged(visibleFacts());
  const vendors = [...new Set([...graphState.facts.values()].map(vendorOf).filter(Boolean))].sort();
  const v = $("#filter-vendor").value;
  $("#filter-vendor").replaceChildren(el("option", { value: "" }, "all"), ...vendors.map((x) => el("option", { value: x }, x)));
  $("#filter-vendor").value = vendors.includes(v) ? v : "";
  if (c) {
    c.batch(() => {
      c.edges().remove();
      c.add(edges.map((d) => ({ group: "edges", data: d })));
      const linked = new Set(edges.flatMap((d) => [d.source, d.target]));
      c.nodes().forEach((n) => n.toggleClass("hidden", !linked.has(n.id()) && !n.hasClass("focus")));
    });
  }
  $("#edge-count").textContent = `(${plural(edges.length, "edge")}, ${plural(edges.reduce((n, d) => n + d.count, 0), "fact")} shown of ${graphState.facts.size})`;
  $("#edge-list").replaceChildren(...edges.map((d) => el("li", {}, el("button", { type: "button", id: "edge-" + d.id,
    class: `edge ${d.relation} mod-${d.modality}`, "aria-pressed": "false", onclick: () => { showEvidence(d); if (cy) { cy.$(":selected").unselect(); cy.getElementById(d.id).select(); } } },
  `${nameOf(d.source)} — ${edgeLabel(d)} → ${nameOf(d.target)}`, el("span", { class: "hint" }, ` ${d.date}`)))));
  const empty = $("#graph-empty");
  if (graphState.error) {
    empty.replaceChildren(el("p", { class: "big" }, graphState.error.status === 404 ? `No entity called “${graphState.root}”.` : "The graph could not be loaded."),
      el("p", {}, graphState.error.message), el("p", { class: "hint" }, "Try a country or vendor name, e.g. ",
        el("a", { href: hashOf("graph", "Italy") }, "Italy"), " or ", el("a", { href: hashOf("graph", "Huawei") }, "Huawei"), "."));
  } else if (!graphState.facts.size) {
    empty.replaceChildren(el("p", { class: "big" }, `${nameOf(graphState.root)} has no facts yet.`));
  } else if (!edges.length) {
    empty.replaceChildren(el("p", { class: "big" }, "Every fact is hidden by the filters."),
      el("button", { type: "button", onclick: () => go("graph", graphState.root, {}) }, "Show all facts"));
  }
  empty.hidden = !graphState.error && graphState.facts.size > 0 && edges.length > 0;
  $("#cy").classList.toggle("faded", !empty.hidden);
}

// fitGraph shows the whole graph at a zoom where the labels can be read.
function fitGraph() {
  if (!cy) return;
  cy.resize();
  cy.fit(cy.elements(":visible"), 30);
  if (cy.zoom() > 1.3) cy.zoom(1.3);
  if (cy.zoom() < 0.8) cy.zoom(0.8);
  cy.center(cy.elements(":visible"));
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (!$("#graph").hidden) fitGraph(); }, 150);
});

function showEvidence(d) {
  const facts = d.facts || [d];
  $("#evidence").replaceChildren(el("div", {},
    el("h3", {}, `${nameOf(d.source)} ${edgeLabel(d)} ${nameOf(d.target)}`),
    d.modality === "denied" ? el("p", { class: "notice" }, `The articles deny that ${nameOf(d.source)} ${words(d.relation)} ${nameOf(d.target)}.`) : null,
    d.modality === "hypothetical" ? el("p", { class: "notice" }, "Hypothetical: stated as a possibility, not as a fact.") : null,
    ...facts.map((f) => el("div", { class: "fact-evidence" },
      el("p", { class: "meta" }, [f.date, f.modality, "confidence " + Number(f.confidence).toFixed(2), f.scope, f.vendor && "vendor " + f.vendor]
        .filter(Boolean).join(" · ")),
      el("blockquote", { class: "evidence-sentence" }, f.evidence),
      el("p", {}, "Source: ", articleLink(f.article, f.title, f.url))))));
  $$("#edge-list button").forEach((b) => b.setAttribute("aria-pressed", String(b.id === "edge-" + d.id)));
}

async function expand(id) {
  try {
    status("Loading " + nameOf(id) + "…");
    const data = await api("/api/entities/" + encodeURIComponent(id) + "/neighbourhood");
    const { nodes, edges } = data.elements;
    for (const n of nodes) { names[n.data.id] = n.data.name; types[n.data.id] = n.data.type; }
    for (const e of edges) graphState.facts.set(e.data.id, e.data);
    const centreID = centre(nodes, id);
    graphState.expanded.add(centreID);
    const c = ensureCy();
    if (c) {
      const fresh = nodes.filter((x) => c.getElementById(x.data.id).length === 0);
      // New nodes start on a circle around the one expanded: the layout
      // is the same every time.
      const box0 = $("#cy").getBoundingClientRect();
      const at = c.getElementById(centreID).length ? c.getElementById(centreID).position() : { x: box0.width / 2, y: box0.height / 2 };
      c.add(fresh.map((n, i) => ({ group: "nodes", data: n.data, position: n.data.id === centreID && !c.getElementById(centreID).length ? { ...at }
        : { x: at.x + 160 * Math.cos((2 * Math.PI * i) / fresh.length), y: at.y + 160 * Math.sin((2 * Math.PI * i) / fresh.length) } })));
      c.nodes().removeClass("focus");
      c.getElementById(centreID).addClass("focus");
      drawGraph();
      if (fresh.length) {
        // Laid out a little smaller than the canvas, so that it is shown
        // somewhat enlarged: labels stay readable.
        const box = $("#cy").getBoundingClientRect();
        c.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 600000, idealEdgeLength: () => 110,
          nodeOverlap: 30, componentSpacing: 80, padding: 30,
          boundingBox: { x1: 0, y1: 0, w: Math.max(260, box.width * 0.8), h: Math.max(260, box.height * 0.8) } }).run();
      }
      fitGraph();
    } else drawGraph();
    $("#node-list").replaceChildren(...Object.keys(names).filter((k) => c ? c.getElementById(k).length : true).map((k) =>
      el("li", {}, el("button", { type: "button", id: "node-" + k, class: "node", "aria-pressed": String(graphState.expanded.has(k)),
        onclick: () => expand(k) }, names[k]))));
    status(`${nodes.length} entities, ${edges.length} facts around ${nameOf(centreID)}`);
  } catch (e) {
    if (graphState.facts.size === 0) { graphState.error = e; drawGraph(); }
    status(e.message, true);
  }
}
const centre = (nodes, id) => (nodes.find((n) => n.data.id === id || n.data.name === id) || { data: { id } }).data.id;

async function showGraph(name, params) {
  $("#entity").value = name;
  setFilters(params);
  if (graphState.root === name && !graphState.error && cy) {
    drawGraph();
    fitGraph();
    return;
  }
  graphState.root = name;
  graphState.facts.clear();
  graphState.expanded.clear();
  graphState.error = null;
  if (cy) cy.elements().remove();
  $("#edge-list").replaceChildren();
  $("#node-list").replaceChildren();
  $("#evidence").replaceChildren(el("p", { class: "hint" }, "Click an edge to see its evidence."));
  await expand(name.trim());
  setFilters(params);
  drawGraph();
}
$("#graph-form").addEventListener("submit", (e) => { e.preventDefault(); go("graph", $("#entity").value.trim(), filterParams()); });

// ---- raw query
const E = (id) => `<https://policygraph.org/entity/${id}>`, V = (t) => `<https://policygraph.org/vocab/${t}>`;
const EXAMPLES = [
  { title: "Everything Italy points at", lang: "gizmo", query: `g.V("${E("italy")}").Out().All()` },
  { title: "What Italy vetoed", lang: "gizmo", query: `g.V("${E("italy")}").Out("${V("vetoed")}").All()` },
  { title: "Who banned Huawei (direct edges)", lang: "gizmo", query: `g.V("${E("huawei")}").In("${V("banned")}").All()` },
  { title: "Who pressured whom", lang: "gizmo", query: `g.V().Tag("source").Out("${V("pressured")}").Tag("target").All()` },
  { title: "Italy's statements and their relation", lang: "gizmo",
    query: `g.V("${E("italy")}").In("${V("subject")}").Tag("statement").Out("${V("relation")}").Tag("relation").All()` },
  { title: "Italy's vetoes (GraphQL)", lang: "graphql",
    query: `{\n  nodes(id: "${E("italy")}") {\n    id\n    vetoed: ${V("vetoed")} { id }\n  }\n}` },
];
const HISTORY = "policygraph-queries";
const history_ = () => { try { return JSON.parse(localStorage.getItem(HISTORY) || "[]"); } catch { return []; } };
function remember(lang, text) {
  const list = [{ lang, query: text }, ...history_().filter((h) => h.lang !== lang || h.query !== text)].slice(0, 12);
  try { localStorage.setItem(HISTORY, JSON.stringify(list)); } catch { /* private mode: no history */ }
  drawHistory();
}
function drawHistory() {
  const list = history_();
  $("#query-history").replaceChildren(...(list.length ? list.map((h, i) => el("li", {}, el("a", { href: hashOf("query", "", { lang: h.lang, q: h.query }),
    class: "mono", id: "history-" + i, title: h.query }, `[${h.lang}] ${h.query.length > 70 ? h.query.slice(0, 70) + "…" : h.query}`)))
    : [el("li", { class: "hint" }, "Queries you run are kept here, in this browser.")]));
}
$("#query-forget").addEventListener("click", () => { localStorage.removeItem(HISTORY); drawHistory(); });
$("#query-examples").replaceChildren(...EXAMPLES.map((x, i) => el("li", {},
  el("a", { href: hashOf("query", "", { lang: x.lang, q: x.query }), id: "example-" + i }, x.title))));

function drawPredicates() {
  $("#query-predicates").replaceChildren(...META.predicates.map((p) => el("li", {}, el("button", { type: "button", class: "small mono",
    title: "Insert at the cursor", onclick: () => {
      const t = $("#query-text"), s = t.selectionStart ?? t.value.length;
      t.value = t.value.slice(0, s) + `"${p}"` + t.value.slice(t.selectionEnd ?? s);
      t.focus();
    } }, p))));
}

let lastQuery = null;
async function showQuery(params) {
  drawHistory();
  if (!$("#query-predicates").children.length) drawPredicates();
  const text = params.get("q");
  if (text === null) return;
  $("#query-lang").value = params.get("lang") === "graphql" ? "graphql" : "gizmo";
  $("#query-text").value = text;
  if (params.get("limit")) $("#query-limit").value = params.get("limit");
  await runQuery();
}

async function runQuery() {
  const lang = $("#query-lang").value, text = $("#query-text").value;
  $("#query-cy").hidden = true;
  try {
    status("Running query…");
    const res = await api("/api/query", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lang, query: text, limit: Number($("#query-limit").value) || 0 }) });
    remember(lang, text);
    const rows = res.results.map((r) => (typeof r === "object" && r !== null ? r : { value: r }));
    lastQuery = rows;
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? ""));
    const table = el("table", { id: "query-table", class: "results cards" },
      el("thead", {}, el("tr", {}, keys.map((k) => el("th", { scope: "col" }, k)))),
      el("tbody", {}, rows.map((r) => el("tr", {}, keys.map((k) => el("td", { class: "mono", "data-label": k }, cell(r[k])))))));
    $("#query-results").replaceChildren(
      el("p", { class: "hint" }, `${plural(rows.length, "result")}${res.truncated ? ` (cut at the ${res.truncated_reason || `limit of ${res.limit}`})` : ""}`),
      rows.length ? table : "");
    $("#query-json").textContent = JSON.stringify(res.results, null, 2);
    $("#query-json-box").open = !rows.length || keys.length > 6;
    $("#query-draw").hidden = !graphOfRows(rows).nodes.length;
    status("");
  } catch (err) {
    $("#query-results").replaceChildren(el("p", { class: "error" }, err.message));
    $("#query-json").textContent = "";
    $("#query-draw").hidden = true;
    status("");
  }
}

// graphOfRows reads a graph out of query results: every IRI is a node, and
// a row links its id to each of its other tagged IRIs.
function graphOfRows(rows) {
  const iri = (v) => typeof v === "string" && /^<.+>$/.test(v);
  const short = (v) => decodeURIComponent(v.slice(1, -1).replace(/^.*[/#]/, ""));
  const nodes = new Map(), edges = new Map();
  for (const r of rows) {
    const vals = Object.entries(r).filter(([, v]) => iri(v));
    for (const [, v] of vals) nodes.set(v, { data: { id: v, name: short(v) } });
    const from = r.id && iri(r.id) ? r.id : vals.length ? vals[0][1] : null;
    for (const [k, v] of vals) {
      if (v === from || k === "id") continue;
      const id = `${from} ${k} ${v}`;
      edges.set(id, { data: { id, source: from, target: v, label: k } });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
let qcy = null;
$("#query-draw").addEventListener("click", () => {
  const g = graphOfRows(lastQuery || []);
  $("#query-cy").hidden = false;
  if (qcy) qcy.destroy();
  qcy = cytoscape({ container: $("#query-cy"), elements: [...g.nodes, ...g.edges], wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(name)", "font-size": 12, "background-color": "#1f5fbf", width: 18, height: 18, "text-valign": "bottom",
        "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 10, width: 2, "curve-style": "bezier", "target-arrow-shape": "triangle",
        "line-color": "#8a93a3", "target-arrow-color": "#8a93a3", "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } }],
    layout: { name: g.edges.length ? "cose" : "grid", animate: false, padding: 20 } });
  qcy.fit(undefined, 20);
  if (qcy.zoom() > 1.3) { qcy.zoom(1.3); qcy.center(); }
});
$("#query-form").addEventListener("submit", (e) => {
  e.preventDefault();
  go("query", "", { lang: $("#query-lang").value, q: $("#query-text").value, limit: $("#query-limit").value === "100" ? "" : $("#query-limit").value });
});
$("#query-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $("#query-form").requestSubmit(); }
});
$("#query-lang").addEventListener("change", () => {
  const t = $("#query-text");
  if ($("#query-lang").value === "graphql" && t.value.startsWith("g.")) t.value = EXAMPLES[5].query;
  else if ($("#query-lang").value === "gizmo" && t.value.startsWith("{")) t.value = EXAMPLES[0].query;
});

// ---- export: fetched (so that a token is sent), then saved
const formatNames = { nquads: "N-Quads", jsonld: "JSON-LD", graphml: "GraphML", gexf: "GEXF (Gephi)", gml: "GML",
  dot: "Graphviz DOT", cytoscape: "Cytoscape JSON", neo4j: "Neo4j (Cypher)", csv: "CSV" };
async function download(format) {
  const q = new URLSearchParams({ format });
  for (const k of ["country", "relation", "since", "until"]) {
    const v = $("#export-" + k).value.trim();
    if (v) q.set(k, v);
  }
  try {
    status("Exporting " + (formatNames[format] || format) + "…");
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
$("#export-form").addEventListener("submit", (e) => e.preventDefault());

// ---- article view
async function showArticle(id) {
  $("#article-title").textContent = id;
  try {
    const res = await api("/api/articles/" + encodeURIComponent(id));
    const sts = res.results || [];
    const ev = sts.length ? sts[0].evidence : null;
    if (ev && ev.title) $("#article-title").textContent = ev.title;
    $("#article-body").replaceChildren(
      el("p", { class: "meta" }, [id, ev && ev.published].filter(Boolean).join(" · "), ev && ev.url ? [" · ", el("a", { href: ev.url, rel: "noopener noreferrer", target: "_blank" }, "original")] : ""),
      el("h3", {}, `${plural(sts.length, "fact")} from this article`),
      ...notices(res), resultTable(sts));
  } catch (e) { $("#article-body").replaceChildren(el("p", { class: "error" }, e.message)); }
}

// ---- start: load what every view needs, then draw the address's view
(async function start() {
  try {
    await Promise.all([loadMeta(), loadQuestions()]);
  } catch (e) { status(e.message, true); }
  if (innerWidth < 720) $$("details.fold").forEach((d) => (d.open = false));
  await route();
  try {
    const ents = await api("/api/entities");
    const opts = (list) => list.slice(0, 1000).map((e) => el("option", { value: e.name }, e.type));
    $("#entity-list").replaceChildren(...opts(ents));
    $("#country-list").replaceChildren(...opts(ents.filter((e) => e.type === "country")));
    $("#vendor-list").replaceChildren(...opts(ents.filter((e) => e.type === "company")));
  } catch (e) { status(e.message, true); }
})();
