"""Every command, fed a table of broken inputs, exits 0, 1 or 2 with 'Error: ...' or diagnostics:
never a traceback. Each row names the exit code it must give."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from helpers import small_graph, write_record
from planatlas.cli import main

SRC = "sources:\n  - document: src-test\n    section: Intro\n"


def _missing(tmp: Path) -> Path:
    return tmp / "no-graph"


def _no_data(tmp: Path) -> Path:
    (tmp / "graph").mkdir()
    return tmp / "graph"


def _bad_settings(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "planatlas.yaml").write_text("base_iri:\n  - https://x.org/\n", encoding="utf-8")
    return g


def _binary_settings(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "planatlas.yaml").write_bytes(b"\xff\xfe\x00")
    return g


def _invalid_record(tmp: Path) -> Path:
    g = small_graph(tmp)
    write_record(g, "organisation", "bad", "name: [x\n")
    return g


def _deep(tmp: Path) -> Path:
    g = small_graph(tmp)
    write_record(g, "organisation", "deep", "name: " + "{a: " * 3000 + "x" + "}" * 3000 + "\n")
    return g


def _surrogate(tmp: Path) -> Path:
    g = small_graph(tmp)
    write_record(g, "organisation", "sur", 'name: "\\uD800"\nkind: icb\n' + SRC)
    return g


def _not_utf8(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "data" / "organisation" / "latin.yaml").write_bytes(b"id: latin\nname: Caf\xe9\n")
    return g


def _huge_number(tmp: Path) -> Path:
    g = small_graph(tmp)
    write_record(g, "organisation", "big", "name: B\nkind: icb\npopulation: " + "1" * 5000 + "\n" + SRC)
    return g


def _retired_binary(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "retired-ids.txt").write_bytes(b"\xff\n")
    return g


def _dir_named_yaml(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "data" / "organisation" / "folder.yaml").mkdir()
    return g


def _unreadable_link(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "data" / "organisation" / "dangling.yaml").symlink_to(tmp / "nowhere.yaml")
    return g


def _bad_query_file(tmp: Path) -> Path:
    g = small_graph(tmp)
    (g / "queries").mkdir()
    (g / "queries" / "q.rq").write_text("# title: Q\n# description: D\nSELECT {\n", encoding="utf-8")
    return g


GRAPHS: dict[str, tuple[Callable[[Path], Path], int]] = {
    # name: (make graph, exit code of validate/stats/export/build)
    "missing": (_missing, 2), "no-data": (_no_data, 2), "bad-settings": (_bad_settings, 2),
    "binary-settings": (_binary_settings, 2), "invalid-record": (_invalid_record, 1), "deep": (_deep, 1),
    "surrogate": (_surrogate, 1), "not-utf8": (_not_utf8, 1), "huge-number": (_huge_number, 1),
    "retired-binary": (_retired_binary, 1), "dir-named-yaml": (_dir_named_yaml, 0),
    "dangling-link": (_unreadable_link, 1),
}


def check(result, expected: int) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"uncaught {result.exception!r}"
    assert "Traceback" not in result.output
    assert result.exit_code == expected, result.output[-2000:]
    if expected == 2:
        assert result.output.startswith("Error: ") or "\nError: " in result.output, result.output


def invoke(args: list[str]):
    return CliRunner().invoke(main, args)


GRAPH_COMMANDS = ["validate", "stats", "export", "build", "publish", "fmt", "serve"]
# serve on a valid graph would start a server: that pair is left out.
PAIRS = [(c, n) for c in GRAPH_COMMANDS for n in sorted(GRAPHS) if not (c == "serve" and GRAPHS[n][1] == 0)]


@pytest.mark.parametrize("command,name", PAIRS)
def test_graph_commands_on_broken_graphs(tmp_path, command, name):
    make, code = GRAPHS[name]
    graph = make(tmp_path)
    args = {"validate": ["validate", str(graph)],
            "stats": ["stats", str(graph)],
            "export": ["export", str(graph), "-o", str(tmp_path / "out.ttl")],
            "build": ["build", str(graph), "--no-mkdocs", "-s", "--docs-dir", str(tmp_path / "docs")],
            "publish": ["publish", str(graph), "--endpoint", "http://127.0.0.1:1/sparql", "-s"],
            "fmt": ["fmt", str(graph), "--check"],
            "serve": ["serve", str(graph), "-s", "--docs-dir", str(tmp_path / "docs"), "--dev-addr", "127.0.0.1:1"],
            }[command]
    expected = code
    if command == "stats" and code == 1:
        expected = 0                       # stats counts what loaded; validate judges it
    if command == "publish" and code == 0:
        expected = 2                       # nothing listens on port 1
    if command == "fmt":
        # fmt reads files as text only: a broken record is 0 (nothing to change) or 1 (would change)
        expected = 2 if name in ("missing", "no-data") else None
    result = invoke(args)
    if expected is None:
        check(result, result.exit_code)
        assert result.exit_code in (0, 1)
    else:
        check(result, expected)


QUERY_CASES = [
    (["query", "SELECT * WHERE { ?s ?p }"], 1),
    (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"], 1),
    (["query", "LOAD <file:///etc/passwd>"], 1),
    (["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], 1),
    (["query", "nope.rq"], 2),
    (["query", "x" * 5000], 1),
    (["query", "a\0b"], 1),
    (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", "ftp://x"], 2),
    (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", "http://127.0.0.1:1/sparql"], 2),
    (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--graph", "/no/such/graph"], 2),
    (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--timeout", "0"], 2),
    (["query", "SELECT (1/0 AS ?x) WHERE {}"], 0),
    (["diff", "--", "--output=/tmp/planatlas-never"], 2),
    (["diff", "no-such-rev"], 2),
    (["diff", "HEAD", "--", "-x"], 2),
    (["new", "organisation", "Bad Id"], 1),
    (["new", "organisation", "ok-id", "--graph", "/no/such"], 1),
    (["new", "organisation", "index"], 1),
    (["new", "nosuchtype", "x"], 2),
    (["export", "--format", "xml"], 2),
    (["validate", "--format", "xml"], 2),
    (["publish"], 2),
    (["nosuchcommand"], 2),
    (["impact", "no-such-action"], 1),
    (["impact", "x", "--graph", "/no/such/graph"], 2),
    (["impact", "x", "--limit", "0"], 2),
    (["impact", "x", "--format", "xml"], 2),
    (["serve", "--dev-addr", "0.0.0.0:99999"], 2),      # was "internal error (OverflowError ...)"
    (["serve", "--dev-addr", "evil.example:80"], 2),    # was MkDocs' configuration error, exit 1
    (["serve", "--dev-addr", "127.0.0.1"], 2),
]


@pytest.mark.parametrize("args,code", QUERY_CASES, ids=[" ".join(a)[:50] for a, _ in QUERY_CASES])
def test_argument_level_failures(tmp_path, monkeypatch, args, code):
    graph = small_graph(tmp_path)
    monkeypatch.chdir(tmp_path)
    if args[0] == "query" and "--graph" not in args:
        args = args + ["--graph", str(graph)]
    check(invoke(args), code)


def test_every_command_is_in_the_tables():
    covered = set(GRAPH_COMMANDS) | {a[0] for a, _ in QUERY_CASES}
    assert set(main.commands) <= covered
