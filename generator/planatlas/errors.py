"""Every error a stage may raise on purpose, in one place.

Why: a stage says *what* went wrong by the class it raises; only `cli.py` decides the exit
code (`cli.EXIT_CODES`), in the manner of pySHACL's `errors.py` and its CLI.  Stages never
import click and never end the process themselves.

- `CannotRun` (exit 2): nothing could be done: a folder or tool is missing, settings are
  unreadable, a server cannot be reached.
- `InvalidInput` (exit 1): the input was read but is wrong; `BuildError` and `QueryError`
  are the build's and the query engine's kinds of it.
"""
from __future__ import annotations


class PlanatlasError(Exception):
    """Base of every error a planatlas stage raises on purpose."""


class CannotRun(PlanatlasError):
    """Input is missing or unreadable as a whole (exit code 2), as opposed to invalid (1)."""


class InvalidInput(PlanatlasError):
    """The input was read but is wrong (exit code 1)."""


class BuildError(InvalidInput):
    """The graph is invalid, or the site would have broken links: exit code 1."""


class QueryError(InvalidInput):
    """A query the engine rejected: reported as 'line L, column C: ...', exit code 1."""


class PublishError(CannotRun):
    """The server could not be reached or refused the graph (exit code 2)."""
