"""Project settings, read from graph/planatlas.yaml with the same strict loader as records."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .namespaces import DEFAULT_BASE
from .yamlstrict import plain_python, read_yaml


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

    def edit_url(self, record_path: str) -> str:
        """Link to a record's file in the repository, or '' when no repository is configured."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{record_path}"


KEYS = {"base_iri", "site_name", "site_url", "repo_url", "edit_uri", "licence", "licence_url"}


def load_config(graph_dir: Path) -> Config:
    path = graph_dir / "planatlas.yaml"
    if not path.exists():
        return Config()
    tree, diags = read_yaml(path, str(path))
    if diags or tree is None:
        raise ConfigError("; ".join(d.format() for d in diags) or f"{path}: empty settings file")
    data = plain_python(tree)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: settings must be a mapping")
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"allowed: {', '.join(sorted(KEYS))}")
    base = data.get("base_iri", DEFAULT_BASE)
    if not (base.startswith("https://") or base.startswith("http://")) or not base.endswith("/"):
        raise ConfigError(f"{path}: base_iri must be an http(s) IRI ending in '/', got {base!r}")
    return Config(**data)
