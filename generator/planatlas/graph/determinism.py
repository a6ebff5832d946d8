"""Byte-identical output from the same input: canonical blank-node labels.

Only blank nodes make an RDF serialisation vary between runs; records mint IRIs for every
node, so the (slow, seconds on the shipped graph) canonical relabelling runs only when a
graph actually holds blank nodes.  Sorting is done by the writers in `rdfio.py`.
"""
from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph


def _has_blank_nodes(g: Graph) -> bool:
    return any(isinstance(term, BNode) for triple in g for term in triple)


def canonical_graph(g: Graph) -> Graph:
    """g itself when it has no blank nodes, else a copy with canonical blank-node labels."""
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
    return canonical_graph(g).serialize(format="turtle")


def sorted_ntriples(g: Graph) -> str:
    lines = [line for line in canonical_graph(g).serialize(format="nt").splitlines() if line.strip()]
    return "\n".join(sorted(lines)) + "\n"
