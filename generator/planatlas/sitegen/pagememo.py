"""Rendered pages kept from one build to the next, so a build after an edit renders again only the
pages the edit can change.

Why: rendering every record page was most of our own stages after an edit (1.8 of 5.0 s at 1,000
records), although a text edit to one record changes a few dozen pages.  A published build still
checks every page; it only skips rendering those whose inputs are the same as last time.

What a page is a function of, and how each is checked (a page is kept only if all hold):
- the code, the templates, the settings, the links the home page gives, the git history of the
  records, the project and docs/ folders: one key (`memo_key`); any difference renders every page;
- who links to whom, every record's id and type (`link_digest`): the views, the type index pages'
  rows and every walk (impact, trees, lineages) come from these; any difference renders every page;
- the records the page read while it was rendered (`reads.py` notes every lookup, every type
  listed whole, and "*" for a walk over every record): a page is rendered again when one of them
  changed (`record_digest`: its type, data, file and positions).  The reads alone decide: the pages
  near a changed record that `serve`'s rule (`preview.affected`) adds were 33 of 42 pages rendered after
  a title edit at 200 records, and none differed (an edit that changes a link renders every page);
- its file in docs/: kept only if its stat is the one this build left (`cache.trusted_stats`), so
  a page edited or removed by hand is rendered again.

A kept page is an `outputs.Kept` in the outputs: `write_outputs` leaves its file alone.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from planatlas.analysis.views import link_signature
from planatlas.cache import Cache, code_version, file_stat, stat_memo, trusted_stats
from planatlas.pipeline import Context
from planatlas.project import TEMPLATES_DIR
from planatlas.reading.records import Record, RecordSet
from planatlas.sitegen.history import history_of
from planatlas.sitegen.outputs import Kept, UnsafePath, record_page
from planatlas.sitegen.pages import PageMaker
from planatlas.sitegen.preview import affected, preview_pages
from planatlas.sitegen.reads import pages_to_redo

KIND = "pages"          # the cache memo's name (Cache._load_memo)


@dataclass
class PageMemo:
    """What the last build rendered its pages from, and where it left them."""

    key: str = ""
    links: str = ""
    records: dict[str, str] = field(default_factory=dict)       # id → record_digest
    reads: dict[str, set[str]] = field(default_factory=dict)    # page path → what it read (reads.py)
    stats: dict = field(default_factory=dict)                   # a cache.stat_memo of the docs/ pages

    @classmethod
    def load(cls, cache: Cache, kind: str = KIND) -> "PageMemo | None":
        """The last build's memo, or None (none, damaged, or written by other code)."""
        raw = cache._load_memo(kind)
        try:
            memo = cls(str(raw["key"]), str(raw["links"]), dict(raw["records"]), dict(raw["reads"]),
                       dict(raw["stats"]))
        except (KeyError, TypeError, ValueError):
            return None
        well_formed = (all(isinstance(k, str) and isinstance(v, str) for k, v in memo.records.items())
                     and all(isinstance(k, str) and isinstance(v, (set, frozenset)) and
                             all(isinstance(x, str) for x in v) for k, v in memo.reads.items()))
        return memo if well_formed else None

    def save(self, cache: Cache, kind: str = KIND) -> None:
        cache._save_memo(kind, {"key": self.key, "links": self.links, "records": self.records,
                                "reads": self.reads, "stats": self.stats})


def _templates_digest() -> bytes:
    h = hashlib.sha256()
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(TEMPLATES_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def _history_digest(ctx: Context) -> str:
    """What record pages take from git: each file's last commit and its place in the history."""
    hist = history_of(ctx)
    return repr((str(hist.top), hist.prefix, hist.reason, [(c.sha, c.date) for c in hist.commits],
                 sorted((path, c.sha) for path, c in hist.last.items())))


def memo_key(ctx: Context, links: dict[str, str], docs_dir: Path) -> str:
    """Hash of every input of every page that is not a record."""
    h = hashlib.sha256(code_version().encode() + b"\0" + _templates_digest())
    for part in (repr(ctx.config), repr(sorted(links.items())), _history_digest(ctx),
                 str(Path(ctx.root).resolve()), str(Path(ctx.graph_dir).resolve()),
                 str(Path(docs_dir).resolve()), repr(sorted(ctx.records.retired))):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def link_digest(rs: RecordSet) -> str:
    """Hash of every record's id, type and references (what the views are made of)."""
    h = hashlib.sha256()
    for rid in sorted(rs.records):
        h.update(repr((rid, link_signature(rs.records[rid]))).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def record_digest(r: Record) -> str:
    return hashlib.sha256(repr((r.type, r.id, r.data, r.path, r.positions)).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class RecordState:
    """`link_digest` and every record's `record_digest`: made once per build and shared by the record
    pages' and the tracking pages' memos (0.3 s at 5,000 records, which each memo made again)."""

    links: str
    records: dict[str, str]

    @classmethod
    def of(cls, rs: RecordSet) -> "RecordState":
        return cls(link_digest(rs), {rid: record_digest(r) for rid, r in rs.records.items()})


def _page_of(r: Record) -> str | None:
    try:
        return record_page(r.type, r.id)
    except UnsafePath:
        return None


@dataclass
class PageCache:
    """A build's use of the memo: where its pages go, the last build's memo, and this build's (kind:
    the memo's name: "pages" for the record pages, "tracking" for the tracking pages)."""

    docs_dir: Path
    last: PageMemo | None
    made: PageMemo | None = None
    kind: str = KIND
    state: RecordState | None = None       # the build's records, digested once for both memos

    @classmethod
    def of(cls, cache: Cache, docs_dir: Path, kind: str = KIND, state: RecordState | None = None) -> "PageCache":
        return cls(Path(docs_dir), PageMemo.load(cache, kind), None, kind, state)


@dataclass
class PageRender:
    """The pages of one build: rendered now (text) or kept (`Kept`), and the memo to save after."""

    pages: dict[str, "str | Kept"]
    memo: PageMemo
    rendered: int


def render_pages(ctx: Context, links: dict[str, str], docs_dir: Path, last: PageMemo | None,
                 state: RecordState | None = None) -> PageRender:
    """Every page of the site, rendering only those whose inputs changed since `last` (None: all);
    state: the records' digests, if the build has made them (`RecordState.of(ctx.records)`)."""
    state = state or RecordState.of(ctx.records)
    memo = PageMemo(memo_key(ctx, links, docs_dir), state.links, state.records)
    if last is None or last.key != memo.key or last.links != memo.links:
        pages: dict[str, str | bytes | Kept] = dict(PageMaker(ctx, ctx.views, memo.reads, as_bytes=True).all_pages(links))
        return PageRender(pages, memo, len(pages))
    changed = {rid for rid, d in memo.records.items() if last.records.get(rid) != d}
    stats = trusted_stats(last.stats)
    kept: dict[str, str | Kept] = {p: Kept() for p in last.reads
                                   if (s := file_stat(docs_dir / p)) is not None and stats.get(p, [])[:4] == s}
    memo.reads = {p: set(seen) for p, seen in last.reads.items()}
    only = affected([ctx.views], changed, memo.reads, near=False)
    only |= {r.id for r in ctx.records if (p := _page_of(r)) is not None and p not in kept}
    pages = preview_pages(ctx, only, kept, links, memo.reads, changed, ctx.views)
    return PageRender(pages, memo, sum(1 for c in pages.values() if not isinstance(c, Kept)))


def render_tracked(ctx: Context, docs_dir: Path, last: PageMemo | None,
                   listing: Callable[[PageMaker], list[tuple[str, Callable[[], str]]]],
                   state: RecordState | None = None) -> PageRender:
    """Pages listed as (path, make) over a PageMaker that notes reads, rendering again only those whose
    last render read a changed record or listed a changed type (reads.py), or whose file in docs/ is
    not as the last build left it; every page if the key or the links changed.  Why: the tracking
    pages (a dashboard per plan, outcome, partnership and owner) were the largest stage after an
    edit once the record pages were kept.  `listing` decides which pages exist from the links only.
    The key also holds the validation warnings, which the plan health page lists."""
    shown = repr(sorted(d.format() for d in ctx.diagnostics))     # plan health lists the warnings
    key = hashlib.sha256(f"{memo_key(ctx, {}, docs_dir)}\0{shown}".encode("utf-8", "surrogatepass")).hexdigest()
    state = state or RecordState.of(ctx.records)
    memo = PageMemo(key, state.links, state.records)
    pm = PageMaker(ctx, ctx.views, memo.reads, as_bytes=True)
    items = listing(pm)
    usable = last is not None and last.key == memo.key and last.links == memo.links
    redo: set[str] = set()
    stats: dict[str, list] = {}
    if usable:
        changed = {rid for rid, d in memo.records.items() if last.records.get(rid) != d}
        types = {ctx.records.records[rid].type for rid in changed}
        redo = pages_to_redo(last.reads, changed, types)
        stats = trusted_stats(last.stats)
    pages: dict[str, str | Kept] = {}
    todo: list[tuple[str, Callable[[], str]]] = []
    for path, make in items:
        if (usable and path in last.reads and path not in redo and
                (s := file_stat(Path(docs_dir) / path)) is not None and stats.get(path, [])[:4] == s):
            pages[path] = Kept()
            memo.reads[path] = set(last.reads[path])
        else:
            pages[path] = ""                   # its place in the listing's order; rendered below
            todo.append((path, make))
    pages.update(pm.run([(path, make, ()) for path, make in todo]))     # two cores; reads into memo.reads
    return PageRender(pages, memo, sum(1 for c in pages.values() if not isinstance(c, Kept)))


def note_written(memo: PageMemo, docs_dir: Path, pages) -> None:
    """Take the stat of every page's file as this build left it (after docs/ is written)."""
    seen: dict[str, list] = {}
    for p in pages:
        s = file_stat(Path(docs_dir) / p)
        if s is not None:
            seen[p] = s + ["-"]
    memo.stats = seen


def finish(memo: PageMemo, cache: Cache, kind: str = KIND) -> None:
    """Save the memo at the end of a successful build (the stat memo's clock starts now)."""
    memo.stats = stat_memo(memo.stats)
    memo.save(cache, kind)
