"""Answered questions (graph/queries/<name>.rq), read and checked like records.

Why a reader of its own: `validate` passed a graph whose question files the build then refused, one
problem per build ("needs a slug file name and '# title:' and '# description:' header lines", for
any of the three), so a pull request's check said nothing about them. Now every problem of every
question file is a diagnostic (path:line:col, a code, a hint): a name that is not a slug or is
reserved, a missing or unsafe header line, a file that is a folder, not UTF-8 or a link out of the
graph, and a query that does not parse or that reaches out (SERVICE, LOAD) or nests too deep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from planatlas import model
from planatlas.diagnostics import ERROR, Diagnostic
from planatlas.errors import CannotRun, QueryError
from planatlas.namespaces import DEFAULT_BASE
from planatlas.query.sparql import check_no_network, query_form
from planatlas.reading.records import RESERVED_IDS, _display, _slugify, inside
from planatlas.reading.textsafety import NotUTF8, markup_problem, utf8_text
from planatlas.reading.yamlstrict import value_problem

_HEADER = re.compile(r"^#\s*(title|description|columns)\s*:\s*(.*)$")
_AT = re.compile(r"^line (\d+), column (\d+): (.*)", re.S)
HEADER_HINT = "start the file with '# title: ...' and '# description: ...' lines: the site shows them"


@dataclass(frozen=True)
class Question:
    """One answered question: graph/queries/<name>.rq with '# title:' and '# description:' header lines,
    and optionally '# columns:' (the column headings in words, comma-separated, one per variable)."""

    name: str
    title: str
    description: str
    query: str
    columns: tuple[str, ...] = ()

    def headings(self, variables: list[str]) -> list[str]:
        """Column headings: the '# columns:' line where it names every column, else from the variables."""
        if len(self.columns) == len(variables):
            return list(self.columns)
        return [heading(v) for v in variables]


# Words for the endings of variable names: dueText -> "Due (as written)".
_SUFFIXES = {"text": "(as written)"}
_ACRONYMS = {a.lower(): a for a in ("CCG", "ICB", "ICS", "ICP", "HCP", "NHS", "PCN", "SRO", "HWB", "IRI", "CSV")}


def heading(variable: str) -> str:
    """A column heading in words from a SPARQL variable name: ownedActions -> "Owned actions",
    dueText -> "Due (as written)", has_target -> "Has target"."""
    found = re.findall(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+", variable.replace("_", " "))
    words = [w if w.isupper() and len(w) > 1 else _ACRONYMS.get(w.lower(), w.lower()) for w in found]
    if not words:
        return variable
    if len(words) > 1 and words[-1] in _SUFFIXES:
        words[-1] = _SUFFIXES[words[-1]]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _error(where: str, line: int, col: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(where, line, col, ERROR, code, message, hint)


def _header(text: str) -> tuple[dict[str, str], dict[str, int]]:
    """The header's fields (a field may continue on the '#' lines after it) and the line of each."""
    fields: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    current = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            current = m.group(1)
            fields[current] = [m.group(2).strip()]
            lines[current] = lineno
        elif current:
            fields[current].append(line.lstrip("#").strip())
    return {k: " ".join(v).strip() for k, v in fields.items()}, lines


def read_question(path: Path, queries_dir: Path, root: Path, base: str) -> tuple[Question | None, list[Diagnostic]]:
    """One question file: the Question if it has no error, and every problem found in it."""
    where = _display(path, root, follow=False)
    if path.is_symlink() and not inside(path, queries_dir.parent):
        return None, [_error(where, 1, 1, "symlink", "symlink points outside the graph folder",
                             "copy the query into graph/queries instead of linking to it")]
    if path.is_dir():
        return None, [_error(where, 1, 1, "question-file", f"'{path.name}' is a folder, not a question file",
                             "rename the folder: a name ending in .rq is read as an answered question")]
    try:
        text = utf8_text(path.read_bytes())
    except NotUTF8 as exc:
        return None, [_error(where, exc.line, 1, "encoding", "the file is not valid UTF-8", "save it as UTF-8")]
    except OSError as exc:
        return None, [_error(where, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}")]
    diags: list[Diagnostic] = []
    name = path.stem
    if not re.fullmatch(model.ID_PATTERN, name):
        diags.append(_error(where, 1, 1, "file-name", f"'{name}' is not a valid question name",
                            f"rename the file to {_slugify(name)}.rq: lower-case letters, digits and '-'"))
    elif name in RESERVED_IDS:
        diags.append(_error(where, 1, 1, "reserved-id", f"'{name}' is reserved for the list of questions",
                            f"rename the file, e.g. to {name}-1.rq"))
    fields, lines = _header(text)
    for field in ("title", "description"):
        if field not in fields:
            diags.append(_error(where, 1, 1, "question-header", f"no '# {field}:' line", HEADER_HINT))
        elif not fields[field]:
            diags.append(_error(where, lines[field], 1, "question-header", f"an empty '# {field}:' line",
                                f"write the question's {field} after '# {field}:'; the site shows it"))
    for field in ("title", "description", "columns"):
        value = fields.get(field, "")
        bad = value_problem(value)
        problem = (bad[1], "delete it") if bad else markup_problem(value, plain=True)
        if value and problem:
            diags.append(_error(where, lines[field], 1, "markup-in-text", f"'# {field}:' contains {problem[0]}",
                                f"{problem[1]}; it is shown on the site as plain text"))
    try:
        check_no_network(text)
        query_form(text, base)
    except QueryError as exc:
        m = _AT.match(str(exc))
        if m:          # a syntax error, at its place in the file (the header lines are comments)
            diags.append(_error(where, int(m.group(1)), int(m.group(2)), "sparql", m.group(3).split("\n")[0],
                                "try it with 'planatlas query' or on the site's Query page"))
        else:          # SERVICE, LOAD, too deep: the message says what to do
            diags.append(_error(where, 1, 1, "sparql", str(exc)))
    if diags:
        return None, diags
    columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
    return Question(name, fields["title"], fields["description"], text, columns), []


def read_questions(queries_dir: Path, root: Path | None = None,
                   base: str = "") -> tuple[list[Question], list[Diagnostic]]:
    """Every question file in queries_dir (sorted by name): the good ones and every problem."""
    queries_dir = Path(queries_dir)
    root = Path(root) if root is not None else Path.cwd()
    questions, diags = [], []
    for path in sorted(queries_dir.glob("*.rq")):
        q, found = read_question(path, queries_dir, root, base or DEFAULT_BASE)
        diags += found
        if q is not None:
            questions.append(q)
    return questions, diags


def load_questions(queries_dir: Path, root: Path | None = None, base: str = "") -> list[Question]:
    """The questions, or CannotRun naming the first problem (a build has validated them first)."""
    questions, diags = read_questions(queries_dir, root, base)
    if diags:
        raise CannotRun(diags[0].format())
    return questions
