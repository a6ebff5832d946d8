"""A build fills only folders of its own; -o never replaces a record.

Bug: `planatlas build --docs-dir .` deleted the whole project (records, mkdocs.yml, .git): the build
deletes from its docs folder every file it did not generate. `--docs-dir graph` mixed ~120 pages into
the records, and `export -o graph/data/action/x.yaml` replaced a record. Each is now refused (exit 2)
before anything is written, and nothing is lost."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import link_project, small_graph
from planatlas.cli import main
from planatlas.sitegen.outfolders import MARKER


def project(tmp_path: Path) -> Path:
    root = tmp_path / "plan"
    root.mkdir()
    small_graph(root)
    link_project(root)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("keep me\n", encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the project but the outputs a good build may make, by content."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file() and not p.is_symlink()
            and p.relative_to(root).parts[0] not in ("docs", "site", ".planatlas")}


REFUSED = [
    (["--docs-dir", "."], "--docs-dir '.' would hold the project folder"),
    (["--site-dir", "."], "--site-dir '.' would hold the project folder"),
    (["--site-dir", ".."], "--site-dir '..' would hold the project folder"),
    (["--site-dir", "/"], "--site-dir '/' would hold the project folder"),
    (["--docs-dir", "graph"], "--docs-dir 'graph' is inside the graph folder"),
    (["--docs-dir", "graph/data/new"], "--docs-dir 'graph/data/new' is inside the graph folder"),
    (["--site-dir", "site_src/x"], "--site-dir 'site_src/x' is inside site_src/ (the site's own pages)"),
    (["--docs-dir", ".git/pages"], "--docs-dir '.git/pages' is inside the git repository"),
    (["--docs-dir", "mine"], "--docs-dir 'mine' holds files that planatlas did not make"),
    (["--docs-dir", "out", "--site-dir", "out"], "--docs-dir and --site-dir must be separate folders"),
    (["--docs-dir", "out", "--site-dir", "out/site"], "--docs-dir and --site-dir must be separate folders"),
]


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("args,message", REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_an_output_folder_that_would_lose_files_is_refused(tmp_path, monkeypatch, command, args, message):
    root = project(tmp_path)
    before = snapshot(root)
    monkeypatch.chdir(root)
    extra = ["--dev-addr", "127.0.0.1:1"] if command == "serve" else ["--no-mkdocs"]
    result = CliRunner().invoke(main, [command, "-s", *args, *extra])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {message}"), result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before
    assert not (root / "out").exists() and not (root / "graph" / "data" / "new").exists()


def test_a_new_folder_is_marked_and_a_marked_one_is_rebuilt(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    args = ["build", "-s", "--no-mkdocs", "--docs-dir", "out/docs", "--site-dir", "out/site"]
    assert CliRunner().invoke(main, args).exit_code == 0
    docs = root / "out" / "docs"
    assert (docs / MARKER).is_file() and (docs / "index.md").is_file()
    (docs / "stale.md").write_text("an old page\n", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert not (docs / "stale.md").exists() and (docs / MARKER).is_file()


def test_the_default_docs_folder_of_an_earlier_version_is_still_ours(tmp_path, monkeypatch):
    """docs/ and site/ are the project's generated folders by design: one left by a version that made
    no marker is rebuilt, not refused."""
    root = project(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "old.md").write_text("from an older build\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "-s", "--no-mkdocs"])
    assert result.exit_code == 0, result.output
    assert not (root / "docs" / "old.md").exists() and (root / "docs" / MARKER).is_file()


@pytest.mark.parametrize("args,message", [
    (["export", "-o", "graph/data/action/test-action-1.yaml"],
     "Error: cannot write 'graph/data/action/test-action-1.yaml': it is inside the graph folder 'graph'"),
    (["export", "-o", "graph/planatlas.ttl"], "Error: cannot write 'graph/planatlas.ttl': it is inside the graph folder"),
    (["export", "-o", "/dev/full"], "Error: cannot write '/dev/full': No space left on device"),
    (["export", "-o", "no/such/x.ttl"], "Error: cannot write 'no/such/x.ttl': the folder 'no/such' does not exist"),
    (["diff", "HEAD", "-o", "graph/data/x.md"], "Error: cannot write 'graph/data/x.md': it is inside the graph folder"),
])
def test_an_output_file_in_the_graph_or_unwritable_is_refused(tmp_path, monkeypatch, args, message):
    root = project(tmp_path)
    before = snapshot(root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(message), result.output
    assert snapshot(root) == before
