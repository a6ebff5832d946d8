"""Completeness of the Kent and Medway Draft Joint Forward Plan, chapters 3, 4 and 5.

Source: /work/shared/seeds/001_ff18347df867e77d.txt (src-jfp-2023), lines 852-2175.
Every expected number below was counted from the left-hand objective headings, the "Metrics" boxes
and the action rows of those pages ("(continued)" pages are merged into their objective).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from planatlas.reading.records import load_records

GRAPH = Path(__file__).parents[1] / "graph"


@pytest.fixture(scope="module")
def rs():
    records, _ = load_records(GRAPH)
    return records


# objective id: (chapter, number in chapter, actions, metrics)
OBJECTIVES = {
    # Chapter 3 "How we will help people to manage their own health and wellbeing" (shared outcome 3)
    "jfp-o-support-positive-health-behaviours": (3, 1, 8, 2),  # 5 rows + 3 on "(continued)"; screening, hypertension BP
    "jfp-o-protect-the-public-from-health-threats": (3, 2, 2, 0),  # KMHPB paragraph + "We will work with the board"
    "jfp-o-support-people-to-age-well": (3, 3, 5, 0),
    "jfp-o-personalised-care-dementia": (3, 4, 8, 3),  # dementia diagnosis rate, 6 weeks memory assessment, 6 weeks to treatment
    "jfp-o-deliver-personalised-care": (3, 5, 7, 1),
    "jfp-o-palliative-and-end-of-life-care": (3, 6, 8, 2),
    # Chapter 4 "How we will support people with multiple health conditions" (shared outcome 4)
    "jfp-o-primary-care-general-practice": (4, 1, 9, 2),  # 8 rows + "Deliver 3 distinctive areas" on "(continued)"
    "jfp-o-primary-care-pharmacy-services": (4, 2, 1, 1),  # Medicines Optimisation Strategy block
    "jfp-o-primary-care-optometry-and-ophthalmology": (4, 3, 3, 0),
    "jfp-o-patient-empowerment-and-mdts": (4, 4, 1, 0),
    "jfp-o-conditions-maternity": (4, 5, 0, 0),  # "See shared outcome 1 - delivering effective maternity services"
    "jfp-o-serious-mental-illness": (4, 6, 4, 1),
    "jfp-o-cardiovascular-disease-and-hypertension": (4, 7, 5, 3),
    "jfp-o-cancer": (4, 8, 7, 2),
    "jfp-o-long-covid": (4, 9, 5, 1),  # 2 rows + 3 on "Long covid (continued)"
    "jfp-o-diabetes": (4, 10, 2, 1),
    "jfp-o-chronic-respiratory-disease": (4, 11, 4, 1),
    # Chapter 5 "How we will ensure access to hospital services and centres of excellence" (shared outcome 5)
    "jfp-o-close-to-home-mental-health": (5, 1, 2, 3),  # OAPs bed days, length of stay, 72-hour follow-up
    "jfp-o-east-kent-hospitals-programme": (5, 2, 1, 0),
    "jfp-o-community-diagnostic-centres": (5, 3, 3, 3),  # 6 weeks/DM01, activity increase, carbon
    "jfp-o-close-to-home-and-flow-virtual-wards": (5, 4, 3, 1),
    "jfp-o-urgent-and-emergency-care": (5, 5, 3, 2),  # A&E 4-hour, 2-hour urgent community response
    "jfp-o-elective-care": (5, 6, 2, 2),
    "jfp-o-winter-planning": (5, 7, 1, 0),
    "jfp-o-centres-of-excellence-specialised-services": (5, 8, 1, 0),
    "jfp-o-centres-of-excellence-vascular": (5, 9, 2, 0),
    "jfp-o-centres-of-excellence-stroke": (5, 10, 2, 1),
}
CHAPTER_OUTCOME = {3: "icstrat-outcome-3", 4: "icstrat-outcome-4", 5: "icstrat-outcome-5"}
# objectives per chapter: 6 in chapter 3, 11 in chapter 4, 10 in chapter 5
PER_CHAPTER = {3: 6, 4: 11, 5: 10}

# programmes, services, sites and phases named in chapters 3-5
PROGRAMMES = [
    "nhs-digital-weight-management-programme", "tobacco-dependence-treatment-service",
    "community-stop-smoking-services", "smoking-in-pregnancy-specialist-midwives", "nhs-health-check",
    "making-every-contact-count", "green-social-prescribing", "home-treatment-service",
    "medway-frailty-unit-sheppey-hospital", "enhanced-health-in-care-homes", "digital-social-care-records",
    "dementia-coordinators", "diadem", "gpwer-dementia", "admiral-nurses", "esther-ambassador-training",
    "pci-personalised-care-accredited-training", "personal-health-budgets", "better-care-fund",
    "social-prescribing-and-community-navigation-strategy", "social-prescribing-support-group",
    "compassionate-communities", "end-of-life-single-point-of-access",
    "recommended-summary-plan-for-emergency-care-and-treatment", "end-of-life-care-training-programme",
    "gp-development-plan", "community-pharmacist-consultation-service", "econsultations-health-hub-pilot",
    "ehub-model", "medicines-optimisation-strategy", "medicines-value", "medicine-safety",
    "medicines-assurance-and-outcome-monitoring", "tiers-of-care-optometry-and-ophthalmology",
    "complex-care-nursing", "kent-and-medway-care-record", "hypertension-support-package",
    "target-30-hypertension", "hypertension-heroes", "targeted-lung-health-check", "long-covid-service",
    "london-paediatric-hub", "pulmonary-rehabilitation", "diabetic-foot-care-pathway",
    "nhs-diabetes-prevention-programme", "asthma-friendly-schools", "mental-health-urgent-crisis-line",
    "mental-health-crisis-houses", "crisis-houses-medway-and-east-kent", "crisis-houses-west-and-north-kent",
    "mental-health-urgent-care-hubs", "west-kent-urgent-care-hub", "urgent-care-hubs-east-and-north-kent",
    "alternative-to-emergency-departments-pilot", "new-hospitals-programme", "east-kent-hospitals-programme",
    "community-diagnostic-centres", "west-kent-cdc", "east-kent-cdc", "medway-and-swale-cdc",
    "sheppey-community-hospital-cdc-hub", "rochester-healthy-living-centre-cdc-spoke",
    "dartford-gravesham-and-swanley-cdc-hub", "kent-and-medway-imaging-network", "virtual-wards",
    "uec-recovery-programme", "two-hour-urgent-community-response", "referral-optimisation-system",
    "operational-control-centre", "kent-and-canterbury-vascular-centre", "kent-and-canterbury-ir-suite-1",
    "kent-and-canterbury-ir-suite-2", "stroke-hasu-asu-reconfiguration", "stroke-phase-1", "stroke-phase-2",
    "hasu-darent-valley-hospital", "hasu-maidstone-hospital", "hasu-william-harvey-hospital",
    "thrombectomy-service", "thrombectomy-suite",
]


def _by_id(rs, rtype):
    return {r.data["id"]: r.data for r in rs.of_type(rtype)}


def test_objectives_per_chapter(rs):
    objs = _by_id(rs, "objective")
    for oid, (chapter, number, _, _) in OBJECTIVES.items():
        assert oid in objs, oid
        o = objs[oid]
        assert o["plan"] == "jfp-2023"
        assert o["chapter"] == chapter and o["number"] == number, oid
        assert CHAPTER_OUTCOME[chapter] in o["serves"], oid
    for chapter, n in PER_CHAPTER.items():
        got = [o for o in objs.values() if o.get("plan") == "jfp-2023" and o.get("chapter") == chapter]
        assert len(got) == n, (chapter, sorted(o["id"] for o in got))
        assert sorted(o["number"] for o in got) == list(range(1, n + 1))


def test_actions_per_objective(rs):
    actions = _by_id(rs, "action")
    for oid, (_, _, n_actions, _) in OBJECTIVES.items():
        got = [a for a in actions.values() if oid in a.get("contributes_to", [])]
        assert len(got) == n_actions, (oid, len(got))
        assert sorted(a["number"] for a in got) == list(range(1, n_actions + 1)), oid
        for a in got:
            assert a["plan"] == "jfp-2023" and a.get("timescale") and a.get("owners"), a["id"]
            if a["timescale"] == "unclear":
                assert a.get("timescale_note"), a["id"]


def test_metrics_per_objective(rs):
    metrics = _by_id(rs, "metric")
    for oid, (_, _, _, n_metrics) in OBJECTIVES.items():
        got = [m for m in metrics.values() if oid in m.get("measures", [])]
        assert len(got) == n_metrics, (oid, sorted(m["id"] for m in got))
        for m in got:
            assert m.get("plan") == "jfp-2023" and m.get("definition"), m["id"]


def test_programmes(rs):
    progs = _by_id(rs, "programme")
    for pid in PROGRAMMES:
        assert pid in progs, pid
    # roll-out sequences and phases
    assert progs["stroke-phase-2"]["depends_on"] == ["stroke-phase-1"]
    assert progs["crisis-houses-west-and-north-kent"]["depends_on"] == ["crisis-houses-medway-and-east-kent"]
    assert progs["urgent-care-hubs-east-and-north-kent"]["depends_on"] == ["west-kent-urgent-care-hub"]
    for site, phase in (("hasu-darent-valley-hospital", "stroke-phase-1"), ("hasu-maidstone-hospital", "stroke-phase-1"),
                        ("hasu-william-harvey-hospital", "stroke-phase-2")):
        assert progs[site]["part_of"] == phase
    cdc_parts = [p for p in progs.values() if p.get("part_of") == "community-diagnostic-centres"]
    assert len(cdc_parts) == 4  # West Kent, East Kent, Medway and Swale, Dartford Gravesham and Swanley
    # linked from actions
    used = {p for a in rs.of_type("action") for p in a.data.get("programmes", [])}
    for pid in ("community-diagnostic-centres", "operational-control-centre", "virtual-wards",
                "stroke-phase-1", "thrombectomy-service"):
        assert pid in used, pid


def _obs(rs, mid):
    return {r.data["id"]: r.data for r in rs.of_type("metric")}[mid].get("observations", [])


def _has(obs, kind, value, **kw):
    return any(o["kind"] == kind and Decimal(str(o["value"])) == Decimal(str(value))
               and all(str(o.get(k)) == str(v) for k, v in kw.items()) for o in obs)


def test_named_values(rs):
    # Chapter 3 dementia metric: "Dementia Diagnosis Rate maintained at 66.7%"
    assert _has(_obs(rs, "jfp-m-dementia-diagnosis-rate"), "target", 66.7)
    # Chapter 5 UEC metrics: 76% standard, 81% by March 2024, ambition 88%
    ae = _obs(rs, "jfp-m-ae-four-hour-standard")
    assert _has(ae, "target", 76, scope="national")
    assert _has(ae, "trajectory", 81, date="2024-03")
    assert _has(ae, "ambition", 88)
    # Chapter 5 CDC metrics: 95% within six weeks, 99% DM01 stretch by March 2025
    dm = _obs(rs, "jfp-m-diagnostic-test-within-six-weeks")
    assert _has(dm, "target", 95) and _has(dm, "target", 99, date="2025-03")
    # Stroke: GIRFT aims for 8% by 2025 (national), current ~2.2%
    th = _obs(rs, "jfp-m-thrombectomy-rate")
    assert _has(th, "ambition", 8, date="2025", scope="national")
    assert _has(th, "actual", 2.2)
    # SMI physical health checks: 60% target and the Q1-Q4 trajectory
    smi = _obs(rs, "jfp-m-smi-physical-health-checks")
    assert _has(smi, "target", 60)
    assert _has(smi, "actual", 40.6)
    traj = sorted((o["period"], int(o["value"])) for o in smi if o["kind"] == "trajectory")
    assert traj == [("Q1", 9922), ("Q2", 10228), ("Q3", 10533), ("Q4", 10839)]
    # Mental health close to home: 570 bed days, 32 / 77 days, 80% in 72 hours
    assert _has(_obs(rs, "jfp-m-mental-health-out-of-area-bed-days"), "target", 570)
    los = _obs(rs, "jfp-m-mental-health-length-of-stay")
    assert _has(los, "target", 32) and _has(los, "target", 77)
    assert _has(_obs(rs, "jfp-m-mental-health-discharge-follow-up-72-hours"), "target", 80)
    # Elective: 115%, 109% ERF, around 130% by 2024/25
    assert _has(_obs(rs, "jfp-m-elective-activity-vs-pre-pandemic"), "target", 115)
    assert _has(_obs(rs, "jfp-m-elective-activity-vs-pre-pandemic"), "ambition", 130)
    assert _has(_obs(rs, "jfp-m-elective-recovery-fund-target"), "target", 109)
    assert _has(_obs(rs, "jfp-m-two-hour-urgent-community-response"), "target", 70)
    cdc = _obs(rs, "jfp-m-cdc-activity-increase")
    assert _has(cdc, "target", 15) and _has(cdc, "target", 26)


def test_links(rs):
    actions = _by_id(rs, "action")
    assert actions["jfp-a-cvd-4"]["also_priority_for"] == ["dgs-hcp"]
    assert "icstrat-outcome-1" in _by_id(rs, "objective")["jfp-o-conditions-maternity"]["see_also"]
    assert actions["jfp-a-elective-2"]["due_date"] == "2024-03"
    assert actions["jfp-a-stroke-1"]["owners"] == ["provider-trust-boards"]
    boards = _by_id(rs, "board")
    assert boards["east-kent-hospitals-university-nhs-ft-board"]["part_of"] == "east-kent-hospitals-university-nhs-ft"
