"""Downloads published with the site: the graph as Turtle, N-Triples, JSON-LD, CSV per type, VoID/DCAT.

Two emitters (see `emitters.py`): `download_files(ctx)` returns the files MkDocs does not render
(they go straight into site/data/), and `data_page(ctx)` returns data/index.md, which reads their
sizes.  The dumps hold the records *and* the ontology (labels of classes and concepts): exactly
the triples of the context's Oxigraph store, which the Query page loads and the answered
questions were computed over, so the three never disagree.  Written by `rdfio` (linear, sorted).
"""
from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID

from planatlas import model
from planatlas.sitegen.escaping import csv_cell, md_text
from planatlas.graph.exporting import jsonld_context, serialise_triples, turtle_prefixes
from planatlas.graph import rdfio
from planatlas.namespaces import PREFIXES, bind_all
from planatlas.sitegen.buildstamp import git_commit
from planatlas.sitegen.outputs import DOWNLOADS, Later, content_size, record_page, record_url
from planatlas.pipeline import Context
from planatlas.query.publishing import dataset_iri
from planatlas.graph.rdfgraph import record_iri
from planatlas.graph.dataset import dataset_store, dataset_triples, ontology_ntriples, record_triples_of
from planatlas.graph.recordtriples import RecordTriples

MEDIA = {"turtle": ("text/turtle", "Turtle"), "ntriples": ("application/n-triples", "N-Triples"),
         "jsonld": ("application/ld+json", "JSON-LD")}
_PLACEHOLDER = "http://planatlas.invalid/data/"   # relative IRIs in void.ttl resolve where it is served
MANY_SEP = " | "


def download_files(ctx: Context) -> dict[str, str | bytes | Later]:
    """Every download and the VoID description (for site/data/: MkDocs does not render them).
    The whole-dataset files are `Later`: a build makes and writes one before making the next.  Each is
    made from the store's sorted N-Triples (`dataset_ntriples`), not from Python triples: turning the
    store into Python objects and sorting them was 1.7 s at 20,000 records."""
    base = ctx.config.base_iri
    held: list[bytes] = []      # the sorted N-Triples the Turtle is made from, handed on to the next file

    def turtle() -> str:
        held[:] = [dataset_ntriples(ctx)]
        return rdfio.turtle_of_ntriples(held[0], turtle_prefixes(base))

    def ntriples() -> bytes:
        return held.pop() if held else dataset_ntriples(ctx)

    files: dict[str, str | bytes | Later] = {
        DOWNLOADS["turtle"]: Later(turtle),
        DOWNLOADS["ntriples"]: Later(ntriples),            # made right after the Turtle: no second dump
        DOWNLOADS["jsonld"]: Later(lambda: dataset_jsonld(ctx)),
        DOWNLOADS["context"]: json.dumps(jsonld_context(base), indent=2, sort_keys=True) + "\n",
    }
    if ctx.late_pages is not None:          # a build on two cores: all made by its child beside MkDocs
        tables = functools.cache(lambda: csv_files(ctx))         # every table made once, by the first
        for name in csv_row_counts(ctx):
            files[f"{DOWNLOADS['csv_dir']}/{name}.csv"] = Later(lambda name=name: tables()[name][0])
        files[DOWNLOADS["void"]] = Later(lambda: void_turtle(ctx, build_commit(ctx)))
        return files
    for name, (text, _rows) in csv_files(ctx).items():
        files[f"{DOWNLOADS['csv_dir']}/{name}.csv"] = text
    files[DOWNLOADS["void"]] = void_turtle(ctx, build_commit(ctx))
    return files


def dataset_ntriples(ctx: Context) -> bytes:
    """The dataset as sorted N-Triples (`rdfio.ntriples_bytes` of its triples), from the store's own dump."""
    return rdfio.sorted_lines(dataset_store(ctx).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))


JSONLD_MEMO = "jsonld"     # the cache memo of each record's nodes in the JSON-LD download


def dataset_jsonld(ctx: Context) -> str:
    """data/planatlas.jsonld: what `serialise_triples(dataset_triples(ctx), "jsonld")` makes, assembled
    from each record's node lines, kept in the cache by the record's `triples_key` (ctx.memos), and the
    ontology's, kept by the model's text: writing every node again was 3 s of a build after one edit
    at 20,000 records.  Nodes are written from the store's triples (its canonical literals), found by
    the subjects of the record's (or the ontology's) own triples.  Without a memo, or if two nodes
    share an id, the whole document is written at once."""
    base = ctx.config.base_iri
    context = jsonld_context(base)["@context"]
    found = (ctx.memos or {}).get(JSONLD_MEMO)
    rt = record_triples_of(ctx)
    if found is None or not rt.keys or set(rt.ntriples) != set(rt.keys):
        return serialise_triples(dataset_triples(ctx), "jsonld", base)
    ontology = ontology_ntriples(ctx)
    if not all(line.startswith(b"<") for line in ontology.split(b"\n") if line.strip()):
        return serialise_triples(dataset_triples(ctx), "jsonld", base)
    # the store's canonical literals are pyoxigraph's: another version may write them otherwise
    same = found.get("pyoxigraph") == ox.__version__
    memo = found.get("nodes", {}) if same else {}
    store = dataset_store(ctx)

    def written(subjects: list[str]) -> list[tuple[str, str]]:
        return rdfio.jsonld_nodes([q.triple for s in subjects for q in store.quads_for_pattern(
            ox.NamedNode(s), None, None, ox.DefaultGraph())], context)

    made: dict[str, list] = {}
    nodes: list[tuple[str, str]] = []
    for rid in sorted(rt.keys):
        key = rt.keys[rid]
        lines = memo.get(key)
        if not isinstance(lines, list):
            lines = written(rt.subjects(rid))
        made[key] = lines
        nodes += lines
    ontology_key = hashlib.sha256(repr((model.fingerprint(), base)).encode("utf-8", "surrogatepass")).hexdigest()
    kept = found.get("ontology") if same else None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == ontology_key and isinstance(kept[1], list):
        theirs = kept[1]
    else:
        theirs = written(sorted(RecordTriples({"": ontology}).subjects("")))
    nodes += theirs
    if len({sid for sid, _line in nodes}) != len(nodes) or len(nodes) != _subject_count(store):
        return serialise_triples(dataset_triples(ctx), "jsonld", base)
    ctx.memos_made[JSONLD_MEMO] = {"pyoxigraph": ox.__version__, "nodes": made, "ontology": (ontology_key, theirs)}
    return rdfio.jsonld_document(nodes, context)


def _subject_count(store: ox.Store) -> int:
    """How many distinct subjects the store's triples have (each is one JSON-LD node)."""
    for row in store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"):
        return int(row["n"].value)
    return 0


def data_page(ctx: Context) -> dict[str, object]:
    """data/index.md, from the downloads already made (ctx.site_outputs).  In a build on two cores the
    downloads are made beside MkDocs, and so is this page (`latepages.LatePages.later`): its child
    writes them first, for their sizes."""
    files = {rel: text for rel, text in ctx.site_outputs.items() if rel.startswith("data/")}
    csv_rows = {f"{DOWNLOADS['csv_dir']}/{name}.csv": rows for name, rows in csv_row_counts(ctx).items()}
    late = ctx.late_pages
    if late is not None:
        return {"data/index.md": late.later("data/index.md", lambda: data_page_text(
            ctx, late.site_files_now(files), csv_rows, build_commit(ctx)))}
    return {"data/index.md": data_page_text(ctx, files, csv_rows, build_commit(ctx))}


# CSV ----------------------------------------------------------------------------
def _cell(f: model.Field, value) -> str:
    values = value if f.many else [value]
    if f.kind == model.NESTED and f.item == "source-ref":
        return MANY_SEP.join(f"{v.get('document', '')}: {v.get('section', '')}" for v in values)
    return MANY_SEP.join(str(v) for v in values)


def csv_files(ctx: Context) -> dict[str, tuple[str, int]]:
    """One CSV per record type (ids for references, ' | ' between values), plus observations."""
    out: dict[str, tuple[str, int]] = {}
    for rtype, rt in model.RECORD_TYPES.items():
        fields = [f for f in rt.all_fields if f.name not in ("id", "type") and f.item != "observation"]
        header = ["id", "iri", "page"] + [f.name for f in fields]
        rows = []
        for r in ctx.records.of_type(rtype):
            rows.append([r.id, str(record_iri(ctx.config.base_iri, rtype, r.id)), record_url(rtype, r.id)]
                        + [_cell(f, r.data[f.name]) if f.name in r.data else "" for f in fields])
        out[rtype] = (_csv(header, rows), len(rows))
    _cls, _doc, obs_fields = model.NESTED_TYPES["observation"]
    header = ["metric", "position"] + [f.name for f in obs_fields]
    rows = [[r.id, str(i)] + [str(o.get(f.name, "")) for f in obs_fields]
            for r in ctx.records.of_type("metric") for i, o in enumerate(r.data.get("observations", []), 1)]
    out["observation"] = (_csv(header, rows), len(rows))
    return out


def csv_row_counts(ctx: Context) -> dict[str, int]:
    """The rows of each CSV of `csv_files`, counted without making them (the Data page shows them)."""
    counts = {rtype: len(ctx.records.of_type(rtype)) for rtype in model.RECORD_TYPES}
    counts["observation"] = sum(len(r.data.get("observations", [])) for r in ctx.records.of_type("metric"))
    return counts


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will show as text: see escaping.csv_cell (normalise, then guard formulas)."""
    return csv_cell(cell)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)  # LF inside a cell stays in it
    writer.writerow(header)
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return buf.getvalue()


# VoID / DCAT ------------------------------------------------------------------------
def build_commit(ctx: Context) -> str:
    """The commit the site is built from: ctx.commit (`--commit` or $PLANATLAS_COMMIT), else git (asked
    once per build and kept on the context)."""
    if not ctx.commit:
        ctx.commit = git_commit(ctx.root)
    return ctx.commit


def class_counts(ctx: Context) -> list[tuple[URIRef, int]]:
    """(class, subjects of that rdf:type) in the records' graph (not the ontology), by class IRI."""
    counts = record_triples_of(ctx).class_counts()
    return [(URIRef(c), counts[c]) for c in sorted(counts)]


def void_graph(ctx: Context, commit: str) -> Graph:
    """The dataset described in VoID and DCAT: size, classes, licence, sources, dumps, commit."""
    cfg = ctx.config
    data_base = cfg.site_url.rstrip("/") + "/data/" if cfg.site_url else _PLACEHOLDER
    ds = URIRef(dataset_iri(cfg.base_iri))
    g = Graph()
    bind_all(g, cfg.base_iri)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(cfg.site_name)))
    g.add((ds, DCTERMS.description, Literal(
        "The Kent and Medway health and care plans as a knowledge graph: plans, outcomes, objectives, "
        "actions, metrics, programmes and the organisations, boards and partnerships that own them.")))
    g.add((ds, DCTERMS.license, URIRef(cfg.licence_url)))
    g.add((ds, DCTERMS.rights, Literal(cfg.licence)))
    g.add((ds, VOID.triples, Literal(len(dataset_store(ctx)))))
    g.add((ds, VOID.entities, Literal(sum(len(ctx.records.of_type(t)) for t in model.RECORD_TYPES))))
    g.add((ds, VOID.uriSpace, Literal(cfg.base_iri)))
    g.add((ds, URIRef(f"{DCAT}version"), Literal(commit)))
    g.add((ds, RDFS.comment, Literal(f"Built from commit {commit}.")))
    for prefix in ("pa", "org", "skos", "dcterms", "prov", "qb", "sdmx-dimension", "sdmx-measure",
                   "sdmx-attribute"):
        g.add((ds, VOID.vocabulary, URIRef(str(PREFIXES[prefix]))))
    if cfg.site_url:
        g.add((ds, DCAT.landingPage, URIRef(cfg.site_url)))
    for cls, n in class_counts(ctx):
        part = URIRef(f"{ds}#class-{_local(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n)))
    for r in ctx.records.of_type("source"):
        src = record_iri(cfg.base_iri, "source", r.id)
        g.add((ds, DCTERMS.source, src))
        g.add((src, DCTERMS.title, Literal(r.data["title"])))
        if r.data.get("issued"):
            g.add((src, DCTERMS.issued, Literal(r.data["issued"])))
    for key, (media, title) in MEDIA.items():
        dist = URIRef(data_base + Path(DOWNLOADS[key]).name)
        g.add((ds, VOID.dataDump, dist))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"The whole graph as {title}")))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        g.add((dist, DCTERMS.license, URIRef(cfg.licence_url)))
    ctx_doc = URIRef(data_base + Path(DOWNLOADS["context"]).name)
    g.add((ctx_doc, RDFS.comment, Literal("The JSON-LD context of planatlas.jsonld.")))
    g.add((ds, FOAF.page, ctx_doc))
    for rtype in model.RECORD_TYPES:
        dist = URIRef(f"{data_base}csv/{rtype}.csv")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{model.RECORD_TYPES[rtype].plural.capitalize()} as CSV")))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/csv")))
    return g


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def void_turtle(ctx: Context, commit: str) -> str:
    """Turtle with relative download IRIs when no site_url is set: they resolve where the file is served."""
    text = void_graph(ctx, commit).serialize(format="turtle", base=None if ctx.config.site_url else _PLACEHOLDER)
    lines = [line for line in text.splitlines() if not line.startswith("@base ")]
    return "\n".join(lines).strip() + "\n"


# The Data page -------------------------------------------------------------------------
def _a(href: str, text: str) -> str:
    """A raw HTML link: downloads live in site/, not docs/, so MkDocs must not check them as pages."""
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def data_page_text(ctx: Context, files: dict[str, str], csv_rows: dict[str, int], commit: str) -> str:
    """data/index.md: what can be downloaded, how big it is, and where it comes from."""
    size = lambda rel: _human(content_size(files[rel]))  # noqa: E731
    name = lambda rel: Path(rel).name  # noqa: E731
    triples = len(dataset_store(ctx))
    out = ["---", 'title: "Data"', "---", "", "# Data", "",
           f"The whole plan graph ({triples:,} triples: {len(ctx.records):,} records and the ontology with its "
           "concept schemes) is published with the site, to download or to query. "
           f"Licence: [{md_text(ctx.config.licence)}]({ctx.config.licence_url}).", "",
           "## The whole graph", "",
           "| format | file | size |", "| --- | --- | --- |"]
    for key, (media, title) in MEDIA.items():
        rel = DOWNLOADS[key]
        out.append(f"| {title} (`{media}`) | {_a(name(rel), name(rel))} | {size(rel)} |")
    ctx_rel = DOWNLOADS["context"]
    void_rel = DOWNLOADS["void"]
    out += [f"| JSON-LD context (prefixes and `id:` for record IRIs) | {_a(name(ctx_rel), name(ctx_rel))} | "
            f"{size(ctx_rel)} |",
            f"| VoID and DCAT description of the dataset | {_a(name(void_rel), name(void_rel))} | "
            f"{size(void_rel)} |", "",
            f"Record IRIs are `{ctx.config.base_iri}<type>/<id>`; built from commit `{md_text(commit)}`.", "",
            "## Tables (CSV)", "",
            "One file per record type: one row per record, references as record ids, several values "
            f"separated by `{MANY_SEP.strip()}`, citations as `source: section`. Metric values are in "
            "`observation.csv`.", "", "| table | rows | size |", "| --- | --- | --- |"]
    for rel, rows in sorted(csv_rows.items()):
        out.append(f"| {_a('csv/' + name(rel), name(rel))} | {rows} | {size(rel)} |")
    out += ["", "## Entities per class", "", "| class | entities |", "| --- | --- |"]
    for cls, n in class_counts(ctx):
        out.append(f"| {md_text(_curie(cls))} | {n} |")
    out += ["", "## Source documents", ""]
    for r in ctx.records.of_type("source"):
        out.append(f"- [{md_text(r.data['title'])}](../{record_page('source', r.id)})"
                   + (f" ({md_text(r.data['issued'])})" if r.data.get("issued") else ""))
    out += ["", "## Query it", "",
            "- In this site: the [Query page](../query/index.md) runs SPARQL in your browser over "
            f"`{name(DOWNLOADS['ntriples'])}`, and the [answered questions](../questions/index.md) show "
            "typical queries with their results.",
            "- On your machine: `planatlas query 'SELECT ...'` (project prefixes predeclared).",
            "- On a SPARQL server: `planatlas publish --endpoint URL` loads the graph into any SPARQL 1.1 "
            "server (see the README).", ""]
    return "\n".join(out)


def _curie(iri: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(str(ns)):
            return f"{prefix}:{str(iri)[len(str(ns)):]}"
    return str(iri)


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
