"""Adding a record type is one change in model.py (issue 15): this test makes that change (an
'initiative' type, added to model.RECORD_TYPES) and shows that loading, checking, the graph and the
site's pages follow from the model with nothing else edited."""
from __future__ import annotations

import pytest
from rdflib.namespace import DCTERMS, RDF

from helpers import graph_from_dicts
from planatlas import model
from planatlas.sitegen.build import generate, navigation
from planatlas.namespaces import PA
from planatlas.pipeline import load

INITIATIVE = model.RecordType(
    "initiative", PA.Initiative, "A time-limited initiative a plan runs.", "title", (
        model.Field("title", model.TEXT, DCTERMS.title, "Short title.", required=True),
        model.Field("plan", model.REF, PA.inPlan, "The plan that runs it.", required=True, targets=("plan",),
                    label="In plan", inverse_label="Runs"),
    ), plural="initiatives")


@pytest.fixture
def with_initiative(monkeypatch):
    """The one change: model.RECORD_TYPES gets the new type (in model.py it is one RecordType(...) entry)."""
    monkeypatch.setitem(model.RECORD_TYPES, "initiative", INITIATIVE)


def test_a_new_type_validates_builds_a_graph_and_gets_pages(tmp_path, with_initiative):
    graph = graph_from_dicts(tmp_path, [
        {"id": "init-1", "type": "initiative", "title": "Winter vaccination drive", "plan": "test-plan",
         "sources": [{"document": "src-test", "section": "Whole document"}]}])
    ctx = load(graph, shacl=True)
    assert ctx.ok, [d.format() for d in ctx.diagnostics if d.severity == "error"]
    assert ctx.records.records["init-1"].type == "initiative"
    iri = next(ctx.graph.subjects(RDF.type, PA.Initiative))
    assert str(iri).endswith("/initiative/init-1")
    generate(ctx)
    page = ctx.outputs["initiatives/init-1.md"]
    assert "Winter vaccination drive" in page
    assert "initiatives/index.md" in ctx.outputs
    assert "init-1" in ctx.outputs["initiatives/index.md"]
    # no navigation section names the new type yet: its index is listed under "More", never lost
    more = next(items for entry in navigation(ctx.outputs) for name, items in entry.items() if name == "More")
    assert "initiatives/index.md" in more


def test_every_shipped_type_and_page_has_a_navigation_section():
    """Only a type or page added later falls under "More"; the shipped ones each have their section."""
    named = {t for types in model.SITE_SECTIONS.values() for t in types}
    assert named == set(model.RECORD_TYPES), set(model.RECORD_TYPES) ^ named


def test_an_unknown_type_is_refused_without_the_change(tmp_path):
    graph = graph_from_dicts(tmp_path, [{"id": "init-1", "type": "initiative", "title": "x"}])
    ctx = load(graph, shacl=False)
    assert not ctx.ok
