"""What `planatlas serve` re-renders after an edit: the pages that can show a changed record.

Why: rendering every record page is most of a regeneration (70% at 200 records), and an edit to
one record changes a handful of pages.  A page can show another record through: a link either way
(distance 1); its neighbourhood diagram and lists (distance 2, except through a plan or a source
document, which every record names: a big neighbourhood is drawn at depth 1); an outcome's tree
(outcome ← objective ← action); a depends-on chain (transitive); an organisational lineage
(transitive over change records).  With `reads` (reads.py: what each page read at its last render),
also every page, record, index, owners or home, that read a changed record or listed a changed type.
The set is checked against a full render in `tests/test_preview.py`; a published build renders all.
"""
from __future__ import annotations

import networkx as nx

from planatlas import model
from planatlas.sitegen.outputs import record_page
from planatlas.sitegen.pages import PageMaker, home_page, index_pages, owners_page, record_pages
from planatlas.pipeline import Context
from planatlas.sitegen.reads import pages_to_redo
from planatlas.reading.records import Record
from planatlas.analysis.views import Views

THROUGH = {"plan", "source"}    # types whose records every page names: never expanded through


def changed_ids(before: dict[str, Record], after: dict[str, Record]) -> set[str]:
    """Ids added, removed, or whose data or file changed."""
    ids = set(before) | set(after)
    return {i for i in ids if i not in before or i not in after
            or before[i].data != after[i].data or before[i].path != after[i].path}


def _neighbours(v: Views, rid: str) -> set[str]:
    return {lk.target for lk in v.out.get(rid, [])} | {lk.source for lk in v.inc.get(rid, [])}


def _chain(g: nx.DiGraph, rid: str) -> set[str]:
    if rid not in g:
        return set()
    return nx.ancestors(g, rid) | nx.descendants(g, rid)


def affected(views: list[Views], changed: set[str], reads: dict[str, set[str]] | None = None,
             near: bool = True) -> set[str]:
    """Records whose page may show one of `changed`, in the views before and after the edit: the
    pages whose last render read a changed record (`reads`, see reads.py), and with `near` the pages
    linked near one (a page that did not exist before has no reads yet)."""
    out = set(changed)
    if reads is not None:
        redo = pages_to_redo(reads, changed, changed_types(views, changed))
        out |= {r.id for v in views for r in v.records if record_page(r.type, r.id) in redo}
    if not near:
        return out
    for v in views:
        for rid in changed:
            near = _neighbours(v, rid)
            out |= near
            for mid in near:
                r = v.get(mid)
                if r is not None and r.type not in THROUGH:
                    out |= _neighbours(v, mid)
            out |= _chain(v.depends, rid)
            out |= _chain(v.changes, rid)
            for mid in near:
                out |= _chain(v.changes, mid)
    return out


def changed_types(views: list[Views], changed: set[str]) -> set[str]:
    """The record types of the changed ids, before and after the edit."""
    return {r.type for v in views for rid in changed if (r := v.get(rid)) is not None}


def preview_pages(ctx: Context, only: set[str], previous: dict[str, str], links: dict[str, str],
                  reads: dict[str, set[str]] | None = None, changed: set[str] | None = None,
                  before: Views | None = None) -> dict[str, str]:
    """The previous pages, with the record pages of `only` rendered again, and the index, owners and
    home pages: those whose last render read a changed record (with `reads`, `changed` and the views
    `before` the edit), else all of them for the types in `only`.  `reads` is updated for the pages
    rendered."""
    pm = PageMaker(ctx, ctx.views, reads)
    keep = {record_page(r.type, r.id) for r in ctx.records}
    keep |= {f"{model.RECORD_TYPES[t].plural}/index.md" for t in pm.site["types"]}
    keep |= {"owners/index.md", "index.md"}
    if reads is not None:
        for gone in set(reads) - keep:
            del reads[gone]
    pages = {p: t for p, t in previous.items() if p in keep}
    pages.update(record_pages(pm, only))
    if reads is not None and changed is not None:
        types = changed_types([v for v in (before, ctx.views) if v is not None], changed)
        redo = pages_to_redo(reads, changed, types) | {p for p in keep if p not in previous}
        types = {t for t in pm.site["types"] if f"{model.RECORD_TYPES[t].plural}/index.md" in redo} | types
    else:
        types = {r.type for rid in only if (r := ctx.records.records.get(rid)) is not None}
        redo = {"owners/index.md", "index.md"}
    pages.update(index_pages(pm, types))
    if "owners/index.md" in redo:
        pages["owners/index.md"] = pm.tracked("owners/index.md", lambda: owners_page(pm))
    if "index.md" in redo:
        pages["index.md"] = pm.tracked("index.md", lambda: home_page(pm, links))
    return dict(sorted(pages.items()))
