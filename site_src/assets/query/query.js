// The Query page: SPARQL in the browser with Oxigraph (WebAssembly) over the site's own
// N-Triples download. Every URL is resolved against this script's own URL, so the site works
// from any static host and under any sub-path. Results are written with textContent only.
// A strict Content-Security-Policy must allow 'wasm-unsafe-eval' in script-src.
import init, { Store } from "./vendor/web.js";
import { readableError } from "./errors.js";
import { barChart, chartRows, heading, resultCsv } from "./results.js";

const SITE_ROOT = new URL("../../", import.meta.url);
const MAX_ROWS = 5000;

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

// The query form, to ask Oxigraph for JSON results (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE).
function queryForm(query) {
  const stripped = query
    .replace(/<[^>\s]*>/g, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
    .replace(/#[^\n]*/g, " ");
  const m = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(stripped);
  return m ? m[1].toUpperCase() : "SELECT";
}

// How deep '{', '(' and '[' nest outside strings, IRIs and comments. Oxigraph's parser recurses: a
// query of 20,000 '{' broke the WebAssembly engine ("memory access out of bounds") until a reload.
const MAX_NESTING = 256;
function nesting(query) {
  // One pass, as the server's check (sparql._NOT_CODE): whichever of a comment, a string or an IRI
  // starts first wins, so a '#' in an IRI cannot hide the brackets after it.
  const code = query.replace(
    /#[^\n]*|"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>/g, " ");
  let depth = 0;
  let deepest = 0;
  for (const ch of code) {
    if (ch === "{" || ch === "(" || ch === "[") deepest = Math.max(deepest, ++depth);
    else if (ch === "}" || ch === ")" || ch === "]") depth = Math.max(depth - 1, 0);
  }
  return deepest;
}

class QueryPage {
  constructor(root, config, store) {
    this.root = root;
    this.config = config;
    this.store = store;
    this.prolog = Object.entries(config.prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join(" ") + "\n";
    this.text = root.querySelector("#pa-query-text");
    this.status = root.querySelector("#pa-query-status");
    this.error = root.querySelector("#pa-query-error");
    this.results = root.querySelector("#pa-query-results");
    this.link = root.querySelector("#pa-query-link");
    this.headings = null;        // column headings of the chosen answered question, if it is unchanged
    this.downloads = [];         // object URLs of the last downloads, revoked on the next run
  }

  // ?query=<the query>: a link anyone can open to run the same query.
  share(query) {
    const url = new URL(location.href);
    url.searchParams.delete("question");
    url.searchParams.set("query", query);
    history.replaceState(null, "", url);
    this.link.href = url.href;
    this.link.hidden = false;
  }

  download(name, type, text, label) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    this.downloads.push(url);
    return el("a", label, { href: url, download: name, class: "md-button" });
  }

  labelOf(term, labels) {
    if (term.type === "uri") {
      const r = this.recordOf(term.value);
      if (r) {
        const record = this.config.base + r.type + "/" + r.id;
        const rest = term.value.slice(record.length).replace(/^\/|\/$/g, "").replace(/\//g, " ");
        return (labels.get(record) || `${r.type}/${r.id}`) + (rest ? ` (${rest})` : "");
      }
      return this.config.concepts[term.value] || this.compact(term.value);
    }
    return term.type === "bnode" ? `_:${term.value}` : term.value;
  }

  run() {
    const query = this.text.value;
    this.error.hidden = true;
    this.error.textContent = "";
    this.results.replaceChildren();
    for (const url of this.downloads) URL.revokeObjectURL(url);
    this.downloads = [];
    this.share(query);
    const t0 = performance.now();
    let out;
    const form = queryForm(query);
    const deep = nesting(query);
    try {
      if (deep > MAX_NESTING) {
        throw new Error(`the query nests brackets ${deep.toLocaleString("en-GB")} deep; the limit is ${MAX_NESTING} `
          + "(write the groups one after another, not one inside another)");
      }
      const format = form === "CONSTRUCT" || form === "DESCRIBE" ? "application/n-triples" : "application/sparql-results+json";
      out = this.store.query(this.prolog + query, { results_format: format });
    } catch (e) {
      this.error.textContent = readableError(e && e.message ? e.message : e, query);
      this.error.hidden = false;
      this.status.textContent = "The query has an error.";
      this.root.dataset.state = "error";
      return;
    }
    const ms = Math.round(performance.now() - t0);
    if (form === "CONSTRUCT" || form === "DESCRIBE") {
      const lines = out.split("\n").filter((l) => l.trim());
      this.results.append(el("pre", lines.slice(0, MAX_ROWS).join("\n")));
      this.done(`${lines.length} triple${lines.length === 1 ? "" : "s"} in ${ms} ms.`);
      return;
    }
    const data = JSON.parse(out);
    if ("boolean" in data) {
      this.results.append(el("p", data.boolean ? "Yes (true)" : "No (false)", { class: "pa-query-boolean" }));
      this.done(`Answered in ${ms} ms.`);
      return;
    }
    this.table(data.head.vars, data.results.bindings, data);
    const n = data.results.bindings.length;
    const shown = n > MAX_ROWS ? ` (the first ${MAX_ROWS} are shown)` : "";
    this.done(`${n} row${n === 1 ? "" : "s"} in ${ms} ms${shown}.`);
  }

  done(message) {
    this.status.textContent = message;
    this.root.dataset.state = "done";
  }

  recordOf(iri) {
    if (!iri.startsWith(this.config.base)) return null;
    const [type, id] = iri.slice(this.config.base.length).split("/");
    const plural = this.config.pages[type];
    return plural && id ? { type, id, href: this.root.dataset.root + `${plural}/${encodeURIComponent(id)}/` } : null;
  }

  labels(bindings) {
    const iris = new Set();
    for (const b of bindings.slice(0, MAX_ROWS)) {
      for (const t of Object.values(b)) {
        const r = t.type === "uri" && this.recordOf(t.value);
        if (r) iris.add(this.config.base + r.type + "/" + r.id);
      }
    }
    const labels = new Map();
    const list = [...iris];
    for (let i = 0; i < list.length; i += 500) {
      const values = list.slice(i, i + 500).map((x) => `<${x}>`).join(" ");
      const rows = this.store.query(
        `SELECT ?s ?l WHERE { VALUES ?s { ${values} } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }`);
      for (const row of rows) labels.set(row.get("s").value, row.get("l").value);
    }
    return labels;
  }

  compact(iri) {
    let best = "";
    for (const [p, ns] of Object.entries(this.config.prefixes)) {
      if (iri.startsWith(ns) && ns.length > (this.config.prefixes[best] || "").length) best = p;
    }
    return best ? `${best}:${iri.slice(this.config.prefixes[best].length)}` : `<${iri}>`;
  }

  cell(term, labels) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const r = this.recordOf(term.value);
      if (r) {
        const record = this.config.base + r.type + "/" + r.id;
        const rest = term.value.slice(record.length).replace(/^\/|\/$/g, "").replace(/\//g, " ");
        const text = (labels.get(record) || `${r.type}/${r.id}`) + (rest ? ` (${rest})` : "");
        td.append(el("a", text, { href: r.href, title: term.value }));
      } else if (this.config.concepts[term.value]) {
        td.append(el("span", this.config.concepts[term.value], { title: term.value }));
      } else {
        td.append(el("code", this.compact(term.value)));
      }
      return td;
    }
    td.textContent = term.type === "bnode" ? `_:${term.value}` : term.value;
    return td;
  }

  table(vars, bindings, data) {
    const labels = this.labels(bindings);
    const heads = this.headings && this.headings.length === vars.length ? this.headings : vars.map(heading);
    const labelOf = (t) => this.labelOf(t, labels);
    const actions = el("p", null, { class: "pa-query-downloads" });
    actions.append(
      this.download("query-result.csv", "text/csv", resultCsv(vars, bindings, labelOf, heads), "Download CSV"), " ",
      this.download("query-result.json", "application/sparql-results+json", JSON.stringify(data, null, 1),
        "Download JSON"), " ",
      el("span", "CSV has the label beside every IRI; JSON is the SPARQL 1.1 results format.",
        { class: "pa-query-hint" }));
    this.results.append(actions);
    const chart = chartRows(vars, bindings, labelOf);
    if (chart) {
      this.results.append(barChart(document, chart, { title: `${heads[1]} by ${heads[0].toLowerCase()}`,
        valueHeading: heads[1] }));
    }
    const table = el("table");   // no class: Material styles table:not([class])
    const head = el("tr");
    vars.forEach((v, i) => head.append(el("th", heads[i], { title: `?${v}` })));
    table.append(el("thead"));
    table.tHead.append(head);
    const body = el("tbody");
    for (const b of bindings.slice(0, MAX_ROWS)) {
      const tr = el("tr");
      for (const v of vars) tr.append(this.cell(b[v], labels));
      body.append(tr);
    }
    table.append(body);
    const wrap = el("div", null, { class: "md-typeset__table" });
    wrap.append(table);
    this.results.append(wrap);
  }
}

// The editor is an enhancement: it loads beside the engine, and without it the textarea works as before.
async function attach(root, text, config, run) {
  try {
    const [{ attachEditor }, terms] = await Promise.all([
      import("./vendor/editor.js"), fetch(new URL("terms.json", import.meta.url)).then((r) => r.json())]);
    const editor = attachEditor(text, { prefixes: config.prefixes, terms, onRun: run });
    root.dataset.editor = "codemirror";
    return editor;
  } catch (e) {
    root.dataset.editor = "textarea";
    return null;
  }
}

async function start() {
  const root = document.getElementById("pa-query");
  if (!root || root.dataset.started) return;
  root.dataset.started = "1";
  const status = root.querySelector("#pa-query-status");
  const button = root.querySelector("#pa-query-run");
  const select = root.querySelector("#pa-query-example");
  const text = root.querySelector("#pa-query-text");
  button.disabled = true;
  let page;
  let editor = null;
  try {
    const config = await (await fetch(new URL("config.json", import.meta.url))).json();
    status.textContent = "Loading the plan graph…";
    const editing = attach(root, text, config, () => page && page.run());
    const [, response] = await Promise.all([init(), fetch(new URL(config.graph, SITE_ROOT))]);
    if (!response.ok) throw new Error(`the graph download answered HTTP ${response.status}`);
    const store = new Store();
    store.load(await response.text(), { format: "application/n-triples" });
    page = new QueryPage(root, config, store);
    editor = await editing;
    status.textContent = `Ready: ${store.size} triples loaded. Write a query and run it.`;
    root.dataset.state = "ready";
  } catch (e) {
    status.textContent = `The query engine could not start: ${e && e.message ? e.message : e}`;
    root.dataset.state = "failed";
    return;
  }
  const byName = new Map(page.config.questions.map((q) => [q.name, q]));
  const setText = (value) => {
    if (editor) editor.setValue(value); else text.value = value;
  };
  const load = (name) => {
    const q = byName.get(name);
    if (q) {
      setText(q.query);
      page.headings = q.columns && q.columns.length ? q.columns : null;
    }
    return Boolean(q);
  };
  select.addEventListener("change", () => { if (load(select.value)) page.run(); });
  button.addEventListener("click", () => page.run());
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); page.run(); }
  });
  text.addEventListener("input", () => { page.headings = null; });
  if (editor) editor.view.dom.addEventListener("keydown", () => { page.headings = null; });
  button.disabled = false;
  // ?question=<name> (not ?q=, which Material's search reads as a search term); ?query=<SPARQL>.
  const params = new URLSearchParams(location.search);
  const wanted = params.get("question");
  const shared = params.get("query");
  if (wanted && load(wanted)) { select.value = wanted; page.run(); } else if (shared) { setText(shared); page.run(); }
}

start();
