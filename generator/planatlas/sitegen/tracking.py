"""The tracking sections of record pages: a metric's status and chart, an action's stated
status, and what is at risk if an action or programme slips.

Why a separate module: the record template has one hook (`{{ tracking }}`) and
`pages.record_context` one line; everything about status, charts and impact stays
here and in `status.py`, `charts.py` and `impact.py`.  It never imports `pages`
(pages imports it); the page's `Linker` and Jinja environment are passed in.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from planatlas.sitegen import charts as C
from planatlas.analysis import status as S
from planatlas.analysis.impact import WORK_TYPES, ImpactIndex
from planatlas.analysis.scopes import system_scope

IMPACT_CAP = 8


def impact_index(pm: Any) -> ImpactIndex:
    """One ImpactIndex per page maker, made on first use and kept with the views, which a preview
    reuses after an edit that changes no link (0.24 s at 20,000 records).  A page maker that notes
    what pages read makes its own: the page that makes it reads every record."""
    index = getattr(pm, "_track_impact_index", None)
    if index is None:
        if pm.reads is not None:
            index = ImpactIndex(pm.v.records)
        else:
            if pm.v.impact is None:
                pm.v.impact = ImpactIndex(pm.v.records)
            index = pm.v.impact.over(pm.v.records)
        pm._track_impact_index = index
    return index


def area_name(L: Any, area: str) -> str:
    return L.label(area) if area else "Area not stated"


def headline_target(st: S.MetricStatus, obs: list[S.Obs]) -> S.Obs | None:
    """The target line of a chart: the one the status used, else the last target stated."""
    used = next((a.target for a in st.areas if a.area == st.area and a.target is not None), None)
    if used is not None:
        return used
    targets = [o for o in obs if o.kind == "target"] or [o for o in obs if o.kind == "ambition"]
    return max(targets, key=lambda o: o.when) if targets else None


def metric_view(r: Any, L: Any) -> dict:
    """Status, per-area statuses, comparisons and charts of a metric record, ready for a template."""
    st = S.metric_status(r.data)
    obs = S.observations(r.data)
    charts = C.metric_charts(r.label, obs, headline_target(st, obs), lambda a: area_name(L, a), f"chart-{r.id}")
    return {"st": st, "charts": charts, "direction": r.data.get("direction"), "obs": obs}


def record_section(pm: Any, r: Any, L: Any) -> Markup:
    """The tracking part of a record page (empty for types it does not concern)."""
    if r.type not in ("metric", "action", "programme"):
        return Markup("")
    kw: dict[str, Any] = {"r": r, "L": L, "S": S, "C": C, "area_name": lambda a: area_name(L, a),
                          "cap": IMPACT_CAP}
    if r.type == "metric":
        kw.update(metric_view(r, L))
    if r.type in WORK_TYPES:
        kw["imp"] = impact_index(pm).impact(r.id)
    kw["action_status"] = S.action_status(r.data) if r.type == "action" else ""
    return Markup(pm.env.get_template("_tracking_record.md.j2").render(**kw))


def system_summary(pm: Any) -> dict:
    """Counts for the whole system: actions and metrics by status (the home page block)."""
    s = system_scope(pm.v)
    metric_counts = S.count_by((S.metric_status(m.data).status for m in s.metrics), S.STATUSES)
    action_counts = S.count_by((S.action_status(a.data) for a in s.actions), S.ACTION_STATUS_ORDER)
    return {"actions": action_counts, "metrics": metric_counts, "n_actions": len(s.actions),
            "n_metrics": len(s.metrics)}


def home_block(pm: Any, L: Any) -> Markup:
    """The "Are we on track?" block of the home page (a one-line hook in home.md.j2)."""
    return Markup(pm.env.get_template("_tracking_home.md.j2").render(summary=system_summary(pm), L=L, S=S))
