"""What `planatlas serve` re-renders after an edit: the pages that can show a changed record.

Why: rendering every record page is most of a regeneration (70% at 200 records), and an edit to
one record changes a handful of pages.  A page can show another record through: a link either way
(distance 1); its neighbourhood diagram and lists (distance 2, except through a plan or a source
document, which every record names: a big neighbourhood is drawn at depth 1); an outcome's tree
(outcome ← objective ← action); a depends-on chain (transitive); an organisational lineage
(transitive over change records).  Index, owners and home pages are always re-rendered.  The set is
checked against a full render in `tests/test_preview.py`; a published build always renders all.
"""
from __future__ import annotations

import networkx as nx

from . import model
from .pages import PageMaker, home_page, index_pages, owners_page, record_pages
from .pipeline import Context
from .reads import pages_to_redo
from .records import Record
from .views import Views

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


def affected(views: list[Views], changed: set[str], reads: dict[str, set[str]] | None = None) -> set[str]:
    """Records whose page may show one of `changed`, in the views before and after the edit: the
    pages whose last render read a changed record (`reads`, see reads.py), and the pages linked
    near one (a page that did not exist before has no reads yet)."""
    out = set(changed)
    if reads is not None:
        types = {r.type for v in views for rid in changed if (r := v.get(rid)) is not None}
        out |= pages_to_redo(reads, changed, types)
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


def preview_pages(ctx: Context, only: set[str], previous: dict[str, str], links: dict[str, str],
                  reads: dict[str, set[str]] | None = None) -> dict[str, str]:
    """The previous pages, with the record pages of `only`, the index pages of their types, the
    owners and the home page rendered again; `reads` is updated for the pages rendered."""
    pm = PageMaker(ctx, ctx.views, reads)
    if reads is not None:
        for gone in set(reads) - set(ctx.records.records):
            del reads[gone]
    types = {r.type for rid in only if (r := ctx.records.records.get(rid)) is not None}
    keep = {f"{r.rtype.plural}/{r.id}.md" for r in ctx.records}
    keep |= {f"{model.RECORD_TYPES[t].plural}/index.md" for t in pm.site["types"]}
    pages = {p: t for p, t in previous.items() if p in keep}
    pages.update(record_pages(pm, only))
    pages.update(index_pages(pm, types))
    pages["owners/index.md"] = owners_page(pm)
    pages["index.md"] = home_page(pm, links)
    return dict(sorted(pages.items()))
