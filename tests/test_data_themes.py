"""Themes across plans (issue 13): the tags in the records are exactly the keyword rule plus the recorded
review, every theme has a page, and the smoking theme is traced from 2018 to 2023 as the documents say."""
import re
from collections import Counter
from pathlib import Path

import pytest

from planatlas import model

from planatlas.analysis import themes
from planatlas.reading.records import load_records

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def rs():
    records, _diags = load_records(REPO / "graph")
    return records


def test_tags_are_rule_plus_review(rs):
    for t in themes.TAGGED_TYPES:
        for r in rs.of_type(t):
            assert (r.data.get("themes") or []) == themes.reviewed(r), r.id


def test_review_entries_name_real_records_and_real_proposals(rs):
    for rid, (removed, added, why) in themes.REVIEW.items():
        r = rs.records[rid]
        assert why
        assert set(removed) <= set(themes.propose(r)), rid        # a removal overturns a real proposal
        assert not set(added) & set(themes.propose(r)), rid


def test_theme_scheme_and_counts(rs):
    assert set(themes.THEMES) == set(model.SCHEMES["theme"].concepts)
    counts = Counter(t for tt in themes.TAGGED_TYPES for r in rs.of_type(tt) for t in r.data.get("themes") or [])
    assert len(counts) == 29 and all(counts.values())
    assert sum(1 for tt in themes.TAGGED_TYPES for r in rs.of_type(tt) if r.data.get("themes")) == 675
    assert counts["stroke"] == 21 and counts["dementia"] == 21 and counts["alcohol"] == 4


@pytest.mark.parametrize("rid, theme, present", [
    ("stp-lc-upd-west-kent-5", "frailty", True),            # "new Falls prevention Service"
    ("wkhcp21-hn-diabetes", "frailty", False),              # "West Kent falls below national averages"
    ("maternity-continuity-of-carer", "carers", False),     # continuity of carer is not about carers
    ("jfp-m-carbon-emissions-patient-and-staff-travel", "digital", False),   # 'emissions' is not EMIS
    ("stp-lc-ca6-a3", "maternity-and-children", False),     # "send out" is not SEND
    ("jfp-a-health-behaviours-4", "smoking-and-tobacco", True),
    ("rochester-healthy-living-centre-cdc-spoke", "prevention", False),      # REVIEW: a building's name
])
def test_spot_checks(rs, rid, theme, present):
    assert (theme in (rs.records[rid].data.get("themes") or [])) is present


def test_smoking_traced_from_2018_to_2023(rs):
    page = themes.theme_pages(rs)["themes/smoking-and-tobacco.md"]
    assert page.startswith("# Theme: Smoking and tobacco")
    glance = page.split("## What recurs")[0]
    assert "| smoking in pregnancy | recurs (2018, 2023) |" in glance
    assert "| tobacco dependence treatment | new in 2023 |" in glance
    assert "| smokefree sites | not in the 2023 plan (last in 2018) |" in glance
    # items are linked to their record pages, with stated status and due date
    assert "(../actions/stp-prev-a-satod-2.md) (planned, due from April 2019)" in page
    assert "(../programmes/tobacco-dependence-treatment-service.md)" in page


def test_every_theme_has_a_page_linking_only_existing_records(rs):
    pages = themes.theme_pages(rs)
    assert set(pages) == {"themes/index.md"} | {f"themes/{t}.md" for t in model.SCHEMES["theme"].concepts}
    for path, text in pages.items():
        for target in re.findall(r"\]\(\.\./([a-z]+)/([a-z0-9-]+)\.md\)", text):
            plural, rid = target
            assert rid in rs.records and model.RECORD_TYPES[rs.records[rid].type].plural == plural, (path, rid)
        assert "How records are tagged" in text
