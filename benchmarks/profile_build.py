"""Profile one build of a synthetic plan with pyinstrument (`pip install pyinstrument`): what dominates.

    python benchmarks/profile_build.py 1000 [--no-mkdocs]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import generate  # noqa: E402

from planatlas.sitegen.build import build_site  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", type=int)
    ap.add_argument("--no-mkdocs", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="planatlas-prof-"))
    graph = generate(args.records, work)
    profiler = Profiler(interval=0.005)
    profiler.start()
    ctx = build_site(graph, work / "docs", work / "site", root=HERE.parent, commit="profile",
                     run_mkdocs=not args.no_mkdocs)
    profiler.stop()
    for name, seconds in sorted(ctx.timings.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:8.2f} s  {name}")
    print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=True)[:12000])


if __name__ == "__main__":
    main()
