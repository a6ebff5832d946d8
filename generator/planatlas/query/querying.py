"""`planatlas query`: a query (text or a .rq file) over the local graph, warm from the cache.

Light on purpose (no pipeline, no rdflib graph): when no record file changed since the last
command, the dataset's Oxigraph store in `.planatlas/cache/` is opened read-only and the query
runs at once.  The cold path (`warm.dataset_store`) and `--endpoint` (`publishing.EndpointEngine`)
are wired in `cli.query`.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from planatlas.cache import Cache, check_graph_dir
from planatlas.errors import CannotRun
from planatlas.query.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Limits


def _is_file(text: str) -> bool:
    """True if text names an existing file. Query text is never a path: long text, text with a
    newline or a brace, or a name the system refuses (too long, a NUL) is not looked up."""
    if len(text) > 255 or any(c in text for c in "\n\r\0{}") or not text.strip():
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def read_query(query_or_file: str) -> str:
    """A .rq file's text, or the argument itself when it is query text."""
    path = Path(query_or_file)
    looks_like_file = _is_file(query_or_file) or (
        query_or_file.endswith((".rq", ".sparql")) and len(query_or_file) <= 4096
        and not any(c in query_or_file for c in "\n\0{}"))
    if looks_like_file:
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CannotRun(f"cannot read query file '{query_or_file}': {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise CannotRun(f"query file '{query_or_file}' is not valid UTF-8") from None
    return query_or_file


def limits_for(meta: dict, timeout: float | None, max_rows: int | None, allow_service: bool) -> Limits:
    """The command's limits, else the settings' (kept with the cached dataset)."""
    return Limits(timeout or meta.get("query_timeout") or DEFAULT_TIMEOUT,
                  max_rows or meta.get("query_max_rows") or DEFAULT_MAX_ROWS, allow_service)


def warm_store(graph_dir: Path, cache: Cache) -> tuple[ox.Store, dict] | None:
    """(store, meta: base IRI and query settings) from the cache when the graph's inputs are unchanged,
    else None."""
    check_graph_dir(Path(graph_dir))
    fp = cache.fingerprint(graph_dir)
    meta = cache.dataset_meta(fp)
    store = cache.load_dataset(fp) if meta else None
    return (store, meta) if store is not None else None
