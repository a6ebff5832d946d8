"""The warm query cache (cache.py): a changed record is never answered from a stale store, and a
damaged cache entry is rebuilt, never a traceback.

The cache trusts a file's stat (size, mtime, ctime, inode) to skip hashing it again, and keeps the
dataset as an on-disk Oxigraph store opened read-only.
"""
from __future__ import annotations

import os
import time

from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main
from planatlas import cache
from planatlas.cache import trusted_stats
from planatlas.reading.records import STATS, load_records

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


def test_the_record_memo_sees_an_edit_that_keeps_size_and_mtime(tmp_path, monkeypatch):
    """load_records (validate, build, serve) skips hashing a file whose stat is the one recorded.

    utime sets the ctime to now, so the 2 s "racy" wait is lifted here; the edit comes a clock tick
    later (50 ms), as any edit by a person does."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    graph = small_graph(tmp_path)
    plan = graph / "data" / "plan" / "test-plan.yaml"
    st = plan.stat()
    os.utime(plan, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))
    memo: dict = {}
    rs, _ = load_records(graph, root=tmp_path, memo=memo)
    assert rs.records["test-plan"].data["title"] == "Test plan"
    assert "data/plan/test-plan.yaml" in " ".join(trusted_stats(memo[STATS]))   # its stat is trusted
    time.sleep(0.05)
    st = plan.stat()
    plan.write_text(plan.read_text(encoding="utf-8").replace("Test plan", "Best plan"), encoding="utf-8")
    os.utime(plan, ns=(st.st_atime_ns, st.st_mtime_ns))
    rs, _ = load_records(graph, root=tmp_path, memo=memo)
    assert rs.records["test-plan"].data["title"] == "Best plan"


def test_a_file_written_just_now_is_hashed_again_next_time(tmp_path):
    """A second write in the same clock tick could keep every stat field: such a file's stat is not
    trusted until it is older than the tick (git's racy files)."""
    graph = small_graph(tmp_path)
    plan = graph / "data" / "plan" / "test-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    memo: dict = {}
    load_records(graph, root=tmp_path, memo=memo)
    assert not [p for p in trusted_stats(memo[STATS]) if p.endswith("test-plan.yaml")]
