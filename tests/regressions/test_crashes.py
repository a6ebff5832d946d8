"""Inputs that used to crash with a traceback: now one clear line and exit 1 (invalid) or 2 (cannot run)."""
from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from helpers import link_project, small_graph, write_record
from planatlas.cli import main

ORG_TAIL = "kind: icb\nsources:\n  - document: src-test\n    section: Intro\n"


def run(args, cwd=None):
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def test_deep_nesting(tmp_path):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "deep", "name: " + "[" * 5000 + "]" * 5000 + "\n" + ORG_TAIL)
    result = run(["validate", str(graph), "--no-shacl"])
    assert result.exit_code == 1
    assert "error[yaml-syntax] YAML syntax error: nesting deeper than 20 levels" in result.output


@pytest.mark.parametrize("body,message", [
    ('name: "Org \\uD800"\n' + ORG_TAIL, "error[invalid-character] a lone surrogate U+D800 (not a character)"),
    ('"\\uDC00name": Org\nname: Org\n' + ORG_TAIL, "error[invalid-character] a lone surrogate U+DC00"),
])
def test_lone_surrogates_in_values_and_keys(tmp_path, body, message):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "surrogate", body)
    for fmt in ("text", "json", "github"):
        result = run(["validate", str(graph), "--no-shacl", "--format", fmt])
        assert result.exit_code == 1
    assert message in run(["validate", str(graph), "--no-shacl"]).output
    assert run(["build", str(graph), "--no-mkdocs", "-s"]).exit_code == 1


def test_a_5000_digit_number(tmp_path):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "big", "name: Big\npopulation: " + "9" * 5000 + "\n" + ORG_TAIL)
    result = run(["validate", str(graph), "--no-shacl"])
    assert result.exit_code == 1
    assert "error[number-too-large] 'population' has 5,000 digits; at most 30 are allowed" in result.output


def test_retired_ids_not_utf8(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "retired-ids.txt").write_bytes(b"old-id\n\xff\xfe bad\n")
    result = run(["validate", str(graph), "--no-shacl"])
    assert result.exit_code == 1
    assert "retired-ids.txt:2:1: error[encoding] the file is not valid UTF-8 (save it as UTF-8)" in result.output
    result = run(["new", "organisation", "fresh-org", "--graph", str(graph)])
    assert result.exit_code == 1 and "retired-ids.txt:2: the file is not valid UTF-8" in result.output


def test_a_mapping_where_settings_expect_text(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text("base_iri:\n  a: b\n", encoding="utf-8")
    result = run(["stats", str(graph)])
    assert result.exit_code == 2
    assert result.output.endswith("planatlas.yaml:2:3: error[bad-setting] 'base_iri' must be text, not a mapping\n")


BUILD_ERRORS = "Error: the graph has 1 error(s); run 'planatlas validate' for details\n"


@pytest.mark.parametrize("body,detail", [
    ("SELECT * WHERE { ?s ?p }", "broken.rq:4:1: error[sparql] syntax error"),
    ("SELECT * WHERE { ?s nope:p ?o }", "broken.rq:3:21: error[sparql] unknown prefix 'nope:'"),
])
def test_a_malformed_answered_question_names_its_file(tmp_path, monkeypatch, body, detail):
    graph = small_graph(tmp_path)
    (graph / "queries").mkdir()
    (graph / "queries" / "broken.rq").write_text(f"# title: Broken\n# description: Broken.\n{body}\n",
                                                 encoding="utf-8")
    monkeypatch.chdir(link_project(tmp_path))   # a project: mkdocs.yml, site_src/, node_modules/
    result = run(["build", "--no-mkdocs", "-s"])
    assert result.exit_code == 1
    assert result.output.startswith(f"{BUILD_ERRORS}graph/queries/{detail}"), result.output
    check = run(["validate"])                     # the pull request's check says so first
    assert check.exit_code == 1 and f"graph/queries/{detail}" in check.output


def test_a_question_file_that_is_not_utf8(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    (graph / "queries").mkdir()
    (graph / "queries" / "latin1.rq").write_bytes(b"# title: Caf\xe9\n# description: x\nSELECT * {}\n")
    monkeypatch.chdir(link_project(tmp_path))   # a project: mkdocs.yml, site_src/, node_modules/
    result = run(["build", "--no-mkdocs", "-s"])
    assert result.exit_code == 1
    assert result.output == (f"{BUILD_ERRORS}graph/queries/latin1.rq:1:1: error[encoding] the file is not valid UTF-8 "
                             "(save it as UTF-8)\n")


CROSS_SORTED = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?x ?y ?z LIMIT 1"
CROSS_STREAM = "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


def cli(args, cwd, timeout=60):
    """The real command in its own process: an abandoned query thread dies with it."""
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "planatlas.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    return done, time.monotonic() - t0


def test_a_cross_join_stops_at_the_time_limit(tmp_path):
    graph = small_graph(tmp_path)
    done, seconds = cli(["query", CROSS_SORTED, "--graph", str(graph), "--timeout", "1"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ("Error: the query ran longer than 1 s and was stopped "
                           "(narrow it, or raise --timeout / query_timeout)\n")
    assert seconds < 30


def test_a_streaming_cross_join_stops_at_the_row_cap(tmp_path):
    graph = small_graph(tmp_path)
    done, _seconds = cli(["query", CROSS_STREAM, "--graph", str(graph), "--max-rows", "1000"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ("Error: the query returned more than 1,000 rows and was stopped "
                           "(add LIMIT, or raise --max-rows / query_max_rows)\n")


def test_the_time_limit_comes_from_the_settings_too(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text("query_timeout: 1\n", encoding="utf-8")
    done, _seconds = cli(["query", CROSS_SORTED, "--graph", str(graph)], tmp_path)
    assert done.returncode == 1 and "longer than 1 s" in done.stderr


class Reply(http.server.BaseHTTPRequestHandler):
    body = b"{}"

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("body", [{"head": {"vars": ["s"]}}, {"results": {"bindings": []}},
                                  {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"value": "x"}}]}},
                                  {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri"}}]}},
                                  [1, 2], "text"])
def test_an_endpoint_reply_missing_a_field(body):
    handler = type("H", (Reply,), {"body": json.dumps(body).encode()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        result = run(["query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url])
    finally:
        server.shutdown()
    assert result.exit_code == 2
    assert result.output.startswith("Error: the server") and result.output.count("\n") == 1, result.output


def test_export_into_a_missing_folder(tmp_path):
    graph = small_graph(tmp_path)
    target = tmp_path / "no" / "such" / "out.ttl"
    result = run(["export", str(graph), "-o", str(target)])
    assert result.exit_code == 2
    assert result.output == f"Error: cannot write '{target}': the folder '{target.parent}' does not exist\n"


@pytest.mark.parametrize("length", [255, 256, 300, 5000])
def test_a_long_inline_query_is_query_text_not_a_path(tmp_path, length):
    graph = small_graph(tmp_path)
    head = "SELECT ?s WHERE { ?s a pa:Plan } "
    query = head + "#" * (length - len(head))
    result = run(["query", query, "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    assert "test-plan" in result.output


def test_odd_text_is_not_looked_up_as_a_file(tmp_path):
    graph = small_graph(tmp_path)
    for odd in ("a\0b.rq", "x" * 300 + ".rq", "/" * 5000):
        result = run(["query", odd, "--graph", str(graph)])
        assert result.exit_code in (1, 2) and result.output.startswith("Error: ") and \
            result.output.count("\n") <= 3, result.output


# Deep nesting: Oxigraph's parser recurses, and 10,000 '{' ended the process (segmentation fault, 139).
DEEP = "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000
DEEP_MESSAGE = ("the query nests brackets {n} deep; the limit is 256 (write the groups one after another, "
                "not one inside another)")


@pytest.mark.parametrize("query,n", [
    (DEEP, "10,000"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "5,002"),
    ("SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "?o" + " ]" * 3000 + " }", "3,001"),
])
def test_deeply_nested_queries_are_refused_not_crashed(tmp_path, query, n):
    graph = small_graph(tmp_path)
    (tmp_path / "deep.rq").write_text(query, encoding="utf-8")
    done, _seconds = cli(["query", "deep.rq", "--graph", str(graph)], tmp_path)
    assert done.returncode == 1, (done.returncode, done.stderr[-300:])
    assert done.stderr == "Error: " + DEEP_MESSAGE.format(n=n) + "\n"


def test_brackets_in_strings_iris_and_comments_do_not_count(tmp_path):
    graph = small_graph(tmp_path)
    query = ("SELECT ?s WHERE { ?s ?p ?o # " + "{" * 600 + "\n FILTER(?o != '" + "[" * 600 + "' && ?o != <urn:x#"
             + "(" * 600 + ">) } LIMIT 1")
    done, _seconds = cli(["query", query, "--graph", str(graph)], tmp_path)
    assert done.returncode == 0, done.stderr


def test_a_deep_answered_question_fails_the_build_naming_its_file(tmp_path):
    graph = small_graph(tmp_path)
    link_project(tmp_path)
    (graph / "queries").mkdir()
    (graph / "queries" / "deep.rq").write_text("# title: Deep\n# description: D\n" + DEEP, encoding="utf-8")
    done, _seconds = cli(["build", str(graph), "--no-mkdocs", "-s", "--docs-dir", str(tmp_path / "docs")], tmp_path,
                         timeout=120)
    assert done.returncode == 1, done.stderr[-300:]
    assert "deep.rq:1:1: error[sparql] " + DEEP_MESSAGE.format(n="10,000") in done.stderr, done.stderr[-300:]
