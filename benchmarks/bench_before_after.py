"""Before/after of each optimisation of issue 14, measured in one process on the same synthetic graph.

"before" is the previous implementation, kept here only to be measured: rdflib's Turtle and JSON-LD
writers over a merged rdflib copy of the dataset (downloads), `n3()` per term (per-record data), and
a cold load of every YAML file (what `query` did before the cache).  Prints seconds per size.

    python benchmarks/bench_before_after.py 1000 5000
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import generate  # noqa: E402

from planatlas.graph import rdfio  # noqa: E402
from planatlas.cache import Cache  # noqa: E402
from planatlas.graph.codegen import ontology_graph  # noqa: E402
from planatlas.graph.dataset import dataset_store, dataset_triples  # noqa: E402
from planatlas.graph.exporting import jsonld_context, serialise_triples  # noqa: E402
from planatlas.pipeline import load  # noqa: E402
from planatlas.sitegen.recorddata import record_files  # noqa: E402
from planatlas.query.warm import load_cached  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def merged(ctx) -> Graph:
    """The old dataset_graph: a merged rdflib copy of records and ontology."""
    g = Graph()
    for prefix, ns in ctx.graph.namespaces():
        g.bind(prefix, ns, override=True)
    for t in ctx.graph:
        g.add(t)
    for t in ontology_graph():
        g.add(t)
    return g


def old_record_files(ctx) -> int:
    """The old per-record writer: rdflib n3() per term, sorted (only its cost matters here)."""
    nsm = ctx.graph.namespace_manager
    n = 0
    for s, p, o in ctx.graph:
        n += len(s.n3(nsm)) + len(p.n3(nsm)) + len(o.n3(nsm))
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", type=int, nargs="*", default=[1000, 5000])
    ap.add_argument("--skip-old-turtle-above", type=int, default=6000,
                    help="rdflib's Turtle writer is quadratic: skip it above this many records")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="planatlas-ba-"))
    print("| records | what | before, s | after, s |\n| --- | --- | --- | --- |")
    for n in args.sizes:
        graph = generate(n, work / f"p{n}")
        t_load, ctx = timed(lambda: load(graph, shacl=False))
        base = ctx.config.base_iri
        t_merge, old = timed(lambda: merged(ctx))
        t_store, _ = timed(lambda: dataset_store(ctx))
        triples = dataset_triples(ctx)
        print(f"| {n:,} | dataset for queries and downloads (merged rdflib copy → one Oxigraph store) | "
              f"{t_merge:.2f} | {t_store:.2f} |")
        if n <= args.skip_old_turtle_above:
            t_old, _ = timed(lambda: old.serialize(format="turtle"))
            old_ttl = f"{t_old:.2f}"
        else:
            old_ttl = "skipped (quadratic)"
        t_new, _ = timed(lambda: serialise_triples(triples, "ttl", base))
        print(f"| {n:,} | downloads: Turtle (rdflib writer → sorted pyoxigraph writer) | {old_ttl} | {t_new:.2f} |")
        t_old, a = timed(lambda: old.serialize(format="json-ld", context=jsonld_context(base)["@context"],
                                               auto_compact=True))
        t_new, b1 = timed(lambda: serialise_triples(triples, "jsonld", base))
        b2 = serialise_triples(list(reversed(triples)), "jsonld", base)
        same_old = a == old.serialize(format="json-ld", context=jsonld_context(base)["@context"], auto_compact=True)
        print(f"| {n:,} | downloads: JSON-LD (rdflib, {'same' if same_old else 'different'} bytes twice → "
              f"sorted writer, {'same' if b1 == b2 else 'DIFFERENT'} bytes in any order) | {t_old:.2f} | {t_new:.2f} |")
        t_old, _ = timed(lambda: old_record_files(ctx))
        t_new, _ = timed(lambda: record_files(ctx))
        print(f"| {n:,} | per-record .ttl/.jsonld (n3() per term, terms only → rdfio, whole files) | "
              f"≥{t_old:.2f} | {t_new:.2f} |")
        cache = Cache(work / f"cache{n}")
        t_cold, _ = timed(lambda: load_cached(graph, None, cache))
        t_warm, _ = timed(lambda: load_cached(graph, None, cache))
        print(f"| {n:,} | load: records, graph, checks (every file parsed → parsed records from the cache) | "
              f"{t_cold:.2f} | {t_warm:.2f} |")
        del old, ctx, triples
    print(json.dumps({"note": "one process, same graph per size; other work ran concurrently"}))


if __name__ == "__main__":
    main()
