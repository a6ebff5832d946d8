"""A record file that cannot be read is "not compared", never "removed" (or "added").

Bug: `planatlas diff` dropped the loader's errors, so an action file with a YAML slip in a pull
request showed as "1 action removed", with "objective ... is left with no action" to check: the PR
comment said the opposite of what the editor did. A folder that is not a graph gave "No change"."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main

BROKEN = "title: [unclosed\n"


def sides(tmp_path):
    base = small_graph(tmp_path / "a")
    head = tmp_path / "b" / "graph"
    shutil.copytree(base, head)
    return base, head


def run(*args):
    return CliRunner().invoke(main, ["diff", *map(str, args)])


@pytest.mark.parametrize("broken_side", ["head", "base"])
def test_a_broken_record_is_not_compared_on_either_side(tmp_path, broken_side):
    base, head = sides(tmp_path)
    target = (head if broken_side == "head" else base) / "data" / "action" / "test-action-1.yaml"
    target.write_text(target.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    result = run(base, head)
    assert result.exit_code == 0, result.output
    assert "removed" not in result.output and "added" not in result.output and "left with no action" not in result.output
    assert result.output.startswith("Plan changes: no record changed; 1 record file not compared (could not be read).")
    assert f"  ? test-action-1 in {head if broken_side == 'head' else base}: " in result.output
    assert "test-action-1.yaml:16:1: error[yaml-syntax]" in result.output
    data = json.loads(run(base, head, "--format", "json").output)
    assert data["changes"] == [] and data["consequences"] == [] and [c["id"] for c in data["not_compared"]] == ["test-action-1"]
    comment = run(base, head, "--format", "markdown").output
    assert "- ❓ test-action-1 in " in comment and "<details>" not in comment


def test_other_changes_still_show_beside_a_broken_record(tmp_path):
    base, head = sides(tmp_path)
    (head / "data" / "action" / "test-action-1.yaml").write_text("id: test-action-1\n" + BROKEN, encoding="utf-8")
    org = head / "data" / "organisation" / "test-trust.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Test NHS Trust", "Renamed NHS Trust"), encoding="utf-8")
    result = run(base, head)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Plan changes: 1 organisation changed; 1 record file not compared")
    assert "name: “Test NHS Trust” → “Renamed NHS Trust”" in result.output


@pytest.mark.parametrize("which", ["base", "head"])
def test_a_folder_that_is_not_a_graph_is_refused(tmp_path, which):
    base, head = sides(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(empty, head) if which == "base" else run(base, empty)
    assert result.exit_code == 2
    assert result.output == f"Error: '{empty}' is not a graph folder: it has no data/ folder of records\n"
