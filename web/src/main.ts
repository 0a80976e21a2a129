// botsweep analyst dashboard: a hash-routed single page over the JSON API.
// Every API call carries the bearer token kept in localStorage; a 401 asks
// for a token again. Untrusted text (screen names, tweets) only ever goes
// into the DOM as text nodes.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

const TOKEN_KEY = "botsweep.token";
type Attrs = Record<string, any>;
type Child = Node | string | number | null | undefined | false | Child[];

// h builds an element; strings become text nodes, never HTML.
function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  const add = (c: Child) => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  };
  children.forEach(add);
  return el;
}

class APIError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

let me: { name: string; role: string } | null = null;
const charts: echarts.ECharts[] = [];
let sigma: Sigma | null = null;

async function api(method: string, path: string, body?: any): Promise<any> {
  const token = localStorage.getItem(TOKEN_KEY) || "";
  const res = await fetch(path, {
    method,
    headers: { Authorization: "Bearer " + token, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) {
    let code = "internal", message = res.statusText;
    try {
      const e = await res.json();
      code = e.error.code;
      message = e.error.message;
    } catch (_) { /* not JSON */ }
    if (res.status === 401) showLogin(message);
    throw new APIError(res.status, code, message);
  }
  const type = res.headers.get("Content-Type") || "";
  return type.includes("json") ? res.json() : res.blob();
}

const app = () => document.getElementById("app")!;
const fmt = (x: number, d = 2) => (x === undefined || x === null ? "—" : Number(x).toFixed(d));
const num = (x: number) => (x === undefined || x === null ? "—" : Number(x).toLocaleString("en-US"));
const pct = (x: number) => (x === undefined || x === null ? "—" : (100 * x).toFixed(1) + "%");
const cap = (n: number) => (n > 0 ? num(n) : "no cap");
const acctLink = (id: string, label?: string) => h("a", { href: "#/account/" + encodeURIComponent(id) }, label || id);
const roleAtLeast = (r: string) => ["viewer", "analyst", "admin"].indexOf(me?.role || "") >= ["viewer", "analyst", "admin"].indexOf(r);

function showLogin(message?: string) {
  const dlg = document.getElementById("login")!;
  dlg.replaceChildren(
    h("form", {
      class: "card login", id: "login-form",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const v = (document.getElementById("token-input") as HTMLInputElement).value.trim();
        localStorage.setItem(TOKEN_KEY, v);
        dlg.hidden = true;
        await boot();
      },
    },
      h("h2", {}, "botsweep"),
      h("p", {}, "Paste an API token (", h("code", {}, "botsweep token create --role analyst --name you"), ")."),
      message ? h("p", { class: "error" }, message) : null,
      h("input", { id: "token-input", type: "password", placeholder: "bsw_…", autocomplete: "off", required: true }),
      h("button", { type: "submit", class: "primary" }, "Sign in"),
    ),
  );
  dlg.hidden = false;
}

function teardown() {
  charts.splice(0).forEach((c) => c.dispose());
  if (sigma) { sigma.kill(); sigma = null; }
  drawn = null;
  onSweepsChanged = null;
}

function errorBox(e: any) {
  return h("div", { class: "card error", role: "alert" }, e instanceof APIError ? `${e.status} ${e.code}: ${e.message}` : String(e));
}

// chartBox shows a chart in el, or an explicit "no data" note instead of a
// bare axis when there is nothing to draw.
function chartBox(el: HTMLElement, title: string, empty: boolean, emptyText: string, option: () => Attrs) {
  if (empty) {
    el.classList.add("empty");
    el.replaceChildren(h("h3", {}, title), h("p", { class: "no-data muted" }, emptyText));
    return null;
  }
  // The canvas carries no text: the chart names itself for screen readers
  // (and for the browser tests, which read what a person is told).
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", title);
  const c = echarts.init(el, undefined, { renderer: "canvas" });
  c.setOption({ animation: false, title: { text: title, textStyle: { fontSize: 13, fontWeight: 600 } }, ...option() });
  charts.push(c);
  return c;
}

// spansOrders reports whether the positive values span two orders of
// magnitude or more: such data is drawn on a log scale.
function spansOrders(xs: number[]) {
  const pos = xs.filter((x) => x > 0);
  return pos.length > 1 && Math.max(...pos) / Math.min(...pos) >= 100;
}

function barChart(el: HTMLElement, title: string, labels: string[], series: { name: string; data: number[]; color?: string }[], opts: Attrs = {}) {
  const empty = labels.length === 0 || series.every((s) => s.data.every((x) => !x));
  return chartBox(el, title, empty, opts.emptyText || "no data", () => ({
    tooltip: { trigger: "axis" },
    legend: series.length > 1 ? { top: 0, right: 0 } : undefined,
    grid: { left: 50, right: 10, top: 36, bottom: opts.rotate ? 70 : 30 },
    xAxis: { type: "category", data: labels, axisLabel: { rotate: opts.rotate || 0, fontSize: 10, interval: 0 } },
    yAxis: { type: "value", name: opts.yName },
    series: series.map((s) => ({ type: "bar", name: s.name, data: s.data, itemStyle: s.color ? { color: s.color } : undefined })),
  }));
}

// dayChart draws counts per calendar day on a time axis, so days far apart
// are drawn far apart; counts spanning orders of magnitude go on a log axis.
function dayChart(el: HTMLElement, title: string, days: { day: string; count: number }[], emptyText: string, color: string) {
  const counts = days.map((d) => d.count);
  const log = spansOrders(counts);
  const c = chartBox(el, title, counts.every((x) => !x), emptyText, () => ({
    tooltip: { trigger: "axis", valueFormatter: (v: number) => num(v) },
    grid: { left: 50, right: 16, top: 36, bottom: 30 },
    xAxis: { type: "time", axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: log ? { type: "log", name: "accounts (log)", logBase: 10, min: 1 } : { type: "value", name: "accounts", minInterval: 1 },
    series: [{ type: "bar", name: "accounts", barMaxWidth: 8, barMinWidth: 2, itemStyle: { color },
      data: days.filter((d) => d.count > 0).map((d) => [d.day + "T00:00:00Z", d.count]) }],
  }));
  el.dataset.axis = "time";
  el.dataset.scale = log ? "log" : "linear";
  return c;
}

// duration writes seconds the way people read delays: 45s, 2m30s, 3h, 2d.
function duration(s: number) {
  if (s < 60) return `${+s.toFixed(s < 10 ? 1 : 0)}s`;
  if (s < 3600) { const m = Math.floor(s / 60), r = Math.round(s % 60); return r ? `${m}m${r}s` : `${m}m`; }
  if (s < 86400) { const hr = Math.floor(s / 3600), m = Math.round((s % 3600) / 60); return m ? `${hr}h${m}m` : `${hr}h`; }
  return `${+(s / 86400).toFixed(1)}d`;
}

// delayChart draws the retweet-delay histogram on a real (log) time axis:
// each bucket spans its bounds, so a 5 s bucket and a 6 h bucket are drawn
// at their true places.
function delayChart(el: HTMLElement, buckets: { lo_s: number; hi_s: number; count: number }[]) {
  const total = buckets.reduce((a, b) => a + b.count, 0);
  const title = "Retweet delay after the original";
  const lo = (b: { lo_s: number }) => Math.max(b.lo_s, 1);
  const pts: [number, number][] = buckets.map((b) => [lo(b), b.count]);
  if (buckets.length) pts.push([Math.max(buckets[buckets.length - 1].hi_s, lo(buckets[buckets.length - 1]) + 1), buckets[buckets.length - 1].count]);
  const logX = buckets.length > 0 && pts[pts.length - 1][0] / pts[0][0] >= 100;
  const c = chartBox(el, title, total === 0, "no retweets in this network", () => ({
    tooltip: {
      trigger: "axis",
      formatter: (ps: any[]) => {
        const i = ps[0]?.dataIndex ?? 0, b = buckets[Math.min(i, buckets.length - 1)];
        return `${duration(b.lo_s)} – ${duration(b.hi_s)}: ${num(b.count)} retweets (${pct(b.count / total)})`;
      },
    },
    grid: { left: 56, right: 16, top: 36, bottom: 40 },
    xAxis: { type: logX ? "log" : "value", logBase: 10, name: "delay", nameLocation: "middle", nameGap: 26, min: pts[0]?.[0], max: pts[pts.length - 1]?.[0],
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: (v: number) => duration(v) } },
    yAxis: { type: "value", name: "retweets", minInterval: 1 },
    series: [{ type: "line", step: "end", symbol: "none", name: "retweets", data: pts, areaStyle: { opacity: 0.35 }, itemStyle: { color: "#2f6fd6" }, lineStyle: { width: 1 } }],
  }));
  el.dataset.axis = logX ? "log-time" : "time";
  return c;
}

// ---------- live updates ----------

// The dashboard polls the sweep list; when it changes (a sweep from this
// page, another analyst or the CLI) the header's counter and the open page
// update without a reload.
let sweepTotal = -1;
let onSweepsChanged: (() => Promise<void> | void) | null = null;
let pollTimer: number | undefined;

async function pollSweeps() {
  try {
    const data = await api("GET", "/api/sweeps");
    const n = (data.sweeps || []).length;
    const el = document.getElementById("sweep-total");
    if (el) el.textContent = `${num(n)} sweep${n === 1 ? "" : "s"}`;
    const changed = sweepTotal >= 0 && n !== sweepTotal;
    sweepTotal = n;
    if (changed && onSweepsChanged) await onSweepsChanged();
  } catch (_) { /* moderation not configured, or signed out: nothing to show */ }
}

function startPolling() {
  if (pollTimer !== undefined) return;
  pollTimer = window.setInterval(pollSweeps, 3000);
}

// ---------- queue ----------

async function queuePage(params: URLSearchParams) {
  const q = params.get("q") || "", minScore = params.get("min_score") || "", minSize = params.get("min_size") || "";
  const qs = new URLSearchParams();
  if (q) qs.set("q", q);
  if (minScore) qs.set("min_score", minScore);
  if (minSize) qs.set("min_size", minSize);
  const data = await api("GET", "/api/networks?" + qs.toString());
  const form = h("form", {
    class: "filters",
    onsubmit: (e: Event) => {
      e.preventDefault();
      const f = new FormData(e.target as HTMLFormElement);
      const p = new URLSearchParams();
      for (const [k, v] of f.entries()) if (v) p.set(k, String(v));
      location.hash = "#/?" + p.toString();
    },
  },
    h("input", { name: "q", placeholder: "search id, @account, domain, operation", value: q }),
    h("label", {}, "min score ", h("input", { name: "min_score", type: "number", step: "0.05", min: "0", max: "1", value: minScore })),
    h("label", {}, "min size ", h("input", { name: "min_size", type: "number", min: "0", value: minSize })),
    h("button", { type: "submit" }, "Filter"),
  );
  const rows = data.networks.map((n: any) => h("tr", { class: "net-row", "data-id": n.id },
    h("td", {}, n.rank),
    h("td", {}, h("a", { href: "#/network/" + encodeURIComponent(n.id), class: "net-link" }, n.id)),
    h("td", {}, h("div", { class: "scorebar" }, h("span", { style: `width:${Math.round(100 * n.score)}%` })), fmt(n.score)),
    h("td", {}, num(n.size), h("small", {}, ` (${n.core} core, ${n.associated} assoc.)`)),
    h("td", {}, n.summary),
    h("td", {}, n.top_amplified ? "@" + n.top_amplified : "—"),
    h("td", {}, n.attribution ? `${n.attribution} (${n.confidence})` : "—", n.state_backed ? h("span", { class: "badge red" }, "state-backed") : null),
    h("td", {}, n.swept ? h("span", { class: "badge" }, "swept") : h("span", { class: "badge open" }, "open")),
  ));
  onSweepsChanged = () => queuePage(params);
  app().replaceChildren(
    h("h1", {}, "Review queue"),
    h("p", { class: "muted" }, `${data.total} networks from the latest detection run, ranked by score.`),
    form,
    h("table", { class: "queue" },
      h("thead", {}, h("tr", {}, ["#", "network", "score", "size", "summary", "amplifies", "attribution", "status"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 8 }, "No networks match."))),
    ),
  );
}

// ---------- network ----------

// Node colours say what a node is (role); suspended members are drawn grey
// whatever their role (state). Edge colours say which layer ties them.
const KIND_COLORS: Record<string, string> = { core: "#d6453d", associated: "#f0a030", amplified: "#2f6fd6", followed: "#8a55c9", domain: "#3a9d5d" };
const SUSPENDED_COLOR = "#888888";
const EDGE_LAYERS: Record<string, { color: string; label: string }> = {
  retweet: { color: "#9db7e0", label: "retweets the account (co-retweet)" },
  link: { color: "#9fd1b0", label: "links the domain (shared links)" },
  follow: { color: "#c9b27a", label: "follows the member (follow lockstep)" },
  "follow-set": { color: "#c7b3e6", label: "follows the account (follow-set)" },
};
const HUB_KINDS = new Set(["amplified", "followed", "domain"]);
// TOP_TIES is how many of its strongest ties each member keeps in a large
// network's graph (the readable core); CORE_FROM is the size from which
// that applies.
const TOP_TIES = 3;
const CORE_FROM = 150;

// drawn is the graph on the current network page, for recolouring after a
// sweep and for search.
let drawn: { graph: Graph; container: HTMLElement; fallback: boolean } | null = null;

const nodeColor = (kind: string, suspended: boolean) => (suspended ? SUSPENDED_COLOR : KIND_COLORS[kind] || "#999");

// readableCore keeps each member's k strongest ties (by weight, then
// target id) when the network is large, and says what it kept.
function readableCore(g: any): { edges: any[]; note: string } {
  const members = g.nodes.filter((n: any) => !HUB_KINDS.has(n.kind)).length;
  if (members < CORE_FROM) return { edges: g.edges, note: `all ${num(g.edges.length)} ties drawn` };
  const by = new Map<string, any[]>();
  for (const e of g.edges) {
    if (!by.has(e.source)) by.set(e.source, []);
    by.get(e.source)!.push(e);
  }
  const kept: any[] = [];
  by.forEach((es) => {
    es.sort((a, b) => b.weight - a.weight || (a.target < b.target ? -1 : 1));
    kept.push(...es.slice(0, TOP_TIES));
  });
  return { edges: kept, note: `readable core: each account's ${TOP_TIES} strongest ties drawn (${num(kept.length)} of ${num(g.edges.length)} ties)` };
}

function drawGraph(container: HTMLElement, g: any, suspended: Set<string>, edges: any[]) {
  const graph = new Graph({ multi: false, type: "directed" });
  const n = g.nodes.length;
  g.nodes.forEach((node: any, i: number) => {
    const hub = HUB_KINDS.has(node.kind);
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    graph.addNode(node.id, {
      label: hub ? node.label : undefined,
      x: hub ? Math.cos(angle) * 0.2 : Math.cos(angle) * (1 + (i % 7) / 10),
      y: hub ? Math.sin(angle) * 0.2 : Math.sin(angle) * (1 + (i % 7) / 10),
      size: hub ? 12 : 3,
      color: nodeColor(node.kind, suspended.has(node.id)),
      kind: node.kind,
      fullLabel: node.label,
    });
  });
  for (const e of edges) {
    if (graph.hasNode(e.source) && graph.hasNode(e.target) && !graph.hasEdge(e.source, e.target))
      graph.addEdge(e.source, e.target, { size: Math.min(3, 0.3 + Math.log1p(e.weight) / 3), color: (EDGE_LAYERS[e.kind] || EDGE_LAYERS.retweet).color, kind: e.kind });
  }
  if (graph.order > 1 && graph.size > 0) {
    forceAtlas2.assign(graph, { iterations: graph.order > 1500 ? 60 : 120, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 } });
  }
  let fallback = false;
  try {
    sigma = new Sigma(graph, container, { renderEdgeLabels: false, labelRenderedSizeThreshold: 8, defaultEdgeType: "line" });
    sigma.on("clickNode", ({ node }) => {
      const k = graph.getNodeAttribute(node, "kind");
      if (k !== "domain") location.hash = "#/account/" + encodeURIComponent(node);
    });
    container.dataset.renderer = "sigma";
  } catch (err) {
    // No WebGL (some headless or locked-down browsers): draw the same
    // layout on a 2D canvas so the graph is still there to read.
    container.dataset.renderer = "canvas2d";
    fallback = true;
    drawGraph2D(container, graph);
  }
  drawn = { graph, container, fallback };
  container.dataset.nodes = String(graph.order);
  container.dataset.edges = String(graph.size);
}

function drawGraph2D(container: HTMLElement, graph: Graph) {
  const w = container.clientWidth || 600, hgt = container.clientHeight || 400;
  const canvas = h("canvas", { width: w, height: hgt }) as HTMLCanvasElement;
  container.replaceChildren(canvas);
  const ctx = canvas.getContext("2d")!;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  graph.forEachNode((_, a) => { minX = Math.min(minX, a.x); maxX = Math.max(maxX, a.x); minY = Math.min(minY, a.y); maxY = Math.max(maxY, a.y); });
  const sx = (x: number) => 20 + ((x - minX) / (maxX - minX || 1)) * (w - 40);
  const sy = (y: number) => 20 + ((y - minY) / (maxY - minY || 1)) * (hgt - 40);
  ctx.lineWidth = 0.5;
  graph.forEachEdge((_, a, s, t, sa, ta) => {
    ctx.strokeStyle = a.color; ctx.beginPath(); ctx.moveTo(sx(sa.x), sy(sa.y)); ctx.lineTo(sx(ta.x), sy(ta.y)); ctx.stroke();
  });
  graph.forEachNode((_, a) => {
    ctx.fillStyle = a.color; ctx.beginPath(); ctx.arc(sx(a.x), sy(a.y), a.size / 2 + 1, 0, 2 * Math.PI); ctx.fill();
    if (a.label) { ctx.fillStyle = "#222"; ctx.font = "12px sans-serif"; ctx.fillText(a.label, sx(a.x) + 8, sy(a.y) + 4); }
  });
}

// recolor paints the drawn graph's members by their current state.
function recolor(suspended: Set<string>) {
  if (!drawn) return;
  const { graph } = drawn;
  graph.forEachNode((id, a) => graph.setNodeAttribute(id, "color", nodeColor(a.kind, suspended.has(id))));
  drawn.container.dataset.suspended = String(graph.filterNodes((id) => suspended.has(id)).length);
  if (sigma) sigma.refresh();
  else if (drawn.fallback) drawGraph2D(drawn.container, graph);
}

// zoom moves the graph camera: in (>1), out (<1) or back to fit (0).
function zoom(factor: number) {
  if (!sigma) return;
  const cam = sigma.getCamera();
  if (factor === 0) cam.animatedReset({ duration: 200 });
  else if (factor > 1) cam.animatedZoom({ factor, duration: 200 });
  else cam.animatedUnzoom({ factor: 1 / factor, duration: 200 });
}

// findNode looks an account up in the drawn graph by id or handle (an exact
// match first, then a prefix), highlights it and centres the camera on it.
function findNode(q: string, out: HTMLElement) {
  if (!drawn) return;
  const { graph } = drawn;
  const key = q.trim().replace(/^@/, "").toLowerCase();
  if (!key) { out.textContent = ""; return; }
  const label = (id: string) => String(graph.getNodeAttribute(id, "fullLabel") || "").replace(/^@/, "").toLowerCase();
  const hit = graph.findNode((id) => id.toLowerCase() === key || label(id) === key) || graph.findNode((id) => label(id).startsWith(key));
  graph.forEachNode((id) => graph.setNodeAttribute(id, "highlighted", id === hit));
  if (!hit) { out.textContent = `No account matching "${q.trim()}" is drawn in this graph.`; out.className = "error"; return; }
  const a = graph.getNodeAttributes(hit);
  out.className = "muted";
  out.replaceChildren(`Found ${a.fullLabel} (${a.kind}${a.color === SUSPENDED_COLOR ? ", suspended" : ""}, ${graph.degree(hit)} ties drawn): `,
    a.kind === "domain" ? "" : acctLink(hit, "open the account"));
  if (sigma) {
    const d = sigma.getNodeDisplayData(hit);
    if (d) sigma.getCamera().animate({ x: d.x, y: d.y, ratio: 0.25 }, { duration: 300 });
    sigma.refresh();
  }
}

function graphLegend(g: any, edges: any[]) {
  const kinds = new Map<string, number>(), layers = new Map<string, number>();
  for (const n of g.nodes) kinds.set(n.kind, (kinds.get(n.kind) || 0) + 1);
  for (const e of edges) layers.set(e.kind, (layers.get(e.kind) || 0) + 1);
  return h("div", { class: "legend", id: "graph-legend" },
    h("p", {}, h("b", {}, "Nodes: "), Object.keys(KIND_COLORS).filter((k) => kinds.has(k)).map((k) => h("span", {}, h("i", { style: `background:${KIND_COLORS[k]}` }), `${k} (${num(kinds.get(k)!)})`)),
      h("span", {}, h("i", { style: `background:${SUSPENDED_COLOR}` }), "suspended")),
    h("p", {}, h("b", {}, "Ties: "), Object.keys(EDGE_LAYERS).map((k) => h("span", { class: layers.has(k) ? "" : "muted" }, h("i", { class: "line", style: `background:${EDGE_LAYERS[k].color}` }),
      `${EDGE_LAYERS[k].label}: ${layers.has(k) ? num(layers.get(k)!) : "none"}`))));
}

function memberRows(n: any, suspended: Set<string>) {
  return n.members.slice(0, 100).map((m: any) => h("tr", {},
    h("td", {}, acctLink(m.account_id, "@" + (m.screen_name || m.account_id))), h("td", {}, m.role), h("td", {}, fmt(m.score)),
    h("td", {}, m.bot_score === undefined ? "—" : fmt(m.bot_score)),
    h("td", {}, suspended.has(m.account_id) ? h("span", { class: "badge" }, "suspended") : "active"),
    h("td", {}, (m.reasons || []).join("; "))));
}

function sweepList(sweeps: any[]) {
  return sweeps.length ? h("ul", {}, sweeps.map((sw: any) => h("li", {}, `${sw.id}: ${num((sw.accounts || []).length)} accounts suspended ${String(sw.at).slice(0, 16).replace("T", " ")} by ${sw.actor} (${sw.reason})`)))
    : h("p", { class: "muted" }, "Not swept yet: this network is waiting for a decision.");
}

// showNetworkState updates the counters, the member statuses, the sweep
// list and the graph colours from a fresh copy of the network.
function showNetworkState(n: any) {
  const suspended = new Set<string>(n.suspended || []);
  const set = (id: string, v: string) => { const el = document.getElementById(id); if (el) el.textContent = v; };
  set("suspended-count", num(suspended.size));
  set("sweep-count", num((n.sweeps || []).length));
  document.getElementById("network-sweeps")?.replaceChildren(sweepList(n.sweeps || []));
  document.getElementById("member-rows")?.replaceChildren(...memberRows(n, suspended));
  const st = document.getElementById("network-state");
  if (st) {
    const swept = (n.sweeps || []).length > 0;
    st.textContent = swept ? "swept" : "open";
    st.className = "badge " + (swept ? "" : "open");
  }
  recolor(suspended);
}

async function refreshNetwork(id: string) {
  showNetworkState(await api("GET", "/api/networks/" + encodeURIComponent(id)));
}

async function networkPage(id: string) {
  const n = await api("GET", "/api/networks/" + encodeURIComponent(id));
  const suspended = new Set<string>(n.suspended || []);
  const ev = n.evidence || {};
  const graphBox = h("div", { id: "graph", class: "graph" });
  const creationBox = h("div", { id: "creation-chart", class: "chart" });
  const delayBox = h("div", { id: "delay-chart", class: "chart" });
  const sweepBox = h("div", { id: "sweep-panel" });
  const legendBox = h("div", { id: "graph-legend-box" });
  const searchOut = h("p", { id: "graph-search-result", class: "muted" });
  const searchInput = h("input", { id: "graph-search", placeholder: "find @handle or id in the graph", autocomplete: "off" }) as HTMLInputElement;
  const withAssoc = h("input", { type: "checkbox", id: "with-associated", checked: true }) as HTMLInputElement;
  const list = (title: string, items: any[] | undefined, render: (x: any) => Child) =>
    h("section", { class: "card" }, h("h3", {}, title), items && items.length ? h("ul", {}, items.map((x) => h("li", {}, render(x)))) : h("p", { class: "muted" }, "none"));
  const swept = (n.sweeps || []).length > 0;
  app().replaceChildren(
    h("p", {}, h("a", { href: "#/" }, "← queue")),
    h("h1", {}, `Network ${n.id} `, h("span", { class: "badge" }, `rank ${n.rank}`), h("span", { id: "network-state", class: "badge " + (swept ? "" : "open") }, swept ? "swept" : "open"),
      n.state_backed ? h("span", { class: "badge red" }, "state-backed") : null),
    h("p", { class: "summary" }, n.summary),
    h("div", { class: "stats" },
      h("div", {}, h("b", {}, fmt(n.score)), h("small", {}, "score")),
      h("div", {}, h("b", {}, num(n.size)), h("small", {}, "members")),
      h("div", {}, h("b", { id: "suspended-count" }, num(suspended.size)), h("small", {}, "suspended")),
      h("div", {}, h("b", { id: "sweep-count" }, num((n.sweeps || []).length)), h("small", {}, "sweeps")),
    ),
    h("section", { class: "card sweep" },
      h("label", {}, withAssoc, " include associated accounts"),
      h("button", { id: "sweep-button", class: "danger", onclick: () => previewSweep(n, withAssoc.checked, sweepBox) }, "Sweep this network…"),
      sweepBox,
      h("div", { id: "network-sweeps" }, sweepList(n.sweeps || [])),
    ),
    h("div", { class: "grid2" },
      h("section", { class: "card wide" }, h("h3", {}, "Member graph"),
        h("form", { class: "graph-tools", onsubmit: (e: Event) => { e.preventDefault(); findNode(searchInput.value, searchOut); } },
          searchInput, h("button", { type: "submit" }, "Find"),
          h("span", { class: "zoom" },
            h("button", { type: "button", id: "zoom-in", title: "zoom in", onclick: () => zoom(1.5) }, "+"),
            h("button", { type: "button", id: "zoom-out", title: "zoom out", onclick: () => zoom(1 / 1.5) }, "−"),
            h("button", { type: "button", id: "zoom-reset", title: "fit the whole graph", onclick: () => zoom(0) }, "fit")),
          h("small", { class: "muted" }, "drag to pan, scroll to zoom, click an account to open it")),
        searchOut, legendBox, graphBox, h("p", { class: "muted", id: "graph-note" }, "")),
      h("section", { class: "card" }, creationBox),
      h("section", { class: "card" }, delayBox),
      list("Amplified accounts", n.amplified, (a) => [acctLink(a.account_id, "@" + a.screen_name), ` — ${num(a.retweets)} retweets (${pct(a.share)} of the network's retweets)`]),
      list("Accounts most members follow", ev.followed, (f) => [acctLink(String(f.name).replace(/^@/, ""), "@" + String(f.name).replace(/^@/, "")), ` — followed by ${num(f.count)} members`]),
      list("Shared domains", ev.domains, (d) => [h("code", {}, d.name), ` — ${num(d.count)}`]),
      list("Signals", ev.signals, (s) => [h("b", {}, s.layer), ` ${pct(s.weight)} — ${s.description}`]),
      list("Sample texts", ev.sample_texts, (t) => h("q", {}, t)),
      h("section", { class: "card wide", id: "attribution" }, h("h3", {}, "Attribution"),
        (n.attribution || []).length ? (n.attribution || []).map((a: any) => h("div", { class: "attr" },
          h("p", {}, h("b", {}, a.name), ` — ${a.attribution} `, h("span", { class: "badge " + (a.tier === "high" ? "red" : "") }, a.tier), a.state_backed ? h("span", { class: "badge red" }, "state-backed") : null),
          h("ol", { class: "chain" }, (a.chain || []).map((l: any) => h("li", {}, h("span", {}, l.from), h("em", {}, ` —${l.relation}→ `), h("span", {}, l.to)))),
          a.summary ? h("p", { class: "muted" }, a.summary) : null,
        )) : h("p", { class: "muted" }, "No attribution candidate.")),
      h("section", { class: "card wide" }, h("h3", {}, `Members (${num(n.members.length)})`),
        h("table", {}, h("thead", {}, h("tr", {}, ["account", "role", "tie", "bot score", "status", "reasons"].map((t) => h("th", {}, t)))),
          h("tbody", { id: "member-rows" }, memberRows(n, suspended))),
        n.members.length > 100 ? h("p", { class: "muted" }, `first 100 of ${n.members.length}`) : null),
    ),
  );
  dayChart(creationBox, "Account creation dates", ev.creation_histogram || [], "no creation dates known for these accounts", "#d6453d");
  delayChart(delayBox, ev.retweet_delay_histogram || []);
  try {
    const g = await api("GET", "/api/networks/" + encodeURIComponent(id) + "/graph");
    const core = readableCore(g);
    legendBox.replaceChildren(graphLegend(g, core.edges));
    drawGraph(graphBox, g, suspended, core.edges);
    graphBox.dataset.core = core.note;
    document.getElementById("graph-note")!.textContent = `${num(g.shown)} of ${num(g.members)} members drawn; ${core.note}. Click an account to open it.`;
  } catch (e) {
    graphBox.replaceChildren(errorBox(e));
  }
  onSweepsChanged = () => refreshNetwork(n.id);
}

function lossTable(rows: any[]) {
  return h("table", { class: "loss" },
    h("thead", {}, h("tr", {}, ["account", "before", "after", "lost", "share"].map((t) => h("th", {}, t)))),
    h("tbody", {}, (rows || []).map((l: any) => h("tr", {},
      h("td", {}, acctLink(l.account_id || l.account, "@" + (l.screen_name || l.account || l.account_id))),
      h("td", {}, num(l.followers_before)), h("td", {}, num(l.followers_after)), h("td", {}, num(l.lost)), h("td", {}, pct(l.lost_share))))));
}

async function previewSweep(n: any, withAssociated: boolean, box: HTMLElement) {
  box.replaceChildren(h("p", { class: "muted" }, "Computing the impact (dry run)…"));
  const req: any = { networks: [n.id], with_associated: withAssociated, reason: "platform-manipulation" };
  let dry: any;
  try {
    dry = await api("POST", "/api/sweeps", { ...req, dry_run: true });
  } catch (e) {
    box.replaceChildren(errorBox(e));
    return;
  }
  const imp = dry.impact || {};
  const br = dry.breaker;
  if (!(dry.sweep.accounts || []).length) {
    box.replaceChildren(h("div", { class: "card", id: "sweep-preview" },
      h("p", {}, h("b", { id: "preview-count" }, "0"), ` accounts to suspend: every ${withAssociated ? "" : "core "}member is already suspended` + (dry.skipped ? ` (${num(dry.skipped)})` : "") + "."),
      h("div", { class: "buttons" }, h("button", { onclick: () => box.replaceChildren() }, "Close"))));
    return;
  }
  const override = h("input", { type: "checkbox", id: "override" }) as HTMLInputElement;
  const confirm = h("button", {
    id: "confirm-sweep", class: "danger",
    disabled: !roleAtLeast("analyst"),
    onclick: async () => {
      confirm.setAttribute("disabled", "");
      try {
        const res = await api("POST", "/api/sweeps", { ...req, override: override.checked || undefined });
        box.replaceChildren(h("div", { class: "card done", id: "sweep-result" },
          h("h3", {}, `Sweep ${res.sweep.id} done`),
          h("p", {}, `${num(res.sweep.accounts.length)} accounts suspended by ${res.sweep.actor} for ${res.sweep.reason}.`),
          h("p", {}, h("a", { href: "#/impact" }, "See the follower impact →")),
          res.impact ? lossTable(res.impact.top) : null));
        await pollSweeps();
        await refreshNetwork(n.id);
      } catch (e) {
        confirm.removeAttribute("disabled");
        box.appendChild(errorBox(e));
      }
    },
  }, `Confirm: suspend ${num((dry.sweep.accounts || []).length)} accounts`);
  box.replaceChildren(h("div", { class: "card confirm", id: "sweep-preview" },
    h("h3", {}, "Impact of this sweep (dry run — nothing applied yet)"),
    h("p", {}, h("b", { id: "preview-count" }, num((dry.sweep.accounts || []).length)), ` accounts would be suspended` + (dry.skipped ? `, ${dry.skipped} already suspended` : "") + "."),
    h("p", {}, `${num(imp.accounts_losing)} remaining accounts would lose ${num(imp.follows_removed)} followers in all. Biggest losses:`),
    lossTable(imp.top),
    br ? h("p", { class: br.would_trip ? "error" : "muted" }, `Circuit breaker: ${cap(br.per_sweep)} per sweep, ${cap(br.per_day)} per day, ${num(br.used_today)} used today` + (br.would_trip ? " — this sweep exceeds it; only an admin can override." : ".")) : null,
    br && br.would_trip && roleAtLeast("admin") ? h("label", {}, override, " override the circuit breaker (admin; recorded in the log)") : null,
    !roleAtLeast("analyst") ? h("p", { class: "error" }, "Your role (viewer) can preview but not sweep.") : null,
    h("div", { class: "buttons" }, confirm, h("button", { onclick: () => box.replaceChildren() }, "Cancel")),
  ));
}

// ---------- account ----------

async function accountPage(id: string) {
  const d = await api("GET", "/api/accounts/" + encodeURIComponent(id));
  const a = d.account;
  let imp: any = null;
  try { imp = await api("GET", "/api/accounts/" + encodeURIComponent(a.id) + "/impact"); } catch (_) { /* impact not configured */ }
  app().replaceChildren(
    h("h1", {}, "@" + (a.screen_name || a.id), " ", h("span", { class: "badge " + (d.status === "suspended" ? "red" : "open"), id: "account-status" }, d.status)),
    h("div", { class: "grid2" },
      h("section", { class: "card" }, h("h3", {}, "Profile"),
        h("dl", {}, ([
          ["id", a.id], ["name", a.name], ["created", a.created_at], ["followers", num(a.followers_count)], ["following", num(a.friends_count)],
          ["posts", num(a.statuses_count)], ["description", a.description], ["url", a.url], ["bot score", d.bot_score === null ? "unscored" : fmt(d.bot_score) + (d.bot_score_source === "profile" ? " (profile only: not in a network)" : "")],
        ] as [string, any][]).filter((x) => x[1] !== undefined && x[1] !== "").map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
      h("section", { class: "card", id: "account-networks" }, h("h3", {}, "Networks"),
        d.networks.length ? h("ul", {}, d.networks.map((n: any) => h("li", {},
          h("a", { href: "#/network/" + encodeURIComponent(n.id) }, n.id), ` (${n.role}, tie ${fmt(n.tie)}): ${(n.reasons || []).join("; ")}`)))
          : h("p", { class: "muted" }, (d.amplified_by || []).length ? "Not a member of any network." : "Not listed in any network, and no network amplifies it.")),
      (d.amplified_by || []).length ? h("section", { class: "card", id: "amplified-by" }, h("h3", {}, `Amplified by ${num(d.amplified_by.length)} network${d.amplified_by.length === 1 ? "" : "s"}`),
        h("ul", {}, d.amplified_by.map((n: any) => h("li", {},
          h("a", { href: "#/network/" + encodeURIComponent(n.id), class: "amp-link" }, n.id),
          ` (rank ${n.rank}, ${num(n.size)} accounts): ${num(n.retweets)} retweets of this account, ${pct(n.share)} of the network's retweets`)))) : null,
      h("section", { class: "card" }, h("h3", {}, "Follower impact"),
        imp ? h("p", {}, `${num(imp.followers_before)} → ${num(imp.followers_after)} followers (lost ${num(imp.lost)}). `, h("a", { href: "#/impact/" + encodeURIComponent(a.id) }, "details")) : h("p", { class: "muted" }, "unavailable")),
      h("section", { class: "card wide" }, h("h3", {}, "Moderation history"),
        d.history.length ? h("table", {}, h("thead", {}, h("tr", {}, ["#", "when", "event", "actor", "reason", "sweep", "note"].map((t) => h("th", {}, t)))),
          h("tbody", {}, d.history.map((e: any) => h("tr", {}, h("td", {}, e.seq), h("td", {}, e.at), h("td", {}, e.kind + (e.outcome ? ` (${e.outcome})` : "")), h("td", {}, e.actor), h("td", {}, e.reason || ""), h("td", {}, e.sweep_id || ""), h("td", {}, e.note || ""))))) : h("p", { class: "muted" }, "No moderation events.")),
    ),
  );
}

// ---------- impact ----------

// sweepChanges lists an account's sweeps, and between two sweeps a row for
// any change the sweeps do not explain: the next sweep's "before" differs
// from the last one's "after" when followers were reinstated or followed
// in between.
function sweepChanges(bs: any[]) {
  const rows: HTMLElement[] = [];
  bs.forEach((s: any, i: number) => {
    if (i > 0) {
      const gap = s.followers_before - bs[i - 1].followers_after;
      if (gap !== 0) rows.push(h("tr", { class: "between" }, h("td", { colspan: 7 },
        `Between ${bs[i - 1].sweep_id} and ${s.sweep_id}: ${gap > 0 ? "+" : "−"}${num(Math.abs(gap))} follower${Math.abs(gap) === 1 ? "" : "s"} `
        + (gap > 0 ? "(suspended followers reinstated, or new follows)" : "(followers left or were suspended outside a sweep)"))));
    }
    rows.push(h("tr", { class: "sweep-row" }, h("td", {}, s.sweep_id), h("td", {}, String(s.at).replace("T", " ").replace("Z", "")), h("td", {}, num(s.followers_before)),
      h("td", {}, num(s.followers_after)), h("td", {}, num(s.removed)), h("td", {}, num(s.reinstated)), h("td", {}, num(s.still_removed))));
  });
  return rows;
}

async function impactPage(id: string) {
  const input = h("input", { id: "impact-account", placeholder: "screen name or id, e.g. realDonaldTrump", value: id }) as HTMLInputElement;
  const accountBox = h("div", { id: "impact-account-box" });
  const reportChart = h("div", { id: "report-chart", class: "chart tall" });
  const prominentChart = h("div", { id: "prominent-chart", class: "chart" });
  const reportBox = h("div", { id: "report-box" });
  app().replaceChildren(
    h("h1", {}, "Follower impact"),
    h("form", { class: "filters", onsubmit: (e: Event) => { e.preventDefault(); location.hash = "#/impact/" + encodeURIComponent(input.value.trim().replace(/^@/, "")); } },
      input, h("button", { type: "submit" }, "Look up")),
    accountBox,
    h("div", { class: "grid2" },
      h("section", { class: "card wide" }, reportChart),
      h("section", { class: "card" }, prominentChart),
      h("section", { class: "card" }, reportBox)),
  );
  if (id) {
    try {
      const imp = await api("GET", "/api/accounts/" + encodeURIComponent(id) + "/impact");
      const sweepChart = h("div", { class: "chart", id: "by-sweep-chart" });
      const bs: any[] = imp.by_sweep || [];
      accountBox.replaceChildren(h("section", { class: "card", id: "account-impact" },
        h("h3", {}, "@" + (imp.screen_name || imp.account || imp.account_id)),
        h("p", { class: "bignum" }, `${num(imp.followers_before)} → ${num(imp.followers_after)} followers: lost `, h("b", { id: "impact-lost" }, num(imp.lost)),
          ` (${pct(imp.lost_share)}); ${num(imp.flagged_followers)} of its followers (${pct(imp.flagged_share)}) are in detected networks.`),
        h("h4", {}, "Every change between sweeps"),
        bs.length ? h("table", { id: "sweep-changes" }, h("thead", {}, h("tr", {}, ["sweep", "at", "before", "after", "removed", "reinstated since", "still removed"].map((t) => h("th", {}, t)))),
          h("tbody", {}, sweepChanges(bs))) : h("p", { class: "muted", id: "no-sweep-changes" }, "No sweep has removed any of its followers."),
        sweepChart));
      barChart(sweepChart, "Followers lost per sweep", bs.map((s: any) => s.sweep_id), [{ name: "lost", data: bs.map((s: any) => s.removed), color: "#d6453d" }],
        { emptyText: "no followers lost to any sweep" });
    } catch (e) {
      accountBox.replaceChildren(errorBox(e));
    }
  }
  try {
    const rep = await api("GET", "/api/impact/report");
    const label = (l: any) => "@" + (l.screen_name || l.account || l.account_id);
    const top = rep.top_absolute || [];
    barChart(reportChart, "Purge report: most followers lost", top.map(label),
      [{ name: "lost", data: top.map((l: any) => l.lost), color: "#d6453d" }, { name: "kept", data: top.map((l: any) => l.followers_after), color: "#9db7e0" }],
      { rotate: 30, emptyText: "no sweeps yet: no account has lost followers" });
    const pr = rep.prominent || [];
    barChart(prominentChart, "Prominent accounts: share of followers lost (%)", pr.map(label),
      [{ name: "lost %", data: pr.map((l: any) => +(100 * l.lost_share).toFixed(2)), color: "#2f6fd6" }], { emptyText: "no prominent account has lost followers" });
    const tr = rep.tracking || {};
    const findings: string[] = rep.findings || [];
    reportBox.replaceChildren(h("h3", {}, "Was it even?"),
      h("div", { id: "findings" }, findings.length ? findings.map((f) => h("p", {}, f)) : h("p", { class: "muted" }, "No findings yet: nothing has been swept.")),
      h("p", {}, "Correlation between the share of followers lost and the share of flagged followers: ", h("b", { id: "corr" }, tr.corr_lost_flagged === null || tr.corr_lost_flagged === undefined ? "n/a" : fmt(tr.corr_lost_flagged))),
      tr.verdict ? h("p", { class: "muted" }, tr.verdict) : "",
      h("h4", {}, "Largest relative losses"), lossTable(rep.top_relative));
  } catch (e) {
    reportBox.replaceChildren(errorBox(e));
  }
}

// ---------- campaigns ----------

async function campaignsPage() {
  const data = await api("GET", "/api/campaigns");
  app().replaceChildren(
    h("h1", {}, "Sanctioned campaigns"),
    h("p", { class: "muted" }, "Posts with these hashtags inside their window never count as coordination."),
    h("div", { class: "campaigns" }, data.campaigns.length ? data.campaigns.map((c: any) => h("section", { class: "card campaign" },
      h("h2", {}, h("span", { class: "emoji" }, c.emoji), " ", h("span", { class: "hashtag" }, "#" + c.hashtag), c.active ? h("span", { class: "badge open" }, "active") : null),
      h("p", {}, c.note), h("p", { class: "muted" }, `${c.owner} · ${String(c.starts).slice(0, 10)} – ${String(c.ends).slice(0, 10)}`))) : h("p", { class: "muted" }, "No campaigns ingested.")),
  );
}

// ---------- router ----------

async function route() {
  teardown();
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", (a.getAttribute("href") || "").slice(2).split("/")[0] === (parts[0] || "")));
  app().replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    if (parts.length === 0) await queuePage(new URLSearchParams(query || ""));
    else if (parts[0] === "network" && parts[1]) await networkPage(parts[1]);
    else if (parts[0] === "account" && parts[1]) { await accountPage(parts[1]); onSweepsChanged = () => accountPage(parts[1]); }
    else if (parts[0] === "impact") { await impactPage(parts[1] || ""); onSweepsChanged = () => impactPage(parts[1] || ""); }
    else if (parts[0] === "campaigns") await campaignsPage();
    else app().replaceChildren(h("p", {}, "No such page."));
    document.body.dataset.ready = hash;
  } catch (e) {
    app().replaceChildren(errorBox(e));
    document.body.dataset.ready = hash;
  }
}

async function boot() {
  try {
    me = await api("GET", "/api/whoami");
  } catch (e) {
    if (!(e instanceof APIError && e.status === 401)) app().replaceChildren(errorBox(e));
    return;
  }
  await pollSweeps();
  startPolling();
  document.getElementById("who")!.replaceChildren(`${me!.name} (${me!.role}) `,
    h("button", { class: "link", onclick: () => { localStorage.removeItem(TOKEN_KEY); me = null; showLogin(); } }, "sign out"));
  await route();
}

window.addEventListener("hashchange", () => { if (me) route(); });
window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
if (!localStorage.getItem(TOKEN_KEY)) showLogin();
else boot();
