// Query page results: headings in words, CSV with labels beside IRIs, and a bar chart (inline SVG)
// for a two-column result whose second column is numeric. Same rules as generator/planatlas/sitegen/querypages.py
// (headings) and escaping.csv_cell (CSV cells). No imports, so node can test it.

const SUFFIXES = { text: "(as written)" };
const ACRONYMS = Object.fromEntries(["CCG", "ICB", "ICS", "ICP", "HCP", "NHS", "PCN", "SRO", "HWB", "IRI", "CSV"]
  .map((a) => [a.toLowerCase(), a]));

// dueText -> "Due (as written)", ownedActions -> "Owned actions", ccg -> "CCG".
export function heading(variable) {
  const found = variable.replace(/_/g, " ").match(/[A-Z]{2,}(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+/g) || [];
  const words = found.map((w) => (w.length > 1 && w === w.toUpperCase() ? w : ACRONYMS[w.toLowerCase()] || w.toLowerCase()));
  if (!words.length) return variable;
  if (words.length > 1 && SUFFIXES[words[words.length - 1]]) words[words.length - 1] = SUFFIXES[words[words.length - 1]];
  const text = words.join(" ");
  return text[0].toUpperCase() + text.slice(1);
}

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const FORMULA_START = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"];

// One CSV cell, quoted: control and bidi characters removed, then the formula guard.
export function csvCell(value) {
  let text = String(value).replace(/\r\n|\r/g, "\n").replace(/\t/g, " ").replace(CONTROL, "");
  const start = text.replace(/^[ \n]+/, "");
  if (FORMULA_START.some((c) => start.startsWith(c)) && !/^-?[0-9]+(\.[0-9]+)?$/.test(text)) text = "'" + text;
  return `"${text.replace(/"/g, '""')}"`;
}

// CSV of a SELECT result: headings in words; beside each column that holds IRIs, "<heading> (IRI)".
// labelOf(term) gives the words a reader sees (record label, concept label or the literal).
export function resultCsv(vars, bindings, labelOf, headings) {
  const heads = headings && headings.length === vars.length ? headings : vars.map(heading);
  const iriVars = new Set(vars.filter((v) => bindings.some((b) => b[v] && b[v].type === "uri")));
  const header = [];
  vars.forEach((v, i) => { header.push(heads[i]); if (iriVars.has(v)) header.push(`${heads[i]} (IRI)`); });
  const lines = [header.map(csvCell).join(",")];
  for (const b of bindings) {
    const cells = [];
    for (const v of vars) {
      const t = b[v];
      cells.push(t ? labelOf(t) : "");
      if (iriVars.has(v)) cells.push(t && t.type === "uri" ? t.value : "");
    }
    lines.push(cells.map(csvCell).join(","));
  }
  return lines.join("\n") + "\n";
}

const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "byte",
  "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
  "unsignedLong", "unsignedShort", "unsignedByte"].map((t) => `http://www.w3.org/2001/XMLSchema#${t}`));

// Rows to chart: [{label, value}] when the result has two columns and the second is a number in every
// row (at most maxBars rows), else null.
export function chartRows(vars, bindings, labelOf, maxBars = 60) {
  if (vars.length !== 2 || !bindings.length || bindings.length > maxBars) return null;
  const rows = [];
  for (const b of bindings) {
    const n = b[vars[1]];
    if (!n || n.type !== "literal" || !NUMERIC.has(n.datatype) || !Number.isFinite(Number(n.value))) return null;
    rows.push({ label: b[vars[0]] ? labelOf(b[vars[0]]) : "", value: Number(n.value) });
  }
  return rows;
}

const SVG = "http://www.w3.org/2000/svg";

function svgEl(doc, tag, attrs, text) {
  const node = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A bar chart as an SVG element (text through textContent only): each row is its label on one line and
// its bar with the value below, so it stays legible when the page is a phone's width. Sized by the
// viewBox; a title and a description (every label and value) for screen readers.
export function barChart(doc, rows, { title, valueHeading }) {
  const width = 400, labelHeight = 16, barHeight = 14, gap = 10, valueRoom = 48;
  const rowHeight = labelHeight + barHeight + gap;
  const height = rows.length * rowHeight + gap;
  const max = Math.max(...rows.map((r) => Math.abs(r.value)), 0) || 1;
  const svg = svgEl(doc, "svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "pa-query-chart",
    "aria-labelledby": "pa-chart-title pa-chart-desc" });
  svg.append(svgEl(doc, "title", { id: "pa-chart-title" }, title));
  svg.append(svgEl(doc, "desc", { id: "pa-chart-desc" },
    rows.map((r) => `${r.label}: ${r.value}`).join("; ")));
  rows.forEach((r, i) => {
    const y = gap + i * rowHeight;
    const label = r.label.length > 64 ? r.label.slice(0, 63) + "…" : r.label;
    const text = svgEl(doc, "text", { x: 0, y: y + labelHeight - 4, class: "pa-chart-label" }, label);
    text.append(svgEl(doc, "title", {}, r.label));
    svg.append(text);
    const w = Math.max(1, Math.round((Math.abs(r.value) / max) * (width - valueRoom)));
    svg.append(svgEl(doc, "rect", { x: 0, y: y + labelHeight, width: w, height: barHeight, class: "pa-chart-bar" }));
    svg.append(svgEl(doc, "text", { x: w + 4, y: y + labelHeight + barHeight - 3, class: "pa-chart-value" },
      String(r.value)));
  });
  const wrap = doc.createElement("figure");
  wrap.className = "pa-query-figure";
  wrap.append(svg);
  const caption = doc.createElement("figcaption");
  caption.textContent = `${valueHeading} (bar length: value, largest ${max}).`;
  wrap.append(caption);
  return wrap;
}
