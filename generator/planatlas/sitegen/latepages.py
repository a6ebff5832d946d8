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

What each page read (the page memo's `reads`) comes back with its text.  If no child could be
forked, MkDocs finds each page rendered in the build's own process; if the child ends without
sending a page, its own error is the build's (`on_broken`: a file it could not write, or its death),
and only a page a finished child never listed is rendered here.
"""
from __future__ import annotations

import fcntl
import os
import pickle
import select
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from planatlas.sitegen.outputs import Later, Staged, write_outputs

# (path, its Markdown as text or UTF-8 bytes, what it read or None): `PageMaker.run`'s per-job result
Rendered = tuple[str, "str | bytes", "set[str] | None"]
PIPE_BYTES = 1 << 20    # Linux's default most for a pipe: fewer wake-ups of the child
FRAME = struct.Struct("<Q")     # each page goes as its pickle's length, then the pickle


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
        self.fd: int | None = None               # the parent's read end (non-blocking)
        self.buffer = bytearray()
        self.out: int | None = None              # the child's write end
        self._write_fd: int | None = None
        self.parent = os.getpid()
        self.site_dir = Path()                   # where the child writes site files (`build.write_beside`)
        self.site_files: dict[str, object] = {}  # ... those it has still to write
        self.on_broken: Callable[[], None] | None = None    # the child ended without a page: raise its error

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

    def later(self, rel: str, make: Callable[[], str]) -> Late:
        """List a page whose Markdown make() returns (rendered as the pages are: by the child, in turn)."""
        return self.defer(lambda job: (job[0], job[1](), None), [(rel, make)], None)[rel]

    def site_files_now(self, files: dict[str, object]) -> dict[str, object]:
        """In the writer child, for a late page that shows their sizes: those of files still to be made
        (`outputs.Later`) are written into site/ now, and left out of its last pass; returns files
        with each such file's `outputs.Staged` (its place and size)."""
        out = dict(files)
        for rel, content in files.items():
            if isinstance(content, Later) and self.site_files.get(rel) is content:
                data = content.make()
                data = data.encode("utf-8") if isinstance(data, str) else data
                write_outputs(self.site_dir, {rel: data}, remove_stale=False, burst=False)
                del self.site_files[rel]
                out[rel] = Staged(self.site_dir / rel, len(data))
        return out

    # The writer child -----------------------------------------------------------------------
    def open(self) -> None:
        """The pipe the child sends pages down, made before it is forked."""
        read_fd, write_fd = os.pipe()
        try:
            fcntl.fcntl(write_fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
        except OSError:
            pass                                 # the default size: the child waits more often
        os.set_blocking(read_fd, False)
        self.fd, self._write_fd = read_fd, write_fd

    def forked(self) -> None:
        """In the parent, after the fork: only the child holds the write end (its end is our EOF)."""
        if self._write_fd is not None:
            os.close(self._write_fd)
            self._write_fd = None

    def in_child(self) -> None:
        """The writer's first step: in a forked child, pages go down the pipe (its read end, closed,
        is the parent's alone: were the parent gone, the child's write would fail, not hang)."""
        if os.getpid() != self.parent and self._write_fd is not None:
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None
            os.set_blocking(self._write_fd, True)
            self.out, self._write_fd = self._write_fd, None

    def render_for_writing(self, rel: str) -> str | bytes:
        """Render one page (in the writer child, in MkDocs' order) and send it to MkDocs; returns its
        text to write.  Without a child (none could be forked) MkDocs finds it here."""
        render, job, _reads = self.jobs[rel]
        _path, text, seen = render(job)
        if self.out is None:
            self.arrived[rel] = (text, seen)
        else:
            blob = pickle.dumps((rel, text, seen), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(FRAME.pack(len(blob)) + blob)
            while view:
                view = view[os.write(self.out, view):]
        return text

    def done_writing(self) -> None:
        """In the child: every page is sent (EOF tells the parent)."""
        if self.out is not None:
            os.close(self.out)
            self.out = None

    # MkDocs' side ---------------------------------------------------------------------------
    def text(self, rel: str) -> str:
        """A page's Markdown for MkDocs: from the child (waiting for it), else rendered here.  Each
        call first takes whatever the child has sent, so the child never waits on a full pipe and
        runs ahead of MkDocs (it renders a page in a seventh of the time MkDocs takes for it)."""
        self._pump(wait=False)
        while rel not in self.arrived and self.fd is not None:
            self._pump(wait=True)
        if rel in self.arrived:
            text, seen = self.arrived.pop(rel)
        else:
            if self.on_broken is not None and os.getpid() == self.parent:
                self.on_broken()            # the child failed (its error is the build's), or it sent
            render, job, _reads = self.jobs[rel]        # all but this page: made here
            _path, text, seen = render(job)
        self._note(rel, seen)
        self.jobs.pop(rel, None)
        return text.decode("utf-8-sig") if isinstance(text, bytes) else text

    def finish(self) -> None:
        """After MkDocs: the pages it never asked for are taken from the pipe, and what each read noted."""
        while self.fd is not None:
            self._pump(wait=True)
        for rel, (_text, seen) in list(self.arrived.items()):
            self._note(rel, seen)
        self.arrived.clear()
        self.jobs.clear()

    def close(self) -> None:
        for fd in (self.fd, self._write_fd, self.out):
            if fd is not None:
                os.close(fd)
        self.fd = self._write_fd = self.out = None

    def _pump(self, wait: bool) -> None:
        """Read what the pipe holds (with wait: at least until something came or the child is done)
        and take every whole page out of it; at EOF the pipe is closed."""
        while self.fd is not None:
            try:
                chunk = os.read(self.fd, PIPE_BYTES)
            except BlockingIOError:
                if not wait:
                    return
                select.select([self.fd], [], [])
                continue
            if not chunk:                        # EOF: the child is done, or died (a torn page is dropped)
                os.close(self.fd)
                self.fd = None
                return
            self.buffer += chunk
            self._frames()
            wait = False

    def _frames(self) -> None:
        buf, at = self.buffer, 0
        while len(buf) - at >= FRAME.size:
            size = FRAME.unpack_from(buf, at)[0]
            if len(buf) - at - FRAME.size < size:
                break
            start = at + FRAME.size
            rel, text, seen = pickle.loads(buf[start:start + size])   # our own child's, through our own pipe
            at = start + size
            if rel in self.jobs:
                self.arrived[rel] = (text, seen)
        del buf[:at]

    def _note(self, rel: str, seen: set[str] | None) -> None:
        job = self.jobs.get(rel)
        if job is not None and job[2] is not None and seen is not None:
            job[2][rel] = seen
