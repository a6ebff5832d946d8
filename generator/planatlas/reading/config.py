"""Project settings, read from graph/planatlas.yaml with the same strict loader as records.

Settings reach the site (links, the site name, record IRIs), so they are checked as strictly
as records: every value must be one line of text of the right shape, URLs must be http(s),
and a problem is reported as 'file:line:col: what is wrong' (exit code 2: nothing can run).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from planatlas.namespaces import DEFAULT_BASE
from planatlas.reading.textsafety import markup_problem
from planatlas.reading.yamlstrict import YMap, YScalar, read_yaml


class ConfigError(Exception):
    """The settings file cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Config:
    base_iri: str = DEFAULT_BASE
    site_name: str = "Kent and Medway plan atlas"
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = "edit/main/"
    licence: str = "Open Government Licence v3.0"
    licence_url: str = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    query_timeout: float = 30.0       # seconds a query may run (planatlas query, answered questions)
    query_max_rows: int = 100_000     # rows a query may return before it is stopped

    def edit_url(self, record_path: str) -> str:
        """Link to a record's file in the repository, or '' when no repository is configured."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{record_path}"


# A link: http(s), a host, an optional port and a path/query without spaces, quotes or brackets.
_HTTP_URL = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
                       r"(?:[/?#][A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?")
_PATH = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*/?")
_TEXT_MAX = 200


def _url(value: str) -> str | None:
    return None if _HTTP_URL.fullmatch(value) and "'" not in value else \
        "must be an http:// or https:// URL without spaces or quotes"


def _base_iri(value: str) -> str | None:
    if _url(value) or not value.endswith(("/", "#")) or "?" in value:
        return "must be an absolute http(s) IRI ending in '/' or '#', without spaces, e.g. https://plan.example.org/id/"
    return None


def _edit_uri(value: str) -> str | None:
    if not _PATH.fullmatch(value) or ".." in value.split("/"):
        return "must be a relative path such as edit/main/ (letters, digits, '.', '-', '_' and '/')"
    return None


def _text(value: str) -> str | None:
    if len(value) > _TEXT_MAX:
        return f"is {len(value):,} characters; the limit is {_TEXT_MAX}"
    if "\n" in value.strip():
        return "must be one line"
    problem = markup_problem(value, plain=True)
    return f"contains {problem[0]} ({problem[1]})" if problem else None


def _seconds(value: str) -> str | None:
    return None if re.fullmatch(r"[0-9]{1,5}(\.[0-9]{1,3})?", value) and float(value) > 0 else \
        "must be a number of seconds greater than 0, e.g. 30"


def _count(value: str) -> str | None:
    return None if re.fullmatch(r"[1-9][0-9]{0,8}", value) else "must be a whole number greater than 0"


# setting → (check, may it be empty)
CHECKS = {"base_iri": (_base_iri, False), "site_name": (_text, False), "site_url": (_url, True),
          "repo_url": (_url, True), "edit_uri": (_edit_uri, False), "licence": (_text, False),
          "licence_url": (_url, False), "query_timeout": (_seconds, False), "query_max_rows": (_count, False)}
KEYS = set(CHECKS)
_CONVERT = {"query_timeout": float, "query_max_rows": int}


def load_config(graph_dir: Path) -> Config:
    path = Path(graph_dir) / "planatlas.yaml"
    if not path.exists() and not path.is_symlink():
        return Config()
    if path.is_symlink():
        raise ConfigError(f"{path}:1:1: error[symlink] the settings file is a symlink; "
                          "keep graph/planatlas.yaml a plain file")
    try:
        tree, diags = read_yaml(path, str(path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings: {exc.strerror or exc}") from None
    if diags or tree is None:
        raise ConfigError("; ".join(d.format() for d in diags) or f"{path}: empty settings file")
    if not isinstance(tree, YMap):
        raise ConfigError(f"{path}:{tree.pos.line}:{tree.pos.col}: error[settings] settings must be a "
                          "mapping of 'name: value' lines")
    values: dict[str, object] = {}
    for key in tree.order:
        node, kpos = tree.items[key], tree.keys[key]
        where = f"{path}:{kpos.line}:{kpos.col}"
        if key not in CHECKS:
            raise ConfigError(f"{where}: error[unknown-setting] unknown setting '{key}'; "
                              f"allowed: {', '.join(sorted(KEYS))}")
        vpos = node.pos
        at = f"{path}:{vpos.line}:{vpos.col}"
        if not isinstance(node, YScalar):
            raise ConfigError(f"{at}: error[bad-setting] '{key}' must be text, not a "
                              f"{'list' if not isinstance(node, YMap) else 'mapping'}")
        check, may_be_empty = CHECKS[key]
        text = node.text.strip() if node.plain else node.text
        if not text:
            if may_be_empty:
                values[key] = ""
                continue
            raise ConfigError(f"{at}: error[bad-setting] '{key}' has no value")
        problem = check(text)
        if problem:
            raise ConfigError(f"{at}: error[bad-setting] '{key}' {problem}; got {text[:80]!r}")
        values[key] = _CONVERT.get(key, str)(text)
    return Config(**values)  # type: ignore[arg-type]
