"""CSV downloads: every field quoted, control characters normalised or removed, THEN the formula guard."""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from helpers import small_graph, write_record
from planatlas.cli import main
from planatlas.sitegen.downloads import _csv
from planatlas.sitegen.escaping import csv_cell

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\r=1+1", "\n=1+1", "\r\n=1+1", " =1+1", "\t=1+1",
            "\x00=1+1", "\u202e=1+1", "\x1b=1+1", "\u200b@x", "\uff1d1+1", "\x85=1+1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_behind_a_control_character_is_still_guarded(value):
    cell = csv_cell(value)
    assert cell.startswith("'"), repr(cell)
    assert not any(c in cell for c in "\r\x00\x1b\u202e\u200b\x85\t")


def test_numbers_and_text_pass_unchanged():
    assert [csv_cell(v) for v in ("-2.5", "12", "Kent County Council", "a\nb")] == \
        ["-2.5", "12", "Kent County Council", "a\nb"]


def test_every_field_is_quoted_and_rows_never_split():
    text = _csv(["id", "title"], [["a", "line one\r\nline two\rthree"], ["b", "\r=1+1"], ["c", 'say "hi", ok']])
    assert text.splitlines()[0] == '"id","title"'
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["id", "title"], ["a", "line one\nline two\nthree"], ["b", "'\n=1+1"], ["c", 'say "hi", ok']]
    assert "\r" not in text


@pytest.mark.parametrize("escape", ["\\r=1+1", "\\x85x", "\\e", "\\0", "\\u202E", "\\u200B", "\\x7f"])
def test_the_loader_rejects_control_characters_written_as_yaml_escapes(tmp_path, escape):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "bad-org", f'name: "Org {escape}"\nkind: icb\n'
                 "sources:\n  - document: src-test\n    section: Intro\n")
    result = CliRunner().invoke(main, ["validate", str(graph), "--no-shacl"])
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "bad-org.yaml" in x)
    assert line.endswith("(delete it; YAML escapes such as \\u202E, \\e or \\0 are checked after decoding too)")
    assert "error[control-character]" in line or "error[invisible-character]" in line
