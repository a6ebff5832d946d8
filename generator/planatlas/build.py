"""`planatlas build` and `planatlas serve`: graph → validated context → docs/ → site/.

Why it is shaped like this: generation writes every file with `write_if_changed` and
then removes what this run did not produce, so `docs/` is byte-identical between two
builds of the same graph and `mkdocs serve` only sees the pages whose content changed.
MkDocs runs in-process with `strict` (any warning fails the build) and the navigation
is passed in: only the type index pages, never the ~3,000 record pages, because every
page embeds the navigation and a big one makes MkDocs quadratic.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Callable

from . import history, model, suggest
from .diagnostics import ERROR
from .pipeline import CannotRun, Context, load

ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = ROOT / "mkdocs.yml"
SITE_SRC = ROOT / "site_src"
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
MERMAID_DEST = "assets/javascripts/mermaid.min.js"

Progress = Callable[[str], None] | None


class BuildError(Exception):
    """The graph is invalid, or the site would have broken links: exit code 1."""


# Validation ------------------------------------------------------------------------------
def load_valid(graph_dir: Path, progress: Progress = None) -> Context:
    """Records, graph and every check; BuildError listing the errors if there are any."""
    ctx = load(Path(graph_dir), root=Path.cwd(), shacl=True, progress=progress)
    errors = [d for d in ctx.diagnostics if d.severity == ERROR]
    if errors:
        shown = "\n".join(d.format() for d in errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise BuildError(f"the graph has {len(errors)} error(s); nothing was built:\n{shown}{more}")
    return ctx


# Generation ------------------------------------------------------------------------------
def static_files() -> dict[str, bytes]:
    """Hand-written pages and assets from site_src/ (not overrides/), and Mermaid from npm."""
    if not MERMAID_JS.is_file():
        raise CannotRun(f"{MERMAID_JS} is missing: run 'npm ci' (or 'make setup') first")
    files = {MERMAID_DEST: MERMAID_JS.read_bytes()}
    for path in sorted(SITE_SRC.rglob("*")):
        rel = path.relative_to(SITE_SRC).as_posix()
        if path.is_file() and not rel.startswith("overrides/"):
            files[rel] = path.read_bytes()
    return files


def generate_docs(ctx: Context, docs_dir: Path) -> dict[str, object]:
    """Write docs/ for a loaded context (validated or not: output is escaped regardless).

    Returns what the MkDocs step needs: the nav and counts of pages per type.
    """
    from .dashboards import tracking_pages
    from .downloads import write_downloads
    from .pages import PageMaker
    from .querypages import write_query_pages
    from .recorddata import record_files
    from .views import build_views
    from .vocabulary import write_vocabulary_pages
    from .outputs import remove_stale, write_if_changed

    docs_dir = Path(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    keep: set[str] = set()
    state: dict[str, object] = {}

    def write_all(files: dict[str, str | bytes]) -> None:
        for rel, content in files.items():
            write_if_changed(docs_dir, rel, content)
            keep.add(rel)

    ctx.stage("static files", lambda c: write_all(static_files()))
    ctx.stage("views", lambda c: state.update(views=build_views(c.records)))
    ctx.stage("query pages", lambda c: keep.update(write_query_pages(c, docs_dir)))
    ctx.stage("downloads", lambda c: keep.update(write_downloads(c, docs_dir)))
    ctx.stage("what changed", lambda c: write_all(history.history_pages(c)))
    ctx.stage("suggest a change", lambda c: write_all(suggest.suggest_files(c)))
    ctx.stage("vocabulary", lambda c: keep.update(write_vocabulary_pages(c, docs_dir)))
    extra = extra_links(keep)
    ctx.stage("pages", lambda c: state.update(pages=PageMaker(c, state["views"]).all_pages(extra)))
    ctx.stage("write pages", lambda c: write_all(state["pages"]))
    ctx.stage("tracking pages", lambda c: write_all(tracking_pages(c, state["views"])))
    ctx.stage("record data", lambda c: write_all(record_files(c)))
    ctx.stage("remove stale", lambda c: remove_stale(docs_dir, keep))
    return {"nav": navigation(ctx, keep), "pages": state["pages"]}


def extra_links(paths: set[str]) -> dict[str, str]:
    """Links the home page gives to other engineers' pages, when they exist."""
    links = {}
    for title, page in (("Ask a question of the plan (SPARQL)", "query/index.md"),
                        ("Answered questions", "questions/index.md"),
                        ("Download the data", "data/index.md"),
                        ("What changed", "what-changed/index.md")):
        if page in paths:
            links[title] = page[: -len("index.md")]
    return links


def navigation(ctx: Context, paths: set[str]) -> list:
    """The site navigation: type indexes and a few pages, never individual records."""
    from .pages import type_title
    nav: list = [{"Home": "index.md"}]
    for rtype, rt in model.RECORD_TYPES.items():
        if f"{rt.plural}/index.md" in paths:
            nav.append({type_title(rtype): f"{rt.plural}/index.md"})
    nav.append({"Owners": "owners/index.md"})
    mine = {rt.plural for rt in model.RECORD_TYPES.values()} | {"owners", "index.md", "propose-a-change.md"}
    for page in sorted(paths):
        top_level = page.count("/") == 0 or (page.count("/") == 1 and page.endswith("/index.md"))
        if page.endswith(".md") and top_level and page.split("/")[0] not in mine:
            nav.append(page)
    nav.append({"How to propose a change": "propose-a-change.md"})
    return nav


# MkDocs ----------------------------------------------------------------------------------
def site_name(ctx: Context) -> str:
    """The site name as the theme will print it: the theme inserts it unescaped."""
    from .escaping import html_text
    return str(html_text(ctx.config.site_name))


def mkdocs_config(ctx: Context, docs_dir: Path, site_dir: Path, nav: list, **extra):
    from mkdocs.config import load_config
    if not MKDOCS_YML.is_file():
        raise CannotRun(f"{MKDOCS_YML} is missing")
    overrides = {"site_url": ctx.config.site_url} if ctx.config.site_url else {}
    return load_config(str(MKDOCS_YML), docs_dir=str(Path(docs_dir).resolve()),
                       site_dir=str(Path(site_dir).resolve()), site_name=site_name(ctx),
                       nav=nav, strict=True, **overrides, **extra)


def mkdocs_build_site(ctx: Context, docs_dir: Path, site_dir: Path, nav: list) -> None:
    """`mkdocs build --strict` in-process (never --dirty: that truncates the search index).

    MkDocs' warnings are collected and put in the error, so a broken link says where it is.
    """
    import logging
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    class Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(record.getMessage())

    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        mkdocs_build(mkdocs_config(ctx, docs_dir, site_dir, nav), dirty=False)
    except (Abort, ConfigurationError) as exc:
        details = "\n".join(collect.messages[:30])
        raise BuildError(f"mkdocs build --strict failed: {exc}\n{details}") from exc
    finally:
        logger.removeHandler(collect)


def quiet_mkdocs(silent: bool) -> None:
    import logging
    logging.getLogger("mkdocs").setLevel(logging.WARNING if silent else logging.INFO)


def build_site(graph_dir: Path, docs_dir: Path, site_dir: Path, progress: Progress = None,
               run_mkdocs: bool = True) -> Context:
    """The whole pipeline: load → validate (stop on errors) → docs/ → mkdocs build → site/."""
    ctx = load_valid(graph_dir, progress)
    result = generate_docs(ctx, docs_dir)
    if run_mkdocs:
        quiet_mkdocs(progress is None)
        n = sum(1 for p in result["pages"] if p.endswith(".md"))
        ctx.stage(f"mkdocs build ({n} generated pages)",
                  lambda c: mkdocs_build_site(c, docs_dir, site_dir, result["nav"]))
    if progress:
        total = sum(ctx.timings.values())
        progress(f"built in {total:.1f} s")
    return ctx


# Serve -----------------------------------------------------------------------------------
def serve_site(graph_dir: Path, docs_dir: Path, site_dir: Path, dev_addr: str,
               progress: Progress = None) -> None:
    """Build, then serve with live reload; a change to a record, template or site_src page
    regenerates docs/ (rewriting only files whose content changed) and MkDocs rebuilds
    just those pages (`--dirty` is fine here: a preview, not a published site)."""
    from mkdocs.commands.serve import serve
    ctx = load_valid(graph_dir, progress)
    nav = generate_docs(ctx, docs_dir)["nav"]
    quiet_mkdocs(progress is None)

    def regenerate() -> None:
        t0 = time.perf_counter()
        try:
            generate_docs(load_valid(graph_dir, None), docs_dir)
        except BuildError as exc:
            print(f"not updated: {exc}", flush=True)
            return
        if progress:
            progress(f"regenerated changed pages in {time.perf_counter() - t0:.1f} s")

    observer = watch_sources([Path(graph_dir), ROOT / "generator" / "planatlas" / "templates", SITE_SRC],
                             regenerate)
    try:
        serve(str(MKDOCS_YML), livereload=True, build_type="dirty", dev_addr=dev_addr,
              docs_dir=str(Path(docs_dir).resolve()), nav=nav, site_name=site_name(ctx),
              strict=False)  # a dirty build always warns; `build` is the strict one
    finally:
        observer.stop()


def watch_sources(paths: list[Path], on_change: Callable[[], None], delay: float = 0.3):
    """Call on_change (debounced) when a file under any of paths changes; returns the observer."""
    import threading
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

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


def clean(path: Path) -> None:
    """Remove a generated folder (used by tests and the benchmark)."""
    shutil.rmtree(path, ignore_errors=True)
