"""The pipeline with the cache: parsed records and the published dataset made once per input.

`cache.py` stays light (no pipeline import) so a warm `query` starts fast; this module is the
cold path that fills it.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from planatlas.cache import Cache, check_graph_dir
from planatlas.errors import CannotRun
from planatlas.graph.dataset import dataset_triples
from planatlas.diagnostics import ERROR
from planatlas.pipeline import Context, Progress, load
from planatlas.graph.rdfio import ntriples


def load_cached(graph_dir: Path, root: Path | None, cache: Cache, shacl: bool = False,
                graph: bool = True, progress: Progress | None = None, questions: bool = False) -> Context:
    """pipeline.load with parsed records and SHACL results from the cache (only changed files are
    parsed again, only records whose SHACL inputs changed are validated again)."""
    memo = cache.record_memo()
    shacl_memo = cache.shacl_memo() if shacl else None
    ctx = load(graph_dir, root=root, shacl=shacl, memo=memo, shacl_memo=shacl_memo, graph=graph, progress=progress,
               questions=questions)
    cache.save_record_memo(memo)
    if shacl_memo is not None:
        cache.save_shacl_memo(shacl_memo)
    return ctx


def fill_dataset(graph_dir: Path, root: Path | None, cache: Cache, fingerprint: str,
                 progress: Progress | None = None) -> dict:
    """Load the graph and cache its published dataset; returns the entry's meta."""
    ctx = load_cached(graph_dir, root, cache, progress=progress)
    meta = {"base": ctx.config.base_iri, "records": len(ctx.records),
            "errors": sum(1 for d in ctx.diagnostics if d.severity == ERROR),
            "query_timeout": getattr(ctx.config, "query_timeout", 0),
            "query_max_rows": getattr(ctx.config, "query_max_rows", 0)}
    cache.save_dataset(fingerprint, ntriples(dataset_triples(ctx)), meta)
    return meta


def dataset_store(graph_dir: Path, root: Path | None, cache: Cache,
                  progress: Progress | None = None) -> tuple[ox.Store, dict]:
    """The published dataset in Oxigraph and its meta (base IRI, query settings), warm from the cache
    when nothing changed."""
    check_graph_dir(Path(graph_dir))
    fp = cache.fingerprint(graph_dir)
    meta = cache.dataset_meta(fp) or fill_dataset(graph_dir, root, cache, fp, progress)
    store = cache.load_dataset(fp)
    if store is None:                      # a damaged entry (removed by load_dataset): make it again
        meta = fill_dataset(graph_dir, root, cache, fp, progress)
        store = cache.load_dataset(fp)
    if store is None:
        raise CannotRun(f"cannot open the query store in {cache.dir}: delete that folder and try again")
    return store, meta
