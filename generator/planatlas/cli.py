"""The `planatlas` command line: the one place where errors become exit codes.

Exit codes (documented in README and tested): 0 ok (warnings allowed), 1 invalid input,
2 cannot run (missing graph folder, unreadable settings, a tool not installed).  Stages raise
the classes of `errors.py`; `BoundaryGroup.invoke` maps them with `EXIT_CODES` (and anything else with `exit_code_for`) (in the manner
of pySHACL's `errors.py` and its `cli.py`).  Commands return through `ctx.exit(code)`.

Paths are read from the project the command runs in: the current folder, or `--project DIR`
(relative paths such as the default `graph` are taken inside it).

Start-up cost (measured, see BENCHMARKS.md): each command imports its own stage modules inside
its function, so `planatlas --help` and `planatlas query` do not pay for MkDocs, pySHACL, Jinja2
and networkx (0.25 s for `--help` with lazy imports, 0.8 s with every module imported up front).
"""
from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

import click

from planatlas import __version__

from planatlas import model
from planatlas.diagnostics import ERROR
from planatlas.errors import CannotRun, InvalidInput, PlanatlasError
from planatlas.project import Project
from planatlas.sitegen.outfolders import check_output_file

EXIT_CODES: dict[type[PlanatlasError], int] = {InvalidInput: 1, CannotRun: 2}
# Errors of modules that do not (yet) derive from errors.py, by class name along the MRO.
EXIT_BY_NAME = {"ScaffoldError": 1, "ConfigError": 2, "DiffError": 2, "UnsafePath": 2}


class StageError(click.ClickException):
    """A stage's error as click reports it ('Error: ...' and the exit code)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def exit_code_of(exc: PlanatlasError) -> int:
    """The exit code of a stage's error (its nearest class in EXIT_CODES)."""
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 2


def exit_code_for(exc: BaseException) -> tuple[int, str]:
    """(exit code, one line) for any exception a command lets escape."""
    if isinstance(exc, PlanatlasError):
        return exit_code_of(exc), str(exc) or type(exc).__name__
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
    """The command boundary: runs a command and turns anything it raises into one 'Error: ...' line
    and exit 1 or 2 (the errors of errors.py by EXIT_CODES, anything else by exit_code_for): a
    traceback is never an answer."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the boundary: everything is mapped
            code, message = exit_code_for(exc)
            raise StageError(message, code) from exc


# Shared options (in the manner of sqlite-utils) -------------------------------
def project() -> Project:
    """The project of the running command (set by the group's --project option)."""
    obj = click.get_current_context().find_object(Project)
    return obj if obj is not None else Project.at()


def in_project(path: Path) -> Path:
    return project().path(path)


def graph_argument(fn):
    return click.argument("graph_dir", type=click.Path(path_type=Path), default=Path("graph"),
                          required=False)(fn)


def graph_option(fn):
    """--graph: the graph folder, in every command that takes it as an option."""
    return click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("graph"),
                        show_default=True, help="The graph folder (records in its data/).")(fn)


def silent_option(fn):
    return click.option("-s", "--silent", is_flag=True, help="Print only results and errors, no progress.")(fn)


def output_option(fn):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write to this file instead of standard output.")(fn)


def write_output(output: Path, text: str) -> None:
    """-o FILE, checked by `check_output_file` before the work: a write that still fails (a full disk) is
    an error, not a traceback."""
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CannotRun(f"cannot write '{output}': {exc.strerror or exc}") from exc


def terminal_progress():
    """Stage names on standard error for a person at a terminal ("… records", "… shacl"): a cold
    `validate` or `query` of 5,000 records took 9-11 s with no word. Not when stderr is a pipe or a file,
    so scripts and CI logs see only results and errors."""
    return progress_printer(silent=not sys.stderr.isatty())


def progress_printer(silent: bool):
    if silent:
        return None
    return lambda stage: click.echo(f"… {stage}", err=True)


@click.group(cls=BoundaryGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planatlas")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The project folder (holds mkdocs.yml, graph/, site_src/). Default: the current folder.")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    """planatlas: a plan knowledge graph, validated and published as a cross-linked site.

    Run from the project folder (or give --project): the graph is read from ./graph and the site is
    built in ./site.  Exit codes: 0 ok, 1 invalid input, 2 cannot run.
    """
    if project_dir is not None and not project_dir.is_dir():
        raise CannotRun(f"project folder '{project_dir}' does not exist")
    ctx.obj = Project.at(project_dir)


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
    from planatlas.editing.semdiff import DiffError, changed_files
    from planatlas.editing.validating import report, validate_graph
    ctx = validate_graph(in_project(graph_dir), project(), shacl=not no_shacl, progress=terminal_progress())
    changed = None
    if changed_since is not None:
        try:
            changed = changed_files(changed_since, project().root)
        except DiffError as exc:
            raise CannotRun(str(exc)) from exc
    text, summary_md = report(ctx, fmt, errors_only, changed)
    click.echo(text)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and step_summary:
        with open(step_summary, "a", encoding="utf-8") as fh:
            fh.write(summary_md)
    click.get_current_context().exit(0 if ctx.ok else 1)


@main.command()
@graph_argument
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people, json for scripts.")
def stats(graph_dir: Path, fmt: str) -> None:
    """Count records per type, and check the counts agree in records, graph and export."""
    from planatlas.cache import Cache
    from planatlas.graph.stats import compute_stats, format_stats
    from planatlas.query.warm import load_cached
    ctx = load_cached(in_project(graph_dir), project().root, Cache.of(project()), progress=terminal_progress())
    result = compute_stats(ctx)
    click.echo(format_stats(result, fmt))
    errors = [d for d in ctx.diagnostics if d.severity == ERROR]
    if errors:
        # Counts are of what loaded: say so, or a record lost to a YAML error goes unnoticed.
        files = len({d.path for d in errors})
        click.echo(f"warning: the graph has {len(errors)} error(s) in {files} file(s), first "
                   f"{errors[0].format()}; a record that could not be read is not counted "
                   f"(run 'planatlas validate')", err=True)
    if not result["agree"]:
        raise InvalidInput("counts differ between records, graph and export")


@main.command()
@graph_argument
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld"]), default="ttl", show_default=True,
              help="Turtle, N-Triples or JSON-LD.")
@output_option
@click.option("--with-ontology", is_flag=True, help="Include the ontology and concept schemes.")
def export(graph_dir: Path, fmt: str, output: Path | None, with_ontology: bool) -> None:
    """Write the whole graph as Turtle, N-Triples or JSON-LD (to standard output without -o)."""
    from planatlas.cache import Cache
    from planatlas.graph.exporting import serialise
    from planatlas.pipeline import require_valid
    from planatlas.query.warm import load_cached
    if output:
        check_output_file(output, in_project(graph_dir))     # before the work, not after
    ctx = require_valid(load_cached(in_project(graph_dir), project().root, Cache.of(project()),
                                    progress=terminal_progress()))
    text = serialise(ctx, fmt, with_ontology=with_ontology)
    if output:
        write_output(output, text)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("record_type", type=click.Choice(sorted(model.RECORD_TYPES)))
@click.argument("record_id")
@graph_option
@click.option("--title", help="Title or name to fill in.")
def new(record_type: str, record_id: str, graph_dir: Path, title: str | None) -> None:
    """Create a new record file with its required fields, ready to fill in."""
    from planatlas.reading.scaffold import ScaffoldError, new_record
    try:
        path = new_record(in_project(graph_dir), record_type, record_id, title)
    except ScaffoldError as exc:
        raise InvalidInput(str(exc)) from exc
    click.echo(f"created {path}")


@main.command()
@graph_argument
@click.option("--check", is_flag=True, help="Only report files that would change (exit 1 if any).")
@click.option("--generated", is_flag=True, help="Also regenerate ontology, shapes and JSON Schemas from model.py.")
def fmt(graph_dir: Path, check: bool, generated: bool) -> None:
    """Normalise record files: NFC text, LF line ends, schema comment line, final newline."""
    from planatlas.graph.codegen import generated_files, write_generated
    from planatlas.reading.formatting import format_tree
    graph_dir = in_project(graph_dir)
    if not (graph_dir / "data").is_dir():
        raise CannotRun(f"'{graph_dir}' has no data/ folder of records")
    changed = format_tree(graph_dir, write=not check)
    if generated and check:
        changed += [str(graph_dir / rel) for rel, text in generated_files().items()
                    if not (graph_dir / rel).exists() or (graph_dir / rel).read_text(encoding="utf-8") != text]
    elif generated:
        changed += [str(graph_dir / rel) for rel in write_generated(graph_dir)]
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    click.echo(f"{len(changed)} file(s) {'need formatting' if check else 'changed'}", err=True)
    click.get_current_context().exit(1 if check and changed else 0)


@main.command()
@click.argument("base", default="HEAD")
@click.argument("head", required=False)
@graph_option
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
    from planatlas.editing.semdiff import DiffError, format_diff, semantic_diff
    if output:
        check_output_file(output, in_project(graph_dir))
    try:
        changes = semantic_diff(base, head, graph_dir)
    except DiffError as exc:
        raise CannotRun(str(exc)) from exc
    text = format_diff(changes, fmt)
    if output:
        write_output(output, text)
    else:
        click.echo(text, nl=False)


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
@click.option("--commit", envvar="PLANATLAS_COMMIT", default="",
              help="The commit to name in the data description (or $PLANATLAS_COMMIT; default: git).")
def build(graph_dir: Path, site_dir: Path, docs_dir: Path, silent: bool, no_mkdocs: bool, commit: str) -> None:
    """Validate, generate the pages and build the static site (./graph → ./docs → ./site)."""
    from planatlas.cache import Cache
    from planatlas.sitegen.buildstamp import NOTHING_CHANGED, BuildStamp
    graph_dir, docs_dir, site_dir = in_project(graph_dir), in_project(docs_dir), in_project(site_dir)
    cache, progress = Cache.of(project()), progress_printer(silent)
    stamp = None if no_mkdocs else BuildStamp.of(project(), cache, graph_dir, docs_dir, site_dir, commit)
    if stamp is not None and stamp.up_to_date():      # before the build's imports (0.37 s)
        if progress:
            progress(NOTHING_CHANGED)
        return
    from planatlas.sitegen.build import build_site
    build_site(graph_dir, docs_dir, site_dir, progress=progress, run_mkdocs=not no_mkdocs, root=project().root,
               commit=commit, cache=cache, stamp=stamp)


def dev_address(_ctx, _param, value: str) -> str:
    """IP:PORT, as MkDocs takes it, checked here: a bad port was an internal error (OverflowError) and
    a host name MkDocs' configuration error (exit 1)."""
    host, sep, port = value.rpartition(":")
    try:
        ipaddress.ip_address(host)
        ok = bool(sep) and port.isascii() and port.isdigit() and 1 <= int(port) <= 65535
    except ValueError:
        ok = False
    if not ok:
        raise click.BadParameter(f"'{value}' is not IP:PORT (an IPv4 or IPv6 address and a port from 1 to "
                                 "65535), such as 127.0.0.1:8000")
    return value


@main.command()
@_site_command
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, callback=dev_address,
              help="Address to serve on: IP:PORT.")
def serve(graph_dir: Path, site_dir: Path, docs_dir: Path, silent: bool, dev_addr: str) -> None:
    """Build and serve the site with live reload when a record or template changes (preview only)."""
    from planatlas.sitegen.build import serve_site
    from planatlas.cache import Cache
    serve_site(in_project(graph_dir), in_project(docs_dir), in_project(site_dir), dev_addr,
               progress=progress_printer(silent), root=project().root, cache=Cache.of(project()))


@main.command()
@click.argument("query_or_file")
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="table for people; csv, tsv, json: SPARQL 1.1 result formats.")
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
    from planatlas.cache import Cache
    from planatlas.query.querying import limits_for, read_query, warm_store
    from planatlas.query.sparql import OxigraphEngine, check_no_network, format_result
    text, graph_dir = read_query(query_or_file), in_project(graph_dir)
    check_no_network(text, allow_service)
    if endpoint:
        from planatlas.query.publishing import EndpointEngine, endpoint_base
        base = endpoint_base(graph_dir)
        click.echo(format_result(EndpointEngine(endpoint, base).run(text), fmt, base), nl=False)
        return
    cache = Cache.of(project())
    warm = warm_store(graph_dir, cache)
    if warm is None:   # cold: read the records and fill the cache (the pipeline's imports only now)
        from planatlas.query.warm import dataset_store
        warm = dataset_store(graph_dir, project().root, cache, terminal_progress())
    store, meta = warm
    engine = OxigraphEngine(store, meta["base"], limits_for(meta, timeout, max_rows, allow_service))
    click.echo(format_result(engine.run(text), fmt, meta["base"]), nl=False)


@main.command()
@click.argument("record_id")
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json for scripts (totals and the records shown).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Most records listed per kind.")
def impact(record_id: str, graph_dir: Path, fmt: str, limit: int) -> None:
    """What is at risk if an action or programme slips: what depends on it, and what that serves."""
    from planatlas.analysis.impact import impact_report
    from planatlas.pipeline import load, require_valid
    ctx = require_valid(load(in_project(graph_dir), root=project().root, shacl=False))
    click.echo(impact_report(ctx.records, record_id, fmt, limit))


@main.command()
@graph_argument
@click.option("--endpoint", required=True, help="SPARQL 1.1 server (Graph Store Protocol or Update endpoint).")
@click.option("--graph-iri", "graph_iri", help="Named graph IRI to replace (default: the dataset IRI).")
@click.option("--graph", "old_graph", hidden=True, help="Renamed to --graph-iri.")
@click.option("--user", envvar="PLANATLAS_USER", help="User name for the server (or $PLANATLAS_USER).")
@click.option("--password", envvar="PLANATLAS_PASSWORD", help="Password (or $PLANATLAS_PASSWORD).")
@silent_option
def publish(graph_dir: Path, endpoint: str, graph_iri: str | None, old_graph: str | None, user: str | None,
            password: str | None, silent: bool) -> None:
    """Load the graph into a SPARQL server, replacing the previous version."""
    from planatlas.pipeline import load, require_valid
    from planatlas.query.publishing import publish_graph
    if old_graph is not None:
        raise click.UsageError("--graph is the graph folder in every other command; "
                               "the named graph IRI is now --graph-iri")
    ctx = require_valid(load(in_project(graph_dir), root=project().root, shacl=False))
    click.echo(publish_graph(ctx, endpoint, graph_iri, user, password, progress=progress_printer(silent)))


if __name__ == "__main__":  # pragma: no cover
    main()
