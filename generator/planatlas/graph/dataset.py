"""The published dataset: the records' graph plus the ontology, as one Oxigraph store on the context.

The downloads, the Query page, `publish` and every answered question use exactly these triples,
so a question has one answer everywhere.  The store is made once per context (`ctx.store`) and
dropped before MkDocs runs; no merged rdflib copy is made except for the rdflib cross-check engine.
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from planatlas import model
from planatlas.graph.codegen import ontology_graph
from planatlas.pipeline import Context
from planatlas.graph.rdfgraph import build_graph
from planatlas.graph.rdfio import graph_triples
from planatlas.graph.recordtriples import RecordTriples
from planatlas.query.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Engine, Limits, OxigraphEngine


def ontology_triples() -> tuple[ox.Triple, ...]:
    """The ontology and concept schemes, generated from model.py (0.05 s)."""
    return tuple(graph_triples(ontology_graph()))


ONTOLOGY_MEMO = "ontology"      # the cache memo of the ontology's N-Triples (ctx.memos)


def ontology_ntriples(ctx: Context) -> bytes:
    """The ontology as N-Triples, kept in a build's cache by the model's text (`model.fingerprint`):
    generating it was 0.05 s of every build, a tenth of our stages after an edit at 200 records.  A
    model changed at run time (a test adding a type) has another fingerprint."""
    key = model.fingerprint()
    for kept in (ctx.memos_made.get(ONTOLOGY_MEMO), (ctx.memos or {}).get(ONTOLOGY_MEMO)):  # this build's first
        if isinstance(kept, dict) and kept.get("key") == key and isinstance(kept.get("ntriples"), bytes):
            return kept["ntriples"]
    made = ox.serialize(ontology_triples(), format=ox.RdfFormat.N_TRIPLES)
    ctx.memos_made[ONTOLOGY_MEMO] = {"key": key, "ntriples": made}     # saved only by a build with a cache
    return made


def record_triples_of(ctx: Context) -> RecordTriples:
    """The records' triples: the graph stage's, or (a context whose graph was set by hand, in tests)
    read from ctx.graph each time."""
    if ctx.triples is not None:
        return ctx.triples
    return RecordTriples.from_graph(ctx.graph, ctx.config.base_iri)


def dataset_store(ctx: Context) -> ox.Store:
    """The published dataset (records and ontology) as one Oxigraph store, made once per context.

    The downloads, the Query page, `publish` and every answered question use exactly these
    triples, so a question has one answer everywhere.  No merged rdflib copy is made; the records'
    triples are loaded as N-Triples (4x faster than converting rdflib terms one by one)."""
    if ctx.store is None:
        store = ox.Store()
        store.bulk_load(record_triples_of(ctx).all_ntriples() + ontology_ntriples(ctx), format=ox.RdfFormat.N_TRIPLES)
        ctx.store = store
    return ctx.store


def dataset_triples(ctx: Context) -> list[ox.Triple]:
    """Every triple of the published dataset (default graph of the store)."""
    return [q.triple for q in dataset_store(ctx)]


def dataset_graph(ctx: Context) -> Graph:
    """The dataset as an rdflib graph: a copy, for the rdflib cross-check engine and tests only."""
    g = Graph()
    records = ctx.graph if ctx.graph is not None else build_graph(ctx.records, ctx.config.base_iri)
    for prefix, ns in records.namespaces():
        g.bind(prefix, ns, override=True)
    for triple in records:
        g.add(triple)
    for triple in ontology_graph():
        g.add(triple)
    return g


def engine_for(ctx: Context, name: str = "oxigraph") -> Engine:
    """An engine over the dataset: Oxigraph on the context's store, or rdflib (cross-check) on a copy."""
    if name == "rdflib":
        # Imported here on purpose (measured start-up cost): rdflib's SPARQL engine takes 0.1 s to
        # import, and `validate`, which reads this module through the cache, never runs a query.
        from planatlas.query.rdflibengine import RdflibEngine
        return RdflibEngine(dataset_graph(ctx), ctx.config.base_iri)
    limits = Limits(getattr(ctx.config, "query_timeout", DEFAULT_TIMEOUT),
                    getattr(ctx.config, "query_max_rows", DEFAULT_MAX_ROWS))
    return OxigraphEngine(dataset_store(ctx), ctx.config.base_iri, limits)
