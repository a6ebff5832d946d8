"""Errors live in errors.py; exit codes are decided only in cli.py (issue 15)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import small_graph, write_record
from planatlas import cli
from planatlas import errors

PACKAGE = Path(cli.__file__).parent


@pytest.mark.parametrize("cls, code", [(errors.CannotRun, 2), (errors.PublishError, 2), (errors.InvalidInput, 1),
                                       (errors.BuildError, 1), (errors.QueryError, 1)])
def test_each_error_class_has_its_exit_code(cls, code):
    assert cli.exit_code_of(cls("x")) == code


def test_only_cli_knows_exit_codes():
    """No stage calls sys.exit or raises click errors: they raise the classes of errors.py."""
    offenders = [p.name for p in PACKAGE.glob("*.py") if p.name != "cli.py"
                 and ("sys.exit" in p.read_text(encoding="utf-8") or "ClickException" in p.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "sys.exit" not in (PACKAGE / "cli.py").read_text(encoding="utf-8")


def test_validate_returns_its_exit_code(tmp_path):
    graph = small_graph(tmp_path)
    assert CliRunner().invoke(cli.main, ["validate", str(graph), "--no-shacl"]).exit_code == 0
    write_record(graph, "action", "broken", "title: x\n")
    result = CliRunner().invoke(cli.main, ["validate", str(graph), "--no-shacl"])
    assert result.exit_code == 1 and "error" in result.output


def test_fmt_check_returns_1_when_a_file_would_change(tmp_path):
    graph = small_graph(tmp_path)
    path = next((graph / "data").rglob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert CliRunner().invoke(cli.main, ["fmt", str(graph), "--check"]).exit_code == 1


def test_publish_graph_option_is_now_graph_iri(tmp_path):
    """--graph is the graph folder in new, diff and query; publish's named graph is --graph-iri."""
    result = CliRunner().invoke(cli.main, ["publish", str(small_graph(tmp_path)), "--endpoint",
                                           "http://127.0.0.1:9/sparql", "--graph", "https://example.org/g"])
    assert result.exit_code == 2
    assert "--graph-iri" in result.output
