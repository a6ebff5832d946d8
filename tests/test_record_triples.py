"""Each record's triples kept in the cache (graph/recordtriples.py), and the site/ files kept with them
(sitegen/sitememo.py, mkdocs_site.clean_site).

What must hold: the triples made from the cache after any change are exactly those made from
scratch; the dataset store and the class counts read from them are those of the whole rdflib graph;
a build with MkDocs keeps an unchanged record's files in site/ (not written again) and its site/ is
byte-identical to a build from scratch.
"""
from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF

from planatlas import cache as cache_module
from planatlas.cache import Cache
from planatlas.graph.dataset import dataset_store, dataset_triples
from planatlas.graph.exporting import serialise_triples
from planatlas.graph.rdfgraph import build_graph
from planatlas.graph.rdfio import graph_triples, ntriples
from planatlas.graph.recordtriples import RecordTriples, record_triples
from planatlas.pipeline import load
from planatlas.reading.records import Record, RecordSet
from planatlas.sitegen.build import build_site
from planatlas.sitegen.downloads import JSONLD_MEMO, dataset_jsonld
from planatlas.sitegen.mkdocs_site import clean_site

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fixture_ctx():
    return load(FIXTURES / "sitegraph", root=REPO, shacl=False)


def changed(rs: RecordSet, rid: str, **data) -> RecordSet:
    """A copy of the record set with one record's data changed (None removes a field)."""
    records = dict(rs.records)
    r = records[rid]
    new = {k: v for k, v in {**copy.deepcopy(r.data), **data}.items() if v is not None}
    records[rid] = Record(data.get("type") or r.type, rid, new, r.path, r.positions)
    return RecordSet(records, rs.files, rs.failed, rs.retired)


def without(rs: RecordSet, rid: str) -> RecordSet:
    return RecordSet({k: v for k, v in rs.records.items() if k != rid}, rs.files, rs.failed, rs.retired)


def test_cold_triples_are_the_whole_graph(fixture_ctx):
    base = fixture_ctx.config.base_iri
    rt, whole = record_triples(fixture_ctx.records, base)
    assert whole is not None and rt.made == len(fixture_ctx.records)
    graph = build_graph(fixture_ctx.records, base)
    assert rt.all_ntriples().decode("utf-8").count("\n") == len(graph)
    assert sorted(rt.all_ntriples().decode("utf-8").splitlines()) == ntriples(graph_triples(graph)).splitlines()
    for r in fixture_ctx.records:
        assert all(str(t.subject).startswith(f"<{base}{r.type}/{r.id}") for t in rt.of(r.id))


@pytest.mark.parametrize("change", ["title", "reference", "target-type", "added", "removed", "base"])
def test_triples_from_the_cache_are_those_made_from_scratch(fixture_ctx, change):
    rs, base = fixture_ctx.records, fixture_ctx.config.base_iri
    first, _ = record_triples(rs, base)
    if change == "title":
        rs = changed(rs, "demo-a-2", title="Recruit more midwives, soon")
    elif change == "reference":
        rs = changed(rs, "demo-a-2", owners=["demo-icb"])
    elif change == "target-type":          # a linked record's type is in every IRI that points at it
        rs = changed(rs, "demo-lmns", type="organisation")
    elif change == "added":
        rs = changed(rs, "demo-a-2")
        rs.records["demo-a-99"] = Record("action", "demo-a-99", {**rs.records["demo-a-2"].data, "id": "demo-a-99"},
                                         "x.yaml", {})
    elif change == "removed":
        rs = without(rs, "demo-a-4")
    else:
        base = "https://example.org/other/"
    warm, whole = record_triples(rs, base, first.memo())
    scratch, _ = record_triples(rs, base)
    assert warm.ntriples == scratch.ntriples
    assert warm.memo() == scratch.memo()
    namers = sum(1 for r in rs if "'demo-a-4'" in repr(r.data))     # their link to it is now to an unknown id
    expected = {"title": 1, "reference": 1, "added": 1, "removed": namers, "base": len(rs.records)}
    if change == "target-type":            # the record itself and every record that names it
        assert 1 < warm.made < len(rs.records) / 2
    else:
        assert warm.made == expected[change]
    assert (whole is not None) == (warm.made == len(rs.records))


def test_a_damaged_memo_entry_is_made_again(fixture_ctx):
    rs, base = fixture_ctx.records, fixture_ctx.config.base_iri
    first, _ = record_triples(rs, base)
    memo = first.memo()
    memo[first.keys["demo-a-2"]] = "not bytes"
    warm, _ = record_triples(rs, base, memo)
    assert warm.made == 1 and warm.ntriples == first.ntriples


def test_store_and_class_counts_from_the_triples_are_those_of_the_graph(fixture_ctx):
    ctx = copy.copy(fixture_ctx)
    graph = build_graph(ctx.records, ctx.config.base_iri)
    counts: dict[str, set] = {}
    for s, o in graph.subject_objects(RDF.type):
        counts.setdefault(str(o), set()).add(s)
    assert RecordTriples.from_graph(graph, ctx.config.base_iri).class_counts() == {k: len(v) for k, v in counts.items()}
    ctx.store, ctx.triples, ctx.graph = None, None, graph          # a context made by hand: read from the graph
    by_hand = set(dataset_store(ctx))
    ctx.store, ctx.triples, ctx.graph = None, record_triples(ctx.records, ctx.config.base_iri)[0], None
    assert set(dataset_store(ctx)) == by_hand


def test_class_counts_ignore_text_that_looks_like_a_type_triple():
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    rt = RecordTriples({"a": (f'<http://x/a> <http://x/title> "x {rdf_type} <http://x/C> ." .\n'
                              f"<http://x/a> {rdf_type} <http://x/D> .\n").encode()})
    assert rt.class_counts() == {"http://x/D": 1}


def test_clean_site_keeps_only_the_files_named(tmp_path):
    site = tmp_path / "site"
    outside = tmp_path / "outside"
    for rel in ("index.html", "actions/a.ttl", "actions/a/index.html", "actions/b.ttl", "boards/c.ttl",
                ".stash/x", "data/planatlas.nt", "data/csv/action.csv"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel, encoding="utf-8")
    (outside / "keep-me").parent.mkdir(parents=True)
    (outside / "keep-me").write_text("mine", encoding="utf-8")
    os.symlink(outside, site / "actions" / "linked")
    os.symlink(outside, site / "linked-top")
    clean_site(site, {"actions/a.ttl", "data/planatlas.nt", "index.html"})
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == [".stash", ".stash/x", "actions", "actions/a.ttl", "data", "data/planatlas.nt", "index.html"]
    assert (outside / "keep-me").read_text(encoding="utf-8") == "mine"      # a link is removed, not followed


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_build_with_mkdocs_keeps_unchanged_data_files_and_equals_a_build_from_scratch(tmp_path, monkeypatch):
    """MkDocs cleans site/ before it builds: the build's own files, moved in first, are spared (the
    edited record's are made again, the others keep their inode), and site/ ends byte-identical to a
    build with no cache."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)     # a real build's files are older than its memo
    graph = tmp_path / "graph"
    shutil.copytree(FIXTURES / "sitegraph", graph)
    cache = Cache(tmp_path / "cache")

    def build(out: str, with_cache: bool) -> Path:
        build_site(graph, tmp_path / out / "docs", tmp_path / out / "site", progress=None, root=REPO,
                   commit="test", cache=cache if with_cache else None)
        return tmp_path / out / "site"

    site = build("warm", True)
    before = {p: os.stat(site / p).st_ino for p in ("actions/demo-a-2.ttl", "actions/demo-a-4.ttl")}
    record = graph / "data" / "action" / "demo-a-2.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("title: Recruit more midwives",
                                                                  "title: Recruit more midwives Zebra"), "utf-8")
    build("warm", True)
    assert os.stat(site / "actions/demo-a-4.ttl").st_ino == before["actions/demo-a-4.ttl"]     # kept
    assert "Zebra" in (site / "actions/demo-a-2.ttl").read_text(encoding="utf-8")
    assert (site / "actions" / "demo-a-2" / "index.html").is_file()
    assert tree(site) == tree(build("scratch", False))


def test_the_jsonld_download_from_kept_nodes_is_the_whole_writers(fixture_ctx):
    """data/planatlas.jsonld assembled from each record's and the ontology's kept node lines
    (downloads.dataset_jsonld) is byte-identical to the whole dataset written at once, whatever the
    memo holds: nothing, its own last output, stale or damaged entries, another pyoxigraph's."""
    ctx = copy.copy(fixture_ctx)
    ctx.store, ctx.memos, ctx.memos_made = None, None, {}
    ctx.triples = record_triples(ctx.records, ctx.config.base_iri)[0]
    whole = serialise_triples(dataset_triples(ctx), "jsonld", ctx.config.base_iri)
    ctx.memos = {JSONLD_MEMO: {}}
    assert dataset_jsonld(ctx) == whole
    kept = ctx.memos_made[JSONLD_MEMO]
    assert len(kept["nodes"]) == len(ctx.records) and kept["ontology"][1]
    for memo in (kept,
                 {**kept, "ontology": ("stale", [("x", "y")])},
                 {**kept, "nodes": {k: "damaged" for k in kept["nodes"]}},
                 {**kept, "pyoxigraph": "0.0.0", "nodes": {k: [("id:x", "{}")] for k in kept["nodes"]}}):
        ctx.memos_made = {}
        ctx.memos = {JSONLD_MEMO: memo}
        assert dataset_jsonld(ctx) == whole
