"""The package's import graph has no cycles, and modules import at the top (issue 15).

Imports inside functions hid a cycle (downloads → publishing → downloads).  The only ones allowed
are the measured start-up exceptions named here (see BENCHMARKS.md and cli.py's docstring)."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "generator" / "planatlas"
# module → functions allowed to import inside themselves, and why
ALLOWED_INNER = {
    "cli": "every command imports its stage modules: `planatlas --help` and a warm `query` stay fast",
    "shacl": "pySHACL takes 0.22 s to import; only shapes outside shaclcore's part of SHACL need it",
    "dataset": "rdflib's SPARQL engine takes 0.1 s to import; only the rdflib cross-check needs it",
}


def modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


def import_graph() -> nx.DiGraph:
    """Module → the package modules it imports (by file name: module names are unique in the package).

    Counts absolute imports (`from planatlas.sitegen.pages import x`, `from planatlas.sitegen import
    pages`) and relative ones (`from .pages import x`)."""
    trees = modules()
    g = nx.DiGraph()
    for name, tree in trees.items():
        g.add_node(name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 0 and (node.module or "").split(".")[0] != "planatlas":
                continue
            parts = (node.module or "").split(".")[1 if node.level == 0 else 0:]
            parts = [p for p in parts if p]
            last = parts[-1] if parts else ""
            targets = [last] if last in trees and last != "__init__" else [a.name for a in node.names]
            for t in targets:
                if t in trees and t != name:
                    g.add_edge(name, t)
    return g


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles}"


def test_no_imports_inside_functions_except_measured_start_up_cost():
    found = []
    for name, tree in modules().items():
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)) and name not in ALLOWED_INNER:
                        found.append(f"{name}.{fn.name}")
    assert found == [], f"imports inside functions: {sorted(set(found))}"


def test_the_checker_sees_a_cycle(tmp_path, monkeypatch):
    """The check can fail: two modules importing each other are a cycle."""
    (tmp_path / "a.py").write_text("from .b import x\n")
    (tmp_path / "b.py").write_text("from .a import y\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    assert list(nx.simple_cycles(import_graph())) != []


def test_the_checker_sees_absolute_imports():
    """The graph is not empty: pages imports views absolutely, so a missed edge form would show here."""
    g = import_graph()
    assert g.has_edge("pages", "views") and g.has_edge("pages", "model") and g.number_of_edges() > 100


def test_mkdocs_is_known_to_one_module_only():
    """The engine is replaceable (MkDocs Material's end of life, 5 May 2027): only sitegen/mkdocs_site.py
    imports MkDocs or its live-reload server."""
    importers = set()
    for name, tree in modules().items():
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") or n.startswith("material") for n in names):
                importers.add(name)
    assert importers == {"mkdocs_site"}
