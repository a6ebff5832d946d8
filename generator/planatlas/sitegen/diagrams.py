"""Diagrams and their text alternatives, built from `views`, drawn by `svglayout`.

Why a module of its own: which records a diagram shows is a question of the page
(a neighbourhood, an objective tree, a dependency chain, members, organisational
change); how it is drawn is `svglayout`'s. Every diagram is capped at MAX_NODES so it
stays legible, with "and N more" pointing at the full list on the same page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from planatlas.analysis import accountability as A
from planatlas.analysis import lifecycle as LC
from planatlas.sitegen import svglayout
from planatlas.sitegen import trackers as T
from planatlas.analysis import views as V

MAX_NODES = 25


@dataclass
class Diagram:
    """A small directed graph of records: what the SVG draws and the list beside it says."""

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


def render_svg(d: Diagram, linker, svg_id: str) -> Markup:
    """The diagram as inline SVG (`svglayout`): nodes link to their pages, labels wrap."""
    nodes = [(rid, linker.type_name(rid), linker.label(rid),
              linker.href(rid) if linker.exists(rid) else None) for rid in d.nodes]
    edges = list(d.edges)
    if d.more:
        nodes.append(("__more", "more", f"and {d.more} more: see the list", f"#{d.more_anchor}" if d.more_anchor else None))
        edges.append((d.current, "__more", "") if d.direction == "LR" else ("__more", d.current, ""))
    n_links = len(d.edges)
    desc = (f"{len(d.nodes)} record{'s' if len(d.nodes) != 1 else ''} and {n_links} link{'s' if n_links != 1 else ''}"
            + (f", and {d.more} more not drawn" if d.more else "") + ". The same content is in the list below.")
    # aria-label: generated words only (what kind of diagram); the record names are in <title>
    aria = d.title.split(" of ", 1)[0] + " (diagram)"
    return svglayout.render(d.title, desc, nodes, edges, current=d.current, mirror=d.direction == "RL",
                            edge_labels=d.edge_labels, svg_id=svg_id, aria_label=aria)


# Builders --------------------------------------------------------------------------
def neighbourhood(v: V.Views, rid: str) -> Diagram:
    ids, more = V.neighbourhood(v, rid, cap=MAX_NODES - 1)
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
                more_anchor="tracker", edge_labels=False)
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
    """Current members of a body (past members are in the Members table, marked as past)."""
    d = Diagram(f"Current members of {v.get(body).label if v.get(body) else body}", current=body,
                more_anchor="members")
    d.add(body)
    for m in V.members(v, body):
        if LC.membership_ended(v, m) is not None:
            continue
        member = m.data.get("member", "")
        if len(d.nodes) >= MAX_NODES:
            d.more += 1
            continue
        d.link(member, body, v.records.records[m.id].data.get("role", "member").replace("-", " "))
    return d


def plan_tree(v: V.Views, plan: str) -> Diagram:
    """A plan's outcomes and the objectives serving them (the actions are in the tracker)."""
    d = Diagram(f"Outcomes and objectives of {v.get(plan).label}", direction="RL", current=plan,
                more_anchor="tracker", edge_labels=False)
    d.add(plan)
    for trunk in T.plan_tree(v, plan):
        if not trunk.outcome:
            continue
        if len(d.nodes) >= MAX_NODES:
            d.more += 1 + trunk.n_objectives
            continue
        d.link(trunk.outcome, plan, "Outcome of")
        for b in trunk.branches:
            if not b.objective:
                continue
            if len(d.nodes) >= MAX_NODES:
                d.more += 1
                continue
            d.link(b.objective, trunk.outcome, "Serves")
    return d


def organisation(v: V.Views, org: str) -> Diagram:
    """Through what an organisation is accountable (its boards, the collective owners that stand
    for it) and the partnerships and boards it is currently a member of."""
    d = Diagram(f"Boards, collective owners and partnerships of {v.get(org).label}", current=org,
                more_anchor="accountable")
    d.add(org)
    boards = A.boards_of(v, org)
    for b in boards:
        d.link(b, org, "Part of")
    for c, target in A.collectives_for(v, [org] + boards):
        d.link(c, target, "Stands for")
    for m in V.memberships_of(v, org):
        if LC.membership_ended(v, m) is not None:
            continue
        body = str(m.data.get("body", ""))
        if len(d.nodes) >= MAX_NODES:
            d.more += 1
            continue
        if v.exists(body):
            d.link(org, body, "Member of")
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
