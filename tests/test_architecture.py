"""ARCHITECTURE.md stays true: every `module.name` it mentions exists in the package (issue 15).

Modules are found by file name anywhere under generator/planatlas/, so the test holds after modules
move into subpackages; a renamed function or a removed module fails it."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from helpers import REPO

PACKAGE = REPO / "generator" / "planatlas"
TEXT = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def module_paths() -> dict[str, str]:
    """file stem → dotted module path (e.g. 'build' → 'planatlas.build' or 'planatlas.site.build')."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        if path.stem != "__init__":
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            out.setdefault(path.stem, ".".join(rel.parts))
    return out


MODULES = module_paths()
# `module.attr` or `module.Class.attr` in backticks (with or without a call's parentheses)
REFS = sorted({m.group(1) for m in re.finditer(r"`([a-z_]+(?:\.[A-Za-z_]\w*)+)(?:\([^`]*\))?`", TEXT)
               if m.group(1).split(".")[0] in MODULES})
FILES = sorted(set(re.findall(r"`((?:generator|tests|benchmarks)/[\w/.-]+\.py)`", TEXT)))


def test_the_document_names_the_stages():
    assert len(REFS) > 30


@pytest.mark.parametrize("ref", REFS)
def test_named_module_and_function_exist(ref):
    module, *attrs = ref.split(".")
    if attrs == ["py"]:          # a file name such as `sparql.py`: the module exists
        attrs = []
    obj = importlib.import_module(MODULES[module])
    for attr in attrs:
        assert hasattr(obj, attr), f"ARCHITECTURE.md names {ref}, but {module} has no {attr}"
        obj = getattr(obj, attr)


@pytest.mark.parametrize("path", FILES)
def test_named_files_exist(path):
    assert (REPO / path).is_file() or any(REPO.glob(path.replace("planatlas/", "planatlas/**/"))), path
