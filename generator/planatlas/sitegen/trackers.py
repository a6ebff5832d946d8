"""Plans, outcomes and objectives as trackers: outcome → objective → action, each action with
its owners, timescale, due date and status.

Why: a plan's records are a tree that staff read top down ("what does outcome 2 ask, of whom,
by when?"); a flat list of 300 links answers none of that. The tree is computed from the
views (objective `serves` outcome, action `contributes_to` objective or outcome); records
that hang off nothing are kept in an "other" group so nothing in the plan is lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from planatlas.analysis import views as V
from planatlas.reading.records import Record


@dataclass
class Branch:
    """One objective (or '' for actions straight under the parent) and its actions."""

    objective: str
    actions: list[str] = field(default_factory=list)


@dataclass
class Trunk:
    """One outcome (or '' for objectives that serve no outcome) and its branches."""

    outcome: str
    branches: list[Branch] = field(default_factory=list)

    @property
    def n_actions(self) -> int:
        return sum(len(b.actions) for b in self.branches)

    @property
    def n_objectives(self) -> int:
        return sum(1 for b in self.branches if b.objective)


def _num(v: V.Views, rid: str) -> tuple:
    r = v.get(rid)
    n = r.data.get("number") if r else None
    ch = r.data.get("chapter") if r else None
    return (ch if isinstance(ch, int) else 999, n if isinstance(n, int) else 999, rid)


def _in_plan(v: V.Views, rid: str, plan: str | None) -> bool:
    return plan is None or str(v.get(rid).data.get("plan", "")) == plan


def objective_branch(v: V.Views, objective: str, plan: str | None = None) -> Branch:
    acts = [a for a in V.actions_of(v, objective) if _in_plan(v, a, plan)]
    return Branch(objective, sorted(acts, key=lambda a: _num(v, a)))


def outcome_trunk(v: V.Views, outcome: str, plan: str | None = None) -> Trunk:
    objs = [o for o in V.objectives_of(v, outcome) if _in_plan(v, o, plan)]
    t = Trunk(outcome, [objective_branch(v, o, plan) for o in sorted(objs, key=lambda o: _num(v, o))])
    direct = [a for a in V.actions_of(v, outcome) if _in_plan(v, a, plan)]
    if direct:
        t.branches.append(Branch("", sorted(direct, key=lambda a: _num(v, a))))
    return t


def plan_tree(v: V.Views, plan: str) -> list[Trunk]:
    """Every outcome the plan's objectives and actions serve (its own first), and a last trunk ''
    for objectives that serve no outcome and actions under no objective."""
    # the records whose 'plan' links here (the views' incoming links, in the order of a scan of every
    # record): a scan read every record, so every plan page was rendered again after any edit
    records = sorted((v.records.records[s] for s in V.sources(v, plan, "plan")), key=lambda r: (r.type, r.id))
    objectives = [r.id for r in records if r.type == "objective"]
    actions = [r.id for r in records if r.type == "action"]
    outcomes = [r.id for r in records if r.type in ("outcome", "enabler")]
    for o in objectives:
        for t in V.targets(v, o, "serves"):
            if t not in outcomes:
                outcomes.append(t)
    for a in actions:
        for t in V.targets(v, a, "contributes_to"):
            if v.get(t).type in ("outcome", "enabler") and t not in outcomes:
                outcomes.append(t)
    own = [o for o in outcomes if str(v.get(o).data.get("plan", "")) == plan]
    other = [o for o in outcomes if o not in own]
    trunks = [outcome_trunk(v, o, plan) for o in sorted(own, key=lambda o: _num(v, o))]
    trunks += [outcome_trunk(v, o, plan) for o in sorted(other, key=lambda o: _num(v, o))]
    trunks = [t for t in trunks if t.branches or t.outcome in own]
    placed_obj = {b.objective for t in trunks for b in t.branches}
    placed_act = {a for t in trunks for b in t.branches for a in b.actions}
    loose = Trunk("")
    for o in sorted(set(objectives) - placed_obj, key=lambda o: _num(v, o)):
        loose.branches.append(objective_branch(v, o, plan))
    placed_act |= {a for b in loose.branches for a in b.actions}
    rest = [a for a in actions if a not in placed_act]
    if rest:
        loose.branches.append(Branch("", sorted(rest, key=lambda a: _num(v, a))))
    if loose.branches:
        trunks.append(loose)
    return trunks


def tree_for(v: V.Views, r: Record) -> list[Trunk]:
    """The tracker a page shows: a plan's whole tree, an outcome's trunk, an objective's branch."""
    if r.type == "plan":
        return plan_tree(v, r.id)
    if r.type in ("outcome", "enabler"):
        t = outcome_trunk(v, r.id)
        return [t] if t.branches else []
    if r.type == "objective":
        b = objective_branch(v, r.id)
        return [Trunk("", [b])] if b.actions else []
    return []
