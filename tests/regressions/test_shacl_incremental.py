"""SHACL judges only records whose inputs changed (graph/shacl.py record signatures, the cache's memo).

A warm run must give exactly what a full pySHACL run gives: the same diagnostics whatever part
of the memo is missing, and a record whose own file did not change is judged again when a
record next to it changes what SHACL reads (a link pointing at it).
"""
from __future__ import annotations

import dataclasses
import random

from click.testing import CliRunner

from helpers import small_graph, write_record
from planatlas.cli import main
from planatlas.graph.shacl import record_signatures, run_shacl


def _formatted(diags) -> list[str]:
    return sorted(d.format() for d in diags)


def test_warm_shacl_gives_the_full_runs_diagnostics_whatever_the_memo_holds(shipped):
    memo: dict = {}
    full = _formatted(run_shacl(shipped, memo))                     # cold: every record, the whole graph
    assert any("warning[outcome-without-objective]" in line for line in full)
    assert len([k for k in memo if isinstance(k, str)]) == len(shipped.records)   # and the compiled shapes
    no_graph = dataclasses.replace(shipped, graph=None, diagnostics=list(shipped.diagnostics))
    rng = random.Random(7)
    for k in rng.sample(sorted(k for k in memo if isinstance(k, str)), 40):   # a few records judged again
        del memo[k]
    assert _formatted(run_shacl(no_graph, memo)) == full           # without a loaded graph: a neighbourhood
    assert _formatted(run_shacl(shipped, memo)) == full              # fully warm, with the graph


def test_a_signature_changes_with_a_link_pointing_at_the_record(shipped):
    records = dict(shipped.records.records)
    before = record_signatures(records, shipped.config.base_iri, b"shapes")
    objective = next(r for r in records.values() if r.type == "objective" and r.data.get("serves"))
    served = objective.data["serves"][0]
    records[objective.id] = dataclasses.replace(objective, data={**objective.data, "serves": []})
    after = record_signatures(records, shipped.config.base_iri, b"shapes")
    assert after[served] != before[served]
    changed = {rid for rid in records if after[rid] != before[rid]}
    assert changed >= {objective.id, served}
    assert len(changed) < 10


def test_warm_validate_sees_a_warning_on_a_record_whose_file_did_not_change(tmp_path, monkeypatch):
    graph = small_graph(tmp_path)
    write_record(graph, "outcome", "test-outcome-2", "title: A second outcome\nplan: test-plan\nstatement: Live well.\n"
                 "sources:\n  - document: src-test\n    section: Chapter 1\n")
    objective = graph / "data" / "objective" / "test-objective.yaml"
    objective.write_text(objective.read_text(encoding="utf-8").replace(
        "  - test-outcome-1\n", "  - test-outcome-1\n  - test-outcome-2\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["validate", "graph"])
    assert first.exit_code == 0, first.output
    assert "outcome-without-objective" not in first.output
    assert list((tmp_path / ".planatlas" / "cache").glob("shacl-*.pickle"))      # the memo is kept
    objective.write_text(objective.read_text(encoding="utf-8").replace("  - test-outcome-2\n", ""),
                         encoding="utf-8")
    second = CliRunner().invoke(main, ["validate", "graph"])
    assert second.exit_code == 0, second.output
    assert ("graph/data/outcome/test-outcome-2.yaml:1:1: warning[outcome-without-objective] outcome "
            "'test-outcome-2': No objective serves this outcome") in second.output
