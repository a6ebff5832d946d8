"""The warm query cache (cache.py): a changed record is never answered from a stale store, and a
damaged cache entry is rebuilt, never a traceback.

The cache trusts a file's stat (size, mtime, ctime, inode) to skip hashing it again, and keeps the
dataset as an on-disk Oxigraph store opened read-only.
"""
from __future__ import annotations

import os

from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main

TITLE = "SELECT ?title WHERE { ?p a pa:Plan ; dcterms:title ?title }"


def _query(text: str = TITLE):
    return CliRunner().invoke(main, ["query", text, "--format", "csv"])


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    monkeypatch.chdir(tmp_path)
    plan = graph / "data" / "plan" / "test-plan.yaml"
    st = plan.stat()
    os.utime(plan, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))   # hashed long ago: trusted
    assert _query().output == "title\nTest plan\n"
    assert _query().output == "title\nTest plan\n"                         # warm, from the store
    st = plan.stat()
    plan.write_text(plan.read_text(encoding="utf-8").replace("Test plan", "Best plan"), encoding="utf-8")
    os.utime(plan, ns=(st.st_atime_ns, st.st_mtime_ns))                     # same size, same mtime
    assert plan.stat().st_size == st.st_size and plan.stat().st_mtime_ns == st.st_mtime_ns
    assert _query().output == "title\nBest plan\n"


def test_a_damaged_store_is_rebuilt(tmp_path, monkeypatch):
    small_graph(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _query().exit_code == 0
    stores = list((tmp_path / ".planatlas" / "cache").glob("dataset-*.oxigraph"))
    assert len(stores) == 1 and stores[0].is_dir()
    for f in stores[0].iterdir():
        if f.is_file():
            f.write_bytes(b"not a store")
    result = _query()
    assert result.exit_code == 0, result.output
    assert result.output == "title\nTest plan\n"


def test_the_cached_store_cannot_be_changed_by_a_query(tmp_path, monkeypatch):
    small_graph(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _query().exit_code == 0
    result = _query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert _query("ASK { <urn:a> ?p ?o }").output.strip().lower().endswith("false")
