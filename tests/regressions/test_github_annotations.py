"""`validate --format github`: properties and messages escaped as GitHub's toolkit does."""
from __future__ import annotations

from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main
from planatlas.diagnostics import Diagnostic


def test_escaping_follows_the_toolkit():
    d = Diagnostic("a,b:c%d\r\ne.yaml", 3, 4, "error", "code", "50% done\r\n::error::forged", "x, y: z")
    assert d.github() == ("::error file=a%2Cb%3Ac%25d%0D%0Ae.yaml,line=3,col=4,title=code::"
                          "50%25 done%0D%0A::error::forged (x, y: z)")


def test_a_file_name_with_a_newline_cannot_forge_a_workflow_command(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    name = "x\n::error file=forged.yaml,line=1::forged%0A.yaml"
    (graph / "data" / "organisation" / name).write_text("id: x\ntype: organisation\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph", "--format", "github", "--no-shacl"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert all(line.startswith("::") for line in lines[:-1]), lines
    assert not any(line.startswith("::error file=forged.yaml") for line in lines)
    assert any("x%0A%3A%3Aerror file=forged.yaml%2Cline=1%3A%3Aforged%250A.yaml" in line for line in lines)


def test_text_format_keeps_one_diagnostic_per_line(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    (graph / "data" / "organisation" / "x\nfake: error.yaml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph", "--no-shacl"])
    assert result.exit_code == 1
    assert not any(line.startswith("fake") for line in result.output.splitlines())
    assert "graph/data/organisation/x\\x0afake: error.yaml:1:1: error[missing-field]" in result.output


def test_step_summary_cells_hold_no_markup(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    (graph / "data" / "organisation" / "<img src=x onerror=alert(1)>|.yaml").write_text("id: x\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(main, ["validate", "graph", "--format", "github", "--no-shacl"])
    text = summary.read_text(encoding="utf-8")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;\\|.yaml" in text
