"""Byte-identical output from the same input: canonical RDF serialisations.

Only blank nodes make rdflib's output vary between runs; records mint IRIs for every
node, so the (slow, seconds on the shipped graph) canonical relabelling runs only
when a graph actually holds blank nodes.
"""
from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph


def _has_blank_nodes(g: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in g for term in triple)


def _canonical(g: Graph) -> Graph:
    if not _has_blank_nodes(g):
        return g
    cg = Graph()
    for triple in to_canonical_graph(g):
        cg.add(triple)
    for prefix, ns in g.namespaces():
        cg.bind(prefix, ns, override=True)
    return cg


def canonical_turtle(g: Graph) -> str:
    """Turtle with blank nodes (if any) relabelled canonically, so two runs give the same bytes."""
    return _canonical(g).serialize(format="turtle")


def sorted_ntriples(g: Graph) -> str:
    lines = [line for line in _canonical(g).serialize(format="nt").splitlines() if line.strip()]
    return "\n".join(sorted(lines)) + "\n"
