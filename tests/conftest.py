"""Shared fixtures for site tests: the shipped site built once, a static server, Chromium.

Why session-scoped: building the shipped graph (~3,000 pages) takes tens of seconds;
every site test reads the same build.  The browser fixtures use Debian's Chromium
(no Playwright browser download) and a local HTTP server on 127.0.0.1, so a test can
fail on any request that leaves the site's own host.
"""
from __future__ import annotations

import fcntl
import http.server
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from pageweight import LoopbackServer

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = REPO / "test-artifacts"


def pytest_collection_modifyitems(items) -> None:
    """By folder and name, so a new file cannot forget its marker (left out of test-fast):
    tests/test_data_*.py check the shipped data's completeness (`data`); tests/browser/ opens
    Chromium (`browser`; test_suggest.py had no marker and ran in the fast lane)."""
    for item in items:
        if item.path.name.startswith("test_data_"):
            item.add_marker(pytest.mark.data)
        if item.path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)


def build_into(graph_dir: Path, out: Path, run_mkdocs: bool = True) -> Path:
    """planatlas build of graph_dir into out/docs and out/site; returns out/site."""
    from planatlas.sitegen.build import build_site
    build_site(graph_dir, out / "docs", out / "site", progress=None, run_mkdocs=run_mkdocs)
    return out / "site"


@pytest.fixture(scope="session")
def shipped():
    """The SHIPPED graph (graph/) loaded once per session (records, graph, checks; no SHACL).

    Tests read it; one that must change it makes its own copy (dataclasses.replace)."""
    from planatlas.pipeline import load
    return load(REPO / "graph", shacl=False)


def cli_build_into(out: Path) -> Path:
    """`planatlas build` of the shipped graph, as a user runs it (its own process: on two cores the
    pages are rendered beside MkDocs, which no pytest-xdist worker can do, having a thread), into
    out/docs and out/site; returns out/site."""
    from planatlas.sitegen.buildstamp import git_commit
    done = subprocess.run([sys.executable, "-m", "planatlas.cli", "build", "--silent", "--commit", git_commit(REPO),
                           "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site")],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The SHIPPED graph (graph/) built once per run by the CLI; returns the site folder.

    Under pytest-xdist the workers share one build (25 s of CPU each otherwise): the first to need
    it builds it in the run's shared temporary folder under a file lock, the others wait for it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return cli_build_into(tmp_path_factory.mktemp("shipped"))
    shared = tmp_path_factory.getbasetemp().parent / "shipped-site"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "built").is_file():
            cli_build_into(shared)
            (shared / "built").write_text("ok", encoding="utf-8")
    return shared / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The small fixture graph with every record type (tests/fixtures/sitegraph), built once."""
    out = tmp_path_factory.mktemp("sitegraph")
    return build_into(FIXTURES / "sitegraph", out)


def hostile_context():
    """The hostile fixture graph as a pipeline context, loaded with yaml.safe_load: no validation."""
    import yaml
    from planatlas.reading.config import Config
    from planatlas.pipeline import Context
    from planatlas.graph.rdfgraph import build_graph
    from planatlas.reading.records import Record, RecordSet
    hostile = FIXTURES / "hostile"
    raw = yaml.safe_load((hostile / "records.yaml").read_text(encoding="utf-8"))
    rs = RecordSet({d["id"]: Record(d["type"], d["id"], d, "tests/fixtures/hostile/records.yaml") for d in raw})
    config = Config(**yaml.safe_load((hostile / "planatlas.yaml").read_text(encoding="utf-8")))  # unvalidated too
    ctx = Context(graph_dir=hostile, root=REPO, config=config, records=rs)
    ctx.graph = build_graph(list(rs), config.base_iri)
    return ctx


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile graph generated and built straight through (bypassing validation)."""
    from planatlas.sitegen.build import generate_docs
    from planatlas.sitegen.mkdocs_site import mkdocs_build_site
    out = tmp_path_factory.mktemp("hostile")
    ctx = hostile_context()
    result = generate_docs(ctx, out / "docs")
    mkdocs_build_site(ctx, out / "docs", out / "site", result["nav"])
    return out / "site"


# Static server ---------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """serve_dir(path) → base URL of a static server for that folder (closed at session end)."""
    servers: dict[Path, LoopbackServer] = {}

    def start(root: Path) -> str:
        if root not in servers:
            servers[root] = LoopbackServer(root, _QuietHandler)
        return servers[root].url

    yield start
    for server in servers.values():
        server.close()


@pytest.fixture(scope="session")
def site_url(built_site, serve_dir) -> str:
    return serve_dir(built_site)


# Browser ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Python Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make deps-system'")
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    pw.stop()


# Material draws Mermaid diagrams into *closed* shadow roots; tests open them to look inside.
OPEN_SHADOW_ROOTS = """
(() => { const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, {mode: "open"})); };
})();
"""


class PageWatch:
    """What a page did: console errors, page errors, requests to other hosts, dialogs."""

    def __init__(self, page, allowed_host: str) -> None:
        self.page = page
        page.add_init_script(OPEN_SHADOW_ROOTS)
        self.errors: list[str] = []
        self.external: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("dialog", self._dialog)
        self._busy = 0                                  # requests started and not yet ended
        self._last = time.monotonic()                   # when a request last started or ended
        page.on("request", lambda _r: self._mark(+1))
        page.on("requestfinished", lambda _r: self._mark(-1))
        page.on("requestfailed", lambda _r: self._mark(-1))

        def route(r):
            from urllib.parse import urlsplit
            if urlsplit(r.request.url).netloc == allowed_host or r.request.url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()
        page.route("**/*", route)

    def _mark(self, step: int) -> None:
        self._busy += step
        self._last = time.monotonic()

    def settle(self, quiet: float = 0.2, limit: float = 5.0) -> None:
        """Wait until no request has been open for `quiet` seconds (Playwright's "networkidle" waits a
        fixed 0.5 s, over a hundred times a run), or `limit` seconds in all.  The quiet time counts from
        the call at the earliest (after the load event): a page whose requests all ended before it
        finished loading was taken as settled at once, before a script's request a moment after load
        (a fresh-clone run read one of test_page_watch's two late requests)."""
        self._last = max(self._last, time.monotonic())
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if self._busy <= 0 and time.monotonic() - self._last >= quiet:
                return
            self.page.wait_for_timeout(50)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[[str], PageWatch]]:
    """open_page(url) → PageWatch of a fresh page that has loaded url (and the network is quiet)."""
    contexts = []

    def open_(url: str, width: int = 1280) -> PageWatch:
        from urllib.parse import urlsplit
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        watch = PageWatch(page, urlsplit(url).netloc)
        page.goto(url, wait_until="load")
        watch.settle()
        return watch

    yield open_
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """test-artifacts/screenshots/, emptied once per run that takes screenshots (a run without
    browser tests leaves the last ones).  Under pytest-xdist the first worker to ask empties it, under
    a file lock in the run's shared temporary folder; a later one would delete the first one's shots."""
    shots = ARTIFACTS / "screenshots"
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else None
    if shared is None:
        shutil.rmtree(shots, ignore_errors=True)
    else:
        with open(shared / "screenshots.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (shared / "screenshots-emptied").is_file():
                shutil.rmtree(shots, ignore_errors=True)
                (shared / "screenshots-emptied").write_text("ok", encoding="utf-8")
    shots.mkdir(parents=True, exist_ok=True)
    return shots
