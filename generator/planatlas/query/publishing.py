"""`planatlas publish` and `query --endpoint`: the graph on any SPARQL 1.1 server.

Why two protocols: the Graph Store HTTP Protocol replaces a graph in one PUT (one transaction
on Fuseki and Oxigraph), but a server may not offer it at the URL given; SPARQL 1.1 Update is
universal, so then the graph is loaded into a staging graph in chunks and MOVEd over the old
one in a single operation.  Only the standard library speaks HTTP here (Basic and Digest auth).
"""
from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from planatlas.reading.config import ConfigError, load_config
from planatlas.diagnostics import printable
from planatlas.errors import CannotRun, PublishError, QueryError
from planatlas.graph.exporting import serialise
from planatlas.namespaces import DEFAULT_BASE
from planatlas.pipeline import Context
from planatlas.query.sparql import Result, Term, _from_oxigraph, prolog_line, query_form, to_ntriple

CHUNK_TRIPLES = 1000          # triples per INSERT DATA; halved while a server refuses a chunk as too big
TIMEOUT_SECONDS = 300
_NO_GRAPH_STORE = (400, 404, 405, 406, 415, 501)   # a PUT refused: try SPARQL Update instead


def endpoint_base(graph_dir: Path) -> str:
    """The data base IRI from the graph folder's settings when it is there, else the default."""
    try:
        return load_config(Path(graph_dir)).base_iri if Path(graph_dir).is_dir() else DEFAULT_BASE
    except ConfigError:
        return DEFAULT_BASE


def dataset_iri(base: str = DEFAULT_BASE) -> str:
    """IRI of the dataset: the default named graph on a server, the subject of the VoID description."""
    return f"{base}dataset"


def shown_url(url: str) -> str:
    """The URL as messages may print it: a user name or password in it replaced by '***'."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if sep and "@" in host:
        url = f"{scheme}://***@{host.rpartition('@')[2]}{slash}{path}"
    return printable(url)


def check_endpoint(endpoint: str) -> None:
    """CannotRun unless endpoint is http(s)://host[:port]/path with no credentials in it: a password in
    the URL was printed in every error message (and so in CI logs), and urllib could not use it."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok \
            or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in endpoint):
        raise CannotRun(f"endpoint must be an http(s) URL such as http://127.0.0.1:8890/sparql, "
                        f"got '{shown_url(endpoint)}'")
    if "@" in parts.netloc:
        raise CannotRun(f"the endpoint '{shown_url(endpoint)}' holds a user name or password: give them with "
                        "--user and --password (or $PLANATLAS_USER and $PLANATLAS_PASSWORD), never in the URL")


class Http:
    """Small HTTP client for one endpoint, with optional Basic/Digest credentials."""

    def __init__(self, endpoint: str, user: str | None = None, password: str | None = None) -> None:
        check_endpoint(endpoint)
        self.endpoint = endpoint
        handlers: list = []
        self.basic = ""
        if user:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, endpoint, user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(mgr)]
            # Basic is sent up front: some servers answer 403, not 401, without credentials.
            self.basic = "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        """(status, body); HTTP errors are returned, unreachable servers raise CannotRun."""
        req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
        try:
            with self.opener.open(req, timeout=TIMEOUT_SECONDS) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 401 and self.basic and "Authorization" not in headers:
                return self.request(method, url, body, {**headers, "Authorization": self.basic})
            return exc.code, exc.read() or b""
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CannotRun(f"cannot reach {shown_url(self.endpoint)}: {reason}") from None

    def form(self, fields: dict[str, str | list[str]], accept: str) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(fields, doseq=True).encode("utf-8")
        return self.request("POST", self.endpoint, body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept})


def _with_param(url: str, key: str, value: str) -> str:
    sep = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{sep}{urllib.parse.urlencode({key: value})}"


def _server_message(body: bytes, limit: int = 400) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:limit] or "no message"


# Querying a server ----------------------------------------------------------------
class EndpointEngine:
    """Runs queries on a SPARQL 1.1 Protocol endpoint, over the published dataset graph by default.

    Unless the URL already names a dataset (default-graph-uri / named-graph-uri), the query's
    default graph is the graph `publish` wrote, so Fuseki, Oxigraph and Virtuoso answer alike.
    """

    name = "endpoint"

    def __init__(self, endpoint: str, base: str = DEFAULT_BASE, user: str | None = None,
                 password: str | None = None, graph_iri: str | None = None) -> None:
        check_endpoint(endpoint)
        # Parameters in the URL (default-graph-uri=...) travel in the POST body, where the protocol puts them.
        parts = urllib.parse.urlsplit(endpoint)
        self.params = urllib.parse.parse_qs(parts.query)
        self.http = Http(urllib.parse.urlunsplit(parts._replace(query="")), user, password)
        self.base = base
        if not ("default-graph-uri" in self.params or "named-graph-uri" in self.params):
            self.params["default-graph-uri"] = [graph_iri or dataset_iri(base)]

    def run(self, query: str) -> Result:
        graph_form = query_form(query, self.base) == "graph"   # also: readable errors, before sending
        fields: dict[str, str | list[str]] = {**self.params, "query": prolog_line(self.base) + query}
        accept = "application/n-triples, text/plain;q=0.9" if graph_form else "application/sparql-results+json"
        status, body = self.http.form(fields, accept)
        if status >= 400:
            raise QueryError(f"the server rejected the query (HTTP {status}): {_server_message(body)}")
        if graph_form:
            try:
                triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                return Result("graph", triples=sorted(
                    " ".join(to_ntriple(_from_oxigraph(x)) for x in (t.subject, t.predicate, t.object)) + " ."
                    for t in triples))
            except (SyntaxError, ValueError) as exc:
                raise CannotRun(f"the server's reply is not N-Triples: {str(exc).splitlines()[0]}") from None
        return parse_json_results(body)


def parse_json_results(body: bytes) -> Result:
    """SPARQL 1.1 JSON results (and Virtuoso's older 'typed-literal') into a Result."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CannotRun(f"the server did not answer with SPARQL JSON results: {exc}") from None
    try:
        return _json_result(data)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        # A reply that is JSON but not SPARQL results (a proxy's error page, a field missing).
        what = f"'{exc.args[0]}' is missing" if isinstance(exc, KeyError) else "its shape is wrong"
        raise CannotRun(f"the server's reply is not SPARQL JSON results: {what}") from None


def _json_result(data: dict) -> Result:
    if "boolean" in data:
        return Result("ask", boolean=bool(data["boolean"]))
    if data.get("head", {}).get("vars") == ["__ASK_RETVAL"]:   # Virtuoso answers some ASKs as a SELECT
        rows = data.get("results", {}).get("bindings", [])
        return Result("ask", boolean=bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false"))
    names = [str(v) for v in data["head"]["vars"]]
    rows = []
    for binding in data["results"]["bindings"]:
        row = {}
        for name, t in binding.items():
            kind = "literal" if t["type"] in ("literal", "typed-literal") else t["type"]
            if kind not in ("uri", "literal", "bnode"):
                raise TypeError(kind)
            dt = str(t.get("datatype", ""))
            row[str(name)] = Term(kind, str(t["value"]), "" if dt.endswith("#string") else dt,
                                  str(t.get("xml:lang", "")))
        rows.append(row)
    return Result("select", names, rows)


# Publishing ---------------------------------------------------------------------------
def publish_graph(ctx: Context, endpoint: str, graph_iri: str | None, user: str | None, password: str | None,
                  progress: Callable[[str], None] | None = None) -> str:
    """Replace graph_iri (default: the dataset IRI) on the server with the current graph."""
    say = progress or (lambda msg: None)
    graph_iri = graph_iri or dataset_iri(ctx.config.base_iri)
    if not graph_iri.startswith(("http://", "https://", "urn:")):
        raise PublishError(f"--graph-iri must be an absolute IRI, got '{graph_iri}'")
    ntriples = serialise(ctx, "nt", with_ontology=True)
    lines = [line for line in ntriples.splitlines() if line.strip()]
    try:
        http = Http(endpoint, user, password)
        probe = _probe(http)
        if probe in (401, 403):
            raise PublishError(f"{endpoint} needs credentials (HTTP {probe}); give --user/--password or "
                               "$PLANATLAS_USER/$PLANATLAS_PASSWORD")
        if probe == 200:
            say(f"{endpoint} is a SPARQL endpoint: loading {len(lines)} triples by SPARQL Update")
            _publish_by_update(http, lines, graph_iri, say)
            method = "SPARQL Update (a staging graph, then one MOVE over the previous version)"
        else:
            say(f"PUT {len(lines)} triples to {endpoint} (Graph Store Protocol)")
            status, body = http.request("PUT", _with_param(endpoint, "graph", graph_iri),
                                        ntriples.encode("utf-8"), {"Content-Type": "text/turtle; charset=utf-8"})
            if status in (401, 403):
                raise PublishError(f"{endpoint} refused the credentials (HTTP {status}); "
                                   "give --user/--password or $PLANATLAS_USER/$PLANATLAS_PASSWORD")
            if status in _NO_GRAPH_STORE:   # an update-only endpoint (Oxigraph /update, Fuseki /ds/update)
                say(f"no Graph Store Protocol here (HTTP {status}): loading by SPARQL Update")
                _publish_by_update(http, lines, graph_iri, say)
                method = "SPARQL Update (a staging graph, then one MOVE over the previous version)"
            elif not 200 <= status < 300:
                raise PublishError(f"{endpoint} answered the Graph Store PUT with HTTP {status}: "
                                   f"{_server_message(body)}")
            else:
                method = "Graph Store Protocol PUT (one request: the server replaces the graph)"
    except CannotRun as exc:
        raise PublishError(str(exc)) from None
    return f"published {len(lines)} triples to <{graph_iri}> at {endpoint} by {method}"


def _probe(http: Http) -> int:
    """200 if the URL answers a SPARQL query (then it takes updates too), else the HTTP status.

    Asked first because some SPARQL endpoints (Virtuoso's /sparql) never answer a PUT."""
    status, body = http.form({"query": "ASK {}"}, "application/sparql-results+json")
    if status != 200:
        return status
    try:
        return 200 if "head" in json.loads(body.decode("utf-8")) else 415
    except (UnicodeDecodeError, json.JSONDecodeError):
        return 415


def _publish_by_update(http: Http, lines: list[str], graph_iri: str, say: Callable[[str], None]) -> None:
    staging = f"urn:planatlas:staging:{uuid.uuid4()}"
    _update(http, f"DROP SILENT GRAPH <{staging}>")
    pending = [lines[i:i + CHUNK_TRIPLES] for i in range(0, len(lines), CHUNK_TRIPLES)]
    done = 0
    while pending:
        chunk = pending.pop(0)
        status, body = http.form({"update": f"INSERT DATA {{ GRAPH <{staging}> {{\n" + "\n".join(chunk)
                                  + "\n} }"}, "*/*")
        if status >= 300 and status not in (401, 403) and len(chunk) > 25:
            # Too big for this server (Virtuoso caps the SQL one statement compiles to): halve it.
            half = len(chunk) // 2
            pending[:0] = [chunk[:half], chunk[half:]]
            continue
        if status >= 300:
            _update(http, f"DROP SILENT GRAPH <{staging}>", check=False)
            _check(http, status, body)
        done += len(chunk)
        say(f"INSERT DATA: {done} of {len(lines)} triples")
    say(f"MOVE <{staging}> TO <{graph_iri}>")
    _update(http, f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph_iri}>")


def _update(http: Http, update: str, check: bool = True) -> None:
    status, body = http.form({"update": update}, "*/*")
    if check:
        _check(http, status, body)


def _check(http: Http, status: int, body: bytes) -> None:
    if status in (401, 403):
        raise PublishError(f"{http.endpoint} refused the update (HTTP {status}); it needs a user allowed "
                           "to update (--user/--password), or use the server's update endpoint URL")
    if status >= 300:
        raise PublishError(f"{http.endpoint} rejected the update (HTTP {status}): {_server_message(body)}")
