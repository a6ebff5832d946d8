"""Benchmarks of the whole build at several sizes of synthetic plan (`make bench`); prints one table.

Per size (records made by `benchmarks/synth.py`, seeded): each stage's time, our stages together (wall,
on two cores where the machine has them; the same on one core, PLANATLAS_WORKERS=1; and their CPU, the
forked children's included: `parallel.py`), the whole build, a bare `mkdocs build` of the same docs/ in the same run (its own process, so the ratio is
honest on a busy machine and its peak RSS is MkDocs' own; timed around MkDocs' own call, without Python's
start and imports), the whole build beyond that bare MkDocs (what the build costs on top of MkDocs: work
a child does beside MkDocs, on the core MkDocs leaves idle, is not counted as ours but any slowing of
MkDocs it causes is), a full build after one edit (warm cache), a
rebuild with nothing changed, peak RSS, pages, site bytes, search index bytes, the time from an edit to
the page served by `planatlas serve`, cold and warm `planatlas query` end to end against `planatlas
--help`, every answered question in process (median and slowest), and `planatlas validate` cold, warm
and after one edit.  Each build runs in its own process so peak RSS is its own; beside it, the most
memory a forked child held of its own (pages it did not share with the build, at its end: what it
adds to the machine's use while it runs).

    python benchmarks/run.py                      # 200, 1000, 5000
    nice python benchmarks/run.py --sizes 20000   # the big one, alone
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from synth import generate  # noqa: E402

CHILD = r"""
import json, resource, statistics, sys, time
from pathlib import Path
from planatlas.cache import Cache
graph, out, root, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
t0, c0 = time.perf_counter(), time.process_time()
if mode == "mkdocs":            # a bare `mkdocs build` of the same docs/ and navigation, in its own process
    from planatlas.pipeline import open_context
    from planatlas.sitegen.build import navigation
    from planatlas.sitegen.mkdocs_site import mkdocs_build_site
    ctx = open_context(graph, root, None)
    nav = navigation([p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*.md")])
    m0 = time.perf_counter()
    mkdocs_build_site(ctx, out / "docs", out / "bare-site", nav)
    result = {"mkdocs_wall": time.perf_counter() - m0}     # MkDocs alone: no start, imports or listing
elif mode == "questions":       # every answered question in process, on the warm dataset
    from planatlas.graph.dataset import dataset_store
    from planatlas.query.warm import load_cached
    from planatlas.query.sparql import OxigraphEngine
    from planatlas.sitegen.querypages import answer, load_questions
    ctx = load_cached(graph, root, Cache(out / "cache"))
    engine = OxigraphEngine(dataset_store(ctx), ctx.config.base_iri)
    times = []
    for q in load_questions(graph / "queries"):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            answer(engine, q.query)
            runs.append(time.perf_counter() - t)
        times.append(statistics.median(runs))
    result = {"questions": len(times), "q_median": statistics.median(times), "q_max": max(times)}
elif mode == "rebuild":          # as `planatlas build` does: the stamp first, the build's imports only if needed
    from planatlas.project import Project
    from planatlas.sitegen.buildstamp import BuildStamp
    cache = Cache(out / "cache")
    stamp = BuildStamp.of(Project.at(root), cache, graph, out / "docs", out / "site", "benchmark")
    if not stamp.up_to_date():
        from planatlas.sitegen.build import build_site
        build_site(graph, out / "docs", out / "site", progress=None, root=root, commit="benchmark",
                   cache=cache, stamp=stamp)
        raise SystemExit("the rebuild was not a no-op: something changed between two builds")
    result = {"timings": {}}
else:                           # the build: cold (empty cache), or after an edit
    from planatlas.sitegen.build import build_site
    b0, p0 = time.perf_counter(), time.process_time()
    ctx = build_site(graph, out / "docs", out / "site", progress=None, root=root, commit="benchmark",
                     cache=Cache(out / "cache"))
    build_wall, build_cpu = time.perf_counter() - b0, time.process_time() - p0
    from planatlas import parallel
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)      # the build's forked children (parallel.py)
    result = {"timings": ctx.timings, "stage_cpu": ctx.cpu, "children_cpu": kids.ru_utime + kids.ru_stime,
              "children_own_mb": parallel.child_private_kb / 1024, "build_wall": build_wall,
              "build_cpu": build_cpu}
result.update(wall=time.perf_counter() - t0, cpu=time.process_time() - c0,
              rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(result))
"""


def child(graph: Path, out: Path, mode: str, **env: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(graph), str(out), str(REPO), mode],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, **env})
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def edit_one(graph: Path) -> tuple[Path, str]:
    """Change one action's title (returns the file and its old text, to put back)."""
    record = sorted((graph / "data" / "action").glob("*.yaml"))[0]
    text = record.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    record.write_text(text.replace(title, "title: Edited for the benchmark zebra"), encoding="utf-8")
    return record, text


def run_cli(*args: str, cwd: Path = REPO, check: bool = True) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(BIN / "planatlas"), *args], cwd=cwd, capture_output=True, check=check)
    return time.perf_counter() - t0


def query_latency(graph: Path) -> dict:
    """cold (cache emptied) and warm `planatlas query` end to end, `planatlas --help`, and `validate`:
    cold, warm with nothing changed, warm after one edit (the cache is the project's, as for a user)."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a pa:Action ; pa:owner ?o }"
    cache = REPO / ".planatlas" / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cold = run_cli("query", q, "--graph", str(graph))
    warm = statistics.median(run_cli("query", q, "--graph", str(graph)) for _ in range(5))
    helps = statistics.median(run_cli("--help") for _ in range(5))
    v_cold = run_cli("validate", str(graph), check=False)
    v_warm = statistics.median(run_cli("validate", str(graph), check=False) for _ in range(3))
    record, text = edit_one(graph)
    try:
        v_edit = run_cli("validate", str(graph), check=False)
    finally:
        record.write_text(text, encoding="utf-8")
    return {"query_cold": cold, "query_warm": warm, "help": helps,
            "validate_cold": v_cold, "validate_warm": v_warm, "validate_edit": v_edit}


def serve_latency(graph: Path, work: Path, timeout: float = 1800) -> dict:
    """Seconds until `planatlas serve` serves the first page, and from an edit to the edited page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    record = next((graph / "data" / "action").glob("*.yaml"))
    rid = record.stem
    url = f"http://127.0.0.1:{port}/actions/{rid}/"
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "planatlas"), "serve", str(graph), "--docs-dir", str(work / "serve-docs"),
                             "--dev-addr", f"127.0.0.1:{port}", "--silent"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_for(text: str, limit: float) -> float | None:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            try:
                if text in urllib.request.urlopen(url, timeout=5).read().decode():
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.05)
        return None

    try:
        first = wait_for(rid, timeout)
        if first is None:
            return {"serve_first": None, "serve_edit": None}
        first = time.perf_counter() - t0
        time.sleep(1.0)
        text = record.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        record.write_text(text.replace(title, "title: Edited for the benchmark zebra"), encoding="utf-8")
        edit = wait_for("Edited for the benchmark zebra", 120)
        record.write_text(text, encoding="utf-8")
        return {"serve_first": first, "serve_edit": edit}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(n: int, work: Path, serve: bool) -> dict:
    graph = generate(n, work / f"plan{n}")
    out = work / f"out{n}"
    shutil.rmtree(out, ignore_errors=True)
    one = child(graph, out, "build", PLANATLAS_WORKERS="1")   # cold, on one core (no forked children)
    shutil.rmtree(out, ignore_errors=True)
    full = child(graph, out, "build")              # cold: the cache is empty; two cores where there are
    bare = child(graph, out, "mkdocs")             # MkDocs alone on the same docs/, its own process
    t = time.perf_counter()
    again = child(graph, out, "rebuild")           # nothing changed: the CLI's fast path
    again["wall"] = time.perf_counter() - t        # end to end, Python's start included
    record, text = edit_one(graph)
    try:
        edited = child(graph, out, "build")        # one record edited: a full build, warm cache
    finally:
        record.write_text(text, encoding="utf-8")
    site = out / "site"
    row = {"records": sum(1 for _ in (graph / "data").rglob("*.yaml")), "full": full, "one_core": one, "bare": bare,
           "rebuild": again, "edited": edited,
           "pages": sum(1 for _ in site.rglob("*.html")), "site_bytes": folder_bytes(site),
           "docs_files": sum(1 for p in (out / "docs").rglob("*") if p.is_file()),
           "search_bytes": (site / "search" / "search_index.json").stat().st_size
           if (site / "search" / "search_index.json").is_file() else 0}
    row.update(child(graph, out, "questions"))
    row.update(query_latency(graph))
    if serve:
        row.update(serve_latency(graph, work))
    return row


def ours(timings: dict) -> float:
    return sum(v for k, v in timings.items() if not k.startswith("mkdocs build"))


def own_wall(result: dict) -> float:
    """Our stages, wall: the whole of `build_site` but its MkDocs stage (work between the stages, such
    as saving the cache and freeing memory, included: the stages' own timings leave it out)."""
    if "build_wall" not in result:
        return ours(result["timings"])
    return result["build_wall"] - sum(v for k, v in result["timings"].items() if k.startswith("mkdocs build"))


def slowest(result: dict) -> list[tuple[float, str]]:
    """The five slowest of our stages, with the work between stages as "between stages"."""
    timed = {k: v for k, v in result["timings"].items() if not k.startswith("mkdocs")}
    timed["between stages"] = max(0.0, own_wall(result) - sum(timed.values()))
    return sorted(((v, k) for k, v in timed.items()), reverse=True)[:5]


def our_cpu(result: dict) -> float:
    """CPU seconds of our stages: this process's in `build_site` but MkDocs', and every forked child's."""
    mkdocs = sum(v for k, v in result.get("stage_cpu", {}).items() if k.startswith("mkdocs build"))
    return result.get("build_cpu", 0.0) - mkdocs + result.get("children_cpu", 0.0)


def fmt_row(r: dict) -> str:
    f, e = r["full"], r["edited"]
    own, mk = own_wall(f), r["bare"].get("mkdocs_wall", r["bare"]["wall"])     # MkDocs' own call
    beyond = f.get("build_wall", f["wall"]) - mk
    own_e, own_1 = own_wall(e), own_wall(r["one_core"])
    top = slowest(f)
    serve = "n/a" if r.get("serve_edit") is None else f"{r['serve_edit']:.2f} s (first page {r['serve_first']:.0f} s)"
    return (f"| {r['records']:,} | {own:.1f} | {mk:.1f} | {own / mk:.2f} | {beyond:.1f} ({beyond / mk:.2f}) | "
            f"{own_1:.1f} ({own_1 / mk:.2f}) | "
            f"{our_cpu(f):.1f} | {own_e:.1f} ({own_e / mk:.2f}) | "
            f"{f['wall']:.1f} | {r['rebuild']['wall']:.2f} ({r['rebuild']['wall'] / f['wall']:.1%}) | "
            f"{f['rss_mb']:.0f} + {f.get('children_own_mb', 0):.0f} / {r['bare']['rss_mb']:.0f} MB | "
            f"{r['pages']:,} | {r['site_bytes'] / 1e6:.1f} MB | {r['search_bytes'] / 1e6:.2f} MB | {serve} | "
            f"{r['query_cold']:.2f} / {r['query_warm']:.2f} s ({r['query_warm'] / r['help']:.1f}x --help) | "
            f"{r['q_median'] * 1000:.0f} / {r['q_max'] * 1000:.0f} ms | "
            f"{r['validate_cold']:.2f} / {r['validate_warm']:.2f} / {r['validate_edit']:.2f} s | "
            + ", ".join(f"{k} {v:.1f}" for v, k in top) + " |")


HEADER = ("| records | our stages, s | bare MkDocs, s | ratio | whole build beyond bare MkDocs, s (ratio) "
          "| our stages on one core, s (ratio) "
          "| our stages, CPU s | our stages after one edit, s (ratio) "
          "| whole build, s | rebuild, nothing changed, s | peak RSS: build + a child's own / bare MkDocs "
          "| pages | site | search index | serve: edit → page | query cold / warm "
          "| questions in process: median / max | validate cold / warm / after one edit | slowest own stages, s |\n"
          "| " + " | ".join(["---"] * 19) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    ap.add_argument("--no-serve", action="store_true", help="skip the serve edit latency")
    ap.add_argument("--serve-max", type=int, default=20000, help="measure serve up to this size")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="planatlas-bench-"))
    rows = []
    try:
        print(HEADER, flush=True)
        for n in args.sizes:
            row = measure(n, work, serve=not args.no_serve and n <= args.serve_max)
            rows.append(row)
            print(fmt_row(row), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"\nmachine: {os.cpu_count()} CPUs, python {sys.version.split()[0]}; other work may run concurrently")


if __name__ == "__main__":
    main()
