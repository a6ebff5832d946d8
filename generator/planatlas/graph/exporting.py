"""Serialisations of the whole graph: Turtle, N-Triples, JSON-LD (deterministic bytes, linear time).

Every serialisation goes through `rdfio` (triples sorted once, pyoxigraph's writers), so the
same triples give the same bytes whatever the order they were made in.  A graph that holds
blank nodes (never one made from records) is first relabelled canonically (`determinism.py`).
"""
from __future__ import annotations

import pyoxigraph as ox

from planatlas.graph import rdfio
from planatlas.graph.determinism import canonical_graph
from planatlas.namespaces import PREFIXES
from planatlas.pipeline import Context
from planatlas.graph.dataset import dataset_triples


def jsonld_context(base: str) -> dict:
    """The published JSON-LD context: the project's prefixes, and ``id:`` for record IRIs."""
    ctx = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    ctx["id"] = base
    return {"@context": ctx}


def graph_export_triples(ctx: Context, with_ontology: bool = False) -> list[ox.Triple]:
    """The records' triples, or the published dataset (records and ontology) with_ontology."""
    if with_ontology:
        return dataset_triples(ctx)
    return rdfio.graph_triples(canonical_graph(ctx.graph))


def serialise(ctx: Context, fmt: str, with_ontology: bool = False) -> str:
    return serialise_triples(graph_export_triples(ctx, with_ontology), fmt, ctx.config.base_iri)


def turtle_prefixes(base: str) -> dict[str, str]:
    """The prefixes of every Turtle file: the project's, and ``id:`` for record IRIs."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    prefixes["id"] = base
    return prefixes


def serialise_triples(triples: list[ox.Triple], fmt: str, base: str) -> str:
    """Turtle, N-Triples or JSON-LD of triples, the same bytes for the same triples."""
    if fmt == "ttl":
        return rdfio.turtle(triples, turtle_prefixes(base))
    if fmt == "nt":
        return rdfio.ntriples(triples)
    if fmt == "jsonld":
        return rdfio.jsonld(triples, jsonld_context(base)["@context"])
    raise ValueError(f"unknown format {fmt}")
