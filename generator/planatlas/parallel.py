"""Work on two cores by fork: a loop split in two (`fork_map`), or a job beside the build (`Background`).

Why: a cold build is a few long loops over records (reading YAML, rendering a page per record),
each item independent of the others, then MkDocs, which uses one core; the machines that build
the site (laptops, CI runners) have two or more.  A forked child shares the loaded records, graph
and views without copying them and sends its results back pickled through a pipe.

`fork_map`'s result never depends on the child: if it cannot be forked, fails, is killed or sends
back something unreadable, the parent does the child's share itself (so an error is raised here,
as a plain loop would raise it).  A `Background` job that frees its inputs cannot be done again;
its failure is raised (`BackgroundFailed`, with the child's error) when its result is taken.

Fork is used only where it is safe: a POSIX system, two usable cores, no other thread in the
process (a thread's held lock would stay held in the child: `serve`'s file watcher and
pytest-xdist's workers have threads, so they run serially), and not inside a child.
`PLANATLAS_WORKERS=1` turns it off.
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from typing import Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 32        # below this the fork (a few ms) and the pickling cost more than they save
ENV = "PLANATLAS_WORKERS"
_in_child = False     # set in a forked child: it does its work serially (no child of a child)
started = 0           # children started by this process (tests and benchmarks read it)
child_private_kb = 0  # the most memory a child held of its own (not shared with this process), in kB


class BackgroundFailed(Exception):
    """A background job's child failed or was killed; the message says how, and `error` is the
    child's own exception where it could be sent back (so the caller can raise it as its own)."""

    def __init__(self, message: str, error: BaseException | None = None) -> None:
        super().__init__(message)
        self.error = error


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_background = 0       # Background children of this process still running


def can_fork() -> bool:
    """A free core (one per running child, and one for this process), fork available, no other thread,
    not in a child, not turned off (PLANATLAS_WORKERS=1).  Why a core per child: a third process on two
    cores gains no time, and each child holds memory of its own (at 20,000 records, SHACL's 0.6 GB)."""
    if _in_child or os.environ.get(ENV, "").strip() == "1":
        return False
    return hasattr(os, "fork") and _one_thread() and usable_cores() >= 2 + _background


def _one_thread() -> bool:
    """No other thread, Python's or a native library's (Linux lists them all in /proc/self/task)."""
    if threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return True


def fork_map(fn: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS) -> list[R]:
    """[fn(x) for x in items], the odd-numbered items done in a forked child when `can_fork()`."""
    items = list(items)
    if len(items) < min_items or not can_fork():
        return [fn(x) for x in items]
    theirs_in = items[1::2]
    child = _start(lambda: [fn(x) for x in theirs_in])
    if child is None:
        return [fn(x) for x in items]
    pid, pipe = child
    with pipe:
        try:
            mine = [fn(x) for x in items[0::2]]
            ok, theirs = _receive(pipe)
        except BaseException:
            _stop(pid)
            raise
    _wait(pid)
    if not ok or not isinstance(theirs, list) or len(theirs) != len(theirs_in):
        theirs = [fn(x) for x in theirs_in]      # the child did not finish: its share is done here
    out: list[R] = []
    for i, x in enumerate(mine):
        out.append(x)
        if i < len(theirs):
            out.append(theirs[i])
    return out


class Background(Generic[R]):
    """fn() started now in a forked child and taken later (`result()`), while the parent goes on: a
    build's SHACL check, beside its first emitters.  Without a child (`can_fork()` false) fn runs at
    once, here.  While the child runs it holds a core: `fork_map` splits no loop unless another is free.

    fn must act only through its result and the files it writes (the child's other changes are
    lost).  The parent lets go of fn once the child runs, so what fn alone holds is freed."""

    def __init__(self, fn: Callable[[], R]) -> None:
        global _background
        self._value: R | None = None
        self._child = _start(fn) if can_fork() else None
        if self._child is None:
            self._value = fn()
        else:
            _background += 1

    def result(self) -> R:
        """fn's result: the child's, waited for (BackgroundFailed if it gave none)."""
        if self._child is None:
            return self._value          # type: ignore[return-value]
        global _background
        pid, pipe = self._child
        self._child = None
        _background -= 1
        with pipe:
            ok, value = _receive(pipe)
        status = _wait(pid)
        if not ok:
            if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
                raise BackgroundFailed(value[0], value[1] if isinstance(value[1], BaseException) else None)
            raise BackgroundFailed(_ended(status))
        self._value = value
        return value

    def cancel(self) -> None:
        """Stop the child if it still runs (the build failed before it needed the result)."""
        global _background
        if self._child is not None:
            pid, pipe = self._child
            self._child = None
            _background -= 1
            _stop(pid)
            pipe.close()


def _start(fn: Callable[[], object]):
    """Fork a child that runs fn and pickles (True, result) or (False, its error) down a pipe;
    (pid, the pipe's read end) in the parent, None if no child could be made."""
    read_fd, write_fd = os.pipe()
    frozen = gc.get_freeze_count() > 0      # the caller froze what it holds (a build): it unfreezes
    gc.freeze()                     # the child's collector then leaves the shared pages unwritten
    try:
        pid = os.fork()
    except OSError:
        if not frozen:
            gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:
        _child(fn, read_fd, write_fd)
    global started
    started += 1
    if not frozen:
        gc.unfreeze()
    os.close(write_fd)
    return pid, os.fdopen(read_fd, "rb")


def _child(fn: Callable[[], object], read_fd: int, write_fd: int) -> None:
    """The child's whole life: fn, its result down the pipe, then gone at once (os._exit: no atexit
    handlers, no flushing of buffers it shares with the parent)."""
    global _in_child
    _in_child = True
    status = 1
    try:
        os.close(read_fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)     # Ctrl-C ends the child quietly; the parent reports
        with os.fdopen(write_fd, "wb") as pipe:
            try:
                result = fn()
                ok = True
            except BaseException as exc:
                result, ok = (f"{type(exc).__name__}: {exc}", _sendable(exc)), False
            # streamed in frames as the parent reads: neither side holds the whole payload as bytes
            # (half the record pages' text at 20,000 records: 225 MB, twice)
            pickle.dump((ok, _private_kb()), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _sendable(exc: BaseException) -> BaseException | None:
    """The exception itself if it survives pickling (ours do), else None: the message still goes."""
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return None
    return exc


def _receive(pipe) -> tuple[bool, object]:
    """(True, result) or (False, the child's error or None), read from the pipe as the child writes
    it (our own child's pickles, through a pipe only it and we hold)."""
    global child_private_kb
    try:
        head = pickle.load(pipe)
        if not (isinstance(head, tuple) and len(head) == 2 and isinstance(head[0], bool) and isinstance(head[1], int)):
            return False, None
        child_private_kb = max(child_private_kb, head[1])
        return head[0], pickle.load(pipe)
    except Exception:           # the child died midway (killed, out of memory) or sent nothing
        return False, None


def _private_kb() -> int:
    """The memory this process holds of its own, in kB (Linux: private pages, /proc/self/smaps_rollup;
    0 elsewhere): what a forked child adds to its parent's, which it shares until either writes."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as f:
            return sum(int(line.split()[1]) for line in f if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except (OSError, ValueError, IndexError):
        return 0


def _ended(status: int | None) -> str:
    if status is not None and os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = f" ({signal.Signals(sig).name})"
        except ValueError:
            name = ""
        return f"the child process was killed by signal {sig}{name}"
    return "the child process ended without a result"


def _wait(pid: int) -> int | None:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _wait(pid)
