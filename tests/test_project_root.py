"""Regression (issue 15): the package read mkdocs.yml, site_src/ and node_modules/ from the checkout it
was installed from (`parents[2]`), so a build in a second checkout used the first one's theme and pages.
Commands now read the project they run in: the current folder, or --project DIR."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

SITEGRAPH = REPO / "tests" / "fixtures" / "sitegraph"


def checkout(tmp_path: Path, name: str, marker: str) -> Path:
    """A second project folder: its own mkdocs.yml (with a copyright line) and site_src page."""
    root = tmp_path / name
    root.mkdir()
    yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(yml + f"\ncopyright: {marker}\n", encoding="utf-8")
    shutil.copytree(REPO / "site_src", root / "site_src")
    page = root / "site_src" / "propose-a-change.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
    os.symlink(REPO / "node_modules", root / "node_modules")
    shutil.copytree(SITEGRAPH, root / "graph")
    return root


def build(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planatlas.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


@pytest.mark.slow
def test_build_reads_the_project_it_runs_in_and_the_one_given(tmp_path):
    second = checkout(tmp_path, "second", "SECOND-CHECKOUT-MARKER")
    done = build(["build", "--silent"], cwd=second)
    assert done.returncode == 0, done.stderr
    page = (second / "site" / "propose-a-change" / "index.html").read_text(encoding="utf-8")
    assert page.count("SECOND-CHECKOUT-MARKER") >= 2          # the page (site_src) and the footer (mkdocs.yml)
    third = checkout(tmp_path, "third", "THIRD-CHECKOUT-MARKER")
    done = build(["--project", str(third), "build", "--silent", "--no-mkdocs"], cwd=second)
    assert done.returncode == 0, done.stderr
    text = (third / "docs" / "propose-a-change.md").read_text(encoding="utf-8")
    assert "THIRD-CHECKOUT-MARKER" in text and "SECOND" not in text


def test_a_folder_without_a_project_cannot_run(tmp_path):
    shutil.copytree(SITEGRAPH, tmp_path / "graph")
    done = build(["build", "--silent", "--no-mkdocs"], cwd=tmp_path)
    assert done.returncode == 2
    assert "run planatlas in the project folder (or give --project)" in done.stderr or \
        "npm ci" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_project_folder_exits_2(tmp_path):
    done = build(["--project", str(tmp_path / "nowhere"), "validate"], cwd=tmp_path)
    assert done.returncode == 2 and "does not exist" in done.stderr
