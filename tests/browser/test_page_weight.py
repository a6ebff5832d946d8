"""The weight budget of a record page, measured in Chromium over gzip (tests/pageweight.py):
at most 600 KB transferred on a first visit and 150 KB for the next page; the search index
is fetched only once search is used, and no diagram library is loaded.
"""
from __future__ import annotations

import pytest

from pageweight import GzipServer, visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_BUDGET = 600 * 1024
NEXT_BUDGET = 150 * 1024


@pytest.fixture(scope="module")
def gzip_url(built_site):
    server = GzipServer(built_site)
    yield server.url
    server.close()


def test_record_page_within_budget_and_index_loads_on_search(browser, gzip_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        first = visit(page, gzip_url + "actions/jfp-a-families-6/")
        second = visit(page, gzip_url + "organisations/kent-community-health-nhs-ft/")
        report = f"first {first.total} B {first.biggest()}; next {second.total} B {second.biggest()}"
        assert first.total <= FIRST_BUDGET, report
        assert second.total <= NEXT_BUDGET, report
        assert any(u.endswith("/assets/javascripts/bundle.a5f9d56c.min.js") or "/bundle." in u
                   for u, _s, _b in first.requests), "the measure saw the theme's own script"
        fetched = [u for v in (first, second) for u, _s, _b in v.requests]
        assert not any("search_index.json" in u for u in fetched), "index fetched before search was used"
        assert not any("mermaid" in u for u in fetched)
        # using search fetches the index, and search then answers
        page.locator("input.md-search__input").click()
        page.fill("input.md-search__input", "KCHFT")
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert page.evaluate("() => window.paSearchIndexRequested === true")
    finally:
        ctx.close()
