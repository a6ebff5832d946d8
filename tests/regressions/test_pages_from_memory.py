"""On two cores a build hands MkDocs its pages from memory and writes docs/ (and each record's data)
in a child while MkDocs renders (`mkdocs_site.FromMemory`, `build.write_beside`, issue 14).  The
site must be byte for byte what MkDocs makes of the written docs/, in the order of MkDocs' own walk
of docs/ (the search index follows it), and a file that cannot be written fails the build with the
same exit code and message as when it is written before MkDocs.

The builds run through the CLI in a fresh process: a pytest-xdist worker has a second thread, so
in the suite's own processes nothing forks."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.structure.files import get_files

from planatlas.cache import RACY_NS
from planatlas.pipeline import load
from planatlas.sitegen.build import navigation
from planatlas.sitegen.mkdocs_site import mkdocs_config, walk_order

from conftest import FIXTURES, REPO
from helpers import link_project

two_cores = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two usable cores")


def build(project: Path, commit: str = "test", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planatlas.cli", "build", "--commit", commit], cwd=project,
                          capture_output=True, text=True, timeout=300, env={**os.environ, **env})


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def project_with_graph(folder: Path) -> Path:
    folder.mkdir(parents=True)
    link_project(folder)
    subprocess.run(["cp", "-r", str(FIXTURES / "sitegraph"), str(folder / "graph")], check=True)
    return folder


def test_walk_order_is_the_order_of_mkdocs_own_walk(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    names = ["index.md", "a.md", "b-c.md", "b/index.md", "b/a.md", "b/c/z.md", "b/c/index.md", "b-c/x.md",
             "bc/README.md", "bc/a.md", "z/y/x.md", "z/a.md", "A.md", "b/c/a/b.md", "_x.md", "b/readme.md"]
    for rel in names:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# x\n", encoding="utf-8")
    ctx = load(FIXTURES / "sitegraph", root=REPO, shacl=False)
    walked = [f.src_uri for f in get_files(mkdocs_config(ctx, docs, tmp_path / "site", []))]
    assert sorted(names, key=walk_order) == walked


def same_as_mkdocs_of_docs(project: Path, plain: Path) -> None:
    docs = project / "docs"
    ctx = load(project / "graph", root=REPO, shacl=False)
    nav = navigation([p.relative_to(docs).as_posix() for p in docs.rglob("*.md")])
    mkdocs_build(mkdocs_config(ctx, docs, plain, nav), dirty=False)      # MkDocs reading docs/ from disk
    made, published = files_of(plain), files_of(project / "site")
    assert len([p for p in made if p.endswith(".html")]) > 40
    assert [rel for rel, data in made.items() if published.get(rel) != data] == []
    ours = [p for p in published if p not in made and not p.startswith(".")]
    assert ours and all(p.endswith((".ttl", ".jsonld", ".nt", ".csv")) for p in ours), ours


@two_cores
def test_a_two_core_build_is_what_mkdocs_makes_of_the_docs_it_wrote(tmp_path: Path) -> None:
    """Cold, then after an edit: the next build hands MkDocs the pages it kept from disk, the others
    from memory.  A page's file is trusted only if it was written RACY_NS before the memo was saved:
    a second build, that long after the first, saves a memo that trusts them whatever the machine's
    speed (it rewrites no unchanged page)."""
    project = project_with_graph(tmp_path / "p")
    out = build(project)
    assert out.returncode == 0, out.stderr
    assert "docs and record data (written beside MkDocs)" in out.stdout + out.stderr   # the path taken
    same_as_mkdocs_of_docs(project, tmp_path / "plain")     # (one core against two: tests/test_cold_build.py)
    again = build(project)                     # nothing changed: the stamp says so, nothing is written
    assert again.returncode == 0 and "nothing changed" in again.stdout + again.stderr
    time.sleep(RACY_NS / 1e9 + 0.2)
    assert build(project, commit="test2").returncode == 0
    # an edit: the unchanged pages are kept on disk (MkDocs reads those from docs/), the others from memory
    record = project / "graph" / "data" / "board" / "demo-lmns.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Demo Local Maternity", "Demo Renamed Maternity"),
                      encoding="utf-8")
    edited = build(project, commit="test2")
    assert edited.returncode == 0, edited.stderr
    said = edited.stdout + edited.stderr
    assert "pages: all" not in said and " rendered (the others are unchanged)" in said     # pages were kept
    assert "Demo Renamed Maternity" in (project / "site" / "boards" / "demo-lmns" / "index.html").read_text()
    same_as_mkdocs_of_docs(project, tmp_path / "plain-after-edit")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_folder_where_a_page_goes_fails_the_build_with_one_clear_line(tmp_path: Path, workers: str) -> None:
    project = project_with_graph(tmp_path / "p")
    blocker = project / "docs" / "actions" / "demo-a-1.md"
    (blocker / "inside").mkdir(parents=True)
    out = build(project, PLANATLAS_WORKERS=workers)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines()[-1] == (
        f"Error: cannot write {Path('docs') / 'actions' / 'demo-a-1.md'}: Is a directory "
        "(a folder is in its place: remove it)")
    assert "Traceback" not in out.stderr
    assert (blocker / "inside").is_dir()       # nothing of the user's was removed


KILL_THE_WRITER = """
import os, signal, sys
from planatlas.sitegen import latepages
sent = [0]
render = latepages.LatePages.render_for_writing
def dying(self, rel):
    if os.getpid() != self.parent:
        sent[0] += 1
        if sent[0] == 5:
            os.kill(os.getpid(), signal.SIGKILL)      # the writer child dies midway (out of memory, say)
    return render(self, rel)
latepages.LatePages.render_for_writing = dying
from planatlas.cli import main
sys.argv = ["planatlas", "build", "--commit", "test"]
main()
"""


@two_cores
def test_a_writer_child_killed_midway_fails_the_build_in_one_line(tmp_path: Path) -> None:
    """The child that renders the pages MkDocs reads dies after four: MkDocs stops at the fifth, and
    the build fails with the child's end in one line (exit 1), no traceback, and no page missing
    from a site that says it was built."""
    project = project_with_graph(tmp_path / "p")
    out = subprocess.run([sys.executable, "-c", KILL_THE_WRITER], cwd=project, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 1, out.stderr
    assert out.stderr.strip().splitlines()[-1] == (
        "Error: writing docs/ and each record's data files beside MkDocs failed: "
        "the child process was killed by signal 9 (SIGKILL)")
    assert "Traceback" not in out.stderr and "built in" not in out.stdout + out.stderr
