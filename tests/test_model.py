"""The model and its generated artefacts: nothing lost records → graph → records; files up to date."""
from __future__ import annotations

import json
from collections import namedtuple
from decimal import Decimal
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from planatlas import model
from planatlas.graph.checks import ACYCLIC
from planatlas.graph.codegen import generated_files, json_schema
from planatlas.graph.determinism import canonical_turtle
from planatlas.pipeline import load
from planatlas.graph.rdfgraph import build_graph, normalise, records_from_graph
from helpers import REPO

Rec = namedtuple("Rec", "type id data")
ids = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
dates = st.builds(lambda y, m, d, n: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:n]),
                  st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28), st.integers(1, 3))


def value_for(f: model.Field, pool: list[str]):
    if f.kind == model.REF:
        return st.sampled_from(pool)
    if f.kind == model.ENUM:
        return st.sampled_from(model.concept_ids(f.scheme))
    if f.kind == model.INT:
        return st.integers(-10**6, 10**9)
    if f.kind == model.NUMBER:
        return st.decimals(min_value=-10**6, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
    if f.kind == model.BOOL:
        return st.booleans()
    if f.kind == model.DATE:
        return dates
    if f.kind == model.NESTED:
        sub = model.NESTED_TYPES[f.item].fields
        return st.fixed_dictionaries({sf.name: value_for(sf, pool) for sf in sub if sf.required},
                                     optional={sf.name: value_for(sf, pool) for sf in sub if not sf.required})
    return text


@st.composite
def record_sets(draw):
    pool = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    recs = []
    for rid in pool:
        tname = draw(st.sampled_from(sorted(model.RECORD_TYPES)))
        rt = model.RECORD_TYPES[tname]
        data = {"id": rid, "type": tname}
        for f in rt.all_fields:
            if f.name in ("id", "type"):
                continue
            if not f.required and not draw(st.booleans()):
                continue
            strat = value_for(f, pool)
            data[f.name] = draw(st.lists(strat, min_size=1, max_size=3, unique_by=lambda v: json.dumps(
                v, default=str, sort_keys=True))) if f.many else draw(strat)
        recs.append(Rec(tname, rid, data))
    return recs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_sets())
def test_records_graph_records_round_trip(recs):
    back = records_from_graph(build_graph(recs))
    assert set(back) == {r.id for r in recs}
    for r in recs:
        assert normalise(back[r.id]) == normalise(r.data)


def test_shipped_graph_round_trips_and_exports_isomorphic(shipped):
    ctx = shipped
    back = records_from_graph(ctx.graph)
    for r in ctx.records:
        assert normalise(back[r.id]) == normalise(r.data), r.id
    again = Graph().parse(data=canonical_turtle(ctx.graph), format="turtle")
    assert isomorphic(again, ctx.graph)


def test_every_record_is_one_subject_with_its_class(shipped):
    ctx = shipped
    from rdflib.namespace import DCTERMS
    identified = list(ctx.graph.subject_objects(DCTERMS.identifier))
    assert len(identified) == len(ctx.records)


def test_generated_files_are_up_to_date():
    stale = [rel for rel, content in generated_files().items()
             if (REPO / "graph" / rel).read_text(encoding="utf-8") != content]
    assert not stale, f"run 'planatlas fmt --generated': stale {stale}"


def test_ontology_documents_every_own_term():
    g = Graph().parse(REPO / "graph" / "ontology" / "planatlas.ttl")
    from rdflib.namespace import RDFS
    from planatlas.namespaces import PA
    own = {s for s in g.subjects() if str(s).startswith(str(PA)) and not str(s).endswith("Shape")}
    assert len(own) > 40
    for term in own:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def test_shipped_records_satisfy_their_json_schema(shipped):
    ctx = shipped
    validators = {t: jsonschema.Draft202012Validator(json_schema(t)) for t in model.RECORD_TYPES}
    for r in ctx.records:
        errors = list(validators[r.type].iter_errors(_jsonable(r.data)))
        assert not errors, f"{r.path}: {errors[0].message}"


def test_json_schema_rejects_what_the_loader_rejects():
    v = jsonschema.Draft202012Validator(json_schema("action"))
    assert not v.is_valid({"id": "Bad Id", "type": "action"})
    assert not v.is_valid({"id": "a", "type": "action", "title": "t", "text": "x", "plan": "p",
                           "sources": [{"document": "s", "section": "x"}], "owner": ["x"]})
    assert v.is_valid({"id": "a", "type": "action", "title": "t", "text": "x", "plan": "p",
                       "sources": [{"document": "s", "section": "x"}], "timescale": "short"})


def test_acyclic_relations_come_from_the_fields_marked_in_the_model():
    assert {k: set(v) for k, v in model.acyclic_relations().items()} == {
        "depends on": {("action", "depends_on"), ("programme", "depends_on")},
        "part of": {("organisation", "part_of"), ("partnership", "part_of"), ("board", "part_of"),
                    ("place", "part_of"), ("programme", "part_of")}}
    assert ACYCLIC == model.acyclic_relations()
