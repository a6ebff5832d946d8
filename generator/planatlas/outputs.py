"""Where generated files go, and writing them safely.

Every generated path is built from a record type and a slug id, and checked to stay
inside the output folder; files are rewritten only when their content changes, so
`mkdocs serve` rebuilds little and two builds give byte-identical `docs/`.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import model

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


def safe_join(root: Path, rel: str) -> Path:
    """root/rel, refusing anything that would land outside root."""
    target = (root / rel).resolve()
    root_resolved = root.resolve()
    if target != root_resolved and root_resolved not in target.parents:
        raise UnsafePath(f"path {rel!r} escapes {root}")
    return target


def write_if_changed(root: Path, rel: str, content: str | bytes) -> bool:
    """Write root/rel unless it already holds exactly this content; True if written."""
    path = safe_join(root, rel)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def remove_stale(root: Path, keep: set[str]) -> list[str]:
    """Delete files under root that this build did not produce (a removed record's page)."""
    removed = []
    if not root.exists():
        return removed
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            if rel not in keep:
                path.unlink()
                removed.append(rel)
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
