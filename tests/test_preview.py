"""serve re-renders only the pages that can show an edited record (preview.py): the result must equal a
full render, for an edit to any record type's label and to a reference (the fixture has every type)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from planatlas.sitegen.pages import PageMaker
from planatlas.pipeline import load
from planatlas.sitegen.preview import affected, changed_ids, preview_pages
from planatlas.reading.records import Record, RecordSet
from planatlas.analysis.views import build_views

SITEGRAPH = Path(__file__).parent / "fixtures" / "sitegraph"
LINKS = {"Answered questions": "questions/"}


@pytest.fixture(scope="module")
def base():
    ctx = load(SITEGRAPH, shacl=False)
    ctx.views = build_views(ctx.records)
    reads: dict[str, set[str]] = {}
    pages = PageMaker(ctx, ctx.views, reads).all_pages(LINKS)
    assert pages == PageMaker(ctx, ctx.views).all_pages(LINKS)    # noting reads changes nothing
    return ctx, pages, reads


def edited(ctx, rid: str, **changes):
    r = ctx.records.records[rid]
    records = dict(ctx.records.records)
    records[rid] = Record(r.type, r.id, {**r.data, **changes}, r.path, r.positions)
    after = dataclasses.replace(ctx, records=RecordSet(records, ctx.records.files))
    after.views = build_views(after.records)
    return after


def check(base, after) -> int:
    """The preview equals a full render; returns how many pages it rendered again."""
    ctx, before_pages, before_reads = base
    reads = {path: set(seen) for path, seen in before_reads.items()}
    copies = dict(reads)
    full = PageMaker(after, after.views).all_pages(LINKS)
    changed = changed_ids(ctx.records.records, after.records.records)
    only = affected([ctx.views, after.views], changed, reads)
    assert preview_pages(after, only, before_pages, LINKS, reads, changed, ctx.views) == full
    return len([p for p in reads if reads[p] is not copies.get(p)])     # noted again: rendered again


def one_per_type():
    ctx = load(SITEGRAPH, shacl=False)
    return sorted({r.type: r.id for r in ctx.records}.values())


@pytest.mark.parametrize("rid", one_per_type())
def test_an_edited_label_shows_on_every_page_that_shows_the_record(base, rid):
    ctx = base[0]
    r = ctx.records.records[rid]
    after = edited(ctx, rid, **{r.rtype.label_field: f"{r.label} Zebra edited"})
    rendered = check(base, after)
    if r.type not in ("source", "plan"):          # every record names its source and plan
        assert 0 < rendered < len(base[1])        # not everything was rendered again


def test_a_changed_reference_updates_both_ends(base):
    ctx = base[0]
    action = next(r for r in ctx.records.of_type("action") if r.data.get("owners"))
    others = [r.id for r in ctx.records if r.type in ("organisation", "board", "partnership")
              and r.id not in action.data["owners"]]
    check(base, edited(ctx, action.id, owners=[others[0]]))
