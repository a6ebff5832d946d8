"""The project a command runs in: where `mkdocs.yml`, `site_src/`, `node_modules/` and `graph/` are.

Why: the package must read the checkout it runs in (the current folder, or `--project DIR`),
never the one it was installed from (`parents[2]` of the package): otherwise a second checkout
silently builds with the first one's theme, pages and settings.  Templates are part of the
package (code), so they are read from the package.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"


@dataclass(frozen=True)
class Project:
    """A project folder: the repository root of a plan (holds mkdocs.yml, graph/, site_src/)."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> "Project":
        """The project in `root`, or in the current folder."""
        return cls(Path(root if root is not None else Path.cwd()).resolve())

    def path(self, rel: Path | str) -> Path:
        """rel under the project root.  An absolute path is returned as given, and a relative one too
        when the project is the current folder, so messages name files as the editor typed them."""
        p = Path(rel)
        if p.is_absolute() or self.root == Path.cwd().resolve():
            return p
        return self.root / p

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_src(self) -> Path:
        return self.root / "site_src"

    @property
    def node_modules(self) -> Path:
        return self.root / "node_modules"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".planatlas" / "cache"
