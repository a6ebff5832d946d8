"""The "Suggest a change" form: a static page and the small JSON files its script reads.

Why it is shaped like this: editors know a browser and a form, not git. The form is
built in the browser from each record type's JSON Schema (the same one editors' YAML
extension uses, generated from model.py), with a few hints the schema cannot carry
(plain text or prose, which record types a reference may point to, concept labels).
It checks what `planatlas validate` checks for one record, then writes the YAML and
opens the repository's web editor, or gives the YAML and a prefilled issue link. No
server: everything is a file next to the page, and nothing is fetched from another host.

Files (relative to docs/):
- suggest/index.md                 the page (the script reads ?type=...&id=...)
- suggest/schema/<type>.json       {"schema": JSON Schema, "hints": {...}, ...}
- suggest/ids.json                 {"records": [[id, type, label], ...], "retired": [...]}
- suggest/records/<id>.json        one record's fields and its file path, to pre-fill the form
"""
from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

from markupsafe import Markup

from planatlas import model
from planatlas.graph.codegen import json_schema
from planatlas.sitegen.escaping import html_text, safe_url
from planatlas.reading.records import Record, retired_ids
from planatlas.sitegen.outputs import Kept
from planatlas.sitegen.sitememo import SiteCache

PAGE = "suggest/index.md"
SCRIPT = "assets/suggest/suggest.js"
STYLE = "assets/suggest/suggest.css"
_SLUG = re.compile(model.ID_PATTERN)


def _hint(f: model.Field) -> dict:
    hint: dict = {"kind": f.kind, "label": f.label or f.name.replace("_", " ").capitalize()}
    if f.kind == model.REF:
        hint["targets"] = list(f.targets)
    if f.kind == model.ENUM:
        hint["options"] = [[cid, label] for cid, label in model.SCHEMES[f.scheme].concepts.items()]
    if f.kind == model.NESTED:
        hint["item"] = f.item
    if f.many:  # what one item is called: "Add an organisation, board or partnership", "Add a source"
        words = list(f.targets) if f.kind == model.REF else [f.name.rstrip("s").replace("_", " ")]
        hint["item_label"] = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return hint


def type_spec(rtype: str) -> dict:
    """The JSON Schema of a record type and the hints the form needs beside it."""
    rt = model.RECORD_TYPES[rtype]
    hints = {f.name: _hint(f) for f in rt.all_fields}
    for f in rt.all_fields:
        if f.kind == model.NESTED:
            for s in model.NESTED_TYPES[f.item].fields:
                hints[f"{f.name}.{s.name}"] = _hint(s)
    return {"type": rtype, "plural": rt.plural, "doc": rt.doc, "label_field": rt.label_field,
            "schema": json_schema(rtype), "hints": hints}


def _jsonable(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"


def repo_settings(ctx) -> dict[str, str]:
    """Repository URL (http(s) only), branch and the graph folder's path in the repository."""
    repo = safe_url(ctx.config.repo_url) if ctx.config.repo_url else None
    m = re.match(r"^edit/([A-Za-z0-9._/-]+?)/?$", ctx.config.edit_uri.strip("/") + "/")
    branch = m.group(1) if m else "main"
    try:
        graph = Path(ctx.graph_dir).resolve().relative_to(Path(ctx.root).resolve()).as_posix()
    except ValueError:
        graph = "graph"
    return {"repo": (repo or "").rstrip("/"), "branch": branch, "graph": graph}


def suggest_files(ctx) -> dict[str, str]:
    """Every file the form needs, as {path relative to docs/: text}."""
    records = [r for r in ctx.records if _SLUG.match(r.id) and r.id != "index"]
    out = {f"suggest/schema/{t}.json": _dump(type_spec(t)) for t in model.RECORD_TYPES}
    out["suggest/ids.json"] = _dump({"records": [[r.id, r.type, r.label] for r in records],
                                     "retired": sorted(retired_ids(Path(ctx.graph_dir)))})
    graph = repo_settings(ctx)["graph"]          # once: it resolves two folders
    kept = ctx.docs_files_cache if isinstance(ctx.docs_files_cache, SiteCache) else None
    for r in records:
        rel = f"suggest/records/{r.id}.json"
        if kept is not None and kept.keep([rel], record_key(graph, r)):
            out[rel] = Kept()        # as the last build left it (sitememo.py): 20,000 files at 20,000 records
        else:
            out[rel] = _dump({"path": record_file(graph, r), "data": _jsonable(r.data)})
    out[PAGE] = page(ctx)
    return out


def record_key(graph: str, r: Record) -> str:
    """What a record's form file is made from: the graph folder's path, its type, id and data."""
    return hashlib.sha256(repr((graph, r.type, r.id, r.data)).encode("utf-8", "surrogatepass")).hexdigest()


def record_file(graph: str, r: Record) -> str:
    """The record's file in the repository: <graph>/data/<type>/<id>.yaml (where a new one would go);
    graph: the graph folder's path in the repository (`repo_settings`)."""
    return f"{graph}/data/{r.type}/{r.id}.yaml"


def page(ctx) -> str:
    s = repo_settings(ctx)
    new_links = Markup("").join(
        Markup('<li><a href="./?type={}">New {}</a></li>').format(t, t) for t in model.RECORD_TYPES)
    return (
        '---\ntitle: "Suggest a change"\nsearch:\n  exclude: true\n---\n\n# Suggest a change\n\n'
        + str(Markup(
            '<div id="pa-suggest" class="pa-suggest" data-repo="{}" data-branch="{}" data-graph="{}" data-root="../">\n'
            '<p class="pa-suggest-intro">Change a record, or propose a new one, in this form. It checks your '
            'changes with the same rules as the plan\'s own checks, then opens the repository\'s editor with the '
            'new file ready to propose (you need a free GitHub account), or gives you the text to send.</p>\n'
            '<noscript><p>This form needs JavaScript. Without it, follow '
            '<a href="../propose-a-change/">How to propose a change</a>.</p></noscript>\n'
            '<div id="pa-suggest-form" aria-live="polite"></div>\n'
            '</div>\n\n'
            '<h2 id="new-record">Propose a new record</h2>\n'
            '<ul class="pa-suggest-new">{}</ul>\n'
            '<p>To change an existing record, open its page and choose <strong>Suggest a change</strong> near '
            'the top. <a href="../propose-a-change/">How to propose a change</a> explains both ways.</p>\n'
            '<link rel="stylesheet" href="../{}">\n'
            '<script src="../{}"></script>\n').format(
                html_text(s["repo"]), html_text(s["branch"]), html_text(s["graph"]), new_links, STYLE, SCRIPT))
    )


def suggest_link(r: Record, page_prefix: str) -> Markup:
    """The record page's 'Suggest a change' link (a query string the form reads)."""
    return Markup('<a class="pa-suggest-link" href="{}suggest/?type={}&amp;id={}">Suggest a change</a>').format(
        page_prefix, r.type, r.id)
