"""Peak memory of a cold build (our stages, no MkDocs) with its forked children: the most the build
process (RSS) and its children (memory of their own: pages not shared with it) held at one moment,
sampled every 50 ms.  `benchmarks/run.py` shows the build's peak RSS and a child's own memory, which
need not coincide; this is their sum over time.

    python benchmarks/memory.py GRAPH_DIR OUT_DIR [--mkdocs]   # e.g. a graph from benchmarks/synth.py

--mkdocs: the whole build, MkDocs included (with the child that writes docs/ beside it).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

code = f"""
import sys, shutil, time
from pathlib import Path
from planatlas.cache import Cache
from planatlas.sitegen.build import build_site
out = Path({sys.argv[2]!r}); shutil.rmtree(out, ignore_errors=True)
t = time.perf_counter()
ctx = build_site(Path({sys.argv[1]!r}), out/"docs", out/"site", progress=None, root=Path({str(Path(__file__).resolve().parents[1])!r}), commit="benchmark", cache=Cache(out/"cache"), run_mkdocs={"--mkdocs" in sys.argv[3:]})
print("wall", round(time.perf_counter()-t, 2), sorted(((round(v,2),k) for k,v in ctx.timings.items()), reverse=True)[:8])
"""
p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
def kb(path, keys):
    try:
        with open(path) as f:
            return sum(int(l.split()[1]) for l in f if l.startswith(keys))
    except OSError:
        return 0
def children(pid):
    try:
        out = []
        for t in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out += [int(x) for x in f.read().split()]
        return out
    except OSError:
        return []
peak = (0, 0, 0)
while p.poll() is None:
    parent = kb(f"/proc/{p.pid}/status", ("VmRSS:",))
    kids = sum(kb(f"/proc/{c}/smaps_rollup", ("Private_Clean:", "Private_Dirty:")) for c in children(p.pid))
    if parent + kids > peak[0]:
        peak = (parent + kids, parent, kids)
    time.sleep(0.05)
print(p.stdout.read().strip())
print("peak total MB %.0f (parent %.0f + children's own %.0f)" % tuple(x / 1024 for x in peak))
