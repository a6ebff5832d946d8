"""Tracking pages of the site: dashboards (per plan, outcome, partnership and owner), the
roadmap, plan health and "How status is worked out".

Each function returns `{path relative to docs/: Markdown}` and is registered once in
`build.generate_docs`.  Pages are rendered with the site's own `PageMaker` (same
escaping, links and layout as the record pages).
"""
from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup

from planatlas.sitegen import charts as C
from planatlas.analysis import status as S
from planatlas.sitegen.escaping import html_text, yaml_string
from planatlas.sitegen.outputs import Kept
from planatlas.sitegen.pagememo import PageCache, render_tracked
from planatlas.sitegen.pages import Linker, PageMaker, _slug_ok
from planatlas.sitegen.planhealth import CHECKS, plan_health
from planatlas.sitegen.roadmap import roadmap_view
from planatlas.analysis.scopes import (TIMESCALE_LABELS, TIMESCALES, Scope, action_grid, metric_statuses, outcome_scope,
                     owned_scope, partnership_scope, plan_scope, system_scope)
from planatlas.sitegen.tracking import home_block, system_summary

KIND_TITLES = {"plan": "Plan", "outcome": "Outcome", "partnership": "Partnership", "owner": "Owner"}


def dashboard_path(kind: str, rid: str) -> str:
    return f"dashboards/{kind}/{rid}.md"


def scopes(pm: PageMaker) -> list[Scope]:
    """Every dashboard: plans, outcomes and enablers, partnerships, and owners that own actions or metrics."""
    v = pm.v
    out: list[Scope] = []
    for p in v.records.of_type("plan"):
        if _slug_ok(p):
            out.append(plan_scope(v, p.id))
    for t in ("outcome", "enabler"):
        for o in v.records.of_type(t):
            if _slug_ok(o):
                out.append(outcome_scope(v, o.id))
    for p in v.records.of_type("partnership"):
        s = partnership_scope(v, p.id)
        if _slug_ok(p) and (s.actions or s.metrics):
            out.append(s)
    for t in ("organisation", "board"):
        for o in v.records.of_type(t):
            s = owned_scope(v, o.id)
            if _slug_ok(o) and (s.actions or s.metrics):
                out.append(s)
    return out


def metric_rows(pm: PageMaker, metrics: list, L: Any) -> list[dict]:
    rows = []
    for m, st in metric_statuses(metrics):
        headline = next((a for a in st.areas if a.area == st.area), None)
        rows.append({"m": m, "st": st, "latest": headline.latest if headline else None,
                     "target": headline.target if headline else None})
    return rows


def dashboard_page(pm: PageMaker, s: Scope, path: str) -> str:
    L_title = pm.v.get(s.id).label if s.id else "the whole system"
    grid = action_grid(s.actions)
    counts = S.count_by((r["st"].status for r in metric_rows(pm, s.metrics, None)), S.STATUSES)
    return pm.render("dashboard.md.j2", path, s=s, title=L_title, title_yaml=Markup(yaml_string(html_text(
        f"Dashboard: {L_title}"))), kind_title=KIND_TITLES.get(s.kind, ""), metrics=metric_rows(pm, s.metrics, None),
        metric_counts=counts, grid=grid, timescales=TIMESCALES, ts_labels=TIMESCALE_LABELS, S=S, C=C,
        roadmap=roadmap_view(pm.v, s.actions, L_title, f"rm-{s.kind}-{s.id or 'system'}"))


def dashboards_index(pm: PageMaker) -> str:
    """dashboards/index.md: every dashboard with its counts of metric statuses and stated actions."""
    all_scopes = scopes(pm)
    counts = {}
    for s in all_scopes:
        c = S.count_by((S.metric_status(m.data).status for m in s.metrics), S.STATUSES)
        c["stated"] = sum(1 for a in s.actions if S.action_status(a.data) != "not-stated")
        counts[f"{s.kind}/{s.id}"] = c
    L = Linker(pm.v, "dashboards/index.md")
    return pm.render("dashboards.md.j2", "dashboards/index.md", scopes=all_scopes,
                     counts=counts, path_of=dashboard_path, summary_block=home_block(pm, L),
                     scope_label=lambda sc: pm.v.get(sc.id).label)


def roadmap_page(pm: PageMaker) -> str:
    s = system_scope(pm.v)
    return pm.render("roadmap.md.j2", "roadmap/index.md", rm=roadmap_view(pm.v, s.actions, "Roadmap", "rm-all"))


def status_page(pm: PageMaker) -> str:
    return pm.render("how-status.md.j2", "status/index.md", S=S, summary=system_summary(pm))


def tracking_listing(pm: PageMaker) -> list[tuple[str, Callable[[], str]]]:
    """Every tracking page as (path, make): which dashboards exist is decided here (from who owns
    what), each page's scope is worked out inside its make, so what it reads is noted (reads.py)."""
    makers = {"plan": lambda v, rid: plan_scope(v, rid), "outcome": lambda v, rid: outcome_scope(v, rid),
              "partnership": lambda v, rid: partnership_scope(v, rid), "owner": lambda v, rid: owned_scope(v, rid)}
    items: list[tuple[str, Callable[[], str]]] = []
    for s in scopes(pm):
        path = dashboard_path(s.kind, s.id)
        items.append((path, lambda kind=s.kind, rid=s.id, path=path:
                      dashboard_page(pm, makers[kind](pm.v, rid), path)))
    items.append(("dashboards/system.md", lambda: dashboard_page(pm, system_scope(pm.v), "dashboards/system.md")))
    items.append(("dashboards/index.md", lambda: dashboards_index(pm)))
    items.append(("roadmap/index.md", lambda: roadmap_page(pm)))
    items.append(("status/index.md", lambda: status_page(pm)))
    items.append(("plan-health/index.md", lambda: pm.render("planhealth.md.j2", "plan-health/index.md",
                                                            health=plan_health(pm.ctx, pm.v), checks=CHECKS)))
    return items


def tracking_pages(ctx: Any) -> dict[str, str | Kept]:
    """Every tracking page: dashboards, roadmap, plan health, how status is worked out (an emitter).
    With a build's cache (ctx.tracking_cache), only those whose inputs changed are rendered."""
    tc = ctx.tracking_cache
    if not isinstance(tc, PageCache):
        pm = PageMaker(ctx, ctx.views)
        return {path: make() for path, make in tracking_listing(pm)}
    done = render_tracked(ctx, tc.docs_dir, tc.last, tracking_listing, tc.state)
    tc.made = done.memo
    ctx.progress(f"tracking pages: all {done.rendered} rendered" if done.rendered == len(done.pages) else
                 f"tracking pages: {done.rendered} of {len(done.pages)} rendered (the others are unchanged)")
    return done.pages


__all__ = ["tracking_pages", "system_summary"]
