"""Tracking pages in the built sites: every SVG chart is well-formed with a title and a description,
dashboards list the expected metrics, statuses and impact lists are on the record pages, plan health
links every item, and record text stays escaped in charts."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planatlas.analysis import status as S
from planatlas.sitegen.charts import metric_charts
from planatlas.sitegen.dashboards import scopes
from planatlas.sitegen.pages import PageMaker
from planatlas.analysis.views import build_views

SVG = re.compile(r'<svg class="pa-chart-svg".*?</svg>', re.S)
NS = "{http://www.w3.org/2000/svg}"


def charts_in(site: Path) -> list[tuple[str, str]]:
    found = []
    for page in sorted(site.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if "pa-chart-svg" in text:
            found += [(str(page.relative_to(site)), m.group(0)) for m in SVG.finditer(text)]
    return found


def test_every_chart_is_well_formed_with_title_and_description(built_site):
    charts = charts_in(built_site)
    pages = {p for p, _ in charts}
    assert any(p.startswith("metrics/") for p in pages) and "roadmap/index.html" in pages
    assert any(p.startswith("dashboards/plan/") for p in pages)
    for page, svg in charts:
        root = ET.fromstring(svg)
        assert root.get("role") == "img", page
        title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
        assert title is not None and title.text and desc is not None and desc.text, page
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}", page
    ids = [m for _p, svg in charts for m in re.findall(r'<title id="([^"]+)"', svg)]
    per_page: dict[str, list[str]] = {}
    for (page, svg) in charts:
        per_page.setdefault(page, []).extend(re.findall(r' id="([^"]+)"', svg))
    assert all(len(v) == len(set(v)) for v in per_page.values()), "duplicate ids inside a page"
    assert ids


def test_metric_page_shows_status_rule_chart_and_table(built_site):
    html = (built_site / "metrics" / "stp-prev-m-smoking-at-time-of-delivery" / "index.html").read_text("utf-8")
    assert 'pa-s-at-risk' in html and "How this status is worked out" in html
    assert S.RULE_STEPS[0][:40] in html
    assert "Worse than England" in html and "worked out from the values" in html
    assert "The chart as a table" in html and "Target 6%" in html and "England 10.4%" in html


def test_action_page_says_not_stated_and_lists_what_is_at_risk(built_site):
    html = (built_site / "actions" / "jfp-a-mental-health-2" / "index.html").read_text("utf-8")
    assert "What is at risk if this slips" in html
    risk = html.split("What is at risk if this slips", 1)[1]
    assert risk.index("jfp-a-mental-health-3/") < risk.index("jfp-a-mental-health-4/")
    assert "icstrat-outcome-2/" in risk and "planatlas impact jfp-a-mental-health-2" in risk
    no_status = next(p for p in sorted((built_site / "actions").iterdir())
                     if p.is_dir() and "status:" not in _record_yaml(p.name))
    assert "Not stated" in (no_status / "index.html").read_text("utf-8")


def _record_yaml(rid: str) -> str:
    path = Path(__file__).resolve().parents[1] / "graph" / "data" / "action" / f"{rid}.yaml"
    return path.read_text("utf-8") if path.exists() else "status:"


def test_fixture_dashboards_list_expected_metrics(fixture_site):
    plan = (fixture_site / "dashboards" / "plan" / "demo-plan" / "index.html").read_text("utf-8")
    outcome = (fixture_site / "dashboards" / "outcome" / "demo-outcome-1" / "index.html").read_text("utf-8")
    owner = (fixture_site / "dashboards" / "owner" / "demo-lmns" / "index.html").read_text("utf-8")
    for html in (plan, outcome, owner):
        assert "metrics/demo-m-smoking/" in html.split('id="actions-by-status-and-horizon"')[0]
    assert "demo-m-smoking" not in (fixture_site / "dashboards" / "outcome" / "demo-outcome-2" /
                                    "index.html").read_text("utf-8")
    # every count in the action grid links to a list on the same page that holds that many actions
    for m in re.finditer(r'<a href="#(actions-[a-z-]+)">(\d+)</a>', plan):
        section = plan.split(f'id="{m.group(1)}"', 1)[1]
        items = section.split("<ul", 1)[1].split("</ul>", 1)[0].count("<li>")
        if m.group(1).count("-") >= 2 and not m.group(1).endswith(("-stated", "-progress")):
            assert items == int(m.group(2)), m.group(1)


def test_dashboards_select_by_plan_outcome_and_owner(fixture_site):
    """The same selection in Python: which metrics each dashboard lists on the fixture graph."""
    from planatlas.sitegen.build import load_valid
    ctx = load_valid(Path(__file__).parent / "fixtures" / "sitegraph")
    pm = PageMaker(ctx, build_views(ctx.records))
    got = {(s.kind, s.id): sorted(m.id for m in s.metrics) for s in scopes(pm)}
    assert got[("plan", "demo-plan")] == ["demo-m-smoking"]
    assert got[("outcome", "demo-outcome-1")] == ["demo-m-smoking"]
    assert got[("owner", "demo-lmns")] == ["demo-m-smoking"]
    assert got.get(("outcome", "demo-outcome-2"), []) == []


def test_home_page_has_the_system_summary(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    assert "Are we on track?" in html and "dashboards/system/#metrics-no-data" in html


def test_plan_health_links_every_item(built_site):
    html = (built_site / "plan-health" / "index.html").read_text("utf-8")
    for key in ("objective-no-metric", "action-no-status", "metric-no-target", "review-note"):
        assert f'id="{key}"' in html
    body = html.split('id="objective-no-action"', 1)[1]
    assert body.count('href="../actions/') > 100


def test_chart_text_is_escaped():
    obs = [S.Obs(0, "actual", S.Decimal("5"), '%"><script>alert(1)</script>', area="x")]
    chart = metric_charts('</title><script>alert(2)</script>', obs, None, lambda a: "<b>area</b>", "c")[0]
    root = ET.fromstring(str(chart.svg))
    assert "<script>" not in str(chart.svg) and root.find(f"{NS}script") is None
    assert "alert(2)" in root.find(f"{NS}title").text


@pytest.mark.parametrize("value", ["-3", "0", "1200000"])
def test_chart_handles_negative_zero_and_large_values(value):
    obs = [S.Obs(0, "actual", S.Decimal(value), "people"), S.Obs(1, "target", S.Decimal("10"), "people")]
    ET.fromstring(str(metric_charts("t", obs, obs[1], str, "c")[0].svg))
