"""`planatlas validate`: load with every check layer (parsed records warm from the cache) and report."""
from __future__ import annotations

from pathlib import Path

from planatlas.cache import Cache
from planatlas.diagnostics import ERROR, markdown_summary, summary, to_json
from planatlas.pipeline import Context, Progress
from planatlas.project import Project
from planatlas.query.warm import load_cached


def validate_graph(graph_dir: Path, project: Project, shacl: bool = True, progress: Progress | None = None) -> Context:
    """Records (only changed files parsed again), checks and SHACL (only records whose SHACL inputs
    changed are judged again; the RDF graph is built only for them and their neighbours)."""
    return load_cached(Path(graph_dir), project.root, Cache.of(project), shacl=shacl, graph=False, progress=progress,
                       questions=True)


def report(ctx: Context, fmt: str, errors_only: bool = False,
           changed: set[str] | None = None) -> tuple[str, str]:
    """(what to print, the GitHub step-summary Markdown) for text, github or json.

    changed: display paths of files changed in a pull request; warnings elsewhere are not shown."""
    diags = [d for d in ctx.diagnostics if not errors_only or d.severity == ERROR]
    if changed is not None:
        diags = [d for d in diags if d.severity == ERROR or d.path in changed]
    if fmt == "json":
        return to_json(diags), ""
    lines = [d.github() if fmt == "github" else d.format() for d in diags]
    lines.append(summary(diags, ctx.records.files))
    return "\n".join(lines), markdown_summary(diags, ctx.records.files) if fmt == "github" else ""
