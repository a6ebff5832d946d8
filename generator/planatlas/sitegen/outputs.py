"""Where generated files go, and writing them safely (only the build calls `write_outputs`).

Every generated path is built from a record type and a slug id, and checked to stay
inside the output folder; files are rewritten only when their content changes, each
atomically (temp file, then rename), so `mkdocs serve` never reads a half-written page,
rebuilds little, and two builds give byte-identical `docs/`.
"""
from __future__ import annotations

import os
import shutil
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from planatlas import model
from planatlas.errors import CannotRun
from planatlas.sitegen.outfolders import MARKER

_SLUG = re.compile(model.ID_PATTERN)

# Fixed paths of the downloads, linked from every page footer and the Data page.
DOWNLOADS = {
    "turtle": "data/planatlas.ttl",
    "ntriples": "data/planatlas.nt",
    "jsonld": "data/planatlas.jsonld",
    "context": "data/context.jsonld",
    "void": "data/void.ttl",
    "csv_dir": "data/csv",
}


class UnsafePath(ValueError):
    pass


def record_page(rtype: str, rid: str) -> str:
    """Markdown path (relative to docs/) of a record's page: '<plural>/<id>.md'."""
    if rtype not in model.RECORD_TYPES or not _SLUG.fullmatch(rid):
        raise UnsafePath(f"refusing to make a page for {rtype!r} {rid!r}")
    return f"{model.RECORD_TYPES[rtype].plural}/{rid}.md"


def record_url(rtype: str, rid: str) -> str:
    """Site URL (relative to the site root, directory style) of a record's page."""
    return record_page(rtype, rid)[: -len(".md")] + "/"


def fresh_folder(path: Path) -> Path:
    """An empty folder at path, for the build's own scratch names in site/ (staging, MkDocs' page
    stash): a file or a link found there is removed, never followed (a planted link would have sent
    the build's files outside site/)."""
    path = Path(path)
    if path.is_symlink() or path.is_file():
        path.unlink()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def safe_join(root: Path, rel: str) -> Path:
    """root/rel, refusing anything that would land outside root."""
    target = (root / rel).resolve()
    root_resolved = root.resolve()
    if target != root_resolved and root_resolved not in target.parents:
        raise UnsafePath(f"path {rel!r} escapes {root}")
    return target


class Joiner:
    """`safe_join` for many files under one root, each folder resolved once: resolving every path in
    full was 0.3 s of a build at 1,000 records (5,300 files).  A name that is a link is checked in
    full, as safe_join does."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.folders: dict[str, Path] = {}
        self.made: set[Path] = set()

    def make_parent(self, path: Path) -> None:
        """mkdir -p of the file's folder, once per folder (a mkdir per file was 0.2 s at 1,000 records)."""
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)

    def __call__(self, rel: str) -> Path:
        head, _, name = rel.rpartition("/")
        if name in ("", ".", "..") or "\0" in rel:
            return safe_join(self.root, rel)
        folder = self.folders.get(head)
        if folder is None:
            folder = self.folders[head] = safe_join(self.root, head or ".")
        target = folder / name
        return safe_join(self.root, rel) if target.is_symlink() else target


@dataclass(frozen=True)
class Staged:
    """A site/ file already written to the build's staging folder: its bytes are not kept in memory
    (at 20,000 records the downloads and per-record data files held 0.5 GB through page rendering
    and MkDocs)."""
    path: Path
    size: int


@dataclass(frozen=True)
class Later:
    """Content an emitter describes but does not make yet: a build makes, writes and drops such
    files one at a time (the three serialisations of the whole dataset, held together, were the
    downloads stage's peak); anywhere else they are made as the emitter returns."""
    make: Callable[[], "str | bytes"]


@dataclass(frozen=True)
class Kept:
    """A file a build did not make again: it is as the last build left it, and its inputs are the
    same (a docs/ page: sitegen/pagememo.py; a site/ data file: sitegen/sitememo.py); the writers
    leave it alone."""


def made(files: dict[str, "str | bytes | Later"]) -> dict[str, "str | bytes"]:
    """The files with every `Later` made."""
    return {rel: c.make() if isinstance(c, Later) else c for rel, c in files.items()}


def content_size(content: "str | bytes | Staged") -> int:
    """Bytes of an output, whether in memory or staged."""
    if isinstance(content, Staged):
        return content.size
    return len(content.encode("utf-8")) if isinstance(content, str) else len(content)


def stage_files(stage_dir: Path, files: dict[str, "str | bytes | Later | Kept"]) -> dict[str, "Staged | Kept"]:
    """Write files under stage_dir now (refusing paths that leave it), making each `Later` just
    before it is written; {rel: Staged} (a `Kept` file stays as it is)."""
    staged = {}
    join = Joiner(stage_dir)
    for rel, content in files.items():
        if isinstance(content, Kept):
            staged[rel] = content
            continue
        path = join(rel)
        join.make_parent(path)
        if isinstance(content, Later):
            content = content.make()
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        staged[rel] = Staged(path, len(data))
    return staged


def move_staged(root: Path, files: dict[str, "str | bytes | Staged"], stage_dir: Path) -> None:
    """Put every file into root: staged ones by a rename, the others written; then drop stage_dir."""
    root = Path(root)
    in_memory = {rel: c for rel, c in files.items() if not isinstance(c, Staged)}
    join = Joiner(root)
    for rel, content in files.items():
        if isinstance(content, Staged):
            target = join(rel)
            join.make_parent(target)
            os.replace(content.path, target)
    write_outputs(root, in_memory, remove_stale=False, burst=False)
    shutil.rmtree(stage_dir, ignore_errors=True)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def write_outputs(root: Path, files: "dict[str, str | bytes | Kept | Later]", remove_stale: bool = True,
                  previous: dict[str, str | bytes] | None = None, burst: bool = True) -> WriteReport:
    """Write files under root whose bytes changed, all at once: every changed file is first written to
    a temporary file beside it, then all are renamed in one burst (a watcher such as `mkdocs serve`
    sees one change, never a half-written page); with remove_stale, files not in `files` (a removed
    record's page) and empty folders are deleted.

    previous: what this process itself last wrote under root (a preview): a file with the same
    content is not looked at on disk, and the stale files are those of `previous` not in `files`
    (no walk of the folder: at 1,000 records these checks were 0.25 s of a 0.6 s preview).

    burst=False (a build: nothing watches its folders): a file that does not exist yet is created
    in place, not through a temporary file (half the file-system work of a build into an empty
    folder); a file that exists is still replaced by a rename.  A `Later` is made just before it is
    written, so only one such file is held at a time."""
    where: list[str] = []           # the file being written, for the error
    try:
        return _write_outputs(Path(root), files, remove_stale, previous, burst, where)
    except OSError as exc:
        what = Path(root) / where[-1] if where else Path(root)
        hint = " (a folder is in its place: remove it)" if isinstance(exc, IsADirectoryError) else ""
        raise CannotRun(f"cannot write {what}: {exc.strerror or exc}{hint}") from exc


def _write_outputs(root: Path, files: "dict[str, str | bytes | Kept | Later]", remove_stale: bool,
                   previous: dict[str, str | bytes] | None, burst: bool, where: list[str]) -> WriteReport:
    root.mkdir(parents=True, exist_ok=True)
    report = WriteReport()
    pending: list[tuple[str, Path, str]] = []
    join = Joiner(root)
    try:
        for rel, content in files.items():
            if isinstance(content, Kept) or (previous is not None and previous.get(rel) == content):
                continue
            where[:] = [rel]
            path = join(rel)
            if isinstance(content, Later):
                content = content.make()
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    continue
            except (FileNotFoundError, NotADirectoryError):
                if not burst and not path.is_symlink():     # a dangling link is replaced, not followed
                    join.make_parent(path)
                    with open(path, "xb") as fh:
                        fh.write(data)
                    report.written.append(rel)
                    continue
            join.make_parent(path)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pa-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            pending.append((rel, path, tmp))
        for rel, path, tmp in pending:
            where[:] = [rel]
            os.replace(tmp, path)
            report.written.append(rel)
    finally:
        for _rel, _path, tmp in pending:
            if os.path.exists(tmp):
                os.unlink(tmp)
    if remove_stale and previous is not None:
        for rel in sorted(set(previous) - set(files)):
            path = safe_join(root, rel)
            if path.is_file():
                path.unlink()
                report.removed.append(rel)
                for parent in path.parents:
                    if parent == root or not parent.is_dir() or any(parent.iterdir()):
                        break
                    parent.rmdir()
    elif remove_stale:
        prefix = os.path.join(str(root), "")
        folders: set[str] = set()
        for folder, dirs, names in os.walk(root):       # os.scandir: no stat per file (25,000 files at 20,000 records)
            folders.update(os.path.join(folder, d) for d in dirs)
            for name in names:
                path = os.path.join(folder, name)
                rel = path[len(prefix):].replace(os.sep, "/")
                if rel not in files and rel != MARKER:     # the marker: this folder is a build's
                    os.unlink(path)
                    report.removed.append(rel)
        report.removed.sort()
        for folder in sorted(folders, reverse=True):
            if os.path.isdir(folder) and not os.path.islink(folder) and not os.listdir(folder):
                os.rmdir(folder)
    return report
