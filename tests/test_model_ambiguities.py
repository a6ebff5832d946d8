"""The model says one thing per term (issue 12): programme statuses by the document's words, one parent for
'priority', health and wellbeing boards as boards, action → programme apart from programme → programme,
population sub-groups as a dimension, membership roles in groups. Checked on the model, the shipped graph,
and the migration (which must be idempotent)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import REPO
from planatlas.graph import dataset
from planatlas import model
from planatlas.query import sparql
from planatlas.pipeline import load


@pytest.fixture(scope="module")
def shipped():
    return load(REPO / "graph", shacl=False)


def ask(ctx, query: str) -> bool:
    return bool(dataset.engine_for(ctx).run(query).boolean)


def select(ctx, query: str) -> list[tuple[str, ...]]:
    result = dataset.engine_for(ctx).run(query)
    return [tuple(r[v].value if v in r else "" for v in result.vars) for r in result.rows]


def test_programme_statuses_follow_the_documents_words(shipped):
    assert {"on-hold", "on-hold-restart-proposed", "paused"} <= set(model.concept_ids("programme-status"))
    rows = select(shipped, """SELECT ?s ?text WHERE { ?p a pa:Programme ; pa:status ?c ; pa:statusText ?text .
        ?c skos:notation ?s . VALUES ?c { programme-status:on-hold programme-status:on-hold-restart-proposed
        programme-status:paused } }""")
    assert len(rows) == 13
    words = {"on-hold": "remain on hold", "on-hold-restart-proposed": "restart proposal", "paused": "were paused"}
    assert all(words[s] in text for s, text in rows)
    # "on hold, restart proposal due" is a kind of "on hold": one query finds both
    assert len(select(shipped, "SELECT ?p WHERE { ?p pa:status/skos:broader* programme-status:on-hold }")) == 6


def test_programme_status_has_the_action_status_fields():
    rt = model.RECORD_TYPES["programme"]
    for name in ("status_date", "status_text", "status_source"):
        assert rt.field(name).predicate == model.RECORD_TYPES["action"].field(name).predicate


def test_priority_has_one_parent(shipped):
    assert model.BROADER["outcome-kind"]["priority"] == model.BROADER["objective-kind"]["priority"]
    found = select(shipped, """SELECT ?x WHERE { ?x (pa:outcomeKind|pa:objectiveKind)/skos:broader
                                                  plan-element-kind:priority }""")
    outcomes = [r for r in shipped.records.of_type("outcome") if r.data.get("kind") == "priority"]
    objectives = [r for r in shipped.records.of_type("objective") if r.data.get("kind") == "priority"]
    assert len(found) == len(outcomes) + len(objectives) > 0


def test_health_and_wellbeing_boards_are_boards(shipped):
    assert "hwb" not in model.concept_ids("partnership-kind")
    hwbs = select(shipped, """SELECT ?b ?council WHERE { ?b pa:boardKind board-kind:health-and-wellbeing-board .
                              OPTIONAL { ?b org:unitOf ?council } } ORDER BY ?b""")
    ids = {b.rsplit("/", 1)[-1]: c.rsplit("/", 1)[-1] for b, c in hwbs}
    # `health-and-wellbeing-boards` is the West Kent update's row about HWBs in general (no council)
    assert ids == {"kent-and-medway-joint-health-and-wellbeing-board": "", "health-and-wellbeing-boards": "",
                   "kent-health-and-wellbeing-board": "kent-county-council",
                   "medway-health-and-wellbeing-board": "medway-council"}
    assert not ask(shipped, """ASK { ?p a org:OrganizationalCollaboration ; rdfs:label ?n .
                               FILTER(CONTAINS(LCASE(?n), "wellbeing board")) }""")


def test_action_refers_to_programme_and_programme_is_part_of_programme(shipped):
    assert model.RECORD_TYPES["action"].field("programmes").predicate != \
        model.RECORD_TYPES["programme"].field("part_of").predicate
    assert not ask(shipped, "ASK { ?a a pa:Action ; pa:partOfProgramme ?p }")
    assert ask(shipped, "ASK { ?a a pa:Action ; pa:refersToProgramme ?p . ?p a pa:Programme }")
    assert ask(shipped, "ASK { ?a a pa:Programme ; pa:partOfProgramme ?p . ?p a pa:Programme }")


def test_population_groups_are_a_dimension(shipped):
    rows = select(shipped, "SELECT ?o ?g WHERE { ?m pa:observation|pa:statedComparison ?o . ?o pa:populationGroup ?g }")
    assert len(rows) >= 40
    # the groups moved out of the notes: no note says only the group
    left = select(shipped, """SELECT ?o WHERE { ?o pa:populationGroup ?g ; rdfs:comment ?n .
                               FILTER(LCASE(REPLACE(?n, "\\\\.$", "")) = LCASE(?g)) }""")
    assert not left


def test_every_membership_role_has_a_group(shipped):
    groups = set(model.concept_ids("membership-role-group"))
    for role in model.concept_ids("membership-role"):
        parent = model.BROADER["membership-role"][role]
        assert parent.split(":")[0] == "membership-role-group" and parent.split(":")[1] in groups
    # leadership counts as membership; stakeholders do not
    members = {r[0].rsplit("/", 1)[-1] for r in select(
        shipped, "SELECT ?r WHERE { ?r skos:broader+ membership-role-group:member }")}
    assert {"chair", "sro", "member", "voting-member"} <= members
    assert not {"wider-stakeholder", "attendee", "observer"} & members


def test_migration_is_idempotent(tmp_path):
    shutil.copytree(REPO / "graph" / "data", tmp_path / "graph" / "data")
    before = {p: p.read_bytes() for p in (tmp_path / "graph" / "data").rglob("*.yaml")}
    out = subprocess.run([sys.executable, str(REPO / "migrations" / "2026_11_model_ambiguities.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "programme statuses split: 0 records" in out.stdout
    assert "health and wellbeing boards: 0 records" in out.stdout
    assert {p: p.read_bytes() for p in (tmp_path / "graph" / "data").rglob("*.yaml")} == before
