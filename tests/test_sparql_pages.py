"""The answered-question pages, the Query page's files and the downloads, as the build writes them."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from html.parser import HTMLParser

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from helpers import REPO
from planatlas.graph import dataset
from planatlas import model
from planatlas.query import sparql
from planatlas.sitegen.downloads import data_page, download_files
from planatlas.sitegen.outputs import DOWNLOADS, made, write_outputs
from planatlas.pipeline import load
from planatlas.sitegen.querypages import answer, load_questions, projected, query_pages

QUESTIONS = load_questions(REPO / "graph" / "queries")


@pytest.fixture(scope="module")
def docs(shipped, tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    ctx = dataclasses.replace(shipped, site_outputs=made(download_files(shipped)))   # the build's order
    files = {**query_pages(ctx), **ctx.site_outputs, **data_page(ctx)}
    write_outputs(out, files)
    return out, sorted(files)


class Table(HTMLParser):
    """Rows of the result table, each cell as (text, href or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str | None]]] = []
        self.cell: list[str] | None = None
        self.href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell, self.href = [], None
        elif tag == "a" and self.cell is not None:
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(("".join(self.cell), self.href))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_returned_paths_are_the_files_written(docs):
    out, written = docs
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert sorted(written) == on_disk


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_question_page_shows_query_and_every_row_with_record_links(docs, shipped, q):
    out, _ = docs
    page = (out / "questions" / f"{q.name}.md").read_text(encoding="utf-8")
    assert q.query.split("SELECT", 1)[1].strip().splitlines()[0] in page     # the query text
    result = answer(dataset.engine_for(shipped), q.query)     # the order the build shows
    parser = Table()
    parser.feed(page)
    body = [r for r in parser.rows if r]
    assert len(body) == len(result.rows) > 0
    for row, cells in zip(result.rows, body):
        for var, (text, href) in zip(result.vars, cells):
            term = row.get(var)
            if term is not None and term.type == "uri" and term.value.startswith(shipped.config.base_iri):
                rtype, rid = term.value[len(shipped.config.base_iri):].split("/")[:2]
                assert href == f"../../{model.RECORD_TYPES[rtype].plural}/{rid}/"
                assert text.startswith(shipped.records.records[rid].label)


def test_questions_index_lists_every_question(docs):
    out, _ = docs
    index = (out / "questions" / "index.md").read_text(encoding="utf-8")
    for q in QUESTIONS:
        assert f"]({q.name}.md)" in index


def test_query_page_assets(docs):
    out, _ = docs
    page = (out / "query" / "index.md").read_text(encoding="utf-8")
    assert '<script type="module" src="../assets/query/query.js"></script>' in page
    assert not re.search(r'(src|href)="(/|https?:)', page.split("<div", 1)[1]), "absolute URL in the page"
    assert (out / "assets/query/vendor/web_bg.wasm").read_bytes()[:4] == b"\0asm"
    assert (out / "assets/query/vendor/web.js").is_file()
    config = json.loads((out / "assets/query/config.json").read_text(encoding="utf-8"))
    assert [q["name"] for q in config["questions"]] == [q.name for q in QUESTIONS]
    assert config["prefixes"]["pa"] == "https://plan.example.org/def/planatlas#"
    assert config["graph"] == DOWNLOADS["ntriples"]


# Downloads ------------------------------------------------------------------------------------------
def test_dumps_hold_the_same_triples(docs, shipped):
    out, _ = docs
    expected = len(dataset.dataset_graph(shipped))
    graphs = {}
    for key, fmt in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        g = Graph()
        g.parse(out / DOWNLOADS[key], format=fmt)
        graphs[key] = g
        assert len(g) == expected, key
    assert set(graphs["turtle"]) == set(graphs["ntriples"]) == set(graphs["jsonld"])


def test_jsonld_uses_the_published_context(docs, shipped):
    out, _ = docs
    data = json.loads((out / DOWNLOADS["jsonld"]).read_text(encoding="utf-8"))
    context = json.loads((out / DOWNLOADS["context"]).read_text(encoding="utf-8"))["@context"]
    assert data["@context"] == context
    assert context["id"] == shipped.config.base_iri


def test_void_describes_the_dataset(docs, shipped):
    out, _ = docs
    void = Graph()
    void.parse(out / DOWNLOADS["void"], format="turtle", publicID="https://host.example/sub/data/void.ttl")
    ds = next(void.subjects(RDF.type, VOID.Dataset))
    assert int(void.value(ds, VOID.triples)) == len(dataset.dataset_graph(shipped))
    dumps = {str(x) for x in void.objects(ds, VOID.dataDump)}
    assert dumps == {f"https://host.example/sub/{DOWNLOADS[k]}" for k in ("turtle", "ntriples", "jsonld")}
    parts = {str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))
             for p in void.objects(ds, VOID.classPartition)}
    for rtype, rt in model.RECORD_TYPES.items():
        n = len(shipped.records.of_type(rtype))
        if n:
            assert parts[str(rt.rdf_class)] == n, rtype
    sources = set(void.objects(ds, DCTERMS.source))
    assert len(sources) == len(shipped.records.of_type("source")) > 0
    assert all(void.value(s, DCTERMS.title) for s in sources)
    assert str(void.value(ds, DCTERMS.license)) == shipped.config.licence_url
    assert void.value(ds, URIRef("http://www.w3.org/ns/dcat#version")) is not None   # the build commit


def test_csv_per_type_has_one_row_per_record(docs, shipped):
    out, _ = docs
    for rtype in model.RECORD_TYPES:
        text = (out / DOWNLOADS["csv_dir"] / f"{rtype}.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["id"] for r in rows] == [r.id for r in shipped.records.of_type(rtype)], rtype
    obs = list(csv.DictReader(io.StringIO((out / DOWNLOADS["csv_dir"] / "observation.csv").read_text())))
    assert len(obs) == sum(len(r.data.get("observations", [])) for r in shipped.records.of_type("metric"))


def test_data_page_links_every_download(docs):
    out, _ = docs
    page = (out / "data" / "index.md").read_text(encoding="utf-8")
    for key in ("turtle", "ntriples", "jsonld", "context", "void"):
        assert 'href="' + DOWNLOADS[key].split('/', 1)[1] + '"' in page
    for rtype in model.RECORD_TYPES:
        assert f'href="csv/{rtype}.csv"' in page


def test_built_site_has_query_pages_and_downloads(built_site):
    for rel in ("query/index.html", "questions/index.html", "data/index.html", "assets/query/query.js",
                "assets/query/vendor/web_bg.wasm", DOWNLOADS["ntriples"], DOWNLOADS["void"]):
        assert (built_site / rel).is_file(), rel
    for q in QUESTIONS:
        assert (built_site / "questions" / q.name / "index.html").is_file(), q.name


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from planatlas.sitegen.downloads import spreadsheet_safe
    assert spreadsheet_safe('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("-2.5") == "-2.5"
    assert spreadsheet_safe("Kent County Council") == "Kent County Council"


def test_jsonld_download_bytes_do_not_depend_on_triple_order(shipped):
    """Regression (issue 14): data/planatlas.jsonld came out in hash order and differed on every build."""
    from planatlas.graph.dataset import dataset_triples
    from planatlas.graph.exporting import serialise_triples
    triples = dataset_triples(shipped)
    first = serialise_triples(triples, "jsonld", shipped.config.base_iri)
    assert serialise_triples(list(reversed(triples)), "jsonld", shipped.config.base_iri) == first
    assert serialise_triples(triples[::2] + triples[1::2], "jsonld", shipped.config.base_iri) == first


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_projection_read_from_each_question_matches_its_result(shipped, q):
    assert projected(q.query) == dataset.engine_for(shipped).run(q.query).vars
