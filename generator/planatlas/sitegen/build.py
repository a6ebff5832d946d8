"""`planatlas build` and `planatlas serve`: graph → validated context → emitters → docs/ → site/.

`build_site` is the one function that lists the stages of a build, in order:

    load_valid (records, graph, checks, shacl) → views → every emitter in `emitters.EMITTERS`
    → free memory → move the site-only outputs made so far (staged under site/.planatlas-staging)
    into site/ → mkdocs build (which spares them), reading the pages from memory, while a forked
    child renders the pages listed as `latepages.Late` (record, index, tracking and Data pages) in
    MkDocs' order and sends each to it, writes docs/ (changed bytes only, stale files removed), the
    downloads and the files of the `beside_mkdocs` emitters (each record's Turtle and JSON-LD), on
    the core MkDocs leaves idle

On one core (or without MkDocs) all of that is done before MkDocs instead.  On two or more cores
(`parallel.py`) the long loops before MkDocs (reading records, mapping triples, answering questions)
are split with a forked child; SHACL is checked by another child beside the first emitters
(`pipeline.start_shacl`); a child is forked only for a free core (`parallel.can_fork`); the output is
the same byte for byte.

Why: emitters only return files; writing is done here, once, so `docs/` is byte-identical
between two builds and `mkdocs serve` sees only the pages whose content changed.  MkDocs runs
in-process with `strict` (any warning fails the build) and the navigation is passed in: only
the type index pages, never the record pages, because every page embeds the navigation.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import shutil
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from planatlas import model
from planatlas.cache import Cache
from planatlas.sitegen.buildstamp import NOTHING_CHANGED, BuildStamp
from planatlas.graph.dataset import ONTOLOGY_MEMO
from planatlas.sitegen.downloads import JSONLD_MEMO
from planatlas.sitegen.emitters import EMITTERS, VOCABULARY_MEMO, Emitter
from planatlas.errors import BuildError, CannotRun, PlanatlasError
from planatlas.sitegen.outfolders import check_output_folders, mark_output_folder
from planatlas.sitegen.outputs import Later, fresh_folder, made, move_staged, stage_files, write_outputs
from planatlas.sitegen.pagememo import PageCache, RecordState, finish, note_written
from planatlas.sitegen.sitememo import SiteCache
from planatlas.sitegen.emitters import extra_links
from planatlas.sitegen.pages import PageMaker, keep_compiled_templates, record_pages, type_title
from planatlas.sitegen.mkdocs_site import PreviewServer, mkdocs_build_site, quiet_mkdocs, walk_order
from planatlas.sitegen.latepages import Late, LatePages
from planatlas.sitegen.preview import affected, changed_ids, preview_pages
from planatlas.parallel import Background, BackgroundFailed, can_fork
from planatlas.pipeline import (Content, Context, load, load_valid, open_context, require_valid, stage_checks,
                                start_shacl, take_shacl)
from planatlas.project import TEMPLATES_DIR, Project
from planatlas.analysis.views import build_views, views_after_edit

TRACKING = "tracking"      # the cache memo of the tracking pages (dashboards.tracking_pages)
DOCS_FILES = "docs-files"  # ... of the form's per-record files in docs/ (suggest.suggest_files)
EMITTER_MEMOS = (JSONLD_MEMO, VOCABULARY_MEMO, ONTOLOGY_MEMO)     # memos emitters read from ctx.memos and leave in ctx.memos_made

__all__ = ["BuildError", "CannotRun", "build_site", "generate", "generate_docs", "load_valid", "serve_site"]

Progress = Callable[[str], None] | None


# Generation ------------------------------------------------------------------------------
def stage_views(ctx: Context) -> None:
    ctx.views = build_views(ctx.records)


def run_emitter(ctx: Context, em: Emitter) -> None:
    """Collect an emitter's files into ctx.outputs (docs/) or ctx.site_outputs (site/)."""
    dest = ctx.outputs if em.target == "docs" else ctx.site_outputs
    files = em.emit(ctx)
    if em.target == "site" and ctx.stage_dir is not None:      # a build's site files: on disk now, not in
        later = ctx.late_pages is not None or em.beside_mkdocs  # memory, but a `Later` made while MkDocs
        staged = stage_files(ctx.stage_dir, {rel: c for rel, c in files.items()   # runs (on two cores, all
                                             if not (later and isinstance(c, Later))})   # of them) stays one
        files = {rel: staged.get(rel, c) for rel, c in files.items()}
    else:
        files = made(files)
    ctx.emitted[em.name] = sorted(files)
    for rel, content in files.items():
        if rel in dest and dest[rel] != content:
            raise BuildError(f"two emitters make {rel} with different content (the second is {em.name!r})")
        dest[rel] = content


def finish_shacl(ctx: Context, job: Background, memo: dict | None, cache: Cache | None) -> None:
    """Take SHACL's results (run beside the emitters before the pages), save its memo, and stop on its
    errors (nothing is written yet)."""
    ctx.stage("shacl", lambda c: take_shacl(c, job, memo))
    if cache is not None and memo is not None:
        cache.save_shacl_memo(memo)
    require_valid(ctx, BuildError)


def generate(ctx: Context, emitters: list[Emitter] | None = None, kept: dict[str, Content] | None = None,
             release: bool = False, views_made: bool = False,
             awaited: list[tuple[tuple[str, ...], Callable[[Context], None]]] | None = None) -> Context:
    """Views, then every emitter in order (nothing is written); `kept`: docs/ files of emitters not
    run this time (a preview), which the later emitters see as made.  release (a build): the graph
    and the dataset store are dropped as soon as no later emitter declares "graph" (peak memory).
    views_made: ctx.views are already those of ctx.records (a preview's second step).
    awaited: [(inputs or emitter names, what makes them)], for work still being done beside the
    emitters (a build's SHACL, in a child process, makes "diagnostics"): each is called once, before
    the first emitter that declares one of those inputs or has one of those names, or at the end."""
    ctx.outputs, ctx.site_outputs, ctx.emitted = dict(kept or {}), {}, {}
    awaited = list(awaited or [])
    if not views_made:
        ctx.stage("views", stage_views)
    emitters = EMITTERS if emitters is None else emitters
    for i, em in enumerate(emitters):
        for item in [a for a in awaited if any(k in em.reads or k == em.name for k in a[0])]:
            awaited.remove(item)
            item[1](ctx)
        ctx.stage(em.name, lambda c, em=em: run_emitter(c, em))
        if release and not any("graph" in later.reads for later in emitters[i + 1:]):
            if ctx.graph is not None or ctx.store is not None or ctx.triples is not None:
                ctx.graph = ctx.store = ctx.triples = None
                release_free_memory()       # before the pages, the build's peak
    for _keys, make in awaited:
        make(ctx)
    return ctx


def generate_docs(ctx: Context, docs_dir: Path, emitters: list[Emitter] | None = None) -> dict[str, object]:
    """Generate and write docs/ for a loaded context (validated or not: output is escaped regardless).

    Returns what the MkDocs step needs: the nav, and the generated pages."""
    generate(ctx, emitters)
    ctx.stage("write docs", lambda c: write_outputs(docs_dir, c.outputs))
    return {"nav": navigation(ctx.outputs), "pages": ctx.pages}


# Pages that are not a record type's index, by section (the first folder of their path).
NAV_PAGES: dict[str, tuple[str, ...]] = {
    "The plans": ("themes",),
    "Progress": ("dashboards", "roadmap", "plan-health", "status", "what-changed"),
    "Who's who": ("owners",),
    "Data and queries": ("query", "questions", "data", "vocabulary"),
    "Contribute": ("suggest", "propose-a-change.md"),
}
OTHER_SECTION = "More"
# Nav titles of pages whose own title says more than the menu needs (others use the page's title).
NAV_TITLES = {"owners": "Owners", "propose-a-change.md": "How to propose a change"}


def navigation(paths) -> list:
    """The site navigation: Home, then sections of type indexes and guides, never individual records.

    A page no section names (a new emitter's) goes under "More", so nothing is left out."""
    tops = sorted(p for p in paths if p.endswith(".md") and
                  (p.count("/") == 0 or (p.count("/") == 1 and p.endswith("/index.md"))) and p != "index.md")
    by_first = {p.split("/")[0]: p for p in tops}
    sections: dict[str, list] = {name: [] for name in [*model.SITE_SECTIONS, OTHER_SECTION]}
    placed: set[str] = set()
    for name, types in model.SITE_SECTIONS.items():
        for rtype in types:
            page = by_first.get(model.RECORD_TYPES[rtype].plural)
            if page:
                sections[name].append({type_title(rtype): page})
                placed.add(page)
        for first in NAV_PAGES.get(name, ()):
            page = by_first.get(first)
            if page:
                sections[name].append({NAV_TITLES[first]: page} if first in NAV_TITLES else page)
                placed.add(page)
    sections[OTHER_SECTION] += [p for p in tops if p not in placed]
    return [{"Home": "index.md"}] + [{name: items} for name, items in sections.items() if items]


def free_memory(ctx: Context, keep_graph: bool = False) -> None:
    """Drop the rdflib graph, the Oxigraph store, the views and the pages' text before MkDocs runs
    (peak memory).  keep_graph: the child forked when MkDocs starts makes the downloads from them
    (the build drops them then)."""
    if not keep_graph:
        ctx.graph = None
        ctx.store = None
        ctx.triples = None
    ctx.views = None
    ctx.outputs = {}
    ctx.pages = {}
    gc.collect()
    release_free_memory()


@contextmanager
def unscanned() -> Iterator[None]:
    """While MkDocs runs, the collector leaves alone what the build holds (records, views, the pages
    still to render): its full collections scanned them all (0.15 of 0.3 s of collection at 1,000
    records), work a bare MkDocs does not do."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; a no-op elsewhere): what
    the stages freed is scattered among live objects, and MkDocs' pages are large strings that
    could not reuse it, so the build's peak was ours plus MkDocs' instead of the larger of the two."""
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def build_site(graph_dir: Path, docs_dir: Path, site_dir: Path, progress: Progress = None,
               run_mkdocs: bool = True, root: Path | None = None, commit: str = "",
               cache: Cache | None = None, stamp: BuildStamp | None = None) -> Context:
    """The whole build, stage by stage: load → validate (stop on errors) → emit → docs/ → site/.

    With a cache (the CLI's), parsed records are reused, and a build whose inputs and outputs are
    exactly as the last successful one left them does nothing ("nothing changed").  `stamp`: the
    stamp of a build that check found needed (the CLI asks before importing this module)."""
    started = time.perf_counter()
    check_output_folders(Project.at(root).root, graph_dir, {"docs": docs_dir, "site": site_dir})
    if cache is not None and run_mkdocs:
        if stamp is None:                  # a given stamp was asked already: its outputs are not walked again
            stamp = BuildStamp.of(Project.at(root), cache, graph_dir, docs_dir, site_dir, commit)
            if stamp.up_to_date():
                ctx = open_context(graph_dir, root, progress)
                ctx.progress(NOTHING_CHANGED)
                return ctx
    else:
        stamp = None
    memo = cache.record_memo() if cache is not None else None
    shacl_memo = cache.shacl_memo() if cache is not None else None
    triples_memo = cache.triples_memo() if cache is not None else None
    ctx = require_valid(load(graph_dir, root=root, progress=progress, memo=memo, shacl=False,   # records, graph,
                             triples_memo=triples_memo, questions=True, rdflib_graph=False),     # checks, questions
                        BuildError)
    # docs/ and the record data are written by a child beside MkDocs (which uses one core); decided
    # before SHACL's child holds the spare core; else both are written here, before MkDocs
    beside_mkdocs = run_mkdocs and can_fork()
    shacl = start_shacl(ctx, shacl_memo)        # taken (and stopped on errors) before the pages
    ctx.commit = commit
    mark_output_folder(docs_dir)
    mark_output_folder(site_dir)
    ctx.stage_dir = fresh_folder(Path(site_dir) / STAGING)     # MkDocs leaves dot-folders of site/ alone
    if cache is not None:
        ctx.stage("cache", lambda c: open_caches(c, cache, memo, triples_memo, Path(docs_dir), Path(site_dir)))
    # The collector skips what is alive now (records, triples, store, memos: they live until MkDocs or
    # are freed by their reference counts, being free of cycles; a build makes no rdflib graph) until
    # the memory is freed before MkDocs: its full collection then scans only what the emitters made.
    gc.freeze()
    jobs: list[Background] = []         # the child that writes docs/ and the record data beside MkDocs
    late = ctx.late_pages = LatePages() if beside_mkdocs else None     # and renders the pages
    if late is not None:
        late.on_broken = lambda: take_beside(jobs)
    try:
        try:
            # SHACL is taken before the pages (the build's peak of memory: its child and its graph are
            # gone by then), and in any case before the first emitter that reads the diagnostics
            generate(ctx, release=not beside_mkdocs, awaited=[(("pages", "diagnostics"),
                                                  lambda c: finish_shacl(c, shacl, shacl_memo, cache))])
            if not beside_mkdocs:
                ctx.stage("write docs", lambda c: write_outputs(docs_dir, c.outputs, burst=False))
            memos = [(pc.made, pc.kind) for pc in (ctx.page_cache, ctx.tracking_cache)
                     if isinstance(pc, PageCache) and pc.made is not None]
            ctx.nav = navigation(ctx.outputs)
            n = sum(1 for p in ctx.outputs if p.endswith(".md"))
            docs_files = ctx.outputs            # MkDocs reads them from memory (mkdocs_site.FromMemory)
            ctx.stage("free memory", lambda c: free_memory(c, keep_graph=beside_mkdocs))
        finally:
            gc.unfreeze()
        # site/ files first (MkDocs' cleaning spares them): their stats are then older than the memos
        # saved below by MkDocs' time, so the next build trusts them
        ours = set(ctx.site_outputs)
        beside = {rel: c for rel, c in ctx.site_outputs.items() if isinstance(c, Later)}
        ctx.site_outputs = {rel: c for rel, c in ctx.site_outputs.items() if rel not in beside}
        ctx.stage("write site data", lambda c: move_staged(site_dir, c.site_outputs, c.stage_dir))
        if beside_mkdocs:
            quiet_mkdocs(progress is None)

            made_before = set(ctx.memos_made)

            def start() -> None:           # MkDocs has cleaned site/ and listed docs/
                jobs.append(write_beside(docs_dir, docs_files, site_dir, beside, late,
                                         lambda: save_memos_made(ctx, cache, made_before)))
                beside.clear()             # the child has them: the records' N-Triples, the downloads'
                ctx.graph = ctx.store = ctx.triples = None      # dataset are let go here
                release_free_memory()
            with unscanned():
                ctx.stage(f"mkdocs build ({n} pages)",
                          lambda c: mkdocs_build_site(c, docs_dir, site_dir, c.nav, keep=ours, pages=docs_files,
                                                      started=start, late=late.text))
            del docs_files, beside
            ctx.stage("docs and record data (written beside MkDocs)", lambda c: take_beside(jobs, late))
        else:
            del docs_files
            ctx.stage("write record data", lambda c: write_outputs(site_dir, beside, remove_stale=False, burst=False))
            del beside
            if run_mkdocs:
                quiet_mkdocs(progress is None)
                with unscanned():
                    ctx.stage(f"mkdocs build ({n} pages)", lambda c: mkdocs_build_site(c, docs_dir, site_dir,
                                                                                      c.nav, keep=ours))
        for made_pages, _kind in memos:
            note_written(made_pages, Path(docs_dir), made_pages.reads)
    except BaseException:
        shacl.cancel()
        for job in jobs:
            job.cancel()
        if late is not None:
            late.close()
        shutil.rmtree(ctx.stage_dir, ignore_errors=True)
        raise
    if isinstance(ctx.site_cache, SiteCache):
        ctx.site_cache.remove_stale()
    if cache is not None:                       # after the last write: the stats' clock starts here
        ctx.stage("save cache", lambda c: save_caches(c, cache, memos))
    if stamp is not None:
        stamp.record()
    if progress:
        progress(f"built in {time.perf_counter() - started:.1f} s")
    return ctx


def save_memos_made(ctx: Context, cache: Cache | None, before: set[str]) -> None:
    """The memos an emitter's late files made in the writer child (the JSON-LD download's nodes),
    saved by the child: they are not the build's to save."""
    if cache is not None:
        for kind, memo in ctx.memos_made.items():
            if kind not in before:
                cache.save_memo(kind, memo)


def write_beside(docs_dir: Path, docs_files: dict[str, Content], site_dir: Path,
                 site_files: dict[str, Later], late: LatePages | None = None,
                 then: Callable[[], None] | None = None) -> Background:
    """Write docs/ (stale files removed) and site files made late (each record's data, the downloads) in a forked
    child, while MkDocs renders from memory on the other core; without a free core, here and now.
    docs/ is written in MkDocs' order, each `Late` page rendered just before it is written and sent
    to MkDocs (`latepages.py`).  The parent lets go of both once the child runs.  Why not the memos
    too: pickling the parsed records in the child touched every one of them, which copied their
    memory pages into the child (at 20,000 records the child then held 543 MB of its own)."""
    def write() -> tuple[int, int]:
        if late is not None:
            late.in_child()
        ordered = {rel: Later(partial(late.render_for_writing, rel)) if late is not None and isinstance(c, Late) else c
                   for rel, c in sorted(docs_files.items(), key=lambda item: walk_order(item[0]))}
        docs = write_outputs(docs_dir, ordered, burst=False)
        if late is not None:
            late.done_writing()
        site = write_outputs(site_dir, site_files, remove_stale=False, burst=False)
        if then is not None:
            then()
        return len(docs.written), len(site.written)
    if late is not None:
        late.open()
        late.site_dir, late.site_files = Path(site_dir), site_files
    try:
        return Background(write)
    finally:
        if late is not None:
            late.forked()


def take_beside(jobs: list[Background], late: LatePages | None = None) -> None:
    """Wait for `write_beside`'s child; its failure fails the build.  The pages MkDocs did not ask
    for are taken from the pipe first (the child waits until they are)."""
    try:
        if late is not None:
            late.finish()
        for job in jobs:
            job.result()
    except BackgroundFailed as exc:
        if isinstance(exc.error, PlanatlasError):     # e.g. CannotRun: a file could not be written
            raise exc.error from None
        raise BuildError(f"writing docs/ and each record's data files beside MkDocs failed: {exc}") from exc
    if not jobs:
        raise BuildError("MkDocs did not list docs/: nothing was written (the build's plugin did not run)")


def open_caches(ctx: Context, cache: Cache, memo: dict | None, triples_memo: dict | None,
                docs_dir: Path, site_dir: Path) -> None:
    """Save what loading made (parsed records, each record's triples) and open the build's memos:
    pages and data files whose inputs are unchanged are kept."""
    cache.save_record_memo(memo)
    if ctx.triples is not None and (ctx.triples.made or len(triples_memo or {}) != len(ctx.triples.keys)):
        cache.save_triples_memo(ctx.triples.memo())
    keep_compiled_templates(cache.dir / "templates")
    state = RecordState.of(ctx.records)          # both page memos compare these digests
    ctx.page_cache = PageCache.of(cache, docs_dir, state=state)
    ctx.tracking_cache = PageCache.of(cache, docs_dir, TRACKING, state)
    ctx.site_cache = SiteCache.of(cache, site_dir)
    ctx.docs_files_cache = SiteCache.of(cache, docs_dir, DOCS_FILES)
    ctx.memos = {kind: cache.load_memo(kind) for kind in EMITTER_MEMOS}


def save_caches(ctx: Context, cache: Cache, memos: list) -> None:
    """The build's memos, after its last write (their stat memos' clock starts here)."""
    for made_pages, kind in memos:
        finish(made_pages, cache, kind)
    for kept in (ctx.site_cache, ctx.docs_files_cache):
        if isinstance(kept, SiteCache):
            kept.finish(cache)
    for kind, memo in ctx.memos_made.items():
        cache.save_memo(kind, memo)


# Serve -----------------------------------------------------------------------------------
STAGING = ".planatlas-staging"     # site/ files made before MkDocs runs (outputs.Staged)

# Emitters a preview does not re-run after an edit (their previous files are kept): not served by
# `mkdocs serve` (target site), made from the git history or model.py only, needing the downloads,
# or needing the RDF graph (the answered questions: up to date again at the next `build`).
PREVIEW_SKIPS = {"downloads", "record data", "data page", "what changed", "vocabulary", "query pages"}


def preview_emitters() -> list[Emitter]:
    return [em for em in EMITTERS if em.name not in PREVIEW_SKIPS]


def serve_site(graph_dir: Path, docs_dir: Path, site_dir: Path, dev_addr: str,
               progress: Progress = None, root: Path | None = None, cache: Cache | None = None) -> None:
    """Build, then serve with live reload (a preview, rendered into a temporary folder, never published).

    After an edit, in two steps, each written in one burst of renames and rendered by MkDocs page by
    page (`mkdocs_site.PreviewServer`): first the edited records' own pages (what the editor looks
    at), then every other page that can show them.  Records are parsed again only if their file
    changed (the memo); the RDF graph, SHACL and the answered questions wait for `validate` and
    `build`; only the emitters whose files the preview shows run again (the others' files are kept),
    and of the record pages only those that can show an edited record (`preview.affected`)."""
    check_output_folders(Project.at(root).root, graph_dir, {"docs": docs_dir, "site": site_dir})
    memo = cache.record_memo() if cache is not None else {}
    shacl_memo = cache.shacl_memo() if cache is not None else None
    ctx = load_valid(graph_dir, root=root, progress=progress, memo=memo, shacl_memo=shacl_memo)
    if cache is not None:
        cache.save_shacl_memo(shacl_memo)
    mark_output_folder(docs_dir)
    ctx.reads = {}                # each record page notes what it reads: the edit's pages (preview.py)
    nav = generate_docs(ctx, docs_dir, [em for em in EMITTERS if not em.beside_mkdocs])["nav"]   # no site/ data
    kept = {rel: ctx.outputs[rel] for name in PREVIEW_SKIPS for rel in ctx.emitted.get(name, [])
            if rel in ctx.outputs}        # docs/ files of the emitters a preview does not re-run
    project = ctx.project
    quiet_mkdocs(progress is None)
    preview = PreviewServer.for_context(ctx, docs_dir, nav, dev_addr)

    last = {"records": dict(ctx.records.records), "views": ctx.views, "pages": dict(ctx.pages), "reads": ctx.reads,
            "outputs": dict(ctx.outputs)}

    def write(files: dict[str, Content], remove_stale: bool) -> None:
        report = write_outputs(docs_dir, files, remove_stale=remove_stale, previous=last["outputs"])
        last["outputs"].update({rel: files[rel] for rel in report.written})
        for rel in report.removed:
            last["outputs"].pop(rel, None)
        if report.written or report.removed:
            preview.refresh(set(report.written), set(report.removed))

    def regenerate() -> None:
        t0 = time.perf_counter()
        try:
            # first what the editor looks at: each file's own layers, then the edited records' pages
            fresh = require_valid(load(graph_dir, root=root, shacl=False, memo=memo, graph=False, checks=False),
                                  BuildError)
            changed = changed_ids(last["records"], fresh.records.records)
            fresh.stage("views", lambda c: setattr(c, "views", views_after_edit(last["views"], c.records, changed)))
            write(edited_pages(fresh, changed), remove_stale=False)
            t1 = time.perf_counter()
            preview.wait_rendered(5.0)
            fresh.stage("checks", stage_checks)                          # then the graph rules, and the rest
            require_valid(fresh, BuildError)
            fresh.reads = {rid: set(seen) for rid, seen in last["reads"].items()}

            def pages_of_the_edit(c: Context) -> dict[str, Content]:
                only = affected([last["views"], c.views], changed, c.reads)
                c.pages = preview_pages(c, only, last["pages"], extra_links(c.outputs), c.reads, changed,
                                        last["views"])
                return dict(c.pages)
            emitters = [Emitter(em.name, pages_of_the_edit, em.reads) if em.name == "pages" else em
                        for em in preview_emitters()]
            generate(fresh, emitters, kept, views_made=True)
        except (BuildError, CannotRun) as exc:
            print(f"not updated: {exc}", flush=True)
            return
        write(fresh.outputs, remove_stale=True)
        last.update(records=dict(fresh.records.records), views=fresh.views, pages=dict(fresh.pages), reads=fresh.reads)
        if progress:
            progress(f"regenerated {len(changed)} changed record(s): their pages in {t1 - t0:.2f} s, "
                     f"every page that shows them in {time.perf_counter() - t0:.2f} s")

    observer = watch_sources([Path(graph_dir), TEMPLATES_DIR, project.site_src], regenerate)
    try:
        preview.serve()
    finally:
        observer.stop()
        preview.close()


def edited_pages(ctx: Context, changed: set[str]) -> dict[str, Content]:
    """The record pages of the changed records that still exist (the first step of a preview)."""
    present = {rid for rid in changed if rid in ctx.records.records}
    return record_pages(PageMaker(ctx, ctx.views), present) if present else {}


def watch_sources(paths: list[Path], on_change: Callable[[], None], delay: float = 0.05) -> Observer:
    """Call on_change (debounced) when a file under any of paths changes; returns the observer."""
    timer: list[threading.Timer] = []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            for t in timer:
                t.cancel()
            timer[:] = [threading.Timer(delay, on_change)]
            timer[0].start()

    observer = Observer()
    for path in paths:
        if path.is_dir():
            observer.schedule(Handler(), str(path), recursive=True)
    observer.start()
    return observer


__all__ += ["Project", "navigation", "write_outputs"]
