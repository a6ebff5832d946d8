"""`planatlas query`: formats, query files, readable errors and exit codes (0, 1 bad query, 2 cannot run)."""
from __future__ import annotations

import csv
import io
import json
import socket

from click.testing import CliRunner

from helpers import REPO, small_graph
from planatlas.cli import main

Q = "SELECT ?id ?title WHERE { ?p a pa:Plan ; dcterms:identifier ?id ; dcterms:title ?title }"


def run(*args: str):
    return CliRunner().invoke(main, ["query", *args])


def test_table_is_the_default(tmp_path):
    g = small_graph(tmp_path)
    result = run(Q, "--graph", str(g))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "|", "title"]
    assert lines[2].split("|")[0].strip() == "test-plan"
    assert lines[-1] == "(1 row)"


def test_csv_tsv_json(tmp_path):
    g = small_graph(tmp_path)
    out = run(Q, "--graph", str(g), "--format", "csv").output
    assert list(csv.reader(io.StringIO(out))) == [["id", "title"], ["test-plan", "Test plan"]]
    out = run(Q, "--graph", str(g), "--format", "tsv").output
    assert out == '?id\t?title\n"test-plan"\t"Test plan"\n'
    data = json.loads(run(Q, "--graph", str(g), "--format", "json").output)
    assert data["results"]["bindings"] == [{"id": {"type": "literal", "value": "test-plan"},
                                            "title": {"type": "literal", "value": "Test plan"}}]


def test_query_file_from_graph_queries():
    result = run(str(REPO / "graph" / "queries" / "what-each-ccg-became.rq"), "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.output)))
    assert header == ["ccg", "step", "change", "date", "became"]
    assert rows and all(r[0].startswith("https://plan.example.org/id/organisation/") for r in rows)


def test_bad_query_exits_1_with_line_and_column_and_no_traceback(tmp_path):
    g = small_graph(tmp_path)
    result = run("SELECT *\nWHERE { ?s nope:p ?o }", "--graph", str(g))
    assert result.exit_code == 1
    assert result.output.startswith("Error: line 2, column 12: unknown prefix 'nope:'")
    assert "Traceback" not in result.output


def test_bad_query_file_reports_its_line(tmp_path):
    g = small_graph(tmp_path)
    rq = tmp_path / "broken.rq"
    rq.write_text("# a comment\nSELECT *\nWHERE { ?s ?p ?o }\nLIMIT x\n", encoding="utf-8")
    result = run(str(rq), "--graph", str(g))
    assert result.exit_code == 1
    assert result.output.startswith("Error: line 4, column 7: ")


def test_missing_query_file_exits_2(tmp_path):
    result = run(str(tmp_path / "nope.rq"), "--graph", str(small_graph(tmp_path)))
    assert result.exit_code == 2
    assert "cannot read query file" in result.output


def test_missing_graph_exits_2(tmp_path):
    result = run(Q, "--graph", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_unreachable_endpoint_exits_2():
    with socket.socket() as s:     # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run(Q, "--endpoint", f"http://127.0.0.1:{port}/sparql")
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot reach http://127.0.0.1:{port}/sparql")


def test_bad_query_is_caught_before_contacting_the_endpoint():
    result = run("SELECT * WHERE { ?s ?p }", "--endpoint", "http://127.0.0.1:9/sparql")
    assert result.exit_code == 1
    assert result.output.startswith("Error: line 1, column ")


def test_publish_to_unreachable_server_exits_2(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(main, ["publish", str(small_graph(tmp_path)), "--endpoint",
                                       f"http://127.0.0.1:{port}/sparql", "--silent"])
    assert result.exit_code == 2
    assert "cannot reach" in result.output
