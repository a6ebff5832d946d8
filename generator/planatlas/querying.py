"""`planatlas query`: a query (text or a .rq file) over the local graph, warm from the cache.

Light on purpose (no pipeline, no rdflib graph): when no record file changed since the last
command, the dataset is read from `.planatlas/cache/` as N-Triples into Oxigraph and the query
runs at once.  The cold path (`warm.dataset_store`) and `--endpoint` (`publishing.EndpointEngine`)
are wired in `cli.query`.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .cache import Cache, check_graph_dir
from .errors import CannotRun


def read_query(query_or_file: str) -> str:
    """A .rq file's text, or the argument itself when it is query text."""
    path = Path(query_or_file)
    looks_like_file = query_or_file.endswith((".rq", ".sparql")) or (
        "\n" not in query_or_file and len(query_or_file) < 4096 and path.is_file())
    if looks_like_file:
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CannotRun(f"cannot read query file '{query_or_file}': {exc.strerror or exc}") from None
    return query_or_file


def warm_store(graph_dir: Path, cache: Cache) -> tuple[ox.Store, str] | None:
    """(store, base IRI) from the cache when the graph's inputs are unchanged, else None."""
    check_graph_dir(Path(graph_dir))
    fp = cache.fingerprint(graph_dir)
    meta = cache.dataset_meta(fp)
    return (cache.load_dataset(fp), meta["base"]) if meta else None
