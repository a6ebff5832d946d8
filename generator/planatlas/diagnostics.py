"""Diagnostics: what is wrong, where, and what to do about it.

Every layer of validation returns these instead of raising, so an editor sees all
problems at once, sorted by file and line.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

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
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def github(self) -> str:
        kind = "error" if self.severity == ERROR else "warning"
        msg = self.message + (f" ({self.hint})" if self.hint else "")
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col},title={self.code}::{msg}"


def sort_unique(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags))


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diags)


def to_json(diags: list[Diagnostic]) -> str:
    errors = sum(d.severity == ERROR for d in diags)
    return json.dumps({"valid": errors == 0, "errors": errors, "warnings": len(diags) - errors,
                       "diagnostics": [asdict(d) for d in diags]}, indent=2, ensure_ascii=False)


def summary(diags: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity == ERROR for d in diags)
    warnings = len(diags) - errors
    verdict = "valid" if errors == 0 else "invalid"
    return f"{files} files checked: {errors} error{'s' * (errors != 1)}, " \
           f"{warnings} warning{'s' * (warnings != 1)} ({verdict})"


def markdown_summary(diags: list[Diagnostic], files: int) -> str:
    """A table for $GITHUB_STEP_SUMMARY: GitHub shows only 10 annotations per step."""
    lines = [f"### planatlas validate", "", summary(diags, files), ""]
    if diags:
        lines += ["| file | line | severity | code | message |", "| --- | --- | --- | --- | --- |"]
        for d in diags:
            msg = (d.message + (f" ({d.hint})" if d.hint else "")).replace("|", "\\|")
            lines.append(f"| {d.path} | {d.line} | {d.severity} | {d.code} | {msg} |")
    return "\n".join(lines) + "\n"
