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
}

function errorBox(e: any) {
  return h("div", { class: "card error", role: "alert" }, e instanceof APIError ? `${e.status} ${e.code}: ${e.message}` : String(e));
}

function barChart(el: HTMLElement, title: string, labels: string[], series: { name: string; data: number[]; color?: string }[], opts: Attrs = {}) {
  const c = echarts.init(el, undefined, { renderer: "canvas" });
  c.setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: "axis" },
    legend: series.length > 1 ? { top: 0, right: 0 } : undefined,
    grid: { left: 50, right: 10, top: 36, bottom: opts.rotate ? 70 : 30 },
    xAxis: { type: "category", data: labels, axisLabel: { rotate: opts.rotate || 0, fontSize: 10 } },
    yAxis: { type: "value", name: opts.yName },
    series: series.map((s) => ({ type: "bar", name: s.name, data: s.data, itemStyle: s.color ? { color: s.color } : undefined })),
  });
  charts.push(c);
  return c;
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

const KIND_COLORS: Record<string, string> = { core: "#d6453d", associated: "#f0a030", amplified: "#2f6fd6", domain: "#3a9d5d" };

function drawGraph(container: HTMLElement, g: any, suspended: Set<string>) {
  const graph = new Graph({ multi: false, type: "directed" });
  const n = g.nodes.length;
  g.nodes.forEach((node: any, i: number) => {
    const hub = node.kind === "amplified" || node.kind === "domain";
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    graph.addNode(node.id, {
      label: hub ? node.label : undefined,
      x: hub ? Math.cos(angle) * 0.2 : Math.cos(angle) * (1 + (i % 7) / 10),
      y: hub ? Math.sin(angle) * 0.2 : Math.sin(angle) * (1 + (i % 7) / 10),
      size: hub ? 12 : 3,
      color: suspended.has(node.id) ? "#888888" : KIND_COLORS[node.kind] || "#999",
      kind: node.kind,
      fullLabel: node.label,
    });
  });
  for (const e of g.edges) {
    if (graph.hasNode(e.source) && graph.hasNode(e.target) && !graph.hasEdge(e.source, e.target))
      graph.addEdge(e.source, e.target, { size: Math.min(3, 0.3 + Math.log1p(e.weight) / 3), color: e.kind === "follow" ? "#bbbbbb" : "#c8d3e6", kind: e.kind });
  }
  if (graph.order > 1 && graph.size > 0) {
    forceAtlas2.assign(graph, { iterations: graph.order > 1500 ? 60 : 120, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 } });
  }
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
    drawGraph2D(container, graph);
  }
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

async function networkPage(id: string) {
  const n = await api("GET", "/api/networks/" + encodeURIComponent(id));
  const suspended = new Set<string>(n.suspended || []);
  const ev = n.evidence || {};
  const graphBox = h("div", { id: "graph", class: "graph" });
  const creationBox = h("div", { id: "creation-chart", class: "chart" });
  const delayBox = h("div", { id: "delay-chart", class: "chart" });
  const sweepBox = h("div", { id: "sweep-panel" });
  const withAssoc = h("input", { type: "checkbox", id: "with-associated", checked: true }) as HTMLInputElement;
  const list = (title: string, items: any[] | undefined, render: (x: any) => Child) =>
    h("section", { class: "card" }, h("h3", {}, title), items && items.length ? h("ul", {}, items.map((x) => h("li", {}, render(x)))) : h("p", { class: "muted" }, "none"));
  app().replaceChildren(
    h("p", {}, h("a", { href: "#/" }, "← queue")),
    h("h1", {}, `Network ${n.id} `, h("span", { class: "badge" }, `rank ${n.rank}`), n.state_backed ? h("span", { class: "badge red" }, "state-backed") : null),
    h("p", { class: "summary" }, n.summary),
    h("div", { class: "stats" },
      h("div", {}, h("b", {}, fmt(n.score)), h("small", {}, "score")),
      h("div", {}, h("b", {}, num(n.size)), h("small", {}, "members")),
      h("div", {}, h("b", { id: "suspended-count" }, num(suspended.size)), h("small", {}, "suspended")),
      h("div", {}, h("b", {}, num((n.sweeps || []).length)), h("small", {}, "sweeps")),
    ),
    h("section", { class: "card sweep" },
      h("label", {}, withAssoc, " include associated accounts"),
      h("button", { id: "sweep-button", class: "danger", onclick: () => previewSweep(n, withAssoc.checked, sweepBox) }, "Sweep this network…"),
      sweepBox,
    ),
    h("div", { class: "grid2" },
      h("section", { class: "card wide" }, h("h3", {}, "Member graph"),
        h("p", { class: "legend" }, ["core", "associated", "amplified", "domain"].map((k) => h("span", {}, h("i", { style: `background:${KIND_COLORS[k]}` }), k)), h("span", {}, h("i", { style: "background:#888" }), "suspended")),
        graphBox, h("p", { class: "muted", id: "graph-note" }, "")),
      h("section", { class: "card" }, creationBox),
      h("section", { class: "card" }, delayBox),
      list("Amplified accounts", n.amplified, (a) => [acctLink(a.account_id, "@" + a.screen_name), ` — ${num(a.retweets)} retweets (${pct(a.share)})`]),
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
          h("tbody", {}, n.members.slice(0, 100).map((m: any) => h("tr", {},
            h("td", {}, acctLink(m.account_id, "@" + (m.screen_name || m.account_id))), h("td", {}, m.role), h("td", {}, fmt(m.score)),
            h("td", {}, m.bot_score === undefined ? "—" : fmt(m.bot_score)),
            h("td", {}, suspended.has(m.account_id) ? h("span", { class: "badge" }, "suspended") : "active"),
            h("td", {}, (m.reasons || []).join("; ")))))),
        n.members.length > 100 ? h("p", { class: "muted" }, `first 100 of ${n.members.length}`) : null),
    ),
  );
  const ch = ev.creation_histogram || [];
  barChart(creationBox, "Account creation dates", ch.map((d: any) => d.day), [{ name: "accounts", data: ch.map((d: any) => d.count), color: "#d6453d" }], { rotate: 45 });
  const dh = ev.retweet_delay_histogram || [];
  const secs = (s: number) => (s >= 3600 ? s / 3600 + "h" : s >= 60 ? s / 60 + "m" : s + "s");
  barChart(delayBox, "Retweet delay after the original", dh.map((b: any) => `${secs(b.lo_s)}–${secs(b.hi_s)}`), [{ name: "retweets", data: dh.map((b: any) => b.count), color: "#2f6fd6" }]);
  try {
    const g = await api("GET", "/api/networks/" + encodeURIComponent(id) + "/graph");
    drawGraph(graphBox, g, suspended);
    document.getElementById("graph-note")!.textContent = `${g.shown} of ${g.members} members drawn, ${g.edges.length} ties. Click an account to open it.`;
  } catch (e) {
    graphBox.replaceChildren(errorBox(e));
  }
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
        const c = document.getElementById("suspended-count");
        if (c) c.textContent = num(Number(c.textContent!.replace(/,/g, "")) + res.sweep.accounts.length);
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
      h("section", { class: "card" }, h("h3", {}, "Networks"),
        d.networks.length ? h("ul", {}, d.networks.map((n: any) => h("li", {},
          h("a", { href: "#/network/" + encodeURIComponent(n.id) }, n.id), ` (${n.role}, tie ${fmt(n.tie)}): ${(n.reasons || []).join("; ")}`))) : h("p", { class: "muted" }, "Not listed in any network.")),
      h("section", { class: "card" }, h("h3", {}, "Follower impact"),
        imp ? h("p", {}, `${num(imp.followers_before)} → ${num(imp.followers_after)} followers (lost ${num(imp.lost)}). `, h("a", { href: "#/impact/" + encodeURIComponent(a.id) }, "details")) : h("p", { class: "muted" }, "unavailable")),
      h("section", { class: "card wide" }, h("h3", {}, "Moderation history"),
        d.history.length ? h("table", {}, h("thead", {}, h("tr", {}, ["#", "when", "event", "actor", "reason", "sweep", "note"].map((t) => h("th", {}, t)))),
          h("tbody", {}, d.history.map((e: any) => h("tr", {}, h("td", {}, e.seq), h("td", {}, e.at), h("td", {}, e.kind + (e.outcome ? ` (${e.outcome})` : "")), h("td", {}, e.actor), h("td", {}, e.reason || ""), h("td", {}, e.sweep_id || ""), h("td", {}, e.note || ""))))) : h("p", { class: "muted" }, "No moderation events.")),
    ),
  );
}

// ---------- impact ----------

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
      accountBox.replaceChildren(h("section", { class: "card", id: "account-impact" },
        h("h3", {}, "@" + (imp.screen_name || imp.account || imp.account_id)),
        h("p", { class: "bignum" }, `${num(imp.followers_before)} → ${num(imp.followers_after)} followers: lost `, h("b", { id: "impact-lost" }, num(imp.lost))),
        h("table", {}, h("thead", {}, h("tr", {}, ["sweep", "at", "before", "after", "lost"].map((t) => h("th", {}, t)))),
          h("tbody", {}, (imp.by_sweep || []).map((s: any) => h("tr", { class: "sweep-row" }, h("td", {}, s.sweep_id), h("td", {}, s.at), h("td", {}, num(s.followers_before)), h("td", {}, num(s.followers_after)), h("td", {}, num(s.removed)))))),
        sweepChart));
      barChart(sweepChart, "Followers lost per sweep", (imp.by_sweep || []).map((s: any) => s.sweep_id), [{ name: "lost", data: (imp.by_sweep || []).map((s: any) => s.removed), color: "#d6453d" }]);
    } catch (e) {
      accountBox.replaceChildren(errorBox(e));
    }
  }
  try {
    const rep = await api("GET", "/api/impact/report");
    const label = (l: any) => "@" + (l.screen_name || l.account || l.account_id);
    const top = rep.top_absolute || [];
    barChart(reportChart, "Purge report: most followers lost", top.map(label),
      [{ name: "lost", data: top.map((l: any) => l.lost), color: "#d6453d" }, { name: "kept", data: top.map((l: any) => l.followers_after), color: "#9db7e0" }], { rotate: 30 });
    const pr = rep.prominent || [];
    barChart(prominentChart, "Prominent accounts: share of followers lost (%)", pr.map(label),
      [{ name: "lost %", data: pr.map((l: any) => +(100 * l.lost_share).toFixed(2)), color: "#2f6fd6" }]);
    const tr = rep.tracking || {};
    reportBox.replaceChildren(h("h3", {}, "Was it even?"),
      (rep.findings || []).map((f: string) => h("p", {}, f)),
      h("p", {}, "Correlation between the share of followers lost and the share of flagged followers: ", h("b", { id: "corr" }, tr.corr_lost_flagged === null || tr.corr_lost_flagged === undefined ? "n/a" : fmt(tr.corr_lost_flagged))),
      tr.verdict ? h("p", { class: "muted" }, tr.verdict) : null,
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
    else if (parts[0] === "account" && parts[1]) await accountPage(parts[1]);
    else if (parts[0] === "impact") await impactPage(parts[1] || "");
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
  document.getElementById("who")!.replaceChildren(`${me!.name} (${me!.role}) `,
    h("button", { class: "link", onclick: () => { localStorage.removeItem(TOKEN_KEY); me = null; showLogin(); } }, "sign out"));
  await route();
}

window.addEventListener("hashchange", () => { if (me) route(); });
window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
if (!localStorage.getItem(TOKEN_KEY)) showLogin();
else boot();
