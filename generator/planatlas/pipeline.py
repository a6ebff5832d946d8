"""The validation half of the pipeline, and the `Context` every stage reads and fills.

Stages, in order (the build continues in `build.build`):
records → graph → checks → shacl.  Each is a small function that takes the shared `Context`
and sets the field it makes, in the manner of Quartz's build: one readable function lists the
stages.  Errors are raised as the classes of `errors.py`; only `cli.py` turns them into exit codes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph

from planatlas.graph.checks import run_checks
from planatlas.reading.config import Config, ConfigError, load_config
from planatlas.diagnostics import ERROR, Diagnostic, has_errors, sort_unique
from planatlas.errors import BuildError, CannotRun, InvalidInput
from planatlas.parallel import Background, BackgroundFailed
from planatlas.project import Project
from planatlas.graph.recordtriples import RecordTriples, record_triples
from planatlas.reading.records import RecordSet, load_records
from planatlas.graph.shacl import run_shacl
from planatlas.analysis.views import Views
from planatlas.query.questions import read_questions

__all__ = ["CannotRun", "Context", "load", "open_context", "require_valid"]

Progress = Callable[[str], None]
Content = str | bytes


def _quiet(msg: str) -> None:
    """The default progress: say nothing."""


@dataclass
class Context:
    """What the stages share: each field is set by one stage and read by the later ones."""

    graph_dir: Path
    root: Path                                   # the project root (where the command runs)
    config: Config = field(default_factory=Config)
    records: RecordSet = field(default_factory=RecordSet)          # stage: records
    graph: Graph | None = None     # stage: graph (the whole rdflib graph; None if the cache held most triples)
    triples: RecordTriples | None = None                           # stage: graph (every record's triples)
    diagnostics: list[Diagnostic] = field(default_factory=list)    # stages: records, checks, shacl
    views: Views | None = None                                     # stage: views (build)
    pages: dict[str, str] = field(default_factory=dict)            # stage: pages (build)
    reads: dict[str, set[str]] | None = None    # serve only: what each record page read (reads.py)
    page_cache: object | None = None        # a build with a cache: the last build's pages (pagememo.PageCache)
    tracking_cache: object | None = None    # ... its tracking pages (pagememo.PageCache, kind "tracking")
    docs_files_cache: object | None = None  # ... the form's per-record files in docs/ (sitememo.SiteCache)
    memos: dict[str, dict] | None = None    # a build with a cache: other memos by kind (downloads.dataset_jsonld)
    memos_made: dict[str, dict] = field(default_factory=dict)      # ... and those to save at its end
    site_cache: object | None = None        # ... and its per-record data files in site/ (sitememo.SiteCache)
    outputs: dict[str, Content] = field(default_factory=dict)      # every file for docs/ (build)
    site_outputs: dict[str, Content] = field(default_factory=dict) # files MkDocs does not render: site/
    stage_dir: Path | None = None           # build: site/ files are written here at once (outputs.Staged)
    nav: list = field(default_factory=list)                        # the site navigation (build)
    late_pages: object | None = None        # build, two cores: pages rendered while MkDocs runs (latepages.py)
    emitted: dict[str, list[str]] = field(default_factory=dict)    # emitter name → the paths it made
    store: ox.Store | None = None           # the published dataset (records + ontology) in Oxigraph
    commit: str = ""                        # the commit named in the data description ('' = ask git)
    timings: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    progress: Progress = _quiet

    @property
    def project(self) -> Project:
        return Project.at(self.root)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def stage(self, name: str, fn: Callable[["Context"], object]) -> None:
        """Run one stage, say so (progress) and time it: wall (ctx.timings) and this process's CPU
        (ctx.cpu; the forked children's is the system's RUSAGE_CHILDREN, `parallel.py`)."""
        self.progress(name)
        t0, c0 = time.perf_counter(), time.process_time()
        fn(self)
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - c0


def open_context(graph_dir: Path, root: Path | None = None, progress: Progress | None = None) -> Context:
    """A context for a graph folder; CannotRun when the folder or its settings cannot be read."""
    graph_dir = Path(graph_dir)
    if not graph_dir.is_dir():
        raise CannotRun(f"graph directory '{graph_dir}' does not exist")
    if not (graph_dir / "data").is_dir():
        raise CannotRun(f"'{graph_dir}' has no data/ folder of records")
    try:
        config = load_config(graph_dir)
    except ConfigError as exc:
        raise CannotRun(str(exc)) from exc
    return Context(graph_dir=graph_dir, root=Path(root or Path.cwd()), config=config,
                   progress=progress or _quiet)


# Stages ----------------------------------------------------------------------
def stage_records(ctx: Context, memo: dict | None = None) -> None:
    ctx.records, diags = load_records(ctx.graph_dir, ctx.root, memo)
    ctx.diagnostics += diags


def stage_graph(ctx: Context, memo: dict | None = None, whole: bool = True) -> None:
    ctx.triples, ctx.graph = record_triples(ctx.records, ctx.config.base_iri, memo, whole)


def stage_checks(ctx: Context) -> None:
    ctx.diagnostics += run_checks(ctx.records)


def stage_questions(ctx: Context) -> None:
    """The answered questions' files (graph/queries/*.rq), checked as the build will use them."""
    ctx.diagnostics += read_questions(Path(ctx.graph_dir) / "queries", ctx.root, ctx.config.base_iri)[1]


def stage_shacl(ctx: Context, memo: dict | None = None) -> None:
    ctx.diagnostics += run_shacl(ctx, memo)


def start_shacl(ctx: Context, memo: dict | None = None) -> Background:
    """SHACL in a child process while the build goes on (`parallel.Background`): a build starts it
    once the other layers found no error and takes it (`take_shacl`) before writing anything."""
    ctx.progress("shacl (beside the build)")
    return Background(lambda: (run_shacl(ctx, memo), memo))


def take_shacl(ctx: Context, job: Background, memo: dict | None = None) -> None:
    """SHACL's diagnostics into ctx (and its memo into `memo`); SHACL runs here if the child failed
    (it builds the rdflib graph it reads when ctx.graph is None, as in a build)."""
    try:
        diags, made = job.result()
    except BackgroundFailed:
        diags, made = run_shacl(ctx, memo), memo
    if memo is not None and made is not memo:
        memo.clear()
        memo.update(made)
    ctx.diagnostics = sort_unique(ctx.diagnostics + diags)


def load(graph_dir: Path, root: Path | None = None, shacl: bool = True,
         progress: Progress | None = None, memo: dict | None = None, graph: bool = True,
         shacl_memo: dict | None = None, checks: bool = True, triples_memo: dict | None = None,
         questions: bool = False, rdflib_graph: bool = True) -> Context:
    """The validation half of the pipeline: records, graph and every check layer.

    memo: parsed records by content hash (`cache.Cache.record_memo`), updated in place;
    shacl_memo: SHACL results by record signature (`cache.Cache.shacl_memo`), likewise;
    triples_memo: each record's triples by what they are made from (`graph/recordtriples.py`): with it,
    ctx.graph is None unless every record's triples were made (SHACL then builds the part it needs).
    graph=False (validate, a preview after an edit): no RDF graph on the context;
    checks=False (the first step of a preview): only each file's own layers, not the graph rules;
    questions=True (validate, build): the answered questions' files too;
    rdflib_graph=False (a build): each record's triples only, never the whole rdflib graph (SHACL
    builds what it reads: `graph/shacl.py`), made on two cores (`record_triples`)."""
    ctx = open_context(graph_dir, root, progress)
    ctx.stage("records", lambda c: stage_records(c, memo))
    if graph:
        ctx.stage("graph", lambda c: stage_graph(c, triples_memo, rdflib_graph))
    if checks:
        ctx.stage("checks", stage_checks)
    if questions:
        ctx.stage("questions", stage_questions)
    if shacl:     # without a graph (validate), SHACL builds one for the records it judges
        ctx.stage("shacl", lambda c: stage_shacl(c, shacl_memo))
    ctx.diagnostics = sort_unique(ctx.diagnostics)
    return ctx


def require_valid(ctx: Context, error: type[InvalidInput] = InvalidInput, shown: int = 20) -> Context:
    """Stop on errors (the one place that says so): raise `error` listing the first `shown`."""
    errors = [d for d in ctx.diagnostics if d.severity == ERROR]
    if errors:
        listing = "\n".join(d.format() for d in errors[:shown])
        more = f"\n… and {len(errors) - shown} more" if len(errors) > shown else ""
        raise error(f"the graph has {len(errors)} error(s); run 'planatlas validate' for details\n"
                    f"{listing}{more}")
    return ctx


def load_valid(graph_dir: Path, root: Path | None = None, progress: Progress | None = None,
               memo: dict | None = None, shacl_memo: dict | None = None,
               triples_memo: dict | None = None) -> Context:
    """Records, graph and every check; BuildError listing the errors if there are any."""
    return require_valid(load(graph_dir, root=root, shacl=True, progress=progress, memo=memo,
                              shacl_memo=shacl_memo, triples_memo=triples_memo, questions=True), BuildError)
