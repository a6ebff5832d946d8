"""SHACL layer: pySHACL over the built graph, results mapped back to file:line:col.

Records that already failed an earlier layer are skipped here, so an editor sees one
message per mistake, not the same problem twice.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from planatlas import model
from planatlas.graph.codegen import shapes_graph
from planatlas.diagnostics import ERROR, WARNING, Diagnostic, Pos
from planatlas.namespaces import ORG
from planatlas.graph.rdfgraph import split_iri

SHAPES_FILE = Path("shapes") / "planatlas-shapes.ttl"


def load_shapes(graph_dir: Path) -> Graph:
    path = graph_dir / SHAPES_FILE
    g = Graph()
    if path.exists():
        g.parse(path, format="turtle")
    else:  # a graph folder without generated files still validates
        g = shapes_graph()
    return g


def run_shacl(ctx) -> list[Diagnostic]:
    # Imported here on purpose (measured start-up cost): pySHACL takes 0.22 s to import, as long
    # as the whole of `planatlas --help`; query, stats, export and `validate --no-shacl` never pay it.
    from pyshacl import validate

    failed = {(d.path) for d in ctx.diagnostics if d.severity == ERROR}
    shapes = load_shapes(ctx.graph_dir)
    _conforms, report, _text = validate(ctx.graph, shacl_graph=shapes, inference="none",
                                        advanced=False, allow_warnings=True)
    base = ctx.config.base_iri
    diags = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        record, nested = _find_record(focus, base, ctx.records.records)
        if record is None or record.path in failed:
            continue
        severity = ERROR if report.value(result, SH.resultSeverity) == SH.Violation else WARNING
        message = str(report.value(result, SH.resultMessage) or "does not match its shape")
        path = report.value(result, SH.resultPath)
        key = _field_for(record, path, nested)
        shape = report.value(result, SH.sourceShape)
        code = "shacl"
        name = report.value(shape, SH.name, default=None) if shape is not None else None
        if severity == WARNING and name is None:
            name = shapes.value(shape, SH.name)
        if severity == WARNING and name is not None:
            code = str(name)
        diags.append(Diagnostic.at(record.pos(key), code, f"{record.type} '{record.id}': {message}",
                                   severity=severity))
    return diags


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
