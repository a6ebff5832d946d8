"""What is at risk if an action or programme slips: its dependants, and what they serve.

Why it is built like this: the "affects" graph (X → Y when Y needs X) is made once per
record set; loops are found with strongly connected components (linear time, where
networkx `find_cycle` per record is far too slow at scale), and each question is a
breadth-first walk bounded by depth, so a record's answer costs only the part of the
graph it reaches, nearest first.  Used by the action and programme pages, by
`planatlas impact ID` and by the tests.
"""
from __future__ import annotations

import copy
import difflib
import json
from collections import deque
from dataclasses import dataclass, field

import networkx as nx

from planatlas.errors import InvalidInput
from planatlas.reading.records import RecordSet

WORK_TYPES = ("action", "programme")
MAX_DEPTH = 12

# How an edge of the affects graph reads, from the dependant's side.
WHY = {"depends_on": "depends on", "supports": "is supported by", "part_of": "has as a part"}


@dataclass(frozen=True)
class Reached:
    """A record at risk: how many steps away, and the record it is reached through."""

    id: str
    type: str
    distance: int
    via: str
    how: str = ""


@dataclass
class Impact:
    root: str
    work: list[Reached] = field(default_factory=list)        # actions and programmes, nearest first
    objectives: list[Reached] = field(default_factory=list)
    outcomes: list[Reached] = field(default_factory=list)    # outcomes and enablers
    metrics: list[Reached] = field(default_factory=list)
    loop: list[str] = field(default_factory=list)            # records in a dependency loop with the root
    depth_limited: bool = False                              # the walk stopped at max_depth

    def groups(self) -> list[tuple[str, list[Reached]]]:
        return [("Actions and programmes", self.work), ("Objectives", self.objectives),
                ("Outcomes and enablers", self.outcomes), ("Metrics", self.metrics)]

    @property
    def empty(self) -> bool:
        return not (self.work or self.objectives or self.outcomes or self.metrics)

    def as_json(self, cap: int | None = None) -> dict:
        def items(xs: list[Reached]) -> dict:
            shown = xs if cap is None else xs[:cap]
            return {"total": len(xs), "shown": [x.__dict__ for x in shown]}
        return {"id": self.root, "loop": self.loop, "depth_limited": self.depth_limited,
                "work": items(self.work), "objectives": items(self.objectives),
                "outcomes": items(self.outcomes), "metrics": items(self.metrics)}


class ImpactIndex:
    """The affects graph of a record set, its loops, and what serves what."""

    def __init__(self, rs: RecordSet) -> None:
        self.rs = rs
        self.g = nx.DiGraph()
        self.serves: dict[str, list[tuple[str, str]]] = {}   # record → [(objective/outcome, how)]
        self.measured_by: dict[str, list[str]] = {}           # record → metrics measuring it
        for r in rs:
            if r.type in WORK_TYPES:
                self.g.add_node(r.id)
            for target in _refs(r.data.get("depends_on")):
                if target in rs.records and target != r.id:
                    self.g.add_edge(target, r.id, how="depends_on")
            if r.type == "programme":
                for target in _refs(r.data.get("supports")):
                    t = rs.records.get(target)
                    if t is None or target == r.id:
                        continue
                    if t.type in WORK_TYPES:
                        self.g.add_edge(r.id, target, how="supports")
                    else:
                        self.serves.setdefault(r.id, []).append((target, "supports"))
                for target in _refs(r.data.get("part_of")):
                    if target in rs.records and target != r.id:
                        self.g.add_edge(r.id, target, how="part_of")
            if r.type in ("action", "objective"):
                name = "contributes_to" if r.type == "action" else "serves"
                for target in _refs(r.data.get(name)):
                    if target in rs.records:
                        self.serves.setdefault(r.id, []).append((target, name))
            if r.type == "metric":
                for target in _refs(r.data.get("measures")):
                    self.measured_by.setdefault(target, []).append(r.id)
        self.component: dict[str, int] = {}
        self.loops: dict[int, list[str]] = {}
        for n, comp in enumerate(nx.strongly_connected_components(self.g)):
            members = sorted(comp)
            for rid in members:
                self.component[rid] = n
            if len(members) > 1:
                self.loops[n] = members

    def over(self, rs: RecordSet) -> "ImpactIndex":
        """The same index read over `rs`, records with the same links (a preview after a text edit):
        types and titles come from rs, the graph is shared."""
        other = copy.copy(self)
        other.rs = rs
        return other

    def type_of(self, rid: str) -> str:
        r = self.rs.records.get(rid)
        return r.type if r else "missing"

    def label(self, rid: str) -> str:
        r = self.rs.records.get(rid)
        return r.label if r else rid

    def impact(self, rid: str, max_depth: int = MAX_DEPTH) -> Impact:
        """Everything at risk if `rid` slips, each list nearest first (then by title)."""
        out = Impact(rid, loop=[x for x in self.loops.get(self.component.get(rid, -1), []) if x != rid])
        if rid not in self.g:
            return out
        reached: dict[str, Reached] = {}
        queue: deque[tuple[str, int]] = deque([(rid, 0)])
        seen = {rid}
        while queue:
            node, depth = queue.popleft()
            if depth >= max_depth:
                out.depth_limited = out.depth_limited or any(s not in seen for s in self.g.successors(node))
                continue
            for succ in sorted(self.g.successors(node)):
                if succ in seen:
                    continue
                seen.add(succ)
                reached[succ] = Reached(succ, self.type_of(succ), depth + 1, node, self.g.edges[node, succ]["how"])
                queue.append((succ, depth + 1))
        out.work = self._ordered(reached.values())
        served: dict[str, Reached] = {}
        metrics: dict[str, Reached] = {}
        frontier = [(rid, 0)] + [(x.id, x.distance) for x in out.work]
        # objectives, then the outcomes they serve (one or two steps beyond the work item)
        for work_id, d in frontier:
            for target, how in self.serves.get(work_id, []):
                self._keep(served, Reached(target, self.type_of(target), d + 1, work_id, how))
        for obj in [x for x in list(served.values()) if x.type == "objective"]:
            for target, how in self.serves.get(obj.id, []):
                self._keep(served, Reached(target, self.type_of(target), obj.distance + 1, obj.id, how))
        for x in [(w, d) for w, d in frontier] + [(s.id, s.distance) for s in served.values()]:
            for m in self.measured_by.get(x[0], []):
                self._keep(metrics, Reached(m, "metric", x[1] + 1, x[0], "measures"))
        out.objectives = self._ordered(s for s in served.values() if s.type == "objective")
        out.outcomes = self._ordered(s for s in served.values() if s.type in ("outcome", "enabler"))
        out.metrics = self._ordered(metrics.values())
        return out

    @staticmethod
    def _keep(found: dict[str, Reached], item: Reached) -> None:
        if item.id not in found or item.distance < found[item.id].distance:
            found[item.id] = item

    def _ordered(self, items) -> list[Reached]:
        return sorted(items, key=lambda x: (x.distance, self.label(x.id).lower(), x.id))

    def suggest(self, rid: str) -> list[str]:
        """Close matches among action and programme ids, for 'did you mean'."""
        ids = [r.id for r in self.rs if r.type in WORK_TYPES]
        return difflib.get_close_matches(rid, ids, n=3, cutoff=0.6)


def _refs(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def table(index: ImpactIndex, imp: Impact, cap: int) -> str:
    """The impact as plain text for the terminal: one section per kind, nearest first."""
    lines = [f"If {imp.root} ({index.label(imp.root)}) slips, at risk:"]
    if imp.loop:
        lines.append(f"  in a dependency loop with: {', '.join(imp.loop)}")
    if imp.empty:
        lines.append("  nothing: no action or programme depends on it, and it serves no objective, outcome or metric.")
    for title, items in imp.groups():
        if not items:
            continue
        lines.append(f"\n{title} ({len(items)})")
        lines.append(f"  {'steps':>5}  {'id':<44} {'title'}")
        for x in items[:cap]:
            lines.append(f"  {x.distance:>5}  {x.id:<44} {index.label(x.id)}")
        if len(items) > cap:
            lines.append(f"  and {len(items) - cap} more (--limit to see more)")
    if imp.depth_limited:
        lines.append(f"\n(stopped at {MAX_DEPTH} steps)")
    return "\n".join(lines)


def impact_report(rs: RecordSet, record_id: str, fmt: str = "table", cap: int = 20) -> str:
    """`planatlas impact ID`: the table or JSON; InvalidInput (exit 1) with "did you mean" for a bad id."""
    index = ImpactIndex(rs)
    record = rs.records.get(record_id)
    if record is None or record.type not in WORK_TYPES:
        what = f"{record_id!r} is a {record.type}" if record else f"no action or programme has the id {record_id!r}"
        close = index.suggest(record_id)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise InvalidInput(f"{what}; impact is worked out for actions and programmes{hint}")
    result = index.impact(record_id)
    if fmt == "json":
        return json.dumps(result.as_json(cap), indent=2, sort_keys=True)
    return table(index, result, cap)
