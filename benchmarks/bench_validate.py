"""Benchmark: how validation scales. Prints seconds per stage for synthetic graphs of growing size.

Run: .venv/bin/python benchmarks/bench_validate.py [--sizes 1000,10000,50000]
Also times cycle detection on a 100k-node acyclic depends-on graph: strongly connected components
(what checks.py uses) against networkx.find_cycle (what it avoids).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from planatlas.pipeline import load

HEAD = "# yaml-language-server: $schema=../../schema/{t}.schema.json\nid: {i}\ntype: {t}\n"
SRC = "sources:\n  - document: src-bench\n    section: Benchmark\n"


def make_graph(root: Path, n_actions: int) -> Path:
    data = root / "graph" / "data"
    for sub in ("source", "plan", "organisation", "objective", "action"):
        (data / sub).mkdir(parents=True, exist_ok=True)
    (data / "source" / "src-bench.yaml").write_text(HEAD.format(t="source", i="src-bench") +
                                                   "title: Bench\nfile: bench.txt\n" + SRC)
    (data / "plan" / "bench-plan.yaml").write_text(HEAD.format(t="plan", i="bench-plan") +
                                                  "title: Bench plan\nkind: delivery-plan\nstatus: draft\n" + SRC)
    (data / "organisation" / "bench-org.yaml").write_text(HEAD.format(t="organisation", i="bench-org") +
                                                         "name: Bench org\nkind: icb\n" + SRC)
    n_obj = max(1, n_actions // 10)
    for o in range(n_obj):
        (data / "objective" / f"o-{o}.yaml").write_text(
            HEAD.format(t="objective", i=f"o-{o}") + f"title: Objective {o}\nplan: bench-plan\n" + SRC)
    for a in range(n_actions):
        dep = f"depends_on:\n  - a-{a - 1}\n" if a else ""
        (data / "action" / f"a-{a}.yaml").write_text(
            HEAD.format(t="action", i=f"a-{a}") + f"title: Action {a}\ntext: Do thing {a}.\nplan: bench-plan\n"
            f"contributes_to:\n  - o-{a % n_obj}\ntimescale: short\nowners:\n  - bench-org\n{dep}" + SRC)
    return root / "graph"


def bench_sizes(sizes: list[int], shacl: bool) -> None:
    print(f"{'records':>8} " + " ".join(f"{s:>9}" for s in ("records", "graph", "checks", "shacl", "total")))
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            graph = make_graph(Path(tmp), n)
            t0 = time.perf_counter()
            ctx = load(graph, root=Path(tmp), shacl=shacl)
            total = time.perf_counter() - t0
            t = ctx.timings
            print(f"{len(ctx.records):>8} " + " ".join(f"{t.get(k, 0):>9.2f}" for k in
                                                      ("records", "graph", "checks", "shacl")) + f" {total:>9.2f}")
            sys.stdout.flush()


def bench_cycles(n: int = 100_000) -> None:
    g = nx.DiGraph()
    g.add_edges_from((i, i + 1) for i in range(n))
    g.add_edges_from((i, i + 7) for i in range(0, n - 7, 3))
    t0 = time.perf_counter()
    cyclic = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
    scc = time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        pass
    fc = time.perf_counter() - t0
    print(f"cycle check on {n:,} acyclic nodes: strongly_connected_components {scc:.2f} s "
          f"({len(cyclic)} cyclic components), find_cycle {fc:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--no-shacl", action="store_true")
    args = parser.parse_args()
    bench_sizes([int(s) for s in args.sizes.split(",")], shacl=not args.no_shacl)
    bench_cycles()
