"""The order the test files are handed to the workers (tests/conftest.py, LONGEST_FIRST) holds: the
files it names exist, and the Makefile asks xdist to keep the collection's order (by default xdist
sorts files by their number of tests, which sent the longest files last)."""
from __future__ import annotations

import re

from conftest import LONGEST_FIRST
from helpers import REPO


def test_longest_first_names_files_that_exist():
    missing = [name for name in LONGEST_FIRST if not (REPO / "tests" / name).is_file()]
    assert missing == [] and len(set(LONGEST_FIRST)) == len(LONGEST_FIRST), missing


def test_make_test_keeps_the_collection_order():
    pytest_line = re.search(r"^PYTEST := (.*)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    assert "--dist loadfile" in pytest_line and "--no-loadscope-reorder" in pytest_line, pytest_line


def test_the_longest_files_are_collected_first(request):
    files = []
    for item in request.session.items:
        name = item.path.relative_to(REPO / "tests").as_posix()
        if not files or files[-1] != name:
            files.append(name)
    chosen = [f for f in files if f in LONGEST_FIRST]
    assert files[:len(chosen)] == chosen == [f for f in LONGEST_FIRST if f in chosen]
