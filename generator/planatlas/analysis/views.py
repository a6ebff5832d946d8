"""Views of the plan computed once per build with networkx, read by the page generator.

Why here: a page needs its relations both ways, its neighbourhood, its place in the
outcome → objective → action tree and its transitive dependencies.  Computing those
per page from the records would be quadratic on ~3,000 records; this module builds
each graph once.  Cycles (possible when validation was bypassed) are handled with
strongly connected components, never `find_cycle`.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from planatlas import model
from planatlas.analysis.impact import ImpactIndex
from planatlas.graph.checks import iter_refs
from planatlas.model import Field
from planatlas.reading.records import Record, RecordSet

# Reference fields that are provenance, not plan structure: listed, never drawn.
PROVENANCE = {"document"}


@dataclass(frozen=True)
class Link:
    """One reference: source record --field--> target id."""

    source: str
    field: Field
    target: str

    @property
    def label(self) -> str:
        return self.field.label or ("Source document" if self.field.name == "document"
                                    else self.field.name.replace("_", " ").capitalize())

    @property
    def inverse_label(self) -> str:
        return self.field.inverse_label or ("Records read from it" if self.field.name == "document"
                                            else f"Referenced as {self.field.name.replace('_', ' ')} by")


@dataclass
class Views:
    """Everything the pages need that spans more than one record."""

    records: RecordSet
    out: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    inc: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    structure: nx.Graph = field(default_factory=nx.Graph)
    depends: nx.DiGraph = field(default_factory=nx.DiGraph)
    changes: nx.DiGraph = field(default_factory=nx.DiGraph)
    topo_index: dict[str, int] = field(default_factory=dict)
    outcomes_of: dict[str, list[str]] = field(default_factory=dict)
    serving: dict[str, list[str]] = field(default_factory=dict)    # outcome → ids it is in outcomes_of of
    impact: ImpactIndex | None = None      # made on first use (sitegen/tracking.py); links only, like the rest
    # Each record's link as the pages write it (sitegen/pages.py, Linker.a), made once per build, not once
    # per link: {id: (record, path or None, label as HTML)}.  Kept with the record it was made from.
    link_parts: dict[str, tuple] = field(default_factory=dict, repr=False, compare=False)

    def get(self, rid: str) -> Record | None:
        return self.records.records.get(rid)

    def exists(self, rid: str) -> bool:
        return rid in self.records.records


def build_views(rs: RecordSet) -> Views:
    v = Views(rs)
    seen: set[tuple[str, str, str]] = set()
    for r, f, _key, target in iter_refs(rs):
        if (r.id, f.name, target) in seen:
            continue
        seen.add((r.id, f.name, target))
        link = Link(r.id, f, target)
        v.out[r.id].append(link)
        v.inc[target].append(link)
        if f.name not in PROVENANCE and target in rs.records and target != r.id:
            v.structure.add_edge(r.id, target)
        if f.name == "depends_on" and target in rs.records:
            v.depends.add_edge(r.id, target)
    _build_changes(v)
    v.topo_index = _topological_index(v.depends)
    v.outcomes_of = {r.id: _outcomes_of(v, r) for r in rs}
    for rid in sorted(v.outcomes_of):
        for outcome in v.outcomes_of[rid]:
            v.serving.setdefault(outcome, []).append(rid)
    return v


def link_signature(r: Record) -> tuple:
    """What the views take from a record: its type and its references, in order."""
    return (r.type, tuple((f.name, key, target) for _r, f, key, target in iter_refs(RecordSet({r.id: r}))))


def views_after_edit(before: Views, records: RecordSet, changed: set[str]) -> Views:
    """The views of `records`, which differ from those of `before` in the ids `changed`.

    Why: the views hold only who links to whom (and each record's type), so after an edit that
    changed no reference and added or removed no record (a title, a status) they are the same, and
    making them again was a third of a preview's first step at 20,000 records (1.1 s).  Any other
    edit makes them again."""
    old, new = before.records.records, records.records
    for rid in changed:
        if rid not in old or rid not in new or link_signature(old[rid]) != link_signature(new[rid]):
            return build_views(records)
    return dataclasses.replace(before, records=records)


def _build_changes(v: Views) -> None:
    for c in v.records.of_type("change"):
        for a in c.data.get("from", []):
            for b in c.data.get("to", []):
                if v.exists(a) and v.exists(b) and a != b:
                    v.changes.add_edge(a, b, change=c.id)
        for x in c.data.get("from", []) + c.data.get("to", []):
            if v.exists(x):
                v.changes.add_node(x)


def _topological_index(g: nx.DiGraph) -> dict[str, int]:
    """Position of every node in a deterministic topological order (prerequisites first).

    Edges point from a record to what it depends on, so the order is reversed.  Any
    cycle is collapsed into one strongly connected component first (linear time).
    """
    cond = nx.condensation(g)
    order = list(nx.lexicographical_topological_sort(
        cond, key=lambda c: min(cond.nodes[c]["members"])))
    index: dict[str, int] = {}
    for comp in reversed(order):
        for rid in sorted(cond.nodes[comp]["members"]):
            index[rid] = len(index)
    return index


# Relations ---------------------------------------------------------------------
def grouped(links: list[Link], inverse: bool) -> list[tuple[str, list[str]]]:
    """[(label, ids)] in model order, ids sorted: 'Owned by', 'Owns', ..."""
    groups: dict[str, list[str]] = {}
    for link in links:
        label = link.inverse_label if inverse else link.label
        groups.setdefault(label, []).append(link.source if inverse else link.target)
    return [(label, sorted(set(ids))) for label, ids in sorted(groups.items())]


def targets(v: Views, rid: str, field_name: str) -> list[str]:
    return sorted({lk.target for lk in v.out.get(rid, []) if lk.field.name == field_name and v.exists(lk.target)})


def sources(v: Views, rid: str, field_name: str, rtype: str | None = None) -> list[str]:
    found = {lk.source for lk in v.inc.get(rid, []) if lk.field.name == field_name}
    return sorted(s for s in found if v.exists(s) and (rtype is None or v.records.records[s].type == rtype))


# Neighbourhoods ----------------------------------------------------------------
def neighbourhood(v: Views, rid: str, cap: int = 24, small: int = 12) -> tuple[list[str], int]:
    """Ids around a record (depth 2 where that stays under the cap, else depth 1), and how many
    depth-1 neighbours did not fit."""
    if rid not in v.structure:
        return [rid], 0
    near = sorted(v.structure.neighbors(rid))
    far = sorted({n for m in near for n in v.structure.neighbors(m)} - set(near) - {rid})
    if len(near) + len(far) <= small:
        return [rid] + near + far, 0
    shown = near[:cap]
    return [rid] + shown, len(near) - len(shown)


def edges_among(v: Views, ids: list[str]) -> list[Link]:
    """Structural links from each ring of a neighbourhood to the next (ids[0] is the centre),
    in a stable order: links inside a ring would only clutter the diagram."""
    ring = {ids[0]: 0}
    for x in ids[1:]:
        ring[x] = 1 if v.structure.has_edge(ids[0], x) else 2
    found = [lk for rid in ids for lk in v.out.get(rid, [])
             if lk.target in ring and lk.field.name not in PROVENANCE and lk.target != lk.source
             and abs(ring[lk.source] - ring[lk.target]) == 1]
    return sorted(found, key=lambda lk: (ids.index(lk.source), ids.index(lk.target), lk.field.name))


# Outcome → objective → action trees ----------------------------------------------
def objectives_of(v: Views, outcome_id: str) -> list[str]:
    return sources(v, outcome_id, "serves", "objective")


def actions_of(v: Views, rid: str) -> list[str]:
    return sources(v, rid, "contributes_to", "action")


def outcome_tree(v: Views, outcome_id: str) -> list[tuple[str, list[str]]]:
    """[(objective, actions)] under an outcome; actions linked straight to it come under ''."""
    tree = [(obj, actions_of(v, obj)) for obj in objectives_of(v, outcome_id)]
    direct = actions_of(v, outcome_id)
    if direct:
        tree.append(("", direct))
    return tree


def _outcomes_of(v: Views, r: Record) -> list[str]:
    """Outcomes (and enablers) a record serves, through objectives where needed."""
    if r.type in ("outcome", "enabler"):
        return [r.id]
    found: set[str] = set()
    linked = [t for name in ("serves", "contributes_to", "measures", "supports") for t in targets(v, r.id, name)]
    for t in linked:
        tr = v.records.records[t]
        if tr.type in ("outcome", "enabler"):
            found.add(t)
        elif tr.type == "objective":
            found.update(x for x in targets(v, t, "serves") if v.records.records[x].type in ("outcome", "enabler"))
    return sorted(found)


def breadcrumbs(v: Views, r: Record) -> list[str]:
    """plan → outcome → objective → action, as far as the record has them (first of each)."""
    chain: list[str] = []
    if r.type == "action":
        objs = [t for t in targets(v, r.id, "contributes_to") if v.records.records[t].type == "objective"]
        if objs:
            chain.insert(0, objs[0])
    if r.type == "objective" or chain:
        obj = chain[0] if chain else r.id
        outs = targets(v, obj, "serves")
        if outs:
            chain.insert(0, outs[0])
    if r.type == "action" and not chain:
        outs = [t for t in targets(v, r.id, "contributes_to") if v.records.records[t].type == "outcome"]
        chain[:0] = outs[:1]
    plan = r.data.get("plan") if r.type != "plan" else None
    if plan and v.exists(plan):
        chain.insert(0, plan)
    return chain


# Dependencies --------------------------------------------------------------------
def dependency_chain(v: Views, rid: str) -> tuple[list[str], list[str]]:
    """(upstream, downstream): everything the record needs first, and everything that needs it,
    transitively, each in topological order (prerequisites first)."""
    if rid not in v.depends:
        return [], []
    order = v.topo_index.get
    up = sorted(nx.descendants(v.depends, rid), key=lambda x: (order(x, 0), x))
    down = sorted(nx.ancestors(v.depends, rid), key=lambda x: (order(x, 0), x))
    return up, down


def dependency_edges(v: Views, ids: list[str]) -> list[tuple[str, str]]:
    """(prerequisite, dependant) pairs among ids, deterministic."""
    sub = v.depends.subgraph(ids)
    return sorted((b, a) for a, b in sub.edges())


# Membership and organisational change ------------------------------------------
def members(v: Views, body: str) -> list[Record]:
    """Membership records of a body, by member name then role."""
    ms = [v.records.records[m] for m in sources(v, body, "body", "membership")]
    return sorted(ms, key=lambda m: (_label(v, m.data.get("member", "")), m.data.get("role", ""), m.id))


def memberships_of(v: Views, member: str) -> list[Record]:
    ms = [v.records.records[m] for m in sources(v, member, "member", "membership")]
    return sorted(ms, key=lambda m: (_label(v, m.data.get("body", "")), m.id))


def lineage(v: Views, rid: str) -> list[tuple[str, str, str]]:
    """(before, after, change id) for every change connected to the record, by date then id."""
    if rid not in v.changes:
        return []
    comp = nx.node_connected_component(v.changes.to_undirected(as_view=True), rid)
    edges = [(a, b, d["change"]) for a, b, d in v.changes.subgraph(comp).edges(data=True)]
    return sorted(edges, key=lambda e: (str(v.records.records[e[2]].data.get("date", "")), e[2], e[0], e[1]))


def _label(v: Views, rid: str) -> str:
    r = v.get(rid)
    return r.label.lower() if r else rid


# Owners ----------------------------------------------------------------------------
def owned(v: Views, owner: str) -> list[Record]:
    ids = {lk.source for lk in v.inc.get(owner, []) if lk.field.name == "owners"}
    return sorted((v.records.records[i] for i in ids if v.exists(i)), key=lambda r: (r.type, r.id))


def owned_by_outcome(v: Views, owner: str) -> list[tuple[str, dict[str, list[Record]]]]:
    """[(outcome id or '', {horizon: records})] for what an owner owns, outcomes in id order."""
    groups: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for r in owned(v, owner):
        horizon = r.data.get("timescale", "") if r.type == "action" else ""
        for outcome in v.outcomes_of.get(r.id) or [""]:
            groups[outcome][horizon].append(r)
    return [(o, dict(sorted(groups[o].items(), key=lambda kv: _horizon_key(kv[0]))))
            for o in sorted(groups, key=lambda o: (o == "", o))]


def _horizon_key(h: str) -> int:
    order = list(model.SCHEMES["timescale"].concepts)
    return order.index(h) if h in order else len(order)
