"""Input that used to be accepted although wrong: now an error (or a warning where it may be right)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import small_graph, write_record
from planatlas.cli import main

SRC = "sources:\n  - document: src-test\n    section: Intro\n"


def validate(graph, *extra):
    result = CliRunner().invoke(main, ["validate", str(graph), "--no-shacl", *extra])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("escape,code", [("\\u202E", "invisible-character"), ("\\u200B", "invisible-character"),
                                        ("\\e", "control-character"), ("\\0", "control-character"),
                                        ("\\x85", "control-character"), ("\\u2028", "control-character"),
                                        ("e\\u0301", "not-nfc"), ("\\uFEFF", "invisible-character")])
def test_yaml_escapes_are_checked_after_decoding(tmp_path, escape, code):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "esc", f'name: "Org {escape} x"\nkind: icb\n' + SRC)
    result = validate(graph)
    assert result.exit_code == 1
    assert f"esc.yaml:3:7: error[{code}]" in result.output


@pytest.mark.parametrize("field,value", [("population", "-5"), ("population", "-1")])
def test_negative_counts_are_errors(tmp_path, field, value):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "neg", f"name: Neg\nkind: icb\n{field}: {value}\n" + SRC)
    result = validate(graph)
    assert result.exit_code == 1
    assert f"error[negative] '{field}' must not be negative, got {value}" in result.output


def test_a_share_over_100_percent_is_a_warning(tmp_path):
    graph = small_graph(tmp_path)
    metric = graph / "data" / "metric" / "test-metric.yaml"
    metric.write_text(metric.read_text().replace("value: 2.6\n    unit: per 1,000 births", 'value: 140\n    unit: "%"'))
    result = validate(graph)
    assert result.exit_code == 0, result.output
    assert "warning[share-over-100] a share of 140% is more than the whole" in result.output


@pytest.mark.parametrize("rtype,rid,body,message", [
    ("board", "self-board", "name: Board\npart_of: test-icb\nadvises:\n  - self-board\n",
     "'advises' of board 'self-board' points at the record itself"),
    ("plan", "self-plan", "title: Plan\nkind: delivery-plan\nstatus: draft\ndelivers: self-plan\n",
     "'delivers' of plan 'self-plan' points at the record itself"),
    ("change", "self-change", "title: Change\nkind: merger\nfrom:\n  - test-icb\nto:\n  - test-icb\n",
     "'test-icb' is both before ('from') and after ('to') the change"),
])
def test_a_record_that_points_at_itself(tmp_path, rtype, rid, body, message):
    graph = small_graph(tmp_path)
    write_record(graph, rtype, rid, body + SRC)
    result = validate(graph)
    assert result.exit_code == 1
    assert message in result.output, result.output


def test_duplicate_entries_in_a_list_of_references(tmp_path):
    graph = small_graph(tmp_path)
    action = graph / "data" / "action" / "test-action-1.yaml"
    action.write_text(action.read_text().replace("  - test-trust\n", "  - test-trust\n  - test-icb\n  - test-trust\n"))
    result = validate(graph)
    assert result.exit_code == 1
    assert ("test-action-1.yaml:13:5: error[duplicate-entry] 'test-trust' is listed twice in 'owners' "
            "(first as item 1) (remove the repeated entry)") in result.output


@pytest.mark.parametrize("name", ["extra.YAML", "extra.yml", "extra.Yaml"])
def test_yaml_files_with_another_extension_are_reported(tmp_path, name):
    graph = small_graph(tmp_path)
    (graph / "data" / "organisation" / name).write_text("id: extra\n", encoding="utf-8")
    result = validate(graph)
    assert result.exit_code == 1
    assert f"error[file-extension] '{name}' is not read: record files end in '.yaml'" in result.output


def test_a_record_in_the_wrong_type_folder(tmp_path):
    graph = small_graph(tmp_path)
    write_record(graph, "plan", "lost-org", "name: Lost\n" + SRC)
    path = graph / "data" / "plan" / "lost-org.yaml"
    path.write_text(path.read_text().replace("type: plan", "type: organisation") + "kind: icb\n")
    result = validate(graph)
    assert result.exit_code == 1
    assert ("lost-org.yaml:2:1: error[wrong-folder] an organisation record is in the folder 'plan/' "
            "(move it to data/organisation/, or correct its 'type')") in result.output


@pytest.mark.parametrize("rid,message", [
    ("bad\nid", "'bad\\nid' is not a valid id"),
    ("index", "id 'index' is reserved for the site's own pages"),
    ("old-org", "id 'old-org' belonged to a withdrawn record"),
    ("test-icb", "id 'test-icb' is already used"),
    ("Upper", "'Upper' is not a valid id"),
])
def test_new_refuses_bad_reserved_and_retired_ids(tmp_path, rid, message):
    graph = small_graph(tmp_path)
    (graph / "retired-ids.txt").write_text("old-org  # merged into test-icb\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "organisation", rid, "--graph", str(graph)])
    assert result.exit_code == 1
    assert message in result.output
    if rid != "test-icb":
        assert not (graph / "data" / "organisation" / f"{rid}.yaml").exists()


def test_new_refuses_a_title_with_markup(tmp_path):
    graph = small_graph(tmp_path)
    result = CliRunner().invoke(main, ["new", "organisation", "ok-org", "--graph", str(graph),
                                       "--title", "<script>x</script>"])
    assert result.exit_code == 1 and "the title contains HTML markup" in result.output


def test_fmt_check_catches_crlf(tmp_path):
    graph = small_graph(tmp_path)
    path = graph / "data" / "organisation" / "test-icb.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = CliRunner().invoke(main, ["fmt", str(graph), "--check"])
    assert result.exit_code == 1
    assert f"would reformat {path}" in result.output
    assert CliRunner().invoke(main, ["fmt", str(graph)]).exit_code == 0
    assert b"\r" not in path.read_bytes()


def test_a_retired_id_never_suggests_the_record_itself(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "retired-ids.txt").write_text("test-trust-old\n", encoding="utf-8")
    org = graph / "data" / "organisation" / "test-trust.yaml"
    org.write_text(org.read_text().replace("part_of: test-icb", "part_of: test-trust-old"))
    result = validate(graph)
    line = next(x for x in result.output.splitlines() if "test-trust.yaml" in x and "part_of" in x)
    assert "did you mean 'test-trust'" not in line
    assert "'test-trust-old' in 'part_of' is the id of a withdrawn record (retired-ids.txt line 1)" in line


def test_a_homoglyph_id_is_named_and_the_hint_keeps_the_letter(tmp_path):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "tеst-org", "name: T\nkind: icb\n" + SRC)   # Cyrillic е
    result = validate(graph)
    assert ("error[bad-id] id 'tеst-org' is not a valid slug (it holds U+0435 CYRILLIC SMALL LETTER IE, "
            "which looks like 'e')") in result.output
    assert "e.g. 'test-org'" in result.output


def test_a_list_where_one_value_is_expected_in_a_list_field(tmp_path):
    graph = small_graph(tmp_path)
    action = graph / "data" / "action" / "test-action-1.yaml"
    action.write_text(action.read_text().replace("  - test-trust\n", "  - [test-trust, test-icb]\n"))
    result = validate(graph)
    assert "error[expected-scalar] each item of 'owners' must be a single value, not a list" in result.output
    assert "must be a single value (a list" not in result.output


def test_one_broken_record_gives_one_message_per_reference_not_a_cascade(tmp_path):
    graph = small_graph(tmp_path)
    icb = graph / "data" / "organisation" / "test-icb.yaml"
    icb.write_text(icb.read_text().replace("kind: icb", "kind: [icb"))
    result = validate(graph)
    assert result.exit_code == 1
    assert "not the id of any record" not in result.output
    assert "target record 'test-icb' failed to load, see" in result.output
