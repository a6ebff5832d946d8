"""`planatlas diff`: what a change does to the plan, in words, field by field.

Both sides are read with the same loader as `validate`, so the diff compares
meaning (typed values), not YAML text: re-quoting or reordering keys is no change.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .records import RecordSet, load_records


class DiffError(Exception):
    pass


@dataclass
class RecordChange:
    kind: str  # added | removed | changed
    type: str
    id: str
    label: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)


def _load_side(spec: str | None, graph_dir: Path) -> RecordSet:
    if spec is None:
        rs, _ = load_records(graph_dir)
        return rs
    if Path(spec).is_dir():
        rs, _ = load_records(Path(spec))
        return rs
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             check=True).stdout.strip()
        prefix = Path(graph_dir).resolve().relative_to(Path(top).resolve()).as_posix()
        commit = resolve_revision(spec, top)
        blob = subprocess.run(["git", "archive", "--format=tar", commit, "--", prefix], capture_output=True,
                              check=True, cwd=top).stdout
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        detail = detail.decode() if isinstance(detail, bytes) else str(detail)
        raise DiffError(f"cannot read '{spec}' as a git revision or a graph folder"
                        + (f": {detail.strip()}" if detail.strip() else "")) from exc
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
            tar.extractall(tmp, filter="data")
        rs, _ = load_records(Path(tmp) / prefix, root=Path(tmp))
        return rs


def resolve_revision(spec: str, cwd: str) -> str:
    """The commit id a revision names. A user's revision is never passed to git where it could be
    read as an option ('--output=FILE', '--remote=URL'): it must not start with '-', and it goes
    after --end-of-options to `rev-parse --verify`, whose answer (a hex id) is all git sees later."""
    if not spec or spec.startswith("-") or any(c in spec for c in "\0\n\r"):
        raise DiffError(f"'{spec}' is not a git revision or a graph folder (a revision never starts with '-')")
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"],
                          capture_output=True, text=True, cwd=cwd)
    commit = done.stdout.strip()
    if done.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise DiffError(f"cannot read '{spec}' as a git revision or a graph folder")
    return commit


def _normal(value):
    if isinstance(value, list):
        return sorted((_normal(v) for v in value), key=lambda v: json.dumps(v, default=str, sort_keys=True))
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


def semantic_diff(base: str, head: str | None, graph_dir: Path) -> list[RecordChange]:
    old, new = _load_side(base, graph_dir), _load_side(head, graph_dir)
    changes = []
    for rid in sorted(set(old.records) | set(new.records)):
        a, b = old.records.get(rid), new.records.get(rid)
        if a is None:
            changes.append(RecordChange("added", b.type, rid, b.label))
        elif b is None:
            changes.append(RecordChange("removed", a.type, rid, a.label))
        else:
            fields = []
            for f in model.RECORD_TYPES[b.type].all_fields:
                va, vb = _normal(a.data.get(f.name)), _normal(b.data.get(f.name))
                if va != vb:
                    fields.append((f.name, a.data.get(f.name), b.data.get(f.name)))
            if a.type != b.type:
                fields.insert(0, ("type", a.type, b.type))
            if fields:
                changes.append(RecordChange("changed", b.type, rid, b.label, fields))
    return changes


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return f"{len(value)} item(s)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "…"


def _list_delta(a, b) -> str | None:
    if isinstance(a, list) and isinstance(b, list) and all(not isinstance(x, dict) for x in a + b):
        plus = [str(x) for x in b if x not in a]
        minus = [str(x) for x in a if x not in b]
        parts = [f"+{x}" for x in plus] + [f"-{x}" for x in minus]
        return " ".join(parts)
    return None


def format_diff(changes: list[RecordChange], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([{"change": c.kind, "type": c.type, "id": c.id, "label": c.label,
                            "fields": [{"field": f, "before": a, "after": b} for f, a, b in c.fields]}
                           for c in changes], indent=2, default=str) + "\n"
    if not changes:
        return "No change to the plan.\n"
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    head = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    md = fmt == "markdown"
    lines = [("### " if md else "") + f"Plan changes: {head}", ""]
    for c in changes:
        bullet = "- " if md else ""
        what = {"added": "added", "removed": "REMOVED", "changed": "changed"}[c.kind]
        lines.append(f"{bullet}{c.type} '{c.id}' ({c.label}): {what}")
        for name, a, b in c.fields:
            delta = _list_delta(a, b)
            detail = delta if delta is not None else f"{_show(a)} → {_show(b)}"
            lines.append(f"{'  - ' if md else '    '}{name}: {detail}")
    return "\n".join(lines) + "\n"
