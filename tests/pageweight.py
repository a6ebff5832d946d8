"""Page weight as a reader's browser sees it: a site served with gzip and revalidation, and
the bytes Chromium actually transfers for a first visit and for the next page.

Shared by `benchmarks/page_weight.py` (prints figures) and the browser budget test.
Why a server of our own: `http.server` sends neither compression nor validators, so it
would overstate what a real host (any static host gzips and answers 304) transfers.
"""
from __future__ import annotations

import email.utils
import functools
import gzip
import hashlib
import http.server
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".ttl", ".nt", ".jsonld", ".map", ".csv")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with Content-Encoding: gzip (when accepted), ETag and Last-Modified."""

    _cache: dict[tuple[str, float], bytes] = {}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self):  # noqa: C901 - one small decision tree
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        st = os.stat(path)
        etag = '"' + hashlib.sha1(f"{path}{st.st_mtime_ns}{st.st_size}".encode()).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        body = Path(path).read_bytes()
        zipped = path.endswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            key = (path, st.st_mtime)
            if key not in self._cache:
                self._cache[key] = gzip.compress(body, 6, mtime=0)
            body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
        self.send_header("Cache-Control", "no-cache")  # revalidate every time: the conservative case
        self.end_headers()
        return io.BytesIO(body)


class LoopbackServer:
    """A site folder on http://127.0.0.1:<port>/, in a thread, served by `handler` (a
    SimpleHTTPRequestHandler class): the tests' static server and the gzip one below."""

    def __init__(self, root: Path, handler: type[http.server.SimpleHTTPRequestHandler]) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(handler, directory=str(root)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class GzipServer(LoopbackServer):
    """A site folder on http://127.0.0.1:<port>/ with gzip and revalidation, in a thread."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, GzipHandler)


@dataclass
class Visit:
    """What one page load transferred (bytes on the wire, headers included)."""

    url: str
    requests: list[tuple[str, int, int]] = field(default_factory=list)  # (url, status, bytes)

    @property
    def total(self) -> int:
        return sum(b for _u, _s, b in self.requests)

    def biggest(self, n: int = 5) -> list[tuple[str, int, int]]:
        return sorted(self.requests, key=lambda r: -r[2])[:n]


def visit(page, url: str, settle_ms: int = 800) -> Visit:
    """Load url in an existing page (same context = same HTTP cache) and count every request's
    transferred bytes, including the theme's worker and anything fetched after load."""
    seen: list = []
    def listener(req) -> None:
        seen.append(req)
    page.on("requestfinished", listener)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(settle_ms)
    page.remove_listener("requestfinished", listener)
    v = Visit(url)
    for req in seen:
        sizes = req.sizes()
        resp = req.response()
        status = resp.status if resp else 0
        v.requests.append((req.url, status, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
    return v
