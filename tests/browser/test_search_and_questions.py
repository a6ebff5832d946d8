"""Search finds the record, and staff questions are answered end to end from the home page,
through the search box, in Chromium (phone screenshots at 375 px)."""
from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# (query, the page that must come up, at most this rank: 1 = first result)
RANKS = [
    ("KCHFT", "organisations/kent-community-health-nhs-ft/", 1),
    ("community health", "organisations/kent-community-health-nhs-ft/", 1),
    ("Joint Forward Plan", "plans/jfp-2023/", 1),
    ("West Kent", "partnerships/west-kent-hcp/", 1),
    ("hyper-acute stroke units", "programmes/stroke-hasu-asu-reconfiguration/", 1),
    ("Kent Community", "organisations/kent-community-health-nhs-ft/", 1),
    ("WK HCP", "partnerships/west-kent-hcp/", 1),
    ("ICB", "organisations/nhs-kent-and-medway-icb/", 1),
    ("EKHUFT", "organisations/east-kent-hospitals-university-nhs-ft/", 1),
    ("MTW", "organisations/maidstone-and-tunbridge-wells-nhs-trust/", 1),
    ("Maidstone and Tunbridge", "organisations/maidstone-and-tunbridge-wells-nhs-trust/", 1),
    ("Provider Trust Boards", "boards/provider-trust-boards/", 1),
    ("Integrated Care Strategy", "plans/km-integrated-care-strategy-2022/", 1),
    ("virtual wards", "programmes/virtual-wards/", 2),
    ("armed forces", "boards/armed-forces-network/", 2),
    ("jfp-2023", "plans/jfp-2023/", 1),
    ("maternity", "objectives/jfp-o-conditions-maternity/", 8),
]


def results(page, query: str) -> list[str]:
    """Result page paths (without ?h=...) for a query typed into the search box.

    The box is emptied first and Material's placeholder awaited ("Type to start searching": the box
    is empty and the index is built; "Initializing search" while it is not): otherwise the previous
    query's "N matching documents" passes the wait below before the worker answers the new one (a
    slow machine ranked 'Joint Forward Plan' by the results of 'community health'), or a query typed
    while the index loads is read before any result is drawn. Then the answer is awaited: "No matching
    documents", or "N matching documents" with the results drawn."""
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function(
        "() => /Type to start searching/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '')",
        timeout=60_000)
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        """() => { const meta = (document.querySelector('.md-search-result__meta') || {}).textContent || '';
                   return /No matching/.test(meta)
                       || (/matching/.test(meta) && document.querySelector('.md-search-result__item') !== null); }""",
        timeout=60_000)
    page.wait_for_timeout(300)
    hrefs = page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__item'))
        .map(li => (li.querySelector('a') || {}).href || '')""")
    return [re.sub(r"^https?://[^/]+/|\?.*$", "", h) for h in hrefs]


@pytest.fixture
def search_page(site_url, open_page):
    watch = open_page(site_url)
    page = watch.page
    page.locator("input.md-search__input").click()
    return watch


def test_search_ranks_the_right_record(search_page):
    page = search_page.page
    failures = []
    for query, wanted, rank in RANKS:
        found = results(page, query)
        if wanted not in found[:rank]:
            failures.append(f"{query!r}: {wanted} not in the first {rank}: {found[:6]}")
    assert not failures, "\n".join(failures)
    # a result shows the record's id and its short and other names (tags)
    results(page, "KCHFT")
    teaser = page.locator(".md-search-result__item").first.inner_text()
    assert "kent-community-health-nhs-ft" in teaser and "KCHFT" in teaser, teaser
    assert not search_page.external and not search_page.errors


def go(page, query: str, wanted: str) -> None:
    """Type a question's key words in the search box on the current page and open the wanted result
    (on a phone the box opens from the header's search button)."""
    if page.viewport_size["width"] < 600:
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.locator("input.md-search__input").click()
    found = results(page, query)
    assert wanted in found[:3], (query, found[:6])
    page.locator(f'.md-search-result__item a[href*="{wanted}"]').first.click()
    page.wait_for_load_state("networkidle")


def test_kchft_joint_forward_plan_actions_with_due_dates(site_url, open_page, artifacts):
    watch = open_page(site_url, width=375)
    page = watch.page
    go(page, "KCHFT", "organisations/kent-community-health-nhs-ft/")
    page.select_option('#accountable ~ div select[data-pa-filter="plan"], select[data-pa-filter="plan"]', "jfp-2023")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('.pa-accountable tbody tr'))
        .filter(r => !r.hidden).map(r => Array.from(r.cells).map(c => c.innerText.trim()))""")
    assert len(rows) >= 10
    paths = {r[1] for r in rows}
    assert "via Provider Trust Boards" in paths and any("Community service provider boards" in p for p in paths)
    assert any("March 2024" in r[4] for r in rows) and all(r[5] for r in rows)
    page.screenshot(path=str(artifacts / "question-kchft-375.png"), full_page=True)
    assert not watch.external and not watch.errors


def test_maternity_actions_with_owners(site_url, open_page, artifacts):
    watch = open_page(site_url)
    page = watch.page
    go(page, "maternity services", "objectives/jfp-o-deliver-effective-maternity-services/")
    table = page.locator(".pa-actions table").first
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    owners = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert all(o.strip() for o in owners)
    page.screenshot(path=str(artifacts / "question-maternity-1280.png"), full_page=True)


def test_what_is_due_in_the_next_12_months(site_url, open_page):
    """From the home page: the current plan's actions in a list, sorted by due date (as dates)."""
    watch = open_page(site_url)
    page = watch.page
    page.locator("a", has_text="its actions in a sortable list").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("[data-pa-table] table thead th button", has_text="Due").click()
    keys = page.evaluate("""() => Array.from(document.querySelectorAll('[data-pa-table] tbody tr'))
        .filter(r => !r.hidden).map(r => r.cells[5].getAttribute('data-sort'))""")
    dated = [k for k in keys if k != "~"]
    assert dated and dated == sorted(dated) and keys[: len(dated)] == dated   # dates first, in date order
    plans = page.evaluate("""() => Array.from(document.querySelectorAll('[data-pa-table] tbody tr'))
        .filter(r => !r.hidden).map(r => r.getAttribute('data-plan'))""")
    assert set(plans) == {"|jfp-2023|"}


def test_who_sits_on_the_west_kent_partnership_now(site_url, open_page, artifacts):
    watch = open_page(site_url, width=375)
    page = watch.page
    go(page, "West Kent", "partnerships/west-kent-hcp/")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('.pa-members tbody tr'))
        .map(r => [r.cells[0].innerText.trim(), r.cells[4].innerText.trim()])""")
    now = [m for m, state in rows if state.startswith("Current")]
    past = [m for m, state in rows if not state.startswith("Current")]
    assert "Kent Community Health NHS Foundation Trust" in now
    assert "NHS Kent and Medway Clinical Commissioning Group" in past
    assert rows.index(next(r for r in rows if r[0] in past)) >= len(now)   # current first
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375 + 1, width   # tables scroll inside their box, the page does not
    page.screenshot(path=str(artifacts / "question-west-kent-375.png"), full_page=True)


def test_what_happened_to_the_ccgs(site_url, open_page):
    watch = open_page(site_url)
    page = watch.page
    go(page, "Kent and Medway CCG", "organisations/nhs-kent-and-medway-ccg/")
    text = page.inner_text("article")
    assert "Past:" in text and "July 2022" in text
    assert "NHS Kent and Medway Integrated Care Board" in page.inner_text("#organisational-change ~ ol")
