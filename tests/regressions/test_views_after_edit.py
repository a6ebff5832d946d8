"""A preview made the link views again after every edit (1.1 s at 20,000 records, issue 14); after
an edit that changes no reference they are now reused.  Whatever the edit, they must equal views
made from scratch."""
from __future__ import annotations

import dataclasses

import pytest

from planatlas.analysis.views import Views, build_views, views_after_edit
from planatlas.reading.records import RecordSet
from planatlas.sitegen.preview import changed_ids


def snapshot(v: Views) -> dict:
    return {
        "out": {k: list(x) for k, x in v.out.items() if x}, "inc": {k: list(x) for k, x in v.inc.items() if x},
        "structure": sorted(tuple(sorted(e)) for e in v.structure.edges),
        "depends": sorted(v.depends.edges), "changes": sorted(v.changes.edges(data=True)),
        "change nodes": sorted(v.changes.nodes), "topo": v.topo_index, "outcomes_of": v.outcomes_of,
        "serving": v.serving, "records": sorted(v.records.records),
    }


def edited(rs: RecordSet, rid: str, **changes) -> RecordSet:
    records = dict(rs.records)
    if changes.get("remove"):
        del records[rid]
    else:
        r = records[rid]
        records[rid] = dataclasses.replace(r, data={**r.data, **changes})
    return RecordSet(records, rs.files, rs.failed, rs.retired)


def first(rs: RecordSet, rtype: str, field: str):
    return next(r for r in rs.of_type(rtype) if r.data.get(field))


@pytest.fixture(scope="module")
def before(shipped) -> Views:
    return build_views(shipped.records)


def test_a_text_edit_reuses_the_views(shipped, before):
    action = first(shipped.records, "action", "title")
    after = edited(shipped.records, action.id, title="A new title")
    v = views_after_edit(before, after, changed_ids(shipped.records.records, after.records))
    assert v.out is before.out and v.records is after
    assert snapshot(v) == snapshot(build_views(after))


@pytest.mark.parametrize("edit", ["contributes_to", "depends_on", "owners", "remove", "type"])
def test_any_other_edit_gives_the_views_made_from_scratch(shipped, before, edit):
    rs = shipped.records
    if edit == "contributes_to":
        action = first(rs, "action", "contributes_to")
        after = edited(rs, action.id, contributes_to=[])
    elif edit == "depends_on":
        a, b = rs.of_type("action")[:2]
        after = edited(rs, a.id, depends_on=[b.id])
    elif edit == "owners":
        action = first(rs, "action", "owners")
        other = next(o.id for o in rs.of_type("organisation") if o.id not in action.data["owners"])
        after = edited(rs, action.id, owners=[other, *action.data["owners"]])
    elif edit == "remove":
        after = edited(rs, first(rs, "objective", "serves").id, remove=True)
    else:                                                   # the same id and links, another type
        change = first(rs, "change", "from")
        records = dict(rs.records)
        records[change.id] = dataclasses.replace(change, type="source")
        after = RecordSet(records, rs.files, rs.failed, rs.retired)
    changed = changed_ids(rs.records, after.records) | ({change.id} if edit == "type" else set())
    v = views_after_edit(before, after, changed)
    assert v.out is not before.out
    assert snapshot(v) == snapshot(build_views(after))
    assert snapshot(v) != snapshot(before)
