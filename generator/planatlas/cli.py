"""The `planatlas` command line.

Exit codes (documented in README and tested): 0 ok (warnings allowed), 1 invalid
input, 2 cannot run (missing graph folder, unreadable settings, a tool not installed).
"""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Any
from pathlib import Path

import click

from . import __version__, model
from .diagnostics import ERROR, has_errors, markdown_summary, summary, to_json
from .pipeline import CannotRun, load


class InvalidInput(click.ClickException):
    """The input was read but is wrong: exit code 1."""

    exit_code = 1


class CannotRunError(click.ClickException):
    """Nothing could be done: exit code 2."""

    exit_code = 2


# The command boundary: every failure becomes one line and exit code 1 or 2 ----------
# By class name along the exception's MRO, so this module imports no stage to know them.
EXIT_BY_NAME = {"InvalidInput": 1, "BuildError": 1, "QueryError": 1, "ScaffoldError": 1,
                "CannotRun": 2, "ConfigError": 2, "PublishError": 2, "DiffError": 2, "UnsafePath": 2}


def exit_code_for(exc: BaseException) -> tuple[int, str]:
    """(exit code, one line) for any exception a command lets escape."""
    for cls in type(exc).__mro__:
        if cls.__name__ in EXIT_BY_NAME:
            return EXIT_BY_NAME[cls.__name__], str(exc) or cls.__name__
    if isinstance(exc, RecursionError):
        return 2, "the input is nested too deeply to process"
    if isinstance(exc, MemoryError):
        return 2, "out of memory: the input is too large"
    if isinstance(exc, OSError):
        where = f" '{exc.filename}'" if exc.filename else ""
        return 2, f"{exc.strerror or exc}{where}"
    if isinstance(exc, UnicodeError):
        return 1, f"text that is not valid Unicode: {exc}"
    return 2, f"internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it"


class BoundaryGroup(click.Group):
    """Runs a command and turns anything it raises into one 'Error: ...' line and exit 1 or 2:
    a traceback is never an answer."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the boundary: everything is mapped
            code, message = exit_code_for(exc)
            error = InvalidInput(message) if code == 1 else CannotRunError(message)
            raise error from exc


# Shared options (in the manner of sqlite-utils) -------------------------------
def graph_argument(fn):
    return click.argument("graph_dir", type=click.Path(path_type=Path), default=Path("graph"),
                          required=False)(fn)


def silent_option(fn):
    return click.option("-s", "--silent", is_flag=True, help="Print only results and errors, no progress.")(fn)


def output_option(fn):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write to this file instead of standard output.")(fn)


def progress_printer(silent: bool):
    if silent:
        return None
    return lambda stage: click.echo(f"… {stage}", err=True)


def load_or_exit(graph_dir: Path, silent: bool = True, shacl: bool = True):
    try:
        return load(graph_dir, shacl=shacl, progress=progress_printer(silent))
    except CannotRun as exc:
        raise CannotRunError(str(exc)) from exc


def require_valid(ctx) -> None:
    errors = [d for d in ctx.diagnostics if d.severity == ERROR]
    if errors:
        for d in errors:
            click.echo(d.format(), err=True)
        raise InvalidInput(f"the graph has {len(errors)} error(s); run 'planatlas validate' for details")


@click.group(cls=BoundaryGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planatlas")
def main() -> None:
    """planatlas: a plan knowledge graph, validated and published as a cross-linked site.

    Run from the repository root: the graph is read from ./graph and the site is built in ./site.
    Exit codes: 0 ok, 1 invalid input, 2 cannot run.
    """


@main.command()
@graph_argument
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text: path:line:col lines; github: workflow annotations; json.")
@click.option("--errors-only", is_flag=True, help="Hide warnings.")
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL layer (faster while editing).")
@click.option("--changed-since", metavar="REV",
              help="Show warnings only for files changed since this git revision (errors are always shown): "
                   "a pull request's annotations land on the lines it changed.")
def validate(graph_dir: Path, fmt: str, errors_only: bool, no_shacl: bool, changed_since: str | None) -> None:
    """Check every record: YAML, schema, references, SHACL shapes and graph rules.

    Prints every problem at once as 'path:line:col: error[code] message (hint)'.
    Exit code 0 when valid (warnings allowed), 1 when invalid, 2 when the graph cannot be read.
    """
    ctx = load_or_exit(graph_dir, silent=True, shacl=not no_shacl)
    diags = [d for d in ctx.diagnostics if not errors_only or d.severity == ERROR]
    if changed_since is not None:
        from .semdiff import DiffError, changed_files
        try:
            changed = changed_files(changed_since, Path.cwd())
        except DiffError as exc:
            raise CannotRunError(str(exc)) from exc
        diags = [d for d in diags if d.severity == ERROR or d.path in changed]
    if fmt == "json":
        click.echo(to_json(diags))
    elif fmt == "github":
        for d in diags:
            click.echo(d.github())
        click.echo(summary(diags, ctx.records.files))
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as fh:
                fh.write(markdown_summary(diags, ctx.records.files))
    else:
        for d in diags:
            click.echo(d.format())
        click.echo(summary(diags, ctx.records.files))
    if has_errors(ctx.diagnostics):
        sys.exit(1)


@main.command()
@graph_argument
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(graph_dir: Path, fmt: str) -> None:
    """Count records per type, and check the counts agree in records, graph and export."""
    from .stats import compute_stats, format_stats
    ctx = load_or_exit(graph_dir, shacl=False)
    result = compute_stats(ctx)
    click.echo(format_stats(result, fmt))
    if not result["agree"]:
        raise InvalidInput("counts differ between records, graph and export")


@main.command()
@graph_argument
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld"]), default="ttl", show_default=True)
@output_option
@click.option("--with-ontology", is_flag=True, help="Include the ontology and concept schemes.")
def export(graph_dir: Path, fmt: str, output: Path | None, with_ontology: bool) -> None:
    """Write the whole graph as Turtle, N-Triples or JSON-LD (to standard output without -o)."""
    from .exporting import serialise
    ctx = load_or_exit(graph_dir, shacl=False)
    require_valid(ctx)
    text = serialise(ctx, fmt, with_ontology=with_ontology)
    if output:
        if not output.parent.is_dir():
            raise CannotRunError(f"cannot write '{output}': the folder '{output.parent}' does not exist")
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("record_type", type=click.Choice(sorted(model.RECORD_TYPES)))
@click.argument("record_id")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("graph"), show_default=True)
@click.option("--title", help="Title or name to fill in.")
def new(record_type: str, record_id: str, graph_dir: Path, title: str | None) -> None:
    """Create a new record file with its required fields, ready to fill in."""
    from .scaffold import new_record, ScaffoldError
    try:
        path = new_record(graph_dir, record_type, record_id, title)
    except ScaffoldError as exc:
        raise InvalidInput(str(exc)) from exc
    click.echo(f"created {path}")


@main.command()
@graph_argument
@click.option("--check", is_flag=True, help="Only report files that would change (exit 1 if any).")
@click.option("--generated", is_flag=True, help="Also regenerate ontology, shapes and JSON Schemas from model.py.")
def fmt(graph_dir: Path, check: bool, generated: bool) -> None:
    """Normalise record files: NFC text, LF line ends, schema comment line, final newline."""
    from .formatting import format_tree
    from .codegen import generated_files, write_generated
    if not (graph_dir / "data").is_dir():
        raise CannotRunError(f"'{graph_dir}' has no data/ folder of records")
    changed = format_tree(graph_dir, write=not check)
    if generated:
        if check:
            stale = [rel for rel, text in generated_files().items()
                     if not (graph_dir / rel).exists() or (graph_dir / rel).read_text(encoding="utf-8") != text]
            changed += [str(graph_dir / rel) for rel in stale]
        else:
            changed += [str(graph_dir / rel) for rel in write_generated(graph_dir)]
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    click.echo(f"{len(changed)} file(s) {'need formatting' if check else 'changed'}", err=True)
    if check and changed:
        sys.exit(1)


@main.command()
@click.argument("base", default="HEAD")
@click.argument("head", required=False)
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("graph"), show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="markdown: a pull-request comment (summary, consequences, full list "
              "collapsed).")
@output_option
def diff(base: str, head: str | None, graph_dir: Path, fmt: str, output: Path | None) -> None:
    """Say what a change does to the plan, in words: records added, removed, changed, moved and
    renamed, grouped by type, and the consequences (a removed action others depended on, an
    objective left with no action, a metric left with no target).

    BASE and HEAD are git revisions or graph folders; HEAD defaults to the working tree.
    Example: planatlas diff origin/main
    """
    from .semdiff import DiffError, format_diff, semantic_diff
    try:
        changes = semantic_diff(base, head, graph_dir)
    except DiffError as exc:
        raise CannotRunError(str(exc)) from exc
    text = format_diff(changes, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@contextlib.contextmanager
def exit_codes(invalid: tuple[type[Exception], ...] = (), cannot_run: tuple[type[Exception], ...] = ()):
    """Map a stage's own exceptions to exit codes: 1 invalid input, 2 cannot run."""
    try:
        yield
    except (CannotRun, *cannot_run) as exc:
        raise CannotRunError(str(exc)) from exc
    except invalid as exc:
        raise InvalidInput(str(exc)) from exc


def _site_command(fn):
    """Options shared by build and serve."""
    fn = click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
                      show_default=True, help="Where the built site goes.")(fn)
    fn = click.option("--docs-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs"),
                      show_default=True, help="Where generated Markdown goes (never edit it).")(fn)
    return silent_option(graph_argument(fn))


@main.command()
@_site_command
@click.option("--no-mkdocs", is_flag=True, help="Generate docs/ only; do not run mkdocs build.")
def build(graph_dir: Path, site_dir: Path, docs_dir: Path, silent: bool, no_mkdocs: bool) -> None:
    """Validate, generate the pages and build the static site (./graph → ./docs → ./site)."""
    from .build import BuildError, build_site
    with exit_codes(invalid=(BuildError,)):
        build_site(graph_dir, docs_dir, site_dir, progress=progress_printer(silent), run_mkdocs=not no_mkdocs)


@main.command()
@_site_command
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(graph_dir: Path, site_dir: Path, docs_dir: Path, silent: bool, dev_addr: str) -> None:
    """Build and serve the site with live reload when a record or template changes (preview only)."""
    from .build import BuildError, serve_site
    with exit_codes(invalid=(BuildError,)):
        serve_site(graph_dir, docs_dir, site_dir, dev_addr, progress=progress_printer(silent))


@main.command()
@click.argument("query_or_file")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("graph"), show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--endpoint", help="Query this SPARQL endpoint instead of the local graph.")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Stop the query after this many seconds "
              "(default: query_timeout in graph/planatlas.yaml, else 30).")
@click.option("--max-rows", type=click.IntRange(min=1), help="Stop when the query returns more rows "
              "(default: query_max_rows in graph/planatlas.yaml, else 100000).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries send requests to "
              "other servers); off by default. LOAD is never allowed.")
def query(query_or_file: str, graph_dir: Path, fmt: str, endpoint: str | None, timeout: float | None,
          max_rows: int | None, allow_service: bool) -> None:
    """Run a SPARQL query (text, or a .rq file) over the plan graph; project prefixes are predeclared."""
    from .sparql import Limits, QueryError, run_query_cli
    limits = Limits(timeout or 0, max_rows or 0, allow_service)
    with exit_codes(invalid=(QueryError,)):
        click.echo(run_query_cli(query_or_file, graph_dir, fmt, endpoint, limits), nl=False)


@main.command()
@click.argument("record_id")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("graph"), show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Most records listed per kind.")
def impact(record_id: str, graph_dir: Path, fmt: str, limit: int) -> None:
    """What is at risk if an action or programme slips: what depends on it, and what that serves."""
    import json
    from .impact import WORK_TYPES, ImpactIndex, table
    ctx = load_or_exit(graph_dir, shacl=False)
    require_valid(ctx)
    index = ImpactIndex(ctx.records)
    record = ctx.records.records.get(record_id)
    if record is None or record.type not in WORK_TYPES:
        what = f"{record_id!r} is a {record.type}" if record else f"no action or programme has the id {record_id!r}"
        close = index.suggest(record_id)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise InvalidInput(f"{what}; impact is worked out for actions and programmes{hint}")
    result = index.impact(record_id)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(limit), indent=2, sort_keys=True))
    else:
        click.echo(table(index, result, limit))


@main.command()
@graph_argument
@click.option("--endpoint", required=True, help="SPARQL 1.1 server (Graph Store Protocol or Update endpoint).")
@click.option("--graph", "graph_iri", help="Named graph IRI to replace (default: the dataset IRI).")
@click.option("--user", envvar="PLANATLAS_USER", help="User name for the server (or $PLANATLAS_USER).")
@click.option("--password", envvar="PLANATLAS_PASSWORD", help="Password (or $PLANATLAS_PASSWORD).")
@silent_option
def publish(graph_dir: Path, endpoint: str, graph_iri: str | None, user: str | None, password: str | None,
            silent: bool) -> None:
    """Load the graph into a SPARQL server, replacing the previous version."""
    from .publishing import PublishError, publish_graph
    ctx = load_or_exit(graph_dir, shacl=False)
    require_valid(ctx)
    with exit_codes(cannot_run=(PublishError,)):
        message = publish_graph(ctx, endpoint, graph_iri, user, password, progress=progress_printer(silent))
    click.echo(message)


if __name__ == "__main__":  # pragma: no cover
    main()
