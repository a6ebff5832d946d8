"""Data-driven validation tests: each folder under tests/cases is one kind of bad input."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planatlas.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


def run_validate(case: Path, monkeypatch, *args: str):
    monkeypatch.chdir(case)
    return CliRunner().invoke(main, ["validate", "graph", *args])


def test_there_are_seventeen_kinds_of_bad_input():
    assert len(CASES) == 17


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_exact_diagnostics(case: Path, monkeypatch):
    result = run_validate(case, monkeypatch)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert result.output == expected
    assert result.exit_code == int((case / "expected-exit-code").read_text())
    assert result.exit_code == 1, "every case holds at least one error"


def test_github_format_annotates_and_writes_step_summary(monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_validate(Path(__file__).parent / "cases" / "07-dangling-reference", monkeypatch,
                          "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=graph/data/action/test-action-2.yaml,line=10,col=5,title=unknown-reference::"
        "'test-trsut' in 'owners' is not the id of any record (did you mean 'test-trust'?)")
    text = summary.read_text()
    assert "| graph/data/action/test-action-2.yaml | 10 | error | unknown-reference |" in text


def test_json_format(monkeypatch):
    import json
    result = run_validate(Path(__file__).parent / "cases" / "12-membership-period", monkeypatch,
                          "--format", "json")
    data = json.loads(result.output)
    assert data["valid"] is False and data["errors"] == 1
    assert data["diagnostics"][0]["code"] == "period-order"
    assert data["diagnostics"][0]["line"] == 9
