"""Which actions and metrics belong to a plan, an outcome, a partnership or an owner.

Why one module: the dashboards, the roadmap, plan health and the home page summary
count the same things, so they must select them the same way.  Reads the views only.
"""
from __future__ import annotations

from dataclasses import dataclass

from planatlas.analysis import status as S
from planatlas.analysis import views as V
from planatlas.reading.records import Record

TIMESCALES = ("short", "medium", "long", "ongoing", "unclear", "")
TIMESCALE_LABELS = {"short": "Short term", "medium": "Medium term", "long": "Long term", "ongoing": "Ongoing",
                    "unclear": "Unclear", "": "No horizon stated"}


@dataclass
class Scope:
    """A set of actions and metrics a dashboard or roadmap is about."""

    kind: str            # plan / outcome / partnership / owner / system
    id: str              # record id ('' for the whole system)
    actions: list[Record]
    metrics: list[Record]


def _page_ok(r: Record) -> bool:
    return r.id != "index"


def _plan_of(v: V.Views, r: Record) -> str:
    return str(r.data.get("plan") or "")


def plan_scope(v: V.Views, plan: str) -> Scope:
    actions = [a for a in v.records.of_type("action") if _plan_of(v, a) == plan and _page_ok(a)]
    metrics = [m for m in v.records.of_type("metric") if _page_ok(m) and (
        _plan_of(v, m) == plan or any(_plan_of(v, v.records.records[t]) == plan
                                      for t in V.targets(v, m.id, "measures")))]
    return Scope("plan", plan, actions, metrics)


def outcome_scope(v: V.Views, outcome: str) -> Scope:
    actions = [a for a in v.records.of_type("action") if outcome in v.outcomes_of.get(a.id, []) and _page_ok(a)]
    metrics = [m for m in v.records.of_type("metric") if outcome in v.outcomes_of.get(m.id, []) and _page_ok(m)]
    return Scope("outcome", outcome, actions, metrics)


def owner_ids(v: V.Views, owner: str) -> set[str]:
    """The owner itself, its boards, and collective owners that stand for it or its boards."""
    ids = {owner}
    ids.update(V.sources(v, owner, "part_of", "board"))
    ids.update(b for x in list(ids) for b in V.sources(v, x, "stands_for", "board"))
    return ids


def owned_scope(v: V.Views, owner: str, kind: str = "owner") -> Scope:
    who = owner_ids(v, owner)
    def owns(r: Record) -> bool:
        owners = r.data.get("owners") if isinstance(r.data.get("owners"), list) else []
        return bool(who & set(map(str, owners)))
    actions = [a for a in v.records.of_type("action") if owns(a) and _page_ok(a)]
    metrics = [m for m in v.records.of_type("metric") if owns(m) and _page_ok(m)]
    return Scope(kind, owner, actions, metrics)


def partnership_scope(v: V.Views, partnership: str) -> Scope:
    """What a partnership owns, what its plans hold, and what is also a priority for it."""
    owned = owned_scope(v, partnership, "partnership")
    plans = {p.id for p in v.records.of_type("plan") if p.data.get("partnership") == partnership}
    def linked(r: Record) -> bool:
        return _plan_of(v, r) in plans or partnership in (r.data.get("also_priority_for") or [])
    actions = {a.id: a for a in owned.actions}
    actions.update({a.id: a for a in v.records.of_type("action") if linked(a) and _page_ok(a)})
    metrics = {m.id: m for m in owned.metrics}
    metrics.update({m.id: m for m in v.records.of_type("metric") if _page_ok(m) and (
        linked(m) or partnership in V.targets(v, m.id, "measures"))})
    return Scope("partnership", partnership, sorted(actions.values(), key=lambda r: r.id),
                 sorted(metrics.values(), key=lambda r: r.id))


def system_scope(v: V.Views) -> Scope:
    return Scope("system", "", [a for a in v.records.of_type("action") if _page_ok(a)],
                 [m for m in v.records.of_type("metric") if _page_ok(m)])


def timescale(a: Record) -> str:
    t = a.data.get("timescale")
    return str(t) if t in TIMESCALES else ""


def action_grid(actions: list[Record]) -> dict[str, dict[str, list[Record]]]:
    """{status: {timescale: actions}} with every status and timescale present (empty lists too)."""
    grid = {s: {t: [] for t in TIMESCALES} for s in S.ACTION_STATUS_ORDER}
    for a in sorted(actions, key=lambda r: (r.label.lower(), r.id)):
        grid[S.action_status(a.data)][timescale(a)].append(a)
    return grid


def metric_statuses(metrics: list[Record]) -> list[tuple[Record, S.MetricStatus]]:
    """Each metric with its status, worst first, then by title."""
    rows = [(m, S.metric_status(m.data)) for m in metrics]
    return sorted(rows, key=lambda x: (-S.SEVERITY[x[1].status], x[0].label.lower(), x[0].id))
