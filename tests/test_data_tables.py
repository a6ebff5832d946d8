"""Tables and lists issue 13 found missing, now encoded (documents 000, 002, 003, 004).  Every count is
read from the document; comments say where."""
from collections import Counter
from pathlib import Path

import pytest

from planatlas.reading.records import load_records

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def rs():
    records, _diags = load_records(REPO / "graph")
    return records


def _d(rs, rid):
    return rs.records[rid].data


def test_ics_structures_table_000(rs):
    # "Integrated care systems (ICSs): Key planning and partnership bodies from April 2022"
    pops = {p: _d(rs, p)["population_text"] for p in ("ics-footprint-system", "ics-footprint-place", "ics-footprint-neighbourhood")}
    assert pops == {"ics-footprint-system": "Usually covers a population of 1-2 million",
                    "ics-footprint-place": "Usually covers a population of 250-500,000",
                    "ics-footprint-neighbourhood": "Usually covers a population of 30-50,000"}
    covers = {b: _d(rs, b)["covers"] for b in ("provider-collaboratives", "place-based-partnerships", "primary-care-networks")}
    assert covers == {"provider-collaboratives": ["ics-footprint-system"], "place-based-partnerships": ["ics-footprint-place"],
                      "primary-care-networks": ["ics-footprint-neighbourhood"]}
    assert _d(rs, "health-and-wellbeing-boards")["kind"] == "health-and-wellbeing-board"     # a board since the model migration
    assert "Independently reviews and rates the ICS" in _d(rs, "care-quality-commission")["description"]
    assert "Performance manages and supports" in _d(rs, "nhs-england")["description"]


def test_encompass_case_for_change_003(rs):
    obs = {o["kind"]: o["value"] for o in _d(rs, "enc-m-km-health-and-social-care-overspend")["observations"]}
    assert obs == {"actual": 141000000, "trajectory": 486000000}          # £141m last year, £486m by 2020/21
    assert _d(rs, "enc-m-ltc-share-of-nhs-budget")["observations"][0]["value"] == 70
    assert _d(rs, "enc-m-km-health-and-social-care-funding")["observations"][0]["value"] == 3600000000
    stp = [_d(rs, m)["observations"][0]["value"] for m in ("enc-m-acute-bed-patients-better-elsewhere",
                                                           "enc-m-avoidable-ae-admissions",
                                                           "enc-m-community-hospital-patients-better-at-home")]
    assert stp == [30, 12, 25]


def test_five_vanguard_types_data_sharing_and_gp_incentives_003(rs):
    types = [r.data for r in rs.of_type("programme") if r.data.get("part_of") == "nhs-new-care-models-vanguards"]
    assert len(types) == 5                                   # "There are 5 types of Vanguards"
    assert sorted(t["sequence"] for t in types) == [1, 2, 3, 4, 5]
    assert "signed by each GP practice" in _d(rs, "enc-prog-data-sharing-agreement")["description"]
    gp = _d(rs, "enc-prog-gp-incentive-scheme")
    assert gp["status"] == "in-progress" and "three phases" in gp["review_note"]


def test_local_care_risks_003(rs):
    risks = [r.data for r in rs.of_type("risk") if r.data["plan"] == "stp-lc-2018-19"]
    # 7.2: Culture 1, Communication 1, Workforce 1, Financial 4; reviewed July 2018
    assert Counter(r["category"] for r in risks) == {"Culture": 1, "Communication": 1, "Workforce": 1, "Financial": 4}
    assert all(str(r["stated_date"]) == "2018-07" for r in risks)


def test_nao_barriers_and_ten_year_plan_workstreams_003(rs):
    nao = [r.data for r in rs.of_type("risk") if r.data["plan"] == "jhwb-cqc-briefing-2018"]
    # 3.1.1 five, 3.1.2 seven, 3.1.3 four: the NAO's 16 challenges
    assert Counter(r["category"] for r in nao) == {"Financial challenges": 5, "Culture and structure": 7, "Strategic issues": 4}
    assert Counter(r["kind"] for r in nao) == {"barrier": 15, "issue": 1}
    ws = [r.data for r in rs.of_type("programme") if r.data.get("part_of") == "nhs-10-year-plan-workstreams"]
    assert len(ws) == 7                                     # "the following workstreams amongst 14 confirmed to date"


def test_long_term_plan_summary_and_pcn_benefits_004(rs):
    assert _d(rs, "km-ltp-response-2019")["delivers"] == "nhs-long-term-plan-2019"
    aims = [r for r in rs.of_type("outcome") if r.data["plan"] == "nhs-long-term-plan-2019"]
    enablers = [r for r in rs.of_type("enabler") if r.data["plan"] == "nhs-long-term-plan-2019"]
    assert len(aims) == 3 and len(enablers) == 3
    benefits = [r for r in rs.of_type("objective") if r.id.startswith("nw19-o-pcn-benefit-")]
    assert len(benefits) == 3
    assert "second largest provider" in _d(rs, "nw19-o-pcn-benefit-3")["summary"]


def test_icp_implementation_points_002(rs):
    ps = [r.data for r in rs.of_type("principle") if r.id.startswith("icp20-principle-")]
    assert len(ps) == 6                                      # aim, approach and four implementation points
    assert any("single strategic commissioner" in p["statement"] for p in ps)
