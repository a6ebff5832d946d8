"""validate checks the answered questions' files, every problem at once, as the build will use them.

Bug: `validate` said "valid" for a graph whose question files the build then refused one per run
("needs a slug file name and '# title:' and '# description:' header lines", for any of the three),
so a pull request's check never named them; a folder named like a question was "Error: Is a
directory", and a question named `index` would have replaced the list of questions."""
from __future__ import annotations

from click.testing import CliRunner

from helpers import link_project, small_graph
from planatlas.cli import main

FILES = {
    "My Query.rq": "# title: Spaces\n# description: D\nASK { ?s ?p ?o }\n",
    "bare.rq": "ASK { ?s ?p ?o }\n",
    "notitle.rq": "# description: no title\nASK { ?s ?p ?o }\n",
    "index.rq": "# title: Index\n# description: D\nASK { ?s ?p ?o }\n",
    "bad-prefix.rq": "# title: Bad\n# description: D\nSELECT * WHERE { ?s nope:p ?o }\n",
    "svc.rq": "# title: Svc\n# description: D\nSELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }\n",
    "markup.rq": "# title: <b>x</b>\n# description: D\nASK {}\n",
    "fine.rq": "# title: Fine\n# description: A good one.\nASK { ?s ?p ?o }\n",
}
EXPECTED = [
    "graph/queries/My Query.rq:1:1: error[file-name] 'My Query' is not a valid question name (rename the file to "
    "my-query.rq: lower-case letters, digits and '-')",
    "graph/queries/bad-prefix.rq:3:21: error[sparql] unknown prefix 'nope:'",
    "graph/queries/bare.rq:1:1: error[question-header] no '# description:' line",
    "graph/queries/bare.rq:1:1: error[question-header] no '# title:' line",
    "graph/queries/index.rq:1:1: error[reserved-id] 'index' is reserved for the list of questions",
    "graph/queries/markup.rq:1:1: error[markup-in-text] '# title:' contains HTML markup",
    "graph/queries/notitle.rq:1:1: error[question-header] no '# title:' line",
    "graph/queries/sub.rq:1:1: error[question-file] 'sub.rq' is a folder, not a question file",
    "graph/queries/svc.rq:1:1: error[sparql] SERVICE is not allowed",
]


def project(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "queries").mkdir()
    for name, text in FILES.items():
        (graph / "queries" / name).write_text(text, encoding="utf-8")
    (graph / "queries" / "sub.rq").mkdir()
    return link_project(tmp_path)


def test_validate_names_every_problem_of_every_question_file(tmp_path, monkeypatch):
    monkeypatch.chdir(project(tmp_path))
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("graph/queries/")]
    assert len(lines) == len(EXPECTED), result.output
    for line, expected in zip(lines, EXPECTED):
        assert line.startswith(expected), (line, expected)
    assert "fine.rq" not in result.output
    github = CliRunner().invoke(main, ["validate", "--format", "github"])
    assert "::error file=graph/queries/bad-prefix.rq,line=3,col=21," in github.output


def test_the_build_stops_with_the_same_list(tmp_path, monkeypatch):
    monkeypatch.chdir(project(tmp_path))
    result = CliRunner().invoke(main, ["build", "--no-mkdocs", "-s"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: the graph has 9 error(s); run 'planatlas validate' for details\n")
    assert all(expected in result.output for expected in EXPECTED)
    assert not (tmp_path / "docs").exists()
