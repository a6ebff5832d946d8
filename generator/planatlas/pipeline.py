"""The pipeline behind `validate` and `build`: records → graph → checks → views → pages → site.

Each stage is a small function that takes the shared `Context` and fills in what it
made, in the manner of Quartz's build: one readable function lists the stages.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph

from .checks import run_checks
from .config import Config, load_config
from .diagnostics import Diagnostic, has_errors, sort_unique
from .rdfgraph import build_graph
from .records import RecordSet, load_records


class CannotRun(Exception):
    """Input is missing or unreadable as a whole (exit code 2), as opposed to invalid (1)."""


@dataclass
class Context:
    graph_dir: Path
    root: Path
    config: Config = field(default_factory=Config)
    records: RecordSet = field(default_factory=RecordSet)
    graph: Graph | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    progress: Callable[[str], None] = lambda msg: None

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def stage(self, name: str, fn: Callable[["Context"], None]) -> None:
        self.progress(name)
        t0 = time.perf_counter()
        fn(self)
        self.timings[name] = time.perf_counter() - t0


def open_context(graph_dir: Path, root: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> Context:
    graph_dir = Path(graph_dir)
    if not graph_dir.is_dir():
        raise CannotRun(f"graph directory '{graph_dir}' does not exist")
    if not (graph_dir / "data").is_dir():
        raise CannotRun(f"'{graph_dir}' has no data/ folder of records")
    from .config import ConfigError
    try:
        config = load_config(graph_dir)
    except ConfigError as exc:
        raise CannotRun(str(exc)) from exc
    ctx = Context(graph_dir=graph_dir, root=(root or Path.cwd()), config=config)
    if progress:
        ctx.progress = progress
    return ctx


# Stages ----------------------------------------------------------------------
def stage_records(ctx: Context) -> None:
    ctx.records, diags = load_records(ctx.graph_dir, ctx.root)
    ctx.diagnostics += diags


def stage_graph(ctx: Context) -> None:
    ctx.graph = build_graph(ctx.records, ctx.config.base_iri)


def stage_checks(ctx: Context) -> None:
    ctx.diagnostics += run_checks(ctx.records)


def stage_shacl(ctx: Context) -> None:
    from .shacl import run_shacl
    ctx.diagnostics += run_shacl(ctx)


def load(graph_dir: Path, root: Path | None = None, shacl: bool = True,
         progress: Callable[[str], None] | None = None) -> Context:
    """The validation half of the pipeline: records, graph and every check layer."""
    ctx = open_context(graph_dir, root, progress)
    ctx.stage("records", stage_records)
    ctx.stage("graph", stage_graph)
    ctx.stage("checks", stage_checks)
    if shacl:
        ctx.stage("shacl", stage_shacl)
    ctx.diagnostics = sort_unique(ctx.diagnostics)
    return ctx
