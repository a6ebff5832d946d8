"""SHACL without pySHACL (graph/shaclcore.py) gives pySHACL's results, and falls back to it.

pySHACL is the reference: on the shipped graph, on the fixture graph with every record type and on
copies of it broken at random (values dropped, added with the wrong datatype, ill-typed, tagged with a
language, linked to a node of another class or to none, types changed or made subclasses), both
engines must give the same results, as a multiset.  Shapes that use anything outside the evaluated
part of SHACL Core are judged by pySHACL: a constraint added by hand is still enforced.
"""
from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from pyshacl import validate

from conftest import FIXTURES, REPO, hostile_context
from helpers import small_graph
from planatlas.cli import main
from planatlas.graph import shacl
from planatlas.graph.codegen import shapes_graph
from planatlas.graph.shaclcore import Validator, compile_shapes
from planatlas.pipeline import load


def core_results(shapes: Graph, graph: Graph, focus: set | None = None) -> Counter:
    engine = compile_shapes(shapes)
    assert engine is not None
    return Counter(Validator(engine, graph).results(focus))


def pyshacl_results(shapes: Graph, graph: Graph, focus: set | None = None) -> Counter:
    """pySHACL's full report (its focus_nodes option skips sh:node and sh:or checks of other nodes);
    with focus, the results on those nodes and the nested results under them (sh:detail)."""
    _conforms, report, _text = validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    nested = set(report.objects(None, ns.SH.detail))
    chosen = list(report.subjects(ns.RDF.type, ns.SH.ValidationResult))
    if focus is not None:
        chosen = [r for r in chosen if r not in nested and report.value(r, ns.SH.focusNode) in focus]
        chosen += [d for r in list(chosen) for d in report.transitive_objects(r, ns.SH.detail) if d != r]
    found = Counter()
    for r in chosen:
        shape = report.value(r, ns.SH.sourceShape)
        name = report.value(shape, ns.SH.name) or shapes.value(shape, ns.SH.name)
        path = report.value(r, ns.SH.resultPath)
        found[(report.value(r, ns.SH.focusNode), path if isinstance(path, URIRef) else None,
               report.value(r, ns.SH.resultSeverity), str(report.value(r, ns.SH.resultMessage)),
               None if name is None else str(name))] += 1
    return found


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shacl.load_shapes(REPO / "graph")


def test_the_shipped_shapes_are_all_evaluated_without_pyshacl(shapes):
    """The generated shapes compile (no fallback), whether read from the file or made from the model."""
    assert compile_shapes(shapes) == compile_shapes(shapes_graph())
    engine = compile_shapes(shapes)
    kinds = Counter(k for props in engine.node_shapes.values() for p in props
                    for k in ("min_count", "max_count", "datatype", "class_", "one_of", "allowed", "node")
                    if getattr(p, k) is not None)
    assert set(kinds) == {"min_count", "max_count", "datatype", "class_", "one_of", "allowed", "node"}
    assert any(len(p.path) == 2 for props in engine.node_shapes.values() for p in props)   # sequence paths
    assert any(p.path[0][1] for props in engine.node_shapes.values() for p in props)       # inverse paths


def test_same_diagnostics_as_pyshacl_on_the_shipped_graph(shipped, shapes):
    ids = sorted(shipped.records.records)
    engine = compile_shapes(shapes)
    core = shacl._validate(shipped, ids, False, engine)
    reference = shacl._validate(shipped, ids, False, None)
    assert core == reference
    assert sum(map(len, core.values())) > 100      # warnings about missing links are many


def test_same_diagnostics_as_pyshacl_for_a_few_records_without_a_loaded_graph(shipped, shapes):
    no_graph = dataclasses.replace(shipped, graph=None)
    ids = random.Random(3).sample(sorted(shipped.records.records), 25)
    core = shacl._validate(no_graph, ids, True, compile_shapes(shapes))
    reference = shacl._validate(no_graph, ids, True, None)       # the neighbourhood's other records too
    assert core == {rid: found for rid, found in reference.items() if rid in ids}


def _values(graph: Graph) -> list:
    iris = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})
    return [*random.Random(0).sample(iris, 8), URIRef("https://example.org/nowhere"), BNode("loose"),
            Literal("text"), Literal("text", lang="en"), Literal("12", datatype=ns.XSD.integer),
            Literal("twelve", datatype=ns.XSD.integer), Literal("2024", datatype=ns.XSD.gYear),
            Literal("2024-13-45", datatype=ns.XSD.date), Literal("2024-03-01", datatype=ns.XSD.date),
            Literal("1.5", datatype=ns.XSD.decimal), Literal("true", datatype=ns.XSD.boolean),
            Literal("x", datatype=ns.XSD.anyURI), Literal("7", datatype=ns.XSD.string)]


def _break(graph: Graph, shapes: Graph, rng: random.Random) -> Graph:
    """A copy of graph with a few random faults of the kinds SHACL is there to catch."""
    g = Graph()
    for t in graph:
        g.add(t)
    predicates = sorted({p for p in shapes.objects(None, ns.SH.path) if isinstance(p, URIRef)})
    in_values = sorted({v for lst in shapes.objects(None, ns.SH["in"]) for v in shapes.items(lst)})
    classes = sorted(set(g.objects(None, ns.RDF.type)))
    values = _values(g) + in_values[:6]
    subjects = sorted(set(g.subjects()), key=str)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(6)
        if kind == 0:      # a value dropped
            triple = rng.choice(sorted(g.triples((None, rng.choice(predicates), None)), key=str) or [None])
            if triple:
                g.remove(triple)
        elif kind == 1:    # a value added, of any kind
            g.add((rng.choice(subjects), rng.choice(predicates), rng.choice(values)))
        elif kind == 2:    # a value replaced
            triples = sorted(g.triples((None, rng.choice(predicates), None)), key=str)
            if triples:
                s, p, o = rng.choice(triples)
                g.remove((s, p, o))
                g.add((s, p, rng.choice(values)))
        elif kind == 3:    # a node's type changed or a second type given
            node = rng.choice(subjects)
            if rng.random() < 0.5:
                g.remove((node, ns.RDF.type, None))
            g.add((node, ns.RDF.type, rng.choice(classes)))
        elif kind == 4:    # one class made a subclass of another (targets and sh:class follow it)
            g.add((rng.choice(classes), ns.RDFS.subClassOf, rng.choice(classes)))
        else:              # a node's every statement removed (a dangling link)
            g.remove((rng.choice(subjects), None, None))
    return g


def test_same_results_as_pyshacl_on_graphs_broken_at_random(shapes):
    ctx = load(FIXTURES / "sitegraph", root=REPO, shacl=False)
    rng = random.Random(20261130)
    differing = []
    for round_ in range(16):
        broken = _break(ctx.graph, shapes, rng)
        focus = None
        if round_ % 4 == 3:
            focus = set(rng.sample(sorted(s for s in broken.subjects() if isinstance(s, URIRef)), 10))
        core, reference = core_results(shapes, broken, focus), pyshacl_results(shapes, broken, focus)
        if core != reference:
            differing.append((round_, core - reference, reference - core))
    assert not differing, differing[:2]


def test_the_faults_are_found_at_all(shapes):
    """The comparison above is not of two empty reports: the faults it makes are found."""
    ctx = load(FIXTURES / "sitegraph", root=REPO, shacl=False)
    rng = random.Random(20261130)
    clean = core_results(shapes, ctx.graph)
    found = [core_results(shapes, _break(ctx.graph, shapes, rng)) != clean for _ in range(16)]
    assert sum(found) >= 10


def test_a_literal_where_a_link_belongs_and_a_link_of_the_wrong_class(shapes):
    ctx = load(FIXTURES / "sitegraph", root=REPO, shacl=False)
    g = Graph()
    for t in ctx.graph:
        g.add(t)
    action = next(iter(sorted(g.subjects(ns.RDF.type, URIRef("https://plan.example.org/def/planatlas#Action")))))
    plan = URIRef("https://plan.example.org/def/planatlas#inPlan")
    g.remove((action, plan, None))
    g.add((action, plan, Literal("jfp-2023")))
    results = core_results(shapes, g)
    assert [r.message for r in results if r.focus == action and r.path == plan] == [
        "'plan' must be a link to a plan record (required), given once."]
    assert results == pyshacl_results(shapes, g)


# Shapes outside the evaluated part: pySHACL judges them -----------------------------------------
PATTERN = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix pa: <https://plan.example.org/def/planatlas#> .
pa:TitleRule a sh:NodeShape ; sh:targetClass pa:Action ;
    sh:property [ sh:path dcterms:title ; sh:pattern "^[A-Z]" ; sh:name "title" ;
                  sh:message "A title starts with a capital letter." ] .
"""


def test_shapes_with_other_constraints_are_not_compiled(shapes):
    extra = Graph().parse(data=PATTERN, format="turtle")
    assert compile_shapes(shapes + extra) is None
    for broken in ("sh:minCount 1, 2", "sh:message 'one', 'two'", "sh:path ( )", "sh:severity pa:Urgent",
                   "sh:or ( )", "sh:node [ sh:property [ sh:path dcterms:title ] ]", "sh:deactivated true"):
        text = PATTERN.replace('sh:pattern "^[A-Z]"', broken)
        assert compile_shapes(Graph().parse(data=text, format="turtle")) is None, broken
    empty_path = PATTERN.replace('sh:pattern "^[A-Z]" ;', "").replace("sh:path dcterms:title", "sh:path ( )")
    assert compile_shapes(Graph().parse(data=empty_path, format="turtle")) is None
    assert compile_shapes(Graph().parse(data=PATTERN.replace('sh:pattern "^[A-Z]" ;', ""), format="turtle"))
    assert compile_shapes(Graph().parse(data=PATTERN.replace(' sh:message "A title starts with a capital letter." ', ""),
                                        format="turtle")) is None   # pySHACL words its own message


def test_a_constraint_added_to_the_shapes_file_by_hand_is_enforced(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    shapes_file = graph / "shapes" / "planatlas-shapes.ttl"
    shapes_file.parent.mkdir(exist_ok=True)
    base = shapes_file.read_text(encoding="utf-8") if shapes_file.is_file() else \
        shapes_graph().serialize(format="turtle")
    action = next((graph / "data" / "action").glob("*.yaml"))
    action.write_text(action.read_text(encoding="utf-8").replace("title: ", "title: lower-case "), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "A title starts with a capital letter." not in CliRunner().invoke(main, ["validate", "graph"]).output
    shapes_file.write_text(base + PATTERN.split("\n", 4)[4], encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert "A title starts with a capital letter." in result.output, result.output
    assert result.exit_code == 1


def test_same_results_as_pyshacl_on_the_hostile_graph(shapes):
    """Records loaded without validation, text in every field that tries to be markup or a link."""
    graph = hostile_context().graph
    assert core_results(shapes, graph) == pyshacl_results(shapes, graph)


def test_validating_the_shipped_graph_does_not_import_pyshacl():
    """pySHACL's import (rdflib's SPARQL grammar) was most of a build after one edit at 200 records."""
    code = ("import sys; from pathlib import Path; from planatlas.pipeline import load; "
            "ctx = load(Path('graph'), root=Path('.')); "
            "print(len(ctx.diagnostics), 'pyshacl' in sys.modules, 'rdflib.plugins.sparql' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    count, pyshacl_loaded, sparql_loaded = out.stdout.split()
    assert int(count) > 100 and (pyshacl_loaded, sparql_loaded) == ("False", "False"), out.stdout


@pytest.mark.parametrize("text, said", [
    ("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n", "cannot read the SHACL shapes as Turtle"),
    ("\udcff", "cannot read the SHACL shapes as Turtle"),                          # not UTF-8
    ("@prefix ex: <urn:ex:> .\nex:a ex:b " + "[ ex:c " * 20_000 + "ex:d" + " ]" * 20_000 + " .\n",
     "planatlas-shapes.ttl: cannot read the SHACL shapes as Turtle (brackets nested too deeply)"),   # was unnamed
    (PATTERN.replace('"^[A-Z]"', '"("'), "pySHACL cannot use these shapes (missing )"),   # a bad regex
    (PATTERN.replace('sh:pattern "^[A-Z]"', 'sh:pattern "x" ; sh:minCount "one"'), "pySHACL cannot use these shapes"),
])
def test_a_shapes_file_that_cannot_be_used_is_refused_with_how_to_make_it_again(tmp_path, monkeypatch, text, said):
    graph = small_graph(tmp_path)
    shapes_file = graph / "shapes" / "planatlas-shapes.ttl"
    shapes_file.parent.mkdir(exist_ok=True)
    shapes_file.write_bytes(text.encode("utf-8", "surrogateescape"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 2, result.output
    assert said in result.output and "again with 'planatlas fmt --generated'" in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
