"""SPARQL over the plan graph: one result model for the local engines and a remote endpoint.

Oxigraph (pyoxigraph) is the engine for the CLI and the build because it is one to three
orders of magnitude faster than rdflib's own store (benchmarks/bench_sparql.py) and gives the
same rows for every answered question (tests/test_sparql.py).  rdflib stays available as a
second engine so that claim keeps being checked (`rdflibengine.py`: its SPARQL parser is not
imported by `planatlas query`, which it would slow by 40 ms).  Results are reduced to `Term`s, the shape of
the SPARQL 1.1 JSON results format, so local, remote and in-browser results compare directly.
"""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import XSD

from planatlas.diagnostics import printable
from planatlas.errors import QueryError
from planatlas.model import RECORD_TYPES, SCHEMES
from planatlas.namespaces import CONCEPT_BASE, DEFAULT_BASE, PREFIXES
from planatlas.graph.rdfio import graph_triples

XSD_STRING = str(XSD.string)
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NUMERIC_TYPES = {str(XSD[t]) for t in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}


@dataclass(frozen=True)
class Term:
    """One RDF term as in SPARQL JSON results: type is 'uri', 'literal' or 'bnode'."""

    type: str
    value: str
    datatype: str = ""   # '' for simple and language-tagged literals
    lang: str = ""


@dataclass
class Result:
    """Rows of a SELECT (unbound variables absent from a row), an ASK answer or N-Triples lines."""

    kind: str                                  # 'select', 'ask' or 'graph'
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] = field(default_factory=list)


def prefix_map(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes predeclared for every query: the vocabularies, ``id:`` for records, one prefix per
    record type (``action:jfp-a-cdc-2``, named exactly like the type) and one per concept scheme."""
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    out["id"] = base
    for rtype in RECORD_TYPES:   # action:jfp-a-cdc-2, organisation:medway-nhs-ft, ...
        out.setdefault(rtype, f"{base}{rtype}/")
    for scheme in SCHEMES:   # timescale:long, programme-status:on-hold, ...
        out.setdefault(scheme, f"{CONCEPT_BASE}{scheme}/")
    return out


def prolog_line(base: str = DEFAULT_BASE) -> str:
    """The predeclared prefixes on ONE line, so an error's line number is off by exactly one."""
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in prefix_map(base).items()) + "\n"


# Errors ------------------------------------------------------------------------
_ERR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


# A prefixed name followed by '/' and a bare word (not another prefixed name, not 'a'): SPARQL reads
# the '/' as a property path, so `id:partnership/west-kent-hcp` is a syntax error somewhere after it.
_SLASHED_PNAME = re.compile(r"(?<![\w:<?$\\-])([A-Za-z][\w.-]*)?:([\w.-]+)/([A-Za-z0-9][\w-]*)(?![\w:-])")


def _masked(text: str) -> str:
    """The text with IRIs, strings and comments blanked out (same length), so patterns see only syntax."""
    return re.sub(r"<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*",
                  lambda m: " " * len(m.group(0)), text)


def slash_in_prefixed_name(query: str, line: int = 0) -> tuple[int, int, str] | None:
    """(line, column, message) for the first prefixed name with a '/' in it, on `line` if it has one.

    The engine's own message points at the '/' or further on, with a list of expected tokens; this
    one names the cause and the fix (the per-type prefix: `partnership:west-kent-hcp`)."""
    lines = _masked(query).split("\n")
    order = ([line - 1] if 0 < line <= len(lines) else []) + list(range(len(lines)))
    for i in order:
        for m in _SLASHED_PNAME.finditer(lines[i]):
            if m.group(3) == "a":
                continue
            prefix, local, rest = m.group(1) or "", m.group(2), m.group(3)
            written = m.group(0)
            if prefix == "id":
                fix = (f"write {local}:{rest} (one prefix per record type), or id:{local}\\/{rest}, "
                       f"or the full IRI in <...>")
            else:
                fix = f"escape it ({prefix}:{local}\\/{rest}) or write the full IRI in <...>"
            return i + 1, m.start() + 1, (f"'{written}': a prefixed name cannot contain '/' (SPARQL reads "
                                          f"it as a property path); {fix}")
    return None


def readable_error(message: str, query: str, line_offset: int = 0) -> str:
    """Turn an engine's parse error into 'line L, column C: what went wrong' plus the line and a caret."""
    m = _ERR_AT.match(message.strip())
    if not m:
        return message.strip().splitlines()[0] if message.strip() else "the query could not be parsed"
    line, col, detail = int(m.group(1)) - line_offset, int(m.group(2)), " ".join(m.group(3).split())
    lines = query.split("\n")
    slashed = slash_in_prefixed_name(query, line)
    if slashed:
        line, col, explained = slashed
        text = lines[line - 1]
        return f"line {line}, column {col}: {explained}\n  {text}\n  {' ' * (col - 1)}^"
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    explained = _explain(detail, text, col)
    pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", text[: max(col - 1, 0)])
    if explained.startswith("unknown prefix") and pname:
        col = pname.start() + 1
    return f"line {line}, column {col}: {explained}" + (
        f"\n  {text}\n  {' ' * max(col - 1, 0)}^" if text.strip() else "")


def _explain(detail: str, text: str, col: int) -> str:
    """Keep the grammar words an analyst can act on; drop character classes."""
    items = detail[len("expected one of "):].split(", ") if detail.startswith("expected one of ") else [detail]
    items = [i for i in items if not i.startswith("[") and not i.startswith("'\\u")]
    prose = [i for i in items if " " in i and not i.startswith("expected")]
    if any(i.startswith("Prefix not found") for i in prose):
        pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", text[: max(col - 1, 0)])
        name = pname.group(1) or "" if pname else ""
        return f"unknown prefix '{name}:' (declare it: PREFIX {name}: <...>)"
    if prose:
        return prose[0]
    near = text[max(col - 1, 0):].split()
    found = f" near '{near[0][:20]}'" if near else " at the end of the line"
    words = [i for i in items if i]
    if not words:
        return "syntax error" + found
    if len(words) == 1 and words[0].startswith("expected"):
        return f"syntax error{found}: {words[0]}"
    return f"syntax error{found}: expected one of {', '.join(words[:12])}"


# Safety: no network, no files, bounded time and rows --------------------------------
# Comments, strings and IRIs are removed before looking for keywords, so 'SERVICE' in a
# literal, an IRI or a comment is no false alarm, and no spelling of the keyword slips through.
_NOT_CODE = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                       r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>', re.S)
_NETWORK = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:-])", re.I)
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000


MAX_NESTING = 256          # brackets deep: real queries nest under 20; Oxigraph's parser crashed at 10,000
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")


def nesting(code: str) -> int:
    """How deep '{', '(' and '[' nest in query code (strings, IRIs and comments removed)."""
    depth = deepest = 0
    for ch in code:
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def check_no_network(query: str, allow_service: bool = False) -> None:
    """QueryError for SERVICE (federation: the engine would send requests) unless allowed, and for
    LOAD (reads a URL or file) always. Oxigraph and rdflib both follow SERVICE over HTTP.

    Also for brackets nested deeper than MAX_NESTING: the engines' parsers recurse, and a query of
    10,000 '{' ended the process with a segmentation fault (rdflib: RecursionError)."""
    code = _NOT_CODE.sub(" ", query)
    deep = nesting(code)
    if deep > MAX_NESTING:
        raise QueryError(f"the query nests brackets {deep:,} deep; the limit is {MAX_NESTING} "
                         "(write the groups one after another, not one inside another)")
    m = _NETWORK.search(code)
    if m and (m.group(1).upper() == "LOAD" or not allow_service):
        word = m.group(1).upper()
        raise QueryError(f"{word} is not allowed: queries run over the plan graph only, with no network or "
                         "file access" + (" (planatlas query --allow-service permits SERVICE)"
                                          if word == "SERVICE" else ""))


class Limits:
    """How long a query may run and how many rows it may return (settings query_timeout and
    query_max_rows, or `planatlas query --timeout/--max-rows`)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 allow_service: bool = False) -> None:
        self.timeout, self.max_rows, self.allow_service = timeout, max_rows, allow_service

    def deadline(self) -> float:
        return time.monotonic() + self.timeout

    def check(self, n: int, deadline: float) -> None:
        """Called while rows stream in: stop at the row cap or the deadline."""
        if n > self.max_rows:
            raise QueryError(f"the query returned more than {self.max_rows:,} rows and was stopped "
                             "(add LIMIT, or raise --max-rows / query_max_rows)")
        if n % 512 == 0 and time.monotonic() > deadline:
            raise self.timed_out()

    def timed_out(self) -> QueryError:
        return QueryError(f"the query ran longer than {self.timeout:g} s and was stopped "
                          "(narrow it, or raise --timeout / query_timeout)")


def run_bounded(fn, limits: Limits):
    """fn(deadline) in a worker thread, abandoned at the deadline.

    pyoxigraph has no timeout and evaluates ORDER BY / GROUP BY over a cross join before it yields
    the first row, without holding the GIL: the caller gets a QueryError at the deadline while the
    worker (a daemon thread) is left to finish; streaming queries stop themselves in Limits.check."""
    box: dict[str, object] = {}
    deadline = limits.deadline()

    def work() -> None:
        try:
            box["result"] = fn(deadline)
        except BaseException as exc:  # handed to the caller's thread, re-raised there
            # Without its traceback: the frames hold pyoxigraph objects, which must be dropped
            # on the thread that made them.
            exc.__context__ = None
            box["error"] = exc.with_traceback(None)

    worker = threading.Thread(target=work, name="planatlas-query", daemon=True)
    worker.start()
    worker.join(limits.timeout + 0.5)
    if worker.is_alive():
        raise limits.timed_out()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]


# Engines -----------------------------------------------------------------------
class Engine(Protocol):
    name: str

    def run(self, query: str) -> Result: ...


def _from_oxigraph(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    dt = term.datatype.value
    if term.language:
        return Term("literal", term.value, "", term.language)
    return Term("literal", term.value, "" if dt == XSD_STRING else dt)


def to_ntriple(t: Term) -> str:
    """A term in N-Triples syntax (TSV results, CONSTRUCT output)."""
    if t.type == "uri":
        return f"<{t.value}>"
    if t.type == "bnode":
        return f"_:{t.value}"
    text = json.dumps(t.value, ensure_ascii=False)
    if t.lang:
        return f"{text}@{t.lang}"
    return f"{text}^^<{t.datatype}>" if t.datatype else text


class OxigraphEngine:
    """pyoxigraph's in-memory store: the context's dataset store, or loaded from an rdflib graph."""

    name = "oxigraph"

    def __init__(self, graph: Graph | ox.Store, base: str = DEFAULT_BASE, limits: Limits | None = None) -> None:
        self.base = base
        self.limits = limits or Limits()
        if isinstance(graph, ox.Store):
            self.store = graph
        else:
            self.store = ox.Store()
            self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in graph_triples(graph))

    def run(self, query: str) -> Result:
        check_no_network(query, self.limits.allow_service)
        try:
            return run_bounded(lambda deadline: self._evaluate(query, deadline), self.limits)
        except SyntaxError as exc:
            raise QueryError(readable_error(str(exc), query)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None

    def _evaluate(self, query: str, deadline: float) -> Result:
        answer = self.store.query(query, prefixes=prefix_map(self.base))
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            lines = []
            for t in answer:
                lines.append(" ".join(to_ntriple(_from_oxigraph(x)) for x in (t.subject, t.predicate, t.object))
                             + " .")
                self.limits.check(len(lines), deadline)
            return Result("graph", triples=sorted(lines))
        names = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            self.limits.check(len(rows) + 1, deadline)
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = _from_oxigraph(value)
            rows.append(row)
        return Result("select", names, rows)


def query_form(query: str, base: str = DEFAULT_BASE) -> str:
    """'select', 'ask' or 'graph' for a well-formed query; QueryError (line, column) otherwise."""
    check_no_network(query, allow_service=True)      # its depth check: parsing is what crashed
    try:
        answer = ox.Store().query(query, prefixes=prefix_map(base))
    except SyntaxError as exc:
        raise QueryError(readable_error(str(exc), query)) from None
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    return "graph" if isinstance(answer, ox.QueryTriples) else "select"


# Comparing results across engines ------------------------------------------------
def normalise_term(t: Term | None) -> tuple:
    """A comparable form: numbers by value (Oxigraph writes 1.5 where rdflib keeps 1.50, Virtuoso
    returns COUNTs as xsd:int), xsd:string and simple literals alike, blank nodes all equal."""
    if t is None:
        return ("unbound",)
    if t.type == "bnode":
        return ("bnode",)
    if t.type == "uri":
        return ("uri", t.value)
    if t.datatype in NUMERIC_TYPES:
        try:
            return ("number", format(Decimal(t.value).normalize(), "f"))
        except InvalidOperation:
            pass
    return ("literal", t.value, t.datatype, t.lang.lower())


def comparable(result: Result) -> list[tuple]:
    """Rows as sorted tuples, so two engines' answers compare order-insensitively."""
    if result.kind == "ask":
        return [(result.boolean,)]
    if result.kind == "graph":
        return sorted((line,) for line in result.triples)
    return sorted(tuple(normalise_term(r.get(v)) for v in result.vars) for r in result.rows)


# Output formats --------------------------------------------------------------------
def compact(iri: str, prefixes: dict[str, str]) -> str:
    best = ""
    for p, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")) and \
                re.fullmatch(r"[\w./-]*", iri[len(ns):]):
            best = p
    return f"{best}:{iri[len(prefixes[best]):]}" if best else f"<{iri}>"


def cell_text(t: Term | None, prefixes: dict[str, str]) -> str:
    if t is None:
        return ""
    if t.type == "uri":
        return compact(t.value, prefixes)
    if t.type == "bnode":
        return f"_:{t.value}"
    return t.value


def format_result(result: Result, fmt: str, base: str = DEFAULT_BASE) -> str:
    """table (for people), csv and tsv (SPARQL 1.1 CSV/TSV results), json (SPARQL 1.1 JSON results)."""
    if result.kind == "graph":
        return "".join(line + "\n" for line in result.triples)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.vars)
        for row in result.rows:
            writer.writerow([row[v].value if v in row else "" for v in result.vars])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join(to_ntriple(row[v]) if v in row else "" for v in result.vars) for row in result.rows]
        return "\n".join(lines) + "\n"
    return format_table(result, prefix_map(base))


def to_json(result: Result) -> dict:
    def term(t: Term) -> dict:
        d = {"type": t.type, "value": t.value}
        if t.datatype:
            d["datatype"] = t.datatype
        if t.lang:
            d["xml:lang"] = t.lang
        return d
    return {"head": {"vars": result.vars},
            "results": {"bindings": [{v: term(t) for v, t in row.items()} for row in result.rows]}}


def format_table(result: Result, prefixes: dict[str, str], width: int = 60) -> str:
    cells = [[_clip(cell_text(row.get(v), prefixes), width) for v in result.vars] for row in result.rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(result.vars)]
    line = lambda values: " | ".join(x.ljust(w) for x, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(result.vars), "-+-".join("-" * w for w in widths)] + [line(c) for c in cells]
    n = len(result.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def _clip(text: str, width: int) -> str:
    """One table cell: white space as single spaces, then every other control character (and bidi control)
    as an escape: a value from a query or a server ("\x1b]0;...\x07") reached the terminal raw and could
    retitle the window or recolour the table."""
    text = printable(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"
