"""SHACL Core and each record's N-Triples read the records' triples from a `rdfgraph.TripleSet`, not an
rdflib Graph (issue 14: rdflib's store was 35% of SHACL and most of a cold build's graph stage).  They
must judge and write exactly as over the rdflib Graph of the same records: the same results in the
same order, the same N-Triples, duplicates collapsed as a graph collapses them."""
from __future__ import annotations

import copy

from rdflib import Literal, URIRef

from planatlas.graph.rdfgraph import TripleSet, build_graph
from planatlas.graph.recordtriples import grouped_ntriples
from planatlas.graph.shacl import load_shapes
from planatlas.graph.shaclcore import Validator, compile_shapes
from planatlas.pipeline import load

from conftest import FIXTURES


def _results(graph, shapes) -> list:
    return sorted((str(f), str(p), str(s), str(m), str(n)) for f, p, s, m, n in Validator(shapes, graph).results())


def _same_over_both(records, base: str, graph_dir) -> int:
    shapes = compile_shapes(load_shapes(graph_dir))
    assert shapes is not None
    heavy, light = build_graph(records, base), build_graph(records, base, light=True)
    assert isinstance(light, TripleSet) and len(light) == len(heavy) and set(light) == set(heavy)
    assert _results(light, shapes) == _results(heavy, shapes)
    assert grouped_ntriples(light, base) == grouped_ntriples(heavy, base)
    return len(_results(light, shapes))


def test_shipped_graph_judged_and_written_alike(shipped):
    found = _same_over_both(list(shipped.records), shipped.config.base_iri, shipped.graph_dir)
    assert found > 0                      # the shipped graph has SHACL warnings: results were compared


def test_broken_records_judged_alike(tmp_path):
    """Records that SHACL faults (a missing required field, a link to the wrong type, a source cited
    twice: one prov:wasDerivedFrom triple, which maxCount must count once), over both graphs."""
    ctx = load(FIXTURES / "sitegraph", shacl=False)
    records = [copy.deepcopy(r) for r in ctx.records]
    action = next(r for r in records if r.type == "action")
    action.data.pop("title", None)
    refs = action.data.get("source_refs") or action.data.get("sources")
    if isinstance(refs, list) and refs:
        refs.append(dict(refs[0]))
    objective = next(r for r in records if r.type == "objective")
    for key, value in list(objective.data.items()):
        if isinstance(value, list) and value and isinstance(value[0], str) and key not in ("id", "type"):
            objective.data[key] = value + [action.id]         # a link to a record of another type
            break
    assert _same_over_both(records, ctx.config.base_iri, ctx.graph_dir) > 0


def test_lookups_and_closures_as_rdflib():
    s, p, q = URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:q")
    light = TripleSet()
    for t in [(s, p, URIRef("urn:a")), (URIRef("urn:a"), p, URIRef("urn:b")), (URIRef("urn:b"), p, s),
              (s, q, Literal("x")), (s, q, Literal("x")), (URIRef("urn:c"), q, Literal("x"))]:
        light.add(t)
    assert len(light) == 5
    assert set(light.objects(s, q)) == {Literal("x")}
    assert set(light.subjects(q, Literal("x"))) == {s, URIRef("urn:c")}
    assert list(light.transitive_objects(s, p)) == [s, URIRef("urn:a"), URIRef("urn:b")]     # a cycle ends
    assert set(light.transitive_subjects(p, s)) == {s, URIRef("urn:a"), URIRef("urn:b")}
    light.add((URIRef("urn:d"), p, s))                   # an index made before an add is made again
    assert URIRef("urn:d") in set(light.subjects(p, s))
