"""A content-addressed cache in `<project>/.planatlas/cache/` (git-ignored), so warm commands start fast.

Keys are hashes of what an entry was made from, never times:
- parsed records: one entry per record file, keyed by its display path and bytes, in a file named
  for the package version and a hash of its source (`records-<code>.pickle`); a warm load parses
  only changed files;
- SHACL results: one entry per record, keyed by the hash of what SHACL reads to judge it
  (`shacl-<code>.pickle`, see graph/shacl.py); a warm `validate` runs pySHACL on changed records only;
- the dataset: the records' triples and the ontology as sorted N-Triples, keyed by the fingerprint
  of every record file, the settings, the retired ids and the code (`dataset-<fingerprint>.nt`, with
  the base IRI and error count beside it), so a warm `query` neither reads YAML nor builds rdflib
  graphs (nor even imports the pipeline: this module is light on purpose).

A stale entry is never wrong, only unused: a changed input has a new key.  Delete the folder at any
time.  Library functions take a `Cache` argument (None: no cache); nothing is global.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from planatlas import __version__
from planatlas.errors import CannotRun
from planatlas.project import PACKAGE_DIR, Project

KEEP = 4          # dataset entries kept (older ones are removed)


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a hash of its source: an edit to model.py invalidates every entry."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{__version__}-{h.hexdigest()[:12]}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


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
        """Hash of the code and every input of the graph (records, settings, retired ids)."""
        h = hashlib.sha256(f"planatlas {code_version()}\n".encode())
        graph_dir = Path(graph_dir)
        inputs = sorted(p for p in (graph_dir / "data").rglob("*") if p.is_file())   # every file, any name
        for path in inputs + [graph_dir / "planatlas.yaml", graph_dir / "retired-ids.txt"]:
            if path.is_file():
                h.update(path.relative_to(graph_dir).as_posix().encode() + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()[:32]

    # Parsed records ------------------------------------------------------------------------
    @property
    def records_file(self) -> Path:
        return self.dir / f"records-{code_version()}.pickle"

    def record_memo(self) -> dict:
        """{hash of display path and bytes: (Record or None, diagnostics)} from the last load."""
        try:
            with open(self.records_file, "rb") as fh:
                memo = pickle.load(fh)
            return memo if isinstance(memo, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return {}

    def save_record_memo(self, memo: dict) -> None:
        atomic_write(self.records_file, pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))
        for other in self.dir.glob("records-*.pickle"):
            if other != self.records_file:
                other.unlink(missing_ok=True)

    # SHACL results by record signature (graph/shacl.py) ---------------------------------------
    @property
    def shacl_file(self) -> Path:
        return self.dir / f"shacl-{code_version()}.pickle"

    def shacl_memo(self) -> dict:
        """{record signature: [(field, code, message, severity)]} from the last validation."""
        try:
            with open(self.shacl_file, "rb") as fh:
                memo = pickle.load(fh)
            return memo if isinstance(memo, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return {}

    def save_shacl_memo(self, memo: dict) -> None:
        atomic_write(self.shacl_file, pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))
        for other in self.dir.glob("shacl-*.pickle"):
            if other != self.shacl_file:
                other.unlink(missing_ok=True)

    # The dataset ------------------------------------------------------------------------------
    def dataset_file(self, fingerprint: str) -> Path:
        return self.dir / f"dataset-{fingerprint}.nt"

    def save_dataset(self, fingerprint: str, ntriples: str, meta: dict) -> None:
        atomic_write(self.dataset_file(fingerprint).with_suffix(".json"), json.dumps(meta).encode())
        atomic_write(self.dataset_file(fingerprint), ntriples.encode("utf-8"))
        old = sorted(self.dir.glob("dataset-*.nt"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
            path.with_suffix(".json").unlink(missing_ok=True)

    def dataset_meta(self, fingerprint: str) -> dict | None:
        """{'base': ..., 'errors': n} when the dataset of this fingerprint is cached, else None."""
        try:
            meta = json.loads(self.dataset_file(fingerprint).with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if self.dataset_file(fingerprint).is_file() else None

    def load_dataset(self, fingerprint: str) -> ox.Store:
        store = ox.Store()
        store.bulk_load(path=str(self.dataset_file(fingerprint)), format=ox.RdfFormat.N_TRIPLES)
        return store
