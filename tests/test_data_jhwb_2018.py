"""Completeness of the records read from the Kent and Medway Joint Health and Wellbeing Board
agenda pack of 9 October 2018 (source src-jhwb-2018, seeds file 003_6312f080f65fe85a.txt).

Every expected number below is counted from the document; the comment says where."""
from collections import Counter
from pathlib import Path

import pytest

from planatlas.reading.records import load_records
from helpers import records_where

DOC = "src-jhwb-2018"


@pytest.fixture(scope="module")
def rs():
    records, _diags = load_records(Path(__file__).parents[1] / "graph")
    return records


_of = records_where


def _ids(recs):
    return {r.data["id"] for r in recs}


def _cites(r, doc=DOC):
    return any(s.get("document") == doc for s in r.data.get("sources", []))


# --- the Joint Board and its membership --------------------------------------------------

def test_joint_board_advises_both_hwbs(rs):
    jb = _of(rs, "board", id="kent-and-medway-joint-health-and-wellbeing-board")
    assert len(jb) == 1
    # "advisory joint sub-committee of the Kent Health and Wellbeing Board and the Medway Health and
    # Wellbeing Board" (CQC briefing 1.1; tobacco report 10.1; Local Care report 9.1)
    assert set(jb[0].data["advises"]) == {"kent-health-and-wellbeing-board", "medway-health-and-wellbeing-board"}
    # One model for health and wellbeing boards: boards of kind health-and-wellbeing-board, each part of its
    # council ("Kent County Council's and Medway Council's Health and Wellbeing Boards", minutes 28 June 2018)
    assert jb[0].data["kind"] == "health-and-wellbeing-board"
    for hwb, council in (("kent-health-and-wellbeing-board", "kent-county-council"),
                         ("medway-health-and-wellbeing-board", "medway-council")):
        board = _of(rs, "board", id=hwb)[0].data
        assert (board["kind"], board["part_of"]) == ("health-and-wellbeing-board", council)
    assert not [r for r in rs.of_type("partnership") if "wellbeing board" in r.data["name"].lower()]


def test_joint_board_membership_counts(rs):
    mems = _of(rs, "membership", body="kent-and-medway-joint-health-and-wellbeing-board")
    roles = Counter(m.data["role"] for m in mems)
    # Front sheet "Membership": 24 members, 5 marked * (non-voting): Swale BC, Kent LMC, Kent PCC,
    # Sevenoaks DC, Design and Learning Centre.  Of the 19 voting members one is Chairman (Medway
    # Council Portfolio Holder for Adults' Services) and one Vice-Chairman (KCC Deputy Leader).
    assert len(mems) == 24
    assert roles == {"voting-member": 17, "chair": 1, "vice-chair": 1, "non-voting-member": 5}
    by_member = Counter(m.data["member"] for m in mems)
    # 7 seats each for Medway Council and Kent County Council on the front sheet
    assert by_member["medway-council"] == 7
    assert by_member["kent-county-council"] == 7
    nonvoting = {m.data["member"] for m in mems if m.data["role"] == "non-voting-member"}
    assert nonvoting == {"swale-borough-council", "kent-local-medical-committee", "kent-police-and-crime-commissioner",
                         "sevenoaks-district-council", "design-and-learning-centre-for-clinical-and-social-innovation"}


def test_named_organisations_exist(rs):
    orgs = _ids(rs.of_type("organisation"))
    for oid in ("healthwatch-kent", "healthwatch-medway", "nhs-england", "care-quality-commission",
                "swale-borough-council", "sevenoaks-district-council", "kent-local-medical-committee"):
        assert oid in orgs
    # the eight CCGs in Kent and Medway (front sheet; tobacco report 3.2)
    ccgs = [r for r in rs.of_type("organisation") if r.data.get("kind") == "ccg" and _cites(r)
            and r.data["id"] != "nhs-brighton-and-hove-ccg"]
    assert len(ccgs) == 8
    assert _of(rs, "partnership", id="kent-and-medway-stp")[0].data["kind"] == "stp"


# --- prevention ---------------------------------------------------------------------------

def test_prevention_priorities(rs):
    # Prevention Dashboard report 1.2 and tobacco report 1.2: four prevention priorities
    prios = _of(rs, "outcome", plan="stp-prevention-action-plan")
    assert len(prios) == 4
    assert all(p.data["kind"] == "priority" for p in prios)


def test_dashboard_indicators(rs):
    # Agenda item 6 "six indicators"; Appendix 1 lists six indicator titles with definitions
    ms = _of(rs, "metric", plan="stp-prev-dashboard-2018")
    assert len(ms) == 6
    assert all(m.data.get("definition") for m in ms)
    obs = {m.data["id"]: len(m.data.get("observations", [])) for m in ms}
    # Adult smoking: Kent 16.3, Medway 17.6, England 14.9 (tobacco 3.1), Medway 23.6 in 2013 and
    # Thanet 23.7 (dashboard 3.1.1, 3.1.5), national baseline 15.5, target 12 (4.2), ambition 5 (4.3)
    assert obs["stp-prev-m-smoking-prevalence-adults"] == 8
    # SATOD: 7 CCG values + England average 10.4 (tobacco 3.2.1) + national target 6% (4.2)
    assert obs["stp-prev-m-smoking-at-time-of-delivery"] == 9
    # The four other indicators' chart values are missing from the text extraction
    for mid in ("stp-prev-m-physically-active-adults", "stp-prev-m-adults-overweight-or-obese",
                "stp-prev-m-obesity-children-10-11", "stp-prev-m-nhs-health-checks-offered"):
        assert obs[mid] == 0
        assert "missing from the text extraction" in ms[[m.data["id"] for m in ms].index(mid)].data["review_note"]


def test_tobacco_metrics_and_national_targets(rs):
    ms = {m.data["id"]: m for m in _of(rs, "metric", plan="stp-prev-tobacco-2018")}
    # tobacco report 3.3 (age 15: Kent, Medway, England) and 3.4 (routine and manual: Kent, Medway, England)
    assert set(ms) == {"stp-prev-m-smoking-prevalence-age-15", "stp-prev-m-smoking-prevalence-routine-manual"}
    assert len(ms["stp-prev-m-smoking-prevalence-age-15"].data["observations"]) == 5  # 3 values + baseline 8 + target 3
    assert len(ms["stp-prev-m-smoking-prevalence-routine-manual"].data["observations"]) == 3
    national = []
    for m in rs.of_type("metric"):
        for o in m.data.get("observations", []):
            if o.get("scope") == "national" and o["kind"] in ("target", "ambition") and _cites(m):
                national.append((m.data["id"], float(o["value"]), str(o.get("date"))))
    # tobacco 4.2: adults 12% / 15-year-olds 3% / pregnancy 6% by end of 2022; 4.3: 5% by 2027
    # (the routine and manual inequality gap target has no number, so it is text on the metric)
    assert sorted(national) == sorted([
        ("stp-prev-m-smoking-prevalence-adults", 12, "2022-12"),
        ("stp-prev-m-smoking-prevalence-age-15", 3, "2022-12"),
        ("stp-prev-m-smoking-at-time-of-delivery", 6, "2022-12"),
        ("stp-prev-m-smoking-prevalence-adults", 5, "2027"),
    ])


@pytest.mark.parametrize("objective, n", [
    ("stp-prev-tob-o-stp-key-actions", 4),      # tobacco 5.1: four bullets
    ("stp-prev-tob-o-existing", 3),             # tobacco 6: support services, maternal, tobacco control
    ("stp-prev-tob-o-kent-2018-19", 8),         # tobacco 7.1 Kent: eight bullets
    ("stp-prev-tob-o-medway-2018-19", 14),      # tobacco 7.2 Medway: 11 bullets + 3 indented sub-bullets
    ("stp-prev-tob-o-recommended-stp-nhs", 10),  # tobacco Appendix 1, STP/NHS: ten bullets
    ("stp-prev-tob-o-recommended-la", 7),        # tobacco Appendix 1, Local authorities: seven bullets
])
def test_tobacco_actions(rs, objective, n):
    acts = [a for a in _of(rs, "action", plan="stp-prev-tobacco-2018") if objective in a.data.get("contributes_to", [])]
    assert len(acts) == n
    assert sorted(a.data["number"] for a in acts) == list(range(1, n + 1))


def test_tobacco_owners(rs):
    for a in _of(rs, "action", plan="stp-prev-tobacco-2018"):
        if "stp-prev-tob-o-kent-2018-19" in a.data["contributes_to"]:
            assert a.data["owners"] == ["kent-county-council"]
        if "stp-prev-tob-o-medway-2018-19" in a.data["contributes_to"]:
            assert "medway-council" in a.data["owners"]


# --- Local Care ---------------------------------------------------------------------------

def test_local_care_objectives_and_deliverables(rs):
    objs = [o for o in _of(rs, "objective", plan="stp-lc-2018-19") if o.data.get("kind") == "objective"]
    # Local Care report 2.1 and Appendix B, Appendix 2: four key objectives for 2018/19
    assert len(objs) == 4
    per = Counter(c for a in _of(rs, "action", plan="stp-lc-2018-19") for c in a.data.get("contributes_to", []))
    # Appendix 2 key deliverables: objective 1: 4, objective 2: 5, objective 3: 5, objective 4: 2
    assert [per[f"stp-lc-o-{i}"] for i in (1, 2, 3, 4)] == [4, 5, 5, 2]
    assert len(_of(rs, "outcome", plan="stp-lc-2018-19")) == 1  # Appendix 2 "Aim"


def test_local_care_critical_areas(rs):
    cas = [o for o in _of(rs, "objective", plan="stp-lc-2018-19") if o.data.get("kind") == "critical-area"]
    # Local Care report 2.4: "7 critical areas"
    assert len(cas) == 7
    per = Counter(c for a in _of(rs, "action", plan="stp-lc-2018-19") for c in a.data.get("contributes_to", []))
    # Appendix B table, Key Actions column (critical area 2 repeats one bullet, recorded once;
    # critical area 3's a-c sub-list is one action)
    assert [per[f"stp-lc-ca-{i}"] for i in range(1, 8)] == [3, 4, 3, 3, 1, 4, 4]


def test_local_care_next_steps(rs):
    # Local Care report 3.2 "Next steps": four dated bullets
    nxt = [a for a in _of(rs, "action", plan="stp-lc-2018-19") if "stp-lc-o-next-steps" in a.data.get("contributes_to", [])]
    assert len(nxt) == 4
    assert all(a.data.get("due") for a in nxt)


def test_local_care_governance_boards(rs):
    boards = _ids(rs.of_type("board"))
    for b in ("kent-and-medway-local-care-implementation-board", "kent-and-medway-stp-programme-board",
              "kent-and-medway-local-workforce-action-board"):
        assert b in boards


def test_local_care_communications(rs):
    # Local Care report 5.2 table: 7 objectives, 10 milestones with timings
    assert len(_of(rs, "objective", plan="stp-lc-comms-2018-19")) == 7
    ms = _of(rs, "action", plan="stp-lc-comms-2018-19")
    assert len(ms) == 10 and all(m.data.get("due") for m in ms)


@pytest.mark.parametrize("area, n", [("east-kent", 14), ("west-kent", 10), ("medway", 16), ("dgs-and-swale", 13)])
def test_local_care_locality_updates(rs, area, n):
    # Appendix E "Local Care Updates Sept 2018": bullets per sub-system (West Kent's two outpatient
    # transformation stages are one item)
    acts = [a for a in _of(rs, "action", plan="stp-lc-updates-2018-09") if f"stp-lc-upd-o-{area}" in a.data["contributes_to"]]
    assert len(acts) == n


# --- Encompass ----------------------------------------------------------------------------

def test_encompass_vanguard_members(rs):
    enc = _of(rs, "partnership", id="encompass-mcp-vanguard")
    assert len(enc) == 1 and enc[0].data["kind"] == "vanguard"
    mems = _of(rs, "membership", body="encompass-mcp-vanguard")
    practices = [m for m in mems if not m.data["id"].startswith("enc-mem-partner-")]
    partners = [m for m in mems if m.data["id"].startswith("enc-mem-partner-")]
    assert len(practices) == 14  # legacy report 3.1: 14 practices
    assert len(partners) == 8    # legacy report 3.2: eight partner organisations listed


def test_encompass_legacy_outcomes(rs):
    plan = _of(rs, "plan", id="enc-legacy-report-2018")
    assert plan and plan[0].data["kind"] == "legacy-report"
    outs = _of(rs, "outcome", plan="enc-legacy-report-2018")
    # section 9 "Our outcomes": emergency, short stay, catheter admissions, A&E minor attendance shift,
    # 3.4m savings (5); section 2: 1,189 admissions avoided (1); section 6.1.1 ICM: 1,900 patients,
    # 150 case load, 76% no admissions (3)
    assert len(outs) == 9
    ms = _of(rs, "metric", plan="enc-legacy-report-2018")
    # the 9 outcome metrics, and the 6 figures of the case for change (section 1.1): LTC share of the NHS
    # budget, funding, overspend (actual and 2020/21 trajectory), and the STP's 30%, 12% and 25%
    assert len(ms) == 15
    assert len([m for m in ms if "enc-o-case-for-change" in m.data.get("measures", [])]) == 6
    emerg = _of(rs, "metric", id="enc-m-emergency-admissions")[0]
    assert [float(o["value"]) for o in emerg.data["observations"]] == [8.2, 2.6, 4.9]


# --- other plan elements ------------------------------------------------------------------

def test_strategic_commissioner(rs):
    # Strategic Commissioner Update 2.3 (five progress bullets) and 2.4 (two intentions)
    assert len(_of(rs, "action", plan="km-strategic-commissioner-2018")) == 7
    # 2.3: steering group of 8 CCG chairs, KCC rep, Medway rep, CCG lay members, Accountable Officer
    assert len(_of(rs, "membership", body="kent-and-medway-strategic-commissioner-steering-group")) == 12


def test_cqc_briefing_and_work_programme(rs):
    # CQC briefing 5.2.1, 5.2.2, 5.3, 5.4: four recommendation areas
    assert len(_of(rs, "objective", plan="jhwb-cqc-briefing-2018")) == 4
    # Work Programme Appendix 1: four standing items; 12 scheduled items (tobacco deep dive, six
    # items on 14 December 2018, four on 19 March 2019, physical activity date to be determined)
    assert len(_of(rs, "objective", plan="jhwb-work-programme-2018-19")) == 4
    assert len(_of(rs, "action", plan="jhwb-work-programme-2018-19")) == 12


def test_every_record_of_these_plans_cites_the_document(rs):
    plans = {"stp-prevention-action-plan", "stp-prev-dashboard-2018", "stp-prev-tobacco-2018", "stp-lc-2018-19",
             "stp-lc-comms-2018-19", "stp-lc-updates-2018-09", "enc-legacy-report-2018", "km-strategic-commissioner-2018",
             "jhwb-cqc-briefing-2018", "jhwb-work-programme-2018-19"}
    n = 0
    for t in ("objective", "action", "metric", "outcome"):
        for r in rs.of_type(t):
            if r.data.get("plan") in plans:
                assert _cites(r), r.data["id"]
                n += 1
    assert n > 200


def test_prevention_dashboard_commentary_actions(rs):
    acts = _of(rs, "action", plan="stp-prevention-action-plan")
    by_prefix = Counter(a.data["id"].rsplit("-", 1)[0] for a in acts)
    # Prevention Dashboard report section 3 commentary: 3.1 adult smoking (7 activities),
    # 3.2 SATOD (5), 3.3 physical activity (6), 3.4-3.5 obesity (2 + 4), 3.6 NHS Health Checks (2)
    assert by_prefix == {"stp-prev-a-smoking": 7, "stp-prev-a-satod": 5, "stp-prev-a-activity": 6,
                         "stp-prev-a-obesity": 6, "stp-prev-a-health-checks": 2}
    # numbers in the commentary: 118 (and 55) home visit quits, 250 quitters target, 58% hand rolling tobacco
    assert len(_of(rs, "metric", plan="stp-prevention-action-plan")) == 3


def test_dashboard_comparisons_without_numbers(rs):
    # Prevention Dashboard Progress, "3. Advice and analysis" (3.1-3.6): comparisons stated without a number.
    ms = {m.data["id"]: m.data for m in _of(rs, "metric", plan="stp-prev-dashboard-2018")}

    def cmp(mid):
        return sorted((c["area"], c["comparison"], c.get("period")) for c in ms[mid].get("comparisons", []))

    # 3.1.1 "Kent County smoking prevalence is above the national prevalence"
    assert cmp("stp-prev-m-smoking-prevalence-adults") == [("kent", "worse", None)]
    # 3.2.1 Folkestone and Hythe, Swale, Dover and Thanet "compare unfavourably with the English average and
    # bring the entire county below the English average"
    assert cmp("stp-prev-m-smoking-at-time-of-delivery") == sorted(
        (a, "worse", None) for a in ("folkestone-and-hythe", "swale", "dover", "thanet", "kent"))
    # 3.3.1 Kent better than the national average, Gravesham below the English average; 3.3.3 Medway similar
    assert cmp("stp-prev-m-physically-active-adults") == sorted(
        [("kent", "better", None), ("gravesham", "worse", None), ("medway", "similar", None)])
    # 3.4.1 Kent higher than England, outliers Dartford, Swale and Maidstone; 3.4.4 Medway similar for the most
    # recent year, worse than England in 2015/16
    assert cmp("stp-prev-m-adults-overweight-or-obese") == sorted(
        [("kent", "worse", None), ("dartford", "worse", None), ("swale", "worse", None),
         ("maidstone", "worse", None), ("medway", "similar", "most recent year's data"),
         ("medway", "worse", "2015/16")])
    # 3.5.1 Kent better than the national average, "a considerable outlier in Gravesham"; 3.5.5 Medway similar
    assert cmp("stp-prev-m-obesity-children-10-11") == sorted(
        [("kent", "better", None), ("gravesham", "worse", None), ("medway", "similar", None)])
    # 3.6.1 NHS Health Checks: against Kent's own targets, not England -> no comparison
    assert cmp("stp-prev-m-nhs-health-checks-offered") == []
    assert sum(len(m.get("comparisons", [])) for m in ms.values()) == 1 + 5 + 3 + 6 + 3
