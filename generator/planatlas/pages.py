"""Markdown pages from the records and views, with Jinja2 templates.

Why pages are mostly raw HTML inside Markdown: Python-Markdown leaves a raw HTML block
alone, so record text that went through `escaping` cannot turn into Markdown syntax;
headings stay Markdown (with every punctuation character as an entity) so the table of
contents and search still see them.  Every function returns text; nothing here writes
files (`build.py` does), so two runs over the same records give the same bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import diagrams as D
from . import model
from . import views as V
from .wording import number as fmt_number, concept
from .escaping import html_text, md_text, render_longtext, safe_url, yaml_string
from .history import record_changed
from .suggest import suggest_link
from .outputs import record_page, record_url
from .records import Record

TEMPLATES = Path(__file__).parent / "templates"
HIDDEN_FIELDS = {"id", "type", "sources", "review_note"}


def type_title(rtype: str) -> str:
    return model.RECORD_TYPES[rtype].plural.capitalize()


class Linker:
    """Relative links and labels as seen from one page (the page's URL depth matters)."""

    def __init__(self, views: V.Views, page_path: str) -> None:
        self.v = views
        parts = page_path.split("/")
        self.depth = len(parts) - (1 if parts[-1] == "index.md" else 0)
        self.prefix = "../" * self.depth

    def exists(self, rid: str) -> bool:
        r = self.v.get(rid)
        return r is not None and r.id == rid and _slug_ok(r)

    def url(self, site_path: str) -> str:
        return self.prefix + site_path if (self.prefix + site_path) else "./"

    def href(self, rid: str) -> str:
        r = self.v.records.records[rid]
        return self.url(record_url(r.type, r.id))

    def label(self, rid: str) -> str:
        r = self.v.get(rid)
        return r.label if r else rid

    def type_name(self, rid: str) -> str:
        r = self.v.get(rid)
        return r.type if r else "missing"

    def a(self, rid: str) -> Markup:
        """A link to a record, or its id as text when there is no such page."""
        if not self.exists(rid):
            return Markup('<span class="pa-missing">{} (no such record)</span>').format(html_text(rid))
        return Markup('<a href="{}">{}</a>').format(self.href(rid), html_text(self.label(rid)))


def _slug_ok(r: Record) -> bool:
    """True if the record can have a page: a slug id, and not 'index' (the type's list page)."""
    if r.id == "index":
        return False
    try:
        record_page(r.type, r.id)
        return True
    except ValueError:
        return False


# Value formatting --------------------------------------------------------------------
def fmt_date(text: object) -> str:
    s = str(text)
    try:
        if len(s) == 10:
            d = dt.date.fromisoformat(s)
            return f"{d.day} {d.strftime('%B')} {d.year}"
        if len(s) == 7:
            return dt.date.fromisoformat(s + "-01").strftime("%B %Y")
    except ValueError:
        pass
    return s






def field_label(f: model.Field) -> str:
    return f.label or f.name.replace("_", " ").capitalize()


def render_value(f: model.Field, value: object, L: Linker) -> Markup:
    """One field value as HTML."""
    values = value if f.many and isinstance(value, list) else [value]
    if f.kind == model.REF:
        items = [L.a(str(x)) for x in values]
    elif f.kind == model.LONGTEXT:
        return Markup("").join(Markup('<div class="pa-text">{}</div>').format(render_longtext(x)) for x in values)
    elif f.kind == model.ENUM:
        items = [html_text(concept(f.scheme, x)) for x in values]
    elif f.kind == model.DATE:
        items = [html_text(fmt_date(x)) for x in values]
    elif f.kind in (model.INT, model.NUMBER, model.BOOL):
        items = [html_text(fmt_number(x)) for x in values]
    else:
        items = [html_text(x) for x in values]
    return Markup(", ").join(items)


def field_rows(r: Record, L: Linker) -> list[tuple[str, Markup]]:
    """(label, value HTML) for every field the record has, in model order."""
    rows = []
    for f in r.rtype.all_fields:
        if f.name in HIDDEN_FIELDS or f.name not in r.data or f.kind == model.NESTED:
            continue
        if f.name == r.rtype.label_field:
            continue
        rows.append((field_label(f), render_value(f, r.data[f.name], L)))
    return rows


def observation_rows(r: Record, L: Linker) -> list[dict[str, Markup]]:
    """Observations of a metric, each value formatted."""
    sub = {f.name: f for f in model.NESTED_TYPES["observation"][2]}
    rows = []
    for item in r.data.get("observations", []) if isinstance(r.data.get("observations"), list) else []:
        if isinstance(item, dict):
            rows.append({name: render_value(sub[name], item[name], L) for name in sub if name in item})
    return rows


def provenance(r: Record, L: Linker) -> list[dict[str, Markup]]:
    out = []
    for item in r.data.get("sources", []) if isinstance(r.data.get("sources"), list) else []:
        if not isinstance(item, dict):
            continue
        out.append({
            "document": L.a(str(item.get("document", ""))),
            "section": html_text(item.get("section", "")),
            "page": html_text(item.get("page", "")),
            "quote": render_longtext(item["quote"]) if item.get("quote") else Markup(""),
        })
    return out


# The environment ---------------------------------------------------------------------
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = lambda s: Markup(md_text(s))
    env.filters["longtext"] = render_longtext
    env.filters["date"] = fmt_date
    env.filters["number"] = fmt_number
    env.globals.update(concept=concept, type_title=type_title, safe_url=safe_url, model=model)
    return env


class PageMaker:
    """Renders every page of the site from one set of views and settings."""

    def __init__(self, ctx, views: V.Views) -> None:
        self.ctx = ctx
        self.v = views
        self.env = environment()
        self.site = {"name": ctx.config.site_name, "name_yaml": Markup(yaml_string(html_text(ctx.config.site_name))),
                     "types": self.types_present()}

    def types_present(self) -> list[str]:
        return [t for t in model.RECORD_TYPES if any(_slug_ok(r) for r in self.v.records.of_type(t))]

    def render(self, template: str, page_path: str, **kw) -> str:
        L = Linker(self.v, page_path)
        diagram = lambda d: Markup(self.env.get_template("_diagram.md.j2").render(  # noqa: E731
            d=d, L=L, src=D.render_mermaid(d, L)))
        return self.env.get_template(template).render(L=L, v=self.v, site=self.site, diagram=diagram, **kw)

    def all_pages(self, extra_links: dict[str, str]) -> dict[str, str]:
        """{path relative to docs/: Markdown} for the home page, indexes and every record."""
        pages: dict[str, str] = {}
        pages.update(record_pages(self))
        pages.update(index_pages(self))
        pages["owners/index.md"] = owners_page(self)
        pages["index.md"] = home_page(self, extra_links)
        return dict(sorted(pages.items()))


# Record pages ------------------------------------------------------------------------
def record_pages(pm: PageMaker) -> dict[str, str]:
    out = {}
    for r in pm.v.records:
        if _slug_ok(r):
            path = record_page(r.type, r.id)
            out[path] = pm.render("record.md.j2", path, r=r, **record_context(pm, r, Linker(pm.v, path)))
    return out


def record_context(pm: PageMaker, r: Record, L: Linker) -> dict:
    """Everything the record template shows, computed from the views."""
    v = pm.v
    up, down = V.dependency_chain(v, r.id)
    diagrams = [("Neighbourhood", D.neighbourhood(v, r.id))]
    if r.type in ("outcome", "enabler"):
        diagrams.append(("Objectives and actions", D.outcome_tree(v, r.id)))
    if up or down:
        diagrams.append(("Dependency chain", D.dependency_chain(v, r.id)))
    members = V.members(v, r.id)
    if members:
        diagrams.append(("Members", D.membership(v, r.id)))
    anchor = r.id if r.type != "change" else next(
        (x for x in r.data.get("from", []) + r.data.get("to", []) if v.exists(x)), r.id)
    lineage = V.lineage(v, anchor)
    if lineage:
        diagrams.append(("Organisational change", D.lineage(v, anchor)))
    return {
        "title_yaml": Markup(yaml_string(html_text(r.label))),
        "crumbs": V.breadcrumbs(v, r),
        "fields": field_rows(r, L),
        "observations": observation_rows(r, L),
        "out_groups": V.grouped(v.out.get(r.id, []), inverse=False),
        "in_groups": V.grouped(v.inc.get(r.id, []), inverse=True),
        "provenance": provenance(r, L),
        "edit_url": safe_url(pm.ctx.config.edit_url(r.path)) if r.path else None,
        "tree": V.outcome_tree(v, r.id) if r.type in ("outcome", "enabler") else [],
        "up": up, "down": down,
        "members": members,
        "memberships": V.memberships_of(v, r.id),
        "owned": V.owned_by_outcome(v, r.id) if r.type in ("organisation", "board", "partnership") else [],
        "owned_count": len(V.owned(v, r.id)),
        "plans": V.sources(v, r.id, "partnership", "plan"),
        "lineage": lineage,
        "diagrams": diagrams,
        "horizons": model.SCHEMES["timescale"][1],
        "changed": record_changed(pm.ctx, r, L.prefix),
        "suggest": suggest_link(r, L.prefix),
    }


# Index pages -------------------------------------------------------------------------
def _plain(r: Record, name: str) -> str:
    value = r.data.get(name, "")
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def index_columns(pm: PageMaker, rtype: str) -> tuple[list[str], list[str]]:
    """(columns, filters) of a type's index table: field names or computed columns."""
    rt = model.RECORD_TYPES[rtype]
    names = [f.name for f in rt.fields]
    shown = ("short_name", "kind", "timescale", "role") if rtype == "action" else \
        ("short_name", "number", "kind", "timescale", "status", "role")
    cols = [rt.label_field] + [n for n in shown if n in names]
    if rtype in ("action", "metric", "objective"):
        cols.append("outcome")
    cols += [n for n in ("owners", "contributes_to", "member", "body", "plan", "part_of", "due", "date")
             if n in names and not (rtype == "action" and n == "plan")]
    filters = [c for c in ("owners", "timescale", "outcome", "kind", "role", "status", "plan") if c in cols]
    return cols, filters


def index_pages(pm: PageMaker) -> dict[str, str]:
    out = {}
    for rtype in pm.site["types"]:
        path = f"{model.RECORD_TYPES[rtype].plural}/index.md"
        L = Linker(pm.v, path)
        cols, filters = index_columns(pm, rtype)
        records = [r for r in pm.v.records.of_type(rtype) if _slug_ok(r)]
        rows = [{"r": r, "cells": [cell(pm, r, c, L) for c in cols], "filters": {
            f: "|" + "|".join(filter_values(pm, r, f)) + "|" for f in filters}} for r in records]
        options = {f: filter_options(pm, records, f) for f in filters}
        out[path] = pm.render("index.md.j2", path, rtype=rtype, cols=[column_title(rtype, c) for c in cols],
                              rows=rows, filters=filters, options=options,
                              filter_titles={f: column_title(rtype, f) for f in filters})
    return out


def column_title(rtype: str, name: str) -> str:
    if name == "outcome":
        return "Outcome"
    f = model.RECORD_TYPES[rtype].field(name)
    return field_label(f) if f else name.capitalize()


def cell(pm: PageMaker, r: Record, name: str, L: Linker) -> tuple[str, Markup]:
    """(sort key, HTML) of one table cell."""
    if name == r.rtype.label_field:
        return r.label.lower(), L.a(r.id)
    if name == "outcome":
        ids = pm.v.outcomes_of.get(r.id, [])
        return " ".join(L.label(i).lower() for i in ids), Markup("<br>").join(L.a(i) for i in ids)
    f = r.rtype.field(name)
    if f is None or name not in r.data:
        return "", Markup("")
    value = r.data[name]
    key = f"{int(value):012d}" if f.kind == model.INT and isinstance(value, int) else _plain(r, name).lower()
    if f.kind == model.REF:
        ids = value if isinstance(value, list) else [value]
        key = " ".join(L.label(str(i)).lower() for i in ids)
    if name == "timescale":
        key = str(list(model.SCHEMES["timescale"][1]).index(value)) if value in model.SCHEMES["timescale"][1] else "9"
    return key, render_value(f, value, L)


def filter_values(pm: PageMaker, r: Record, name: str) -> list[str]:
    if name == "outcome":
        return pm.v.outcomes_of.get(r.id, [])
    value = r.data.get(name)
    if value is None:
        return []
    return sorted(map(str, value)) if isinstance(value, list) else [str(value)]


def filter_options(pm: PageMaker, records: list[Record], name: str) -> list[tuple[str, str]]:
    """(value, label) choices for a filter: the values present, by label."""
    values = sorted({x for r in records for x in filter_values(pm, r, name)})
    rtype = records[0].type if records else "action"
    f = model.RECORD_TYPES[rtype].field(name)
    if f is not None and f.kind == model.ENUM:
        order = list(model.SCHEMES[f.scheme][1])
        return sorted(((x, concept(f.scheme, x)) for x in values),
                      key=lambda o: order.index(o[0]) if o[0] in order else len(order))
    return sorted(((x, pm.v.get(x).label if pm.v.get(x) else x) for x in values), key=lambda o: o[1].lower())


# Owners and home ----------------------------------------------------------------------
def owner_counts(pm: PageMaker) -> list[tuple[str, int]]:
    """(owner id, records owned), most first."""
    counts = {rid: len(V.owned(pm.v, rid)) for rid in pm.v.records.records
              if pm.v.records.records[rid].type in ("organisation", "board", "partnership")}
    return sorted(((k, n) for k, n in counts.items() if n and _slug_ok(pm.v.records.records[k])),
                  key=lambda kv: (-kv[1], kv[0]))


def owners_page(pm: PageMaker) -> str:
    path = "owners/index.md"
    return pm.render("owners.md.j2", path, owners=owner_counts(pm))


def home_page(pm: PageMaker, extra_links: dict[str, str]) -> str:
    v = pm.v
    changes = sorted((c for c in v.records.of_type("change") if _slug_ok(c)),
                     key=lambda c: (str(c.data.get("date", "")), c.id), reverse=True)[:6]
    counts = [(t, len([r for r in v.records.of_type(t) if _slug_ok(r)])) for t in pm.site["types"]]
    return pm.render("home.md.j2", "index.md", plans=outcome_cards(pm), counts=counts,
                     owners=owner_counts(pm)[:10], changes=changes, extra_links=extra_links)


def outcome_cards(pm: PageMaker) -> list[tuple[Record, list[tuple[Record, int, int]]]]:
    """[(plan, [(outcome, objectives, actions)])] for every plan."""
    v = pm.v
    by_plan: dict[str, list[Record]] = {}
    for o in v.records.of_type("outcome"):
        if _slug_ok(o):
            by_plan.setdefault(str(o.data.get("plan", "")), []).append(o)
    plans = [p for p in v.records.of_type("plan") if _slug_ok(p)]
    cards = {p.id: [(o, len(V.objectives_of(v, o.id)), sum(len(a) for _o, a in V.outcome_tree(v, o.id)))
                    for o in sorted(by_plan.get(p.id, []), key=lambda r: (_number(r), r.id))] for p in plans}
    # plans whose outcomes carry the most objectives and actions first
    weight = {pid: sum(n_obj + n_act for _o, n_obj, n_act in c) for pid, c in cards.items()}
    ordered = sorted(plans, key=lambda p: (not cards[p.id], -weight[p.id], p.label.lower(), p.id))
    return [(p, cards[p.id]) for p in ordered]


def _number(r: Record) -> int:
    n = r.data.get("number")
    return n if isinstance(n, int) else 0
