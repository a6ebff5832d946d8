"""Records: YAML files checked against the model and turned into typed values.

Input: a graph directory.  Output: a `RecordSet` (records by id, each value with its
file position) and the diagnostics of the syntax and schema layers.
"""
from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from planatlas import model
from planatlas.cache import stat_digest, stat_memo, trusted_stats
from planatlas.diagnostics import Diagnostic, Pos
from planatlas.parallel import fork_map
from planatlas.model import Field, RecordType
from planatlas.reading.textsafety import NotUTF8, markup_problem, utf8_text
from planatlas.reading.yamlstrict import YMap, YNode, YScalar, YSeq, read_yaml

_ID_RE = re.compile(model.ID_PATTERN)
_DATE_RE = re.compile(model.DATE_PATTERN)
_INT_RE = re.compile(r"^-?(0|[1-9][0-9]*)$")
_NUM_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
MAX_DIGITS = 30  # more is never a count or a value a plan states (and int() refuses > 4,300)
_YAML11_BOOL = {"y", "n", "yes", "no", "on", "off", "true", "false"}
_NULLS = {"", "~", "null", "Null", "NULL"}
RESERVED_IDS = {"index"}  # 'index' is every type's list page on the site
PLACEHOLDER = "TODO"      # what `planatlas new` writes where a value is still to be filled in


@dataclass
class Record:
    """One record: its typed field values and where each was written."""

    type: str
    id: str
    data: dict[str, Any]
    path: str
    positions: dict[str, Pos] = field(default_factory=dict)

    @property
    def rtype(self) -> RecordType:
        return model.RECORD_TYPES[self.type]

    @property
    def label(self) -> str:
        return str(self.data.get(self.rtype.label_field, self.id))

    def pos(self, key: str = "") -> Pos:
        """Position of a field (or nested path such as 'owners[1]'); the record's start if unknown."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key.rpartition("[")[0] if key.endswith("]") else key.rpartition(".")[0]
        return self.positions.get("", Pos(self.path))


class RecordDict(dict):
    """Records by id that count their changes, so the lists by type are made once per version.

    Why: pages ask for every record of a type once per record (the changes that ended a body, the
    actions of an owner); a scan of every record each time made the site quadratic in records."""

    version = 0
    _index: dict[str, list[Record]] | None = None
    _index_version = -1

    def _changed(self) -> None:
        self.version += 1

    def __setitem__(self, key, value) -> None:
        self._changed()
        dict.__setitem__(self, key, value)

    def __delitem__(self, key) -> None:
        self._changed()
        dict.__delitem__(self, key)

    def pop(self, *args):
        self._changed()
        return dict.pop(self, *args)

    def popitem(self):
        self._changed()
        return dict.popitem(self)

    def clear(self) -> None:
        self._changed()
        dict.clear(self)

    def update(self, *args, **kwargs) -> None:
        self._changed()
        dict.update(self, *args, **kwargs)

    def setdefault(self, key, default=None):
        self._changed()
        return dict.setdefault(self, key, default)

    def __ior__(self, other):
        self._changed()
        return dict.__ior__(self, other)

    def by_type(self) -> dict[str, list[Record]]:
        """Records of each type, sorted by id (made again only after a change)."""
        if self._index is None or self._index_version != self.version:
            index: dict[str, list[Record]] = {}
            for rid in sorted(dict.keys(self)):
                record = dict.__getitem__(self, rid)
                index.setdefault(record.type, []).append(record)
            self._index, self._index_version = index, self.version
        return self._index


@dataclass
class RecordSet:
    records: dict[str, Record] = field(default_factory=RecordDict)
    files: int = 0
    failed: dict[str, Pos] = field(default_factory=dict)  # file stem → first error, for files that did not load
    retired: dict[str, int] = field(default_factory=dict)  # retired id → its line in retired-ids.txt

    def __post_init__(self) -> None:
        if not isinstance(self.records, RecordDict):
            self.records = RecordDict(self.records)

    def of_type(self, name: str) -> list[Record]:
        """Records of one type, sorted by id (a new list: the caller may change it)."""
        return list(self.records.by_type().get(name, ()))

    def __iter__(self):
        return iter(sorted(self.records.values(), key=lambda r: (r.type, r.id)))

    def __len__(self) -> int:
        return len(self.records)


def article(word: str) -> str:
    """'an action', 'a metric': messages read as sentences."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def one_of(types) -> str:
    """'an objective or outcome record'."""
    return article(" or ".join(types))


def suggest(word: str, options: list[str] | set[str]) -> str:
    """'did you mean …' text, or ''."""
    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else ""


def inside(path: Path, folder: Path) -> bool:
    """True if path, with every symlink resolved, is inside folder (also resolved)."""
    try:
        path.resolve(strict=True).relative_to(folder.resolve())
        return True
    except (OSError, ValueError, RuntimeError):
        return False


def scan_data(graph_dir: Path) -> tuple[list[Path], list[tuple[Path, str, str, str]]]:
    """Record files under graph_dir/data, and the files refused with (path, code, message, hint).

    Symlinked folders are never entered; a symlinked file is refused when it leaves the graph
    folder (a record must not pull in, or let `fmt` rewrite, a file elsewhere).  Files named
    like YAML but not '*.yaml' ('.yml', '.YAML') are reported instead of silently skipped."""
    data = Path(graph_dir) / "data"
    files: list[Path] = []
    refused: list[tuple[Path, str, str, str]] = []
    if data.is_symlink() and not inside(data, Path(graph_dir)):
        return [], [(data, "symlink", "the data folder is a symlink out of the graph folder; nothing is read",
                     "keep the records in graph/data itself")]
    graph_real = Path(graph_dir).resolve()
    stack = [str(data)] if data.is_dir() else []
    while stack:                       # os.scandir: a folder entry knows its kind without a stat
        here = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            if entry.is_symlink() and entry.is_dir():
                refused.append((Path(entry.path), "symlink", "symlinked folder is not read",
                                "move the records into graph/data instead of linking them"))
                continue
            name = entry.name
            suffix = os.path.splitext(name)[1]
            if suffix.lower() not in (".yaml", ".yml"):
                continue
            path = Path(entry.path)
            if suffix != ".yaml":
                refused.append((path, "file-extension", f"'{name}' is not read: record files end in '.yaml'",
                                f"rename it to {path.stem}.yaml"))
                continue
            if entry.is_symlink() and not inside(path, graph_real):
                refused.append((path, "symlink", "symlink points outside the graph folder",
                                "copy the record into graph/data instead of linking to it"))
                continue
            if entry.is_file():
                files.append(path)
    return sorted(files), sorted(refused)


def data_files(graph_dir: Path) -> list[Path]:
    return scan_data(graph_dir)[0]


def read_record(path: Path, display: str, graph_dir: Path) -> tuple[Record | None, list[Diagnostic], Pos | None]:
    """One file through the syntax and schema layers: (record, its diagnostics, where it failed)."""
    try:
        tree, diags = read_yaml(path, display)
    except OSError as exc:
        tree, diags = None, [Diagnostic(display, 1, 1, "error", "unreadable",
                                        f"cannot read the file: {exc.strerror or exc}")]
    record = None
    if tree is not None:
        record, rec_diags = record_from_tree(tree, display, path.stem)
        diags = diags + rec_diags
        if record is not None:
            _check_folder(record, path, Path(graph_dir), diags)
    if record is not None:
        return record, diags, None
    first = min((d for d in diags if d.severity == "error"), default=None)
    return None, diags, Pos(display, first.line, first.col) if first else Pos(display)


def load_records(graph_dir: Path, root: Path | None = None,
                 memo: dict | None = None) -> tuple[RecordSet, list[Diagnostic]]:
    """Read every record under graph_dir/data; syntax and schema layers.

    memo (optional, from `cache.py`): results by hash of display path and bytes; files whose
    hash is in it are not parsed again, and the memo is left holding exactly this load's files."""
    root = root or Path.cwd()
    rs = RecordSet()
    diags: list[Diagnostic] = []
    used: dict = {}
    files, refused = scan_data(graph_dir)
    for path, code, message, hint in refused:
        diags.append(Diagnostic(_display(path, root, follow=False), 1, 1, "error", code, message, hint))
    data = Path(graph_dir) / "data"
    real_data, real_root = data.resolve(), Path(root).resolve()
    known = trusted_stats(memo.get(STATS)) if memo is not None else {}
    seen: dict[str, list] = {}
    listed = []                                   # (path, display, memo key, memo hit) in file order
    for path in files:
        display = _display_in(path, data, real_data, real_root, root)
        key = _content_key(path, display, known, seen) if memo is not None else ""
        listed.append((path, display, key, memo.get(key) if key else None))
    parsed = iter(fork_map(lambda item: read_record(item[0], item[1], graph_dir),
                           [item for item in listed if item[3] is None]))
    for path, display, key, hit in listed:
        rs.files += 1
        record, file_diags, failed = hit if hit is not None else next(parsed)
        if key:
            used[key] = (record, file_diags, failed)
        diags += file_diags
        if record is None:
            rs.failed.setdefault(path.stem, failed)
            continue
        if record.id in rs.records:
            other = rs.records[record.id]
            diags.append(Diagnostic.at(record.pos("id"), "duplicate-id",
                                       f"id '{record.id}' is already used by {other.path}",
                                       "ids are unique across all records and never reused; choose another"))
            continue
        rs.records[record.id] = record
    diags += check_retired(graph_dir, rs, root)
    if memo is not None:
        memo.clear()
        memo.update(used)
        memo[STATS] = stat_memo(seen)
    return rs, diags


STATS = ("stat",)    # the memo's stat memo (cache.stat_memo), keyed by display path


def _content_key(path: Path, display: str, known: dict, seen: dict) -> str:
    """The memo's key for a file: its display path and the sha256 of its bytes ('' if it cannot be read).

    Why: reading and hashing every file was a third of a preview's reload at 20,000 records.  The
    bytes' digest comes from the stat memo (`cache.stat_digest`, the one the cache's fingerprint
    uses) when the file's size, mtime, ctime and inode are unchanged; a file stat'ed within 2 s of
    the memo's writing is hashed again (git's "racy" files: `cache.trusted_stats`)."""
    try:
        digest = stat_digest(path, display, known, seen)
    except OSError:
        return ""
    return f"{display}\0{digest}" if digest else ""


def _check_folder(record: Record, path: Path, graph_dir: Path, diags: list[Diagnostic]) -> None:
    """A record lives in data/<its type>/: the folder is how editors and the site find it."""
    try:
        folder = path.relative_to(graph_dir / "data").parts[0]
    except (ValueError, IndexError):
        return
    if folder != record.type and len(path.relative_to(graph_dir / "data").parts) > 1:
        diags.append(Diagnostic.at(record.pos("type"), "wrong-folder",
                                   f"{article(record.type + ' record')} is in the folder '{folder}/'",
                                   f"move it to data/{record.type}/, or correct its 'type'"))


RETIRED_FILE = "retired-ids.txt"


class RetiredFileError(Exception):
    """graph/retired-ids.txt cannot be read: (line, message)."""


def retired_ids(graph_dir: Path) -> dict[str, int]:
    """Ids of withdrawn records (graph/retired-ids.txt), with their line: never to be reused."""
    path = graph_dir / RETIRED_FILE
    if not path.exists():
        return {}
    try:
        text = utf8_text(path.read_bytes())
    except NotUTF8 as exc:
        raise RetiredFileError(f"{exc.line}: the file is not valid UTF-8 (save it as UTF-8)") from None
    out = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        rid = line.split("#", 1)[0].strip()
        if rid:
            out[rid] = lineno
    return out


def check_retired(graph_dir: Path, rs: RecordSet, root: Path) -> list[Diagnostic]:
    display = _display(graph_dir / RETIRED_FILE, root)
    try:
        retired = rs.retired = retired_ids(graph_dir)
    except RetiredFileError as exc:
        line, _, message = str(exc).partition(": ")
        return [Diagnostic(display, int(line), 1, "error", "encoding", message)]
    return [Diagnostic.at(r.pos("id"), "retired-id",
                          f"id '{r.id}' belonged to a withdrawn record ({display}:{retired[r.id]})",
                          "ids are never reused; choose a new id")
            for r in rs if r.id in retired]


def _display_in(path: Path, data: Path, real_data: Path, real_root: Path, root: Path) -> str:
    """_display(path, root) for a file found under data/ (whose folders are never links: scan_data
    does not enter them), by string operations instead of resolving every file's path again (0.4 s
    of 0.6 s at 5,000 records in a preview's reload); a link, or anything unusual, the general way."""
    text, base = str(path), os.path.join(str(data), "")
    if path.is_symlink() or not text.startswith(base):
        return _display(path, root)
    real, top = os.path.join(str(real_data), text[len(base):]), os.path.join(str(real_root), "")
    return real[len(top):].replace(os.sep, "/") if real.startswith(top) else path.as_posix()


def _display(path: Path, root: Path, follow: bool = True) -> str:
    """The path as an editor knows it: relative to the root; a refused link as the link itself."""
    try:
        if not follow:
            return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def record_from_tree(tree: YNode, display: str, stem: str) -> tuple[Record | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if not isinstance(tree, YMap):
        return None, [Diagnostic.at(tree.pos, "not-a-mapping", "a record must be a mapping of fields",
                                    "start with 'id:' and 'type:' lines")]
    type_node = tree.items.get("type")
    if type_node is None:
        return None, [Diagnostic.at(tree.pos, "missing-field", "missing required field 'type'",
                                    f"one of: {', '.join(sorted(model.RECORD_TYPES))}")]
    tname = type_node.text if isinstance(type_node, YScalar) else ""
    rtype = model.RECORD_TYPES.get(tname)
    if rtype is None:
        hint = suggest(tname, set(model.RECORD_TYPES)) or f"one of: {', '.join(sorted(model.RECORD_TYPES))}"
        return None, [Diagnostic.at(type_node.pos, "unknown-type", f"unknown record type '{tname}'", hint)]
    record = Record(tname, "", {}, display, {"": tree.pos})
    _check_mapping(tree, rtype.all_fields, record, "", diags, what=article(f"{tname} record"))
    rid = record.data.get("id", "")
    record.id = rid
    if rid and rid != stem and not any(d.code == "bad-id" for d in diags):
        diags.append(Diagnostic.at(record.pos("id"), "file-name",
                                   f"id '{rid}' does not match the file name '{stem}'",
                                   f"rename the file to {rid}.yaml"))
    _check_periods(record, diags)
    if not rid:
        return None, diags
    return record, diags


def _check_mapping(node: YMap, fields: tuple[Field, ...], record: Record, prefix: str,
                   diags: list[Diagnostic], what: str, target: dict | None = None) -> None:
    target = record.data if target is None else target
    allowed = {f.name: f for f in fields}
    for key in node.order:
        path = f"{prefix}{key}"
        record.positions[path] = node.keys[key]
        f = allowed.get(key)
        if f is None:
            hint = suggest(key, set(allowed))
            allowed_list = "allowed: " + ", ".join(allowed)
            diags.append(Diagnostic.at(node.keys[key], "unknown-field", f"unknown field '{key}' in {what}",
                                       f"{hint} {allowed_list}" if hint else allowed_list))
            continue
        value = _check_field(node.items[key], f, record, path, diags)
        if value is not None:
            target[key] = value
    for f in fields:
        if f.required and f.name not in node.items:
            diags.append(Diagnostic.at(node.pos, "missing-field", f"missing required field '{f.name}' in {what}",
                                       f"add a '{f.name}:' line: {f.doc[0].lower()}{f.doc[1:].rstrip('.')}"))


def _check_field(node: YNode, f: Field, record: Record, path: str, diags: list[Diagnostic]) -> Any:
    if f.many:
        if isinstance(node, YScalar) and node.plain and node.text in _NULLS:
            diags.append(Diagnostic.at(node.pos, "empty-value", f"'{f.name}' is empty",
                                       "give at least one value, or remove the line"))
            return None
        if not isinstance(node, YSeq):
            diags.append(Diagnostic.at(node.pos, "expected-list", f"'{f.name}' must be a list",
                                       f"write it as a list: '- value' lines under '{f.name}:'"))
            return None
        values = []
        for i, item in enumerate(node.items):
            ipath = f"{path}[{i}]"
            record.positions[ipath] = item.pos
            if f.kind != model.NESTED and not isinstance(item, YScalar):
                diags.append(Diagnostic.at(item.pos, "expected-scalar",
                                           f"each item of '{f.name}' must be a single value, not a "
                                           f"{'list' if isinstance(item, YSeq) else 'mapping'}",
                                           f"'{f.name}' must be a list of values: one '- value' line each"))
                continue
            v = _check_single(item, f, record, ipath, diags)
            if v is not None and f.kind in (model.REF, model.ENUM) and v in values:
                first = values.index(v)
                diags.append(Diagnostic.at(item.pos, "duplicate-entry",
                                           f"'{v}' is listed twice in '{f.name}' (first as item {first + 1})",
                                           "remove the repeated entry"))
                continue
            if v is not None:
                values.append(v)
        if not node.items:
            diags.append(Diagnostic.at(node.pos, "empty-value", f"'{f.name}' is an empty list",
                                       "give at least one value, or remove the line"))
        return values
    return _check_single(node, f, record, path, diags)


def _check_single(node: YNode, f: Field, record: Record, path: str, diags: list[Diagnostic]) -> Any:
    if f.kind == model.NESTED:
        if not isinstance(node, YMap):
            diags.append(Diagnostic.at(node.pos, "expected-mapping", f"each item of '{f.name}' must be a mapping",
                                       "write 'key: value' lines under '- '"))
            return None
        cls, doc, sub_fields = model.NESTED_TYPES[f.item]
        out: dict[str, Any] = {}
        index = path.rpartition("[")[2].rstrip("]")
        item_name = f"{f.name} item {int(index) + 1}" if index.isdigit() else f"{f.name} item"
        _check_mapping(node, sub_fields, record, path + ".", diags, what=item_name, target=out)
        return out
    if not isinstance(node, YScalar):
        diags.append(Diagnostic.at(node.pos, "expected-scalar", f"'{f.name.split('.')[-1]}' must be a single value",
                                   "a list or mapping is not allowed here"))
        return None
    text, pos = node.text, node.pos
    if node.plain and text in _NULLS:
        diags.append(Diagnostic.at(pos, "empty-value", f"'{f.name}' has no value",
                                   "give a value, or remove the line"))
        return None
    if text == PLACEHOLDER or text.startswith(PLACEHOLDER + ":"):
        # A scaffold's blank: as a reference it read "'TODO' is not a record id (... e.g. 'todo')", and as
        # text it passed, so a record could be merged saying "TODO".
        what = f"the id of {one_of(f.targets)} record" if f.kind == model.REF else "the value the document gives"
        diags.append(Diagnostic.at(pos, "placeholder", f"'{f.name}' still holds the placeholder '{_short(text)}' "
                                   "that 'planatlas new' wrote", f"write {what}"))
        return None
    checker = _CHECKERS[f.kind]
    return checker(text, node, f, diags)


def _bad(diags, node, code, message, hint=""):
    diags.append(Diagnostic.at(node.pos, code, message, hint))


def _text(text: str, node: YScalar, f: Field, diags: list[Diagnostic]) -> str | None:
    limit = f.max_length or (model.LONGTEXT_MAX if f.kind == model.LONGTEXT else model.TEXT_MAX)
    if f.name in ("id", "type"):
        if f.name == "id" and not _ID_RE.fullmatch(text):
            _bad(diags, node, "bad-id", f"id '{_short(text)}' is not a valid slug{_lookalikes(text)}",
                 f"use lower-case letters, digits and '-', starting with a letter or digit, at most 64 "
                 f"characters, e.g. '{_slugify(text)}'")
            return None
        if f.name == "id" and text in RESERVED_IDS:
            _bad(diags, node, "reserved-id", f"id '{text}' is reserved for the site's own pages",
                 f"choose a more specific id, e.g. '{text}-1'")
            return None
        return text
    if len(text) > limit:
        _bad(diags, node, "too-long", f"'{f.name}' is {len(text):,} characters; the limit is {limit:,}",
             "shorten it, or move detail into 'description'")
        return None
    if f.kind == model.TEXT and "\n" in text.strip():
        _bad(diags, node, "multi-line", f"'{f.name}' must be one line", "move longer text into 'description'")
        return None
    problem = markup_problem(text, plain=f.kind == model.TEXT)
    if problem:
        _bad(diags, node, "markup-in-text", f"'{f.name}' contains {problem[0]}", problem[1])
        return None
    return text


def _enum(text: str, node: YScalar, f: Field, diags: list[Diagnostic]) -> str | None:
    options = model.concept_ids(f.scheme)
    if text not in options:
        hint = suggest(text, options)
        _bad(diags, node, "bad-value", f"'{_short(text)}' is not a known {f.scheme} for '{f.name}'",
             f"{hint + ' ' if hint else ''}one of: {', '.join(options)}")
        return None
    return text


def _ref(text: str, node: YScalar, f: Field, diags: list[Diagnostic]) -> str | None:
    if not _ID_RE.fullmatch(text):
        _bad(diags, node, "bad-reference", f"'{_short(text)}' is not a record id{_lookalikes(text)}",
             f"write the id of {one_of(f.targets)} record, e.g. '{_slugify(text)}'")
        return None
    return text


def _yaml11(text: str, node: YScalar, f: Field, diags: list[Diagnostic], expected: str) -> bool:
    """Report a YAML 1.1 reading the editor probably did not intend; True if one was found."""
    if text.lower() in _YAML11_BOOL and expected != "true or false":
        _bad(diags, node, "yaml-1.1", f"'{text}' in '{f.name}' would be a boolean in YAML 1.1, not {expected}",
             f"write {expected}")
        return True
    if re.match(r"^-?0[0-7]+$", text):
        _bad(diags, node, "yaml-1.1", f"'{text}' in '{f.name}' would be an octal number in YAML 1.1",
             f"write {text.lstrip('0') or '0'} without the leading zero")
        return True
    if re.match(r"^-?\d+(:[0-5]?\d)+(\.\d*)?$", text):
        _bad(diags, node, "yaml-1.1", f"'{text}' in '{f.name}' would be a base-60 number in YAML 1.1",
             f"write {expected}")
        return True
    if re.match(r"^-?(0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+|[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?)$", text):
        _bad(diags, node, "yaml-1.1", f"'{text}' in '{f.name}' uses YAML 1.1 number syntax",
             "write plain decimal digits")
        return True
    return False


def _number(text: str, node: YScalar, f: Field, diags: list[Diagnostic]) -> Any:
    expected = "a whole number" if f.kind == model.INT else "a number"
    if not node.plain:
        _bad(diags, node, "not-a-number", f"'{f.name}' must be {expected}, not quoted text",
             f"remove the quotes around {text!r}")
        return None
    if _yaml11(text, node, f, diags, expected):
        return None
    regex = _INT_RE if f.kind == model.INT else _NUM_RE
    if not regex.fullmatch(text):
        cleaned = re.sub(r"[,%£$\s]", "", text)
        hint = f"write {cleaned}" + (" and put the unit in 'unit'" if cleaned != text.replace(",", "") else "") \
            if regex.match(cleaned) else f"write {expected} in plain digits; put words in 'note'"
        _bad(diags, node, "not-a-number", f"'{f.name}' must be {expected}, got '{_short(text)}'", hint)
        return None
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        _bad(diags, node, "number-too-large", f"'{f.name}' has {sum(ch.isdigit() for ch in text):,} digits; "
             f"at most {MAX_DIGITS} are allowed", "check the value: no count or measure a plan states is that long")
        return None
    if f.kind == model.INT and text.startswith("-") and text != "-0":
        _bad(diags, node, "negative", f"'{f.name}' must not be negative, got {text}",
             "counts, populations and positions are 0 or more")
        return None
    return int(text) if f.kind == model.INT else Decimal(text)


def _bool(text: str, node: YScalar, f: Field, diags: list[Diagnostic]) -> bool | None:
    if node.plain and text in ("true", "false"):
        return text == "true"
    if text.lower() in _YAML11_BOOL:
        _bad(diags, node, "yaml-1.1", f"'{text}' in '{f.name}' is a YAML 1.1 boolean",
             "write true or false")
    else:
        _bad(diags, node, "bad-value", f"'{f.name}' must be true or false, got '{_short(text)}'")
    return None


def _date(text: str, node: YScalar, f: Field, diags: list[Diagnostic]) -> str | None:
    if _DATE_RE.match(text):
        parts = [int(p) for p in text.split("-")]
        ok = (len(parts) < 2 or 1 <= parts[1] <= 12) and (len(parts) < 3 or 1 <= parts[2] <= 31)
        if ok:
            return text
    _bad(diags, node, "bad-date", f"'{f.name}' must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), "
         f"got '{_short(text)}'", "keep the document's wording in a text field such as 'due' or 'date_text'")
    return None


_CHECKERS = {model.TEXT: _text, model.LONGTEXT: _text, model.ENUM: _enum, model.REF: _ref,
             model.INT: _number, model.NUMBER: _number, model.BOOL: _bool, model.DATE: _date}


def _check_periods(record: Record, diags: list[Diagnostic]) -> None:
    for start, end in (("start", "end"), ("founded", "dissolved"), ("period_start", "period_end")):
        a, b = record.data.get(start), record.data.get(end)
        if a and b and _date_key(b) < _date_key(a):
            diags.append(Diagnostic.at(record.pos(end), "period-order",
                                       f"'{end}' ({b}) is before '{start}' ({a})",
                                       f"swap them, or correct the {end} date"))


def _date_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("-"))


def _short(text: str, n: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


# Letters from other scripts that look like Latin ones (an id pasted from a document).
_HOMOGLYPHS = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ӏ": "l", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "＿": "-", "_": "-"})


def _latin(text: str) -> str:
    """Lookalike letters mapped to Latin, accents dropped: 'jfp‑аction' → 'jfp-action'."""
    text = text.lower().translate(_HOMOGLYPHS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _lookalikes(text: str) -> str:
    """' (it holds U+0430 CYRILLIC SMALL LETTER A, which looks like 'a')' for the first lookalike letter."""
    for c in text:
        if ord(c) > 127 and c.lower().translate(_HOMOGLYPHS) != c.lower():
            return (f" (it holds U+{ord(c):04X} {unicodedata.name(c, 'a lookalike character')}, "
                    f"which looks like '{c.lower().translate(_HOMOGLYPHS)}')")
    return ""


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _latin(text)).strip("-")[:64].strip("-")
    return slug or "my-record"
