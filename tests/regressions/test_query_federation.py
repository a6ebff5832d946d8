"""Queries have no network and no file access: SERVICE is refused unless asked for, LOAD always."""
from __future__ import annotations

import socket
import threading

import pytest
from click.testing import CliRunner

from helpers import link_project, small_graph
from planatlas.cli import main
from planatlas.query.sparql import QueryError, check_no_network


class Listener:
    """A loopback TCP port that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


FORMS = ["SELECT * WHERE {{ SERVICE <http://127.0.0.1:{p}/sparql> {{ ?s ?p ?o }} }}",
         "select * where {{ ?s ?p ?o .service silent <http://127.0.0.1:{p}/> {{ ?a ?b ?c }} }}",
         "SELECT * WHERE {{\n  # a comment\n  SeRvIcE\n<http://127.0.0.1:{p}/> {{ ?s ?p ?o }} }}",
         "SELECT * WHERE {{ BIND(<http://127.0.0.1:{p}/> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}"]


@pytest.mark.parametrize("form", FORMS)
def test_service_is_refused_with_exit_1_and_nothing_is_sent(tmp_path, listener, form):
    graph = small_graph(tmp_path)
    result = CliRunner().invoke(main, ["query", form.format(p=listener.port), "--graph", str(graph)])
    assert result.exit_code == 1
    assert result.output == ("Error: SERVICE is not allowed: queries run over the plan graph only, with no "
                             "network or file access (planatlas query --allow-service permits SERVICE)\n")
    assert listener.connections == 0


def test_allow_service_is_the_explicit_opt_in(tmp_path, listener):
    graph = small_graph(tmp_path)
    result = CliRunner().invoke(main, ["query", FORMS[0].format(p=listener.port), "--graph", str(graph),
                                       "--allow-service", "--timeout", "5"])
    assert result.exit_code == 1 and "Traceback" not in result.output   # the listener answers nothing
    assert listener.connections >= 1


@pytest.mark.parametrize("query", ["LOAD <file:///etc/passwd>", "LOAD <http://127.0.0.1:1/x> INTO GRAPH <urn:g>",
                                   "load<file:///etc/passwd>"])
def test_load_is_never_allowed(query):
    for allow in (False, True):
        with pytest.raises(QueryError, match="^LOAD is not allowed"):
            check_no_network(query, allow_service=allow)


@pytest.mark.parametrize("query", ["SELECT ?service WHERE { ?service ?p 'SERVICE' }",
                                   "SELECT * WHERE { ?s <http://x.org/SERVICE> ?o } # SERVICE <x>",
                                   "SELECT * WHERE { ?s ?p '''LOAD <file:///x>''' }",
                                   "PREFIX service: <http://x.org/> SELECT * WHERE { ?s service:load ?o }"])
def test_the_words_in_strings_iris_comments_and_names_are_no_false_alarm(query):
    check_no_network(query)


def test_an_answered_question_with_service_stops_the_build_naming_the_file(tmp_path, monkeypatch, listener):
    graph = small_graph(tmp_path)
    (graph / "queries").mkdir()
    (graph / "queries" / "fed.rq").write_text(
        "# title: Federated\n# description: Asks another server.\n"
        + FORMS[0].format(p=listener.port) + "\n", encoding="utf-8")
    monkeypatch.chdir(link_project(tmp_path))   # a project: mkdocs.yml, site_src/, node_modules/
    result = CliRunner().invoke(main, ["build", "--no-mkdocs", "-s"])
    assert result.exit_code == 1
    assert "graph/queries/fed.rq:1:1: error[sparql] SERVICE is not allowed" in result.output, result.output
    assert listener.connections == 0


def test_rdflib_engine_never_loads_from_graphs(tmp_path):
    """rdflib would fetch FROM <url> (SPARQL_LOAD_GRAPHS); the engine turns that off."""
    from planatlas.pipeline import load
    from planatlas.graph.dataset import engine_for
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:a> <urn:b> 'SECRET' .\n", encoding="utf-8")
    ctx = load(small_graph(tmp_path), shacl=False)
    result = engine_for(ctx, "rdflib").run(f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert all(row.get("o") is None or row["o"].value != "SECRET" for row in result.rows)
