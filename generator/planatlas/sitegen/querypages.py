"""Answered questions (graph/queries/*.rq) as site pages, the Query page and its assets.

An emitter (see `emitters.py`): `query_pages(ctx)` returns {path under docs/: content}; it reads
the queries, every record, the settings, and the project's `site_src/assets/query/` and
`node_modules/oxigraph/` (from the project the command runs in, never the package's checkout).

Why results are computed at build time: a reader sees the answer without running anything,
and the same rows are what `planatlas query` and the in-browser Query page give (tested).
Result tables are raw HTML built from escaped text, like the record pages, so no value from a
record can become Markdown or HTML.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

from planatlas import model
from planatlas.graph.dataset import engine_for
from planatlas.errors import CannotRun, QueryError
from planatlas.parallel import fork_map
from planatlas.sitegen.escaping import csv_cell, front_matter_title, md_text, plain
from planatlas.sitegen.outputs import DOWNLOADS, Kept, record_url
from planatlas.pipeline import Context
from planatlas.sitegen.queryeditor import editor_bundle
from planatlas.sitegen.sitememo import copied
from planatlas.graph.rdfgraph import CONCEPT_BASE, split_iri
from planatlas.query.sparql import Result, Term, compact, prefix_map
from planatlas.sitegen.vocabulary import completion_terms
from planatlas.query.questions import Question, heading, load_questions   # noqa: F401 (the emitter's reader)

ASSETS = "assets/query"
MAX_ROWS_SHOWN = 2000
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.I)
_LIMIT = re.compile(r"\b(LIMIT|OFFSET)\b", re.I)


def total_order(query: str, variables: list[str]) -> str:
    """The query with every projected variable added to the end of its final ORDER BY, so rows that tie
    on the query's own keys come in one order in every build (Oxigraph may return ties in another order
    in another process, and the pages must be byte-identical).  A query without an outer ORDER BY is
    returned unchanged."""
    found = list(_ORDER_BY.finditer(query))
    if not found or not variables or query.rfind("}") > found[-1].start():
        return query
    start = found[-1].end()
    limit = _LIMIT.search(query, start)
    cut = limit.start() if limit else len(query)
    keys = query[start:cut].rstrip()
    return query[:start] + keys + " " + " ".join(f"?{v}" for v in variables) + ("\n" + query[cut:] if limit else "\n")


_SELECT = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:WHERE\b|\{)", re.S | re.M | re.I)
_AS_VAR = re.compile(r"\bAS\s+\?(\w+)\s*\)\s*$", re.I)


def projected(query: str) -> list[str] | None:
    """The variables the outer SELECT projects, read from the text (`?a`, `(expr AS ?b)`); None for
    `SELECT *` or a projection this reading does not follow."""
    m = _SELECT.search("\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#")))
    if not m:
        return None
    out, depth, start = [], 0, 0
    clause = m.group(1)
    for i, ch in enumerate(clause):
        if ch == "(":
            depth, start = depth + 1, (i if depth == 0 else start)
        elif ch == ")":
            depth -= 1
            if depth == 0:
                named = _AS_VAR.search(clause[start:i + 1])
                if not named:
                    return None
                out.append(named.group(1))
        elif ch == "?" and depth == 0:
            out.append(re.match(r"\?(\w+)", clause[i:]).group(1))
        elif ch == "*" and depth == 0:
            return None
    return out or None


def answer(engine, query: str) -> Result:
    """A question's rows as the site shows them: in the query's order, ties in one order (total_order).

    The projected variables are read from the query, so it runs once; only a projection that cannot
    be read (`SELECT *`) costs a first run to learn them."""
    variables = projected(query)
    if variables is not None:
        return engine.run(total_order(query, variables))
    first = engine.run(query)
    ordered = total_order(query, first.vars)
    return engine.run(ordered) if len(first.rows) > 1 and ordered != query else first


def query_pages(ctx: Context) -> dict[str, str | bytes | Kept]:
    """questions/<name>.md per question, questions/index.md, query/index.md and the Query page assets."""
    questions = load_questions(Path(ctx.graph_dir) / "queries", ctx.root, ctx.config.base_iri)
    engine = engine_for(ctx)
    files: dict[str, str | bytes | Kept] = {}
    counts = {}
    labels = CellMaker(ctx, depth=0)

    def one(q: Question) -> tuple[int, str, str | None]:
        """(rows, page, CSV or None) of one question."""
        try:
            result = answer(engine, q.query)
        except QueryError as exc:
            raise QueryError(f"{Path(ctx.graph_dir) / 'queries' / (q.name + '.rq')}: {exc}") from None
        return (len(result.rows), question_page(ctx, q, result),
                result_csv(q, result, labels) if result.kind == "select" else None)

    # two cores: a forked child answers every second question (parallel.py; at most 0.7 s each at 20,000 records)
    for q, (rows, page, table) in zip(questions, fork_map(one, questions, min_items=8)):
        counts[q.name] = rows
        files[f"questions/{q.name}.md"] = page
        if table is not None:
            files[f"questions/{q.name}.csv"] = table
    files["questions/index.md"] = questions_index(questions, counts)
    files["query/index.md"] = query_page(questions)
    files.update(query_assets(ctx, questions))
    return files


# Result cells ----------------------------------------------------------------------------
class CellMaker:
    """Turns result terms into escaped HTML: record IRIs become links to their pages (by label)."""

    def __init__(self, ctx: Context, depth: int) -> None:
        self.base = ctx.config.base_iri
        self.records = ctx.records.records
        self.prefix = "../" * depth
        self.prefixes = prefix_map(self.base)
        self._labels: dict[str, str] = {}       # IRI → label, HTML: an answer names the same owners,
        self._html: dict[tuple[str, str], str] = {}     # plans and types on many rows

    def record_of(self, iri: str):
        """The record an IRI names (a nested observation or citation belongs to its record)."""
        parts = split_iri(self.base, iri)
        r = self.records.get(parts[1]) if parts else None
        return r if r is not None and r.type == parts[0] else None

    def label(self, t: Term | None) -> str:
        """The words a reader sees for a term: a record's label, a concept's label, else its text."""
        if t is None:
            return ""
        if t.type != "uri":
            return t.value
        hit = self._labels.get(t.value)
        if hit is None:
            hit = self._labels[t.value] = self._label(t)
        return hit

    def _label(self, t: Term) -> str:
        r = self.record_of(t.value)
        if r is not None:
            rest = t.value[len(self.base) + len(r.type) + 1 + len(r.id):]
            return r.label + (f" ({rest.strip('/').replace('/', ' ')})" if rest else "")
        return concept_label(t.value) or compact(t.value, self.prefixes)

    def html(self, t: Term | None) -> str:
        if t is None:
            return ""
        key = (t.type, t.value)
        hit = self._html.get(key)
        if hit is None:
            hit = self._html[key] = self._cell_html(t)
        return hit

    def _cell_html(self, t: Term) -> str:
        if t.type == "uri":
            r = self.record_of(t.value)
            if r is not None:
                label = r.label
                rest = t.value[len(self.base) + len(r.type) + 1 + len(r.id):]
                if rest:
                    label += f" ({rest.strip('/').replace('/', ' ')})"
                href = html.escape(self.prefix + record_url(r.type, r.id), quote=True)
                return f'<a href="{href}" title="{html.escape(t.value, quote=True)}">{_esc(label)}</a>'
            concept = concept_label(t.value)
            if concept:
                return f'<span title="{html.escape(t.value, quote=True)}">{_esc(concept)}</span>'
            return f"<code>{_esc(compact(t.value, self.prefixes))}</code>"
        return _esc(t.value)


def concept_label(iri: str) -> str:
    if not iri.startswith(CONCEPT_BASE):
        return ""
    scheme, _, cid = iri[len(CONCEPT_BASE):].partition("/")
    return model.SCHEMES.get(scheme, model.EMPTY_SCHEME).concepts.get(cid, "")


def _esc(text: str) -> str:
    return html.escape(plain(text), quote=True)


def result_csv(q: Question, result: Result, cells: CellMaker) -> str:
    """The answer as CSV for spreadsheets: headings in words, and beside every column that holds IRIs the
    label a reader sees, so no one has to look an IRI up.  Cells are guarded against formula injection."""
    headings = q.headings(result.vars)
    iri_vars = {v for v in result.vars if any(r.get(v) is not None and r[v].type == "uri" for r in result.rows)}
    header: list[str] = []
    for v, h in zip(result.vars, headings):
        header += [h, f"{h} (IRI)"] if v in iri_vars else [h]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(h) for h in header])
    for row in result.rows:
        line: list[str] = []
        for v in result.vars:
            t = row.get(v)
            line.append(cells.label(t))
            if v in iri_vars:
                line.append(t.value if t is not None and t.type == "uri" else "")
        writer.writerow([csv_cell(c) for c in line])
    return out.getvalue()


def result_table(result: Result, cells: CellMaker, headings: list[str] | None = None) -> str:
    """A raw HTML table (one block, no blank lines, so Markdown leaves it alone)."""
    if result.kind == "ask":
        return f"<p><strong>{'Yes' if result.boolean else 'No'}</strong></p>"
    if result.kind == "graph":
        return "<pre>" + _esc("\n".join(result.triples[:MAX_ROWS_SHOWN])) + "</pre>"
    headings = headings or [heading(v) for v in result.vars]
    head = "".join(f'<th title="?{html.escape(v, quote=True)}">{_esc(h)}</th>' for v, h in zip(result.vars, headings))
    body = "".join("<tr>" + "".join(f"<td>{cells.html(row.get(v))}</td>" for v in result.vars) + "</tr>"
                   for row in result.rows[:MAX_ROWS_SHOWN])
    # No class on the table: Material styles only `table:not([class])`.
    return (f'<div class="pa-results"><table><thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table></div>')


# Pages ------------------------------------------------------------------------------------
def _front(title: str) -> list[str]:
    return ["---", f"title: {front_matter_title(title)}", "---", ""]


def question_page(ctx: Context, q: Question, result: Result) -> str:
    n = len(result.rows)
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", q.query)), default=0))
    shown = f" (the first {MAX_ROWS_SHOWN} are shown)" if n > MAX_ROWS_SHOWN else ""
    download = (f' <a href="../{html.escape(q.name, quote=True)}.csv" download>Download it as CSV</a> '
                "(labels beside IRIs)." if result.kind == "select" else "")
    out = _front(q.title) + [
        f"# {md_text(q.title)}", "", md_text(q.description), "",
        "## The answer { data-search-exclude }", "",
        f"<p>{n} row{'s' if n != 1 else ''}{shown}, computed when the site was built.{download}</p>", "",
        result_table(result, CellMaker(ctx, depth=2), q.headings(result.vars)), "",
        "## The query { data-search-exclude }", "",
        f'<p><a href="../../query/?question={html.escape(q.name)}">Open it in the Query page</a> to change it, or run '
        f"<code>planatlas query graph/queries/{html.escape(q.name)}.rq</code>.</p>", "",
        f"{fence}sparql", query_body(q.query), fence, ""]
    return "\n".join(out)


def query_body(text: str) -> str:
    """The query without its header comment (the page already shows title and description)."""
    lines = text.rstrip("\n").split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def questions_index(questions: list[Question], counts: dict[str, int]) -> str:
    out = _front("Answered questions") + [
        "# Answered questions", "",
        "Questions that cut across the plans, each answered by a SPARQL query over the plan graph. "
        "The queries live in `graph/queries/`; every page shows the query and its answer, and the "
        "[Query page](../query/index.md) lets you change them or write your own.", "",
        "| question | rows |", "| --- | --- |"]
    for q in questions:
        out.append(f"| [{md_text(q.title)}]({q.name}.md) | {counts[q.name]} |")
    return "\n".join(out) + "\n"


def query_page(questions: list[Question]) -> str:
    """The in-browser SPARQL page: Oxigraph (WASM) over the site's own N-Triples download."""
    options = "".join(f'<option value="{html.escape(q.name, quote=True)}">{_esc(q.title)}</option>'
                      for q in questions)
    return "\n".join(_front("Query the plan") + [
        "# Query the plan", "",
        "Write a SPARQL query and run it in your browser: the whole plan graph is loaded from this "
        "site's [N-Triples download](../data/index.md) into [Oxigraph](https://github.com/oxigraph/oxigraph) "
        "compiled to WebAssembly; nothing is sent anywhere. The project's prefixes are predeclared: "
        "`pa:`, `org:`, `skos:`, `dcterms:` and the other vocabularies, one per record type named like the "
        "type (`action:jfp-a-cdc-2`, `partnership:west-kent-hcp`, `organisation:medway-nhs-ft`) and one "
        "per concept scheme (`timescale:long`). Every term is in the [vocabulary](../vocabulary/index.md). "
        "Start from one of the [answered questions](../questions/index.md).", "",
        f'<link rel="stylesheet" href="../{ASSETS}/query.css">',
        f'<div id="pa-query" class="pa-query" data-root="../" data-assets="../{ASSETS}/">',
        '<p class="pa-query-examples"><label for="pa-query-example">Example</label> '
        f'<select id="pa-query-example"><option value="">Choose an answered question…</option>{options}</select></p>',
        '<p><label for="pa-query-text">SPARQL query</label></p>',
        '<textarea id="pa-query-text" rows="12" spellcheck="false" autocomplete="off">'
        "SELECT ?plan ?title WHERE { ?plan a pa:Plan ; dcterms:title ?title } ORDER BY ?title</textarea>",
        '<p class="pa-query-actions"><button id="pa-query-run" type="button" class="md-button md-button--primary">'
        'Run query</button> <span class="pa-query-hint">Ctrl+Enter runs it; Ctrl+Space completes prefixes, '
        'terms and record ids.</span> <a id="pa-query-link" class="pa-query-link" href="./" hidden>'
        'Link to this query</a></p>',
        '<p id="pa-query-status" class="pa-query-status" role="status" aria-live="polite">'
        "Loading the query engine…</p>",
        '<pre id="pa-query-error" class="pa-query-error" role="alert" hidden></pre>',
        '<div id="pa-query-results" class="pa-query-results"></div>',
        "</div>",
        '<noscript><p>The Query page needs JavaScript and WebAssembly. The answered questions and the '
        "downloads work without them.</p></noscript>",
        f'<script type="module" src="../{ASSETS}/query.js"></script>', ""])


def query_assets(ctx: Context, questions: list[Question]) -> dict[str, str | bytes | Kept]:
    """query.js/css from the project's site_src, Oxigraph's web build from its node_modules, config.json."""
    files: dict[str, str | bytes | Kept] = {}
    kept = ctx.docs_files_cache
    for name in ("web.js", "web_bg.wasm"):
        path = ctx.project.node_modules / "oxigraph" / name
        if not path.is_file():
            raise CannotRun(f"{path} is missing: run 'npm ci' (or 'make setup') first")
        files[f"{ASSETS}/vendor/{name}"] = copied(kept, f"{ASSETS}/vendor/{name}", path)
    for path in sorted((ctx.project.site_src / "assets" / "query").glob("*")):
        if path.is_file():
            files[f"{ASSETS}/{path.name}"] = copied(kept, f"{ASSETS}/{path.name}", path)
    config = {
        "base": ctx.config.base_iri,
        "prefixes": prefix_map(ctx.config.base_iri),
        "pages": {t: rt.plural for t, rt in model.RECORD_TYPES.items()},
        "concepts": {f"{CONCEPT_BASE}{s}/{c}": label for s, (_t, cs) in model.SCHEMES.items()
                     for c, label in cs.items()},
        "graph": DOWNLOADS["ntriples"],
        "questions": [{"name": q.name, "title": q.title, "description": q.description, "query": q.query,
                       "columns": list(q.columns)}
                      for q in questions],
    }
    files[f"{ASSETS}/config.json"] = json.dumps(config, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    files[f"{ASSETS}/terms.json"] = json.dumps(completion_terms(ctx), sort_keys=True, ensure_ascii=False,
                                              separators=(",", ":")) + "\n"
    bundle = editor_bundle(ctx.project)
    if bundle is not None:
        files[f"{ASSETS}/vendor/editor.js"] = copied(kept, f"{ASSETS}/vendor/editor.js", bundle)
    return files
