"""Byte-identical output from the same input: canonical RDF serialisations."""
from __future__ import annotations

from rdflib import Graph
from rdflib.compare import to_canonical_graph


def canonical_turtle(g: Graph) -> str:
    """Turtle with blank nodes relabelled canonically, so two runs give the same bytes."""
    cg = Graph()
    for triple in to_canonical_graph(g):
        cg.add(triple)
    for prefix, ns in g.namespaces():
        cg.bind(prefix, ns, override=True)
    return cg.serialize(format="turtle")


def sorted_ntriples(g: Graph) -> str:
    lines = [line for line in to_canonical_graph(g).serialize(format="nt").splitlines() if line.strip()]
    return "\n".join(sorted(lines)) + "\n"
