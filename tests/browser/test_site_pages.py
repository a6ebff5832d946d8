"""Every page type of the shipped site in headless Chromium: loads cleanly, draws its
diagrams, stays on its own host, passes axe; search and table sorting work.

Screenshots of each page type go to test-artifacts/screenshots/ (look at them).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planatlas import model

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def richest_page(docs: Path, plural: str) -> str | None:
    """The record page of a type with the most diagrams (then the largest): it shows the most."""
    pages = [p for p in (docs / plural).glob("*.md") if p.name != "index.md"]
    if not pages:
        return None
    def score(p: Path) -> tuple:
        size = p.stat().st_size
        diagrams = min(p.read_text(encoding="utf-8").count('<figure class="pa-diagram">'), 4)
        return diagrams, size if size < 200_000 else -size, p.name   # the most diagrams, then the most text

    best = max(pages, key=score)
    return f"{plural}/{best.stem}/"


def page_types(site: Path) -> dict[str, str]:
    """{page type: URL path} for the home page, an index, owners, the hand-written page and each record type."""
    docs = site.parent / "docs"
    types = {"home": "", "index-actions": "actions/", "index-organisations": "organisations/",
             "owners": "owners/", "propose-a-change": "propose-a-change/"}
    for rtype, rt in model.RECORD_TYPES.items():
        url = richest_page(docs, rt.plural)
        if url:
            types[f"record-{rtype}"] = url
    return types


@pytest.fixture(scope="module")
def pages_by_type(built_site) -> dict[str, str]:
    return page_types(built_site)


def diagram_state(page) -> list[dict]:
    """For each build-time SVG diagram: drawn (has boxes), named (title and aria-label), links, and
    whether any label overflows its box (labels wrap, never cut)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('figure.pa-diagram svg.pa-svg')).map(svg => {
        const rects = Array.from(svg.querySelectorAll('rect'));
        const overflow = rects.filter(r => {
            const box = r.getBBox();
            return Array.from(r.parentNode.querySelectorAll('text')).some(t => {
                const b = t.getBBox();
                return b.x + b.width > box.x + box.width + 1 || b.y + b.height > box.y + box.height + 1;
            });
        }).length;
        return {svg: rects.length > 0, error: false, named: !!svg.querySelector('title') && !!svg.getAttribute('aria-label')
                && svg.getAttribute('role') === 'img', links: svg.parentNode.querySelectorAll('svg.pa-svg-links a').length, overflow: overflow};
    })""")


def wait_for_diagrams(page, expected: int) -> list[dict]:
    return diagram_state(page)


def screenshot_top(page, path: Path, height: int = 4000) -> None:
    """The page's first `height` CSS pixels (all of most pages): a whole index of a thousand rows is a
    tall image nobody reads, and took Chromium 5 s to draw."""
    full = page.evaluate("() => document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": min(full, height)})


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations of the page as loaded.

    resultTypes limits the node details of passes and incomplete checks to one each (axe-core's own
    advice for large pages): the violations are the same, and the actions index takes 3 s, not 10."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"]),
             "target": v["nodes"][0]["target"] if v["nodes"] else None} for v in result["violations"]]


def test_every_page_type_loads_draws_and_passes_axe(pages_by_type, site_url, built_site, open_page, artifacts):
    assert len(pages_by_type) >= 12, pages_by_type
    summary = {}
    failures = []
    for kind, path in pages_by_type.items():
        watch = open_page(site_url + path)
        page = watch.page
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        expected = html.count('<figure class="pa-diagram">')
        diagrams = wait_for_diagrams(page, expected)
        screenshot_top(page, artifacts / f"{kind}.png")
        violations = run_axe(page)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        summary[kind] = {"url": path, "diagrams": len(diagrams), "violations": violations}
        if watch.errors or watch.external or watch.dialogs:
            failures.append(f"{kind} {path}: errors {watch.errors[:3]} external {watch.external[:3]} "
                            f"dialogs {watch.dialogs}")
        if len(diagrams) != expected or not all(d["svg"] and d["named"] and not d["overflow"] for d in diagrams):
            failures.append(f"{kind} {path}: diagrams {diagrams}")
        if serious:
            failures.append(f"{kind} {path}: axe {serious}")
    (artifacts.parent / "axe-summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True), encoding="utf-8")
    assert not failures, "\n".join(failures)


PLANTED = """() => {
    const main = document.querySelector('article');
    main.insertAdjacentHTML('beforeend', '<p style="color:#bbb;background:#fff">Faint text</p>'
        + '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' + '<button></button>'
        + Array.from({length: 300}, (_, i) => '<p>Row ' + i + '</p>').join(''));
}"""


def test_axe_check_finds_planted_violations_on_a_large_page(site_url, open_page):
    """The check above can fail: faint text, an image with no text and a button with no name, put on
    the actions index (the largest page), are each reported with the element, not lost among passes."""
    page = open_page(site_url + "actions/").page   # passes: test_every_page_type_loads_draws_and_passes_axe
    page.evaluate(PLANTED)
    found = {v["id"]: v for v in run_axe(page)}
    assert {"color-contrast", "image-alt", "button-name"} <= set(found), found
    assert found["color-contrast"]["nodes"] == 1 and found["image-alt"]["nodes"] == 1, found


def test_diagram_nodes_link_to_pages(pages_by_type, site_url, open_page):
    watch = open_page(site_url + pages_by_type["record-action"])
    diagrams = wait_for_diagrams(watch.page, 1)
    assert diagrams and diagrams[0]["links"] >= 1
    href = watch.page.evaluate("() => document.querySelector('figure.pa-diagram svg.pa-svg-links a').getAttribute('href')")
    assert re.match(r"^\.\./\.\./[a-z]+/[a-z0-9-]+/$|^#[a-z-]+$", href), href
    assert watch.page.evaluate("() => typeof window.mermaid") == "undefined"


def test_search_finds_a_record_by_title(site_url, built_site, open_page):
    titled = [(re.search(r'^title: "(.*)"$', p.read_text(encoding="utf-8"), re.M), p)
              for p in sorted((built_site.parent / "docs" / "organisations").glob("*.md")) if p.stem != "index"]
    title, page_md = next((m.group(1), p) for m, p in titled if re.fullmatch(r"[A-Za-z0-9 ,]{10,}", m.group(1)))
    watch = open_page(site_url)
    page = watch.page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.fill("input.md-search__input", title)
    result = page.locator(f'.md-search-result__item a[href*="organisations/{page_md.stem}/"]').first
    result.wait_for(timeout=15_000)
    assert watch.external == []


def test_search_finds_a_record_by_id(site_url, built_site, open_page):
    rid = sorted(p.stem for p in (built_site.parent / "docs" / "actions").glob("*.md") if p.stem != "index")[0]
    watch = open_page(site_url)
    watch.page.locator(".md-search__input").first.click()
    watch.page.fill("input.md-search__input", rid)
    watch.page.locator(f'.md-search-result__item a[href*="actions/{rid}/"]').first.wait_for(timeout=15_000)


def column_keys(page, index: int) -> list[str]:
    return page.evaluate("""i => Array.from(document.querySelectorAll('[data-pa-table] table tbody tr'))
        .filter(r => !r.hidden).map(r => r.cells[i].getAttribute('data-sort'))""", index)


def test_index_table_sorts_and_filters(site_url, open_page):
    watch = open_page(site_url + "actions/")
    page = watch.page
    headers = page.locator("[data-pa-table] table thead th")
    titles = [headers.nth(i).inner_text().strip(" ⇅▲▼") for i in range(headers.count())]
    col = titles.index("Title")
    before = column_keys(page, col)
    page.locator("[data-pa-table] table thead th button", has_text="Title").click()
    ascending = column_keys(page, col)
    assert ascending == sorted(before) and headers.nth(col).get_attribute("aria-sort") == "ascending"
    page.locator("[data-pa-table] table thead th button", has_text="Title").click()
    assert column_keys(page, col) == sorted(before, reverse=True)
    # filter by owner: every visible row names that owner
    select = page.locator('select[data-pa-filter="owners"]')
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value)
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('[data-pa-table] table tbody tr'))
        .filter(r => !r.hidden).map(r => r.getAttribute('data-owners'))""")
    assert rows and all(f"|{value}|" in r for r in rows)
    assert page.locator(".pa-count").inner_text().startswith(f"{len(rows)} of ")
    assert not watch.errors


def test_hostile_site_runs_no_script_and_draws_its_diagrams(hostile_site, serve_dir, open_page, artifacts):
    base = serve_dir(hostile_site)
    for path in ("actions/evil-action/", "outcomes/evil-outcome/", "organisations/evil-org/", "plans/evil-plan/",
                 "objectives/evil-objective/"):
        watch = open_page(base + path)
        html = (hostile_site / path / "index.html").read_text(encoding="utf-8")
        diagrams = wait_for_diagrams(watch.page, html.count('<figure class="pa-diagram">'))
        assert diagrams and all(d["svg"] and d["named"] for d in diagrams), (path, diagrams)
        assert not watch.dialogs and not watch.external, (path, watch.dialogs, watch.external)
        assert "PAXSS" in watch.page.inner_text("h1")
        if path.startswith("outcomes"):
            watch.page.screenshot(path=str(artifacts / "hostile-outcome.png"), full_page=True)
