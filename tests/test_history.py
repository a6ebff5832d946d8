"""The "What changed" pages and each record's last-changed line, from a temporary git repository."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import build_into
from gitplan import FIXTURE, commit, edit, git, plan_repo, reviewer_change
from planatlas.sitegen import history
from planatlas.pipeline import load


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Three versions of the fixture plan: the import, the reviewer change (tagged v2), a longer horizon."""
    repo = plan_repo(tmp_path_factory.mktemp("history"))
    reviewer_change(repo)
    commit(repo, "Move housing adaptations, retarget smoking, drop the delivery plan action",
           date="2024-02-01T12:00:00Z")
    git(repo, "tag", "v2")
    (repo / "README.md").write_text("not the plan\n")
    commit(repo, "A change outside graph/", date="2024-02-15T12:00:00Z")
    (repo / "graph" / "README.md").write_text("Notes on the graph, not a record.\n")
    commit(repo, "Notes beside the records", date="2024-02-20T12:00:00Z")
    edit(repo, "action/demo-a-5.yaml", "title: Publish the housing strategy",
         "title: Publish the housing strategy & plan")
    commit(repo, "Retitle the housing strategy action", date="2024-03-05T12:00:00Z")
    return repo


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setattr(history, "PER_PAGE", 2)  # three commits over two pages: the pager is built and linked
    try:
        yield build_into(repo / "graph", tmp_path_factory.mktemp("history-site"))
    finally:
        patch.undo()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_changes_newest_first_in_words(site):
    page = (site / "what-changed" / "index.html").read_text(encoding="utf-8")
    words = text(page)
    # headed by what the change does to the plan, then the editor's message
    assert words.index("5 March 2024: 1 action changed “Retitle the housing strategy action”") < \
        words.index("20 February 2024: no record changed (changed: README.md). Commit ")
    assert "“Notes beside the records”" in words
    assert '<p class="pa-change-quiet" id="c-' in page and page.count("<h2") == page.count('class="pa-change"') == 1
    assert "A change outside graph/" not in words
    assert "title: “Publish the housing strategy” → “Publish the housing strategy &amp; plan”" in words
    assert '<a href="../what-changed/2/">Older changes</a>' in page


def test_second_page_and_first_commit(site):
    page = (site / "what-changed" / "2" / "index.html").read_text(encoding="utf-8")
    words = text(page)
    assert re.search(r"1 February 2024: [^“]*1 action moved", words) and "“Move housing adaptations" in words
    assert re.search(r"10 January 2024: \d+ [a-z]+ added", words) and "“The fixture plan" in words
    assert "moved from objective “Improve housing and health” to objective “Deliver effective maternity services”" \
        in words
    assert "target for 2025-03 (national): 6% → 5%" in words
    assert '<span class="pa-badge">v2</span>' in page
    assert '<a href="../../actions/demo-a-4/">' in page  # records that still exist are linked
    assert re.search(r"\d+ actions added", words)
    assert '<a href="../../what-changed/">Newer changes</a>' in page


def test_record_page_says_when_it_last_changed(site, repo):
    sha = git(repo, "rev-list", "-1", "v2").strip()
    page = (site / "actions" / "demo-a-4" / "index.html").read_text(encoding="utf-8")
    assert f'Last changed <a href="../../what-changed/2/#c-{sha[:12]}">1 February 2024</a>' in page
    assert ('<a href="https://github.com/kent-medway/planatlas/commits/HEAD/graph/data/action/demo-a-4.yaml" '
            'rel="nofollow">history of this record</a>') in page
    page = (site / "actions" / "demo-a-5" / "index.html").read_text(encoding="utf-8")
    assert 'Last changed <a href="../../what-changed/#c-' in page and "5 March 2024" in page


def test_git_is_called_a_fixed_number_of_times(repo, monkeypatch):
    calls = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda args, *a, **k: calls.append(args[0]) or real(args, *a, **k))
    ctx = load(repo / "graph", shacl=False)
    history.history_pages(ctx)
    for r in ctx.records:
        history.record_changed(ctx, r, "../../")
    assert calls == ["rev-parse", "log", "cat-file"]


def test_without_git_history_the_page_says_so(tmp_path):
    graph = tmp_path / "tarball" / "graph"
    shutil.copytree(FIXTURE, graph)
    ctx = load(graph, shacl=False)
    (page,) = history.history_pages(ctx).values()
    assert "No history to show:</strong> the site was built from a copy of the plan without its git history" in page
    assert history.record_changed(ctx, next(iter(ctx.records)), "../../") == ""


def test_without_git_installed_the_page_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    ctx = load(FIXTURE, shacl=False)
    (page,) = history.history_pages(ctx).values()
    assert "git is not installed where the site was built" in page


def test_each_old_file_version_is_parsed_once_and_todays_not_at_all(repo, monkeypatch):
    """27 files imported, 6 of them changed since: only those 6 old versions are parsed."""
    calls = []
    real = history._parse
    monkeypatch.setattr(history, "_parse", lambda blob, path, tmp: calls.append(path) or real(blob, path, tmp))
    ctx = load(repo / "graph", shacl=False)
    history.history_pages(ctx)
    assert sorted(Path(p).stem for p in calls) == ["demo-a-1", "demo-a-2", "demo-a-3", "demo-a-4", "demo-a-5",
                                                    "demo-m-smoking"]
