"""Every command and option has help text and is in the README's command table (like sqlite-utils'
tests/test_docs.py): a new option cannot ship undocumented."""
from __future__ import annotations

import re

import click
import pytest

from helpers import REPO
from planatlas.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")
TABLE = README.split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
ROWS = {m.group(1): line for line in TABLE.splitlines()
        if (m := re.match(r"\| `planatlas ([a-z]+)", line))}
OPTIONS = [(name, p) for name, cmd in sorted(main.commands.items()) for p in cmd.params
           if isinstance(p, click.Option) and not p.hidden and "--help" not in p.opts]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_has_help_and_a_row(name):
    assert (main.commands[name].help or "").strip(), f"'planatlas {name}' has no help"
    assert name in ROWS, f"'planatlas {name}' is missing from the README's command table"


@pytest.mark.parametrize("name, option", OPTIONS, ids=[f"{n}-{o.name}" for n, o in OPTIONS])
def test_option_has_help_and_is_in_its_row(name, option):
    assert (option.help or "").strip(), f"'planatlas {name} {option.opts[-1]}' has no help"
    assert any(f"`{opt}" in ROWS.get(name, "") or f" {opt}" in ROWS.get(name, "") for opt in option.opts
               if opt.startswith("--")), f"README's row for '{name}' does not mention {option.opts[-1]}"


@pytest.mark.parametrize("option", [p for p in main.params if isinstance(p, click.Option)], ids=lambda p: p.name)
def test_global_options_are_documented(option):
    assert option.help or option.name == "version"
    assert any(opt in README for opt in option.opts if opt.startswith("--"))


def test_the_table_has_no_command_that_does_not_exist():
    assert set(ROWS) <= set(main.commands)
