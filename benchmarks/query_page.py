"""The Query page's weight and time to first answer, in headless Chromium (prints figures, asserts nothing).

    .venv/bin/python benchmarks/query_page.py [SITE_DIR]      # default: builds the shipped graph first

Weight: bytes transferred on a first visit (no cache) by resource.  Time to first answer: from navigation
to the rows of `?question=plan-sizes` on screen (engine, graph, editor loaded and the query run).
"""
from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def measure(site: Path, runs: int = 3) -> None:
    from playwright.sync_api import sync_playwright
    httpd, base = serve(site)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(runs):
            context = browser.new_context()
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()) if r.ok else 0))
            t0 = time.perf_counter()
            page.goto(base + "query/?question=plan-sizes")
            page.wait_for_selector("#pa-query[data-state=done] #pa-query-results tbody tr", timeout=120_000)
            answered = time.perf_counter() - t0
            page.wait_for_load_state("networkidle")
            editor = page.get_attribute("#pa-query", "data-editor")
            total = sum(sizes.values())
            print(f"run {run + 1}: first answer in {answered:.2f} s; {total / 1e6:.2f} MB on first visit "
                  f"({len(sizes)} requests); editor: {editor}")
            if run == 0:
                for url, n in sorted(sizes.items(), key=lambda kv: -kv[1])[:8]:
                    print(f"  {n / 1e3:9.1f} KB  {url[len(base):]}")
            context.close()
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        measure(Path(sys.argv[1]))
    else:
        sys.path.insert(0, str(REPO / "generator"))
        from planatlas.sitegen.build import build_site
        with tempfile.TemporaryDirectory() as tmp:
            build_site(REPO / "graph", Path(tmp) / "docs", Path(tmp) / "site")
            measure(Path(tmp) / "site")
