"""What an organisation, board or partnership is accountable for: the roll-up.

Why a module of its own: plans name owners at different levels. An action may name a trust,
the trust's own board ("Kent Community Health NHS Foundation Trust Board"), or a collective
owner ("Provider Trust Boards") whose `stands_for` lists the trusts the plan means. A reader
asking "what does the plan ask of KCHFT?" needs all three, each row saying by which path.
The rule (TEAM.md, the model contract): the roll-up of a body = what it owns directly + what
its boards own (a board's `part_of` is its organisation, boards of boards included) + what
collective owners that stand for it or for one of its boards own. A partnership or board also
shows what its current members are asked to do. `graph/queries/what-kchft-is-accountable-for.rq`
is the same rule in SPARQL, and a test compares the two.
"""
from __future__ import annotations

from dataclasses import dataclass

from planatlas.analysis import lifecycle as LC
from planatlas.analysis import views as V
from planatlas.reading.records import Record

OWNED_TYPES = ("action", "objective", "metric")
HOLDERS = ("organisation", "board", "partnership")


@dataclass(frozen=True)
class Duty:
    """One row: a record the subject is accountable for, and the owner on the record that makes it so."""

    record: str          # action, objective or metric id
    owner: str           # the owner the record names
    via: tuple[str, ...]  # bodies between the subject and that owner ((): owned directly)
    member: str = ""     # for a partnership or board: the member the row comes through

    @property
    def direct(self) -> bool:
        return not self.via and not self.member


def boards_of(v: V.Views, rid: str) -> list[str]:
    """Boards that are part of rid, and their boards in turn (breadth first, no repeats)."""
    found: list[str] = []
    todo = [rid]
    while todo:
        cur = todo.pop(0)
        for b in V.sources(v, cur, "part_of", "board"):
            if b not in found and b != rid:
                found.append(b)
                todo.append(b)
    return found


def collectives_for(v: V.Views, rids: list[str]) -> list[tuple[str, str]]:
    """(collective owner, the body it stands for) for collective owners naming any of rids."""
    out = []
    for rid in rids:
        for c in V.sources(v, rid, "stands_for"):
            out.append((c, rid))
    return out


def owned_records(v: V.Views, owner: str) -> list[Record]:
    return [r for r in V.owned(v, owner) if r.type in OWNED_TYPES]


def duties(v: V.Views, subject: str) -> list[Duty]:
    """The roll-up of one organisation, board or partnership (its own, not its members')."""
    rows: list[Duty] = []
    seen: set[tuple[str, str]] = set()

    def add(owner: str, via: tuple[str, ...]) -> None:
        for r in owned_records(v, owner):
            if (r.id, owner) not in seen:
                seen.add((r.id, owner))
                rows.append(Duty(r.id, owner, via))

    add(subject, ())
    own_boards = boards_of(v, subject)
    for b in own_boards:
        add(b, (b,))
    for collective, stands_for in collectives_for(v, [subject] + own_boards):
        add(collective, ((stands_for,) if stands_for != subject else ()) + (collective,))
    return rows


def current_members(v: V.Views, body: str) -> list[str]:
    """Members of a body whose membership has not ended (`lifecycle`: an end date, or a member that
    was dissolved or replaced)."""
    out = []
    for m in V.members(v, body):
        member = str(m.data.get("member", ""))
        if v.get(member) is None or LC.membership_ended(v, m) is not None:
            continue
        if member not in out:
            out.append(member)
    return out


def member_duties(v: V.Views, body: str) -> list[Duty]:
    """What the current members of a partnership or board are asked to do (through their own roll-up)."""
    rows = []
    for member in current_members(v, body):
        for d in duties(v, member):
            rows.append(Duty(d.record, d.owner, d.via, member=member))
    return rows

