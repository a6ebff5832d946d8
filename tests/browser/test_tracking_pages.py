"""Tracking pages of the shipped site in headless Chromium at desktop and phone width: a metric
page, a dashboard, the roadmap and plan health load cleanly, stay on their own host, pass axe-core
with no violations, and their charts fit the screen. Screenshots go to test-artifacts/screenshots/."""
from __future__ import annotations

import pytest

from test_site_pages import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "metric": ("metrics/stp-prev-m-smoking-at-time-of-delivery/", "status"),
    "dashboard": ("dashboards/plan/jfp-2023/", "metrics"),
    "roadmap": ("roadmap/", ""),
    "plan-health": ("plan-health/", ""),
}


@pytest.mark.parametrize("width", [1280, 375])
def test_tracking_pages_pass_axe_and_fit(width, site_url, open_page, artifacts):
    failures = []
    for name, (path, anchor) in PAGES.items():
        watch = open_page(site_url + path, width=width)
        page = watch.page
        if anchor:
            page.evaluate("a => document.getElementById(a).scrollIntoView()", anchor)
        page.screenshot(path=str(artifacts / f"tracking-{name}-{width}.png"))
        violations = run_axe(page)
        if violations:
            failures.append(f"{name} at {width}px: axe {violations}")
        if watch.errors or watch.external or watch.dialogs:
            failures.append(f"{name}: {watch.errors[:3]} {watch.external[:3]} {watch.dialogs}")
        # every chart fits the viewport (no sideways scrolling to read it) and has an accessible name
        charts = page.evaluate("""() => Array.from(document.querySelectorAll('svg.pa-chart-svg')).map(s => {
            const r = s.getBoundingClientRect();
            return {right: r.right, width: r.width, label: s.getAttribute('aria-labelledby')}; })""")
        if name != "plan-health" and not charts:
            failures.append(f"{name}: no chart")
        for c in charts:
            if c["right"] > width + 1 or c["width"] < 250 or not c["label"]:
                failures.append(f"{name} at {width}px: chart {c}")
    assert not failures, "\n".join(failures)


def test_chart_at_phone_width_is_legible(site_url, open_page, artifacts):
    """At 375 px the chart's text is drawn at 10 CSS px or more."""
    watch = open_page(site_url + "metrics/stp-prev-m-smoking-at-time-of-delivery/", width=375)
    page = watch.page
    page.evaluate("() => document.getElementById('chart').scrollIntoView()")
    page.locator("figure.pa-chart").first.screenshot(path=str(artifacts / "tracking-metric-chart-375.png"))
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('svg.pa-chart-svg text'))
        .map(t => t.getBoundingClientRect().height)""")
    assert sizes and min(sizes) >= 10, min(sizes)
