"""An endpoint URL is checked before any request, and a password in it is never printed.

Bug: `--endpoint http://user:secret@host/sparql` printed the password in its error ("cannot reach
http://user:secret@...", and so in CI logs), and urllib could not even use it (it read the host as
'user:secret@host'); a malformed IPv6 host was "internal error (ValueError)"."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main

CREDENTIALS = "Error: the endpoint 'http://***@127.0.0.1:1/sparql' holds a user name or password: give them " \
              "with --user and --password (or $PLANATLAS_USER and $PLANATLAS_PASSWORD), never in the URL\n"


def bad(url: str) -> str:
    return f"Error: endpoint must be an http(s) URL such as http://127.0.0.1:8890/sparql, got '{url}'\n"


CASES = [
    ("http://user:s3cret@127.0.0.1:1/sparql", CREDENTIALS),
    ("http://:s3cret@127.0.0.1:1/sparql", CREDENTIALS),
    ("ftp://u:s3cret@x/", bad("ftp://***@x/")),
    ("http://u:s3cret@[::1/sparql", bad("http://***@[::1/sparql")),
    ("http://[::1/sparql", bad("http://[::1/sparql")),
    ("http://127.0.0.1:99999/sparql", bad("http://127.0.0.1:99999/sparql")),
    ("http:///sparql", bad("http:///sparql")),
    ("http://127.0.0.1:1/sp\narql", bad("http://127.0.0.1:1/sp\\x0aarql")),
]


@pytest.mark.parametrize("command", ["query", "publish"])
@pytest.mark.parametrize("url,message", CASES, ids=[u for u, _ in CASES])
def test_endpoint_urls_are_checked_and_secrets_not_printed(tmp_path, monkeypatch, command, url, message):
    graph = small_graph(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = (["query", "ASK { ?s ?p ?o }", "--graph", str(graph)] if command == "query"
            else ["publish", str(graph), "-s"]) + ["--endpoint", url]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.output == message
    assert "s3cret" not in result.output
