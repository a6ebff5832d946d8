"""Each record as Turtle and JSON-LD, beside its page in the site (`<plural>/<id>.ttl`, `.jsonld`).

An emitter with target site/: MkDocs does not render these files, and every file in docs/ raises
MkDocs' floor (58,718 files at 19,550 records), so they are written straight into site/.
Each record's triples come from the graph stage (`graph/recordtriples.py`) and are written by
`rdfio` (sorted, byte-stable, linear); a build with a cache keeps the files of records whose
triples did not change (`sitememo.py`).  The files are `Later`: a build makes them in a child while
MkDocs renders (nothing MkDocs renders reads them), holding only the records' N-Triples until then.
"""
from __future__ import annotations

from planatlas.graph import rdfio
from planatlas.graph.dataset import record_triples_of
from planatlas.graph.exporting import turtle_prefixes
from planatlas.pipeline import Context
from planatlas.sitegen.outputs import Kept, Later, UnsafePath, record_page
from planatlas.sitegen.sitememo import SiteCache


def record_files(ctx: Context) -> dict[str, Later | Kept]:
    """{'<plural>/<id>.ttl': ..., '<plural>/<id>.jsonld': ...} for every record with a page, each a
    `Later` (made when written); with a build's site cache, `Kept` for a record whose files in site/
    are as its triples would make them."""
    triples = record_triples_of(ctx)
    cache = ctx.site_cache if isinstance(ctx.site_cache, SiteCache) else None
    prefixes = turtle_prefixes(ctx.config.base_iri)
    out: dict[str, Later | Kept] = {}
    held: dict[str, tuple[str, str]] = {}     # the last record's two files (written one after the other)

    def pair(rid: str) -> tuple[str, str]:
        if rid not in held:
            mine = triples.of(rid)
            held.clear()
            held[rid] = (rdfio.turtle(mine, prefixes), rdfio.jsonld(mine))
        return held[rid]

    made = total = 0
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
        out[names[0]] = Later(lambda rid=r.id: pair(rid)[0])
        out[names[1]] = Later(lambda rid=r.id: pair(rid)[1])
        made += 1
    ctx.progress(f"record data: all {made} records' files to make" if made == total else
                 f"record data: {made} of {total} records' files to make (the others are unchanged)")
    return out
