"""Bytes a reader's browser transfers for a record page: first visit and the next page.

Usage: .venv/bin/python benchmarks/page_weight.py [SITE_DIR ...] [--pages a/,b/]
Serves each built site (default ./site) with gzip and revalidation (tests/pageweight.py),
opens Debian's Chromium, visits a record page with an empty cache, then a second record
page, then uses search once; prints kilobytes and requests for each, and the biggest
files. Pass two site folders (before, after) to compare. Figures only; the browser test
tests/browser/test_page_weight.py asserts the budget (600 KB first visit, 150 KB next).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pageweight import GzipServer, visit  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = ["actions/jfp-a-families-6/", "organisations/kent-community-health-nhs-ft/"]


def kb(n: int) -> str:
    return f"{n / 1024:8.1f} KB"


def measure(site: Path, pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright
    server = GzipServer(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            first = visit(page, server.url + pages[0])
            second = visit(page, server.url + pages[1])
            print(f"\n{site}")
            print(f"  first visit  {pages[0]:<48} {kb(first.total)} in {len(first.requests)} requests")
            for url, status, size in first.biggest(4):
                print(f"      {kb(size)}  {status}  {url.replace(server.url, '/')}")
            print(f"  next page    {pages[1]:<48} {kb(second.total)} in {len(second.requests)} requests")
            for url, status, size in second.biggest(3):
                print(f"      {kb(size)}  {status}  {url.replace(server.url, '/')}")
            seen: list = []
            page.on("requestfinished", lambda r: seen.append(r))
            page.locator("input.md-search__input").focus()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            searched = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in seen)
            print(f"  using search (index fetched on first use): {kb(searched)} in {len(seen)} requests")
            browser.close()
    finally:
        server.close()


def main(argv: list[str]) -> None:
    pages = PAGES
    if "--pages" in argv:
        i = argv.index("--pages")
        pages = argv[i + 1].split(",")
        argv = argv[:i] + argv[i + 2:]
    sites = [Path(a) for a in argv] or [ROOT / "site"]
    for site in sites:
        if not (site / "index.html").is_file():
            raise SystemExit(f"{site} is not a built site: run 'planatlas build' first")
        measure(site, pages)


if __name__ == "__main__":
    main(sys.argv[1:])
