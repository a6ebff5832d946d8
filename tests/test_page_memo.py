"""A build with a cache renders again only the pages whose inputs changed (sitegen/pagememo.py).

What must hold: after any edit, docs/ is byte-identical to a build from scratch of the same graph, and
a text edit to one record renders far fewer pages than the site has.  Edits follow one another in one
project (each build starts from the last one's memo), as an editor's builds do; every kind of edit
is covered: a title, a free-text field, a status, a reference, a record added, a record removed, a
settings change, a page edited or deleted by hand in docs/, and seeded random text edits.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from planatlas import cache as cache_module, model
from planatlas.analysis.views import build_views
from planatlas.cache import Cache
from planatlas.pipeline import load
from planatlas.sitegen.outputs import record_page
from planatlas.sitegen.pagememo import PageMemo
from planatlas.sitegen.pages import PageMaker, record_pages
from planatlas.sitegen.reads import EVERYTHING
from planatlas.sitegen.preview import affected
from planatlas.sitegen.build import build_site
from planatlas.sitegen.dashboards import tracking_pages
from planatlas.sitegen.downloads import download_files
from planatlas.sitegen.emitters import extra_links
from planatlas.sitegen.outputs import made as made_files
from planatlas.sitegen.recorddata import record_files
from planatlas.sitegen.suggest import suggest_files
from planatlas.sitegen.outputs import Kept
from planatlas.sitegen.querypages import ASSETS
from planatlas.sitegen.sitememo import SiteCache, copied

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
PLURALS = {t.plural for t in model.RECORD_TYPES.values()}
RENDERED = re.compile(r"pages: (?:all (\d+)|(\d+) of (\d+)) rendered")
TRACKED = re.compile(r"tracking pages: (?:all (\d+)|(\d+) of (\d+)) rendered")
DATA_MADE = re.compile(r"record data: (?:all (\d+)|(\d+) of (\d+)) records' files to make")


class Project:
    """A copy of the fixture graph, built with a cache (warm) and, to compare, from scratch."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.graph = tmp / "graph"
        shutil.copytree(FIXTURES / "sitegraph", self.graph)
        self.cache = Cache(tmp / "cache")

    def warm(self) -> tuple[int, int]:
        """Build into tmp/warm with the cache; (pages rendered, pages).  self.data_made: (records whose
        data files were made, records)."""
        said: list[str] = []
        build_site(self.graph, self.tmp / "warm" / "docs", self.tmp / "warm" / "site", progress=said.append,
                   run_mkdocs=False, root=REPO, commit="test", cache=self.cache)
        counts = [m for s in said if (m := RENDERED.fullmatch(s.split(" (")[0]))]
        assert len(counts) == 1, said
        data = [m for s in said if (m := DATA_MADE.fullmatch(s.split(" (")[0]))]
        tracked = [m for s in said if (m := TRACKED.fullmatch(s.split(" (")[0]))]
        assert len(data) == 1 and len(tracked) == 1, said
        every, some, of = data[0].groups()
        self.data_made = (int(every), int(every)) if every else (int(some), int(of))
        every, some, of = tracked[0].groups()
        self.tracked = (int(every), int(every)) if every else (int(some), int(of))
        every, some, of = counts[0].groups()
        return (int(every), int(every)) if every else (int(some), int(of))

    def check(self) -> tuple[int, int]:
        """A warm build; then every page rendered in process from the same graph, without the memo:
        each must be in docs/ with the same bytes, and docs/ must hold no other record page.  Likewise
        every record's Turtle and JSON-LD, and the downloads, in site/ (sitegen/sitememo.py)."""
        rendered = self.warm()
        docs = self.tmp / "warm" / "docs"
        made = tree(docs)
        ctx = load(self.graph, root=REPO, shacl=False)
        ctx.views = build_views(ctx.records)
        full = PageMaker(ctx, ctx.views).all_pages(extra_links(made))
        full.update(tracking_pages(ctx))                     # dashboards, roadmap, ... (their own memo)
        full.update({p: c for p, c in suggest_files(ctx).items() if p.startswith("suggest/records/")})
        del full["plan-health/index.md"]       # it lists SHACL's warnings, not run here (scratch() compares it)
        assert {p: made.get(p) for p in full} == {p: text.encode("utf-8") for p, text in full.items()}
        pages = {p for p in made if (p.count("/") == 1 and p.split("/")[0] in PLURALS and p.endswith(".md"))
                 or p.startswith("suggest/records/")}
        assert pages <= set(full)
        site = tree(self.tmp / "warm" / "site")
        ctx.commit = "test"
        data = {rel: as_bytes(c) for rel, c in made_files({**record_files(ctx), **download_files(ctx)}).items()}
        assert {rel: site.get(rel) for rel in data} == data
        per_record = {rel for rel in site if rel.endswith((".ttl", ".jsonld")) and rel.split("/")[0] in PLURALS}
        assert per_record <= set(data)
        return rendered

    def scratch(self) -> None:
        """A whole build from scratch (no cache): docs/ and site/ must be the same files with the same bytes."""
        build_site(self.graph, self.tmp / "scratch" / "docs", self.tmp / "scratch" / "site", progress=None,
                   run_mkdocs=False, root=REPO, commit="test", cache=None)
        assert tree(self.tmp / "warm" / "docs") == tree(self.tmp / "scratch" / "docs")
        assert tree(self.tmp / "warm" / "site") == tree(self.tmp / "scratch" / "site")

    def record(self, rtype: str, rid: str) -> Path:
        return self.graph / "data" / rtype / f"{rid}.yaml"

    def edit(self, rtype: str, rid: str, old: str, new: str) -> None:
        path = self.record(rtype, rid)
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def as_bytes(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Project:
    # the stat of a page written in this second is trusted (a real build saves its memo after MkDocs)
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    p = Project(tmp_path)
    rendered, total = p.check()
    assert rendered == total               # the first build renders every page
    return p


def test_every_kind_of_edit_gives_the_pages_of_a_build_from_scratch(project):
    project.edit("action", "demo-a-2", "title: Recruit more midwives", "title: Recruit more midwives Zebra")
    rendered, total = project.check()
    assert 0 < rendered < total / 2        # a title: only the pages that show the record
    assert project.data_made[0] == 1       # and only that record's Turtle and JSON-LD
    assert 0 < project.tracked[0] < project.tracked[1]      # and the dashboards that show it
    assert project.check() == (0, total)   # nothing changed since: every page kept
    assert project.data_made[0] == 0 and project.tracked[0] == 0
    project.edit("action", "demo-a-2", "text: Recruit midwives.", "text: Recruit *midwives* now & soon.")
    project.check()
    project.edit("action", "demo-a-2", "timescale: medium", "timescale: long")
    project.check()
    project.edit("action", "demo-a-3", "\ntitle:", "\nstatus: in-progress\ntitle:")    # counted on the home page
    project.check()
    edit_far_read_records(project)         # shown by pages that are not near them
    assert project.check()[0] < total
    project.edit("action", "demo-a-2", "- demo-lmns\n", "")            # a reference removed
    assert project.check() == (total, total)   # who links to whom changed: every page again
    assert project.data_made[0] == 1           # but one record's triples
    data = project.tmp / "warm" / "site" / "actions"
    (data / "demo-a-3.ttl").write_text("changed by hand\n", encoding="utf-8")
    (data / "demo-a-4.jsonld").unlink()
    form = project.tmp / "warm" / "docs" / "suggest" / "records"
    (form / "demo-a-3.json").write_text("{}\n", encoding="utf-8")
    (form / "demo-a-4.json").unlink()
    project.check()                            # data files changed or removed by hand in site/ and docs/
    assert project.data_made[0] == 2
    added = project.record("action", "demo-a-2").read_text(encoding="utf-8").replace("id: demo-a-2", "id: demo-a-99")
    project.record("action", "demo-a-99").write_text(added.replace("number: 2", "number: 99"), encoding="utf-8")
    project.check()                        # a record added
    project.record("action", "demo-a-99").unlink()
    project.check()                        # and removed
    docs = project.tmp / "warm" / "docs"
    page = next(p for p in sorted((docs / "actions").glob("*.md")) if p.name != "index.md")
    page.write_text("changed by hand\n", encoding="utf-8")
    (docs / "index.md").unlink()
    assert project.check() == (2, total)   # pages changed or removed by hand in docs/
    settings = project.graph / "planatlas.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "site_name: Kent and Medway plan atlas" in text
    settings.write_text(text.replace("site_name: Kent and Medway plan atlas", "site_name: Another atlas"),
                        encoding="utf-8")
    assert project.check() == (total, total)   # the settings
    project.scratch()


def far_readers(graph: Path) -> dict[str, list[str]]:
    """{record id: record pages that read it although they are not near it} (serve's neighbourhood
    rule, preview.affected without reads, would miss them: only reads.py's notes find them)."""
    ctx = load(graph, shacl=False)
    ctx.views = build_views(ctx.records)
    reads: dict[str, set[str]] = {}
    PageMaker(ctx, ctx.views, reads).all_pages({})
    page_of = {record_page(r.type, r.id): r.id for r in ctx.records}
    far = {}
    for rid in sorted(ctx.records.records):
        near = affected([ctx.views], {rid}, None)
        pages = [p for p, seen in reads.items() if rid in seen and p in page_of and page_of[p] not in near]
        if pages:
            far[rid] = pages
    return far


def edit_far_read_records(project: Project) -> None:
    """Edit the label of every record some page reads from far away."""
    far = far_readers(project.graph)
    assert len(far) >= 5                   # a partnership shows its members' boards' actions, ...
    for path in sorted(project.graph.glob("data/*/*.yaml")):
        if path.stem in far:
            label = model.RECORD_TYPES[path.parent.name].label_field
            text = path.read_text(encoding="utf-8")
            line = next(x for x in text.splitlines() if x.startswith(f"{label}: "))
            path.write_text(text.replace(line, f"{line} far edit"), encoding="utf-8")


def _text_fields(path: Path) -> list[str]:
    """The free-text fields written on one line in a record file (safe to change to any words)."""
    rtype = model.RECORD_TYPES[path.parent.name]
    names = {f.name for f in rtype.all_fields if f.kind in ("text", "longtext") and not f.many
             and f.name not in ("id", "type")} | {rtype.label_field}
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if ":" in line and line.split(":", 1)[0] in names and line.split(":", 1)[1].strip()
            and not line.split(":", 1)[1].strip().startswith(("|", ">", "'", '"'))]


def test_random_text_edits_give_the_pages_of_a_build_from_scratch(project):
    rng = random.Random(14)
    files = sorted(project.graph.glob("data/*/*.yaml"))
    done = 0
    for _ in range(2):
        path = rng.choice(files)
        lines = _text_fields(path)
        if not lines:
            continue
        line = rng.choice(lines)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(line, f"{line} edited {rng.randrange(1000)}", 1), encoding="utf-8")
        project.check()
        done += 1
    assert done >= 1
    project.scratch()


@pytest.mark.parametrize("memo", [{}, {"key": "k"}, "not a dict", {"key": "k", "links": "l", "records": {"a": 1},
                                                                   "reads": {}, "stats": {}},
                                  {"key": "k", "links": "l", "records": {}, "reads": {"index.md": "abc"},
                                   "stats": {}}])
def test_a_damaged_memo_renders_every_page(tmp_path, memo):
    """A memo of the wrong shape is not used (every page is rendered), never a traceback."""
    cache = Cache(tmp_path / "cache")
    cache._save_memo("pages", memo)
    assert PageMemo.load(cache) is None
    (tmp_path / "cache" / next(p.name for p in (tmp_path / "cache").glob("pages-*"))).write_bytes(b"\x80garbage")
    assert PageMemo.load(cache) is None


def test_a_plan_page_reads_its_own_records_not_every_record(shipped):
    """A plan's tracker takes the records that link to the plan from the views: it scanned every record,
    so every plan page read everything and was rendered again after any edit (22 pages of the shipped
    site read everything; 2 do now: the owners page, which counts every owner's records, and the first
    action page, which makes the impact index)."""
    views = build_views(shipped.records)
    reads: dict[str, set[str]] = {}
    pm = PageMaker(shipped, views, reads)
    plans = [r.id for r in shipped.records.of_type("plan")]
    assert len(plans) > 5
    record_pages(pm, set(plans))
    everything = [p for p, seen in reads.items() if EVERYTHING in seen]
    assert everything == []
    actions = {r.id for r in shipped.records.of_type("action")}
    assert all(len(actions - reads[record_page("plan", p)]) > 0 for p in plans)


def test_copied_files_are_kept_until_their_source_or_their_copy_changes(project, tmp_path):
    """Oxigraph's web build and site_src/ are copied into docs/ as they are (`sitememo.copied`): kept
    while the source's stat and the copy's are the last build's; copied again when either changes."""
    wasm = project.tmp / "warm" / "docs" / ASSETS / "vendor" / "web_bg.wasm"
    source = REPO / "node_modules" / "oxigraph" / "web_bg.wasm"
    left = wasm.stat()
    project.warm()
    assert (wasm.stat().st_ino, wasm.stat().st_mtime_ns) == (left.st_ino, left.st_mtime_ns)
    wasm.write_bytes(b"\0" * left.st_size)                  # changed by hand, same size
    project.warm()
    assert wasm.read_bytes() == source.read_bytes()

    src, docs, cache = tmp_path / "src.txt", tmp_path / "docs", Cache(tmp_path / "c2")
    src.write_bytes(b"one")
    for expected in (b"one", Kept, b"two"):
        kept = SiteCache.of(cache, docs, "docs-files")
        got = copied(kept, "a/src.txt", src)
        assert (got is expected or isinstance(got, expected)) if expected is Kept else got == expected
        if not isinstance(got, Kept):
            (docs / "a").mkdir(parents=True, exist_ok=True)
            (docs / "a" / "src.txt").write_bytes(got)
        kept.finish(cache)
        if expected is Kept:
            src.write_bytes(b"two")                           # the source changed
