"""Diagnostics: what is wrong, where, and what to do about it.

Every layer of validation returns these instead of raising, so an editor sees all
problems at once, sorted by file and line.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field

from planatlas.invisible import INVISIBLE

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a file (1-based line and column)."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str
    hint: str = field(default="", compare=False)

    @classmethod
    def at(cls, pos: Pos, code: str, message: str, hint: str = "", severity: str = ERROR) -> "Diagnostic":
        return cls(pos.path, pos.line, pos.col, severity, code, message, hint)

    def format(self) -> str:
        text = f"{printable(self.path)}:{self.line}:{self.col}: {self.severity}[{self.code}] {printable(self.message)}"
        return f"{text} ({printable(self.hint)})" if self.hint else text

    def github(self) -> str:
        """A workflow command, escaped as GitHub's toolkit does (issueCommand): data escapes '%',
        CR and LF; properties also ':' and ','. A file name can then never end the command."""
        kind = "error" if self.severity == ERROR else "warning"
        msg = self.message + (f" ({self.hint})" if self.hint else "")
        props = ",".join(f"{k}={gh_property(str(v))}" for k, v in
                         (("file", self.path), ("line", self.line), ("col", self.col), ("title", self.code)))
        return f"::{kind} {props}::{gh_data(msg)}"


def _utf8(text: str) -> str:
    """Lone surrogates (undecodable file-name bytes) as \\udcXX, so printing never fails."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def gh_data(text: str) -> str:
    return _utf8(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(text: str) -> str:
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")


# Line and paragraph separators (a line break to a terminal) and the characters that hide or reorder
# text (`invisible.py`: bidirectional controls can make a terminal line read as another, "Trojan
# Source"): escaped like control characters.
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]|" + INVISIBLE.pattern)


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """Text for a terminal line: control characters and undecodable bytes (a file name from a
    non-UTF-8 disk) shown as escapes, so one diagnostic is always one line."""
    return _ESCAPED.sub(_escape, text)


def sort_unique(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags))


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diags)


def to_json(diags: list[Diagnostic]) -> str:
    errors = sum(d.severity == ERROR for d in diags)
    return json.dumps({"valid": errors == 0, "errors": errors, "warnings": len(diags) - errors,
                       "diagnostics": [asdict(d) for d in diags]}, indent=2, ensure_ascii=False) \
        .encode("utf-8", "backslashreplace").decode("utf-8")


def summary(diags: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity == ERROR for d in diags)
    warnings = len(diags) - errors
    verdict = "valid" if errors == 0 else "invalid"
    return f"{files} files checked: {errors} error{'s' * (errors != 1)}, " \
           f"{warnings} warning{'s' * (warnings != 1)} ({verdict})"


def _md_cell(text: str) -> str:
    """A Markdown table cell of the step summary: one line, no HTML, no table syntax."""
    return html.escape(printable(text), quote=False).replace("|", "\\|").replace("`", "\\`")


def markdown_summary(diags: list[Diagnostic], files: int) -> str:
    """A table for $GITHUB_STEP_SUMMARY: GitHub shows only 10 annotations per step."""
    lines = [f"### planatlas validate", "", summary(diags, files), ""]
    if diags:
        lines += ["| file | line | severity | code | message |", "| --- | --- | --- | --- | --- |"]
        for d in diags:
            msg = _md_cell(d.message + (f" ({d.hint})" if d.hint else ""))
            lines.append(f"| {_md_cell(d.path)} | {d.line} | {d.severity} | {d.code} | {msg} |")
    return "\n".join(lines) + "\n"
