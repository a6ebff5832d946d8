"""Markdown pages from the records and views, with Jinja2 templates.

Why pages are mostly raw HTML inside Markdown: Python-Markdown leaves a raw HTML block
alone, so record text that went through `escaping` cannot turn into Markdown syntax;
headings stay Markdown (with every punctuation character as an entity) so the table of
contents and search still see them.  Every function returns text; nothing here writes
files (`build.py` does), so two runs over the same records give the same bytes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from planatlas.analysis import accountability as A
from planatlas.sitegen import diagrams as D
from planatlas.analysis import lifecycle as LC
from planatlas.sitegen import trackers as T
from planatlas import model
from planatlas.sitegen import tracking
from planatlas.analysis import views as V
from planatlas.sitegen.wording import number as fmt_number, concept
from planatlas.analysis.people import people_context
from planatlas.sitegen.escaping import (front_matter_title, html_text, md_text, render_longtext, safe_url,
                                        yaml_string)
from planatlas.sitegen.history import record_changed
from planatlas.sitegen.suggest import suggest_link
from planatlas.sitegen.outputs import record_page, record_url
from planatlas.sitegen.reads import ReadingRecords
from planatlas.reading.records import Record
from planatlas.parallel import fork_map

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
HIDDEN_FIELDS = {"id", "type", "sources", "review_note"}
# Readings of the source for editors, shown in "Notes for editors", not in the record's table.
EDITOR_FIELDS = ("timescale_note", "file")


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

    def short(self, rid: str) -> Markup:
        """A link labelled with the record's short title or short name where it has one (table cells)."""
        r = self.v.get(rid)
        short = r and (r.data.get("short_title") or r.data.get("short_name"))
        if not short or not self.exists(rid):
            return self.a(rid)
        return Markup(f'<a href="{escape(self.href(rid))}" title="{html_text(r.label)}">{html_text(short)}</a>')

    def a(self, rid: str) -> Markup:
        """A link to a record, or its id as text when there is no such page.

        Why the memo: a build writes about fifty links per page, each checking the id's slug twice and
        escaping the label (a sixth of the pages stage).  The record is still looked up every time, so
        the page notes what it read (`reads.py`); the parts are made again when the record is another."""
        r = self.v.get(rid)
        parts = self.v.link_parts.get(rid)
        if parts is None or parts[0] is not r:
            page = self.exists(rid)
            parts = (r, escape(record_url(r.type, r.id)) if page else None, html_text(r.label) if page else None)
            self.v.link_parts[rid] = parts
        if parts[1] is None:
            return Markup(f'<span class="pa-missing">{html_text(rid)} (no such record)</span>')
        return Markup(f'<a href="{self.prefix}{parts[1]}">{parts[2]}</a>')


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
        return Markup("").join(Markup('<div class="pa-text">{}</div>').format(render_longtext(public_text(x, L.v)))
                               for x in values)
    elif f.kind == model.ENUM:
        items = [html_text(concept(f.scheme, x)) for x in values]
    elif f.kind == model.DATE:
        items = [html_text(fmt_date(x)) for x in values]
    elif f.kind in (model.INT, model.NUMBER, model.BOOL):
        items = [html_text(fmt_number(x)) for x in values]
    else:
        items = [html_text(public_text(x, L.v)) for x in values]
    return Markup(", ").join(items)


_CODE = re.compile(r"(?<![\d,.'\w])(00\d)(?![\d,'\w])")


def source_titles(v: V.Views) -> dict[str, str]:
    """{'000': title} for every source whose file name starts with a document code."""
    out = {}
    for s in v.records.of_type("source"):
        m = re.match(r"(\d{3})_", str(s.data.get("file", "")))
        if m:
            out[m.group(1)] = f"{s.data.get('title', s.id)}" + (f", {str(s.data['issued'])[:4]}" if s.data.get("issued") else "")
    return out


def public_text(text: object, v: V.Views) -> str:
    """Record text for readers: bare document codes such as "(000)" become the document's title."""
    titles = getattr(v, "_source_titles", None)
    if titles is None:
        titles = source_titles(v)
        v._source_titles = titles  # computed once per build
    s = str(text)
    if not titles or not any(c in s for c in titles):
        return s
    return _CODE.sub(lambda m: titles.get(m.group(1), m.group(1)), s)


def field_rows(r: Record, L: Linker) -> list[tuple[str, Markup]]:
    """(label, value HTML) for every field the record has, in model order."""
    rows = []
    for f in r.rtype.all_fields:
        if f.name in HIDDEN_FIELDS or f.name in EDITOR_FIELDS or f.name not in r.data or f.kind == model.NESTED:
            continue
        if f.kind == model.REF:   # every relation is said once, in the Relations section
            continue
        if f.name == r.rtype.label_field:
            continue
        rows.append((field_label(f), render_value(f, r.data[f.name], L)))
    if r.type == "action" and not r.data.get("status"):
        rows.append(("Status", Markup("Not stated")))
    return rows


def observation_rows(r: Record, L: Linker) -> list[dict[str, Markup]]:
    """Observations of a metric, each value formatted."""
    sub = {f.name: f for f in model.NESTED_TYPES["observation"].fields}
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
@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment, one per process: compiling the templates took 0.15 s, which every
    PageMaker paid again (a preview makes several per edit).  Jinja's auto_reload still reads a
    template again when its file changes (`serve` watches the templates)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = lambda s: Markup(md_text(s))
    env.filters["longtext"] = render_longtext
    env.filters["date"] = fmt_date
    env.filters["number"] = fmt_number
    env.filters["yaml"] = lambda s: Markup(yaml_string(s))               # a front-matter scalar
    env.filters["title_yaml"] = lambda s: Markup(front_matter_title(s))  # one the theme prints unescaped
    env.globals.update(concept=concept, type_title=type_title, safe_url=safe_url, model=model)
    env.bytecode_cache = CompiledTemplates(None)
    return env


# The templates compiled by `make setup` (`compile_templates`), beside the package's own bytecode:
# like Python's .pyc files, part of the installation, so a first build does not compile them.
SHIPPED = TEMPLATES / "__pycache__"


class CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates: the project's cache (`folder`; None: none), else those compiled at setup
    (read only).  Jinja keys each entry by the template's name and file and checks it against the
    source and the Python version, so an edited template is compiled again."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(str(folder or SHIPPED))
        self.writable = folder is not None

    def load_bytecode(self, bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is None and self.writable and SHIPPED.is_dir():
            CompiledTemplates(None).load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        if self.writable:
            super().dump_bytecode(bucket)


def keep_compiled_templates(folder: Path) -> None:
    """Keep the compiled templates in folder (the project's cache), so a build does not compile them
    again: 0.15 s of every build, a third of our stages after an edit at 200 records."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    environment().bytecode_cache = CompiledTemplates(Path(folder))


def compile_templates() -> int:
    """Compile every template into SHIPPED (`make setup`, as `compileall` does for the package's
    Python); returns how many.  Why: compiling them was 0.15 s of every build with an empty cache,
    a fifth of our stages at 200 records."""
    SHIPPED.mkdir(exist_ok=True)
    env = environment().overlay(bytecode_cache=FileSystemBytecodeCache(str(SHIPPED)))
    names = env.list_templates(extensions=["j2"])
    for name in names:
        env.get_template(name)
    return len(names)


class PageMaker:
    """Renders every page of the site from one set of views and settings."""

    def __init__(self, ctx, views: V.Views, reads: dict[str, set[str]] | None = None,
                 as_bytes: bool = False) -> None:
        """`reads`: when given (a preview), each record page's render notes the records it read there.
        as_bytes (a build): `run` gives each page as UTF-8 bytes, as it will be written: a page with
        one character past U+00FF is two bytes a character as a Python string (1.8x the bytes at
        1,000 records: the build held 0.7 GB of pages at 20,000)."""
        self.ctx = ctx
        self.reads = reads
        self.as_bytes = as_bytes
        self.v = views if reads is None else dataclasses.replace(views, records=ReadingRecords.over(views.records))
        # The templates as they are now, looked up without a stat: Jinja's auto_reload checked every
        # template's file each time a page imported or included it (4% of the pages' time); a later
        # PageMaker (a preview after a template is edited) loads them again (3 ms, compiled).
        self.env = environment().overlay(auto_reload=False, cache_size=400)
        # The home page has no front-matter title: Material then titles it with the site name alone
        # ("Kent and Medway plan atlas - Kent and Medway plan atlas" before).
        self.site = {"name": ctx.config.site_name, "types": self.types_present()}

    def types_present(self) -> list[str]:
        return [t for t in model.RECORD_TYPES if any(_slug_ok(r) for r in self.v.records.of_type(t))]

    def render(self, template: str, page_path: str, **kw) -> str:
        L = Linker(self.v, page_path)
        counter = iter(range(1, 1000))

        def diagram(d: D.Diagram) -> Markup:
            return Markup(self.env.get_template("_diagram.md.j2").render(
                d=d, L=L, svg=D.render_svg(d, L, f"pa-d{next(counter)}")))
        return self.env.get_template(template).render(L=L, v=self.v, site=self.site, diagram=diagram, **kw)

    def tracked(self, path: str, make: Callable[[], str], *also: str) -> str:
        """make(); when reads are noted (a preview), what it read becomes reads[path] (with `also`)."""
        if self.reads is None:
            return make()
        seen = self.v.records.start()
        try:
            text = make()
        finally:
            self.v.records.stop()
        self.reads[path] = seen | set(also)
        return text

    def run(self, jobs: list[PageJob]) -> dict[str, str | bytes]:
        """{path: Markdown} of each job (`tracked`), on two cores where it can (`parallel.fork_map`:
        a forked child renders every second page and sends back its text and what it read)."""
        late = getattr(self.ctx, "late_pages", None)
        if late is not None:            # a build on two cores: rendered while MkDocs runs (latepages.py)
            return late.defer(self.render_job, jobs, self.reads)
        out = {}
        for path, text, seen in fork_map(self.render_job, jobs):
            out[path] = text
            if seen is not None:
                self.reads[path] = seen
        return out

    def render_job(self, job: PageJob) -> tuple[str, str | bytes, set[str] | None]:
        """(path, Markdown, what it read or None) of one job."""
        path, make, also = job
        text = self.tracked(path, make, *also)
        return (path, text.encode("utf-8") if self.as_bytes else text,
                self.reads.get(path) if self.reads is not None else None)

    def all_pages(self, extra_links: dict[str, str]) -> dict[str, str | bytes]:
        """{path relative to docs/: Markdown} for the home page, indexes and every record."""
        jobs = record_jobs(self) + index_jobs(self) + [
            ("owners/index.md", lambda: owners_page(self), ()),
            ("index.md", lambda: home_page(self, extra_links), ())]
        return dict(sorted(self.run(jobs).items()))


# A page to render: (path, make, ids or "type:<t>" keys it reads besides what `make` looks up).
PageJob = tuple[str, Callable[[], str], tuple[str, ...]]


# Record pages ------------------------------------------------------------------------
def record_jobs(pm: PageMaker, only: set[str] | None = None) -> list[PageJob]:
    def make(r: Record, path: str) -> Callable[[], str]:
        return lambda: pm.render("record.md.j2", path, r=r, **record_context(pm, r, Linker(pm.v, path)))
    return [(path, make(r, path), (r.id,)) for r in pm.v.records
            if _slug_ok(r) and (only is None or r.id in only) for path in (record_page(r.type, r.id),)]


def record_pages(pm: PageMaker, only: set[str] | None = None) -> dict[str, str]:
    """Every record's page, or only those of the ids in `only` (a preview after an edit)."""
    return pm.run(record_jobs(pm, only))


SEARCH_BOOST = {"plan": 6, "organisation": 5, "partnership": 5, "board": 4, "outcome": 3, "enabler": 3,
                "programme": 3, "objective": 2, "place": 2, "metric": 1.5, "action": 1.5, "change": 1,
                "principle": 1, "source": 1, "membership": 0.3}
ALIAS_FIELDS = ("short_name", "short_title", "other_names")
# Relations said elsewhere on the page: provenance lists sources, the Members and Member of sections
# list memberships with their roles and periods.
SAID_ELSEWHERE = {("out", "document"), ("in", "body"), ("in", "member")}


def aliases(r: Record) -> list[str]:
    """Short names, short titles and other names of a record (what staff type into search)."""
    out: list[str] = []
    for name in ALIAS_FIELDS:
        value = r.data.get(name)
        for x in value if isinstance(value, list) else [value] if value else []:
            if str(x) not in out:
                out.append(str(x))
    return out


def heading(r: Record) -> str:
    """The page's h1: the label, with the short name where the label does not already contain it."""
    short = r.data.get("short_name") or r.data.get("short_title")
    if short and str(short).lower() not in r.label.lower():
        return f"{r.label} ({short})"
    return r.label


def summary_line(pm: PageMaker, r: Record) -> str:
    """One line under the title (and the first words of the search result): kind, names, plan."""
    v = pm.v
    bits: list[str] = []
    kind_field = r.rtype.field("kind")
    if kind_field is not None and r.data.get("kind"):
        bits.append(concept(kind_field.scheme, r.data["kind"]))
    others = [a for a in aliases(r) if a.lower() not in r.label.lower()]
    if others:
        bits.append("also " + ", ".join(others))
    plan = v.get(str(r.data.get("plan", ""))) if r.type != "plan" else None
    if plan is not None:
        bits.append(f"in {plan.label}" + (f" ({plan.data['year']})" if plan.data.get("year") else ""))
    if r.type == "plan" and r.data.get("year"):
        bits.append(str(r.data["year"]))
    if r.type == "action":
        owners = [v.get(o).label for o in r.data.get("owners", []) if v.get(o)]
        bits.append("owned by " + ", ".join(owners) if owners else "owner not stated")
    if r.type == "source":
        pub = v.get(str(r.data.get("publisher", "")))
        bits.append(f"published by {pub.label}" if pub else "publisher not recorded")
        when = r.data.get("issued")
        bits.append(fmt_date(when) if when else (r.data.get("date_text") or "date not recorded"))
    if r.type == "membership" and v.get(str(r.data.get("body", ""))):
        bits.append("member of " + v.get(str(r.data["body"])).label)
    return " · ".join(bits) if bits else model.RECORD_TYPES[r.type].doc


def past_text(pm: PageMaker, r: Record) -> str:
    e = LC.ended(pm.v, r)
    if e is None:
        return ""
    when = fmt_date(e.date) if e.date else "date not stated"
    what = {"membership": "this membership has ended", "plan": "this plan has been superseded"}.get(
        r.type, "this body no longer exists")
    how = f" ({e.reason.replace('-', ' ')}" + (f", see {pm.v.get(e.change).label}" if e.change and pm.v.get(e.change) else "") + ")"
    return f"{what}: {when}{how}."


def relation_groups(pm: PageMaker, r: Record, skip: set[tuple[str, str]]) -> list[tuple[str, list[str], list]]:
    """One list of every relation both ways, grouped by label: [(label, ids, [(type, ids)])],
    leaving out what another section of the page already says."""
    v = pm.v
    groups: dict[str, list[str]] = {}
    for lk in v.out.get(r.id, []):
        if ("out", lk.field.name) not in skip and v.exists(lk.target):
            groups.setdefault(lk.label, []).append(lk.target)
    for lk in v.inc.get(r.id, []):
        if ("in", lk.field.name) not in skip and v.exists(lk.source):
            groups.setdefault(lk.inverse_label, []).append(lk.source)
    out = []
    for label in sorted(groups):
        ids = sorted(set(groups[label]), key=lambda i: (v.get(i).type, L_label(v, i), i))
        by_type: dict[str, list[str]] = {}
        for i in ids:
            by_type.setdefault(v.get(i).type, []).append(i)
        out.append((label, ids, list(by_type.items())))
    return out


def L_label(v: V.Views, rid: str) -> str:
    r = v.get(rid)
    return r.label.lower() if r else rid


def action_rows(pm: PageMaker, ids: list[str]) -> dict[str, dict]:
    """What a tracker shows for each action: owners, timescale, due (the document's words), status."""
    out = {}
    for a in ids:
        r = pm.v.get(a)
        ts = r.data.get("timescale")
        out[a] = {"owners": [o for o in r.data.get("owners", []) if pm.v.exists(o)],
                  "timescale": concept("timescale", ts) if ts else "Not stated",
                  "due": r.data.get("due") or (fmt_date(r.data["due_date"]) if r.data.get("due_date") else "Not stated"),
                  "status": status_text(r)}
    return out


def editor_notes(r: Record) -> list[tuple[str, Markup]]:
    """Review notes and readings of the source, for editors: shown collapsed after the record."""
    notes = []
    if r.data.get("review_note"):
        notes.append(("Review note", render_longtext(r.data["review_note"])))
    for name in EDITOR_FIELDS:
        if r.data.get(name):
            f = r.rtype.field(name)
            notes.append((field_label(f) if f else name, Markup("<p>{}</p>").format(html_text(r.data[name]))))
    return notes


def diagrams_for(pm: PageMaker, r: Record, up: list[str], down: list[str], lineage_anchor: str,
                 has_lineage: bool) -> list[tuple[str, D.Diagram]]:
    """The diagram that answers each type's question (a plan: outcomes and objectives), then the
    dependency chain and organisational change where there are any."""
    v = pm.v
    diagrams = []
    if r.type == "plan":
        diagrams.append(("Outcomes and objectives", D.plan_tree(v, r.id)))
    elif r.type in ("outcome", "enabler"):
        diagrams.append(("Objectives and actions", D.outcome_tree(v, r.id)))
    elif r.type in ("partnership", "board") and V.members(v, r.id):
        diagrams.append(("Current members", D.membership(v, r.id)))
    elif r.type == "organisation":
        diagrams.append(("Boards, collective owners and partnerships", D.organisation(v, r.id)))
    else:
        diagrams.append(("Neighbourhood", D.neighbourhood(v, r.id)))
    if up or down:
        diagrams.append(("Dependency chain", D.dependency_chain(v, r.id)))
    if has_lineage:
        diagrams.append(("Organisational change", D.lineage(v, lineage_anchor)))
    return diagrams


def record_context(pm: PageMaker, r: Record, L: Linker) -> dict:
    """Everything the record template shows, computed from the views."""
    v = pm.v
    up, down = V.dependency_chain(v, r.id)
    anchor = r.id if r.type != "change" else next(
        (x for x in r.data.get("from", []) + r.data.get("to", []) if v.exists(x)), r.id)
    lineage = V.lineage(v, anchor)
    tree = T.tree_for(v, r)
    tree_actions = [a for t in tree for b in t.branches for a in b.actions]
    members = [{"m": ms, "current": LC.membership_ended(v, ms) is None, "state": membership_state(pm, ms)}
               for ms in V.members(v, r.id)]
    memberships = [{"m": ms, "current": LC.membership_ended(v, ms) is None, "state": membership_state(pm, ms)}
                   for ms in V.memberships_of(v, r.id)]
    skip = set(SAID_ELSEWHERE)
    accountable = accountable_context(pm, r, L)
    return {
        "jumps": jump_links(members, memberships, accountable),
        "title_yaml": Markup(yaml_string(html_text(r.label))),
        "heading": heading(r),
        "summary": summary_line(pm, r),
        "past": past_text(pm, r),
        "boost": SEARCH_BOOST.get(r.type, 1),
        # the record's names: search weighs tags above everything, so a title's words outrank a
        # word that only another record's id happens to contain
        "tags": [Markup(yaml_string(html_text(t))) for t in dict.fromkeys([r.id, r.label] + aliases(r))],
        "crumbs": V.breadcrumbs(v, r),
        "fields": field_rows(r, L),
        "observations": observation_rows(r, L),
        "relations": relation_groups(pm, r, skip),
        "provenance": provenance(r, L),
        "notes": editor_notes(r),
        "edit_url": safe_url(pm.ctx.config.edit_url(r.path)) if r.path else None,
        "tree": tree,
        "tracker_heading": "Tracker: outcomes, objectives and actions" if r.type == "plan" else
                           "Tracker: objectives and actions" if r.type in ("outcome", "enabler") else "Actions",
        "tracker_lead": tracker_lead(r, tree),
        "actions": action_rows(pm, tree_actions),
        "up": up, "down": down,
        "members": sorted(members, key=lambda x: not x["current"]),
        "memberships": sorted(memberships, key=lambda x: not x["current"]),
        "lineage": lineage,
        "diagrams": diagrams_for(pm, r, up, down, anchor, bool(lineage)),
        "accountable": accountable,
        "horizons": model.SCHEMES["timescale"].concepts,
        "tracking": tracking.record_section(pm, r, L),
        "changed": record_changed(pm.ctx, r, L.prefix),
        "suggest": suggest_link(r, L.prefix),
        **people_context(v, r),
    }


def jump_links(members: list[dict], memberships: list[dict], accountable: dict | None) -> list[tuple[str, str]]:
    """(words, anchor) for the sections that answer "who sits where" and "what are they accountable
    for", under the title: on a phone they come after the record's fields, a long scroll down."""
    out = []
    if members:
        current = sum(1 for x in members if x["current"])
        out.append((f"Members: {current} current" + (f", {len(members) - current} past" if len(members) > current else ""),
                    "members"))
    if accountable is not None and accountable.get("rows"):
        out.append((f"{accountable['heading']} ({len(accountable['rows'])})", "accountable"))
    if memberships:
        out.append((f"Member of ({sum(1 for x in memberships if x['current'])} current)", "member-of"))
    return out


def tracker_lead(r: Record, tree: list[T.Trunk]) -> str:
    n_act = sum(t.n_actions for t in tree)
    n_obj = sum(t.n_objectives for t in tree)
    if r.type == "objective":
        return f"{n_act} action{'s' if n_act != 1 else ''}, each with its owners, timescale, due date and status."
    return (f"{n_obj} objective{'s' if n_obj != 1 else ''} and {n_act} action{'s' if n_act != 1 else ''}"
            + (" by outcome" if r.type == "plan" else "") + ": open an outcome or objective to see its actions "
            "with their owners, timescale, due date and status.")


def membership_state(pm: PageMaker, ms: Record) -> str:
    e = LC.membership_ended(pm.v, ms)
    if e is None:
        return "Current" + (f" ({concept('establishment-status', ms.data['status']).lower()})"
                            if ms.data.get("status") == "to-be-established" else "")
    return "Ended " + (fmt_date(e.date) if e.date else "(date not stated)")


# Index pages -------------------------------------------------------------------------
def _plain(r: Record, name: str) -> str:
    value = r.data.get(name, "")
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def index_columns(pm: PageMaker, rtype: str) -> tuple[list[str], list[str]]:
    """(columns, filters) of a type's index table: field names or computed columns, from the model.

    Actions name theirs in model.py: title, plan (with its year), outcome, owners, timescale, due (sorts
    by `due_date`, shows the document's words) and status ("Not stated" when no document states one)."""
    rt = model.RECORD_TYPES[rtype]
    if rt.index_columns:
        return list(rt.index_columns), list(rt.index_filters)
    names = [f.name for f in rt.fields]
    shown = ("short_name", "number", "kind", "timescale", "status", "role")
    cols = [rt.label_field] + [n for n in shown if n in names]
    cols += [c for c in rt.computed_columns if c == "outcome"]
    cols += [n for n in ("plan", "owners", "contributes_to", "member", "body", "part_of", "year", "due", "date",
                         "issued", "publisher", "dissolved") if n in names]
    cols += [c for c in rt.computed_columns if c != "outcome"]
    filters = [c for c in ("plan", "owners", "timescale", "outcome", "kind", "role", "status", "now") if c in cols]
    return cols, filters


def _index_page(pm: PageMaker, rtype: str) -> str:
    """One type's index page: a row per record, its columns and filters."""
    path = f"{model.RECORD_TYPES[rtype].plural}/index.md"
    L = Linker(pm.v, path)
    cols, filters = index_columns(pm, rtype)
    records = [r for r in pm.v.records.of_type(rtype) if _slug_ok(r)]
    if rtype in ("organisation", "partnership", "board", "membership", "plan"):
        records = LC.current_first(pm.v, records)
    rows = [{"r": r, "cells": [cell(pm, r, c, L) for c in cols], "filters": {
        f: "|" + "|".join(filter_values(pm, r, f)) + "|" for f in filters}} for r in records]
    options = {f: filter_options(pm, records, f) for f in filters}
    return pm.render("index.md.j2", path, rtype=rtype, cols=[column_title(rtype, c) for c in cols],
                     rows=rows, filters=filters, options=options,
                     filter_titles={f: column_title(rtype, f) for f in filters})


def index_jobs(pm: PageMaker, only: set[str] | None = None) -> list[PageJob]:
    return [(f"{model.RECORD_TYPES[rtype].plural}/index.md", lambda rtype=rtype: _index_page(pm, rtype),
             (f"type:{rtype}",)) for rtype in pm.site["types"] if only is None or rtype in only]


def index_pages(pm: PageMaker, only: set[str] | None = None) -> dict[str, str]:
    """Every type's index page, or only those of the types in `only` (a preview after an edit)."""
    return pm.run(index_jobs(pm, only))


def column_title(rtype: str, name: str) -> str:
    if name == "outcome":
        return "Outcome"
    if name == "now":
        return "Current or past"
    if name == "plan":
        return "Plan"
    f = model.RECORD_TYPES[rtype].field(name)
    return field_label(f) if f else name.capitalize()


def cell(pm: PageMaker, r: Record, name: str, L: Linker) -> tuple[str, Markup]:
    """(sort key, HTML) of one table cell."""
    if name == r.rtype.label_field:
        return r.label.lower(), L.a(r.id)
    if name == "outcome":
        ids = pm.v.outcomes_of.get(r.id, [])
        return " ".join(L.label(i).lower() for i in ids), Markup("<br>").join(L.a(i) for i in ids)
    if name == "now":
        e = LC.ended(pm.v, r)
        if e is None:
            return "0", Markup("Current")
        return "1" + (e.date or "~"), Markup("Past, ended {}").format(fmt_date(e.date) if e.date else "(date not stated)")
    if name == "plan" and pm.v.exists(str(r.data.get("plan", ""))):
        plan = pm.v.get(str(r.data["plan"]))
        year = plan.data.get("year")
        return (f"{9999 - _year(plan):04d} {plan.label.lower()}",
                L.short(plan.id) + (Markup(" ({})").format(year) if year else Markup("")))
    if name == "plan" and r.type == "plan":
        return "", Markup("")
    if name == "status" and r.type == "action":
        text = status_text(r)
        return ("~" if text == "Not stated" else text.lower()), Markup("{}").format(text)
    if name == "due" and r.type == "action":
        words = r.data.get("due") or (fmt_date(r.data["due_date"]) if r.data.get("due_date") else "")
        return due_key(r), (Markup('<time datetime="{}">{}</time>').format(r.data["due_date"], words)
                            if r.data.get("due_date") else Markup("{}").format(words or "Not stated"))
    f = r.rtype.field(name)
    if f is None or name not in r.data:
        return ("~" if name in ("timescale", "date", "due") else ""), Markup("")
    value = r.data[name]
    key = f"{int(value):012d}" if f.kind == model.INT and isinstance(value, int) else _plain(r, name).lower()
    if f.kind == model.REF:
        ids = value if isinstance(value, list) else [value]
        key = " ".join(L.label(str(i)).lower() for i in ids)
    if name == "timescale":
        key = str(list(model.SCHEMES["timescale"].concepts).index(value)) if value in model.SCHEMES["timescale"].concepts else "9"
    return key, render_value(f, value, L)


def filter_values(pm: PageMaker, r: Record, name: str) -> list[str]:
    if name == "outcome":
        return pm.v.outcomes_of.get(r.id, [])
    if name == "now":
        return ["past" if LC.ended(pm.v, r) else "current"]
    if name == "status" and r.type == "action":
        return [str(r.data.get("status") or "not-stated")]
    value = r.data.get(name)
    if value is None:
        return []
    return sorted(map(str, value)) if isinstance(value, list) else [str(value)]


def filter_options(pm: PageMaker, records: list[Record], name: str) -> list[tuple[str, str]]:
    """(value, label) choices for a filter: the values present, by label."""
    values = sorted({x for r in records for x in filter_values(pm, r, name)})
    rtype = records[0].type if records else "action"
    if name == "now":
        return [(x, x.capitalize()) for x in ("current", "past") if x in values]
    if name == "plan":
        plans = [pm.v.get(x) for x in values if pm.v.get(x)]
        return [(p.id, p.label + (f" ({p.data['year']})" if p.data.get("year") else ""))
                for p in sorted(plans, key=lambda p: (-_year(p), p.label.lower()))]
    f = model.RECORD_TYPES[rtype].field(name)
    if f is not None and f.kind == model.ENUM:
        order = list(model.SCHEMES[f.scheme].concepts)
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
    """The home page for staff: the current plan first (outcomes, actions by timescale, owners), then
    the other plans newest first, then the latest organisational changes with their dates."""
    v = pm.v
    counts = [(t, len([r for r in v.records.of_type(t) if _slug_ok(r)])) for t in pm.site["types"]]
    plans = plans_newest_first(pm)
    current = plans[0] if plans else None
    return pm.render("home.md.j2", "index.md", current=current_plan(pm, current) if current else None,
                     other_plans=plans[1:], counts=counts, changes=latest_changes(pm), extra_links=extra_links,
                     plan_year=lambda p: p.data.get("year") or (str(p.data["period_start"])[:4]
                                                                if p.data.get("period_start") else ""),
                     plan_past=lambda p: past_text(pm, p),
                     tracking=tracking.home_block(pm, Linker(v, "index.md")))


def plans_newest_first(pm: PageMaker) -> list[Record]:
    """Plans by year (newest first), then by how many actions they hold: the current plan comes first."""
    v = pm.v
    n_actions: dict[str, int] = {}
    for a in v.records.of_type("action"):
        n_actions[str(a.data.get("plan", ""))] = n_actions.get(str(a.data.get("plan", "")), 0) + 1
    plans = [p for p in v.records.of_type("plan") if _slug_ok(p)]
    return sorted(plans, key=lambda p: (LC.plan_ended(p) is not None, -_year(p), -n_actions.get(p.id, 0),
                                        p.label.lower(), p.id))


def current_plan(pm: PageMaker, plan: Record) -> dict:
    """The current plan's outcomes (with its own objective and action counts), its actions by
    timescale, and the owners named on most of its actions."""
    v = pm.v
    trunks = [t for t in T.plan_tree(v, plan.id) if t.outcome]
    actions = [a for a in v.records.of_type("action") if a.data.get("plan") == plan.id and _slug_ok(a)]
    order = list(model.SCHEMES["timescale"].concepts)
    by_ts: dict[str, int] = {}
    for a in actions:
        by_ts[a.data.get("timescale", "")] = by_ts.get(a.data.get("timescale", ""), 0) + 1
    timescales = [(ts, concept("timescale", ts) if ts else "Not stated", by_ts[ts])
                  for ts in sorted(by_ts, key=lambda t: order.index(t) if t in order else len(order))]
    owners: dict[str, int] = {}
    for a in actions:
        for o in a.data.get("owners", []):
            if v.exists(o):
                owners[o] = owners.get(o, 0) + 1
    top = sorted(owners.items(), key=lambda kv: (-kv[1], L_label(v, kv[0])))[:10]
    n_dated = sum(1 for a in actions if a.data.get("due_date"))
    return {"plan": plan, "trunks": trunks, "n_actions": len(actions), "timescales": timescales,
            "owners": top, "n_dated": n_dated,
            "n_objectives": sum(1 for r in v.records.of_type("objective") if r.data.get("plan") == plan.id)}


def latest_changes(pm: PageMaker, n: int = 8) -> list[Record]:
    """Organisational changes, most recent first by their date; undated ones after the dated."""
    changes = [c for c in pm.v.records.of_type("change") if _slug_ok(c)]
    dated = sorted((c for c in changes if c.data.get("date")), key=lambda c: (str(c.data["date"]), c.id), reverse=True)
    undated = sorted((c for c in changes if not c.data.get("date")), key=lambda c: c.id)
    return (dated + undated)[:n]


def _number(r: Record) -> int:
    n = r.data.get("number")
    return n if isinstance(n, int) else 0


# Accountability ------------------------------------------------------------------------
def due_key(r: Record) -> str:
    """Sort key of a due date: the ISO date (YYYY, YYYY-MM or YYYY-MM-DD sort as dates), undated last."""
    d = r.data.get("due_date")
    return str(d) if d else "~"


def due_cell(r: Record) -> Markup:
    """The due date as a date where the document gives one (its own words beside it, smaller), else
    the words, else 'Not stated'."""
    words, when = r.data.get("due"), r.data.get("due_date")
    if not when:
        return Markup("{}").format(words or "Not stated")
    date = Markup('<time datetime="{}">{}</time>').format(when, fmt_date(when))
    if not words or str(words).strip().lower() == fmt_date(when).lower():
        return date
    return Markup('{}<br><small class="pa-due-words">“{}”</small>').format(date, words)


def timescale_key(r: Record) -> str:
    order = list(model.SCHEMES["timescale"].concepts)
    ts = r.data.get("timescale")
    return str(order.index(ts)) if ts in order else "9"


def status_text(r: Record) -> str:
    """The stated status, or 'Not stated' (never guessed)."""
    s = r.data.get("status") if r.type == "action" else None
    return concept("action-status", s) if s and s != "not-stated" else "Not stated"


def accountable_context(pm: PageMaker, r: Record, L: Linker) -> dict | None:
    """Rows of 'What this organisation is accountable for' (or, for a partnership or board, what it
    and its current members are asked to do), with the path of each row."""
    if r.type not in A.HOLDERS:
        return None
    v = pm.v
    own = A.duties(v, r.id)
    members = A.member_duties(v, r.id) if r.type in ("partnership", "board") else []
    rows = []
    for d in own + members:
        rec = v.get(d.record)
        if rec is None or not _slug_ok(rec):
            continue
        words = " → ".join(L.label(h) for h in d.via)
        if d.member:
            path_text = f"{L.label(d.member)}" + (f" via {' → '.join(L.label(h) for h in d.via)}" if d.via else " directly")
            path_html = Markup("{} {}").format(L.a(d.member), Markup("via ") + Markup(" → ").join(L.a(h) for h in d.via)
                                               if d.via else "directly")
            path_key = "members"
        elif d.via:
            path_text = f"via {words}"
            path_html = Markup("via ") + Markup(" → ").join(L.a(h) for h in d.via)
            path_key = d.via[-1]
        else:
            path_text, path_html, path_key = "Directly", Markup("Directly"), "direct"
        plan_id = str(rec.data.get("plan", "")) if pm.v.exists(str(rec.data.get("plan", ""))) else ""
        plan = v.get(plan_id) if plan_id else None
        ts = rec.data.get("timescale")
        rows.append({
            "id": rec.id, "type": rec.type, "title_key": rec.label.lower(),
            "path_text": path_text, "path_html": path_html, "path_key": path_key,
            "plan_id": plan_id, "plan_year": str(plan.data.get("year", "")) if plan else "",
            "plan_key": f"{9999 - _year(plan):04d} {plan.label.lower()}" if plan else "~",
            "timescale": concept("timescale", ts) if ts else "Not stated", "timescale_key": timescale_key(rec),
            "due": due_cell(rec), "due_date": str(rec.data.get("due_date") or ""),
            "due_key": due_key(rec), "status": status_text(rec),
        })
    rows.sort(key=lambda x: (x["plan_key"], x["path_key"] == "members", x["timescale_key"], x["due_key"], x["id"]))
    plans = sorted({(x["plan_id"], L.label(x["plan_id"])) for x in rows if x["plan_id"]},
                   key=lambda p: next(x["plan_key"] for x in rows if x["plan_id"] == p[0]))
    path_opts = [("direct", "Directly")] if any(x["path_key"] == "direct" for x in rows) else []
    path_opts += sorted({(x["path_key"], f"via {L.label(x['path_key'])}") for x in rows
                         if x["path_key"] not in ("direct", "members")}, key=lambda p: p[1].lower())
    if any(x["path_key"] == "members" for x in rows):
        path_opts.append(("members", "Through its members"))
    kind = {"organisation": "organisation", "board": "board", "partnership": "partnership"}[r.type]
    if r.type == "organisation":
        heading = "What this organisation is accountable for"
        lead = (f"{_count_types(rows)}: owned directly, through its own boards, or through collective owners "
                "that stand for it (such as the Provider Trust Boards of the Joint Forward Plan).")
    else:
        heading = f"What this {kind} and its members are asked to do"
        lead = (f"{_count_types(rows)}: what the {kind} owns, and what its current members are accountable for "
                "(each row says through which member and path).")
    if not rows:
        lead = "No action, objective or metric names it, its boards or a collective owner that stands for it."
    return {"heading": heading, "lead": lead, "summary": _status_and_due(rows), "rows": rows, "plans": plans,
            "paths": path_opts}


def _status_and_due(rows: list[dict]) -> str:
    """One line that answers "are we on track, and by when" before the table: the stated statuses of the
    actions, counted (never guessed), and the span of the due dates the documents give."""
    if not rows:
        return ""
    actions = [x for x in rows if x["type"] == "action"]
    counts: dict[str, int] = {}
    for x in actions:
        counts[x["status"]] = counts.get(x["status"], 0) + 1
    order = sorted(counts, key=lambda k: (k == "Not stated", -counts[k], k))
    status = ("Stated status of the actions: " + ", ".join(f"{counts[k]} {k.lower()}" for k in order) + "."
              if actions else "")
    dates = sorted(x["due_date"] for x in rows if x["due_date"])
    if not dates:
        due = "No row has a due date in its document."
    elif len(dates) == 1:
        due = f"1 row has a due date: {fmt_date(dates[0])}."
    else:
        due = f"{len(dates)} of {len(rows)} rows have a due date, from {fmt_date(dates[0])} to {fmt_date(dates[-1])}."
    return f"{status} {due}".strip()


def _count_types(rows: list[dict]) -> str:
    parts = []
    for t in ("action", "objective", "metric"):
        n = sum(1 for x in rows if x["type"] == t)
        if n:
            parts.append(f"{n} {t}{'s' if n != 1 else ''}")
    return ", ".join(parts) if parts else "Nothing"


def _year(plan: Record | None) -> int:
    """A plan's year for 'newest first' (the first four digits of year or period_start), 0 if none."""
    if plan is None:
        return 0
    for key in ("year", "period_start"):
        text = str(plan.data.get(key, ""))
        if text[:4].isdigit():
            return int(text[:4])
    return 0
