"""Who was named in which post, when, and what a body's meetings decided: the tables a board,
organisation, partnership or person page shows (people move on, so every row carries the date and
document that names them: "named as chair in the October 2018 pack", never "is chair")."""
from __future__ import annotations

from planatlas import model
from planatlas.reading.records import Record
from planatlas.analysis.views import Views, sources

_ROLE_ORDER = list(model.SCHEMES["post-role"].concepts)


def _role_key(role: str) -> int:
    return _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)


def _named(r: Record) -> str:
    return str(r.data.get("named_date", ""))


def posts_in(v: Views, body: str) -> list[Record]:
    """Posts in a body, newest naming first, then by role (chair first) and person."""
    ps = [v.records.records[p] for p in sources(v, body, "post_in", "post")]
    ps.sort(key=lambda p: (_role_key(p.data.get("role", "")), p.data.get("held_by", "")))
    return sorted(ps, key=_named, reverse=True)


def posts_held(v: Views, person: str) -> list[Record]:
    """A person's posts, oldest naming first (the order they were named in)."""
    ps = [v.records.records[p] for p in sources(v, person, "held_by", "post")]
    return sorted(ps, key=lambda p: (_named(p), _role_key(p.data.get("role", "")), p.id))


def decisions_of(v: Views, body: str) -> list[Record]:
    """Decisions and minutes of a body's meetings, in meeting and minute order."""
    ds = [v.records.records[d] for d in sources(v, body, "body", "decision")]
    return sorted(ds, key=lambda d: (str(d.data.get("date", "")), d.id))


def people_context(v: Views, r: Record) -> dict:
    """What the record template's people block needs for this record (empty for other types)."""
    if r.type in ("board", "organisation", "partnership"):
        return {"posts_in": posts_in(v, r.id), "posts_held": [], "decisions_here": decisions_of(v, r.id)}
    if r.type == "person":
        return {"posts_in": [], "posts_held": posts_held(v, r.id), "decisions_here": []}
    return {"posts_in": [], "posts_held": [], "decisions_here": []}
