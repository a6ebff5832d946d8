"""Each record's triples as sorted N-Triples, made once and kept in the cache by what they are made from.

Why: after an edit, building the rdflib graph of every record and converting it to pyoxigraph
terms (once for the dataset store, again for the per-record files) was 1.5 s of a build at 5,000
records and 9 s at 20,000, for the one record that changed.  A record's triples are a function of
its type, id and data, of the type of each record it names (a link's IRI holds the target's type:
`<base><type>/<id>`), of the base IRI and of the code (`triples_key`); records whose key the
cache holds are not made again.

The triples of the records made now come from one rdflib graph (`rdfgraph.build_graph`, the one
mapping); when every record is made (a cold build, or no cache) that graph is the whole graph and
is kept on the context for pySHACL, which needs rdflib.  Otherwise there is no whole rdflib graph:
SHACL builds the neighbourhood of the records it judges (graph/shacl.py).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

import pyoxigraph as ox
from rdflib import Graph

from planatlas.graph.rdfgraph import TripleSet, build_graph, split_iri
from planatlas.graph.rdfio import graph_triples
from planatlas.parallel import fork_map
from planatlas.reading.records import Record, RecordSet

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
MIN_SPLIT = 64        # records to map before the halves go to two cores


def _strings(value: object) -> Iterator[str]:
    """Every text in parsed YAML (values, items, nested items): any of them may name a record."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def triples_key(r: Record, types: dict[str, str], base: str) -> str:
    """Hash of everything a record's triples are made from: base IRI, type, id, data, and the type
    of every record any of its texts names (a reference's IRI; an unknown id has its own IRI)."""
    named = sorted({(text, types.get(text, "")) for text in _strings(r.data)})
    return hashlib.sha256(repr((base, r.type, r.id, r.data, named)).encode("utf-8", "surrogatepass")).hexdigest()


def _subject(line: bytes) -> bytes:
    """The subject IRI of an N-Triples line ('<iri> <p> o .'); b'' for a blank node."""
    return line[1:line.index(b">")] if line.startswith(b"<") else b""


def grouped_ntriples(graph: Graph | TripleSet, base: str) -> dict[str, bytes]:
    """{record id: its triples as sorted N-Triples}: every triple whose subject is a record's IRI or
    hangs off it ('<record>/observation/2'); any other triple under '' (a graph made by hand).  One
    serialisation of the graph, split by subject."""
    lines = ox.serialize(graph_triples(graph), format=ox.RdfFormat.N_TRIPLES).split(b"\n")
    groups: dict[str, list[bytes]] = defaultdict(list)
    for line in lines:
        if not line.strip():
            continue
        parts = split_iri(base, _subject(line).decode("utf-8"))
        groups[parts[1] if parts else ""].append(line)
    return {rid: b"\n".join(sorted(group)) + b"\n" for rid, group in groups.items()}


@dataclass
class RecordTriples:
    """The graph of the records, record by record, as sorted N-Triples (from_graph: of any graph)."""

    ntriples: dict[str, bytes] = field(default_factory=dict)   # record id → its triples
    keys: dict[str, str] = field(default_factory=dict)         # record id → triples_key
    made: int = 0                                              # records made now, not from the cache

    @classmethod
    def from_graph(cls, graph: Graph, base: str) -> "RecordTriples":
        return cls(grouped_ntriples(graph, base))

    def of(self, rid: str) -> list[ox.Triple]:
        """One record's triples (empty for an id with none)."""
        data = self.ntriples.get(rid, b"")
        return [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]

    def subjects(self, rid: str) -> list[str]:
        """The IRIs a record's triples are about: its own and its nested nodes' (blank nodes left out)."""
        lines = self.ntriples.get(rid, b"").split(b"\n")
        return sorted({_subject(line).decode("utf-8") for line in lines if line.startswith(b"<")})

    def all_ntriples(self) -> bytes:
        """Every record's triples, record by record in id order."""
        return b"".join(self.ntriples[rid] for rid in sorted(self.ntriples))

    def class_counts(self) -> dict[str, int]:
        """{class IRI: how many subjects have it as rdf:type}, read from the lines themselves."""
        subjects: dict[bytes, set[bytes]] = defaultdict(set)
        for data in self.ntriples.values():
            for line in data.split(b"\n"):
                parts = line.split(b" ", 2)       # a subject and a predicate never hold a space
                if len(parts) == 3 and parts[1] == _RDF_TYPE and parts[2].startswith(b"<"):
                    subjects[parts[2][1:parts[2].index(b">")]].add(parts[0])
        return {o.decode("utf-8"): len(s) for o, s in subjects.items()}

    def memo(self) -> dict[str, bytes]:
        """{triples_key: N-Triples} of exactly these records: what the cache keeps."""
        return {self.keys[rid]: data for rid, data in self.ntriples.items() if rid in self.keys}


def record_triples(records: RecordSet, base: str, memo: dict | None = None,
                   whole: bool = True) -> tuple[RecordTriples, Graph | None]:
    """Every record's triples, from memo ({triples_key: N-Triples}) where it holds them; and the
    whole rdflib graph when every record had to be made (None otherwise).

    whole=False (a build: SHACL, in a child, builds the graph it reads): no rdflib graph is kept, and
    the records are mapped in two halves, one by a forked child (`parallel.fork_map`); a record's
    triples are all about its own IRI and the nodes under it, so the halves' groups are disjoint."""
    recs = records.records
    types = {rid: r.type for rid, r in recs.items()}
    keys = {rid: triples_key(r, types, base) for rid, r in recs.items()}
    memo = memo or {}
    missing = [r for rid, r in recs.items() if not isinstance(memo.get(keys[rid]), bytes)]
    if not whole:
        made: dict[str, bytes] = {}
        halves = [missing[0::2], missing[1::2]] if len(missing) >= MIN_SPLIT else [missing] if missing else []
        for part in fork_map(lambda half: grouped_ntriples(build_graph(half, base, types=types, light=True), base),
                             halves, min_items=2):
            made.update(part)
        graph = None
    else:
        graph = build_graph(missing, base, types=types) if missing or not recs else None
        made = grouped_ntriples(graph, base) if graph is not None else {}
    fresh = {r.id for r in missing}
    ntriples = {rid: made.get(rid, b"") if rid in fresh else memo[keys[rid]] for rid in recs}
    whole = graph if len(missing) == len(recs) else None
    return RecordTriples(ntriples, keys, len(missing)), whole
