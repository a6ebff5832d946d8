"""Each record as Turtle and JSON-LD, beside its page in the site (`<plural>/<id>.ttl`, `.jsonld`).

An emitter with target site/: MkDocs does not render these files, and every file in docs/ raises
MkDocs' floor (58,718 files at 19,550 records), so they are written straight into site/.
Terms are converted once to pyoxigraph and written by `rdfio` (sorted, byte-stable, linear):
rdflib's `n3()` per term was most of this stage.
"""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from planatlas.graph import rdfio
from planatlas.namespaces import PREFIXES
from planatlas.sitegen.outputs import UnsafePath, record_page
from planatlas.pipeline import Context
from planatlas.graph.rdfgraph import record_iri, split_iri


def triples_by_record(ctx: Context) -> dict[str, list[ox.Triple]]:
    """The graph's triples grouped by the record IRI their subject is (or hangs off)."""
    by_record: dict[str, list[ox.Triple]] = defaultdict(list)
    base = ctx.config.base_iri
    for t in rdfio.graph_triples(ctx.graph):
        if isinstance(t.subject, ox.NamedNode):
            parts = split_iri(base, t.subject.value)
            if parts:
                by_record[f"{base}{parts[0]}/{parts[1]}"].append(t)
    return by_record


def record_files(ctx: Context) -> dict[str, str]:
    """{'<plural>/<id>.ttl': ..., '<plural>/<id>.jsonld': ...} for every record with a page."""
    by_record = triples_by_record(ctx)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    prefixes["id"] = ctx.config.base_iri
    out: dict[str, str] = {}
    for r in ctx.records:
        try:
            stem = record_page(r.type, r.id)[: -len(".md")]
        except UnsafePath:
            continue
        triples = by_record.get(str(record_iri(ctx.config.base_iri, r.type, r.id)), [])
        out[f"{stem}.ttl"] = rdfio.turtle(triples, prefixes)
        out[f"{stem}.jsonld"] = rdfio.jsonld(triples)
    return out
