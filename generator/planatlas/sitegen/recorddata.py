"""Each record as Turtle and JSON-LD, beside its page in the site (`<plural>/<id>.ttl`, `.jsonld`).

An emitter with target site/: MkDocs does not render these files, and every file in docs/ raises
MkDocs' floor (58,718 files at 19,550 records), so they are written straight into site/.
Each record's triples come from the graph stage (`graph/recordtriples.py`) and are written by
`rdfio` (sorted, byte-stable, linear); a build with a cache keeps the files of records whose
triples did not change (`sitememo.py`).
"""
from __future__ import annotations

from planatlas.graph import rdfio
from planatlas.graph.dataset import record_triples_of
from planatlas.graph.exporting import turtle_prefixes
from planatlas.parallel import fork_map
from planatlas.pipeline import Context
from planatlas.sitegen.outputs import Kept, UnsafePath, record_page
from planatlas.sitegen.sitememo import SiteCache


def record_files(ctx: Context) -> dict[str, str | Kept]:
    """{'<plural>/<id>.ttl': ..., '<plural>/<id>.jsonld': ...} for every record with a page; with a
    build's site cache, `Kept` for a record whose files in site/ are as its triples would make them."""
    triples = record_triples_of(ctx)
    cache = ctx.site_cache if isinstance(ctx.site_cache, SiteCache) else None
    prefixes = turtle_prefixes(ctx.config.base_iri)
    out: dict[str, str | Kept] = {}
    todo: list[tuple[str, str]] = []      # (record id, file stem) of the records whose files are made
    total = 0
    for r in ctx.records:
        try:
            stem = record_page(r.type, r.id)[: -len(".md")]
        except UnsafePath:
            continue
        names = [f"{stem}.ttl", f"{stem}.jsonld"]
        total += 1
        key = triples.keys.get(r.id)
        if cache is not None and key is not None and cache.keep(names, key):
            out.update((name, Kept()) for name in names)
            continue
        todo.append((r.id, stem))

    def files(item: tuple[str, str]) -> tuple[str, str]:
        mine = triples.of(item[0])
        return rdfio.turtle(mine, prefixes), rdfio.jsonld(mine)

    for (_rid, stem), (ttl, jsonld) in zip(todo, fork_map(files, todo)):   # two cores (parallel.py)
        out[f"{stem}.ttl"], out[f"{stem}.jsonld"] = ttl, jsonld
    made = len(todo)
    ctx.progress(f"record data: all {made} records' files made" if made == total else
                 f"record data: {made} of {total} records' files made (the others are unchanged)")
    return out
