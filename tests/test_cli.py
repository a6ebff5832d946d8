"""The command line: help, exit codes, and the exact text users see (sqlite-utils style)."""
from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from planatlas import model
from planatlas.cli import main
from helpers import REPO, small_graph, write_record

COMMANDS = sorted(main.commands)


def test_all_commands_exist():
    assert COMMANDS == sorted(["validate", "build", "serve", "query", "export", "stats", "diff", "new",
                               "fmt", "publish", "impact"])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help, f"{command} has no help text"
    assert len(main.commands[command].help.strip()) > 20


def test_missing_graph_dir_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.output == f"Error: graph directory '{tmp_path / 'nope'}' does not exist\n"


def test_graph_without_data_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["stats", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"Error: '{tmp_path}' has no data/ folder of records\n"


def test_bad_settings_exit_2(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text("base_iri: ftp://x\n")
    result = CliRunner().invoke(main, ["validate", str(graph)])
    assert result.exit_code == 2
    assert result.output == (f"Error: {graph / 'planatlas.yaml'}:1:11: error[bad-setting] 'base_iri' must be an "
                             "absolute http(s) IRI ending in '/' or '#', without spaces, e.g. "
                             "https://plan.example.org/id/; got 'ftp://x'\n")


def test_valid_graph_exits_0_and_summarises(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "8 files checked: 0 errors, 0 warnings (valid)"


def test_shacl_soft_rule_is_a_warning_and_still_exits_0(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    write_record(graph, "objective", "lonely-objective",
                 "title: An objective nobody measures\nplan: test-plan\nserves:\n  - test-outcome-1\n"
                 "sources:\n  - document: src-test\n    section: Chapter 1\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 0, result.output
    assert ("graph/data/objective/lonely-objective.yaml:1:1: warning[objective-without-metric] objective "
            "'lonely-objective': This objective has no metric measuring it: add a metric whose 'measures' "
            "lists it.") in result.output.splitlines()


def test_errors_only_hides_warnings(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "spare-org", "name: Spare\nkind: vcse\n"
                 "sources:\n  - document: src-test\n    section: Intro\n")
    monkeypatch.chdir(tmp_path)
    assert "warning[orphan]" in CliRunner().invoke(main, ["validate", "graph"]).output
    assert "warning[" not in CliRunner().invoke(main, ["validate", "graph", "--errors-only"]).output


def test_oversized_file_is_refused_before_parsing(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    big = graph / "data" / "action" / "huge.yaml"
    big.write_text("id: huge\n" + "# padding\n" * 30000)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 1
    assert ("graph/data/action/huge.yaml:1:1: error[file-too-large] file is 300,009 bytes; the limit is "
            "262,144 (split it into smaller records)") in result.output


def test_stats_counts_agree(tmp_path):
    graph = small_graph(tmp_path)
    result = CliRunner().invoke(main, ["stats", str(graph), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["agree"] is True
    counts = {row["type"]: row["records"] for row in data["types"]}
    assert counts["organisation"] == 2 and counts["action"] == 1 and data["observations"] == 1


def test_stats_says_a_record_that_could_not_be_read_is_not_counted(tmp_path):
    """stats counts what loaded (validate judges the rest): a record lost to a YAML error is named on
    standard error, not silently left out of counts that 'agree'."""
    graph = small_graph(tmp_path)
    write_record(graph, "action", "lost", "title: &a [x]\ntext: *a\n" + "a: *a\n" * 11)
    result = CliRunner().invoke(main, ["stats", str(graph), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {row["type"]: row["records"] for row in data["types"]}["action"] == 1
    assert result.stderr.startswith("warning: the graph has 1 error(s) in 1 file(s), first ")
    assert "lost.yaml:" in result.stderr and "is not counted (run 'planatlas validate')" in result.stderr


@pytest.mark.parametrize("fmt,rdf_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_reimports_isomorphic(tmp_path, fmt, rdf_format):
    from planatlas.pipeline import load
    graph = small_graph(tmp_path)
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(main, ["export", str(graph), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = Graph().parse(out, format=rdf_format)
    assert isomorphic(again, load(graph, shacl=False).graph)


def test_export_refuses_invalid_graph(tmp_path):
    graph = small_graph(tmp_path)
    write_record(graph, "action", "broken", "title: x\n")
    result = CliRunner().invoke(main, ["export", str(graph)])
    assert result.exit_code == 1
    assert "Error: the graph has 3 error(s); run 'planatlas validate' for details" in result.output


def test_new_creates_a_record_that_names_what_to_fill_in(tmp_path):
    graph = small_graph(tmp_path)
    result = CliRunner().invoke(main, ["new", "action", "jfp-a-new-1", "--graph", str(graph),
                                       "--title", 'Say "hello"'])
    assert result.exit_code == 0
    text = (graph / "data" / "action" / "jfp-a-new-1.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/action.schema.json\nid: jfp-a-new-1\n")
    assert 'title: "Say \\"hello\\""' in text
    again = CliRunner().invoke(main, ["new", "action", "jfp-a-new-1", "--graph", str(graph)])
    assert again.exit_code == 1
    assert "id 'jfp-a-new-1' is already used by" in again.output
    bad = CliRunner().invoke(main, ["new", "action", "Bad Id", "--graph", str(graph)])
    assert bad.output == ("Error: 'Bad Id' is not a valid id: use lower-case letters, digits and '-' "
                          "(at most 64 characters)\n")


@pytest.mark.parametrize("rtype", sorted(model.RECORD_TYPES))
def test_a_new_records_blanks_are_named_until_filled_in(tmp_path, rtype):
    """Every 'TODO' that `new` writes is a placeholder error naming what to write: as a reference it was
    "'TODO' is not a record id (... e.g. 'todo')", and as text it passed validation."""
    graph = small_graph(tmp_path)
    assert CliRunner().invoke(main, ["new", rtype, "x-new-1", "--graph", str(graph)]).exit_code == 0
    path = graph / "data" / rtype / "x-new-1.yaml"
    blanks = path.read_text(encoding="utf-8").count("TODO")
    result = CliRunner().invoke(main, ["validate", str(graph), "--no-shacl"])
    assert result.exit_code == 1
    mine = [line for line in result.output.splitlines() if "x-new-1.yaml" in line and "error[" in line]
    placeholders = [line for line in mine if "error[placeholder]" in line]
    assert len(placeholders) == blanks and blanks >= 2, result.output
    assert all("that 'planatlas new' wrote (write " in line for line in placeholders)
    assert "e.g. 'todo'" not in result.output


def test_fmt_normalises_and_check_reports(tmp_path):
    graph = small_graph(tmp_path)
    path = graph / "data" / "organisation" / "test-icb.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").replace(b"name: Test", b"name: Cafe\xcc\x81 Test"))
    check = CliRunner().invoke(main, ["fmt", str(graph), "--check"])
    assert check.exit_code == 1
    assert f"would reformat {path}" in check.output
    CliRunner().invoke(main, ["fmt", str(graph)])
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text and "name: Caf\u00e9 Test" in text
    assert CliRunner().invoke(main, ["fmt", str(graph), "--check"]).exit_code == 0


def test_diff_between_two_graph_folders(tmp_path):
    import shutil
    old = small_graph(tmp_path)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    action = new / "data" / "action" / "test-action-1.yaml"
    action.write_text(action.read_text().replace("timescale: short", "timescale: medium"))
    write_record(new, "organisation", "new-org", "name: New Org\nkind: vcse\n"
                 "sources:\n  - document: src-test\n    section: Intro\n")
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    assert result.output == (
        "Plan changes: 1 organisation added, 1 action changed.\n\n"
        "Actions (1)\n"
        "  Changed action “Implement the maternity plan” (test-action-1)\n"
        "      timescale: Short term (less than 1 year) → Medium term (1-2 years)\n\n"
        "Organisations (1)\n"
        "  Added organisation “New Org” (new-org)\n")


def test_diff_with_bad_revision_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["diff", "no-such-revision-xyz"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot read 'no-such-revision-xyz' as a git revision or a graph folder")


def test_retired_ids_are_never_reused(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    (graph / "retired-ids.txt").write_text("# withdrawn\ntest-action-1  # merged into another action\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 1
    assert ("graph/data/action/test-action-1.yaml:2:1: error[retired-id] id 'test-action-1' belonged to a "
            "withdrawn record (graph/retired-ids.txt:2) (ids are never reused; choose a new id)") in result.output


def test_iri_base_is_configurable(tmp_path):
    from planatlas.pipeline import load
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text("base_iri: https://plans.nhs.example/id/\n")
    ctx = load(graph, shacl=False)
    subjects = {str(s) for s in ctx.graph.subjects()}
    assert "https://plans.nhs.example/id/action/test-action-1" in subjects
    assert not any(s.startswith("https://plan.example.org/id/") for s in subjects)


def test_shipped_graph_is_valid():
    result = CliRunner().invoke(main, ["validate", str(REPO / "graph"), "--errors-only"])
    assert result.exit_code == 0, result.output[-3000:]


def _stderr_of(args: list[str], cwd: Path, tty: bool) -> str:
    """The command's standard error, written to a terminal (a pseudo-terminal) or to a pipe."""
    if not tty:
        return subprocess.run([sys.executable, "-m", "planatlas.cli", *args], cwd=cwd, capture_output=True,
                              text=True, timeout=120).stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "planatlas.cli", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("args", [["validate", "graph"], ["query", "ASK { ?s ?p ?o }", "--graph", "graph"],
                                  ["stats", "graph"]])
def test_long_commands_show_their_stages_at_a_terminal_only(tmp_path, args):
    """Long work shows progress: a cold validate or query of 5,000 records said nothing for 9-11 s.
    At a terminal the stages are named on standard error; to a pipe (scripts, CI logs) nothing is."""
    small_graph(tmp_path)
    at_terminal = _stderr_of(args, tmp_path, tty=True)
    assert "… records" in at_terminal, at_terminal
    shutil.rmtree(tmp_path / ".planatlas", ignore_errors=True)        # cold again
    assert _stderr_of(args, tmp_path, tty=False) == ""
