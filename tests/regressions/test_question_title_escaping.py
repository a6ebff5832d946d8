"""Answered questions: '# title:' and '# description:' from .rq files never reach a page as markup."""
from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from helpers import link_project, small_graph
from planatlas.cli import main
from planatlas.pipeline import CannotRun
from planatlas.sitegen.querypages import Question, load_questions, query_page, questions_index

HOSTILE = ["<img src=x onerror=alert(1)>", "</title><script>alert(1)</script>", "[x](javascript:alert(1))",
           "{{ config }}", '"]-->x', "a `code` **b**"]


def write_rq(graph, name: str, title: str, description: str = "What it asks.", body: str = "SELECT * {}") -> None:
    (graph / "queries").mkdir(exist_ok=True)
    (graph / "queries" / f"{name}.rq").write_text(f"# title: {title}\n# description: {description}\n{body}\n",
                                                  encoding="utf-8")


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("field", ["title", "description"])
def test_markup_in_a_question_header_is_refused_naming_file_and_line(tmp_path, text, field):
    graph = small_graph(tmp_path)
    write_rq(graph, "q", text if field == "title" else "A question",
             text if field == "description" else "What it asks.")
    with pytest.raises(CannotRun) as err:
        load_questions(graph / "queries")
    line = 1 if field == "title" else 2
    assert str(err.value).startswith(f"{graph / 'queries' / 'q.rq'}:{line}:1: error[markup-in-text] "
                                     f"'# {field}:' contains ")


def test_control_characters_in_a_header_are_refused(tmp_path):
    graph = small_graph(tmp_path)
    write_rq(graph, "q", "A \u202equestion")
    with pytest.raises(CannotRun, match="invisible character U\\+202E"):
        load_questions(graph / "queries")


def test_build_refuses_the_question_with_exit_1(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    write_rq(graph, "q", "<img src=x onerror=alert(1)>")
    monkeypatch.chdir(link_project(tmp_path))   # a project: mkdocs.yml, site_src/, node_modules/
    result = CliRunner().invoke(main, ["build", "--no-mkdocs", "-s"])
    assert result.exit_code == 1, result.output
    assert result.output == ("Error: the graph has 1 error(s); run 'planatlas validate' for details\n"
                             "graph/queries/q.rq:1:1: error[markup-in-text] '# title:' contains HTML markup (records "
                             "hold plain text; remove the '<...>' tag; it is shown on the site as plain text)\n")


@pytest.mark.parametrize("text", HOSTILE)
def test_pages_escape_a_question_that_bypassed_the_check(text):
    """Defence in depth: a Question made directly (no loader) still lands on pages as text."""
    q = Question("q", text, text, "SELECT * {}")
    index = questions_index([q], {"q": 0})
    front = yaml.safe_load(index.split("---")[1])
    page = query_page([q])
    for out in (index, page):
        assert "<img" not in out and "<script>alert" not in out and "</title>" not in out
        assert 'href="javascript' not in out
    assert "(javascript:" not in index   # a Markdown link target in the index table
    row = next(line for line in index.splitlines() if "(q.md)" in line)
    assert re.fullmatch(r"\| \[([A-Za-z0-9 ,.;?/'\-]|&#\d+;)*\]\(q\.md\) \| 0 \|", row), row
    # the front-matter title of a question page is HTML-escaped text (the theme prints titles raw)
    from planatlas.sitegen.querypages import _front
    title = yaml.safe_load("\n".join(_front(text)[1:2]))["title"]
    assert "<" not in title and ">" not in title
    assert re.sub(r"&(lt|gt|amp|quot|#x27);", "", title).count("&") == 0
    assert front["title"] == "Answered questions"
