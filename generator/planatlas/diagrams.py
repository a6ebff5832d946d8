"""Mermaid diagrams and their text alternatives, built from `views`.

Why a module of its own: every label that reaches Mermaid must go through
`escaping.mermaid_label`, node ids are generated (`n0`, `n1`...) so a record id such
as `end` or `graph` can never be read as a keyword, and every diagram is capped well
under Mermaid's limits (maxTextSize 50,000, maxEdges 500).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from . import views as V
from .escaping import mermaid_label

MAX_NODES = 40
_ACC = re.compile(r"[^A-Za-z0-9 ]")


@dataclass
class Diagram:
    """A small directed graph of records: what Mermaid draws and the list beside it says."""

    title: str
    direction: str = "LR"
    nodes: list[str] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    current: str = ""
    more: int = 0              # records left out past the cap
    more_anchor: str = ""      # where the full list is, on the same page
    edge_labels: bool = True   # off where every edge means the same (a tree)

    def add(self, rid: str) -> None:
        if rid not in self.nodes:
            self.nodes.append(rid)

    def isolated(self) -> list[str]:
        """Nodes no edge touches, other than the page's own record."""
        touched = {x for a, b, _l in self.edges for x in (a, b)}
        return [n for n in self.nodes if n not in touched and n != self.current]

    def link(self, a: str, b: str, label: str) -> None:
        self.add(a)
        self.add(b)
        if (a, b, label) not in self.edges:
            self.edges.append((a, b, label))


def render_mermaid(d: Diagram, linker) -> Markup:
    """Mermaid flowchart source: generated node ids, escaped labels, links to pages."""
    ids = {rid: f"n{i}" for i, rid in enumerate(d.nodes)}
    lines = [f"flowchart {d.direction}", f"accTitle: {_ACC.sub(' ', d.title)[:120]}"]
    for rid in d.nodes:
        kind = linker.type_name(rid)
        lines.append(f'{ids[rid]}["{mermaid_label(kind.capitalize() + ": " + linker.label(rid))}"]')
    for a, b, label in d.edges:
        shown = f"|{mermaid_label(label, 40)}| " if d.edge_labels and label else " "
        lines.append(f"{ids[a]} -->{shown}{ids[b]}")
    if d.more:
        lines.append(f'more["{mermaid_label(f"and {d.more} more")}"]')
        lines.append(f"{ids[d.current]} -.- more")
        if d.more_anchor:
            lines.append(f'click more href "#{d.more_anchor}"')
    for rid in d.nodes:
        if linker.exists(rid) and rid != d.current:
            lines.append(f'click {ids[rid]} href "{linker.href(rid)}"')
    lines += [f"class {ids[rid]} t-{linker.type_name(rid)}" for rid in d.nodes]
    if d.current in ids:
        lines.append(f"class {ids[d.current]} current")
    return Markup("\n".join(lines))


# Builders --------------------------------------------------------------------------
def neighbourhood(v: V.Views, rid: str) -> Diagram:
    ids, more = V.neighbourhood(v, rid, cap=24)
    d = Diagram(f"Neighbourhood of {rid}", current=rid, more=more, more_anchor="relations")
    d.add(rid)
    for lk in V.edges_among(v, ids):
        d.link(lk.source, lk.target, lk.label)
    for other in ids:
        d.add(other)
    return d


def outcome_tree(v: V.Views, outcome_id: str, per_objective: int = 6) -> Diagram:
    """Objectives serving the outcome and their actions (at most per_objective each), right to left."""
    d = Diagram(f"Objectives and actions of {outcome_id}", direction="RL", current=outcome_id,
                more_anchor="objectives-and-actions", edge_labels=False)
    d.add(outcome_id)
    for obj, actions in V.outcome_tree(v, outcome_id):
        parent = obj or outcome_id
        if obj:
            if len(d.nodes) >= MAX_NODES:
                d.more += 1 + len(actions)
                continue
            d.link(obj, outcome_id, "Serves")
        for i, a in enumerate(actions):
            if len(d.nodes) >= MAX_NODES or i >= per_objective:
                d.more += 1
                continue
            d.link(a, parent, "Contributes to")
    return d


def dependency_chain(v: V.Views, rid: str) -> Diagram:
    up, down = V.dependency_chain(v, rid)
    chain = up + [rid] + down
    d = Diagram(f"Dependency chain of {rid}", current=rid, more_anchor="dependency-chain")
    if len(chain) > MAX_NODES:  # keep the nearest: the record's direct neighbours first
        near = set(v.depends.successors(rid)) | set(v.depends.predecessors(rid))
        keep = [x for x in chain if x == rid or x in near]
        keep += [x for x in chain if x not in keep][: MAX_NODES - len(keep)]
        d.more = len(chain) - len(keep)
        chain = [x for x in chain if x in keep]
    for x in chain:
        d.add(x)
    for pre, dep in V.dependency_edges(v, chain):
        d.link(pre, dep, "Needed by")
    return d


def membership(v: V.Views, body: str) -> Diagram:
    d = Diagram(f"Members of {body}", current=body, more_anchor="members")
    d.add(body)
    for m in V.members(v, body):
        member = m.data.get("member", "")
        if len(d.nodes) >= MAX_NODES:
            d.more += 1
            continue
        d.link(member, body, v.records.records[m.id].data.get("role", "member").replace("-", " "))
    return d


def lineage(v: V.Views, rid: str) -> Diagram:
    d = Diagram(f"Organisational change around {rid}", current=rid, more_anchor="organisational-change")
    d.add(rid)
    for a, b, change in V.lineage(v, rid):
        if len(d.nodes) >= MAX_NODES:
            d.more += 1
            continue
        c = v.records.records[change]
        when = c.data.get("date", "")
        d.link(a, b, f"{c.data.get('kind', 'change')} {when}".strip())
    return d
