"""`planatlas diff`: what a change does to the plan, in words a reviewer can check.

Both sides are read with the same loader as `validate`, so the diff compares
meaning (typed values), not YAML text: re-quoting or reordering keys is no change.
Records are named by their labels and concepts by theirs ("owner: Provider Trust
Boards → NHS Kent and Medway ICB"), and the diff looks past single fields:

- a *move*: an action whose objective changed (or an objective whose outcome changed);
- a *rename*: an id retired in `graph/retired-ids.txt` and a new record of the same
  type with the same content (references that followed the rename are not noise);
- *consequences*: a removed record others depended on or still point to, an
  objective left with no action, a metric left with no target.

A record file that cannot be read on either side (a YAML error) is not compared at all and
is named as such: it once showed as "removed", with the consequences of a removal.

Git revisions are resolved with `git rev-parse --verify --end-of-options`, so a
revision can never be read as an option, and only the resolved commit id reaches
`git archive`.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from planatlas import model
from planatlas.diagnostics import ERROR, Diagnostic
from planatlas.sitegen.wording import number, concept
from planatlas.sitegen.escaping import md_text, plain
from planatlas.reading.records import Record, load_records, retired_ids

MARKER = "<!-- planatlas-diff -->"
COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
# The field that places a record under its parent: changing it is a move.
PARENT_FIELDS = {"action": "contributes_to", "objective": "serves", "metric": "measures",
                 "membership": "body"}
SINGULAR = {"owners": "owner", "programmes": "programme", "sources": "source", "horizons": "horizon",
            "observations": "observation", "comparisons": "comparison", "themes": "theme",
            "members": "member"}
KIND_ORDER = ("removed", "renamed", "moved", "added", "changed")


class DiffError(Exception):
    """A side cannot be read (not a folder, not a git revision): exit code 2."""


# Data ------------------------------------------------------------------------------------
@dataclass
class FieldChange:
    field: str
    words: str          # plain text, e.g. "owner: Provider Trust Boards → NHS Kent and Medway ICB"
    before: object = None
    after: object = None


@dataclass
class RecordChange:
    kind: str           # added | removed | changed | moved | renamed
    type: str
    id: str
    label: str
    fields: list[FieldChange] = field(default_factory=list)
    old_id: str = ""    # renamed: the retired id


@dataclass
class Consequence:
    code: str           # removed-dependency | still-referenced | objective-without-action | metric-without-target
    type: str
    id: str
    label: str
    words: str          # plain text


@dataclass
class NotCompared:
    id: str             # the file's name (a record's id is its file name)
    side: str           # "the working tree", a revision or a folder, as given
    words: str          # plain text: the file's first error


@dataclass
class Diff:
    changes: list[RecordChange] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.consequences or self.not_compared)


@dataclass
class Side:
    """One version of the plan: its records, its retired ids, and the files that could not be read
    (file name → their first error)."""

    records: dict[str, Record]
    retired: set[str] = field(default_factory=set)
    unreadable: dict[str, str] = field(default_factory=dict)
    name: str = "the working tree"


# Reading a side --------------------------------------------------------------------------
def git(args: list[str], cwd: Path, binary: bool = False) -> str | bytes:
    """Run git; DiffError with git's own message if it fails or is missing."""
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, timeout=120)
    except FileNotFoundError as exc:
        raise DiffError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip()
        raise DiffError(detail or f"git {args[0]} failed") from exc
    except subprocess.TimeoutExpired as exc:
        raise DiffError(f"git {args[0]} took too long") from exc
    return out.stdout if binary else out.stdout.decode("utf-8", "replace")


def resolve_revision(spec: str, cwd: Path) -> str:
    """The commit id a revision names; never reads the revision as an option: it must not start
    with '-', it goes after --end-of-options, and only the hex id it resolves to reaches git later."""
    if not spec or spec.startswith("-") or any(c in spec for c in "\0\n\r"):
        raise DiffError(f"cannot read '{plain(spec)}' as a git revision or a graph folder (a revision never "
                        "starts with '-')")
    try:
        sha = str(git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"], cwd)).strip()
    except DiffError as exc:
        raise DiffError(f"cannot read '{plain(spec)}' as a git revision or a graph folder") from exc
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        raise DiffError(f"cannot read '{plain(spec)}' as a git revision or a graph folder")
    return sha


def changed_files(spec: str, cwd: Path) -> set[str]:
    """Files (relative to cwd) that differ from a revision: committed, uncommitted and new ones."""
    sha = resolve_revision(spec, cwd)
    top = Path(str(git(["rev-parse", "--show-toplevel"], cwd)).strip())
    names = str(git(["diff", "--name-only", "-z", "--no-renames", sha, "--"], top)).split("\0")
    names += str(git(["ls-files", "-z", "--others", "--exclude-standard"], top)).split("\0")
    out = set()
    for name in filter(None, names):
        try:
            out.add((top / name).resolve().relative_to(cwd.resolve()).as_posix())
        except ValueError:
            continue
    return out


def _unreadable(failed: dict, diags: list[Diagnostic]) -> dict[str, str]:
    """File name → the first error of each record file that did not load."""
    first: dict[str, str] = {}
    for d in diags:
        if d.severity == ERROR:
            first.setdefault(d.path, d.format())
    return {stem: first.get(pos.path, f"{pos.path}: could not be read") for stem, pos in failed.items()}


def read_folder(graph_dir: Path, name: str = "the working tree") -> Side:
    if not (Path(graph_dir) / "data").is_dir():
        raise DiffError(f"'{plain(str(graph_dir))}' is not a graph folder: it has no data/ folder of records")
    rs, diags = load_records(graph_dir)
    return Side(dict(rs.records), set(retired_ids(graph_dir)), _unreadable(rs.failed, diags), name)


def read_side(spec: str | None, graph_dir: Path) -> Side:
    """The working tree (None), a graph folder, or a git revision's copy of graph_dir."""
    if spec is None:
        return read_folder(graph_dir)
    if Path(spec).is_dir():
        return read_folder(Path(spec), plain(spec))
    where = graph_dir if graph_dir.is_dir() else Path.cwd()
    sha = resolve_revision(spec, where)
    top = Path(str(git(["rev-parse", "--show-toplevel"], where)).strip())
    try:
        prefix = graph_dir.resolve().relative_to(top.resolve()).as_posix()
    except ValueError as exc:
        raise DiffError(f"'{graph_dir}' is not inside the git repository {top}") from exc
    blob = git(["archive", "--format=tar", sha, "--", prefix], top, binary=True)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
            tar.extractall(tmp, filter="data")
        rs, diags = load_records(Path(tmp) / prefix, root=Path(tmp))
        return Side(dict(rs.records), set(retired_ids(Path(tmp) / prefix)), _unreadable(rs.failed, diags),
                    plain(spec))


# Words -------------------------------------------------------------------------------------
Labeller = Callable[[str], str]


def quote(text: object, limit: int = 80) -> str:
    s = plain(text)
    return f"“{s if len(s) <= limit else s[: limit - 1].rstrip() + '…'}”"


def field_words(name: str, one: bool = False) -> str:
    return (SINGULAR.get(name, name) if one else name).replace("_", " ")


def value_words(f: model.Field, value: object, label: Labeller) -> str:
    """One value in words: a record's label, a concept's label, a quoted text, a number."""
    if f.kind == model.REF:
        return label(str(value))
    if f.kind == model.ENUM:
        return concept(f.scheme, value)
    if f.kind in (model.TEXT, model.LONGTEXT):
        return quote(value)
    if f.kind in (model.INT, model.NUMBER, model.BOOL):
        return number(value)
    return plain(value)


def amount(item: dict) -> str:
    unit = str(item.get("unit", ""))
    value = number(item.get("value", ""))
    return f"{value}{unit}" if unit in ("%", "") else f"{value} {unit}"


def item_name(item_type: str, item: dict, label: Labeller) -> str:
    """How a nested item is named: 'target for 2024-03', 'source: Joint Forward Plan, Chapter 3'."""
    if item_type == "observation":
        when = item.get("date") or item.get("period")
        where = f" in {label(str(item['area']))}" if item.get("area") else ""
        scope = " (national)" if item.get("scope") == "national" else ""
        return f"{item.get('kind', 'value')}{' for ' + plain(when) if when else ''}{where}{scope}"
    if item_type == "source-ref":
        page = f", page {plain(item['page'])}" if item.get("page") else ""
        return f"source: {label(str(item.get('document', '')))}, {plain(item.get('section', ''))}{page}"
    if item_type == "comparison":
        period = f" ({plain(item['period'])})" if item.get("period") else ""
        return f"comparison of {label(str(item.get('area', '')))} with {plain(item.get('comparator', ''))}{period}"
    return item_type


def item_key(item_type: str, item: dict) -> tuple:
    if item_type == "observation":
        return (item.get("kind"), str(item.get("date") or item.get("period") or ""), item.get("area"),
                item.get("scope"))
    if item_type == "source-ref":
        return (item.get("document"), item.get("section"), item.get("page"))
    if item_type == "comparison":
        return (item.get("area"), item.get("comparator"), item.get("period"))
    return tuple(sorted((k, str(v)) for k, v in item.items()))


# Comparing -------------------------------------------------------------------------------
def _canon(value: object) -> str:
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _mapped(f: model.Field, value: object, renames: dict[str, str]) -> object:
    """A value with references to renamed ids replaced by the new ids."""
    if f.kind == model.REF and renames:
        if isinstance(value, list):
            return [renames.get(str(v), v) for v in value]
        return renames.get(str(value), value) if value is not None else None
    if f.kind == model.NESTED and renames and isinstance(value, list):
        sub = {s.name: s for s in model.NESTED_TYPES[f.item].fields}
        return [{k: _mapped(sub[k], v, renames) if k in sub else v for k, v in item.items()}
                if isinstance(item, dict) else item for item in value]
    return value


def nested_changes(f: model.Field, a: list, b: list, label: Labeller) -> list[FieldChange]:
    """Items of a nested list matched by what they are (kind and date, document and section)."""
    sub = {s.name: s for s in model.NESTED_TYPES[f.item].fields}
    old: dict[tuple, list[dict]] = {}
    for item in a:
        old.setdefault(item_key(f.item, item), []).append(item)
    out: list[FieldChange] = []
    added = []
    for item in b:
        key = item_key(f.item, item)
        if old.get(key):
            before = old[key].pop(0)
            if _canon(before) == _canon(item):
                continue
            name = item_name(f.item, item, label)
            if f.item == "observation" and (before.get("value"), before.get("unit")) != \
                    (item.get("value"), item.get("unit")):
                out.append(FieldChange(f.name, f"{name}: {amount(before)} → {amount(item)}", before, item))
            for k, s in sub.items():
                if k in ("value", "unit") and f.item == "observation":
                    continue
                if _canon(before.get(k)) != _canon(item.get(k)):
                    out.append(FieldChange(f.name, f"{name}: {scalar_change(s, before.get(k), item.get(k), label)}",
                                           before, item))
        else:
            added.append(item)
    for item in added:
        what = f": {amount(item)}" if f.item == "observation" else ""
        out.append(FieldChange(f.name, f"{item_name(f.item, item, label)} added{what}", None, item))
    for items in old.values():
        for item in items:
            what = f" (was {amount(item)})" if f.item == "observation" else ""
            out.append(FieldChange(f.name, f"{item_name(f.item, item, label)} removed{what}", item, None))
    return out


def excerpts(a: object, b: object, width: int = 80) -> tuple[str, str]:
    """Two versions of a long text, each cut to the part that changed (“…start of the change…”)."""
    x, y = plain(a), plain(b)
    if len(x) <= width and len(y) <= width:
        return quote(x), quote(y)
    p = 0
    while p < min(len(x), len(y)) and x[p] == y[p]:
        p += 1
    start = max(0, p - 20)
    start = x.rfind(" ", 0, start + 1) + 1 if start else 0

    def cut(t: str) -> str:
        seg = t[start:start + width]
        return f"“{'…' if start else ''}{seg.strip()}{'…' if start + width < len(t) else ''}”"
    return cut(x), cut(y)


def scalar_change(f: model.Field, a: object, b: object, label: Labeller) -> str:
    """'timescale: Medium term → Long term', 'review note added: “...”'."""
    name = field_words(f.name)
    if a is not None and b is not None and f.kind in (model.TEXT, model.LONGTEXT):
        before, after = excerpts(a, b)
        return f"{name}: {before} → {after}"
    if a is None:
        return f"{name} added: {value_words(f, b, label)}"
    if b is None:
        return f"{name} removed (was {value_words(f, a, label)})"
    return f"{name}: {value_words(f, a, label)} → {value_words(f, b, label)}"


def field_changes(rt: model.RecordType, a: Record, b: Record, label: Labeller,
                  renames: dict[str, str]) -> list[FieldChange]:
    out: list[FieldChange] = []
    for f in rt.all_fields:
        if f.name in ("id", "type"):
            continue
        va, vb = _mapped(f, a.data.get(f.name), renames), b.data.get(f.name)
        if f.many and f.kind != model.NESTED:
            la, lb = _as_list(va), _as_list(vb)
            if sorted(map(_canon, la)) == sorted(map(_canon, lb)):
                continue
            gone = [x for x in la if x not in lb]
            new = [x for x in lb if x not in la]
            words = [value_words(f, x, label) for x in gone], [value_words(f, x, label) for x in new]
            if len(gone) == 1 and len(new) == 1:
                text = f"{field_words(f.name, one=True)}: {words[0][0]} → {words[1][0]}"
            else:
                parts = ([f"added {', '.join(words[1])}"] if new else []) + \
                        ([f"removed {', '.join(words[0])}"] if gone else [])
                text = f"{field_words(f.name)}: {'; '.join(parts) or 'reordered'}"
            out.append(FieldChange(f.name, text, va, vb))
        elif f.kind == model.NESTED:
            if _canon(_as_list(va)) != _canon(_as_list(vb)):
                out += nested_changes(f, _as_list(va), _as_list(vb), label)
        elif _canon(va) != _canon(vb):
            out.append(FieldChange(f.name, scalar_change(f, va, vb, label), va, vb))
    if a.type != b.type:
        out.insert(0, FieldChange("type", f"type: {a.type} → {b.type}", a.type, b.type))
    return out


def _content(r: Record) -> str:
    return _canon({k: v for k, v in r.data.items() if k != "id"})


def find_renames(old: Side, new: Side) -> dict[str, str]:
    """{retired id: new id} where the new record has the same type and content (or the same label)."""
    gone = [rid for rid in old.records if rid not in new.records and rid in new.retired]
    fresh = [rid for rid in new.records if rid not in old.records]
    renames: dict[str, str] = {}
    for rid in sorted(gone):
        a = old.records[rid]
        same = [n for n in fresh if n not in renames.values() and new.records[n].type == a.type
                and _content(new.records[n]) == _content(a)]
        if not same:
            same = [n for n in fresh if n not in renames.values() and new.records[n].type == a.type
                    and new.records[n].label == a.label]
        if len(same) == 1:
            renames[rid] = same[0]
    return renames


def compare(old: Side, new: Side, full: bool = True, known: dict[str, Record] | None = None) -> Diff:
    """Every record change, in words; with `full`, the consequences for the rest of the plan.

    `known`: other records to name references by, when the sides hold only the changed files.
    """
    known = known or {}
    skipped = set(old.unreadable) | set(new.unreadable)
    not_compared = [NotCompared(rid, side.name, side.unreadable[rid])
                    for side in (old, new) for rid in sorted(side.unreadable)]
    if skipped:      # compared without them on both sides: unknown is not removed (nor added)
        old = Side({k: v for k, v in old.records.items() if k not in skipped}, old.retired, {}, old.name)
        new = Side({k: v for k, v in new.records.items() if k not in skipped}, new.retired, {}, new.name)

    def label(rid: str) -> str:
        r = new.records.get(rid) or old.records.get(rid) or known.get(rid)
        return quote(r.label, 60) if r else rid

    def typed(rid: object) -> str:
        """'objective “Improve housing and health”'."""
        r = new.records.get(str(rid)) or old.records.get(str(rid)) or known.get(str(rid))
        return f"{r.type} {label(str(rid))}" if r else label(str(rid))

    renames = find_renames(old, new)
    renamed_to = set(renames.values())
    diff = Diff(not_compared=not_compared)
    for rid in sorted(set(old.records) | set(new.records)):
        a, b = old.records.get(rid), new.records.get(rid)
        if a is not None and b is None:
            if rid not in renames:
                diff.changes.append(RecordChange("removed", a.type, rid, a.label))
            continue
        if b is None:
            continue
        if a is None:
            if rid in renamed_to:
                old_id = next(k for k, v in renames.items() if v == rid)
                fields = field_changes(b.rtype, old.records[old_id], b, label, renames)
                fields.insert(0, FieldChange("id", f"id: {old_id} → {rid} (the old id is retired)", old_id, rid))
                diff.changes.append(RecordChange("renamed", b.type, rid, b.label, fields, old_id))
            else:
                diff.changes.append(RecordChange("added", b.type, rid, b.label))
            continue
        fields = field_changes(b.rtype, a, b, label, renames)
        if not fields:
            continue
        kind = "changed"
        parent = PARENT_FIELDS.get(b.type)
        for i, fc in enumerate(fields):
            if fc.field == parent and _as_list(fc.before) and _as_list(fc.after) and \
                    set(map(str, _as_list(fc.before))).isdisjoint(set(map(str, _as_list(fc.after)))):
                kind = "moved"
                src = ", ".join(typed(x) for x in _as_list(fc.before))
                dst = ", ".join(typed(x) for x in _as_list(fc.after))
                fields[i] = FieldChange(fc.field, f"moved from {src} to {dst}", fc.before, fc.after)
        diff.changes.append(RecordChange(kind, b.type, rid, b.label, fields))
    if full:
        diff.consequences = consequences(old, new, renames, label)
    return diff


def _refs(r: Record) -> list[tuple[str, str]]:
    """(field name, id) of every reference a record makes, nested ones included."""
    out = []
    for f in r.rtype.all_fields:
        value = r.data.get(f.name)
        if f.kind == model.REF:
            out += [(f.name, str(v)) for v in _as_list(value)]
        elif f.kind == model.NESTED:
            for item in _as_list(value):
                for s in model.NESTED_TYPES[f.item].fields:
                    if s.kind == model.REF and isinstance(item, dict) and item.get(s.name):
                        out.append((f"{f.name}.{s.name}", str(item[s.name])))
    return out


def _actions_by_objective(side: Side) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in side.records.values():
        if r.type == "action":
            for oid in _as_list(r.data.get("contributes_to")):
                out.setdefault(str(oid), []).append(r.id)
    return out


def _has_target(r: Record) -> bool:
    return any(isinstance(o, dict) and o.get("kind") == "target" for o in _as_list(r.data.get("observations")))


def consequences(old: Side, new: Side, renames: dict[str, str], label: Labeller) -> list[Consequence]:
    out: list[Consequence] = []
    removed = [rid for rid in old.records if rid not in new.records and rid not in renames]
    for rid in sorted(removed):
        a = old.records[rid]
        needed_by = sorted(r.id for r in old.records.values() if r.id != rid and r.id in new.records
                           and rid in map(str, _as_list(r.data.get("depends_on"))))
        if needed_by:
            out.append(Consequence("removed-dependency", a.type, rid, a.label,
                                   f"removed {a.type} {quote(a.label, 60)} was needed first by "
                                   + ", ".join(label(x) for x in needed_by)))
        still = sorted({r.id for r in new.records.values() for _f, ref in _refs(r) if ref == rid})
        if still:
            out.append(Consequence("still-referenced", a.type, rid, a.label,
                                   f"removed {a.type} {quote(a.label, 60)} is still referenced by "
                                   + ", ".join(label(x) for x in still) + " (validation will fail)"))
    before, after = _actions_by_objective(old), _actions_by_objective(new)
    for r in sorted(new.records.values(), key=lambda r: r.id):
        if r.type == "objective":
            had = [renames.get(x, x) for x in before.get(r.id, [])] + \
                [x for k, v in renames.items() if v == r.id for x in before.get(k, [])]
            if had and not after.get(r.id):
                out.append(Consequence("objective-without-action", r.type, r.id, r.label,
                                       f"objective {quote(r.label, 60)} is left with no action (it had {len(had)})"))
        if r.type == "metric" and not _has_target(r):
            prev = old.records.get(r.id) or old.records.get(next((k for k, v in renames.items() if v == r.id), ""))
            if prev is not None and _has_target(prev):
                out.append(Consequence("metric-without-target", r.type, r.id, r.label,
                                       f"metric {quote(r.label, 60)} is left with no target"))
    return out


def semantic_diff(base: str | None, head: str | None, graph_dir: Path) -> Diff:
    """The diff between two versions named as git revisions or graph folders (None: the working tree)."""
    return compare(read_side(base, graph_dir), read_side(head, graph_dir))


# Formatting --------------------------------------------------------------------------------
def _plural(n: int, word: str) -> str:
    plural = model.RECORD_TYPES[word].plural if word in model.RECORD_TYPES else word + "s"
    return f"{n} {word if n == 1 else plural}"


def summary_line(diff: Diff) -> str:
    """'1 action moved, 1 metric changed, 1 action removed; 2 consequences to check'."""
    if not diff:
        return "No change to the plan."
    counts: dict[tuple[str, str], int] = {}
    for c in diff.changes:
        counts[(c.kind, c.type)] = counts.get((c.kind, c.type), 0) + 1
    order = list(model.RECORD_TYPES)
    parts = [f"{_plural(n, t)} {kind}" for (kind, t), n in
             sorted(counts.items(), key=lambda kv: (KIND_ORDER.index(kv[0][0]), order.index(kv[0][1])))]
    text = ", ".join(parts) or "no record changed"
    if diff.consequences:
        n = len(diff.consequences)
        text += f"; {n} consequence{'' if n == 1 else 's'} to check"
    if diff.not_compared:
        n = len(diff.not_compared)
        text += f"; {n} record file{'' if n == 1 else 's'} not compared (could not be read)"
    return text + "."


def not_compared_lines(diff: Diff) -> list[str]:
    """Plain text: each file that was not compared, on which side, and why."""
    return [f"{c.id} in {c.side}: {c.words}" for c in diff.not_compared]


NOT_COMPARED = "Not compared, as they could not be read (run 'planatlas validate'):"


def _groups(diff: Diff) -> list[tuple[str, list[RecordChange]]]:
    out = []
    for t, rt in model.RECORD_TYPES.items():
        items = sorted((c for c in diff.changes if c.type == t), key=lambda c: (KIND_ORDER.index(c.kind), c.id))
        if items:
            out.append((rt.plural.capitalize(), items))
    return out


def _heading(c: RecordChange) -> str:
    return f"{c.kind.capitalize()} {c.type} {quote(c.label, 100)}"


def format_text(diff: Diff) -> str:
    if not diff:
        return "No change to the plan.\n"
    lines = [f"Plan changes: {summary_line(diff)}", ""]
    if diff.not_compared:
        lines.append(NOT_COMPARED)
        lines += [f"  ? {line}" for line in not_compared_lines(diff)]
        lines.append("")
    if diff.consequences:
        lines.append("Consequences to check:")
        lines += [f"  ! {c.words}" for c in diff.consequences]
        lines.append("")
    for title, items in _groups(diff):
        lines.append(f"{title} ({len(items)})")
        for c in items:
            lines.append(f"  {_heading(c)} ({c.id})")
            lines += [f"      {fc.words}" for fc in c.fields]
        lines.append("")
    return "\n".join(lines)


def format_markdown(diff: Diff, limit: int = COMMENT_LIMIT) -> str:
    """A pull-request comment: marker, one-line summary, consequences, the full list collapsed.

    Every text from a record goes through `md_text` (all punctuation as entities), so a
    title cannot open a tag, close the <details>, mention someone or link anywhere.
    """
    head = [MARKER, f"**Plan changes:** {md_text(summary_line(diff))}", ""]
    if not diff:
        return "\n".join(head)
    if diff.not_compared:
        head.append(f"**{md_text(NOT_COMPARED)}**")
        head.append("")
        head += [f"- ❓ {md_text(line)}" for line in not_compared_lines(diff)]
        head.append("")
    if diff.consequences:
        head.append("**Consequences to check:**")
        head.append("")
        head += [f"- ⚠️ {md_text(c.words)}" for c in diff.consequences]
        head.append("")
    if not diff.changes:
        return "\n".join(head)
    body: list[str] = []
    for title, items in _groups(diff):
        body.append(f"#### {title} ({len(items)})")
        body.append("")
        for c in items:
            body.append(f"- **{c.kind.capitalize()}** {c.type} {md_text(quote(c.label, 100))} (`{c.id}`)")
            body += [f"    - {md_text(fc.words)}" for fc in c.fields]  # 4 spaces: nested in Python-Markdown too
        body.append("")
    total = len(diff.changes)
    opening = ["<details>", f"<summary>Every change, by record type ({total} record{'' if total == 1 else 's'})"
               "</summary>", ""]
    closing = ["</details>", ""]
    size = sum(len(x) + 1 for x in head + opening + closing)
    kept = []
    for i, line in enumerate(body):
        if size + len(line) + 1 > limit - 200:
            kept += ["", f"… and more: the list is cut at {limit:,} characters; run "
                     "`planatlas diff origin/main` to see all of it.", ""]
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(head + opening + kept + closing)


def to_json(diff: Diff) -> str:
    data = {"summary": summary_line(diff),
            "changes": [asdict(c) for c in diff.changes],
            "consequences": [asdict(c) for c in diff.consequences],
            "not_compared": [asdict(c) for c in diff.not_compared]}
    return json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n"


def format_diff(diff: Diff, fmt: str = "text") -> str:
    if fmt == "json":
        return to_json(diff)
    if fmt == "markdown":
        return format_markdown(diff)
    return format_text(diff)
