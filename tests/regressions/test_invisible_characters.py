"""Characters that hide or reorder text: one definition (`invisible.py`) for records, terminals and CSV.

The record check refused bidirectional and zero-width characters but let U+061C ARABIC LETTER MARK
(a bidirectional mark), tag characters (U+E0000 block: invisible words) and Hangul fillers through;
terminal lines escaped bidirectional controls but printed zero-width characters raw.
"""
from __future__ import annotations

import sys
import unicodedata

import pytest
from click.testing import CliRunner

from helpers import small_graph, write_record
from planatlas.cli import main
from planatlas.diagnostics import printable
from planatlas.invisible import BLANK_LETTERS, FORMAT_RANGES, INVISIBLE
from planatlas.sitegen.escaping import csv_cell

HIDDEN = {"\u061c": "ARABIC LETTER MARK", "\U000e0041": "TAG LATIN CAPITAL LETTER A", "\u3164": "HANGUL FILLER",
          "\u034f": "COMBINING GRAPHEME JOINER", "\u00ad": "SOFT HYPHEN", "\u200b": "ZERO WIDTH SPACE",
          "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE", "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
          "\u206a": "INHIBIT SYMMETRIC SWAPPING", "\ufff9": "INTERLINEAR ANNOTATION ANCHOR"}


def test_the_ranges_hold_every_format_character_of_this_python_s_unicode():
    listed = {c for a, b in FORMAT_RANGES for c in range(a, b + 1)}
    format_chars = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert format_chars <= listed, sorted(hex(c) for c in format_chars - listed)
    assert all(unicodedata.category(chr(c)) in ("Cf", "Cn") for c in listed)    # Cn: newer than this database
    assert all(INVISIBLE.fullmatch(chr(c)) for c in sorted(listed) + [ord(c) for c in BLANK_LETTERS])


@pytest.mark.parametrize("char", HIDDEN)
@pytest.mark.parametrize("written", ["raw", "escape"])
def test_a_record_holding_one_is_refused_where_it_is(tmp_path, monkeypatch, char, written):
    graph = small_graph(tmp_path)
    text = char if written == "raw" else f"\\U{ord(char):08x}"
    quoted = f'"Kent {text}Medway"' if written == "escape" else f"Kent {text}Medway"
    write_record(graph, "organisation", "hidden-org", f"name: {quoted}\nkind: vcse\n"
                 "sources:\n  - document: src-test\n    section: Intro\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph"])
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.splitlines() if "invisible-character" in x)
    assert line.startswith("graph/data/organisation/hidden-org.yaml:3:"), line
    assert f"U+{ord(char):04X} {HIDDEN[char]}" in line
    assert char not in result.output


@pytest.mark.parametrize("char", HIDDEN)
def test_terminal_lines_and_csv_cells_never_carry_one(char):
    shown = printable(f"a{char}b")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b")
    assert csv_cell(f"a{char}b") == "ab"


def test_text_people_write_passes(tmp_path, monkeypatch):
    """Accents, right-to-left scripts and emoji with a variation selector are text, not hiding places."""
    graph = small_graph(tmp_path)
    for rid, name in (("arabic-org", "مجلس كنت"), ("hebrew-org", "מועצת קנט"), ("heart-org", "Care \u2764\ufe0f Kent"),
                      ("accent-org", "Café Société")):
        write_record(graph, "organisation", rid, f"name: {name}\nkind: vcse\n"
                     "sources:\n  - document: src-test\n    section: Intro\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "graph", "--errors-only"])
    assert result.exit_code == 0, result.output
    assert printable("Care \u2764\ufe0f Kent") == "Care \u2764\ufe0f Kent"
