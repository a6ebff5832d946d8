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


def _linked(v: V.Views, ids, field_name: str, rtype: str | None = None) -> list[Record]:
    """Records (of `rtype`) whose `field_name` names one of `ids`, in id order: read from the views'
    incoming links, so a scope costs what it holds, not a scan of every record (one scan per owner
    grew quadratically: 50 s of the build at 20,000 records)."""
    found = {s for i in ids for s in V.sources(v, i, field_name, rtype)}
    return [r for r in (v.records.records[s] for s in sorted(found)) if _page_ok(r)]


def _by_id(*groups: list[Record]) -> list[Record]:
    return sorted({r.id: r for g in groups for r in g}.values(), key=lambda r: r.id)


def plan_scope(v: V.Views, plan: str) -> Scope:
    """The plan's actions, and its metrics: in the plan, or measuring something in the plan."""
    in_plan = _linked(v, [plan], "plan")
    actions = [r for r in in_plan if r.type == "action"]
    metrics = _by_id([r for r in in_plan if r.type == "metric"],
                     _linked(v, [r.id for r in in_plan], "measures", "metric"))
    return Scope("plan", plan, actions, metrics)


def outcome_scope(v: V.Views, outcome: str) -> Scope:
    served = [r for r in (v.records.records[i] for i in v.serving.get(outcome, [])) if _page_ok(r)]
    return Scope("outcome", outcome, [r for r in served if r.type == "action"],
                 [r for r in served if r.type == "metric"])


def owner_ids(v: V.Views, owner: str) -> set[str]:
    """The owner itself, its boards, and collective owners that stand for it or its boards."""
    ids = {owner}
    ids.update(V.sources(v, owner, "part_of", "board"))
    ids.update(b for x in list(ids) for b in V.sources(v, x, "stands_for", "board"))
    return ids


def owned_scope(v: V.Views, owner: str, kind: str = "owner") -> Scope:
    who = sorted(owner_ids(v, owner))
    return Scope(kind, owner, _linked(v, who, "owners", "action"), _linked(v, who, "owners", "metric"))


def partnership_scope(v: V.Views, partnership: str) -> Scope:
    """What a partnership owns, what its plans hold, and what is also a priority for it."""
    owned = owned_scope(v, partnership, "partnership")
    plans = [p.id for p in _linked(v, [partnership], "partnership", "plan")]
    linked = _by_id(_linked(v, plans, "plan"), _linked(v, [partnership], "also_priority_for"))
    actions = _by_id(owned.actions, [r for r in linked if r.type == "action"])
    metrics = _by_id(owned.metrics, [r for r in linked if r.type == "metric"],
                     _linked(v, [partnership], "measures", "metric"))
    return Scope("partnership", partnership, actions, metrics)


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
