"""What `planatlas query --format table` prints is text for a terminal, never terminal commands.

Bug: a value with control characters went to the terminal raw: "\\x1b]0;...\\x07" retitled the window
and "\\x1b[31m" recoloured the rest of the table. A value can come from the user's query, an answered
question or, with --endpoint, from any server. Bidirectional controls could make a line read as another."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main
from planatlas.diagnostics import printable


@pytest.mark.parametrize("literal,shown", [
    ("\\u001b]0;pwned\\u0007title", "\\x1b]0;pwned\\x07title"),
    ("\\u001b[31mred", "\\x1b[31mred"),
    ("line one\\r\\nline two\\ttab", "line one line two tab"),          # white space: one space, as before
    ("abc\\u202Egnp.exe", "abc\\u202egnp.exe"),
    ("bell\\u0007\\u009b", "bell\\x07\\x9b"),
])
def test_table_cells_escape_control_characters(tmp_path, literal, shown):
    graph = small_graph(tmp_path)
    result = CliRunner().invoke(main, ["query", f'SELECT ?x WHERE {{ BIND("{literal}" AS ?x) }}', "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2] == shown
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output


def test_printable_escapes_bidirectional_controls():
    assert printable("file\u202egnp.yaml\u2066x\u200f") == "file\\u202egnp.yaml\\u2066x\\u200f"
    assert printable("Café – “quoted”") == "Café – “quoted”"
