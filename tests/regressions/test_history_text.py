"""Text from git history (commit subjects, tag names) reaches the "What changed" pages as text only."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from mkdocs.utils.meta import get_data

from gitplan import commit, edit, git, plan_repo
from planatlas.sitegen import history
from planatlas.sitegen.mkdocs_site import mkdocs_config
from planatlas.pipeline import load

SUBJECT = "PAXSS <img src=x onerror=alert(1)> [x](javascript:alert(2)) {{ config }} </section><script>alert(3)</script>"


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text += data


def test_a_hostile_commit_subject_and_tag_are_shown_as_text(tmp_path):
    repo = plan_repo(tmp_path)
    edit(repo, "action/demo-a-5.yaml", "title: Publish the housing strategy", "title: Publish the strategy")
    commit(repo, SUBJECT)
    git(repo, "tag", "<b>PAXSS-tag</b>")
    ctx = load(repo / "graph", shacl=False)
    pages = history.history_pages(ctx)
    (tmp_path / "docs").mkdir()
    cfg = mkdocs_config(ctx, tmp_path / "docs", tmp_path / "site", [])
    md = markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])
    text = ""
    for source in pages.values():
        body, _meta = get_data(source)
        page = Elements()
        page.feed(md.reset().convert(body))
        for tag, attrs in page.found:
            assert tag not in ("img", "script", "b"), (tag, attrs)
            assert not any(k.startswith("on") for k in attrs), attrs
            assert not re.sub(r"\s", "", attrs.get("href", "")).lower().startswith("javascript:"), attrs
        text += page.text
    assert SUBJECT in text and "<b>PAXSS-tag</b>" in text
