"""`planatlas new`: a record file with the required fields, so an editor starts right."""
from __future__ import annotations

import re
from pathlib import Path

from . import model
from .records import data_files


class ScaffoldError(Exception):
    pass


def _placeholder(f: model.Field) -> str:
    if f.kind == model.ENUM:
        return model.concept_ids(f.scheme)[0] + f"  # one of: {', '.join(model.concept_ids(f.scheme))}"
    if f.kind == model.REF:
        return f"TODO  # id of a {' or '.join(f.targets)} record"
    if f.kind in (model.INT, model.NUMBER):
        return "0"
    return '"TODO"'


def new_record(graph_dir: Path, rtype: str, rid: str, title: str | None = None) -> Path:
    if not re.match(model.ID_PATTERN, rid):
        raise ScaffoldError(f"'{rid}' is not a valid id: use lower-case letters, digits and '-' "
                            f"(at most 64 characters)")
    if not (graph_dir / "data").is_dir():
        raise ScaffoldError(f"'{graph_dir}' has no data/ folder of records")
    for existing in data_files(graph_dir):
        if existing.stem == rid:
            raise ScaffoldError(f"id '{rid}' is already used by {existing}; ids are never reused")
    rt = model.RECORD_TYPES[rtype]
    lines = [f"# yaml-language-server: $schema=../../schema/{rtype}.schema.json", f"id: {rid}", f"type: {rtype}"]
    for f in rt.all_fields:
        if f.name in ("id", "type", "sources") or not f.required:
            continue
        if f.name == rt.label_field and title:
            value = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
        else:
            value = _placeholder(f)
        lines.append(f"{f.name}:" + (f"\n  - {value}" if f.many else f" {value}"))
    lines += ["sources:", "  - document: TODO  # id of a source record, e.g. src-jfp-2023",
              '    section: "TODO: page heading or section"']
    path = graph_dir / "data" / rtype / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
