"""A content-addressed cache in `<project>/.planatlas/cache/` (git-ignored), so warm commands start fast.

Keys are hashes of what an entry was made from, never times:
- parsed records: one entry per record file, keyed by its display path and bytes, in a file named
  for the package version and a hash of its source (`records-<code>.pickle`); a warm load parses
  only changed files;
- SHACL results: one entry per record, keyed by the hash of what SHACL reads to judge it
  (`shacl-<code>.pickle`, see graph/shacl.py); a warm `validate` runs pySHACL on changed records only;
- each record's triples as N-Triples, keyed by what they are made from (`triples-<code>.pickle`,
  graph/recordtriples.py); a build after an edit makes the triples of the changed records only;
- what a build made: its pages (`pages-<code>.pickle`, sitegen/pagememo.py) and its per-record data
  files in site/ (`site-files-<code>.pickle`, sitegen/sitememo.py), each with the stats it left;
- the dataset: the records' triples and the ontology as an on-disk Oxigraph store, keyed by the
  fingerprint of every record file, the settings, the retired ids and the code
  (`dataset-<fingerprint>.oxigraph/`, with the base IRI and error count beside it), so a warm `query` neither reads YAML nor builds rdflib
  graphs (nor even imports the pipeline: this module is light on purpose).

A stale entry is never wrong, only unused: a changed input has a new key.  Delete the folder at any
time.  Library functions take a `Cache` argument (None: no cache); nothing is global.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG as stat_is_file
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from planatlas import __version__
from planatlas.errors import CannotRun
from planatlas.project import PACKAGE_DIR, Project

KEEP = 4          # dataset entries kept (older ones are removed)
RACY_NS = 2_000_000_000   # a file stat'ed this close to the memo's writing is hashed again


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a hash of its source: an edit to model.py invalidates every entry."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{__version__}-{h.hexdigest()[:12]}"


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write through a temporary file and a rename, so a reader never sees half a file; data is the
    bytes, or a function that writes them to the open file (a pickle streamed, not held whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iter_files(folder: Path) -> Iterator[os.DirEntry]:
    """Every file under folder (a link to a file included, a linked folder never entered), by
    os.scandir: an entry knows its kind without a stat (87,000 files in site/ at 20,000 records)."""
    stack = [str(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file():
                yield entry


def _files_under(top: Path, folder: str) -> list[str]:
    """Paths (relative to top, '/'-separated) of every file under top/folder, links not followed."""
    prefix = os.path.join(str(top), "")
    return [entry.path[len(prefix):].replace(os.sep, "/") for entry in iter_files(top / folder)]


# Stat memos: a file is hashed again only when its stat changed (as git's index does) ----------
def file_stat(path: Path) -> list[int] | None:
    """[size, mtime_ns, ctime_ns, inode] of a file (None if it is missing or not a file): what a stat
    memo compares (any write changes the ctime)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat_is_file(st.st_mode):
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def stat_digest(path: Path, key: str, known: dict, seen: dict) -> str | None:
    """The file's sha256 (None if it is not a file), from `known` when its stat is unchanged; its
    stat and digest go into `seen` under key.  OSError if it cannot be read."""
    stat = file_stat(path)
    if stat is None:
        return None
    entry = known.get(key)
    digest = entry[4] if entry is not None and entry[:4] == stat else hashlib.sha256(path.read_bytes()).hexdigest()
    seen[key] = stat + [digest]
    return digest


def stat_memo(seen: dict) -> dict:
    """A stat memo to keep: the entries `stat_digest` put in seen, and when they were taken."""
    return {"written": time.time_ns(), "files": seen}


def trusted_stats(memo: object) -> dict[str, list]:
    """The entries of a stat memo whose file was stat'ed at least RACY_NS before the memo was
    written: a file changed within that window of its last hashing could keep its stat, so it is
    hashed again ({} for a missing or damaged memo)."""
    try:
        written, files = int(memo["written"]), dict(memo["files"])     # type: ignore[index]
    except (ValueError, KeyError, TypeError):
        return {}
    return {k: v for k, v in files.items()
            if isinstance(v, list) and len(v) == 5 and max(v[1], v[2]) < written - RACY_NS}


def check_graph_dir(graph_dir: Path) -> None:
    if not graph_dir.is_dir():
        raise CannotRun(f"graph directory '{graph_dir}' does not exist")
    if not (graph_dir / "data").is_dir():
        raise CannotRun(f"'{graph_dir}' has no data/ folder of records")


class Cache:
    """The cache folder of one project."""

    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)

    @classmethod
    def of(cls, project: Project) -> "Cache":
        return cls(project.cache_dir)

    def fingerprint(self, graph_dir: Path) -> str:
        """Hash of the code and every input of the graph (records, settings, retired ids).

        A file's bytes are hashed again only when its stat (size, mtime, ctime, inode) differs from
        the last run's (`stat.json`), as git's index does: at 20,000 records, reading every file
        took longer than the warm query it keys."""
        h = hashlib.sha256(f"planatlas {code_version()}\n".encode())
        graph_dir = Path(graph_dir)
        top = str(graph_dir.resolve())
        inputs = sorted(_files_under(graph_dir, "data")) + ["planatlas.yaml", "retired-ids.txt"]   # any name
        known = self._stat_memo()
        seen: dict[str, list] = {}
        for rel in inputs:
            digest = stat_digest(graph_dir / rel, f"{top}/{rel}", known, seen)
            if digest is not None:
                h.update(rel.encode() + b"\0")
                h.update(bytes.fromhex(digest))
        if seen != known:
            atomic_write(self.dir / "stat.json", json.dumps(stat_memo(seen)).encode())
        return h.hexdigest()[:32]

    def _stat_memo(self) -> dict[str, list]:
        """{absolute path: [size, mtime_ns, ctime_ns, inode, sha256]} that can be trusted."""
        try:
            return trusted_stats(json.loads((self.dir / "stat.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    # Memos: parsed records (reading/records.py), SHACL results by record signature (graph/shacl.py)
    def _memo_file(self, kind: str) -> Path:
        return self.dir / f"{kind}-{code_version()}.pickle"

    def _load_memo(self, kind: str) -> dict:
        """The memo of this kind the last run saved, or {} (missing, damaged or from other code)."""
        try:
            with open(self._memo_file(kind), "rb") as fh:
                memo = pickle.load(fh)
            return memo if isinstance(memo, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return {}

    def _save_memo(self, kind: str, memo: dict) -> None:
        """Replace the memo of this kind; memos of other code versions are removed."""
        path = self._memo_file(kind)
        # pickled straight into the file: the records' memo is 100 MB at 20,000 records
        atomic_write(path, lambda fh: pickle.dump(memo, fh, protocol=pickle.HIGHEST_PROTOCOL))
        for other in self.dir.glob(f"{kind}-*.pickle"):
            if other != path:
                other.unlink(missing_ok=True)

    def load_memo(self, kind: str) -> dict:
        """A memo an emitter keeps (its kind names it), or {} (none, damaged, or from other code)."""
        return self._load_memo(kind)

    def save_memo(self, kind: str, memo: dict) -> None:
        self._save_memo(kind, memo)

    def record_memo(self) -> dict:
        """{hash of display path and bytes: (Record or None, diagnostics)} from the last load."""
        return self._load_memo("records")

    def save_record_memo(self, memo: dict) -> None:
        self._save_memo("records", memo)

    def shacl_memo(self) -> dict:
        """{record signature: [(field, code, message, severity)]} from the last validation."""
        return self._load_memo("shacl")

    def save_shacl_memo(self, memo: dict) -> None:
        self._save_memo("shacl", memo)

    def triples_memo(self) -> dict:
        """{triples key: a record's triples as N-Triples} from the last build (graph/recordtriples.py)."""
        return self._load_memo("triples")

    def save_triples_memo(self, memo: dict) -> None:
        self._save_memo("triples", memo)

    # The dataset ------------------------------------------------------------------------------
    def dataset_dir(self, fingerprint: str) -> Path:
        return self.dir / f"dataset-{fingerprint}.oxigraph"

    def save_dataset(self, fingerprint: str, ntriples: str, meta: dict) -> None:
        """An on-disk Oxigraph store of the dataset (opened read-only in milliseconds by a warm
        `query`, where loading N-Triples into memory took 1 s at 20,000 records) and its meta."""
        target = self.dataset_dir(fingerprint)
        if not target.is_dir():
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=self.dir, prefix=".tmp-store-"))
            store = ox.Store(str(tmp))
            store.bulk_load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            store.flush()
            del store
            try:
                os.rename(tmp, target)          # atomic: a reader sees a whole store or none
            except OSError:                     # another process made it first
                shutil.rmtree(tmp, ignore_errors=True)
        atomic_write(target.with_suffix(".json"), json.dumps(meta).encode())
        old = sorted(self.dir.glob("dataset-*.oxigraph"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for path in old:
            shutil.rmtree(path, ignore_errors=True)
            path.with_suffix(".json").unlink(missing_ok=True)
        for stale in self.dir.glob("dataset-*.nt"):      # the format of earlier versions
            stale.unlink(missing_ok=True)
            stale.with_suffix(".json").unlink(missing_ok=True)

    def dataset_meta(self, fingerprint: str) -> dict | None:
        """{'base': ..., 'errors': n} when the dataset of this fingerprint is cached, else None."""
        try:
            meta = json.loads(self.dataset_dir(fingerprint).with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) and self.dataset_dir(fingerprint).is_dir() else None

    def load_dataset(self, fingerprint: str) -> ox.Store | None:
        """The cached store, read-only; None (and the entry removed) if it cannot be opened."""
        try:
            store = ox.Store.read_only(str(self.dataset_dir(fingerprint)))
            next(iter(store.quads_for_pattern(None, None, None)), None)     # reads a block: fails if damaged
            return store
        except (OSError, RuntimeError, SyntaxError, ValueError):   # RocksDB reports damage as RuntimeError
            shutil.rmtree(self.dataset_dir(fingerprint), ignore_errors=True)
            self.dataset_dir(fingerprint).with_suffix(".json").unlink(missing_ok=True)
            return None
