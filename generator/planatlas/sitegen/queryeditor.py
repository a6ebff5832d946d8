"""The Query page's editor bundle: CodeMirror 6 with the SPARQL mode, bundled from node_modules by esbuild.

Why bundle at build time: the npm packages are ES modules with bare imports a browser cannot resolve, and
the site loads nothing from another host.  The bundle is cached under node_modules/.cache/planatlas/,
keyed by a hash of the entry file and package-lock.json, so a build runs esbuild once (about 0.4 s) and
never again until either changes.  Without esbuild (node_modules not installed) the page keeps its plain
textarea: the editor is an enhancement, not a requirement.
"""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from planatlas.errors import CannotRun
from planatlas.project import Project

ENTRY = ("frontend", "query-editor.js")


def _key(project: Project) -> str:
    h = hashlib.sha256()
    for path in (project.root.joinpath(*ENTRY), project.root / "package-lock.json"):
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:16]


def editor_bundle(project: Project) -> Path | None:
    """The minified ES module's file in the cache (bundled first if needed), or None when the project
    has no esbuild (run `npm ci`) or no entry file."""
    entry = project.root.joinpath(*ENTRY)
    esbuild = project.node_modules / ".bin" / "esbuild"
    cache = project.node_modules / ".cache" / "planatlas"
    if not entry.is_file() or not esbuild.exists():
        return None
    cached = cache / f"query-editor-{_key(project)}.js"
    if cached.is_file():
        return cached
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob("query-editor-*.js"):
        old.unlink()
    try:
        done = subprocess.run([str(esbuild), str(entry), "--bundle", "--minify", "--format=esm",
                               "--legal-comments=none", "--log-level=error", f"--outfile={cached}"],
                              cwd=project.root, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CannotRun(f"could not bundle the Query page editor with esbuild: {exc}") from None
    if done.returncode != 0 or not cached.is_file():
        raise CannotRun("could not bundle the Query page editor with esbuild: "
                        + (done.stderr.strip().splitlines() or ["no output"])[0])
    return cached
