"""Records ⇄ RDF.  Every record becomes one subject; every field becomes triples.

`build_graph` is the forward mapping the site, SPARQL and exports use;
`records_from_graph` reads a graph back into record dicts, which is how we prove
that nothing is lost on the way (round-trip tests).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from planatlas import model
from planatlas.model import Field
from planatlas.namespaces import CONCEPT_BASE, DEFAULT_BASE, ORG, PA, bind_all

_PERIOD_FIELDS = {"start", "end"}  # membership dates hang off org:memberDuring


def concept_iri(scheme: str, cid: str) -> URIRef:
    return URIRef(f"{CONCEPT_BASE}{scheme}/{cid}")


def scheme_iri(scheme: str) -> URIRef:
    return URIRef(f"{CONCEPT_BASE}{scheme}")


def record_iri(base: str, rtype: str, rid: str) -> URIRef:
    return URIRef(f"{base}{rtype}/{rid}")


def split_iri(base: str, iri: str) -> tuple[str, str, str] | None:
    """(type, id, rest) of a record IRI or of a node nested in it ('<record>/observation/2'), else None.

    The one way to find a record from an IRI: a dict lookup on the id, never a scan."""
    if not iri.startswith(base):
        return None
    parts = iri[len(base):].split("/", 2)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def date_literal(text: str) -> Literal:
    n = text.count("-")
    dt = (XSD.gYear, XSD.gYearMonth, XSD.date)[n]
    return Literal(text, datatype=dt)


class Minter:
    """Mints IRIs for records of a set; ids are global so a ref needs only the id."""

    def __init__(self, types_by_id: dict[str, str], base: str = DEFAULT_BASE) -> None:
        self.types = types_by_id
        self.base = base

    def ref(self, rid: str) -> URIRef:
        # A dangling id (reported by validation) still gets a stable IRI.
        return record_iri(self.base, self.types.get(rid, "unknown"), rid)


def build_graph(records: Iterable[Any], base: str = DEFAULT_BASE, types: dict[str, str] | None = None,
                light: bool = False) -> Graph:
    """Records (anything with .type, .id, .data) → an rdflib Graph (light: a `TripleSet`).

    types: {id: type} of every record a link may reach, when `records` is only part of the graph
    (SHACL of a few changed records); by default the records' own."""
    records = list(records)
    minter = Minter(types if types is not None else {r.id: r.type for r in records}, base)
    g = TripleSet() if light else Graph()
    if not light:
        bind_all(g, base)
    for r in records:
        add_record(g, r.type, r.id, r.data, minter)
    return g


class TripleSet:
    """The same triples as an rdflib Graph of the records, for readers that only iterate them and look
    them up by subject and predicate or predicate and object: SHACL Core (`shaclcore.Validator`) and
    each record's N-Triples (`recordtriples`).  Why: rdflib's memory store keeps three indexes of
    nested dicts per triple added, 75% of building the graph, which was 35% of SHACL and most of
    the graph stage of a cold build; here a set, and the two lookups SHACL makes, built when first used."""

    def __init__(self) -> None:
        self._triples: set[tuple] = set()
        self._out: dict[tuple, set] | None = None      # (s, p) → objects
        self._in: dict[tuple, set] | None = None       # (p, o) → subjects

    def add(self, triple: tuple) -> "TripleSet":
        self._triples.add(triple)
        self._out = self._in = None
        return self

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):
        return iter(self._triples)

    def _index(self) -> None:
        out: dict[tuple, set] = {}
        into: dict[tuple, set] = {}
        for s, p, o in self._triples:
            out.setdefault((s, p), set()).add(o)
            into.setdefault((p, o), set()).add(s)
        self._out, self._in = out, into

    def objects(self, subject, predicate):
        if self._out is None:
            self._index()
        return iter(self._out.get((subject, predicate), ()))

    def subjects(self, predicate, obj):
        if self._in is None:
            self._index()
        return iter(self._in.get((predicate, obj), ()))

    def transitive_objects(self, subject, predicate, remember: dict | None = None):
        """rdflib's: the subject, then every object reached through predicate, depth first, once each."""
        return _closure(subject, lambda node: self.objects(node, predicate), {} if remember is None else remember)

    def transitive_subjects(self, predicate, obj, remember: dict | None = None):
        """rdflib's: the object, then every subject that reaches it through predicate, once each."""
        return _closure(obj, lambda node: self.subjects(predicate, node), {} if remember is None else remember)


def _closure(node, step, remember: dict):
    """node, then every node step() reaches from it, depth first, each once (rdflib's transitive walks)."""
    if node in remember:
        return
    remember[node] = 1
    yield node
    for nxt in list(step(node)):
        yield from _closure(nxt, step, remember)


def add_record(g: Graph, rtype: str, rid: str, data: dict, minter: Minter) -> URIRef:
    rt = model.RECORD_TYPES[rtype]
    s = record_iri(minter.base, rtype, rid)
    g.add((s, RDF.type, rt.rdf_class))
    g.add((s, DCTERMS.identifier, Literal(rid)))
    label = data.get(rt.label_field)
    if label is not None:
        g.add((s, RDFS.label, Literal(label)))
    for f in rt.all_fields:
        if f.name in ("id", "type") or f.name not in data:
            continue
        values = data[f.name] if f.many else [data[f.name]]
        if f.kind == model.NESTED:
            _add_nested(g, s, f, values, minter)
            continue
        subject = s
        if rtype == "membership" and f.name in _PERIOD_FIELDS:
            subject = URIRef(f"{s}/period")
            g.add((s, ORG.memberDuring, subject))
            g.add((subject, RDF.type, DCTERMS.PeriodOfTime))
        for v in values:
            g.add((subject, f.predicate, to_node(f, v, minter)))
    return s


def _add_nested(g: Graph, s: URIRef, f: Field, items: list[dict], minter: Minter) -> None:
    cls, _doc, sub_fields = model.NESTED_TYPES[f.item]
    for i, item in enumerate(items, 1):
        n = URIRef(f"{s}/{f.item}/{i}")
        g.add((s, f.predicate, n))
        g.add((n, RDF.type, cls))
        g.add((n, PA.position, Literal(i)))
        for sf in sub_fields:
            if sf.name in item:
                g.add((n, sf.predicate, to_node(sf, item[sf.name], minter)))
        if f.item == "source-ref" and "document" in item:
            g.add((s, PROV.wasDerivedFrom, minter.ref(item["document"])))


def to_node(f: Field, v: Any, minter: Minter):
    if f.kind == model.REF:
        return minter.ref(v)
    if f.kind == model.ENUM:
        return concept_iri(f.scheme, v)
    if f.kind == model.DATE:
        return date_literal(v)
    if f.kind == model.INT:
        return Literal(int(v))
    if f.kind == model.NUMBER:
        lexical = format(Decimal(str(v)), "f")
        return Literal(lexical if "." in lexical else lexical + ".0", datatype=XSD.decimal)
    if f.kind == model.BOOL:
        return Literal(bool(v))
    return Literal(str(v))


# Graph → records ------------------------------------------------------------
_CLASS_TO_TYPE = {rt.rdf_class: name for name, rt in model.RECORD_TYPES.items()}


def from_node(f: Field, node) -> Any:
    if f.kind in (model.REF, model.ENUM):
        return str(node).rstrip("/").rsplit("/", 1)[-1]
    if f.kind == model.INT:
        return int(node)
    if f.kind == model.NUMBER:
        return Decimal(str(node))
    if f.kind == model.BOOL:
        return bool(node.toPython())
    return str(node)


def records_from_graph(g: Graph) -> dict[str, dict]:
    """Read every record subject back into the dict an editor would have written."""
    out: dict[str, dict] = {}
    for cls, rtype in _CLASS_TO_TYPE.items():
        rt = model.RECORD_TYPES[rtype]
        for s in g.subjects(RDF.type, cls):
            rid = str(g.value(s, DCTERMS.identifier))
            data: dict[str, Any] = {"id": rid, "type": rtype}
            for f in rt.all_fields:
                if f.name in ("id", "type"):
                    continue
                subject = s
                if rtype == "membership" and f.name in _PERIOD_FIELDS:
                    subject = g.value(s, ORG.memberDuring)
                    if subject is None:
                        continue
                if f.kind == model.NESTED:
                    items = _read_nested(g, subject, f)
                    if items:
                        data[f.name] = items
                    continue
                values = [from_node(f, o) for o in g.objects(subject, f.predicate)]
                if values:
                    data[f.name] = sorted(values, key=str) if f.many else values[0]
            out[rid] = data
    return out


def _read_nested(g: Graph, s, f: Field) -> list[dict]:
    _cls, _doc, sub_fields = model.NESTED_TYPES[f.item]
    items = []
    for n in g.objects(s, f.predicate):
        pos = int(g.value(n, PA.position) or 0)
        item = {}
        for sf in sub_fields:
            o = g.value(n, sf.predicate)
            if o is not None:
                item[sf.name] = from_node(sf, o)
        items.append((pos, item))
    return [item for _pos, item in sorted(items, key=lambda p: p[0])]


def normalise(data: dict) -> dict:
    """A record dict with multi-valued plain fields sorted: RDF keeps sets, not order."""
    rt = model.RECORD_TYPES[data["type"]]
    out = dict(data)
    for f in rt.all_fields:
        if f.many and f.kind != model.NESTED and f.name in out:
            out[f.name] = sorted(out[f.name], key=str)
    return out
