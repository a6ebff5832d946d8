"""Serialisations of the whole graph: Turtle, N-Triples, JSON-LD (deterministic bytes)."""
from __future__ import annotations

import json

from rdflib import Graph

from .determinism import canonical_turtle, sorted_ntriples
from .namespaces import PREFIXES


def full_graph(ctx, with_ontology: bool = False) -> Graph:
    g = ctx.graph
    if not with_ontology:
        return g
    from .codegen import ontology_graph
    merged = Graph()
    for triple in g:
        merged.add(triple)
    for triple in ontology_graph():
        merged.add(triple)
    for prefix, ns in g.namespaces():
        merged.bind(prefix, ns, override=True)
    return merged


def jsonld_context(base: str) -> dict:
    """The published JSON-LD context: the project's prefixes, and ``id:`` for record IRIs."""
    ctx = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    ctx["id"] = base
    return {"@context": ctx}


def serialise(ctx, fmt: str, with_ontology: bool = False) -> str:
    return serialise_graph(full_graph(ctx, with_ontology), fmt, ctx.config.base_iri)


def serialise_graph(g: Graph, fmt: str, base: str) -> str:
    """Turtle, N-Triples or JSON-LD of a graph, the same bytes for the same triples."""
    if fmt == "ttl":
        return canonical_turtle(g)
    if fmt == "nt":
        return sorted_ntriples(g)
    if fmt == "jsonld":
        context = jsonld_context(base)["@context"]
        data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
        if isinstance(data.get("@graph"), list):
            data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt}")
