"""Everything that knows MkDocs: the configuration, the published build and the preview server.

Why one module: MkDocs Material reaches end of life on 5 May 2027; moving to another engine
(Zensical) is then a change to this file only.  The generated Markdown is plain.

The published build is `mkdocs build --strict`, always full (a dirty build truncates the search
index).  The preview (`PreviewServer`) renders the whole site once with MkDocs' own functions and
keeps its files, navigation and theme environment; after an edit it reads and renders again only
the pages whose Markdown changed.  A dirty `mkdocs serve` scanned and re-read every page on each
change (0.8 s at 1,150 records, 2 s at 5,750, 4 s at 19,550): more than the preview's budget.
Its pages are MkDocs' own output; only the search index waits for the next full build.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from os.path import isfile, join
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import (_build_extra_template, _build_page, _build_theme_template,
                                   _populate_page)
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from planatlas.errors import BuildError, CannotRun
from planatlas.pipeline import Context
from planatlas.sitegen.escaping import html_text
from planatlas.sitegen.freshness import data_as_of
from planatlas.sitegen.latepages import Late
from planatlas.sitegen.outputs import Kept, fresh_folder
from planatlas.sitegen.pages import fmt_date

log = logging.getLogger("mkdocs")


def site_name(ctx: Context) -> str:
    """The site name as the theme will print it: the theme inserts it unescaped."""
    return str(html_text(ctx.config.site_name))


def mkdocs_config(ctx: Context, docs_dir: Path, site_dir: Path, nav: list, **extra):
    """The project's mkdocs.yml (where the command runs), with generated docs/, nav and settings."""
    yml = ctx.project.mkdocs_yml
    if not yml.is_file():
        raise CannotRun(f"{yml} is missing: run planatlas in the project folder (or give --project)")
    overrides = {"site_url": ctx.config.site_url} if ctx.config.site_url else {}
    extra.setdefault("extra", {"data_as_of": footer_dates(ctx)})   # every page's footer (main.html)
    return mkdocs_load_config(str(yml), docs_dir=str(Path(docs_dir).resolve()),
                              site_dir=str(Path(site_dir).resolve()), site_name=site_name(ctx),
                              nav=nav, strict=extra.pop("strict", True), **overrides, **extra)


def footer_dates(ctx: Context) -> dict[str, str]:
    """'Data as of' for the footer: newest source date and last change to graph/, as readable text."""
    return {k: fmt_date(v) for k, v in data_as_of(ctx.records, ctx.graph_dir).items() if v}


class _Collect(logging.Handler):
    """MkDocs' warnings, kept to put in the error."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class PageStash(BasePlugin):
    """Keeps each page's rendered HTML on disk between MkDocs' two passes, not in memory.

    Why: MkDocs renders every page's Markdown first and only then puts each into the theme, so
    every page's source and HTML were held at once: 1,673 MB for 21,702 pages, more than our own
    stages.  Here a page's HTML goes to a file as soon as it is rendered (its source is dropped:
    the title is already known) and comes back just before the theme and the search plugin use
    it, then is dropped again.  The pages MkDocs writes are byte-identical (tested); at 5,000
    records MkDocs' peak fell from 481 MB to 135 MB."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.paths: dict[str, Path] = {}

    @event_priority(-100)                    # after every other plugin has changed the HTML
    def on_page_content(self, html: str, *, page: Page, config, files) -> str:
        path = self.paths.setdefault(page.file.src_uri, self.folder / f"{len(self.paths)}.html")
        path.write_text(html, encoding="utf-8")
        page.markdown = ""                   # not None: MkDocs takes that for "no title yet"
        return ""

    @event_priority(100)                     # before the search plugin reads the page
    def on_page_context(self, context, *, page: Page, config, nav):
        path = self.paths.get(page.file.src_uri)
        if path is not None:
            page.content = path.read_text(encoding="utf-8")
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config) -> str:
        page.content = ""
        return output


STASH = ".planatlas-pages"     # in site/ while MkDocs builds


def walk_order(rel: str) -> tuple:
    """Where MkDocs' walk of docs/ (`get_files`) lists a file: a folder's files (index and README
    first) before its sub-folders, each level sorted by name."""
    *folders, name = rel.split("/")
    return (*((1, f) for f in folders), (0, _file_sort_key(name)))


class FromMemory(BasePlugin):
    """Hands MkDocs the build's docs/ files from memory, and starts the work that writes them.

    Why: writing docs/ before MkDocs ran was on the build's path (0.1 to 1.5 s at 1,000 records, as
    the file system allowed), and MkDocs then read every file back.  Here MkDocs' list of docs/
    files becomes exactly the build's (`File.generated` for a file in memory; the file on disk for
    one the build kept as it was), and `started` is called once MkDocs has cleaned site/ and listed
    docs/: a child then writes docs/ (and each record's data into site/) while MkDocs renders.  A
    page's text is let go once MkDocs has read it."""

    def __init__(self, pages: dict, started: Callable[[], None] | None,
                 late: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.pages, self.started, self.late = pages, started, late
        self.ours: set[str] = set()

    @event_priority(100)
    def on_files(self, files: Files, *, config) -> Files:
        docs = config.docs_dir               # the src_dir of every file MkDocs listed in docs/
        theirs, walked = [], {}
        for f in files:
            if f.src_dir == docs:
                walked[f.src_uri] = f
            else:
                theirs.append(f)                 # the theme's
        out = Files([])                          # docs/ first, then the theme's, as MkDocs lists them
        by_dest: dict[str, File] = {}
        for rel in sorted(self.pages, key=walk_order):      # the order of MkDocs' own walk of docs/
            content = self.pages[rel]
            if isinstance(content, Kept):       # on disk as the last build left it
                file = walked.get(rel) or File(rel, docs, config.site_dir, config.use_directory_urls)
            elif isinstance(content, Late):     # rendered while MkDocs runs
                if self.late is None:
                    raise BuildError(f"{rel} was listed to be rendered while MkDocs runs, and nothing renders it")
                file = LateFile.generated(config, rel, content=b"")
                file.fetch = self.late
                self.ours.add(rel)
            else:
                file = File.generated(config, rel, content=content)
                self.ours.add(rel)
            first = by_dest.setdefault(file.dest_uri, file)
            if first is not file:               # README.md beside index.md: as MkDocs' walk says it
                log.warning(f"Excluding '{first.src_uri}' from the site because it conflicts with '{rel}'.")
            out.append(file)
        for file in theirs:                     # a theme file a page of docs/ replaces is left out
            if out.get_file_from_path(file.src_uri) is None:
                out.append(file)
        if self.started is not None:
            self.started()
        self.pages.clear()      # the caller's dict too: each text is now held by its File alone
        return out

    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if page.file.src_uri in self.ours:
            page.file.content_bytes = b""       # read: MkDocs holds the page as text now
        return markdown


class LateFile(File):
    """A page of docs/ whose Markdown is still being rendered when MkDocs lists it (`latepages.py`):
    fetched when MkDocs first reads it, then held like any page in memory."""

    fetch: Callable[[str], str] | None = None

    def _fetched(self) -> None:
        if self.fetch is not None:
            fetch, self.fetch = self.fetch, None
            self._content = fetch(self.src_uri)

    @property
    def content_string(self) -> str:
        self._fetched()
        return File.content_string.fget(self)

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.fetch = None
        File.content_string.fset(self, value)

    @property
    def content_bytes(self) -> bytes:
        self._fetched()
        return File.content_bytes.fget(self)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.fetch = None
        File.content_bytes.fset(self, value)


def with_page_stash(config, folder: Path):
    """The config with a `PageStash` writing into folder (which the caller removes)."""
    config.plugins["planatlas-page-stash"] = PageStash(folder)
    return config


def clean_site(site_dir: Path, keep: set[str]) -> None:
    """MkDocs' cleaning of site/ (everything but top-level dot-entries is removed) except the files
    in keep (paths under site/ with '/'): the build's own files, already in place.  A link is
    removed, never followed."""
    top = Path(site_dir)
    if not top.is_dir():
        return
    kept_tops = {k.split("/", 1)[0] for k in keep if "/" in k}
    for entry in os.scandir(top):
        if entry.name.startswith(".") or entry.name in keep:
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in kept_tops:
                shutil.rmtree(entry.path, ignore_errors=True)
                continue
            for folder, dirs, files in os.walk(entry.path, topdown=False):
                rel = os.path.relpath(folder, top).replace(os.sep, "/")
                for name in files:
                    if f"{rel}/{name}" not in keep:
                        os.unlink(os.path.join(folder, name))
                for name in dirs:
                    path = os.path.join(folder, name)
                    if os.path.islink(path):
                        os.unlink(path)
                    elif not os.listdir(path):
                        os.rmdir(path)
        else:
            os.unlink(entry.path)


@contextmanager
def keeping(site_dir: Path, keep: set[str]) -> Iterator[None]:
    """While a build runs, MkDocs' cleaning of site/ spares the files in keep (`clean_site`): the
    build's per-record data and downloads (moved in before MkDocs runs, or written beside it), so an
    unchanged file is neither made nor written again (sitegen/sitememo.py)."""
    original = mkdocs_utils.clean_directory
    target = str(Path(site_dir).resolve())

    def clean(directory: str) -> None:
        if str(Path(directory).resolve()) == target:
            clean_site(Path(directory), keep)
        else:
            original(directory)

    mkdocs_utils.clean_directory = clean
    try:
        yield
    finally:
        mkdocs_utils.clean_directory = original


def mkdocs_build_site(ctx: Context, docs_dir: Path, site_dir: Path, nav: list, keep: set[str] | None = None,
                      pages: dict | None = None, started: Callable[[], None] | None = None,
                      late: Callable[[str], str] | None = None) -> None:
    """`mkdocs build --strict` in-process (never --dirty: that truncates the search index).

    keep: files already in site/ that MkDocs' cleaning must leave (the build's own, see `keeping`).
    pages: the docs/ files from memory ({path: text, bytes or `outputs.Kept`}: `FromMemory`), and
    started, called once MkDocs has cleaned site/ and listed docs/ (the build writes them then);
    late(path): the Markdown of a page listed as `latepages.Late`, when MkDocs reads it.
    MkDocs' warnings are collected and put in the error, so a broken link says where it is."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    # The pages' HTML waits beside the site it becomes (not in /tmp, which may be memory): a dot-folder,
    # which MkDocs' cleaning of site/ leaves alone, removed before and after.
    stash = fresh_folder(Path(site_dir) / STASH)
    try:
        config = with_page_stash(mkdocs_config(ctx, docs_dir, site_dir, nav), stash)
        if pages is not None:
            config.plugins["planatlas-from-memory"] = FromMemory(pages, started, late)
        with keeping(site_dir, keep or set()):
            mkdocs_build(config, dirty=False)
    except (Abort, ConfigurationError) as exc:
        details = "\n".join(collect.messages[:30])
        raise BuildError(f"mkdocs build --strict failed: {exc}\n{details}") from exc
    finally:
        logger.removeHandler(collect)
        shutil.rmtree(stash, ignore_errors=True)


def quiet_mkdocs(silent: bool) -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING if silent else logging.INFO)


# The preview ------------------------------------------------------------------------------
class PreviewServer:
    """MkDocs' live-reload server over a site rendered once in full, then page by page.

    `refresh(changed, removed)` (any thread) queues docs/ paths whose Markdown was written again;
    the server's build loop renders just those with MkDocs' page functions and reloads the browsers.
    A change to the theme (custom_dir) or to mkdocs.yml renders everything again."""

    def __init__(self, config) -> None:
        self.config = config
        self.site_dir = Path(config.site_dir)
        self.pending: tuple[set[str], set[str]] = (set(), set())
        self.lock = threading.Lock()
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        self.server = LiveReloadServer(builder=self._apply, host=host, port=port, root=str(self.site_dir),
                                       mount_path=mount_path)
        self.server.error_handler = self._error_page
        self.server.build_delay = 0.01          # refresh() comes after a burst of writes: no need to wait
        config.site_url = self.server.url
        self.files = self.nav = self.env = None
        self.theme_stamp = ""
        self.rendered = threading.Event()       # set when the queued pages are rendered
        self.rendered.set()

    # Rendering ---
    def build_all(self) -> None:
        """Every page, as `mkdocs build` does, keeping files, navigation and environment."""
        cfg = self.config
        cfg = self.config = cfg.plugins.on_config(cfg)
        cfg.plugins.on_pre_build(config=cfg)
        mkdocs_utils.clean_directory(cfg.site_dir)
        files = get_files(cfg)
        env = cfg.theme.get_env()
        files.add_files_from_theme(env, cfg)
        files = cfg.plugins.on_files(files, config=cfg)
        set_exclusions(files, cfg)
        nav = cfg.plugins.on_nav(get_navigation(files, cfg), config=cfg, files=files)
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.page is None:
                Page(None, file, cfg)
            _populate_page(file.page, cfg, files)
        env = cfg.plugins.on_env(env, config=cfg, files=files)
        files.copy_static_files(inclusion=InclusionLevel.is_in_serve)
        for template in cfg.theme.static_templates:
            _build_theme_template(template, env, files, cfg, nav)
        for template in cfg.extra_templates:
            _build_extra_template(template, files, cfg, nav)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in doc_files:
            _build_page(file.page, cfg, doc_files, nav, env)
        cfg.plugins.on_post_build(config=cfg)
        self.files, self.nav, self.env = files, nav, env
        self.theme_stamp = self._theme_stamp()

    def update(self, changed: set[str], removed: set[str]) -> None:
        """Read and render again the docs/ files `changed` (new ones are added) and drop `removed`."""
        cfg, files = self.config, self.files
        for rel in sorted(removed):
            file = files.get_file_from_path(rel)
            if file is not None:
                files.remove(file)
                Path(file.abs_dest_path).unlink(missing_ok=True)
        touched = []
        for rel in sorted(changed):
            file = files.get_file_from_path(rel)
            if file is None:
                file = File(rel, cfg.docs_dir, cfg.site_dir, cfg.use_directory_urls)
                set_exclusions([file], cfg)
                files.append(file)
            if file.is_documentation_page():
                if file.page is None:
                    Page(None, file, cfg)
                _populate_page(file.page, cfg, files)
                touched.append(file)
            else:
                file.copy_file()
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in touched:
            _build_page(file.page, cfg, doc_files, self.nav, self.env)

    def _theme_stamp(self) -> str:
        paths = [Path(self.config.config_file_path or "")] + [
            p for d in [self.config.theme.custom_dir] if d for p in sorted(Path(d).rglob("*"))]
        h = hashlib.sha256()
        for path in paths:
            if path.is_file():
                h.update(f"{path}:{path.stat().st_mtime_ns}".encode())
        return h.hexdigest()

    # Serving ---
    def refresh(self, changed: set[str], removed: set[str]) -> None:
        """Queue pages to render again and wake the server's build loop (it reloads the browsers)."""
        with self.lock:
            self.pending[0].update(changed)
            self.pending[1].update(removed)
            self.rendered.clear()
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def wait_rendered(self, timeout: float) -> None:
        """Wait (at most timeout seconds) until the queued pages are rendered: the preview's second
        step waits for its first, so the edited page is not rendered while Python's lock is shared."""
        self.rendered.wait(timeout)

    def _apply(self) -> None:
        with self.lock:
            changed, removed = self.pending
            self.pending = (set(), set())
        try:
            if self._theme_stamp() != self.theme_stamp:
                log.info("The theme or mkdocs.yml changed: rendering every page")
                self.build_all()
            else:
                self.update(changed - removed, removed)
                log.info(f"Rendered {len(changed - removed)} page(s) again")
        finally:
            with self.lock:
                if not self.pending[0] and not self.pending[1]:
                    self.rendered.set()

    def _error_page(self, code: int) -> bytes | None:
        page = join(str(self.site_dir), f"{code}.html")
        if code in (404, 500) and isfile(page):
            with open(page, "rb") as fh:
                return fh.read()
        return None

    def serve(self) -> None:
        """Render everything, then serve until interrupted (the config file and theme are watched)."""
        self.config.plugins.on_startup(command="serve", dirty=False)
        try:
            self.build_all()
            if self.config.config_file_path:
                self.server.watch(self.config.config_file_path)
            if self.config.theme.custom_dir:
                self.server.watch(self.config.theme.custom_dir)
            try:
                self.server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                self.server.shutdown()
        finally:
            self.config.plugins.on_shutdown()

    @classmethod
    def for_context(cls, ctx: Context, docs_dir: Path, nav: list, dev_addr: str) -> "PreviewServer":
        """A preview of docs_dir, rendered into a temporary folder (never the published site/)."""
        site_dir = Path(tempfile.mkdtemp(prefix="planatlas-preview-"))
        config = mkdocs_config(ctx, docs_dir, site_dir, nav, dev_addr=dev_addr, strict=False)
        return cls(with_page_stash(config, fresh_folder(site_dir / STASH)))    # inside the preview's folder

    def close(self) -> None:
        shutil.rmtree(self.site_dir, ignore_errors=True)
