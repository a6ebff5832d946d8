// Readable SPARQL errors for the Query page: the same wording as planatlas/sparql.py gives in the CLI.
// No imports, so node can test it (tests/test_query_errors_js.py).
// The query with IRIs, strings and comments blanked out (same length): patterns see only syntax.
export function masked(text) {
  return text.replace(/<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*/g, (m) => " ".repeat(m.length));
}

// A prefixed name with a '/' in it (`id:partnership/west-kent-hcp`): SPARQL reads the '/' as a
// property path, so the engine reports an error further on. Same rule as sparql.py.
export function slashInPrefixedName(query, line) {
  const lines = masked(query).split("\n");
  const order = (line > 0 && line <= lines.length ? [line - 1] : []).concat([...lines.keys()]);
  const re = /(?<![\w:<?$\\-])([A-Za-z][\w.-]*)?:([\w.-]+)\/([A-Za-z0-9][\w-]*)(?![\w:-])/g;
  for (const i of order) {
    for (const m of lines[i].matchAll(re)) {
      if (m[3] === "a") continue;
      const prefix = m[1] || "";
      const fix = prefix === "id"
        ? `write ${m[2]}:${m[3]} (one prefix per record type), or id:${m[2]}\\/${m[3]}, or the full IRI in <...>`
        : `escape it (${prefix}:${m[2]}\\/${m[3]}) or write the full IRI in <...>`;
      return { line: i + 1, col: m.index + 1,
        what: `'${m[0]}': a prefixed name cannot contain '/' (SPARQL reads it as a property path); ${fix}` };
    }
  }
  return null;
}

// "error at 3:14: expected one of ..." -> "line 2, column 14: ..." (the prolog is one line).
export function readableError(message, query) {
  const m = /^error at (\d+):(\d+): ([\s\S]*)$/.exec(String(message).trim());
  if (!m) return String(message).split("\n")[0] || "the query could not be run";
  const line = Number(m[1]) - 1;
  let col = Number(m[2]);
  const detail = m[3].replace(/\s+/g, " ");
  const slashed = slashInPrefixedName(query, line);
  if (slashed) {
    const text = query.split("\n")[slashed.line - 1];
    return `line ${slashed.line}, column ${slashed.col}: ${slashed.what}\n  ${text}\n  ${" ".repeat(slashed.col - 1)}^`;
  }
  const text = query.split("\n")[line - 1] || "";
  let items = detail.startsWith("expected one of ") ? detail.slice(16).split(", ") : [detail];
  items = items.filter((i) => i && !i.startsWith("[") && !i.startsWith("'\\u"));
  const prose = items.filter((i) => i.includes(" ") && !i.startsWith("expected"));
  let what;
  if (prose.some((i) => i.startsWith("Prefix not found"))) {
    const pm = /([A-Za-z][\w.-]*)?:[\w.-]*$/.exec(text.slice(0, Math.max(col - 1, 0)));
    const name = pm && pm[1] ? pm[1] : "";
    if (pm) col = pm.index + 1;
    what = `unknown prefix '${name}:' (declare it: PREFIX ${name}: <...>)`;
  } else if (prose.length) {
    what = prose[0];
  } else {
    const near = text.slice(Math.max(col - 1, 0)).trim().split(/\s+/)[0];
    const where = near ? ` near '${near.slice(0, 20)}'` : " at the end of the line";
    what = items.length === 1 && items[0].startsWith("expected")
      ? `syntax error${where}: ${items[0]}`
      : `syntax error${where}${items.length ? ": expected one of " + items.slice(0, 12).join(", ") : ""}`;
  }
  let out = `line ${line}, column ${col}: ${what}`;
  if (text.trim()) out += `\n  ${text}\n  ${" ".repeat(Math.max(col - 1, 0))}^`;
  return out;
}

