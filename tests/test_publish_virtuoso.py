"""`planatlas publish` and `query --endpoint` against a real Virtuoso Open Source on loopback.

The test starts its own server in a temporary folder with its own ini and free ports, and stops
it afterwards.  Under CI (CI=true) a missing virtuoso-t is a failure, not a skip; locally the
test skips.  Rows are compared order-insensitively with numbers compared by value, because
Virtuoso writes some numbers differently (sparql.normalise_term documents the normalisation).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import REPO, small_graph
from planatlas.graph import dataset
from planatlas.query import sparql
from planatlas.cli import main
from planatlas.pipeline import load
from planatlas.query.publishing import EndpointEngine, dataset_iri
from planatlas.sitegen.querypages import load_questions

pytestmark = pytest.mark.virtuoso
VIRTUOSO = shutil.which("virtuoso-t")
QUESTIONS = load_questions(REPO / "graph" / "queries")
START_SECONDS = 180

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxQueryMem = 200M
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 8
ServerThreads = 8
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=5) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso on 127.0.0.1 with free ports; yields its HTTP base URL."""
    if not VIRTUOSO:
        message = "virtuoso-t is not installed: run 'make deps-system' (Debian package virtuoso-opensource)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    d = tmp_path_factory.mktemp("virtuoso")
    http = free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=free_port(), http=http), encoding="utf-8")
    log = open(d / "stdout.log", "wb")
    proc = subprocess.Popen([VIRTUOSO, "-f", "-c", str(d / "virtuoso.ini")], cwd=d, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + START_SECONDS
    while not answers(f"{base}/sparql"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            tail = (d / "virtuoso.log").read_text(errors="replace")[-2000:] if (d / "virtuoso.log").exists() else ""
            pytest.fail(f"Virtuoso did not start (exit {proc.poll()}):\n{tail}")
        time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)
    log.close()


def publish(graph_dir: Path, endpoint: str, *extra: str):
    return CliRunner().invoke(main, ["publish", str(graph_dir), "--endpoint", endpoint, "--silent",
                                     "--user", "dba", "--password", "dba", *extra])


def count(base: str, graph: str) -> int:
    result = EndpointEngine(f"{base}/sparql", graph_iri=graph).run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(result.rows[0]["n"].value)


@pytest.fixture(scope="module")
def published(virtuoso, shipped):
    """The shipped graph loaded by SPARQL Update (staging graph + MOVE) through /sparql-auth."""
    result = publish(REPO / "graph", f"{virtuoso}/sparql-auth")
    assert result.exit_code == 0, result.output
    assert "by SPARQL Update" in result.output
    return virtuoso


def test_server_holds_exactly_the_dataset(published, shipped):
    assert count(published, dataset_iri(shipped.config.base_iri)) == len(dataset.dataset_graph(shipped))


# Virtuoso 7.2 (Debian's virtuoso-opensource) drops rows when a transitive path (skos:broader+,
# org:unitOf+) is joined with an aggregate subquery; these questions need both. Measured: 1 row of
# 49, and 37 of 43 after the role path is written with VALUES. Strict: a Virtuoso that answers
# them right fails this mark, so it is removed then.
VIRTUOSO_72_WRONG = {"members-of-two-partnerships-at-once", "organisations-in-several-partnerships"}


def question_params():
    return [pytest.param(q, id=q.name, marks=pytest.mark.xfail(
        strict=True, reason="Virtuoso 7.2 drops rows: transitive path joined with an aggregate subquery"))
        if q.name in VIRTUOSO_72_WRONG else pytest.param(q, id=q.name) for q in QUESTIONS]


@pytest.mark.parametrize("q", question_params())
def test_every_answered_question_gives_the_same_rows_from_the_server(published, shipped, q):
    local = dataset.engine_for(shipped).run(q.query)
    remote = EndpointEngine(f"{published}/sparql", shipped.config.base_iri).run(q.query)
    assert remote.vars == local.vars
    assert sparql.comparable(remote) == sparql.comparable(local)


def test_query_command_with_endpoint_matches_local(published):
    rq = str(REPO / "graph" / "queries" / "what-each-ccg-became.rq")
    local = CliRunner().invoke(main, ["query", rq, "--format", "csv"])
    remote = CliRunner().invoke(main, ["query", rq, "--format", "csv", "--endpoint", f"{published}/sparql"])
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())


def test_graph_store_protocol_replaces_the_previous_version(virtuoso, tmp_path):
    graph = "https://example.org/test/replace"
    g = small_graph(tmp_path)
    result = publish(g, f"{virtuoso}/sparql-graph-crud-auth", "--graph-iri", graph)
    assert result.exit_code == 0, result.output
    assert "Graph Store Protocol" in result.output
    first = len(dataset.dataset_graph(load(g, shacl=False)))
    assert count(virtuoso, graph) == first
    (g / "data" / "metric" / "test-metric.yaml").unlink()
    result = publish(g, f"{virtuoso}/sparql-graph-crud-auth", "--graph-iri", graph)
    assert result.exit_code == 0, result.output
    second = len(dataset.dataset_graph(load(g, shacl=False)))
    assert second < first and count(virtuoso, graph) == second
    gone = EndpointEngine(f"{virtuoso}/sparql", graph_iri=graph).run(
        "ASK { ?m dcterms:identifier 'test-metric' }")
    assert gone.boolean is False


def test_update_republish_replaces_too(virtuoso, tmp_path):
    graph = "https://example.org/test/update-replace"
    g = small_graph(tmp_path)
    assert publish(g, f"{virtuoso}/sparql-auth", "--graph-iri", graph).exit_code == 0
    (g / "data" / "action" / "test-action-1.yaml").unlink()
    assert publish(g, f"{virtuoso}/sparql-auth", "--graph-iri", graph).exit_code == 0
    assert count(virtuoso, graph) == len(dataset.dataset_graph(load(g, shacl=False)))
    # No staging graph is left behind (asked over the whole store, not just the published graph).
    body = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).encode()
    req = urllib.request.Request(f"{virtuoso}/sparql", data=body, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        graphs = resp.read().decode()
    assert graph in graphs and "urn:planatlas:staging:" not in graphs


def test_wrong_password_exits_2(virtuoso, tmp_path):
    result = CliRunner().invoke(main, ["publish", str(small_graph(tmp_path)), "--endpoint",
                                       f"{virtuoso}/sparql-auth", "--user", "dba", "--password", "wrong",
                                       "--silent"])
    assert result.exit_code == 2
    assert "credentials" in result.output
