"""MkDocs' pages were all held in memory at once (1,673 MB for 21,702 pages, issue 14): the build
now keeps each page's HTML on disk between MkDocs' two passes (`mkdocs_site.PageStash`).  The site
must be exactly what MkDocs makes without it: titles in the navigation, search index, sitemap."""
from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build

from planatlas.pipeline import load
from planatlas.sitegen.build import STAGING, build_site, navigation
from planatlas.sitegen.mkdocs_site import STASH, mkdocs_config
from planatlas.sitegen.outfolders import MARKER

from conftest import FIXTURES, REPO


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_stash_changes_no_byte_of_what_mkdocs_makes(fixture_site: Path, tmp_path: Path) -> None:
    docs = fixture_site.parent / "docs"
    ctx = load(FIXTURES / "sitegraph", root=REPO, shacl=False)     # the footer's dates come from the records
    nav = navigation([p.relative_to(docs).as_posix() for p in docs.rglob("*.md")])
    plain = tmp_path / "plain"
    mkdocs_build(mkdocs_config(ctx, docs, plain, nav), dirty=False)       # MkDocs alone, no stash
    made = files_of(plain)
    assert len([p for p in made if p.endswith(".html")]) > 50
    published = files_of(fixture_site)
    differ = [rel for rel, data in made.items() if published.get(rel) != data]
    assert differ == []
    assert [p for p in published if p.startswith(".")] == [MARKER]  # the stash and staging are gone


@pytest.mark.parametrize("name", [STASH, STAGING])
def test_a_link_in_place_of_a_scratch_folder_is_never_written_through(tmp_path: Path, name: str) -> None:
    """site/ is the build's own: a file or a link named like its scratch folders is removed, never
    followed (the staging folder's files went through such a link, outside site/)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / MARKER).write_text("a build's folder\n", encoding="utf-8")     # an earlier build's
    (site / name).symlink_to(outside, target_is_directory=True)
    build_site(FIXTURES / "sitegraph", tmp_path / "docs", site, root=REPO)
    assert list(outside.iterdir()) == []
    assert not (site / name).exists() and not (site / name).is_symlink()
    assert (site / "index.html").is_file() and (site / "data" / "planatlas.nt").is_file()
