"""The part of SHACL Core our shapes use, evaluated in Python over an rdflib graph.

Why: pySHACL took 0.2 s to import (it loads rdflib's SPARQL grammar) before judging one record, most
of our stages' time in a build after one edit at 200 records, and 4.3 s on the shipped graph from
cold (0.4 s here).  The shapes are generated from model.py and use a small part of SHACL Core: class
targets; paths that are a predicate, its inverse or a sequence of those; sh:minCount, sh:maxCount,
sh:datatype, sh:class, sh:or of classes or datatypes, sh:in of IRIs, sh:node, sh:severity; one
sh:message each.

`compile_shapes` returns None for shapes that use anything else (a hand-edited shapes file, a
constraint added later); the caller then runs pySHACL, which stays the reference.  Each constraint
is evaluated as pySHACL 0.40 evaluates it: value nodes as a set, one result per failing value, types
and rdfs:subClassOf read from the data graph, a value that fails sh:node reported with its own
results.  tests/test_shacl_core.py compares both on the shipped and fixture graphs and on graphs
broken at random.  One difference, on purpose: pySHACL's focus_nodes option also filters the nodes
that sh:node and sh:or check, taking any value that is not itself a focus node as conforming; here a
focus node is judged as in a full run, so a warm run finds what a cold one finds.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

if TYPE_CHECKING:
    from planatlas.graph.rdfgraph import TripleSet

NODE_KEYS = frozenset({RDF.type, RDFS.label, RDFS.comment, SH.property, SH.targetClass, SH.severity,
                       SH.name, SH.description})
PROPERTY_KEYS = frozenset({SH.path, SH.name, SH.description, SH.message, SH.minCount, SH.maxCount,
                           SH.datatype, SH["class"], SH["or"], SH["in"], SH.node, SH.severity})
SEVERITIES = frozenset({SH.Violation, SH.Warning, SH.Info})
TARGETS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class Unsupported(Exception):
    """The shapes use something this module does not evaluate (pySHACL does)."""


@dataclass(frozen=True)
class PropertyShape:
    """One property shape: its path, its constraints, and what a result of it says."""
    path: tuple[tuple[str, bool], ...]          # (predicate IRI, inverse) per step of the path
    min_count: int | None
    max_count: int | None
    datatype: str | None
    class_: str | None
    one_of: tuple[tuple[str, str], ...] | None  # sh:or: ("class" | "datatype", IRI) each
    allowed: frozenset[str] | None              # sh:in: IRIs
    node: str | None                            # sh:node: a node shape's IRI
    severity: str
    message: str
    name: str | None


@dataclass(frozen=True)
class Shapes:
    """Compiled shapes: {node shape IRI: its property shapes} and each node shape's target classes."""
    node_shapes: dict[str, tuple[PropertyShape, ...]]
    targets: dict[str, tuple[str, ...]]


class Result(NamedTuple):
    """One validation result, as pySHACL's report gives it: the focus node, the path (None for any path
    but a predicate), severity, message and the property shape's sh:name."""
    focus: URIRef | BNode | Literal
    path: URIRef | None     # a predicate path's IRI; None for any other path (pySHACL gives a node)
    severity: URIRef
    message: str
    name: str | None


def compile_shapes(shapes: Graph) -> Shapes | None:
    """The shapes graph compiled, or None when it uses anything outside the subset above."""
    try:
        return _compile(shapes)
    except Unsupported:
        return None


def _one(g: Graph, node, key) -> object | None:
    values = list(g.objects(node, key))
    if len(values) > 1:
        raise Unsupported(f"{node} has {len(values)} {key}")
    return values[0] if values else None


def _iri(value) -> str:
    if not isinstance(value, URIRef):
        raise Unsupported(f"{value!r} is not an IRI")
    return str(value)


def _count(value) -> int | None:
    if value is None:
        return None
    if not isinstance(value, Literal) or value.datatype != XSD.integer or not isinstance(value.value, int):
        raise Unsupported(f"{value!r} is not an integer")
    return value.value


def _compile(g: Graph) -> Shapes:
    if any(True for key in TARGETS for _ in g.subject_objects(key)) or (None, SH.deactivated, None) in g:
        raise Unsupported("a target or deactivation this module does not evaluate")
    node_iris = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.targetClass, None)) \
        | set(g.subjects(SH.property, None)) | set(g.objects(None, SH.node))
    property_nodes = set(g.objects(None, SH.property))
    if set(g.subjects(SH.path, None)) - property_nodes or set(g.subjects(RDF.type, SH.PropertyShape)) - property_nodes:
        raise Unsupported("a property shape outside sh:property")
    node_shapes: dict[str, tuple[PropertyShape, ...]] = {}
    targets: dict[str, tuple[str, ...]] = {}
    for node in node_iris:
        iri = _iri(node)
        if set(g.predicates(node, None)) - NODE_KEYS or set(g.objects(node, RDF.type)) - {SH.NodeShape}:
            raise Unsupported(f"{iri} has a constraint or type this module does not evaluate")
        if _one(g, node, SH.severity) not in (None, *SEVERITIES):
            raise Unsupported(f"{iri}: unknown severity")
        node_shapes[iri] = tuple(sorted((_property(g, p) for p in g.objects(node, SH.property)), key=repr))
        classes = tuple(sorted(_iri(c) for c in g.objects(node, SH.targetClass)))
        if classes:
            targets[iri] = classes
    for shapes in node_shapes.values():
        if any(p.node is not None and p.node not in node_shapes for p in shapes):
            raise Unsupported("sh:node names no node shape")
    _no_cycles(node_shapes)
    return Shapes(node_shapes, targets)


def _property(g: Graph, p) -> PropertyShape:
    if not isinstance(p, BNode | URIRef) or set(g.predicates(p, None)) - PROPERTY_KEYS - {RDF.type} \
            or set(g.objects(p, RDF.type)) - {SH.PropertyShape}:
        raise Unsupported(f"property shape {p} uses what this module does not evaluate")
    path = _one(g, p, SH.path)
    if path == RDF.nil:
        raise Unsupported("an empty sequence path")
    if isinstance(path, BNode) and (path, RDF.first, None) in g:
        steps = tuple(_step(g, step) for step in Collection(g, path))
        if not steps:
            raise Unsupported("an empty sequence path")
    else:
        steps = (_step(g, path),)
    message = _one(g, p, SH.message)
    severity = _one(g, p, SH.severity) or SH.Violation
    if not isinstance(message, Literal) or message.datatype not in (None, XSD.string) or severity not in SEVERITIES:
        raise Unsupported(f"property shape {p}: no sh:message (text) or an unknown severity")
    one_of = _one(g, p, SH["or"])
    if one_of is not None:
        members = []
        for member in Collection(g, one_of):
            pairs = list(g.predicate_objects(member))
            if len(pairs) != 1 or pairs[0][0] not in (SH["class"], SH.datatype):
                raise Unsupported("sh:or of something other than one class or datatype each")
            members.append(("class" if pairs[0][0] == SH["class"] else "datatype", _iri(pairs[0][1])))
        one_of = tuple(members)
        if not one_of:
            raise Unsupported("an empty sh:or")
    allowed = _one(g, p, SH["in"])
    if allowed is not None:
        allowed = frozenset(_iri(v) for v in Collection(g, allowed))
        if not allowed:
            raise Unsupported("an empty sh:in")
    datatype, class_, node = (_one(g, p, k) for k in (SH.datatype, SH["class"], SH.node))
    name = _one(g, p, SH.name)
    return PropertyShape(
        path=steps, min_count=_count(_one(g, p, SH.minCount)),
        max_count=_count(_one(g, p, SH.maxCount)), datatype=None if datatype is None else _iri(datatype),
        class_=None if class_ is None else _iri(class_), one_of=one_of, allowed=allowed,
        node=None if node is None else _iri(node), severity=str(severity), message=str(message),
        name=None if name is None else str(name))


def _step(g: Graph, step) -> tuple[str, bool]:
    """One step of a path: a predicate, or [ sh:inversePath predicate ]."""
    if isinstance(step, BNode):
        inverse = _one(g, step, SH.inversePath)
        if set(g.predicate_objects(step)) != {(SH.inversePath, inverse)}:
            raise Unsupported("a path other than predicates and their inverses")
        return _iri(inverse), True
    return _iri(step), False


def _no_cycles(node_shapes: dict[str, tuple[PropertyShape, ...]]) -> None:
    """sh:node chains end (a recursive shape is left to pySHACL)."""
    done: set[str] = set()

    def visit(iri: str, path: tuple[str, ...]) -> None:
        if iri in path:
            raise Unsupported(f"sh:node cycle through {iri}")
        if iri in done:
            return
        for p in node_shapes[iri]:
            if p.node is not None:
                visit(p.node, path + (iri,))
        done.add(iri)

    for iri in node_shapes:
        visit(iri, ())


# Evaluation ---------------------------------------------------------------------------------------
def _actual_value(value: Literal, datatype: URIRef) -> bool:
    """pySHACL's check that a literal's value is of its datatype's Python type."""
    v = value.value
    if datatype in (XSD.string, RDF.langString):
        return isinstance(v, (str, bytes))
    expected = {XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
                XSD.date: date, XSD.time: time, XSD.dateTime: datetime}.get(datatype)
    return True if expected is None else isinstance(v, expected)


def has_datatype(value, datatype: URIRef) -> bool:
    """sh:datatype, as pySHACL's DatatypeConstraintComponent judges it."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return getattr(value, "ill_typed", None) is not True and _actual_value(value, datatype)
    if datatype == RDFS.Literal or (datatype == RDFS.Datatype and value.datatype):
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _actual_value(value, datatype)
    if datatype == RDF.langString and value.language:
        return _actual_value(value, datatype)
    return False


def is_instance(graph: Graph | TripleSet, value, cls: URIRef) -> bool:
    """sh:class: one of the value's types is the class or, through rdfs:subClassOf, under it."""
    if isinstance(value, Literal):
        return False
    return any(t == cls or cls in graph.transitive_objects(t, RDFS.subClassOf)
               for t in graph.objects(value, RDF.type))


class Validator:
    """Compiled shapes applied to one data graph (a node's results against a shape are kept)."""

    def __init__(self, shapes: Shapes, graph: Graph | TripleSet) -> None:
        self.shapes, self.graph = shapes, graph
        self._node: dict[tuple, list[Result]] = {}

    def targets(self, shape: str) -> set:
        """The instances of the shape's target classes and of their subclasses (in the data graph)."""
        found: set = set()
        for cls in map(URIRef, self.shapes.targets.get(shape, ())):
            found.update(self.graph.subjects(RDF.type, cls))
            for sub in self.graph.transitive_subjects(RDFS.subClassOf, cls):
                if sub != cls:
                    found.update(self.graph.subjects(RDF.type, sub))
        return found

    def results(self, focus: set | None = None) -> Iterator[Result]:
        """Every result of every targeted shape; focus: only these (IRI) nodes, as pySHACL's option."""
        for shape in sorted(self.shapes.targets):
            for node in self.targets(shape):
                if focus is None or (isinstance(node, URIRef) and node in focus):
                    yield from self.node_results(shape, node)

    def node_results(self, shape: str, node) -> list[Result]:
        key = (shape, node)
        if key not in self._node:
            self._node[key] = [r for p in self.shapes.node_shapes[shape] for r in self.property_results(p, node)]
        return self._node[key]

    def _fits(self, kind: str, iri: str, value) -> bool:
        return is_instance(self.graph, value, URIRef(iri)) if kind == "class" else has_datatype(value, URIRef(iri))

    def property_results(self, p: PropertyShape, focus) -> Iterator[Result]:
        values = {focus}
        for predicate, inverse in p.path:
            step: set = set()
            for node in values:
                if inverse:
                    step.update(self.graph.subjects(URIRef(predicate), node))
                elif not isinstance(node, Literal):
                    step.update(self.graph.objects(node, URIRef(predicate)))
            values = step
        simple = len(p.path) == 1 and not p.path[0][1]
        result = Result(focus, URIRef(p.path[0][0]) if simple else None, URIRef(p.severity), p.message, p.name)
        if p.min_count is not None and len(values) < p.min_count:
            yield result
        if p.max_count is not None and len(values) > p.max_count:
            yield result
        for value in values:
            if p.datatype is not None and not has_datatype(value, URIRef(p.datatype)):
                yield result
            if p.class_ is not None and not is_instance(self.graph, value, URIRef(p.class_)):
                yield result
            if p.one_of is not None and not any(self._fits(kind, iri, value) for kind, iri in p.one_of):
                yield result
            if p.allowed is not None and not (isinstance(value, URIRef) and str(value) in p.allowed):
                yield result
            if p.node is not None:
                inner = self.node_results(p.node, value)
                if inner:           # pySHACL reports the value's own results too (as sh:detail)
                    yield result
                    yield from inner
