"""Which folders a build may fill, and a file a command may write: checked before anything is written.

Why: a build owns its output folders. It deletes from docs/ every file it did not generate and
MkDocs empties site/, so `planatlas build --docs-dir .` once deleted the whole project (records,
mkdocs.yml, .git), and `--docs-dir graph` mixed pages into the records. An output folder must
therefore be new, empty, the default `docs/` or `site/` of the project, or one a build made (it
holds the `MARKER` file); it may not hold or sit inside the project's own sources, nor the other
output folder.
"""
from __future__ import annotations

import os
from pathlib import Path

from planatlas.errors import CannotRun

MARKER = ".planatlas-output"
MARKER_TEXT = ("This folder is made by 'planatlas build': each build replaces what is in it.\n"
               "Do not keep your own files here.\n")
DEFAULTS = {"docs": "docs", "site": "site"}        # role → the project's own output folder


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _sources(root: Path, graph_dir: Path) -> list[tuple[Path, str]]:
    """The project's parts a build reads or that are not its to touch, with a name for messages."""
    return [(graph_dir, "the graph folder"), (root / "site_src", "site_src/ (the site's own pages)"),
            (root / ".git", "the git repository"), (root / "node_modules", "node_modules/"),
            (root / ".planatlas", "the cache (.planatlas/)"), (root / "generator", "the generator's code"),
            (root / "tests", "the tests")]


def check_output_folders(root: Path, graph_dir: Path, folders: dict[str, Path]) -> None:
    """CannotRun (exit 2) unless every output folder (role → path: "docs", "site") is safe to fill.

    Refused: the project folder itself or a folder holding it (home, /), a folder that holds or is
    inside the graph or another source, two roles sharing a folder or one inside the other, and a
    folder with files of its own that no build made."""
    root = Path(root).resolve()
    graph = Path(graph_dir).resolve()
    resolved = {role: Path(path).resolve() for role, path in folders.items()}
    home = Path.home().resolve()
    for role, path in resolved.items():
        given = folders[role]
        flag = f"--{role}-dir '{given}'"
        if path == Path(path.anchor) or path == home or _inside(root, path):
            raise CannotRun(f"{flag} would hold the project folder '{root}': a build deletes what it "
                            f"did not make in its output folders; give a folder of its own, such as '{DEFAULTS[role]}'")
        for source, name in _sources(root, graph):
            source = source.resolve()                   # a linked site_src/ protects what it links to
            if _inside(path, source) or _inside(source, path):
                raise CannotRun(f"{flag} {'is inside' if _inside(path, source) else 'holds'} {name}: "
                                f"a build deletes what it did not make in its output folders; give a "
                                f"folder of its own, such as '{DEFAULTS[role]}'")
    for role, path in resolved.items():
        for other, other_path in resolved.items():
            if other != role and (_inside(path, other_path) or _inside(other_path, path)):
                raise CannotRun(f"--docs-dir and --site-dir must be separate folders, neither inside the "
                                f"other (given '{folders['docs']}' and '{folders['site']}')")
        if path != root / DEFAULTS[role] and not _ours_or_empty(path):
            raise CannotRun(f"--{role}-dir '{folders[role]}' holds files that planatlas did not make: a build "
                            f"deletes what it did not make in its output folders; give a new or empty folder, "
                            f"or '{DEFAULTS[role]}'")


def _ours_or_empty(path: Path) -> bool:
    if not path.exists():
        return True
    if not path.is_dir():
        return False
    return (path / MARKER).is_file() or not any(os.scandir(path))


def mark_output_folder(path: Path) -> None:
    """Make the folder (if need be) and mark it as a build's, so the next build may replace it."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    marker = path / MARKER
    if marker.is_symlink():            # never written through
        marker.unlink()
    if not marker.is_file():
        marker.write_text(MARKER_TEXT, encoding="utf-8")


def check_output_file(output: Path, graph_dir: Path) -> None:
    """CannotRun unless `-o FILE` can be written without harm: its folder exists, it is not a folder,
    and it is not in the graph folder (`export -o graph/data/action/x.yaml` replaced a record)."""
    target = Path(output).resolve()
    if _inside(target, Path(graph_dir).resolve()):
        raise CannotRun(f"cannot write '{output}': it is inside the graph folder '{graph_dir}', which holds "
                        f"the records; write it elsewhere")
    if target.is_dir():
        raise CannotRun(f"cannot write '{output}': it is a folder")
    if not target.parent.is_dir():
        raise CannotRun(f"cannot write '{output}': the folder '{Path(output).parent}' does not exist")
