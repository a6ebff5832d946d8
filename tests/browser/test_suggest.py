"""'Suggest a change' in headless Chromium: the form from the JSON Schema, checked in the browser,
and the YAML it writes passes `planatlas validate` and `fmt --check` in a copy of the graph."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner

from planatlas.cli import main
from test_site_pages import run_axe

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sitegraph"
REPO_URL = "https://github.com/kent-medway/planatlas"
DATA_PATH = "tests/fixtures/sitegraph/data"


def graph_with(tmp_path: Path, rel: str, yaml_text: str) -> Path:
    graph = tmp_path / "graph"
    shutil.copytree(FIXTURE, graph)
    (graph / "data" / rel).write_text(yaml_text, encoding="utf-8")
    return graph


def assert_valid(graph: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(graph), "--errors-only"])
    assert result.exit_code == 0, result.output
    fmt = CliRunner().invoke(main, ["fmt", str(graph), "--check"])
    assert fmt.exit_code == 0, fmt.output


def test_suggest_link_is_near_the_top_of_every_record_page(fixture_site):
    for page in sorted(fixture_site.glob("*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="pa-badge pa-t-' not in html:
            continue
        link = html.find('class="pa-suggest-link"')
        assert 0 < link < html.find("<h2"), page
        rtype, rid = html[link:].split("?type=", 1)[1].split('"', 1)[0].split("&amp;id=")
        assert page.parent.name == rid and (fixture_site / "suggest" / "records" / f"{rid}.json").is_file()


def test_action_form_shows_an_error_then_writes_valid_yaml(fixture_site, serve_dir, open_page, artifacts, tmp_path):
    base = serve_dir(fixture_site)
    for width in (1280, 375):
        watch = open_page(base + "actions/demo-a-4/", width=width)
        page = watch.page
        page.click("a.pa-suggest-link")
        page.wait_for_selector("form.pa-form")
        assert page.input_value('[data-field="title"] input') == "Review housing adaptations"  # pre-filled
        page.fill('[data-field="owners"] input', "demo-councl")
        page.select_option('[data-field="timescale"] select', "long")
        page.click("text=Check my change")
        error = page.locator('[data-field="owners"] .pa-error')
        assert error.is_visible()
        assert error.inner_text().startswith("No organisation, board or partnership has the id 'demo-councl': "
                                             "did you mean 'demo-council'?")
        assert page.locator(".pa-error-summary").is_visible()
        assert page.locator('[data-field="owners"] input').get_attribute("aria-invalid") == "true"
        assert not page.locator("#pa-yaml").count()
        serious = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
        assert not serious, serious
        page.locator('.pa-list[data-field="owners"]').scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"suggest-action-error-field-{width}.png"))
        page.screenshot(path=str(artifacts / f"suggest-action-error-{width}.png"), full_page=True)
        page.click("text=Use demo-council")
        page.click("text=Check my change")
        page.wait_for_selector("#pa-yaml")
        yaml_text = page.inner_text("#pa-yaml")
        editor = page.get_attribute("#pa-open-editor", "href")
        issue = page.get_attribute("#pa-open-issue", "href")
        page.screenshot(path=str(artifacts / f"suggest-action-result-{width}.png"), full_page=True)
        assert not watch.errors and not watch.external, (watch.errors, watch.external)
    assert editor == f"{REPO_URL}/edit/main/{DATA_PATH}/action/demo-a-4.yaml"
    query = parse_qs(urlsplit(issue).query)
    assert issue.startswith(f"{REPO_URL}/issues/new?")
    assert query["title"] == ["Suggested change to action demo-a-4"] and yaml_text in query["body"][0]
    graph = graph_with(tmp_path, "action/demo-a-4.yaml", yaml_text)
    assert_valid(graph)
    diff = CliRunner().invoke(main, ["diff", str(FIXTURE), str(graph)])
    assert diff.output.splitlines()[0] == "Plan changes: 1 action changed."
    assert "timescale: Ongoing → Long term (3-5 years+)" in diff.output and "owner" not in diff.output


def test_unchanged_record_round_trips_to_the_same_meaning(fixture_site, serve_dir, open_page, tmp_path):
    """Records with multi-line text and nested observations come back equal (no change in the diff)."""
    base = serve_dir(fixture_site)
    for rel, url in (("action/demo-a-1.yaml", "suggest/?type=action&id=demo-a-1"),
                     ("metric/demo-m-smoking.yaml", "suggest/?type=metric&id=demo-m-smoking")):
        page = open_page(base + url).page
        page.wait_for_selector("form.pa-form")
        page.click("text=Check my change")
        page.wait_for_selector("#pa-yaml")
        graph = graph_with(tmp_path / rel.split("/")[0], rel, page.inner_text("#pa-yaml"))
        assert_valid(graph)
        diff = CliRunner().invoke(main, ["diff", str(FIXTURE), str(graph)])
        assert diff.output == "No change to the plan.\n", diff.output


def test_new_metric_form_checks_each_rule_and_prefills_the_new_file(fixture_site, serve_dir, open_page, tmp_path,
                                                                   artifacts):
    base = serve_dir(fixture_site)
    watch = open_page(base + "suggest/")
    page = watch.page
    page.click("text=New metric")
    page.wait_for_selector("form.pa-form")
    page.fill('[data-field="id"] input', "Demo M New")
    page.fill('[data-field="title"] input', "Smoking <b>rate</b>")
    page.click("text=Add an observation")
    obs = '[data-field="observations"] '
    page.select_option(obs + '[data-field="observations.kind"] select', "target")
    page.fill(obs + '[data-field="observations.value"] input', "5,5%")
    page.fill(obs + '[data-field="observations.unit"] input', "%")
    page.fill(obs + '[data-field="observations.date"] input', "March 2025")
    page.fill('[data-field="sources"] [data-field="sources.document"] input', "src-dem")
    page.click("text=Check my change")
    errors = page.locator(".pa-error-summary li").all_inner_texts()
    joined = "\n".join(errors)
    assert "The id 'Demo M New' is not a valid id" in joined
    assert "'title' contains HTML markup" in joined
    assert "'value' must be a number in plain digits, got '5,5%'" in joined
    assert "'date' must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got 'March 2025'" in joined
    assert "No source has the id 'src-dem': did you mean 'src-demo'?" in joined
    assert "Give 'section' for each source: it is required." in joined
    page.screenshot(path=str(artifacts / "suggest-new-metric-errors-1280.png"), full_page=True)
    page.fill('[data-field="id"] input', "demo-m-smoking")
    page.click("text=Check my change")
    assert "The id 'demo-m-smoking' is already used by metric" in page.inner_text(".pa-error-summary")
    page.fill('[data-field="id"] input', "demo-m-new")
    page.fill('[data-field="title"] input', "Smoking rate: all adults")
    page.fill('[data-field="definition"] textarea', "Adults who smoke.\n\n- from the survey\n- *weighted*")
    page.fill(obs + '[data-field="observations.value"] input', "5.5")
    page.fill(obs + '[data-field="observations.date"] input', "2025-03")
    page.fill('[data-field="sources"] [data-field="sources.document"] input', "src-demo")
    page.fill('[data-field="sources"] [data-field="sources.section"] input', "Chapter 2: # of smokers")
    page.click("text=Check my change")
    page.wait_for_selector("#pa-yaml")
    yaml_text = page.inner_text("#pa-yaml")
    new = urlsplit(page.get_attribute("#pa-open-editor", "href"))
    assert f"{new.scheme}://{new.netloc}{new.path}" == f"{REPO_URL}/new/main/{DATA_PATH}/metric"
    query = parse_qs(new.query)
    assert query["filename"] == ["demo-m-new.yaml"] and query["value"] == [yaml_text]
    assert not watch.errors and not watch.external
    graph = graph_with(tmp_path, "metric/demo-m-new.yaml", yaml_text)
    assert_valid(graph)
    diff = CliRunner().invoke(main, ["diff", str(FIXTURE), str(graph)])
    assert diff.output.startswith("Plan changes: 1 metric added.")


def test_every_type_has_a_new_record_form_that_reports_missing_fields(fixture_site, serve_dir, open_page):
    from planatlas import model
    base = serve_dir(fixture_site)
    watch = open_page(base + "suggest/")
    page = watch.page
    for rtype in model.RECORD_TYPES:
        page.goto(base + f"suggest/?type={rtype}", wait_until="load")   # the form is drawn: no 0.5 s idle wait
        page.wait_for_selector("form.pa-form")
        page.click("text=Check my change")
        problems = page.locator(".pa-error-summary li").all_inner_texts()
        required = [f for f in model.RECORD_TYPES[rtype].required if f != "type"]
        assert len(problems) >= len(required), (rtype, problems)
        assert "Give 'id': it is required." in problems, rtype
    watch.settle()
    assert not watch.errors and not watch.external, (watch.errors, watch.external)
