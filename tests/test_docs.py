"""Documentation stays true: every command is in the README, the README starts with the two commands."""
from __future__ import annotations

import re

import pytest

from planatlas.cli import main
from helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_readme_documents_command(command):
    assert re.search(rf"`planatlas {command}\b", README), f"README does not document 'planatlas {command}'"


def test_readme_opens_with_build_and_test_commands():
    block = README.split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make site", "make test"]
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^site:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_exit_codes_documented(code):
    assert f"| {code} |" in README.split("### Exit codes", 1)[1]
