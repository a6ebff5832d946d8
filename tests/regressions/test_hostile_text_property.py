"""Property: hostile text in EVERY text field of EVERY record type comes out of the generator as text.

Hypothesis writes one hostile string into every text and long-text field (nested ones too) of the
hostile fixture's records, loaded straight into the generator (no validation: defence in depth).
The generated pages are rendered by Python-Markdown with the site's own extensions (what MkDocs
does, without a whole MkDocs build per example) and checked: no element or attribute from the data,
no script URL; titles show as written; Mermaid sources hold no directive; every CSV cell is the
normalised text; JSON-LD carries the exact text.  One real MkDocs build of the hostile fixture
(`hostile_site`) checks the search index.  Bounded: 12 examples, well under a minute.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from conftest import hostile_context
from planatlas import model
from planatlas.sitegen.build import generate_docs
from planatlas.sitegen.mkdocs_site import mkdocs_config
from planatlas.sitegen.downloads import csv_files
from planatlas.sitegen.escaping import csv_cell, plain
from planatlas.graph.rdfgraph import build_graph

PIECES = ["<x-pa onpa=1>", "</p>", "<script>alert(1)</script>", "javascript:pa()", "[l](javascript:pa)",
          "![i](x.png)", "{{ pa }}", "{% pa %}", "%%{init: {}}%%", "-->", '"]', "```", "\n", "\r\n", "|", "*",
          "_", "# ", "=", "@", "+", "-", "\u202e", "\x00", "\x1b", "&lt;", "&#60;", "{: onpa=1 }", "<!--", "'",
          '"', "\\", "\t", "click n0 call pa()", "classDef", ":::", "\u2028", "é", "<svg onload=pa()>"]
HOSTILE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=10) \
    .map(lambda parts: "PA " + "".join(parts))


def text_fields(fields):
    return [f for f in fields if f.kind in (model.TEXT, model.LONGTEXT) and f.name not in ("id", "type")]


def poison(ctx, text: str):
    """A copy of the hostile context with `text` in every text field, nested items included."""
    ctx = copy.copy(ctx)
    ctx.records = copy.deepcopy(ctx.records)
    for r in ctx.records.records.values():
        for f in text_fields(r.rtype.all_fields):
            r.data[f.name] = [text] if f.many else text
        for f in r.rtype.all_fields:
            if f.kind == model.NESTED and f.name in r.data:
                for item in r.data[f.name]:
                    for sf in text_fields(model.NESTED_TYPES[f.item].fields):
                        item[sf.name] = text
    ctx.graph = build_graph(list(ctx.records), ctx.config.base_iri)
    ctx.diagnostics = []
    return ctx


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def render(md_text: str, md: markdown.Markdown) -> Page:
    body, _meta = get_data(md_text)
    page = Page()
    page.feed(md.reset().convert(body))
    return page


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


_LABEL = re.compile(r'"[A-Za-z0-9 #;\u2026]*"')          # a label: words and #NNN; codes only
_MERMAID_BAD = re.compile(r"x-pa|onpa|javascript|%%|[{}]|PA |\bcall\b|<[a-z!/]", re.I)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])   # no shrinking: a failure prints its text
@given(HOSTILE)
def test_hostile_text_in_every_field_stays_text(tmp_path_factory, text):
    base = hostile_context()
    ctx = poison(base, text)
    docs = tmp_path_factory.mktemp("docs")
    result = generate_docs(ctx, docs)
    cfg = mkdocs_config(ctx, docs, docs.parent / "site", result["nav"])
    md = markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])
    shown = " ".join(plain(text).split())
    for path in sorted(docs.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        for block in re.findall(r"```mermaid\n(.*?)\n```", source, re.S):
            assert not _MERMAID_BAD.search(_LABEL.sub('""', block)), (path, block)   # data only inside labels
        page = render(source, md)
        for tag, attrs in page.elements:
            assert tag != "x-pa" and tag not in ("iframe", "object", "embed", "img") or "PA" not in str(attrs), \
                (path, tag)
            assert "onpa" not in attrs and "onload" not in attrs, (path, tag, attrs)
            for name in ("href", "src", "action", "xlink:href"):
                assert not re.sub(r"\s", "", attrs.get(name, "")).lower().startswith(("javascript:", "data:")), \
                    (path, tag, attrs)
        if path.parent.name in {rt.plural for rt in model.RECORD_TYPES.values()} and path.name != "index.md":
            assert shown in " ".join("".join(page.text).split()), (path, shown)   # the title, as written
    for path in sorted(docs.rglob("*.svg")):           # build-time diagrams, when written as files
        svg = Page()
        svg.feed(path.read_text(encoding="utf-8"))
        for tag, attrs in svg.elements:
            assert tag not in ("script", "foreignobject", "x-pa"), (path, tag)
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            for name in ("href", "xlink:href"):
                assert not re.sub(r"\s", "", attrs.get(name, "")).lower().startswith(("javascript:", "data:")), \
                    (path, attrs)
    for name, (csv_text, _rows) in csv_files(ctx).items():
        rows = list(csv.reader(io.StringIO(csv_text)))
        header = rows[0]
        width = len(header)
        assert all(len(row) == width for row in rows), name     # no cell split a row
        for row in rows[1:]:
            for column, cell in zip(header, row):
                if column in ("id", "iri", "page", "metric", "position"):
                    continue
                assert not cell.lstrip(" \n").startswith(("=", "+", "-", "@")), (name, column, cell)
        rtype = model.RECORD_TYPES.get(name)
        if rtype is not None:
            for f in text_fields(rtype.all_fields):
                if f.name in header:
                    column = header.index(f.name)
                    assert {row[column] for row in rows[1:]} <= {csv_cell(text), ""}, (name, f.name)
    jsonld = json.loads(ctx.site_outputs["data/planatlas.jsonld"])   # downloads go to site/, not docs/
    assert text in set(strings(jsonld))


def test_the_search_index_of_a_real_build_holds_no_markup(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            value = doc.get(key, "")
            assert not re.search(r"<\s*(script|img|iframe|svg|a\s+href\s*=\s*['\"]?javascript)", value, re.I), \
                (doc["location"], value[:200])
    assert any("PAXSS" in doc.get("text", "") for doc in index["docs"])   # the hostile text is there, as text
