"""The networkx views: caps, orders and cycles, on synthetic graphs of the size the site must handle."""
from __future__ import annotations

import random
import time

import networkx as nx

from planatlas.sitegen import diagrams as D
from planatlas.sitegen.svglayout import layers
from planatlas.reading.records import Record, RecordSet
from planatlas.analysis.views import build_views, dependency_chain, neighbourhood, outcome_tree

SRC = [{"document": "src", "section": "s"}]


def rs_of(*records: dict) -> RecordSet:
    data = [{"id": "src", "type": "source", "title": "S", "file": "f"}, *records]
    return RecordSet({d["id"]: Record(d["type"], d["id"], {**d, "sources": SRC}, f"{d['id']}.yaml") for d in data})


def action(rid: str, **kw) -> dict:
    return {"id": rid, "type": "action", "title": rid, "text": "t", **kw}


def test_transitive_dependency_chain_in_topological_order_on_3000_actions():
    n = 3000
    records = [action(f"a{i}", depends_on=[f"a{i - 1}"] if i else []) for i in range(n)]
    for r in records:
        if not r["depends_on"]:
            del r["depends_on"]
    t0 = time.perf_counter()
    v = build_views(rs_of(*records))
    up, down = dependency_chain(v, "a1500")
    assert time.perf_counter() - t0 < 20
    assert up == [f"a{i}" for i in range(1500)]          # prerequisites first
    assert down == [f"a{i}" for i in range(1501, n)]
    d = D.dependency_chain(v, "a1500")
    assert len(d.nodes) <= D.MAX_NODES and d.more == n - len(d.nodes)
    assert "a1499" in d.nodes and "a1501" in d.nodes     # the direct neighbours are always shown


def test_a_cycle_does_not_break_the_views():
    v = build_views(rs_of(action("x", depends_on=["y"]), action("y", depends_on=["z"]), action("z", depends_on=["x"])))
    up, down = dependency_chain(v, "x")
    assert set(up) == {"x", "y", "z"} or set(up) == {"y", "z"}
    assert len(v.topo_index) == 3


def test_neighbourhood_is_capped_with_a_count_of_the_rest():
    hub = {"id": "hub", "type": "organisation", "name": "Hub", "kind": "other"}
    records = [hub] + [action(f"a{i:03d}", owners=["hub"]) for i in range(300)]
    v = build_views(rs_of(*records))
    ids, more = neighbourhood(v, "hub", cap=24)
    assert len(ids) == 25 and more == 276
    d = D.neighbourhood(v, "hub")
    assert d.more == 276 and len(d.nodes) <= 25


def test_outcome_tree_and_its_cap():
    records = [{"id": "plan", "type": "plan", "title": "P", "kind": "strategy", "status": "draft"},
               {"id": "out", "type": "outcome", "title": "O", "plan": "plan", "statement": "s"}]
    for i in range(30):
        records.append({"id": f"obj{i:02d}", "type": "objective", "title": "o", "plan": "plan", "serves": ["out"]})
        records += [action(f"act{i:02d}-{j}", contributes_to=[f"obj{i:02d}"]) for j in range(3)]
    v = build_views(rs_of(*records))
    tree = outcome_tree(v, "out")
    assert len(tree) == 30 and all(len(actions) == 3 for _o, actions in tree)
    d = D.outcome_tree(v, "out")
    assert len(d.nodes) <= D.MAX_NODES + 1 and d.more == 30 + 90 + 1 - len(d.nodes)
    many = build_views(rs_of(*records[:3], *[action(f"x{j:02d}", contributes_to=["obj00"]) for j in range(20)]))
    small = D.outcome_tree(many, "out")
    assert len(small.nodes) == 2 + 6 and small.more == 14      # at most 6 actions drawn per objective


def test_diagram_layers_are_networkx_s_longest_paths_over_the_condensation():
    """svglayout.layers (plain Python, for speed) against networkx on random small graphs with cycles,
    self-loops and isolated nodes: the same layer for every node."""
    def reference(nodes, edges):
        g = nx.DiGraph()
        g.add_nodes_from(nodes)
        g.add_edges_from((a, b) for a, b in edges if a != b)
        cond = nx.condensation(g)
        depth = {}
        for c in nx.topological_sort(cond):
            depth[c] = max((depth[p] + 1 for p in cond.predecessors(c)), default=0)
        return {n: depth[cond.graph["mapping"][n]] for n in nodes}

    rng = random.Random(7)
    deep = 0
    for _ in range(400):
        nodes = [f"n{i}" for i in range(rng.randint(1, 30))]
        edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(0, 60))]
        got = layers(nodes, edges)
        assert got == reference(nodes, edges), (nodes, edges)
        deep = max(deep, max(got.values()))
    assert deep >= 5           # the cases reach past a couple of layers
    assert layers(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")]) == {"a": 0, "b": 0, "c": 1}
