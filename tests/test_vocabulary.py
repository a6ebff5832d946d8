"""The vocabulary reference (graph/VOCABULARY.md and the site's vocabulary/ pages) lists every term the
published graph uses, every field with its predicate, and examples that are true of the shipped graph."""
from __future__ import annotations

import re

import pytest

from helpers import REPO
from planatlas.graph import dataset
from planatlas import model
from planatlas.query import sparql
from planatlas.pipeline import load
from planatlas.sitegen.vocabulary import EXAMPLES, example_query, example_triple, repository_markdown, site_pages

VOCAB = REPO / "graph" / "VOCABULARY.md"


@pytest.fixture(scope="module")
def shipped():
    return load(REPO / "graph", shacl=False)


def test_repository_copy_is_regenerated():
    assert VOCAB.read_text(encoding="utf-8") == repository_markdown(), "run 'planatlas fmt --generated'"


def test_every_predicate_and_class_of_the_published_graph_is_listed(shipped):
    text = VOCAB.read_text(encoding="utf-8")
    prefixes = sparql.prefix_map(shipped.config.base_iri)
    engine = dataset.engine_for(shipped)
    used = {r["t"].value for r in engine.run("SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }").rows}
    assert len(used) > 60
    missing = sorted(sparql.compact(t, prefixes) for t in used if f"`{sparql.compact(t, prefixes)}`" not in text)
    assert not missing, f"not in graph/VOCABULARY.md: {missing}"
    pages = "\n".join(site_pages().values())
    assert not [t for t in used if f"`{sparql.compact(t, prefixes)}`" not in pages]


@pytest.mark.parametrize("rtype", list(model.RECORD_TYPES))
def test_each_type_lists_every_field_with_its_predicate(rtype):
    page = site_pages()[f"vocabulary/{rtype}.md"]
    prefixes = sparql.prefix_map()
    for f in model.RECORD_TYPES[rtype].all_fields:
        if f.name in ("id", "type"):
            continue
        row = next((line for line in page.splitlines() if line.startswith(f"| `{f.name}` |")), None)
        assert row, f"{rtype}.{f.name} missing"
        assert f"`{sparql.compact(str(f.predicate), prefixes)}`" in row
        if f.kind == model.ENUM:
            assert all(f"`{c}`" in row for c in model.concept_ids(f.scheme))


@pytest.mark.parametrize("rtype", list(model.RECORD_TYPES))
def test_examples_are_true_of_the_shipped_graph(shipped, rtype):
    assert set(EXAMPLES) == set(model.RECORD_TYPES)
    engine = dataset.engine_for(shipped)
    assert engine.run(f"ASK {{ {example_triple(rtype)} }}").boolean, example_triple(rtype)
    result = engine.run(example_query(rtype))
    assert result.rows, example_query(rtype)


def test_every_scheme_value_and_prefix_is_listed():
    text = VOCAB.read_text(encoding="utf-8")
    for scheme, (_title, concepts) in model.SCHEMES.items():
        assert f"### Scheme: {scheme}" in text
        for cid in concepts:
            assert f"`{scheme}:{cid}`" in text
    for prefix in sparql.prefix_map():
        assert f"| `{prefix}:` |" in text


def test_links_inside_the_file_point_at_headings():
    text = VOCAB.read_text(encoding="utf-8")
    slugs = {re.sub(r"[^\w\s-]", "", h.lower()).strip().replace(" ", "-")
             for h in re.findall(r"^#+ (.+)$", text, re.M)}
    anchors = set(re.findall(r"\]\(#([\w-]+)\)", text))
    assert anchors and anchors <= slugs, anchors - slugs


def test_readme_triple_count_is_the_published_graphs(shipped):
    """README states the shipped graph's size as 'about N triples'; it must stay within 10% of the truth,
    and `planatlas stats` prints the exact figures (records alone, and as published with the ontology)."""
    from planatlas.graph.stats import compute_stats
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stated = [int(n.replace(",", "")) for n in re.findall(r"shipped graph \(about ([\d,]+) triples", readme)]
    assert stated, "README states the shipped graph's size"
    published = len(dataset.dataset_graph(shipped))
    assert all(abs(n - published) <= published // 10 for n in stated), (stated, published)
    stats = compute_stats(shipped)
    assert stats["triples"] == len(shipped.graph) and stats["published_triples"] == published
