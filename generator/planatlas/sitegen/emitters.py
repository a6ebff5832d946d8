"""The emitter contract: every output of the build is made by an `Emitter`.

An emitter has a name, says which inputs it reads, and returns its files as
`{path relative to its target folder: text or bytes}`; it never writes.  Only the build
(`build.write_outputs`) writes, and only files whose bytes changed, then removes stale ones.
This is Quartz's contract (`quartz/plugins/types.ts`: an emitter returns the files it made).

Inputs an emitter may declare in `reads` (what invalidates its output):
- "records": every record (one edit may change it);
- "record": only the record each file is named for (per-record outputs);
- "views": the link views (`ctx.views`), i.e. records and what points at them;
- "settings" (`graph/planatlas.yaml`), "templates" (package templates), "queries" (`graph/queries/`),
  "site_src" and "node_modules" (the project's hand-written pages, assets and npm packages);
- "graph": the RDF graph and the published dataset's store (`ctx.graph`, `ctx.store`); a build frees
  both once no later emitter reads them (peak memory), so an emitter that reads them must say so;
- "diagnostics": the validation's warnings (`ctx.diagnostics`, the plan health page); a build
  checks SHACL beside the emitters before the pages, and always before an emitter that reads them;
- "outputs:<emitter>": the files another emitter returned earlier in the list.

Targets: "docs" (MkDocs renders or copies it) or "site" (written straight into site/: per-record
data, downloads, CSV: MkDocs would only copy them, and every file in docs/ raises MkDocs' own floor).
`beside_mkdocs` (site only): files no page reads, returned as `outputs.Later`; a build makes and
writes them in a forked child while MkDocs renders, on the core MkDocs leaves idle.  On two cores a
build's site files that are `outputs.Later` are all made there, and pages may be `latepages.Late`
(rendered there too, as MkDocs reads them): `PageMaker.run` and `LatePages.later` make them.

Adding a page is one line in `EMITTERS` (or `emitter_list`): a function `(ctx) -> {path: text}`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from planatlas import model
from planatlas.sitegen.dashboards import tracking_pages
from planatlas.sitegen.downloads import data_page, download_files
from planatlas.sitegen.history import history_pages
from planatlas.errors import CannotRun
from planatlas.sitegen.pages import PageMaker
from planatlas.sitegen.pagememo import render_pages
from planatlas.pipeline import Content, Context
from planatlas.sitegen.querypages import query_pages
from planatlas.sitegen.recorddata import record_files
from planatlas.sitegen.sitememo import copied
from planatlas.sitegen.suggest import suggest_files
from planatlas.analysis.themes import site_pages as theme_site_pages
from planatlas.sitegen.vocabulary import site_pages as vocabulary_site_pages


EmitFn = Callable[[Context], dict[str, Content]]
INPUTS = {"records", "record", "views", "graph", "settings", "templates", "queries", "site_src", "node_modules",
          "diagnostics"}


@dataclass(frozen=True)
class Emitter:
    """One kind of output: its name, what it reads, the function that returns its files, where they go."""

    name: str
    emit: EmitFn
    reads: tuple[str, ...]
    target: str = "docs"          # "docs" or "site"
    beside_mkdocs: bool = False   # site files made while MkDocs runs (no later emitter may read them)

    def __post_init__(self) -> None:
        unknown = [r for r in self.reads if r not in INPUTS and not r.startswith("outputs:")]
        if unknown or self.target not in ("docs", "site") or (self.beside_mkdocs and self.target != "site"):
            raise ValueError(f"emitter {self.name!r}: unknown inputs {unknown} or target {self.target!r}"
                             + (" (only site files can be made beside MkDocs)" if self.beside_mkdocs else ""))


# The emitters of the core site -------------------------------------------------------------
def static_files(ctx: Context) -> dict[str, Content]:
    """Hand-written pages and assets from the project's site_src/ (not overrides/). Diagrams are
    build-time SVG (`svglayout`), so no diagram library is copied."""
    site_src = ctx.project.site_src
    if not site_src.is_dir():
        raise CannotRun(f"{site_src} is missing: run planatlas in the project folder (or give --project)")
    files: dict[str, Content] = {}
    kept = ctx.docs_files_cache
    for path in sorted(site_src.rglob("*")):
        rel = path.relative_to(site_src).as_posix()
        if path.is_file() and not rel.startswith("overrides/"):
            files[rel] = copied(kept, rel, path)
    return files


def extra_links(paths) -> dict[str, str]:
    """Links the home page gives to other pages, when they exist."""
    links = {}
    for title, page in (("Ask a question of the plan (SPARQL)", "query/index.md"),
                        ("Answered questions", "questions/index.md"),
                        ("Download the data", "data/index.md"),
                        ("What changed", "what-changed/index.md")):
        if page in paths:
            links[title] = page[: -len("index.md")]
    return links


def site_pages(ctx: Context) -> dict[str, Content]:
    """Home, one index per type, owners and one page per record (templates over the views); with a
    build's page cache, only the pages whose inputs changed are rendered (pagememo.py)."""
    links = extra_links(ctx.outputs)
    pc = ctx.page_cache
    if pc is None:
        ctx.pages = PageMaker(ctx, ctx.views, ctx.reads).all_pages(links)
    else:
        done = render_pages(ctx, links, pc.docs_dir, pc.last, pc.state)
        pc.made, ctx.pages = done.memo, done.pages
        ctx.progress(f"pages: all {done.rendered} rendered" if done.rendered == len(done.pages) else
                     f"pages: {done.rendered} of {len(done.pages)} rendered (the others are unchanged)")
    return dict(ctx.pages)


VOCABULARY_MEMO = "vocabulary"    # the cache memo of the vocabulary pages (ctx.memos)


def vocabulary_pages(ctx: Context) -> dict[str, Content]:
    """The vocabulary reference pages (made from model.py only: the same for every graph); a build
    with a cache keeps them there, so a new process does not make them again."""
    kept = (ctx.memos or {}).get(VOCABULARY_MEMO)
    pages = vocabulary_site_pages(kept)
    key = model.fingerprint()
    if ctx.memos is not None and (kept or {}).get("key") != key:
        ctx.memos_made[VOCABULARY_MEMO] = {"key": key, "pages": pages}
    return dict(pages)


EMITTERS: list[Emitter] = [
    Emitter("static files", static_files, ("site_src", "node_modules")),
    Emitter("query pages", query_pages, ("queries", "records", "graph", "settings", "site_src", "node_modules")),
    Emitter("downloads", download_files, ("records", "graph", "settings"), target="site"),
    Emitter("data page", data_page, ("records", "graph", "settings", "outputs:downloads")),
    Emitter("record data", record_files, ("record", "graph", "settings"), target="site", beside_mkdocs=True),
    # no emitter below reads the graph: a build frees it here, before the pages are rendered
    Emitter("what changed", history_pages, ("records", "settings")),   # and the git history of graph/
    Emitter("suggest a change", suggest_files, ("records", "settings")),
    Emitter("vocabulary", vocabulary_pages, ()),     # from model.py only
    Emitter("themes", theme_site_pages, ("records",)),
    # Other engineers' pages: one line each, e.g. Emitter("dashboards", dashboards.pages, ("records",)),
    Emitter("pages", site_pages, ("views", "templates", "settings", "outputs:query pages", "outputs:data page",
                                  "outputs:what changed")),
    Emitter("tracking pages", tracking_pages, ("views", "templates", "settings", "records", "diagnostics")),
]
