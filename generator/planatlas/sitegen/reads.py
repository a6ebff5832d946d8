"""Which records a page read while it was rendered, so a preview re-renders exactly the pages an
edit can change.

Why: a page shows records many links away (a partnership lists what its members' boards are asked
to do; an outcome lists its objectives' actions with their owners), and a list of paths to follow
goes stale each time a page learns to show something new.  Instead the record pages are rendered
over a `ReadingRecords` set that notes every record looked up by id, and every type listed whole.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from planatlas.reading.records import Record, RecordDict, RecordSet

EVERYTHING = "*"            # the page walked every record: any edit can change it


class _Noted(RecordDict):
    """A dict of records that notes the ids looked up while `log` is a set."""

    log: set[str] | None = None

    def __getitem__(self, key: str) -> Record:
        if self.log is not None:
            self.log.add(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        if self.log is not None:
            self.log.add(key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if self.log is not None:
            self.log.add(key)
        return dict.__contains__(self, key)

    def _all(self) -> None:
        if self.log is not None:
            self.log.add(EVERYTHING)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)

    def keys(self):
        self._all()
        return dict.keys(self)


@dataclass
class ReadingRecords(RecordSet):
    """A RecordSet over the same records that notes what is read between `start` and `stop`."""

    records: dict[str, Record] = field(default_factory=_Noted)

    @classmethod
    def over(cls, rs: RecordSet) -> "ReadingRecords":
        return cls(_Noted(rs.records), rs.files, rs.failed, rs.retired)

    def start(self) -> set[str]:
        self.records.log = set()
        return self.records.log

    def stop(self) -> None:
        self.records.log = None

    def of_type(self, name: str) -> list[Record]:
        if self.records.log is not None:
            self.records.log.add(f"type:{name}")
        return list(self.records.by_type().get(name, ()))

    def __iter__(self) -> Iterator[Record]:
        self.records._all()
        return iter(sorted(dict.values(self.records), key=lambda r: (r.type, r.id)))


def pages_to_redo(reads: dict[str, set[str]], changed: set[str], changed_types: set[str]) -> set[str]:
    """Ids of the record pages whose last render read a changed record, listed a changed type, or
    walked every record (none when nothing changed)."""
    if not changed and not changed_types:
        return set()
    keys = changed | {f"type:{t}" for t in changed_types} | {EVERYTHING}
    return {rid for rid, seen in reads.items() if not seen.isdisjoint(keys)}
