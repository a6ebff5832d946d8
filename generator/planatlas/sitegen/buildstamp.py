"""Whether a build would change nothing: a hash of every input, the outputs' summaries, the stamp.

Why a module of its own: `planatlas build` asks this before it imports the build (MkDocs, Jinja,
rdflib: 0.37 s), so a rebuild with nothing changed costs little more than `planatlas --help`
(it was 7.6% of a 200-record build, the target being 5%).  It imports nothing heavy.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from planatlas.cache import Cache, atomic_write, iter_files
from planatlas.project import TEMPLATES_DIR, Project

NOTHING_CHANGED = "nothing changed since the last build: site/ is up to date"


def git_commit(root: Path) -> str:
    """HEAD of the git repository at root, with '-dirty' if graph/ has edits; 'unknown' without git."""
    try:
        sha = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=20, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "graph"],
                               capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return sha + ("-dirty" if dirty else "") if sha else "unknown"


def input_fingerprint(project: Project, cache: Cache, graph_dir: Path, docs_dir: Path, site_dir: Path,
                      commit: str) -> str:
    """Hash of everything a build reads: records, settings and retired ids, queries, code and templates,
    the project's mkdocs.yml, site_src/ and npm files, the output folders and the commit it names."""
    h = hashlib.sha256(cache.fingerprint(graph_dir).encode())
    files = sorted(Path(graph_dir, "queries").glob("*.rq")) + sorted(TEMPLATES_DIR.rglob("*"))
    files += [project.mkdocs_yml]
    files += sorted(project.site_src.rglob("*")) + sorted((project.node_modules / "oxigraph").glob("web*"))
    for path in files:
        if path.is_file():
            h.update(str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    h.update(f"{Path(docs_dir).resolve()}\0{Path(site_dir).resolve()}\0{commit}".encode())
    return h.hexdigest()


def folder_summary(root: Path) -> list[int]:
    """[files, bytes] of a folder: enough to notice that an output was changed or removed by hand."""
    sizes = [entry.stat().st_size for entry in iter_files(root)]
    return [len(sizes), sum(sizes)]


@dataclass
class BuildStamp:
    """The fingerprint of a build's inputs and where the last successful build left its own."""

    fingerprint: str
    path: Path
    docs_dir: Path
    site_dir: Path

    @classmethod
    def of(cls, project: Project, cache: Cache, graph_dir: Path, docs_dir: Path, site_dir: Path,
           commit: str = "") -> "BuildStamp":
        fingerprint = input_fingerprint(project, cache, graph_dir, docs_dir, site_dir,
                                        commit or git_commit(project.root))
        key = hashlib.sha256(str(Path(site_dir).resolve()).encode()).hexdigest()[:16]
        return cls(fingerprint, cache.dir / f"build-{key}.json", Path(docs_dir), Path(site_dir))

    def up_to_date(self) -> bool:
        """True if the last build had these inputs and left docs/ and site/ as they are now."""
        try:
            last = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (last.get("inputs") == self.fingerprint and last.get("docs") == folder_summary(self.docs_dir)
                and last.get("site") == folder_summary(self.site_dir))

    def record(self) -> None:
        """Note a successful build (after its last write)."""
        summary = {"inputs": self.fingerprint, "docs": folder_summary(self.docs_dir),
                   "site": folder_summary(self.site_dir)}
        atomic_write(self.path, json.dumps(summary).encode())
