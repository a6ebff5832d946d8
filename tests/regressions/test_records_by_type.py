"""`RecordSet.of_type` scanned every record on each call, and the pages call it once per record
(the changes that ended a body): the pages stage was quadratic (issue 14).  The lists by type are
now kept, and made again after any change to the records."""
from __future__ import annotations

from planatlas.reading.records import Record, RecordSet
from planatlas.sitegen.reads import ReadingRecords


def rec(rtype: str, rid: str, **data) -> Record:
    return Record(rtype, rid, {"id": rid, **data}, f"graph/data/{rtype}/{rid}.yaml")


def test_every_change_to_the_records_is_seen() -> None:
    rs = RecordSet({"b": rec("action", "b"), "a": rec("action", "a"), "o": rec("outcome", "o")})
    assert [r.id for r in rs.of_type("action")] == ["a", "b"]
    rs.records["c"] = rec("action", "c")
    assert [r.id for r in rs.of_type("action")] == ["a", "b", "c"]
    rs.records["a"] = rec("outcome", "a")                  # same id, another type
    assert [r.id for r in rs.of_type("action")] == ["b", "c"]
    assert [r.id for r in rs.of_type("outcome")] == ["a", "o"]
    del rs.records["b"]
    rs.records.pop("c")
    assert rs.of_type("action") == []
    rs.records.update({"d": rec("action", "d")})
    rs.records.setdefault("e", rec("action", "e"))
    assert [r.id for r in rs.of_type("action")] == ["d", "e"]
    rs.records.clear()
    assert rs.of_type("outcome") == []


def test_a_caller_changing_the_list_changes_nothing_else() -> None:
    rs = RecordSet({"a": rec("action", "a")})
    rs.of_type("action").append(rec("action", "z"))
    assert [r.id for r in rs.of_type("action")] == ["a"]


def test_a_plain_dict_given_is_kept_current_too() -> None:
    records = {"a": rec("action", "a")}
    rs = RecordSet(records)
    rs.records["b"] = rec("action", "b")
    assert [r.id for r in rs.of_type("action")] == ["a", "b"]


def test_the_preview_still_notes_a_type_listed_whole() -> None:
    reading = ReadingRecords.over(RecordSet({"a": rec("action", "a"), "o": rec("outcome", "o")}))
    seen = reading.start()
    assert [r.id for r in reading.of_type("action")] == ["a"]
    reading.stop()
    assert seen == {"type:action"}
