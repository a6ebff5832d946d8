"""`planatlas diff`: a revision is never passed to git as an option."""
from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main


@pytest.fixture
def repo(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    env = ["-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "add", "graph"], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "commit", "-qm", "base"], cwd=tmp_path, check=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("rev", ["--output={target}", "--remote=http://127.0.0.1:1/", "-o{target}",
                                 "--exec=touch {target}", "-"])
def test_an_option_shaped_revision_is_refused_and_does_nothing(repo, rev):
    target = repo / "pwned.txt"
    result = CliRunner().invoke(main, ["diff", "--", rev.format(target=target)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot read '") and "a revision never starts with '-'" in result.output
    assert not target.exists()


def test_head_side_too(repo):
    result = CliRunner().invoke(main, ["diff", "HEAD", "--", "--output=x"])
    assert result.exit_code == 2 and not (repo / "x").exists()


def test_a_real_revision_still_works(repo):
    (repo / "graph" / "data" / "plan" / "test-plan.yaml").write_text(
        (repo / "graph" / "data" / "plan" / "test-plan.yaml").read_text().replace("Test plan", "Test plan 2"))
    result = CliRunner().invoke(main, ["diff", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "title: “Test plan” → “Test plan 2”" in result.output


def test_an_unknown_revision_exits_2_in_one_line(repo):
    result = CliRunner().invoke(main, ["diff", "no-such-branch"])
    assert result.exit_code == 2
    assert result.output == "Error: cannot read 'no-such-branch' as a git revision or a graph folder\n"
