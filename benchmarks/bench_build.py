"""Time each stage of `planatlas build` and count pages per type.

Usage: .venv/bin/python benchmarks/bench_build.py [GRAPH_DIR] [--no-mkdocs]
Builds into a temporary folder (never ./docs or ./site) and prints one line per stage.
"""
from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from planatlas.sitegen.build import build_site
from planatlas import model


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    graph = Path(args[0]) if args else Path("graph")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ctx = build_site(graph, Path(tmp) / "docs", Path(tmp) / "site", run_mkdocs="--no-mkdocs" not in argv)
        total = time.perf_counter() - t0
        for stage, seconds in ctx.timings.items():
            print(f"{stage:<40} {seconds:8.2f} s")
        print(f"{'total':<40} {total:8.2f} s")
        plural = {rt.plural: name for name, rt in model.RECORD_TYPES.items()}
        pages = Counter(p.parts[0] if p.parts[0] in plural else "other"
                        for p in (q.relative_to(Path(tmp) / "docs") for q in (Path(tmp) / "docs").rglob("*.md")))
        print()
        for kind, n in sorted(pages.items()):
            print(f"{kind:<40} {n:8d} pages")
        print(f"{'all':<40} {sum(pages.values()):8d} pages")


if __name__ == "__main__":
    main(sys.argv[1:])
