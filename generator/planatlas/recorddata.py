"""Each record as Turtle and JSON-LD, next to its page (`<plural>/<id>.ttl`, `.jsonld`).

Why not rdflib's serialisers: they take milliseconds per call and their JSON-LD order
depends on hashing; with ~3,000 records that is slow and not byte-identical.  Terms
are written with rdflib's own `n3()` (correct escaping), triples sorted.
"""
from __future__ import annotations

import json
from collections import defaultdict

from rdflib import BNode, Literal, URIRef

from .outputs import record_page
from .rdfgraph import record_iri


def _owner_key(subject: str, base: str) -> str | None:
    """Record IRI a subject belongs to (nested nodes hang off '<record IRI>/...')."""
    if not subject.startswith(base):
        return None
    parts = subject[len(base):].split("/")
    return base + "/".join(parts[:2]) if len(parts) >= 2 else None


def triples_by_record(ctx) -> dict[str, list[tuple]]:
    by_record: dict[str, list[tuple]] = defaultdict(list)
    base = ctx.config.base_iri
    for s, p, o in ctx.graph:
        key = _owner_key(str(s), base) if isinstance(s, URIRef) else None
        if key:
            by_record[key].append((s, p, o))
    return by_record


def turtle(triples: list[tuple], nsm, prefixes: list[tuple[str, str]]) -> str:
    rows = sorted((s.n3(nsm), p.n3(nsm), o.n3(nsm)) for s, p, o in triples)
    lines = [f"@prefix {pfx}: <{ns}> ." for pfx, ns in prefixes]
    lines.append("")
    last = None
    for s, p, o in rows:
        if s != last:
            if last is not None:
                lines[-1] = lines[-1][:-1] + "."
                lines.append("")
            lines.append(s)
            last = s
        lines.append(f"    {p} {o} ;")
    if last is not None:
        lines[-1] = lines[-1][:-1] + "."
    return "\n".join(lines) + "\n"


def _jsonld_value(o) -> dict:
    if isinstance(o, Literal):
        v: dict = {"@value": str(o)}
        if o.datatype:
            v["@type"] = str(o.datatype)
        if o.language:
            v["@language"] = o.language
        return v
    return {"@id": str(o) if not isinstance(o, BNode) else f"_:{o}"}


def jsonld(triples: list[tuple]) -> str:
    """Expanded JSON-LD (no remote context needed), nodes and values sorted."""
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        key = "@type" if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" else str(p)
        nodes[str(s)][key].append(str(o) if key == "@type" else _jsonld_value(o))
    graph = []
    for sid in sorted(nodes):
        node: dict = {"@id": sid}
        for key in sorted(nodes[sid]):
            node[key] = sorted(nodes[sid][key], key=lambda x: json.dumps(x, sort_keys=True))
        graph.append(node)
    return json.dumps({"@graph": graph}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def record_files(ctx) -> dict[str, str]:
    """{'<plural>/<id>.ttl': ..., '<plural>/<id>.jsonld': ...} for every record with a page."""
    by_record = triples_by_record(ctx)
    nsm = ctx.graph.namespace_manager
    prefixes = sorted((p, str(ns)) for p, ns in ctx.graph.namespaces() if p)
    out: dict[str, str] = {}
    for r in ctx.records:
        try:
            stem = record_page(r.type, r.id)[: -len(".md")]
        except ValueError:
            continue
        triples = by_record.get(str(record_iri(ctx.config.base_iri, r.type, r.id)), [])
        out[f"{stem}.ttl"] = turtle(triples, nsm, prefixes)
        out[f"{stem}.jsonld"] = jsonld(triples)
    return out
