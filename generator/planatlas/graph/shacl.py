"""SHACL layer: pySHACL over the built graph, results mapped back to file:line:col.

Records that already failed an earlier layer are skipped here, so an editor sees one
message per mistake, not the same problem twice.

Incremental (the cache's `shacl` memo): a record's results depend only on its own data (its
triples and its nested nodes' are made from that alone), the links that point at it (inverse-path
rules), the records its links reach and their types (sh:class), the shapes and the base IRI.  Their
hash is the record's signature; a warm run validates only records whose signature is new, as
pySHACL focus nodes (pySHACL was 70% of a warm `validate` on the shipped graph: 2.5 of 3.5 s).

Engine: shapes within the part of SHACL Core that `shaclcore` evaluates (the generated ones are) are
judged there, without importing pySHACL; any other shapes file is judged by pySHACL.  The compiled
shapes are kept in the memo by the shapes' text, so a warm run neither parses nor compiles them.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from planatlas import model
from planatlas.graph.codegen import shapes_graph
from planatlas.diagnostics import ERROR, WARNING, Diagnostic, Pos
from planatlas.errors import CannotRun
from planatlas.namespaces import ORG
from planatlas.graph.checks import iter_refs
from planatlas.graph.rdfgraph import build_graph, record_iri, split_iri
from planatlas.graph.shaclcore import Shapes, Validator, compile_shapes

SHAPES_FILE = Path("shapes") / "planatlas-shapes.ttl"
NOT_COMPILED = object()     # the memo holds no compiled shapes for this text yet


def load_shapes(graph_dir: Path) -> Graph:
    """The shapes file's graph (the model's shapes if the graph folder has none); a file that is not
    Turtle is refused whole (exit code 2), with how to make it again."""
    path = graph_dir / SHAPES_FILE
    if not path.exists():  # a graph folder without generated files still validates
        return shapes_graph()
    g = Graph()
    try:
        g.parse(data=path.read_bytes().decode("utf-8"), format="turtle")
    except RecursionError:      # rdflib's Turtle parser recurses: '[ [ [ ...' thousands deep
        raise CannotRun(f"{path}: cannot read the SHACL shapes as Turtle (brackets nested too deeply); "
                        "make it again with 'planatlas fmt --generated'") from None
    except (SyntaxError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise CannotRun(f"{path}: cannot read the SHACL shapes as Turtle ({reason}); "
                        "make it again with 'planatlas fmt --generated'") from None
    return g


def _canon(value) -> object:
    """A hashable, order-independent form of parsed YAML that keeps each value's type."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _canon(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_canon(v) for v in value)
    return (type(value).__name__, repr(value))


def record_signatures(records: dict, base: str, shapes_text: bytes) -> dict[str, str]:
    """{record id: hash of everything SHACL reads to judge that record}: its own data (its triples
    are made from that alone), the id and type of each record it links to (sh:class; the link's
    IRI), each link that points at it (inverse-path rules), the shapes and the base IRI."""
    incoming: dict[str, list] = defaultdict(list)
    reached: dict[str, set] = defaultdict(set)
    for r, f, key, target in iter_refs(records.values()):
        target = str(target)
        incoming[target].append((r.id, r.type, key))
        reached[r.id].add((target, records[target].type if target in records else ""))
    common = hashlib.sha256(shapes_text + b"\0" + base.encode()).hexdigest()
    return {rid: hashlib.sha256(repr((common, r.type, rid, _canon(r.data), sorted(incoming.get(rid, ())),
                                      sorted(reached.get(rid, ())))).encode()).hexdigest()[:32]
            for rid, r in records.items()}


def run_shacl(ctx, memo: dict | None = None) -> list[Diagnostic]:
    """SHACL diagnostics of every record.  memo ({signature: results}, updated in place to hold
    exactly this run's records): records whose signature it holds are not validated again."""
    failed = {(d.path) for d in ctx.diagnostics if d.severity == ERROR}
    base = ctx.config.base_iri
    records = ctx.records.records
    shapes_path = ctx.graph_dir / SHAPES_FILE
    shapes_text = shapes_path.read_bytes() if shapes_path.is_file() else b"generated"
    memo = {} if memo is None else memo
    sigs = record_signatures(records, base, shapes_text)
    pending = {rid for rid in records if sigs[rid] not in memo}
    engine_key = ("shapes", hashlib.sha256(shapes_text).hexdigest())
    engine = memo.get(engine_key, NOT_COMPILED)
    if pending and not isinstance(engine, Shapes | None):
        engine = compile_shapes(load_shapes(ctx.graph_dir))
    found = _validate(ctx, sorted(pending), len(pending) < len(records), engine) if pending else {}
    used: dict = {sigs[rid]: found.get(rid, []) if rid in pending else memo[sigs[rid]] for rid in records}
    if isinstance(engine, Shapes | None):
        used[engine_key] = engine
    memo.clear()
    memo.update(used)
    diags = []
    for rid, record in records.items():
        if record.path in failed:
            continue
        for key, code, message, severity in used[sigs[rid]]:
            diags.append(Diagnostic.at(record.pos(key), code, f"{record.type} '{record.id}': {message}",
                                       severity=severity))
    return diags


def _validate(ctx, ids: list[str], focus: bool, engine: Shapes | None) -> dict[str, list[tuple[str, str, str, str]]]:
    """SHACL over ctx.graph (only these records' nodes when focus) → {record id: [(field key,
    code, message, severity)]}: by `shaclcore` with the compiled shapes, by pySHACL without."""
    records = ctx.records.records
    graph, nodes = ctx.graph, None
    if focus:
        nodes = [URIRef(record_iri(ctx.config.base_iri, records[rid].type, rid)) for rid in ids]
    if graph is None:    # no graph loaded (validate): these records and every record next to them
        graph = build_graph([records[rid] for rid in sorted(_neighbourhood(records, ids))], ctx.config.base_iri,
                            types={rid: r.type for rid, r in records.items()}, light=engine is not None)
    # pySHACL is given no focus nodes: with them it takes any value that is not one as conforming to
    # sh:node and sh:or (their nested checks are filtered too); results of records not asked for are dropped.
    results = (Validator(engine, graph).results(None if nodes is None else set(nodes)) if engine is not None
               else _pyshacl_results(graph, load_shapes(ctx.graph_dir), ctx.graph_dir / SHAPES_FILE))
    base = ctx.config.base_iri
    found: dict[str, list] = defaultdict(list)
    for focus_node, path, severity, message, name in results:
        record, nested = _find_record(str(focus_node), base, records)
        if record is None:
            continue
        severity = ERROR if severity == SH.Violation else WARNING
        key = _field_for(record, path, nested)
        code = str(name) if severity == WARNING and name is not None else "shacl"
        found[record.id].append((key, code, message, severity))
    return {rid: sorted(found[rid]) for rid in found}


def _pyshacl_results(graph: Graph, shapes: Graph, source: Path = SHAPES_FILE) -> Iterator[tuple]:
    """pySHACL's report as (focus node, path, severity, message, sh:name of the shape) each; the
    results of a value that fails sh:node are in it too (pySHACL's sh:detail)."""
    # Imported here on purpose (measured start-up cost): pySHACL takes 0.22 s to import, as long
    # as the whole of `planatlas --help`; only shapes outside `shaclcore`'s part of SHACL need it.
    from pyshacl import validate
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    try:
        _conforms, report, _text = validate(graph, shacl_graph=shapes, inference="none",
                                            advanced=False, allow_warnings=True)
    except (ConstraintLoadError, ReportableRuntimeError, ShapeLoadError, re.error) as exc:   # re: a bad sh:pattern
        reason = " ".join(str(exc).split())[:300]
        raise CannotRun(f"{source}: pySHACL cannot use these shapes ({reason}); "
                        "make the file again with 'planatlas fmt --generated'") from None
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        name = None
        if shape is not None:
            name = report.value(shape, SH.name, default=None) or shapes.value(shape, SH.name)
        yield (report.value(result, SH.focusNode), report.value(result, SH.resultPath),
               report.value(result, SH.resultSeverity),
               str(report.value(result, SH.resultMessage) or "does not match its shape"), name)


def _neighbourhood(records: dict, ids: list[str]) -> set[str]:
    """ids, the records they link to (their rdf:type) and the records that link to them (their
    triples pointing at ids): all SHACL reads to judge ids."""
    wanted = set(ids)
    near = set(ids)
    for r, _f, _key, target in iter_refs(records.values()):
        target = str(target)
        if r.id in wanted and target in records:
            near.add(target)
        elif target in wanted:
            near.add(r.id)
    return near


def _find_record(focus: str, base: str, records: dict):
    """(record, nested path such as 'observation/2') of a focus node, or (None, '')."""
    parts = split_iri(base, focus)
    rec = records.get(parts[1]) if parts else None
    if rec is None or rec.type != parts[0]:
        return None, ""
    return rec, parts[2]


def _field_for(record, path, nested: str) -> str:
    if path is None or not isinstance(path, URIRef):
        return "id"
    if nested:  # e.g. "observation/2" → observations[1]
        item, _, index = nested.partition("/")
        for f in record.rtype.all_fields:
            if f.kind == model.NESTED and f.item == item:
                sub = next((sf.name for sf in model.NESTED_TYPES[item].fields if sf.predicate == path), "")
                key = f"{f.name}[{int(index) - 1}]" if index.isdigit() else f.name
                return f"{key}.{sub}" if sub else key
        return "id"
    for f in record.rtype.all_fields:
        if f.predicate == path:
            return f.name
    return "id"
