"""Strict YAML reading: safe, positioned, and free of YAML 1.1 surprises.

PyYAML is used only to *compose* the node tree (safe by construction: nothing is
constructed, no tags are resolved).  Every scalar stays the text the editor wrote,
with its line and column; the schema layer decides what it means.  That is how
`no`, `on`, `0123` and `12:30` can never silently turn into False or numbers.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planatlas.diagnostics import Diagnostic, Pos
from planatlas.invisible import INVISIBLE, name as invisible_name
from planatlas.reading.textsafety import NotUTF8, utf8_text

MAX_FILE_BYTES = 256 * 1024
MAX_ALIASES = 10
MAX_DEPTH = 20

_CORE_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
              "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
              "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"}


@dataclass
class YScalar:
    text: str
    pos: Pos
    plain: bool  # unquoted: the only style YAML 1.1 would have re-typed


@dataclass
class YSeq:
    items: list["YNode"]
    pos: Pos


@dataclass
class YMap:
    items: dict[str, "YNode"]
    keys: dict[str, Pos]
    pos: Pos
    order: list[str] = field(default_factory=list)


YNode = YScalar | YSeq | YMap


class _Guarded:
    """Composer guards: aliases counted (a billion-laughs guard), nesting bounded; nothing is constructed."""

    alias_count = 0
    depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        # Deep nesting would exhaust Python's recursion limit inside PyYAML's composer.
        if self.depth > MAX_DEPTH + 1:
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels",
                                              event.start_mark)
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _CountingLoader(_Guarded, yaml.SafeLoader):
    """PyYAML's pure-Python scanner and parser: the reference, and every error message's wording."""


if yaml.__with_libyaml__:
    class _FastLoader(_Guarded, yaml.composer.Composer, yaml._yaml.CParser, yaml.resolver.Resolver):
        """libyaml's scanner and parser (6x faster: PyYAML's pure-Python scanner was most of reading
        the records) under the same Python composer and guards."""

        def __init__(self, stream: str) -> None:
            yaml._yaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    _FastLoader = None


def _compose(loader) -> list[yaml.Node]:
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        return nodes
    finally:
        loader.dispose()


def _has_empty_plain(nodes: list[yaml.Node]) -> bool:
    """Whether any plain scalar is empty ('key:' with no value): libyaml places it elsewhere."""
    stack, seen = list(nodes), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:            # an alias shares a node (or a node holds itself)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.value == "" and node.style in (None, ""):
                return True
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        else:
            stack.extend(n for pair in node.value for n in pair)
    return False


def compose(text: str) -> list[yaml.Node]:
    """The YAML documents of text as node trees, exactly as PyYAML's pure-Python loader composes them.

    libyaml composes most files (every record of the shipped graph); the pure-Python loader is used
    where the two differ: a tab anywhere (libyaml accepts tabs PyYAML refuses), an empty plain scalar
    (libyaml gives it another position), and any error (its wording and position are PyYAML's).
    tests/test_loader.py holds the two to the same trees on every YAML file of the repository and on
    random texts made of YAML's special characters."""
    if _FastLoader is not None and "\t" not in text:
        try:
            nodes = _compose(_FastLoader(text))
        except (yaml.YAMLError, RecursionError):
            nodes = None
        if nodes is not None and not _has_empty_plain(nodes):
            return nodes
    return _compose(_CountingLoader(text))


def _pos(path: str, node: yaml.Node) -> Pos:
    return Pos(path, node.start_mark.line + 1, node.start_mark.column + 1)


def value_problem(text: str) -> tuple[int, str, str] | None:
    """(offset, what, code) for the first character a DECODED value must not hold, else None.

    The source-text check cannot see what YAML escapes produce ("\\u202E", "\\e", "\\0",
    "\\uD800"), so every scalar and key is checked again after decoding."""
    for i, c in enumerate(text):
        cat = unicodedata.category(c)
        if cat == "Cs":
            return i, f"a lone surrogate U+{ord(c):04X} (not a character)", "invalid-character"
        if INVISIBLE.match(c):
            return i, f"invisible character {invisible_name(c)}", "invisible-character"
        if (cat == "Cc" and c not in "\t\n") or cat in ("Zl", "Zp"):
            return i, f"control character U+{ord(c):04X}", "control-character"
    if not unicodedata.is_normalized("NFC", text):
        return 0, "text is not in Unicode NFC form", "not-nfc"
    return None


def check_text(path: str, text: str) -> list[Diagnostic]:
    """Invisible characters and non-NFC text, reported where they are."""
    diags: list[Diagnostic] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in INVISIBLE.finditer(line):
            diags.append(Diagnostic(path, lineno, m.start() + 1, "error", "invisible-character",
                                    f"invisible character {invisible_name(m.group())}",
                                    "delete it: bidirectional and zero-width characters can hide text"))
        if unicodedata.normalize("NFC", line) != line:
            col = next(i for i, c in enumerate(line, 1) if unicodedata.normalize("NFC", c) != c
                       or unicodedata.combining(c)) if line else 1
            diags.append(Diagnostic(path, lineno, col, "error", "not-nfc",
                                    "text is not in Unicode NFC form",
                                    "retype the accented letter, or run 'planatlas fmt' to normalise it"))
        for i, c in enumerate(line, 1):
            if unicodedata.category(c) == "Cc" and c != "\t":
                diags.append(Diagnostic(path, lineno, i, "error", "control-character",
                                        f"control character U+{ord(c):04X}", "delete it"))
                break
    return diags


def read_yaml(path: Path, display: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Read one file into a positioned node tree, or say exactly why not."""
    start = Pos(display)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Diagnostic.at(start, "file-too-large",
                                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                    "split it into smaller records")]
    try:
        text = utf8_text(path.read_bytes())
    except NotUTF8 as exc:
        return None, [Diagnostic(display, exc.line, 1, "error", "encoding", "file is not valid UTF-8",
                                 "save it as UTF-8")]
    diags = check_text(display, text)
    if diags:
        return None, diags
    try:
        nodes = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        hint = "check indentation and quoting; a ':' or '#' inside text needs quotes"
        if "aliases" in problem:
            hint = "write the values out instead of using anchors and aliases"
        elif "nesting" in problem:
            hint = "records nest at most a few levels: a list of mappings at most"
        return None, [Diagnostic(display, line, col, "error", "yaml-syntax", f"YAML syntax error: {problem}", hint)]
    except yaml.YAMLError as exc:  # pragma: no cover - scanner errors are MarkedYAMLError
        return None, [Diagnostic.at(start, "yaml-syntax", f"YAML syntax error: {exc}")]
    except RecursionError:  # defence in depth: the depth guard above should stop it first
        return None, [Diagnostic.at(start, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")]
    if not nodes:
        return None, [Diagnostic.at(start, "empty-file", "file holds no record",
                                    "start from 'planatlas new TYPE ID'")]
    if len(nodes) > 1:
        return None, [Diagnostic.at(_pos(display, nodes[1]), "multiple-documents",
                                    "file holds more than one YAML document", "put one record in each file")]
    out: list[Diagnostic] = []
    tree = _convert(display, nodes[0], out, 0)
    return (None if any(d.severity == "error" for d in out) else tree), out


def _convert(path: str, node: yaml.Node, diags: list[Diagnostic], depth: int) -> YNode:
    pos = _pos(path, node)
    if depth > MAX_DEPTH:
        diags.append(Diagnostic.at(pos, "too-deep", f"nesting deeper than {MAX_DEPTH} levels"))
        return YScalar("", pos, True)
    if node.tag not in _CORE_TAGS:
        diags.append(Diagnostic.at(pos, "yaml-tag", f"YAML tag '{node.tag}' is not allowed",
                                   "remove the '!' tag; records hold plain text, lists and mappings"))
    if isinstance(node, yaml.ScalarNode):
        _check_value(path, node, diags)
        return YScalar(node.value, pos, node.style in (None, ""))
    if isinstance(node, yaml.SequenceNode):
        return YSeq([_convert(path, n, diags, depth + 1) for n in node.value], pos)
    result = YMap({}, {}, pos)
    for key_node, value_node in node.value:
        kpos = _pos(path, key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            diags.append(Diagnostic.at(kpos, "bad-key", "a key must be plain text", "write 'name: value'"))
            continue
        if _check_value(path, key_node, diags):
            continue
        if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
            diags.append(Diagnostic.at(kpos, "yaml-merge", "YAML merge keys ('<<') are not allowed",
                                       "write the fields out in full"))
            continue
        key = key_node.value
        if key in result.items:
            first = result.keys[key]
            diags.append(Diagnostic.at(kpos, "duplicate-key",
                                       f"duplicate key '{key}' (first given at line {first.line})",
                                       "keep one of them; YAML would silently keep only the last"))
            continue
        result.items[key] = _convert(path, value_node, diags, depth + 1)
        result.keys[key] = kpos
        result.order.append(key)
    return result


def _check_value(path: str, node: yaml.ScalarNode, diags: list[Diagnostic]) -> bool:
    """Report a character the decoded scalar must not hold, at the scalar's position; True if one was."""
    problem = value_problem(node.value)
    if problem is None:
        return False
    offset, what, code = problem
    hint = "retype the text; run 'planatlas fmt' for NFC" if code == "not-nfc" else \
        "delete it; YAML escapes such as \\u202E, \\e or \\0 are checked after decoding too"
    where = f" (character {offset + 1} of the value)" if code != "not-nfc" else ""
    diags.append(Diagnostic.at(_pos(path, node), code, f"{what}{where}", hint))
    return True


def plain_python(node: YNode | None):
    """Node tree → plain Python (all scalars as the strings written); for config files."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.text
    if isinstance(node, YSeq):
        return [plain_python(n) for n in node.items]
    return {k: plain_python(v) for k, v in node.items.items()}
