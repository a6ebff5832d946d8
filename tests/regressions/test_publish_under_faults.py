"""Publishing under faults (Virtuoso): the server dies in the middle of `publish`; after a restart
readers still see the whole previous graph, and publish said what happened (exit 2, one line).

`publish` loads into a staging graph and replaces the published graph with one MOVE at the end,
so a failure before the MOVE leaves the previous version untouched.  The server is killed
(SIGKILL: no clean shutdown) from the progress callback right after the first chunk is stored,
which makes the fault land at the same point every run.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from helpers import REPO, small_graph
from planatlas.graph import dataset
from planatlas.query import sparql
from planatlas.pipeline import load
from planatlas.query.publishing import EndpointEngine, PublishError, publish_graph
from test_publish_virtuoso import INI, START_SECONDS, VIRTUOSO, answers, free_port

pytestmark = pytest.mark.virtuoso
GRAPH = "https://example.org/test/faults"


class Virtuoso:
    """One Virtuoso database folder that can be killed and started again on the same ports."""

    def __init__(self, folder: Path) -> None:
        self.dir = folder
        self.http = free_port()
        (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=free_port(), http=self.http), encoding="utf-8")
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.http}"

    def start(self) -> None:
        with open(self.dir / "stdout.log", "ab") as log:
            self.proc = subprocess.Popen([VIRTUOSO, "-f", "-c", str(self.dir / "virtuoso.ini")], cwd=self.dir,
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_SECONDS
        while not answers(f"{self.base}/sparql"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                pytest.fail("Virtuoso did not start:\n" + (self.dir / "virtuoso.log").read_text(errors="replace")[-2000:])
            time.sleep(0.5)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=60)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def server(tmp_path_factory):
    if not VIRTUOSO:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("virtuoso-t is not installed: run 'make deps-system'")
        pytest.skip("virtuoso-t is not installed")
    s = Virtuoso(tmp_path_factory.mktemp("virtuoso-faults"))
    s.start()
    yield s
    s.stop()


def count(base: str) -> int:
    result = EndpointEngine(f"{base}/sparql", graph_iri=GRAPH).run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(result.rows[0]["n"].value)


def test_server_killed_mid_publish_leaves_the_previous_graph_whole(server, tmp_path):
    first = load(small_graph(tmp_path), shacl=False)
    publish_graph(first, f"{server.base}/sparql-auth", GRAPH, "dba", "dba")
    before = count(server.base)
    assert before == len(dataset.dataset_graph(first))

    shipped = load(REPO / "graph", shacl=False)     # thousands of triples: many INSERT DATA chunks
    seen: list[str] = []

    def progress(message: str) -> None:
        seen.append(message)
        if message.startswith("INSERT DATA:") and len([m for m in seen if m.startswith("INSERT DATA:")]) == 1:
            server.kill()                             # the fault: no clean shutdown, mid-load

    with pytest.raises(PublishError) as err:
        publish_graph(shipped, f"{server.base}/sparql-auth", GRAPH, "dba", "dba", progress=progress)
    assert str(err.value).startswith("cannot reach "), err.value
    assert not any(m.startswith("MOVE") for m in seen)

    server.start()                                    # the server comes back (log replayed)
    assert count(server.base) == before               # readers see the whole previous version
    still = EndpointEngine(f"{server.base}/sparql", graph_iri=GRAPH).run(
        "ASK { ?p dcterms:identifier 'test-plan' }")
    assert still.boolean is True
    newer = EndpointEngine(f"{server.base}/sparql", graph_iri=GRAPH).run(
        "ASK { ?p dcterms:identifier 'jfp-2023' }")
    assert newer.boolean is False                     # nothing of the half-sent version is visible

    publish_graph(shipped, f"{server.base}/sparql-auth", GRAPH, "dba", "dba")   # and a retry succeeds
    assert count(server.base) == len(dataset.dataset_graph(shipped))
