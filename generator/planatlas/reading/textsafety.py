"""What a text from a record may contain, decided once for validation and output.

Validation rejects markup in records; the page generator escapes everything again
regardless (defence in depth: a fixture that bypasses validation must still be safe).
"""
from __future__ import annotations

import re

_HTML_TAG = re.compile(r"<\s*[a-zA-Z!/?]")
_BAD_SCHEME = re.compile(r"\b(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_JINJA = re.compile(r"\{[{%#]|[}%#]\}")
_MERMAID = re.compile(r"%%|-->|==>|-\.->|\"\]|\bclassDef\b|\bclick\s+\S+\s+(href|call)\b", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[[^\]]*\]\s*[(\[]")
_MD_LINK_TARGET = re.compile(r"\]\(\s*([^)\s]*)")
_MD_CONTROL = re.compile(r"^\s{0,3}(#{1,6}\s|>|\|.*\||[-=]{3,}\s*$)|`|\*\*|__|^\s*\|", re.MULTILINE)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)


class NotUTF8(ValueError):
    """A file's bytes are not UTF-8; `line` is the line of the first bad byte."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is not valid UTF-8")
        self.line = line


def utf8_text(raw: bytes) -> str:
    """A file's bytes as text; NotUTF8 with the line of the first bad byte, for the message."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUTF8(raw[: exc.start].count(b"\n") + 1) from None


def markup_problem(text: str, plain: bool) -> tuple[str, str] | None:
    """(what was found, what to do) if ``text`` holds markup its field does not allow."""
    if _HTML_TAG.search(text):
        return "HTML markup", "records hold plain text; remove the '<...>' tag"
    if _BAD_SCHEME.search(text):
        return "a script or data URL", "only http:// and https:// links are allowed"
    if _JINJA.search(text):
        return "template syntax ('{{', '{%' or '{#')", "remove the braces"
    if _MERMAID.search(text):
        return "diagram syntax ('%%', '-->', '\"]' or 'classDef')", "reword it without arrows or '%%'"
    if plain:
        if _MD_LINK.search(text) or _MD_CONTROL.search(text):
            return "Markdown formatting", "titles and names are plain text; remove the formatting"
        return None
    if "![" in text:
        return "a Markdown image", "images are not allowed in records"
    for target in _MD_LINK_TARGET.findall(text):
        if not re.match(r"^https?://", target):
            return f"a link to '{target[:40]}'", "links must start with http:// or https://"
    if _TABLE_ROW.search(text):
        return "a Markdown table", "write the content as a list instead"
    return None
