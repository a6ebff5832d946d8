"""Current or past: which bodies, memberships and plans have ended, and when, from the data.

Why: a reader must not see an abolished CCG as an "Established" member of a partnership.
Nothing here guesses: a body has ended when it has `dissolved`, or when a dated or undated
organisational change (other than an establishment) takes it as `from` without keeping it as
`to`; a membership has ended when it has `end` or its member has ended; a plan has ended when
its status is superseded. The date shown is the one the data gives, or "date not stated".
"""
from __future__ import annotations

from dataclasses import dataclass

from planatlas.analysis import views as V
from planatlas.reading.records import Record


@dataclass(frozen=True)
class Ended:
    """That something is past, when (ISO text, '' if no document states it) and why."""

    date: str
    reason: str        # "dissolved", "replaced by ...", "membership ended", "superseded"
    change: str = ""   # the change record, if a change ended it


def body_ended(v: V.Views, rid: str) -> Ended | None:
    r = v.get(rid)
    if r is None or r.type not in ("organisation", "partnership", "board"):
        return None
    if r.data.get("dissolved"):
        return Ended(str(r.data["dissolved"]), "dissolved")
    found = []
    for c in v.records.of_type("change"):
        if c.data.get("kind") == "establishment":
            continue
        if rid in c.data.get("from", []) and rid not in c.data.get("to", []):
            found.append(c)
    if not found:
        return None
    c = min(found, key=lambda c: (str(c.data.get("date", "9999")), c.id))
    return Ended(str(c.data.get("date", "")), c.data.get("kind", "change"), c.id)


def membership_ended(v: V.Views, m: Record) -> Ended | None:
    if m.data.get("end"):
        return Ended(str(m.data["end"]), "membership ended")
    member = body_ended(v, str(m.data.get("member", "")))
    if member:
        return Ended(member.date, f"member {member.reason}", member.change)
    body = body_ended(v, str(m.data.get("body", "")))
    if body:
        return Ended(body.date, f"body {body.reason}", body.change)
    return None


def plan_ended(r: Record) -> Ended | None:
    if r.type == "plan" and r.data.get("status") == "superseded":
        return Ended(str(r.data.get("period_end", "")), "superseded")
    return None


def ended(v: V.Views, r: Record) -> Ended | None:
    """Whether a record is past (bodies, memberships, plans); None if current or not applicable."""
    if r.type == "membership":
        return membership_ended(v, r)
    if r.type == "plan":
        return plan_ended(r)
    return body_ended(v, r.id)


def current_first(v: V.Views, records: list[Record]) -> list[Record]:
    """The same records, current ones first (a stable sort: the given order within each group)."""
    return sorted(records, key=lambda r: ended(v, r) is not None)
