"""Every answered question on rdflib's own store, pyoxigraph and oxrdflib, at 1x and 100x the shipped graph.

Why: the CLI and the build use Oxigraph because it is faster and gives the same rows (tested in
tests/test_sparql.py); this prints the figures behind that choice.  The 100x graph copies every
record under new ids (`<type>/<id>-c<k>`), keeping literals and the ontology as they are.  rdflib
queries run in a forked process and stop after --timeout seconds.  Figures only; nothing asserted.

    python benchmarks/bench_sparql.py [--scale 100] [--timeout 120] [--repeat 3]
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from planatlas.graph import dataset

from planatlas.query import sparql  # noqa: E402
from planatlas.query.rdflibengine import RdflibEngine  # noqa: E402
from planatlas.pipeline import load  # noqa: E402
from planatlas.sitegen.querypages import load_questions  # noqa: E402


def scaled(graph: Graph, base: str, k: int) -> Graph:
    """k copies of every record (IRIs under base renamed per copy), the rest kept once."""
    def rename(term, i):
        if isinstance(term, URIRef) and str(term).startswith(base):
            parts = str(term)[len(base):].split("/")
            if len(parts) >= 2:
                parts[1] = f"{parts[1]}-c{i}"
                return URIRef(base + "/".join(parts))
        return term
    out = Graph()
    for i in range(k):
        out.addN((rename(s, i), rename(p, i), rename(o, i), out) for s, p, o in graph)
    return out


class OxrdflibEngine(RdflibEngine):
    """rdflib's API over oxrdflib's Oxigraph store: SPARQL is handed to Oxigraph."""

    name = "oxrdflib"

    def __init__(self, graph: Graph, base: str) -> None:
        g = Graph(store="Oxigraph")
        g.parse(data=graph.serialize(format="nt"), format="ox-nt")
        super().__init__(g, base)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _child(engine, query, repeat, queue) -> None:
    seconds, result = timed(lambda: engine.run(query), repeat)
    queue.put((seconds, len(result.rows)))


def run_limited(engine, query: str, repeat: int, timeout: float) -> tuple[float | None, int | None]:
    """(median seconds, rows) in a forked child, or (None, None) past the timeout."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(engine, query, repeat, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, None
    return queue.get() if not queue.empty() else (None, None)


def fmt(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f">{timeout:.0f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per rdflib query before giving up")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query at 1x (the median is shown)")
    args = ap.parse_args()
    ctx = load(ROOT / "graph", shacl=False)
    base = ctx.config.base_iri
    questions = load_questions(ROOT / "graph" / "queries")
    small = dataset.dataset_graph(ctx)
    t0 = time.perf_counter()
    big = scaled(small, base, args.scale)
    print(f"graphs: 1x {len(small):,} triples; {args.scale}x {len(big):,} triples "
          f"(made in {time.perf_counter() - t0:.1f} s)")
    for label, graph, repeat in (("1x", small, args.repeat), (f"{args.scale}x", big, 1)):
        engines = {}
        for cls in (RdflibEngine, sparql.OxigraphEngine, OxrdflibEngine):
            seconds, engines[cls.name] = timed(lambda: cls(graph, base), 1)
            print(f"[{label}] load {cls.name}: {fmt(seconds, 0)}")
        print(f"\n[{label}] {'question':40} {'rows':>6} {'rdflib':>10} {'oxigraph':>10} {'oxrdflib':>10} {'speed-up':>9}")
        totals = {"rdflib": 0.0, "oxigraph": 0.0, "oxrdflib": 0.0}
        for q in questions:
            rd, _rows = run_limited(engines["rdflib"], q.query, repeat, args.timeout)
            ox, result = timed(lambda: engines["oxigraph"].run(q.query), repeat)
            oxr, _ = timed(lambda: engines["oxrdflib"].run(q.query), repeat)
            totals["rdflib"] += rd if rd is not None else args.timeout
            totals["oxigraph"] += ox
            totals["oxrdflib"] += oxr
            ratio = f"{rd / ox:.0f}x" if rd is not None and ox > 0 else "-"
            print(f"[{label}] {q.name:40} {len(result.rows):>6} {fmt(rd, args.timeout):>10} "
                  f"{fmt(ox, 0):>10} {fmt(oxr, 0):>10} {ratio:>9}", flush=True)
        print(f"[{label}] {'total':40} {'':>6} {fmt(totals['rdflib'], 0):>10} {fmt(totals['oxigraph'], 0):>10} "
              f"{fmt(totals['oxrdflib'], 0):>10}\n")


if __name__ == "__main__":
    main()
