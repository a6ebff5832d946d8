"""One sorted writer for every RDF output: N-Triples, Turtle and JSON-LD with the same bytes for the same triples.

Why: rdflib's Turtle writer is quadratic in the number of namespaces it binds (one per record:
`<record>/source-ref/`, ...; 346 s at 19,550 records) and its JSON-LD comes out in hash order,
so the site differed between two builds.  Here triples are converted once to pyoxigraph terms,
sorted by their N-Triples text, and written by pyoxigraph's serialisers (Turtle, N-Triples) or
by a small JSON-LD writer (nodes, keys and values sorted).  Linear after the sort.
"""
from __future__ import annotations

import json
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ox_term(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def ox_triples(triples: Iterable[tuple]) -> list[ox.Triple]:
    """rdflib (s, p, o) tuples as pyoxigraph triples."""
    return [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in triples]


def graph_triples(g: Graph) -> list[ox.Triple]:
    return ox_triples(g)


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Sorted by subject, predicate, object as N-Triples text: the order every writer uses."""
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def ntriples(triples: Iterable[ox.Triple]) -> str:
    """Sorted canonical N-Triples, one line per triple."""
    return ntriples_bytes(triples).decode("utf-8")


def ntriples_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """ntriples() as UTF-8, sorted as bytes (the same order: UTF-8 keeps code point order).  Sorting
    decoded lines held four copies of the text; at 20,000 records that was the build's peak."""
    return sorted_lines(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES))


def sorted_lines(ntriples: bytes) -> bytes:
    """N-Triples with their lines sorted as bytes and blank lines dropped (`ntriples_bytes`' order)."""
    lines = [line for line in ntriples.split(b"\n") if line.strip()]
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> str:
    """Turtle of sorted triples (a subject's triples together), with the given prefixes."""
    used = dict(sorted(prefixes.items()))
    return ox.serialize(sort_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")


def turtle_of_ntriples(sorted_ntriples: bytes, prefixes: dict[str, str]) -> str:
    """`turtle` of the triples of sorted N-Triples (`ntriples_bytes`): their lines' order is the order
    `sort_triples` gives, so the bytes are the same, without a Python object per triple to sort."""
    triples = ox.parse(sorted_ntriples, format=ox.RdfFormat.N_TRIPLES)
    used = dict(sorted(prefixes.items()))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")


def _compact(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """prefix:local for the longest matching prefix when local is a simple name, else the IRI."""
    for prefix, ns in prefixes:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_./" for c in local) and not local.startswith("/"):
                return f"{prefix}:{local}"
    return iri


def _value_key(v: dict) -> tuple:
    return (v.get("@id", ""), v.get("@value", ""), v.get("@type", ""), v.get("@language", ""))


def jsonld(triples: Iterable[ox.Triple], context: dict[str, str] | None = None) -> str:
    """JSON-LD with nodes, keys and values sorted (deterministic); IRIs compacted with the context.

    Without a context the document is expanded (full IRIs) and needs nothing remote.  Each IRI is
    compacted once (memo), values sorted by a tuple: linear in the triples after the sort.
    """
    return jsonld_document(jsonld_nodes(triples, context), context)


def jsonld_document(nodes: list[tuple[str, str]], context: dict[str, str] | None = None) -> str:
    """The JSON-LD document of `jsonld_nodes` lines (from one or several calls: each node once), in id order."""
    ctx = context or {}
    head = ('{"@context": ' + json.dumps(ctx, sort_keys=True, ensure_ascii=False) + ",\n") if ctx else "{"
    return head + '"@graph": [\n' + ",\n".join(line for _sid, line in sorted(nodes)) + "\n]}\n"


def jsonld_nodes(triples: Iterable[ox.Triple], context: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(node id, the node as one line of JSON) for every subject of triples, sorted by id."""
    ctx = context or {}
    prefixes = sorted(ctx.items(), key=lambda kv: -len(kv[1]))
    memo: dict[str, str] = {}

    def compact(iri: str) -> str:
        hit = memo.get(iri)
        if hit is None:
            hit = memo[iri] = _compact(iri, prefixes)
        return hit

    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        s, o = t.subject, t.object
        sid = f"_:{s.value}" if isinstance(s, ox.BlankNode) else compact(s.value)
        node = nodes.setdefault(sid, {})
        if t.predicate.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(compact(o.value))
            continue
        if isinstance(o, ox.Literal):
            v: dict = {"@value": o.value}
            if o.language:
                v["@language"] = o.language
            elif o.datatype.value != XSD_STRING:
                v["@type"] = compact(o.datatype.value)
        elif isinstance(o, ox.BlankNode):
            v = {"@id": f"_:{o.value}"}
        else:
            v = {"@id": compact(o.value)}
        node.setdefault(compact(t.predicate.value), []).append(v)
    lines = []
    for sid in sorted(nodes):
        node: dict = {"@id": sid}
        for key in sorted(nodes[sid]):
            values = nodes[sid][key]
            node[key] = sorted(values) if key == "@type" else sorted(values, key=_value_key)
        # one node per line, by the C encoder (an indented dump runs the pure-Python one: 10x slower)
        lines.append((sid, json.dumps(node, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))))
    return lines
