"""Symlinks that leave the graph folder are refused by validate and never written through by fmt."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main

OUTSIDE_RECORD = ("id: outside\ntype: organisation\nname: Outside   \nkind: icb\r\n"
                  "sources:\n  - document: src-test\n    section: Intro\n")


def test_validate_refuses_a_record_linked_from_outside(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text(OUTSIDE_RECORD, encoding="utf-8")
    (graph / "data" / "organisation" / "outside.yaml").symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph", "--no-shacl"])
    assert result.exit_code == 1
    assert ("graph/data/organisation/outside.yaml:1:1: error[symlink] symlink points outside the graph folder "
            "(copy the record into graph/data instead of linking to it)") in result.output.splitlines()


def test_a_symlinked_folder_is_not_entered(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "outside.yaml").write_text(OUTSIDE_RECORD, encoding="utf-8")
    (graph / "data" / "linked").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph", "--no-shacl"])
    assert result.exit_code == 1
    assert "graph/data/linked:1:1: error[symlink] symlinked folder is not read" in result.output
    assert "outside" not in result.output.replace("graph/data/linked", "")


def test_fmt_never_writes_through_a_symlink(tmp_path):
    graph = small_graph(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text(OUTSIDE_RECORD, encoding="utf-8")
    inside_target = graph / "data" / "organisation" / "real.yaml"
    inside_target.write_text(OUTSIDE_RECORD.replace("outside", "real"), encoding="utf-8")
    (graph / "data" / "organisation" / "outside.yaml").symlink_to(outside)
    (graph / "data" / "organisation" / "alias.yaml").symlink_to(inside_target)
    before = outside.read_bytes()
    result = CliRunner().invoke(main, ["fmt", str(graph)])
    assert result.exit_code == 0, result.output
    assert outside.read_bytes() == before
    assert "alias.yaml" not in result.output      # a link inside the graph is read, never written
    assert "real.yaml" in result.output and b"\r" not in inside_target.read_bytes()


def test_generated_files_and_docs_never_write_through_a_link(tmp_path):
    from planatlas.graph.codegen import generated_files, write_generated
    from planatlas.sitegen.outputs import UnsafePath, write_outputs
    graph = small_graph(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    rel = sorted(generated_files())[0]
    (graph / rel).parent.mkdir(parents=True, exist_ok=True)
    (graph / rel).unlink(missing_ok=True)
    (graph / rel).symlink_to(outside)
    write_generated(graph)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").symlink_to(outside)
    with pytest.raises(UnsafePath):
        write_outputs(docs, {"page.md": "new text"})   # outputs.safe_join: a link leaving docs/ is refused
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not (graph / rel).is_symlink()


def test_the_hostile_fixture_settings_are_refused_by_the_loader():
    from conftest import FIXTURES
    from planatlas.reading.config import ConfigError, load_config
    with pytest.raises(ConfigError, match="'site_name' contains HTML markup"):
        load_config(FIXTURES / "hostile")


def test_a_data_folder_linked_from_outside_is_not_read(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (graph / "data").rename(elsewhere)
    (graph / "data").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph", "--no-shacl"])
    assert result.exit_code == 1
    assert result.output.startswith("graph/data:1:1: error[symlink] the data folder is a symlink out of the graph")
    assert "0 files checked" in result.output


@pytest.mark.parametrize("rel", ["actions/a-1.md", "actions/deeper/a-1.md"])
def test_a_linked_folder_in_docs_is_never_written_through(tmp_path, rel):
    """outputs.Joiner resolves each folder once (not each file): a folder that is a link leaving
    docs/ must still be refused, for the first file in it and for a file deeper down."""
    from planatlas.sitegen.outputs import UnsafePath, stage_files, write_outputs
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "actions").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        write_outputs(docs, {"index.md": "home", rel: "text"})
    with pytest.raises(UnsafePath):
        stage_files(docs, {"index.md": "home", rel: "text"})
    assert list(outside.iterdir()) == []
