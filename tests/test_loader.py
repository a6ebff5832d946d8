"""The strict loader: each YAML trap gives one clear diagnostic at the right place."""
from __future__ import annotations

from pathlib import Path

import pytest

from planatlas.reading.records import load_records
from helpers import small_graph, write_record

ORG = "kind: vcse\nsources:\n  - document: src-test\n    section: Intro\n"


def diagnose(tmp_path: Path, body: str, rtype: str = "organisation", rid: str = "x-org") -> list[str]:
    graph = small_graph(tmp_path)
    write_record(graph, rtype, rid, body)
    _rs, diags = load_records(graph, root=tmp_path)
    return [d.format() for d in diags]


@pytest.mark.parametrize("body,expected", [
    ("name: !!python/object:os.system x\n" + ORG,
     "graph/data/organisation/x-org.yaml:3:7: error[yaml-tag] YAML tag 'tag:yaml.org,2002:python/object:os.system' "
     "is not allowed (remove the '!' tag; records hold plain text, lists and mappings)"),
    ("<<: {name: A}\n" + ORG,
     "graph/data/organisation/x-org.yaml:3:1: error[yaml-merge] YAML merge keys ('<<') are not allowed "
     "(write the fields out in full)"),
    ("name: A\n" + ORG + "---\nid: y\n",
     "graph/data/organisation/x-org.yaml:9:1: error[multiple-documents] file holds more than one YAML document "
     "(put one record in each file)"),
    ("name: A\n" + ORG.replace("section: Intro", "section: Intro\n    section: Again"),
     "graph/data/organisation/x-org.yaml:8:5: error[duplicate-key] duplicate key 'section' (first given at "
     "line 7) (keep one of them; YAML would silently keep only the last)"),
    ("name: Cafe\u0301\n" + ORG,
     "graph/data/organisation/x-org.yaml:3:11: error[not-nfc] text is not in Unicode NFC form (retype the "
     "accented letter, or run 'planatlas fmt' to normalise it)"),
    ("name:\n" + ORG,
     "graph/data/organisation/x-org.yaml:3:6: error[empty-value] 'name' has no value (give a value, or remove "
     "the line)"),
    ("name: A\nother_names: B\n" + ORG,
     "graph/data/organisation/x-org.yaml:4:14: error[expected-list] 'other_names' must be a list (write it as "
     "a list: '- value' lines under 'other_names:')"),
    ("name: A\npopulation: \"491000\"\n" + ORG,
     "graph/data/organisation/x-org.yaml:4:13: error[not-a-number] 'population' must be a whole number, not "
     "quoted text (remove the quotes around '491000')"),
    ("name: A\npopulation: 491,000\n" + ORG,
     "graph/data/organisation/x-org.yaml:4:13: error[not-a-number] 'population' must be a whole number, got "
     "'491,000' (write 491000)"),
    ("name: A\nfounded: 1 April 2020\n" + ORG,
     "graph/data/organisation/x-org.yaml:4:10: error[bad-date] 'founded' must be an ISO date (YYYY, YYYY-MM or "
     "YYYY-MM-DD), got '1 April 2020' (keep the document's wording in a text field such as 'due' or "
     "'date_text')"),
    ("name: A\nkind: charity\nsources:\n  - document: src-test\n    section: Intro\n",
     "graph/data/organisation/x-org.yaml:4:7: error[bad-value] 'charity' is not a known organisation-kind for "
     "'kind' (one of: nhs-trust, foundation-trust, icb, ccg, nhs-england, county-council, unitary-council, "
     "district-council, pcn, gp-practice, gp-federation, vcse, healthwatch, ambulance-service, "
     "emergency-service, nhs-111, independent-provider, professional-committee, university, regulator, "
     "hospice, housing, other)"),
])
def test_trap(tmp_path, body, expected):
    assert expected in diagnose(tmp_path, body)


def test_yaml_11_words_in_text_fields_stay_text(tmp_path):
    graph = small_graph(tmp_path)
    write_record(graph, "organisation", "norway", "name: no\nshort_name: on\nother_names:\n  - 0123\n  - 12:30\n"
                 "founded: 2020-04-01\n" + ORG)
    rs, diags = load_records(graph, root=tmp_path)
    assert [d for d in diags if d.severity == "error"] == []
    data = rs.records["norway"].data
    assert (data["name"], data["short_name"], data["other_names"], data["founded"]) == \
        ("no", "on", ["0123", "12:30"], "2020-04-01")


def test_every_value_keeps_its_position(tmp_path):
    graph = small_graph(tmp_path)
    rs, _ = load_records(graph, root=tmp_path)
    metric = rs.records["test-metric"]
    pos = metric.pos("observations[0].value")
    assert (pos.path, pos.line, pos.col) == ("graph/data/metric/test-metric.yaml", 10, 5)
    assert metric.pos("observations[0].nonexistent").line == 9  # falls back to the enclosing item


def test_invalid_utf8(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "data" / "organisation" / "bad.yaml").write_bytes(b"id: bad\nname: caf\xe9\n")
    _rs, diags = load_records(graph, root=tmp_path)
    assert "graph/data/organisation/bad.yaml:2:1: error[encoding] file is not valid UTF-8 (save it as UTF-8)" in \
        [d.format() for d in diags]


def test_id_index_is_reserved_for_list_pages(tmp_path):
    assert ("graph/data/organisation/index.yaml:1:5: error[reserved-id] id 'index' is reserved for the site's own "
            "pages (choose a more specific id, e.g. 'index-1')") in diagnose(tmp_path, "name: A\n" + ORG, rid="index")
