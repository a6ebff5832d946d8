"""SPARQL over the plan graph (local engine or a remote endpoint)."""
from __future__ import annotations

from pathlib import Path

from .pipeline import CannotRun


class QueryError(Exception):
    """A query the engine rejected: reported with line and column, exit code 1."""


def run_query_cli(query_or_file: str, graph_dir: Path, fmt: str, endpoint: str | None) -> str:
    raise CannotRun("query is not implemented yet")
