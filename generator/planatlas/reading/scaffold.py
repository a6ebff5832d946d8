"""`planatlas new`: a record file with the required fields, so an editor starts right."""
from __future__ import annotations

import re
from pathlib import Path

from planatlas import model
from planatlas.diagnostics import printable
from planatlas.reading.records import (PLACEHOLDER, RESERVED_IDS, RETIRED_FILE, RetiredFileError, data_files,
                                       retired_ids)
from planatlas.reading.textsafety import markup_problem
from planatlas.reading.yamlstrict import value_problem


class ScaffoldError(Exception):
    pass


def _placeholder(f: model.Field) -> str:
    if f.kind == model.ENUM:
        return model.concept_ids(f.scheme)[0] + f"  # one of: {', '.join(model.concept_ids(f.scheme))}"
    if f.kind == model.REF:
        return f"{PLACEHOLDER}  # id of a {' or '.join(f.targets)} record"
    if f.kind in (model.INT, model.NUMBER):
        return "0"
    return f'"{PLACEHOLDER}"'


def new_record(graph_dir: Path, rtype: str, rid: str, title: str | None = None) -> Path:
    if not re.fullmatch(model.ID_PATTERN, rid):
        raise ScaffoldError(f"{printable(repr(rid))} is not a valid id: use lower-case letters, digits and '-' "
                            f"(at most 64 characters)")
    if rid in RESERVED_IDS:
        raise ScaffoldError(f"id '{rid}' is reserved for the site's own pages; choose a more specific id")
    if not (graph_dir / "data").is_dir():
        raise ScaffoldError(f"'{graph_dir}' has no data/ folder of records")
    try:
        retired = retired_ids(graph_dir)
    except RetiredFileError as exc:
        raise ScaffoldError(f"{graph_dir / RETIRED_FILE}:{exc}") from None
    if rid in retired:
        raise ScaffoldError(f"id '{rid}' belonged to a withdrawn record ({graph_dir / RETIRED_FILE}:"
                            f"{retired[rid]}); ids are never reused")
    for existing in data_files(graph_dir):
        if existing.stem == rid:
            raise ScaffoldError(f"id '{rid}' is already used by {existing}; ids are never reused")
    if title is not None:
        bad = value_problem(title)
        problem = (bad[1], "delete it") if bad else markup_problem(title, plain=True)
        if problem or "\n" in title:
            what = problem[0] if problem else "a line break"
            raise ScaffoldError(f"the title contains {what}: titles are one line of plain text")
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
    lines += ["sources:", f"  - document: {PLACEHOLDER}  # id of a source record, e.g. src-jfp-2023",
              f'    section: "{PLACEHOLDER}: page heading or section"']
    path = graph_dir / "data" / rtype / f"{rid}.yaml"
    if path.parent.is_symlink():
        raise ScaffoldError(f"'{path.parent}' is a symlink; records are only written inside the graph folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:   # never through an existing file or link
        fh.write("\n".join(lines) + "\n")
    return path
