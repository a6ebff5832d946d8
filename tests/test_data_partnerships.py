"""Completeness of the partnership-history records read from documents 000, 002 and 004.

Expected numbers are counted from the source documents (see the comment on each):
000 = src-wk-hcp-update-2021 (West Kent HCP update, 3 Nov 2021), 002 = src-icp-update-2020 (ICP update,
Sept 2020), 004 = src-new-ways-2019 (New ways of organising health and care services, 2019).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from planatlas.reading.records import load_records
from helpers import records_where

GRAPH = Path(__file__).parents[1] / "graph"


@pytest.fixture(scope="module")
def rs():
    records, _ = load_records(GRAPH)
    return records


_of = records_where


def _ids(rs, type_, **where):
    return {r.data["id"] for r in _of(rs, type_, **where)}


def _members(rs, body, role=None):
    return {r.data["member"] for r in _of(rs, "membership", body=body) if role is None or r.data["role"] == role}


# ---------------------------------------------------------------- structure
def test_eight_ccgs_and_single_ccg(rs):
    # 004 "Single CCG key dates and next steps": "The GP members of all eight CCGs"; names from 003 minutes.
    ccgs = _ids(rs, "organisation", kind="ccg")
    eight = {"nhs-ashford-ccg", "nhs-canterbury-and-coastal-ccg", "nhs-south-kent-coast-ccg", "nhs-thanet-ccg",
             "nhs-dartford-gravesham-and-swanley-ccg", "nhs-medway-ccg", "nhs-swale-ccg", "nhs-west-kent-ccg"}
    assert eight <= ccgs
    assert "nhs-kent-and-medway-ccg" in ccgs
    merger = rs.get("change-eight-ccgs-merge-into-km-ccg") if hasattr(rs, "get") else None
    merger = merger or next(r for r in rs.of_type("change") if r.data["id"] == "change-eight-ccgs-merge-into-km-ccg")
    assert set(merger.data["from"]) == eight and len(merger.data["from"]) == 8
    assert merger.data["to"] == ["nhs-kent-and-medway-ccg"]
    assert merger.data["kind"] == "merger" and str(merger.data["date"]) == "2020-04-01"


def test_change_events(rs):
    changes = {r.data["id"]: r.data for r in rs.of_type("change")}
    expected = {
        "change-km-stp-to-ics": ("replacement", None),            # 004 / 002 / 000: no date stated
        "change-eight-ccgs-merge-into-km-ccg": ("merger", "2020-04-01"),  # 004 key dates
        "change-km-ccg-to-km-icb": ("replacement", "2022-07"),    # 001: the ICB responsible "since July 2022"
        "change-west-kent-icp-to-west-kent-hcp": ("replacement", None),   # 002 ICPs -> 000 PBPs
        "change-dgs-icp-to-dgs-hcp": ("replacement", None),
        "change-east-kent-icp-to-east-kent-hcp": ("replacement", None),
        "change-medway-and-swale-icp-to-medway-and-swale-hcp": ("replacement", None),
        "change-sevenoaks-swanley-pcns-go-live": ("establishment", "2019-07-01"),  # 004 PCNs "from 1 July 2019"
        "change-dgs-icp-partnership-board-starts": ("establishment", "2019-08"),    # 002 "since August 2019"
        "change-dgs-icp-elected-members-forum-established": ("establishment", "2020-08-04"),  # 002 "4th Aug 20"
    }
    for cid, (kind, date) in expected.items():
        assert cid in changes, cid
        assert changes[cid]["kind"] == kind
        if date is None:
            assert "date" not in changes[cid] and changes[cid].get("review_note"), cid
        else:
            assert str(changes[cid]["date"]) == date
    # the ICB's date is the month the Joint Forward Plan says it has acted since, not a stated
    # replacement day: the record says so to editors
    assert "No document states the day" in changes["change-km-ccg-to-km-icb"]["review_note"]


def test_icps_and_hcps(rs):
    # 002 "Kent & Medway ICS is organised into 4 ICPs"; 000 "There are four PBPs in Kent and Medway".
    assert {"west-kent-icp", "dgs-icp", "east-kent-icp", "medway-and-swale-icp"} <= _ids(rs, "partnership", kind="icp")
    assert {"west-kent-hcp", "dgs-hcp", "east-kent-hcp", "medway-and-swale-hcp"} <= _ids(rs, "partnership", kind="hcp")
    wk = next(r for r in rs.of_type("partnership") if r.data["id"] == "west-kent-hcp").data
    assert wk["population"] == 491000  # 000 "About west Kent": about 491,000 people
    assert "kent-and-medway-stp" in _ids(rs, "partnership", kind="stp")


def test_pcns(rs):
    pcns = _ids(rs, "organisation", kind="pcn")
    # 002 Partnership Board table: 7 DGS PCNs; 004: Sevenoaks and Swanley/rural PCNs
    dgs = {"dartford-central-pcn", "dartford-model-pcn", "garden-city-pcn", "gravesend-alliance-pcn",
           "gravesend-central-pcn", "lmn-pcn", "swanley-and-rural-pcn"}
    assert dgs | {"sevenoaks-pcn"} <= pcns


# ---------------------------------------------------------------- memberships
def test_west_kent_hcp_members(rs):
    # 000 "Which organisations are part of West Kent HCP?": 7 bullets naming 10 organisations
    # (four councils in one bullet); 2 named wider stakeholders (Healthwatch, 111).
    assert len(_members(rs, "west-kent-hcp", "member")) == 10
    assert _members(rs, "west-kent-hcp", "wider-stakeholder") == {"healthwatch-kent", "nhs-111"}


def test_dgs_partnership_board(rs):
    # 002 "DGS ICP Governance: The Partnership Board": table of 23 members
    assert len(_members(rs, "dgs-icp-partnership-board", "member")) == 23
    # 002 governance: SRO co-chairs with a nominated PCN Clinical Director
    assert len(_members(rs, "dgs-icp-partnership-board", "co-chair")) == 2
    assert _members(rs, "dgs-icp", "sro") == {"dartford-and-gravesham-nhs-trust"}
    # 002 "2 of the 5 advisory functions have now been established"
    af = [r.data for r in _of(rs, "membership", body="dgs-icp-partnership-board", role="advisory-member")]
    assert len(af) == 5
    assert Counter(m["status"] for m in af) == {"established": 2, "to-be-established": 3}


def test_dgs_advisory_board(rs):
    # 002 "the Advisory Board": 6 members, recorded by post
    ms = [r.data for r in _of(rs, "membership", body="dgs-icp-advisory-board")]
    assert len(ms) == 6 and all(m.get("post") for m in ms)


def test_west_kent_icp_boards(rs):
    # 002 "West Kent ICP - our governance": Development Board, Executive Group; clinical and professional advisory group
    boards = {r.data["id"] for r in rs.of_type("board") if r.data.get("part_of") == "west-kent-icp"}
    assert boards == {"west-kent-icp-development-board", "west-kent-icp-executive-group",
                      "west-kent-icp-clinical-and-professional-advisory-group"}
    assert len(_of(rs, "membership", body="west-kent-icp")) == 3


# ---------------------------------------------------------------- plans
def _count(rs, type_, plan, **where):
    return len(_of(rs, type_, plan=plan, **where))


def test_km_ics_draft_vision(rs):
    p = "kmics-draft-vision-2020"
    assert _count(rs, "outcome", p, kind="aim") == 5      # 002 "K & M ICS- Draft vision": aims 1) to 5)
    # 002 "K& M ICS- Draft principles": 7 bullets, and "What could an ICP look like?": aim, approach and 4
    # implementation points (6, ids icp20-principle-*)
    assert _count(rs, "principle", p) == 13
    assert sum(1 for r in rs.of_type("principle") if r.data["plan"] == p and not r.id.startswith("icp20-")) == 7


def test_west_kent_icp_programmes(rs):
    p = "wkicp-2020"
    progs = {r.data["id"]: r.data.get("status") for r in _of(rs, "programme", plan=p, kind="programme")}
    # 002 "How we are working together": 13 pre-COVID programmes; "Transformation priorities": 12 programmes,
    # 6 of them the same as pre-COVID ones -> 19 distinct programmes
    assert len(progs) == 19
    st = Counter(progs.values())
    # Transformation priorities: 5 live, 1 new proposal; 3 on hold with a restart proposal due, 3 that remain
    # on hold, and 7 pre-COVID ones that "were paused" (the status scheme keeps the three apart)
    assert st == {"live": 5, "proposal": 1, "on-hold-restart-proposed": 3, "on-hold": 3, "paused": 7}
    assert _count(rs, "objective", p, kind="priority") == 3   # 002 "our next steps": 3 reset priorities
    facc = next(r for r in rs.of_type("programme") if r.data["id"] == "wkicp-p-frailty").data
    assert {"wkicp-p-iuc", "wkicp-p-dementia", "wkicp-p-care-homes", "wkicp-p-integrated-therapy",
            "wkicp-p-digital-by-default"} <= set(facc["supports"])


DGS = {  # 002 DGS priority tables: (year 1 goals, years 2 & 3 goals, outcome measures)
    "dgs-o-priority-1-frailty": (7, 5, 5),
    "dgs-o-priority-2-mental-health": (6, 4, 6),
    "dgs-o-priority-3-urgent-emergency-care": (9, 3, 6),
    "dgs-o-priority-4-long-term-conditions": (4, 3, 7),
}


def test_dgs_work_programme(rs):
    p = "dgs-icp-2020-21"
    assert _count(rs, "objective", p, kind="priority") == 4   # "the 4 Health Improvement Priorities"
    assert _count(rs, "objective", p, kind="objective") == 3  # "The ICP is focusing on 3 things"
    actions = _of(rs, "action", plan=p)
    metrics = _of(rs, "metric", plan=p)
    for oid, (y1, y23, om) in DGS.items():
        acts = [a.data for a in actions if oid in a.data.get("contributes_to", [])]
        assert sum(a.get("timescale") == "short" for a in acts) == y1, oid
        assert sum(a.get("timescale") == "medium" for a in acts) == y23, oid
        assert sum(oid in m.data.get("measures", []) for m in metrics) == om, oid
    assert len(actions) == 41 + 1   # 41 goals + the governance-structure action
    assert len(metrics) == 24


def test_west_kent_hcp_2021(rs):
    p = "wkhcp-2021"
    assert _count(rs, "outcome", p, kind="vision") == 4        # 000 "Our Vision": 4 bullets
    assert _count(rs, "objective", p, kind="support") == 7     # 000 support arrangements: 7 bullets
    assert _count(rs, "objective", p, kind="next-step") == 4   # 000 "Next steps for West Kent HCP": 4 bullets
    assert _count(rs, "action", p) == 5                         # 000 engagement commitments: 5 bullets
    assert _count(rs, "programme", p) == 7                      # 000 impact examples 2020/21: 7 examples
    hn = [m.data for m in _of(rs, "metric", plan=p) if m.data["id"].startswith("wkhcp21-hn-")]
    assert len(hn) == 13 + 6   # 000 health needs: 13 better, 6 worse than the national average
    assert all(m["measures"] == ["west-kent-hcp"] and m.get("definition") and m.get("review_note") for m in hn)
    obs = {m.data["id"]: m.data.get("observations", []) for m in _of(rs, "metric", plan=p)}
    assert obs["wkhcp21-m-post-covid-referrals"][0]["value"] == 802
    assert obs["wkhcp21-m-oximetry-referrals"][0]["value"] == 1793
    assert [(o["kind"], o["value"]) for o in obs["wkhcp21-m-video-consultations"]] == [("baseline", 2000), ("actual", 120000)]


def test_new_ways_2019(rs):
    assert _count(rs, "outcome", "new-ways-2019", kind="aim") == 3       # 004 "Our ambition": 3 bullets
    key = [a for a in _of(rs, "action", plan="new-ways-2019") if "nw19-o-single-ccg" in a.data["contributes_to"]]
    assert len(key) == 5                                                    # 004 key dates: 5 bullets
    assert {str(a.data.get("due_date")) for a in key} >= {"2019-09-30", "2020-04-01"}
    assert len([a for a in _of(rs, "action", plan="new-ways-2019")
                if "nw19-o-gp-safeguards" in a.data["contributes_to"]]) == 5  # 004 safeguards: 5 bullets
    assert _count(rs, "principle", "km-ltp-response-2019") == 5             # 004 LTP response principles: 5
    assert _count(rs, "action", "km-ltp-response-2019") == 4                # 004 "four evening events"


def test_west_kent_health_needs_comparisons(rs):
    # 000 "Our health needs – what do we do well?": 13 areas where West Kent "performs better than the national
    # average"; "Our health needs": 6 areas where "West Kent falls below national averages".
    hn = [m.data for m in _of(rs, "metric", plan="wkhcp-2021") if m.data["id"].startswith("wkhcp21-hn-")]
    cmps = [c for m in hn for c in m.get("comparisons", [])]
    assert all(len(m.get("comparisons", [])) == 1 for m in hn)
    assert all(c["area"] == "west-kent" and c["comparator"] == "national average" for c in cmps)
    assert Counter(c["comparison"] for c in cmps) == {"better": 13, "worse": 6}
