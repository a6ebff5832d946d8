"""The answered questions that cross documents (issue 12), each checked row by row on a small fixture graph
written from dicts, where the right answer is known: a query that returns the wrong rows fails here."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import REPO, small_graph
from planatlas.graph import dataset
from planatlas.query import sparql
from planatlas.pipeline import load
from planatlas.sitegen.querypages import load_questions

QUESTIONS = {q.name: q for q in load_questions(REPO / "graph" / "queries")}
NEW = ["members-of-two-partnerships-at-once", "board-ownership-across-plans", "action-status-by-plan",
       "metrics-by-direction", "owners-across-plans", "members-by-role-group", "values-for-population-groups",
       "owners-that-no-longer-exist", "priorities-across-plans"]


def write_records(graph: Path, records: list[dict], source: str = "src-test") -> None:
    """Each dict becomes graph/data/<type>/<id>.yaml; a citation of `source` is added where none is given."""
    for rec in records:
        data = {**rec}
        data.setdefault("sources", [{"document": data.pop("_source", source), "section": "Fixture"}])
        data.pop("_source", None)
        path = graph / "data" / data["type"] / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def m(mid: str, member: str, body: str, role: str, source: str, **more) -> dict:
    return {"id": mid, "type": "membership", "title": mid, "member": member, "body": body, "role": role,
            "_source": source, **more}


FIXTURE = [
    {"id": "src-2018", "type": "source", "title": "Paper of 2018", "file": "a.txt", "issued": "2018-10-09"},
    {"id": "src-2020", "type": "source", "title": "Paper of 2020", "file": "b.txt", "issued": "2020-09"},
    {"id": "plan-b", "type": "plan", "title": "Plan B", "kind": "strategy", "status": "published"},
    {"id": "place-k", "type": "place", "name": "Kent", "kind": "county"},
    {"id": "p-one", "type": "partnership", "name": "Partnership One", "kind": "hcp"},
    {"id": "p-two", "type": "partnership", "name": "Partnership Two", "kind": "icp"},
    {"id": "p-three", "type": "partnership", "name": "Partnership Three", "kind": "ics"},
    {"id": "b-one", "type": "board", "name": "Board One", "kind": "board", "part_of": "p-one"},
    {"id": "b-two", "type": "board", "name": "Board Two", "kind": "board", "part_of": "p-two"},
    {"id": "b-exec", "type": "board", "name": "Trust executive", "kind": "executive", "part_of": "test-trust"},
    {"id": "org-council", "type": "organisation", "name": "A County Council", "kind": "county-council"},
    {"id": "ccg-old", "type": "organisation", "name": "Old CCG", "kind": "ccg"},
    m("m1", "test-trust", "p-one", "member", "src-2020"),
    m("m2", "test-trust", "b-two", "voting-member", "src-2020"),
    m("m3", "test-trust", "p-three", "member", "src-2018"),
    m("m4", "test-icb", "p-one", "wider-stakeholder", "src-2020"),
    m("m4b", "test-icb", "p-two", "member", "src-2020"),
    m("m5", "org-council", "p-one", "chair", "src-2018", start="2019"),
    m("m5b", "org-council", "p-two", "member", "src-2020"),
    m("m6", "org-council", "p-three", "member", "src-2018", start="2021"),
    {"id": "a-1", "type": "action", "title": "A one", "text": "A one.", "plan": "test-plan", "owners": ["b-one"],
     "status": "done"},
    {"id": "a-2", "type": "action", "title": "A two", "text": "A two.", "plan": "plan-b", "status": "in-progress"},
    {"id": "a-3", "type": "action", "title": "A three", "text": "A three.", "plan": "plan-b", "owners": ["b-exec"]},
    {"id": "a-4", "type": "action", "title": "A four", "text": "A four.", "plan": "test-plan", "owners": ["ccg-old"],
     "status": "planned"},
    {"id": "op-1", "type": "outcome", "title": "Priority outcome", "plan": "plan-b", "kind": "priority",
     "statement": "A priority."},
    {"id": "o-1", "type": "objective", "title": "Objective one", "plan": "plan-b", "owners": ["b-one"],
     "serves": ["op-1"]},
    {"id": "oj-p", "type": "objective", "title": "Priority objective", "plan": "test-plan", "kind": "priority"},
    {"id": "prog-1", "type": "programme", "name": "Programme one", "kind": "programme", "owners": ["b-one"]},
    {"id": "mt-1", "type": "metric", "title": "Adults active", "plan": "plan-b", "owners": ["b-one"],
     "direction": "higher", "observations": [
         {"kind": "actual", "group": "adults", "value": 10.5, "unit": "%", "area": "place-k", "period": "2020"},
         {"kind": "target", "value": 20, "unit": "%"}]},
    {"id": "mt-2", "type": "metric", "title": "Early deaths", "plan": "plan-b", "comparisons": [
        {"area": "place-k", "comparison": "worse", "comparator": "England", "group": "under 75 years"}]},
    {"id": "ch-1", "type": "change", "title": "ICB replaces the CCG", "kind": "replacement", "date": "2022-07-01",
     "from": ["ccg-old"], "to": ["test-icb"]},
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    g = small_graph(tmp_path_factory.mktemp("cross"))
    write_records(g, FIXTURE)
    loaded = load(g, shacl=False)
    assert loaded.ok, [d.format() for d in loaded.diagnostics if d.severity == "error"]
    return loaded


def short(t: sparql.Term | None) -> str:
    if t is None:
        return ""
    if t.type == "uri":
        return t.value.rstrip("/").rsplit("/", 1)[-1]
    norm = sparql.normalise_term(t)
    return norm[1] if norm[0] == "number" else t.value


def rows(ctx, name: str) -> list[tuple[str, ...]]:
    result = dataset.engine_for(ctx).run(QUESTIONS[name].query)
    return [tuple(short(r.get(v)) for v in result.vars) for r in result.rows]


def test_the_new_questions_exist():
    assert set(NEW) <= set(QUESTIONS) and len(QUESTIONS) >= 17 + 8
    for name in NEW:
        assert QUESTIONS[name].title.endswith("?") and len(QUESTIONS[name].description) > 60, name


def test_members_of_two_partnerships_at_once(ctx):
    # m3 (2018) does not overlap the 2020 memberships; the ICB is only a wider stakeholder of p-one; the
    # council's chair seat from 2019 (open) overlaps p-two in 2020 and its p-three seat from 2021 (open).
    assert rows(ctx, "members-of-two-partnerships-at-once") == [
        ("org-council", "p-one", "Chair", "p-three", "Member", "2021", ""),
        ("org-council", "p-one", "Chair", "p-two", "Member", "2020", "2020"),
        ("test-trust", "p-one", "Member", "p-two", "Voting member", "2020", "2020"),
    ]


def test_board_ownership_across_plans(ctx):
    assert set(rows(ctx, "board-ownership-across-plans")) == {
        ("b-exec", "plan-b", "0", "1", "0", "0"),
        ("b-one", "no plan", "0", "0", "0", "1"),
        ("b-one", "plan-b", "1", "0", "1", "0"),
        ("b-one", "test-plan", "0", "1", "0", "0"),
    }


def test_action_status_by_plan(ctx):
    assert set(rows(ctx, "action-status-by-plan")) == {
        ("plan-b", "In progress", "1"), ("plan-b", "Not stated", "1"),
        ("test-plan", "Done", "1"), ("test-plan", "Planned", "1"), ("test-plan", "Not stated", "1"),
    }


def test_metrics_by_direction(ctx):
    assert rows(ctx, "metrics-by-direction") == [
        ("Higher is better", "mt-1", "Measured value", "place-k", "adults", "2020", "10.5", "%"),
        ("Higher is better", "mt-1", "Target", "", "", "", "20", "%"),
    ]


def test_owners_across_plans(ctx):
    # the trust owns an action of test-plan itself and one of plan-b through its executive board
    assert rows(ctx, "owners-across-plans") == [
        ("test-trust", "plan-b", "1", "its boards"), ("test-trust", "test-plan", "1", "directly")]


def test_members_by_role_group(ctx):
    member, lead, stake = ("Counts as a member", "Leadership (chairs and leads; counts as a member)",
                           "Stakeholder or attendee (not a member)")
    assert set(rows(ctx, "members-by-role-group")) == {
        ("b-two", member, "1"), ("p-one", member, "1"), ("p-one", lead, "1"), ("p-one", stake, "1"),
        ("p-three", member, "2"), ("p-two", member, "2")}


def test_values_for_population_groups(ctx):
    assert rows(ctx, "values-for-population-groups") == [
        ("adults", "mt-1", "place-k", "Measured value", "10.5 %", "2020"),
        ("under 75 years", "mt-2", "place-k", "Stated comparison", "Worse than comparator: England", ""),
    ]


def test_owners_that_no_longer_exist(ctx):
    assert rows(ctx, "owners-that-no-longer-exist") == [("ccg-old", "ch-1", "2022-07-01", "test-icb", "a-4")]


def test_priorities_across_plans(ctx):
    assert set(rows(ctx, "priorities-across-plans")) == {
        ("plan-b", "op-1", "Outcome", "o-1"), ("test-plan", "oj-p", "Objective", "")}


@pytest.mark.parametrize("name", NEW)
def test_columns_line_names_every_column(ctx, name):
    """A '# columns:' line with one heading per variable (otherwise the page would fall back to names)."""
    result = dataset.engine_for(ctx).run(QUESTIONS[name].query)
    assert len(QUESTIONS[name].columns) == len(result.vars), (QUESTIONS[name].columns, result.vars)
    assert QUESTIONS[name].headings(result.vars) == list(QUESTIONS[name].columns)
