"""Downloads published with the site: the graph as Turtle, N-Triples, JSON-LD, CSV per type, VoID/DCAT.

Contract with the build: `write_downloads(ctx, docs_dir)` writes files under docs_dir/data/
and returns the paths it wrote, relative to docs_dir.
"""
from __future__ import annotations

from pathlib import Path


def write_downloads(ctx, docs_dir: Path) -> list[str]:
    return []
