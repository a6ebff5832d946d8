"""A cold build's speed-ups keep its output: two cores by fork (`parallel.py`) give the result of one
whatever the child does, new files are created in place, templates compiled at setup are used.

Each fork case runs in a fresh Python process: a pytest-xdist worker has a second thread, so in the
suite's own processes `can_fork()` is false and everything runs serially (as it must).  Builds
run through the CLI, as users run them, once with PLANATLAS_WORKERS=1 and once on two cores.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import link_project, write_record
from jinja2.bccache import Bucket

from planatlas.sitegen.outputs import write_outputs
from planatlas.sitegen.pages import CompiledTemplates, compile_templates, environment

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from synth import generate  # noqa: E402

two_cores = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two usable cores")


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


def prints(code: str, **env: str) -> str:
    """What the code prints in a fresh Python process (which must exit 0)."""
    out = python(code, **env)
    assert out.returncode == 0, out.stderr
    return out.stdout


def cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planatlas.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


@two_cores
def test_fork_map_gives_the_loop_s_result_in_order_and_really_forks():
    out = prints("""
        import os
        from planatlas import parallel
        parent = os.getpid()
        for n in (0, 1, 31, 32, 33, 100, 101):
            got = parallel.fork_map(lambda x: (x * x, os.getpid()), range(n))
            assert [v for v, _pid in got] == [x * x for x in range(n)], n
            pids = {pid for _v, pid in got}
            assert pids == (set() if n == 0 else {parent}) if n < 32 else (parent in pids and len(pids) == 2), (n, pids)
        print("ok", parallel.started)
    """)
    assert out.split() == ["ok", "4"]


@two_cores
def test_an_error_in_the_child_s_share_is_raised_by_the_parent_as_a_loop_would():
    out = prints("""
        from planatlas import parallel
        def f(x):
            if x == 41:
                raise ValueError(f"item {x} is bad")
            return x
        try:
            parallel.fork_map(f, range(64))
        except ValueError as exc:
            print("raised:", exc)
    """)
    assert out.strip() == "raised: item 41 is bad"


@two_cores
def test_a_killed_child_s_share_is_done_by_the_parent():
    out = prints("""
        import os, signal
        from planatlas import parallel
        parent = os.getpid()
        def f(x):
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return x + 1
        got = parallel.fork_map(f, range(50))
        print(got == list(range(1, 51)))
    """)
    assert out.strip() == "True"


@two_cores
def test_background_gives_the_child_s_result_or_says_why_it_has_none():
    out = prints("""
        import os, signal
        from planatlas.parallel import Background, BackgroundFailed
        parent = os.getpid()
        print(Background(lambda: os.getpid()).result() != parent)
        for job in (lambda: 1 / 0, lambda: os.kill(os.getpid(), signal.SIGKILL)):
            try:
                Background(job).result()
            except BackgroundFailed as exc:
                print("failed:", exc)
        slow = Background(lambda: __import__("time").sleep(60))
        slow.cancel()
        print("cancelled")
    """)
    assert out.splitlines() == ["True", "failed: ZeroDivisionError: division by zero",
                                       "failed: the child process was killed by signal 9 (SIGKILL)", "cancelled"]


def test_no_fork_with_another_thread_or_when_turned_off():
    code = """
        import threading, time
        from planatlas import parallel
        print(parallel.can_fork())
        t = threading.Thread(target=time.sleep, args=(1,)); t.start()
        print(parallel.can_fork(), parallel.fork_map(lambda x: x, range(40)) == list(range(40)), parallel.started)
        t.join()
    """
    assert prints(code).split()[1:] == ["False", "True", "0"]
    assert prints(code, PLANATLAS_WORKERS="1").split() == ["False", "False", "True", "0"]


@two_cores
def test_no_loop_is_split_while_a_background_child_holds_the_spare_core():
    """A child per free core: on two cores, SHACL's child leaves no core for a split loop (a third
    process gains nothing and holds memory of its own)."""
    out = prints("""
        import time
        from planatlas import parallel
        job = parallel.Background(lambda: time.sleep(0.5) or 7)
        print(parallel.can_fork(), parallel.fork_map(lambda x: x, range(40)) == list(range(40)), parallel.started)
        print(job.result(), parallel.can_fork())
    """)
    spare = len(os.sched_getaffinity(0)) >= 3
    assert out.split() == [str(spare), "True", "2" if spare else "1", "7", "True"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@two_cores
def test_a_build_on_two_cores_is_byte_for_byte_the_build_on_one(tmp_path):
    """Synthetic plan of 200 records and a SHACL warning (shown by the plan health page): docs/ and
    the build's own site/ files are the same; MkDocs' cleaning spared the files moved in after it."""
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        project = link_project(tmp_path / name)
        graph = generate(200, project)
        write_record(graph, "objective", "lonely-objective",
                     "title: An objective nobody measures\nplan: " + next((graph / "data" / "plan").glob("*.yaml")).stem
                     + "\nsources:\n  - document: " + next((graph / "data" / "source").glob("*.yaml")).stem
                     + "\n    section: Chapter 1\n")
    one = cli(["build", "--no-mkdocs", "--commit", "test"], tmp_path / "one", PLANATLAS_WORKERS="1")
    assert one.returncode == 0, one.stderr
    two = cli(["build", "--commit", "test"], tmp_path / "two")
    assert two.returncode == 0, two.stderr
    assert "lonely-objective&#39;: This objective has no metric" in (tmp_path / "two" / "docs" / "plan-health" / "index.md").read_text()
    assert tree(tmp_path / "one" / "docs") == tree(tmp_path / "two" / "docs")
    ours, site = tree(tmp_path / "one" / "site"), tree(tmp_path / "two" / "site")
    assert len([p for p in ours if p.endswith(".ttl")]) > 200
    assert {p: site.get(p) for p in ours} == ours
    assert "actions/index.html" in site and not (tmp_path / "two" / "site" / ".planatlas-staging").exists()


@two_cores
def test_a_build_stopped_by_shacl_beside_it_says_so_and_leaves_no_staging(tmp_path):
    """SHACL runs beside the first emitters: its errors still stop the build before docs/ is written."""
    project = link_project(tmp_path)
    graph = generate(200, project)
    shapes = graph / "shapes" / "planatlas-shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + textwrap.dedent("""
        pa:TitleRule a sh:NodeShape ; sh:targetClass pa:Action ;
            sh:property [ sh:path dcterms:title ; sh:pattern "^Nothing" ; sh:name "title" ;
                          sh:message "A title starts with Nothing." ] .
    """), encoding="utf-8")
    out = cli(["build", "--commit", "test"], project)
    assert out.returncode == 1, out.stderr
    assert "A title starts with Nothing." in out.stderr
    assert not list((project / "docs").rglob("*.md"))
    assert not (project / "site" / ".planatlas-staging").exists()


def test_a_build_creates_new_files_in_place_with_the_result_of_a_burst(tmp_path):
    """write_outputs(burst=False), as a build writes docs/: a new file is created where it goes (no
    temporary file left), an existing one replaced; the folder ends as a burst (serve's) leaves it,
    a link inside the folder included."""
    ends = {}
    for burst in (True, False):
        root = tmp_path / str(burst) / "docs"
        (root / "a").mkdir(parents=True)
        (root / "a" / "old.md").write_text("old")
        (root / "a" / "link.md").symlink_to(root / "a" / "nowhere.md")
        report = write_outputs(root, {"a/new.md": "new", "a/old.md": "changed", "a/link.md": "text",
                                      "b/c.md": "deep"}, remove_stale=False, burst=burst)
        assert sorted(report.written) == ["a/link.md", "a/new.md", "a/old.md", "b/c.md"]
        ends[burst] = (tree(root), (root / "a" / "link.md").is_symlink())
    assert ends[False] == ends[True]
    assert ends[False][0]["a/new.md"] == b"new" and ends[False][0]["a/old.md"] == b"changed"
    assert not [p for p in ends[False][0] if p.endswith(".tmp")]


def test_templates_compiled_at_setup_are_used_and_a_changed_template_is_compiled_again(tmp_path):
    """`make setup` compiles the templates (compile_templates), as compileall does the package: a build
    with an empty cache then compiles none; a template whose source changed is not taken from there."""
    compile_templates()
    out = prints("""
        import jinja2
        from planatlas.sitegen.pages import environment
        calls = []
        real = jinja2.Environment.compile
        jinja2.Environment.compile = lambda self, *a, **k: calls.append(a) or real(self, *a, **k)
        environment().get_template("record.md.j2")
        print(len(calls))
    """)
    assert out.strip() == "0"
    env = environment()
    shipped = CompiledTemplates(None)
    source, filename, _ = env.loader.get_source(env, "record.md.j2")
    same = Bucket(env, shipped.get_cache_key("record.md.j2", filename), shipped.get_source_checksum(source))
    shipped.load_bytecode(same)
    changed = Bucket(env, same.key, shipped.get_source_checksum(source + "{# edited #}"))
    shipped.load_bytecode(changed)
    assert same.code is not None and changed.code is None
    project = CompiledTemplates(tmp_path / "cache")      # the project's cache falls back on the shipped
    (tmp_path / "cache").mkdir()
    fallback = Bucket(env, same.key, same.checksum)
    project.load_bytecode(fallback)
    assert fallback.code is not None
