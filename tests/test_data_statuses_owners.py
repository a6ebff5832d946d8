"""Statuses, dates and owners exactly as the documents state them (issue 13; issue 10 "Status of actions").

Every expected value below is read from a seeds file; the comment says where.  An action without
`status` is "not stated": these tests also check that nothing was guessed."""
from collections import Counter
from pathlib import Path

import pytest

from planatlas.reading.records import load_records

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def rs():
    records, _diags = load_records(REPO / "graph")
    return records


def _a(rs, rid):
    return rs.get(rid).data if hasattr(rs, "get") else next(r.data for r in rs.of_type("action") if r.data["id"] == rid)


def _actions(rs):
    return {r.data["id"]: r.data for r in rs.of_type("action")}


def test_every_stated_status_has_words_date_and_source(rs):
    for rid, d in _actions(rs).items():
        if d.get("status"):
            assert d.get("status_text") and d.get("status_date") and d.get("status_source"), rid


def test_status_counts(rs):
    counts = Counter(d.get("status", "not-stated") for d in _actions(rs).values())
    # 107 stated = 60 migrated from the old scheme + 31 Local Care Updates Sept 2018 (Appendix E) + 6 Local Care
    # progress to date (Appendix B) + 10 Joint Forward Plan; the other 305 are not stated
    assert counts == {"not-stated": 305, "in-progress": 56, "planned": 33, "done": 18}


def test_local_care_updates_sept_2018(rs):
    a = _actions(rs)
    upd = {k: v for k, v in a.items() if v["plan"] == "stp-lc-updates-2018-09"}
    assert len(upd) == 53
    # Appendix E, East Kent: "Developed and agreed a realistic trajectory for activity ..."
    ek6 = a["stp-lc-upd-east-kent-6"]
    assert (ek6["status"], ek6["status_text"], str(ek6["status_date"])) == ("done", "Developed and agreed", "2018-09")
    # West Kent: "Implementation of new Falls prevention Service planned for Oct 2018"
    wk5 = a["stp-lc-upd-west-kent-5"]
    assert (wk5["status"], wk5["due"], str(wk5["due_date"])) == ("planned", "Oct 2018", "2018-10")
    # Medway: "to begin on October 2018"
    assert str(a["stp-lc-upd-medway-15"]["due_date"]) == "2018-10"
    # DGS & Swale: "by the end of Q3" has no year: words kept, no ISO date, a review note says why
    dgs1 = a["stp-lc-upd-dgs-and-swale-1"]
    assert dgs1["due"] == "by the end of Q3" and "due_date" not in dgs1 and "Q3" in dgs1["review_note"]
    dated = [k for k, v in upd.items() if v.get("due")]
    # 12 items state a date (periods such as "for 2018/19" or "next 4-5 years" are not due dates)
    assert len(dated) == 12
    stated = Counter(v.get("status", "not-stated") for v in upd.values())
    assert stated == {"not-stated": 22, "in-progress": 15, "done": 12, "planned": 4}
    # Items that only describe (no status words) stay not stated
    for rid in ("stp-lc-upd-east-kent-2", "stp-lc-upd-medway-1", "stp-lc-upd-dgs-and-swale-4"):
        assert "status" not in a[rid], rid


def test_programme_statuses_icp_update_2020(rs):
    progs = {r.data["id"]: r.data for r in rs.of_type("programme") if r.data["id"].startswith("wkicp-p-")}
    stated = {k: v for k, v in progs.items() if v.get("status")}
    assert len(stated) == 19
    assert all(v["status_source"] == "src-icp-update-2020" and str(v["status_date"]) == "2020-09" for v in stated.values())
    assert Counter(v["status"] for v in stated.values()) == {
        "on-hold": 3, "on-hold-restart-proposed": 3, "paused": 7, "live": 5, "proposal": 1}
    assert progs["wkicp-p-medicines-management"]["status_text"] == "Original Programmes that remain on hold"
    # the status follows the words: "remain on hold", "on hold/restart proposal papers due", "were paused"
    words = {"on-hold": "remain on hold", "on-hold-restart-proposed": "restart proposal", "paused": "were paused"}
    for v in stated.values():
        if v["status"] in words:
            assert words[v["status"]] in v["status_text"], v["id"]


def test_owners_exactly_as_written(rs):
    a = _actions(rs)
    # JFP ch.5 vascular: "NHS Kent and Medway ICB and all Provider trusts represented on NHS England Programme
    # Oversight Group": the group is the forum, the owners are the ICB and the trusts
    for rid in ("jfp-a-vascular-1", "jfp-a-vascular-2"):
        assert a[rid]["owners"] == ["nhs-kent-and-medway-icb", "provider-trusts-on-nhse-programme-oversight-group"]
    assert "armed-forces-network" not in a["jfp-a-families-6"]["owners"]          # "supported by the AFN"
    assert "turning-the-tide-oversight-board" not in a["jfp-a-inequalities-7"]["owners"]  # text, not owner cell
    assert a["stp-lc-ca6-a4"]["owners"] == ["kent-and-medway-ccgs"]               # "CCG Local Care leads to ..."
    # New ways 2019: "If authorised, the single CCG will be established on 1 April 2020" states neither
    k4 = a["nw19-a-key-date-4"]
    assert "owners" not in k4 and "timescale" not in k4 and str(k4["due_date"]) == "2020-04-01"
    for n in range(1, 5):
        assert "owners" not in a[f"ltp19-a-event-{n}"]


def test_no_horizon_inferred_from_a_date_alone(rs):
    a = _actions(rs)
    for rid in ("jhwb-wp-dec-local-care", "sc-a-7", "stp-lc-next-1", "jhwb-cqc-a-3"):
        assert "timescale" not in a[rid] and a[rid].get("due"), rid
    # a horizon the document does state is kept: DGS "Year 1 (by March 21)"
    assert a["dgs-a-frailty-y1-1"]["timescale"] == "short"


def test_every_stated_programme_status_has_words_date_and_source(rs):
    progs = [r.data for r in rs.of_type("programme") if r.data.get("status")]
    # 19 West Kent ICP programmes (002), 15 Joint Forward Plan and 7 West Kent HCP programmes and services, and the
    # Encompass GP incentive scheme
    assert len(progs) == 42
    for p in progs:
        assert p.get("status_text") and p.get("status_date") and p.get("status_source"), p["id"]
