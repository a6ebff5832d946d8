"""`planatlas fmt`: safe, text-level normalisation of record files.

It never re-emits YAML (that would drop editors' comments); it fixes what is
invisible or mechanical: NFC, line ends, trailing spaces, the schema comment line.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from planatlas.reading.records import data_files

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{type}.schema.json"


def format_text(text: str, rtype: str | None) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if rtype:
        header = SCHEMA_LINE.format(type=rtype)
        if lines and lines[0].startswith("# yaml-language-server:"):
            lines[0] = header
        else:
            lines.insert(0, header)
    return "\n".join(lines) + "\n"


def _record_type(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("type:"):
            value = line.partition(":")[2].split("#")[0].strip().strip("'\"")
            return value or None
    return None


def format_tree(graph_dir: Path, write: bool = True) -> list[str]:
    """Files that change (or would, with write=False). Bytes are read as they are, so CRLF line
    ends are seen (text mode would hide them). Symlinks are never written through: a record that
    is a link is reported by validate, and fmt leaves it alone."""
    changed = []
    for path in data_files(graph_dir):
        if path.is_symlink():
            continue
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # validate reports it; fmt never guesses an encoding
        new = format_text(text, _record_type(text))
        if new != text:
            changed.append(str(path))
            if write:
                path.write_bytes(new.encode("utf-8"))
    return changed
