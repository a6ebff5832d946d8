"""Plan health: what editors should fix, per plan, each item linked to its record.

Why computed from the records (and the validation warnings already in the context):
the same checks the validator makes softly (`sh:Warning`) are listed with everything
else an editor can act on, counted per plan, so gaps in the plan are visible in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planatlas.analysis import status as S
from planatlas.analysis import views as V
from planatlas.diagnostics import WARNING
from planatlas.reading.records import Record

CHECKS: tuple[tuple[str, str, str], ...] = (
    # (key, heading, what to do)
    ("objective-no-action", "Objectives with no action", "link an action to it (an action's contributes_to)"),
    ("objective-no-metric", "Objectives with no metric", "add a metric that measures it, if the document gives one"),
    ("action-no-owner", "Actions with no owner", "add owners as the document names them"),
    ("action-no-timescale", "Actions with no timescale", "add the horizon the document gives (or unclear)"),
    ("action-no-status", "Actions with no stated status", "record a status where a document states one"),
    ("metric-no-target", "Metrics with no target", "add a target or ambition, if the document gives one"),
    ("metric-no-value", "Metrics with no measured value", "add an actual value, if the document gives one"),
    ("review-note", "Records with a review note", "check the reading of the source and clear the note"),
    ("warning", "Validation warnings", "see the message: planatlas validate shows the same"),
)


@dataclass
class Item:
    record: str
    plan: str
    detail: str = ""


@dataclass
class Health:
    plans: list[str]                                          # plan ids, then '' (no plan)
    items: dict[str, list[Item]] = field(default_factory=dict)

    def count(self, check: str, plan: str) -> int:
        return sum(1 for i in self.items.get(check, []) if i.plan == plan)

    def of(self, check: str, plan: str) -> list[Item]:
        return [i for i in self.items.get(check, []) if i.plan == plan]

    def total(self, check: str) -> int:
        return len(self.items.get(check, []))

    def plan_total(self, plan: str) -> int:
        return sum(self.count(c, plan) for c, _h, _d in CHECKS)


def plan_of(v: V.Views, r: Record) -> str:
    p = r.data.get("plan")
    if isinstance(p, str) and v.exists(p):
        return p
    if r.type == "metric":
        for t in V.targets(v, r.id, "measures"):
            tp = v.records.records[t].data.get("plan")
            if isinstance(tp, str) and v.exists(tp):
                return tp
    return ""


def plan_health(ctx: Any, v: V.Views) -> Health:
    """Every item to fix, by check, with the plan it belongs to."""
    items: dict[str, list[Item]] = {c: [] for c, _h, _d in CHECKS}
    def add(check: str, r: Record, detail: str = "") -> None:
        if r.id != "index":
            items[check].append(Item(r.id, plan_of(v, r), detail))
    measured = {t for m in v.records.of_type("metric") for t in V.targets(v, m.id, "measures")}
    for r in sorted(v.records, key=lambda r: (r.type, r.label.lower(), r.id)):
        if r.type == "objective":
            if not V.actions_of(v, r.id):
                add("objective-no-action", r)
            if r.id not in measured:
                add("objective-no-metric", r)
        elif r.type == "action":
            if not r.data.get("owners"):
                add("action-no-owner", r)
            if not r.data.get("timescale"):
                add("action-no-timescale", r)
            if S.action_status(r.data) == "not-stated":
                add("action-no-status", r)
        elif r.type == "metric":
            obs = S.observations(r.data)
            if not any(o.kind in ("target", "ambition", "trajectory") for o in obs):
                add("metric-no-target", r)
            if not any(o.kind == "actual" for o in obs):
                add("metric-no-value", r, "compared in words only" if r.data.get("comparisons") else "")
        if r.data.get("review_note"):
            add("review-note", r)
    by_path: dict[str, list[Record]] = {}
    for r in v.records:
        by_path.setdefault(r.path, []).append(r)
    for d in getattr(ctx, "diagnostics", []):
        if d.severity != WARNING:
            continue
        for r in by_path.get(d.path, [])[:1]:
            add("warning", r, d.message)
    used = {i.plan for xs in items.values() for i in xs}
    plans = sorted((p.id for p in v.records.of_type("plan") if p.id in used), key=lambda p: v.get(p).label.lower())
    return Health(plans + ([""] if "" in used else []), items)
