"""The Query page in headless Chromium: SPARQL typed into the page runs on Oxigraph (WASM) over the
site's own N-Triples download, with the site served under a sub-path from a plain static server."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import REPO
from planatlas import dataset, sparql
from planatlas.querypages import load_questions

pytestmark = pytest.mark.browser
QUESTIONS = {q.name: q for q in load_questions(REPO / "graph" / "queries")}
CCGS = "SELECT ?ccg ?name WHERE { ?ccg org:classification organisation-kind:ccg ; skos:prefLabel ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def query_url(built_site, serve_dir, tmp_path_factory) -> str:
    """The built site at http://127.0.0.1:<port>/deep/sub/path/ (a sub-path, as on a project host)."""
    root = tmp_path_factory.mktemp("host")
    (root / "deep" / "sub").mkdir(parents=True)
    os.symlink(built_site, root / "deep" / "sub" / "path")
    return serve_dir(root) + "deep/sub/path/query/"


def ready(watch, url: str):
    page = watch.page
    page.wait_for_selector("#pa-query[data-state=ready], #pa-query[data-state=done], #pa-query[data-state=failed]",
                           timeout=60_000)
    assert page.get_attribute("#pa-query", "data-state") != "failed", page.inner_text("#pa-query-status")
    return page


def run(page, query: str) -> None:
    page.fill("#pa-query-text", query)
    page.evaluate("document.getElementById('pa-query').dataset.state = 'running'")
    page.click("#pa-query-run")
    page.wait_for_selector("#pa-query[data-state=done], #pa-query[data-state=error]", timeout=30_000)


def table(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#pa-query-results tbody tr", "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")


def test_typed_query_returns_the_expected_rows(open_page, query_url, shipped):
    watch = open_page(query_url)
    page = ready(watch, query_url)
    run(page, CCGS)
    expected = dataset.engine_for(shipped).run(CCGS)
    assert expected.rows, "the shipped graph has CCGs"
    rows = table(page)
    labels = {r.id: r.label for r in shipped.records.of_type("organisation")}
    assert rows == [[labels[row["ccg"].value.rsplit("/", 1)[-1]], row["name"].value] for row in expected.rows]
    n = len(expected.rows)
    assert page.inner_text("#pa-query-status").startswith(f"{n} row{'s' if n != 1 else ''} in ")
    assert page.is_hidden("#pa-query-error")
    # Record IRIs link to the record pages, relative to the page, and those pages exist.
    hrefs = page.eval_on_selector_all("#pa-query-results tbody a", "as => as.map(a => a.getAttribute('href'))")
    first = expected.rows[0]["ccg"].value.rsplit("/", 1)[-1]
    assert hrefs[0] == f"../organisations/{first}/"
    response = page.request.get(page.eval_on_selector("#pa-query-results tbody a", "a => a.href"))
    assert response.status == 200 and "/deep/sub/path/organisations/" in response.url
    assert not watch.errors and not watch.external


def test_broken_query_shows_a_readable_error(open_page, query_url):
    watch = open_page(query_url)
    page = ready(watch, query_url)
    run(page, "SELECT ?s\nWHERE { ?s nope:p ?o }")
    assert page.get_attribute("#pa-query", "data-state") == "error"
    error = page.inner_text("#pa-query-error")
    assert error.startswith("line 2, column 12: unknown prefix 'nope:'"), error
    assert table(page) == []
    run(page, "SELECT *\nWHERE { ?s ?p ?o }\nLIMIT x")
    assert page.inner_text("#pa-query-error").startswith("line 3, column 7: syntax error near 'x'")


@pytest.mark.parametrize("name", ["what-each-ccg-became", "action-dependencies"])
def test_answered_question_loads_from_the_address_and_matches_the_build(open_page, query_url, shipped, name):
    watch = open_page(f"{query_url}?question={name}")
    page = ready(watch, query_url)
    page.wait_for_selector("#pa-query[data-state=done]", timeout=30_000)
    assert page.input_value("#pa-query-text") == QUESTIONS[name].query
    assert page.input_value("#pa-query-example") == name
    assert len(table(page)) == len(dataset.engine_for(shipped).run(QUESTIONS[name].query).rows)


def test_examples_menu_loads_and_runs_a_question(open_page, query_url, shipped):
    watch = open_page(query_url)
    page = ready(watch, query_url)
    page.select_option("#pa-query-example", "plan-sizes")
    page.wait_for_selector("#pa-query[data-state=done]", timeout=30_000)
    rows = table(page)
    assert len(rows) == len(shipped.records.of_type("plan"))
    assert page.eval_on_selector_all("#pa-query-example option", "os => os.length") == len(QUESTIONS) + 1
