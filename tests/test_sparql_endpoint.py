"""publish and query --endpoint against a small SPARQL 1.1 server laid out like Oxigraph server's
(/query, /update, /store) and backed by pyoxigraph, on loopback: the protocol paths without Virtuoso."""
from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.graph import dataset
from planatlas.query import sparql
from planatlas.cli import main
from planatlas.pipeline import load
from planatlas.query.publishing import EndpointEngine, dataset_iri


class Handler(http.server.BaseHTTPRequestHandler):
    """/query (query), /update (update), /store?graph= (Graph Store PUT); anything else 405."""

    def __init__(self, store: ox.Store, log: list, *args, **kwargs) -> None:
        self.store, self.log = store, log
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def _answer(self, status: int, body: bytes = b"", ctype: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        url = urllib.parse.urlsplit(self.path)
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.log.append(("POST", url.path, sorted(form)))
        try:
            if url.path == "/query" and "query" in form:
                graphs = [ox.NamedNode(g) for g in form.get("default-graph-uri", [])]
                result = self.store.query(form["query"][0], default_graph=graphs or None)
                body = result.serialize(format=ox.QueryResultsFormat.JSON)
                return self._answer(200, body, "application/sparql-results+json")
            if url.path == "/update" and "update" in form:
                self.store.update(form["update"][0])
                return self._answer(204)
        except SyntaxError as exc:
            return self._answer(400, str(exc).encode())
        self._answer(400 if url.path in ("/query", "/update") else 405)

    def do_PUT(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        self.log.append(("PUT", url.path, []))
        if url.path != "/store":
            return self._answer(405)
        graph = ox.NamedNode(urllib.parse.parse_qs(url.query)["graph"][0])
        data = self.rfile.read(int(self.headers["Content-Length"]))
        self.store.clear_graph(graph)
        self.store.load(data, format=ox.RdfFormat.TURTLE, to_graph=graph)
        self._answer(204)


@pytest.fixture
def server():
    store, log = ox.Store(), []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, store, log))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", store, log
    httpd.shutdown()
    httpd.server_close()


def publish(graph_dir, endpoint, *extra):
    return CliRunner().invoke(main, ["publish", str(graph_dir), "--endpoint", endpoint, "--silent", *extra])


def graph_size(store: ox.Store, graph: str) -> int:
    return len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def test_graph_store_put_replaces_the_graph(server, tmp_path):
    url, store, log = server
    g = small_graph(tmp_path)
    ctx = load(g, shacl=False)
    result = publish(g, f"{url}/store")
    assert result.exit_code == 0, result.output
    assert "Graph Store Protocol PUT" in result.output
    assert graph_size(store, dataset_iri()) == len(dataset.dataset_graph(ctx))
    (g / "data" / "action" / "test-action-1.yaml").unlink()
    assert publish(g, f"{url}/store").exit_code == 0
    assert graph_size(store, dataset_iri()) == len(dataset.dataset_graph(load(g, shacl=False)))
    assert ("PUT", "/store", []) in log


def test_update_only_endpoint_gets_staging_then_move(server, tmp_path):
    url, store, log = server
    g = small_graph(tmp_path)
    result = publish(g, f"{url}/update", "--graph-iri", "https://example.org/g")
    assert result.exit_code == 0, result.output
    assert "SPARQL Update" in result.output
    assert graph_size(store, "https://example.org/g") == len(dataset.dataset_graph(load(g, shacl=False)))
    assert [str(n.value) for n in store.named_graphs()] == ["https://example.org/g"]   # staging gone
    assert log[0] == ("POST", "/update", ["query"])     # the probe: not a query endpoint
    assert log[1] == ("PUT", "/update", [])             # no Graph Store here (405)


def test_query_endpoint_reads_the_published_graph_only(server, tmp_path):
    url, store, _log = server
    g = small_graph(tmp_path)
    assert publish(g, f"{url}/store").exit_code == 0
    store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("other"), ox.NamedNode("urn:g")))
    q = "SELECT ?id WHERE { ?p a pa:Plan ; dcterms:identifier ?id }"
    remote = EndpointEngine(f"{url}/query").run(q)
    assert [r["id"].value for r in remote.rows] == ["test-plan"]
    out = CliRunner().invoke(main, ["query", q, "--endpoint", f"{url}/query", "--format", "csv"])
    assert out.exit_code == 0 and out.output.splitlines() == ["id", "test-plan"]
    other = EndpointEngine(f"{url}/query?default-graph-uri=urn:g").run("SELECT ?o WHERE { ?s ?p ?o }")
    assert [r["o"].value for r in other.rows] == ["other"]
