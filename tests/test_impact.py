"""What is at risk if something slips (impact.py) on a fixture with a known dependency chain,
a diamond and a loop, and `planatlas impact` on the command line."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planatlas.cli import main
from planatlas.analysis.impact import ImpactIndex
from planatlas.reading.records import Record, RecordSet

SITEGRAPH = Path(__file__).parent / "fixtures" / "sitegraph"


def rec(rtype: str, rid: str, **data) -> Record:
    return Record(rtype, rid, {"id": rid, "type": rtype, "title": rid, "name": rid, **data}, "mem.yaml")


def fixture() -> RecordSet:
    """a1 ← a2 ← a3 ← a4 (a chain), a2 ← b ← d and a2 ← c ← d (a diamond), x ↔ y (a loop), y ← z;
    programme p supports a1 and is part of programme q."""
    records = [
        rec("outcome", "out-1"), rec("outcome", "out-2"),
        rec("objective", "obj-1", serves=["out-1"]), rec("objective", "obj-2", serves=["out-2"]),
        rec("action", "a1", contributes_to=["obj-1"]),
        rec("action", "a2", depends_on=["a1"]),
        rec("action", "a3", depends_on=["a2"], contributes_to=["obj-2"]),
        rec("action", "a4", depends_on=["a3"]),
        rec("action", "b", depends_on=["a2"]), rec("action", "c", depends_on=["a2"]),
        rec("action", "d", depends_on=["b", "c"]),
        rec("action", "x", depends_on=["y"]), rec("action", "y", depends_on=["x"]),
        rec("action", "z", depends_on=["y"]),
        rec("programme", "p", supports=["a1", "obj-1"], part_of="q"), rec("programme", "q"),
        rec("metric", "m-obj-2", measures=["obj-2"]), rec("metric", "m-a4", measures=["a4"]),
        rec("metric", "m-out-1", measures=["out-1"]),
    ]
    return RecordSet({r.id: r for r in records})


def ids(items) -> list[tuple[str, int]]:
    return [(x.id, x.distance) for x in items]


def test_chain_and_diamond_nearest_first_each_once():
    imp = ImpactIndex(fixture()).impact("a1")
    assert ids(imp.work) == [("a2", 1), ("a3", 2), ("b", 2), ("c", 2), ("a4", 3), ("d", 3)]
    assert ids(imp.objectives) == [("obj-1", 1), ("obj-2", 3)]
    assert ids(imp.outcomes) == [("out-1", 2), ("out-2", 4)]
    assert ids(imp.metrics) == [("m-out-1", 3), ("m-a4", 4), ("m-obj-2", 4)]
    assert imp.loop == [] and not imp.depth_limited
    d = next(x for x in imp.work if x.id == "d")
    assert d.via in ("b", "c") and d.how == "depends_on"


def test_loop_is_reported_and_the_walk_ends():
    index = ImpactIndex(fixture())
    imp = index.impact("x")
    assert imp.loop == ["y"]
    assert ids(imp.work) == [("y", 1), ("z", 2)]
    assert index.impact("y").loop == ["x"]


def test_programme_supports_and_part_of():
    imp = ImpactIndex(fixture()).impact("p")
    assert ("a1", 1) in ids(imp.work) and ("q", 1) in ids(imp.work) and ("a2", 2) in ids(imp.work)
    assert ids(imp.objectives)[0] == ("obj-1", 1)


def test_depth_bound():
    imp = ImpactIndex(fixture()).impact("a1", max_depth=2)
    assert ids(imp.work) == [("a2", 1), ("a3", 2), ("b", 2), ("c", 2)]
    assert imp.depth_limited


def test_nothing_depends_on_a_leaf():
    imp = ImpactIndex(fixture()).impact("d")
    assert imp.work == [] and imp.objectives == []


def test_long_chain_is_linear_enough():
    """A 20,000-step chain with a loop at its end: the SCC index and one walk finish (no find_cycle)."""
    n = 20_000
    records = [rec("action", f"s{i}", depends_on=[f"s{i - 1}"] if i else [f"s{n - 1}"]) for i in range(n)]
    index = ImpactIndex(RecordSet({r.id: r for r in records}))
    imp = index.impact("s0", max_depth=50)
    assert len(imp.work) == 50 and imp.depth_limited and len(imp.loop) == n - 1


def run(*args: str):
    return CliRunner().invoke(main, ["impact", *args, "--graph", str(SITEGRAPH)])


def test_cli_table_and_json():
    result = run("demo-a-1")
    assert result.exit_code == 0, result.output
    assert "If demo-a-1" in result.output and "demo-a-2" in result.output
    data = json.loads(run("demo-a-1", "--format", "json").output)
    assert data["id"] == "demo-a-1"
    assert [x["id"] for x in data["work"]["shown"]][0] == "demo-a-2"
    assert data["work"]["total"] >= 1


def test_cli_unknown_id_exits_1_with_did_you_mean():
    result = run("demo-a-11")
    assert result.exit_code == 1
    assert "did you mean demo-a-1" in result.output
    result = run("demo-plan")
    assert result.exit_code == 1 and "is a plan" in result.output


def test_cli_missing_graph_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["impact", "x", "--graph", str(tmp_path / "nope")])
    assert result.exit_code == 2
