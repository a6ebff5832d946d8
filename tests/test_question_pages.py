"""Answer first: a question page shows the answer (headings in words), then the query; its CSV download
puts the label a reader sees beside every IRI."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import small_graph
from planatlas.sitegen.querypages import projected, total_order
from planatlas.sitegen.escaping import csv_cell
from planatlas.pipeline import load
from planatlas.sitegen.querypages import heading, load_questions, query_pages

QUESTION = """# title: Who owns which action, and on what horizon?
# description: Each action with its owner and its planning horizon, from the small test graph, to check
#   how pages and downloads present IRIs, concepts and text.
# columns: Action, Owner, Horizon, Title
SELECT ?action ?owner ?timescale ?title WHERE {
  ?action a pa:Action ; pa:ownedBy ?owner ; pa:timescale ?timescale ; dcterms:title ?title }
"""
NO_COLUMNS = """# title: What does each action say it is due?
# description: The due date as worded and the action, with no columns line, so headings come from the
#   variable names.
SELECT ?action ?dueText ?ownedActions WHERE { ?action a pa:Action OPTIONAL { ?action pa:dueText ?dueText } }
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    g = small_graph(tmp_path_factory.mktemp("g"))
    (g / "queries").mkdir()
    (g / "queries" / "owners.rq").write_text(QUESTION, encoding="utf-8")
    (g / "queries" / "due.rq").write_text(NO_COLUMNS, encoding="utf-8")
    (g / "data" / "action" / "test-action-1.yaml").write_text(
        (g / "data" / "action" / "test-action-1.yaml").read_text(encoding="utf-8").replace(
            "title: Implement the maternity plan", "title: =HYPERLINK(\"x\") plan"), encoding="utf-8")
    ctx = load(g, shacl=False)
    out = tmp_path_factory.mktemp("docs")
    for rel, content in query_pages(ctx).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return out


@pytest.mark.parametrize("variable, words", [
    ("dueText", "Due (as written)"), ("ownedActions", "Owned actions"), ("hasCurrentValue", "Has current value"),
    ("ccg", "CCG"), ("statusDate", "Status date"), ("populationText", "Population (as written)"),
    ("item", "Item")])
def test_headings_in_words_from_variable_names(variable, words):
    assert heading(variable) == words


def test_columns_line_is_read_and_not_part_of_the_description(docs, tmp_path):
    (tmp_path / "q.rq").write_text(QUESTION, encoding="utf-8")
    q = load_questions(tmp_path)[0]
    assert q.columns == ("Action", "Owner", "Horizon", "Title")
    assert "columns" not in q.description and "Action, Owner" not in q.description


def test_answer_comes_before_the_query(docs):
    page = (docs / "questions" / "owners.md").read_text(encoding="utf-8")
    assert page.index("## The answer") < page.index("<table>") < page.index("## The query") < page.index("SELECT")
    heads = re.findall(r'<th title="\?(\w+)">([^<]*)</th>', page)
    assert heads == [("action", "Action"), ("owner", "Owner"), ("timescale", "Horizon"), ("title", "Title")]
    assert '<a href="../owners.csv" download>' in page


def test_headings_derived_without_columns_line(docs):
    page = (docs / "questions" / "due.md").read_text(encoding="utf-8")
    assert [h for _v, h in re.findall(r'<th title="\?(\w+)">([^<]*)</th>', page)] == [
        "Action", "Due (as written)", "Owned actions"]


def test_csv_has_labels_beside_iris_and_is_spreadsheet_safe(docs):
    rows = list(csv.reader(io.StringIO((docs / "questions" / "owners.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["Action", "Action (IRI)", "Owner", "Owner (IRI)", "Horizon", "Horizon (IRI)", "Title"]
    body = {r[1].rsplit("/", 1)[-1]: r for r in rows[1:]}
    first = body["test-action-1"]
    assert first[0] == "'=HYPERLINK(\"x\") plan"                      # the label, guarded
    assert first[2:4] == ["Test NHS Trust", "https://plan.example.org/id/organisation/test-trust"]
    assert first[4:6] == ["Short term (less than 1 year)", "https://plan.example.org/def/concept/timescale/short"]


RESULTS_JS = Path(__file__).resolve().parents[1] / "site_src" / "assets" / "query" / "results.js"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_query_page_headings_and_csv_cells_match_the_build():
    """The Query page (results.js) words headings and guards CSV cells exactly as the build does."""
    variables = ["dueText", "ownedActions", "hasCurrentValue", "ccg", "statusDate", "ICBName", "x2", "item"]
    cells = ["=1+1", "-5", "-x", "plain", "@SUM(A1)", " =x", "a\tb", "\ufeff=x", 'quote "me"']
    script = (f"import {{ heading, csvCell }} from {json.dumps(RESULTS_JS.as_uri())};\n"
              f"process.stdout.write(JSON.stringify([{json.dumps(variables)}.map(heading), "
              f"{json.dumps(cells)}.map(csvCell)]));")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    js_headings, js_cells = json.loads(out)
    assert js_headings == [heading(v) for v in variables]
    python_cells = []
    for c in cells:
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="").writerow([csv_cell(c)])
        python_cells.append(buf.getvalue())
    assert js_cells == python_cells


def test_total_order_breaks_ties_with_every_projected_variable():
    """Oxigraph may return rows that tie on ORDER BY in another order in another process; the build
    adds every projected variable after the query's own keys so the pages are byte-identical."""
    assert total_order("SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY ?a\n", ["a", "b"]) == \
        "SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY ?a ?a ?b\n"
    assert total_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?b) LIMIT 5", ["a"]) == \
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?b) ?a\nLIMIT 5"
    inner = "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a } }"
    assert total_order(inner, ["a"]) == inner                      # only a subquery is ordered
    assert total_order("SELECT ?a WHERE { ?a ?p ?o }", ["a"]) == "SELECT ?a WHERE { ?a ?p ?o }"


def test_projected_variables_are_read_from_the_query_text():
    """So a question runs once: the tie-break needs the projected variables before the run."""
    assert projected("# title: x\nSELECT DISTINCT ?a (COUNT(DISTINCT ?b) AS ?n)\nWHERE { ?a ?p ?b }") == ["a", "n"]
    assert projected("SELECT (CONCAT(STR(?x), \" \") AS ?y) ?z WHERE {}") == ["y", "z"]
    assert projected("SELECT * WHERE { ?s ?p ?o }") is None
    assert projected("ASK { ?s ?p ?o }") is None
