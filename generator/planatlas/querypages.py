"""Answered questions (graph/queries/*.rq) as site pages, the Query page and its assets.

Contract with the build: `write_query_pages(ctx, docs_dir)` writes Markdown (and assets)
under docs_dir and returns the paths it wrote, relative to docs_dir.
"""
from __future__ import annotations

from pathlib import Path


def write_query_pages(ctx, docs_dir: Path) -> list[str]:
    return []
