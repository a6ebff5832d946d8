"""Scopes (what a plan, outcome, partnership or owner dashboard counts) are read from the views' links
(issue 14: one scan of every record per owner grew quadratically). Each scope must hold exactly what a
scan of every record selects, written here the slow, obvious way, on the shipped graph and the fixture."""
from __future__ import annotations

import pytest

from helpers import REPO
from planatlas.analysis import scopes
from planatlas.analysis import views as V
from planatlas.pipeline import load


def _ids(records) -> list[str]:
    return [r.id for r in records]


def scanned(v: V.Views, kind: str, rid: str) -> tuple[list[str], list[str]]:
    """The scope by scanning every action and metric."""
    def plan_of(r) -> str:
        return str(r.data.get("plan") or "")
    actions, metrics = v.records.of_type("action"), v.records.of_type("metric")
    if kind == "plan":
        return (_ids(a for a in actions if plan_of(a) == rid),
                _ids(m for m in metrics if plan_of(m) == rid or any(
                    plan_of(v.records.records[t]) == rid for t in V.targets(v, m.id, "measures"))))
    if kind == "outcome":
        return (_ids(a for a in actions if rid in v.outcomes_of.get(a.id, [])),
                _ids(m for m in metrics if rid in v.outcomes_of.get(m.id, [])))
    who = scopes.owner_ids(v, rid)

    def owns(r) -> bool:
        return bool(who & set(map(str, r.data.get("owners") or [])))
    if kind == "owner":
        return _ids(a for a in actions if owns(a)), _ids(m for m in metrics if owns(m))
    plans = {p.id for p in v.records.of_type("plan") if p.data.get("partnership") == rid}

    def linked(r) -> bool:
        return plan_of(r) in plans or rid in (r.data.get("also_priority_for") or [])
    return (_ids(a for a in actions if owns(a) or linked(a)),
            _ids(m for m in metrics if owns(m) or linked(m) or rid in V.targets(v, m.id, "measures")))


@pytest.fixture(scope="module", params=["shipped", "sitegraph"])
def views(request, shipped):
    ctx = shipped if request.param == "shipped" else load(REPO / "tests" / "fixtures" / "sitegraph", shacl=False)
    return V.build_views(ctx.records)


def test_every_scope_holds_what_a_scan_selects(views):
    v, checked = views, 0
    made = {"plan": scopes.plan_scope, "outcome": scopes.outcome_scope,
            "partnership": scopes.partnership_scope, "owner": scopes.owned_scope}
    cases = [("plan", p.id) for p in v.records.of_type("plan")] + \
        [("outcome", o.id) for o in v.records.of_type("outcome")] + \
        [("partnership", p.id) for p in v.records.of_type("partnership")] + \
        [("owner", o.id) for t in ("organisation", "board", "partnership") for o in v.records.of_type(t)]
    for kind, rid in cases:
        s = made[kind](v, rid)
        assert (_ids(s.actions), _ids(s.metrics)) == scanned(v, kind, rid), (kind, rid)
        checked += bool(s.actions or s.metrics)
    assert checked >= 5       # not a comparison of empty lists
