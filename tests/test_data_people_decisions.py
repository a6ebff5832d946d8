"""People in post and the minutes of 28 June 2018 (issue 13), read from the Joint Board pack (003) and the
ICP update (002).  Counts are taken from the documents; comments say where."""
from collections import Counter
from pathlib import Path

import pytest

from planatlas.reading.records import load_records
from helpers import records_where

REPO = Path(__file__).parents[1]
JB = "kent-and-medway-joint-health-and-wellbeing-board"


@pytest.fixture(scope="module")
def rs():
    records, _diags = load_records(REPO / "graph")
    return records


def _data(rs, rtype):
    return {r.data["id"]: r.data for r in rs.of_type(rtype)}


def test_counts(rs):
    assert len(_data(rs, "person")) == 48
    assert len(_data(rs, "post")) == 93
    assert len(_data(rs, "decision")) == 43


def test_october_membership_list_is_one_post_per_seat(rs):
    posts = [p for p in _data(rs, "post").values() if p["post_in"] == JB and str(p["named_date"]) == "2018-10-09"
             and p["role"] in ("chair", "vice-chair", "voting-member", "non-voting-member")]
    # front sheet: 24 names, 5 marked * (non-voting), Chairman and Vice-Chairman among the voting members
    assert len(posts) == 24
    assert Counter(p["role"] for p in posts) == {"voting-member": 17, "non-voting-member": 5, "chair": 1, "vice-chair": 1}
    seats = {p["seat"] for p in posts}
    assert seats == {m.data["id"] for m in records_where(rs, "membership", body=JB)}
    chair = next(p for p in posts if p["role"] == "chair")
    assert chair["held_by"] == "david-brake" and chair["represents"] == ["medway-council"]


def test_june_elections_and_substitutes(rs):
    posts = _data(rs, "post")
    chair = posts["post-david-brake-jhwb-chair-2018-06"]
    # minute 116: "Councillor David Brake was elected as Chairman for the forthcoming year"
    assert chair["decided_by"] == "jhwb-180628-116" and str(chair["start"]) == "2018-06-28"
    assert posts["post-peter-oakford-jhwb-vice-chair-2018-06"]["job_title"].startswith("Deputy Leader and Cabinet Member for Strategic")
    subs = {p["held_by"]: p for p in posts.values() if p["role"] == "substitute"}
    # substitutes list (4) and minute 122 c (Dr Caroline Rickard for Dr John Allingham)
    assert set(subs) == {"david-carr", "rupert-turpin", "lorraine-goodsell", "simon-perks", "caroline-rickard"}
    assert subs["caroline-rickard"]["substitute_for"] == "post-john-allingham-jhwb-non-voting-member-2018-10"
    present = [p for p in posts.values() if p["named_in"] == "record of the meeting of 28 June 2018: present"]
    assert len(present) == 16        # 18 present, the Chairman and Vice-Chairman recorded by their election posts


def test_senior_responsible_officers(rs):
    sro = {p["post_in"]: p["held_by"] for p in _data(rs, "post").values() if p["role"] == "sro"}
    # Local Care report "Report from: Caroline Selkirk, STP Local Care Senior Responsible Officer";
    # ICP update: "Louise Ashley DGT CEO / SRO"
    assert sro == {"kent-and-medway-stp": "caroline-selkirk", "dgs-icp": "louise-ashley"}
    co = {p["held_by"] for p in _data(rs, "post").values() if p["role"] == "co-chair"}
    assert co == {"louise-ashley", "liz-lunt"}


def test_person_pages_carry_no_contact_details(rs):
    for p in _data(rs, "person").values():
        text = repr(p)
        assert "@" not in text and "Tel" not in text, p["id"]


def test_minutes_of_28_june_2018(rs):
    ds = _data(rs, "decision")
    assert all(d["body"] == JB and str(d["date"]) == "2018-06-28" for d in ds.values())
    # minutes 116 to 126 each recorded
    assert {d["minute"].split()[0] for d in ds.values()} == {str(n) for n in range(116, 127)}
    assert Counter(d["kind"] for d in ds.values()) == {"reported": 15, "noted": 9, "agreed": 7, "raised": 6,
                                                       "requested": 3, "elected": 2, "recommended": 1}
    fund = ds["jhwb-180628-123-r4"]
    assert fund["amount"] == 700000 and fund["unit"] == "GBP" and "2018/19" in fund["text"]
    assert "Red, Amber, Green (RAG)" in ds["jhwb-180628-123-r6"]["text"]
    assert "nicotine addiction" in ds["jhwb-180628-123-r8"]["text"]
    assert "One Conversation" in ds["jhwb-180628-124-r2"]["text"]
    assert "fragility of the BCF grant funding" in ds["jhwb-180628-124-r4"]["text"]
    assert "reduced attendances by 4-5%" in ds["jhwb-180628-124-r5"]["text"]
    assert "devolve regulator responsibilities" in ds["jhwb-180628-125-r4"]["text"]
