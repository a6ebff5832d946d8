"""Pages rendered while MkDocs runs: the build's record and tracking pages, made by the child that
writes docs/, in the order MkDocs reads them, and handed to MkDocs one by one through a pipe.

Why: rendering the pages (Jinja and the SVG diagrams) was the largest of our own stages on a cold
build (0.7 s of 2.1 s at 1,000 records, 22 s of 57 s at 20,000), done before MkDocs started while
one core sat idle; MkDocs then spent ten times as long on each page, on one core.  Here a build
(`build.build_site`, two cores) only lists the pages to render (`LatePages.defer`, called by
`PageMaker.run`); once MkDocs has listed its files, the child forked to write docs/ renders each
page just before writing it, in MkDocs' own order, and sends it down a pipe; MkDocs takes each
page's Markdown when it reads that page (`text`), waiting only if the child is behind, which it
is not past the first page (about 1 ms a page against MkDocs' 7 ms).

What each page read (the page memo's `reads`) comes back with its text.  If the child fails or
cannot be forked, the page is rendered here when MkDocs asks for it: the site never depends on the
child, as with `parallel.fork_map`.
"""
from __future__ import annotations

import fcntl
import os
import pickle
from dataclasses import dataclass
from typing import BinaryIO, Callable

# (path, its Markdown as text or UTF-8 bytes, what it read or None): `PageMaker.run`'s per-job result
Rendered = tuple[str, "str | bytes", "set[str] | None"]
PIPE_BYTES = 1 << 20    # Linux's default most for a pipe: the child renders ahead of MkDocs without waiting


@dataclass(frozen=True, eq=False)
class Late:
    """A docs/ page listed by a build but not rendered yet (a value in ctx.outputs): `LatePages`
    renders it while MkDocs runs.  Never equal to another: two emitters cannot both make it."""
    rel: str


class LatePages:
    """The pages a build renders while MkDocs runs: listed in the build's process, rendered by its
    writer child (`render_for_writing`), read by MkDocs through `text`."""

    def __init__(self) -> None:
        self.jobs: dict[str, tuple[Callable[[object], Rendered], object, dict | None]] = {}
        self.arrived: dict[str, tuple[str | bytes, set[str] | None]] = {}
        self.stream: BinaryIO | None = None      # the parent's read end
        self.out: BinaryIO | None = None         # the child's write end
        self.parent = os.getpid()

    def defer(self, render: Callable[[object], Rendered], jobs: list, reads: dict | None) -> dict[str, Late]:
        """List jobs (`pages.PageJob`) to render later with render(job); what a page read goes into
        reads (a page memo's), when the page arrives."""
        out = {}
        for job in jobs:
            rel = job[0]
            if rel in self.jobs:
                raise ValueError(f"two pages are listed at {rel}")
            self.jobs[rel] = (render, job, reads)
            out[rel] = Late(rel)
        return out

    # The writer child -----------------------------------------------------------------------
    def open(self) -> int:
        """The pipe the child sends pages down, made before it is forked; returns its write end."""
        read_fd, write_fd = os.pipe()
        try:
            fcntl.fcntl(write_fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
        except OSError:
            pass                                 # the default size: the child waits more often
        self.stream = os.fdopen(read_fd, "rb")
        self._write_fd = write_fd
        return write_fd

    def forked(self) -> None:
        """In the parent, after the fork: only the child holds the write end (its end is our EOF)."""
        os.close(self._write_fd)

    def in_child(self) -> None:
        """The writer's first step: in a forked child, pages go down the pipe (its read end, closed,
        is the parent's alone: were the parent gone, a full pipe would fail the child, not hang it)."""
        if os.getpid() != self.parent:
            if self.stream is not None:
                self.stream.close()
                self.stream = None
            self.out = os.fdopen(self._write_fd, "wb")

    def render_for_writing(self, rel: str) -> str | bytes:
        """Render one page (in the writer child, in MkDocs' order) and send it to MkDocs; returns its
        text to write.  Without a child (none could be forked) MkDocs finds it here."""
        render, job, _reads = self.jobs[rel]
        _path, text, seen = render(job)
        if self.out is None:
            self.arrived[rel] = (text, seen)
        else:
            pickle.dump((rel, text, seen), self.out, protocol=pickle.HIGHEST_PROTOCOL)
            self.out.flush()
        return text

    def done_writing(self) -> None:
        """In the child: every page is sent (EOF tells the parent)."""
        if self.out is not None:
            self.out.close()
            self.out = None

    # MkDocs' side ---------------------------------------------------------------------------
    def text(self, rel: str) -> str:
        """A page's Markdown for MkDocs: from the child (waiting for it), else rendered here."""
        while rel not in self.arrived and self.stream is not None:
            self._receive()
        if rel in self.arrived:
            text, seen = self.arrived.pop(rel)
        else:
            render, job, _reads = self.jobs[rel]
            _path, text, seen = render(job)
        self._note(rel, seen)
        self.jobs.pop(rel, None)
        return text.decode("utf-8-sig") if isinstance(text, bytes) else text

    def finish(self) -> None:
        """After MkDocs: what it never asked for is drained from the pipe (the child would wait on
        it), and what each page read is noted."""
        while self.stream is not None:
            self._receive()
        for rel, (_text, seen) in list(self.arrived.items()):
            self._note(rel, seen)
        self.arrived.clear()
        self.jobs.clear()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def _receive(self) -> None:
        try:
            rel, text, seen = pickle.load(self.stream)       # our own child's, through our own pipe
        except Exception:                                   # EOF: the child is done, or died
            self.close()
            return
        if rel in self.jobs:
            self.arrived[rel] = (text, seen)

    def _note(self, rel: str, seen: set[str] | None) -> None:
        job = self.jobs.get(rel)
        if job is not None and job[2] is not None and seen is not None:
            job[2][rel] = seen
