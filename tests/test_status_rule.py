"""The metric status rule (status.py) as a table of cases: each row is a metric record's data
and the status, area and comparison the rule must give."""
from __future__ import annotations

import pytest

from planatlas.analysis import status as S


def obs(kind, value, unit="%", **kw):
    return {"kind": kind, "value": value, "unit": unit, **kw}


CASES = [
    # (name, direction, observations, comparisons, status, area, words in the reason)
    ("nothing at all", "higher", [], [], S.NO_DATA, "", "no measured value"),
    ("target only", "higher", [obs("target", 90)], [], S.NO_DATA, "", "no measured value"),
    ("baseline only", "higher", [obs("baseline", 50)], [], S.NO_DATA, "", "no measured value"),
    ("actual without target", "higher", [obs("actual", 50)], [], S.NO_DATA, "", "no target"),
    ("target in another unit", "higher", [obs("actual", 50), obs("target", 9, "days")], [], S.NO_DATA, "",
     "no target in the same unit"),
    ("no direction", None, [obs("actual", 50), obs("target", 60)], [], S.NO_DATA, "", "higher or lower"),
    ("higher, met", "higher", [obs("actual", 95), obs("target", 90)], [], S.ON_TRACK, "", "meets"),
    ("higher, met exactly", "higher", [obs("actual", 90), obs("target", 90)], [], S.ON_TRACK, "", "meets"),
    ("lower, met", "lower", [obs("actual", 8), obs("target", 10)], [], S.ON_TRACK, "", "meets"),
    ("lower, missed, no date", "lower", [obs("actual", 12), obs("target", 10)], [], S.AT_RISK, "",
     "no date to judge"),
    ("target without date, missed", "higher", [obs("actual", 80, date="2023-03"), obs("target", 90)], [],
     S.AT_RISK, "", "no date to judge"),
    ("missed after the target date", "higher",
     [obs("actual", 80, date="2024-06"), obs("target", 90, date="2024-03")], [], S.OFF_TRACK, "", "due by then"),
    ("missed before the target date", "higher",
     [obs("actual", 80, date="2023-06"), obs("target", 90, date="2024-03")], [], S.AT_RISK, "", "not yet due"),
    ("lower, worse than baseline", "lower",
     [obs("baseline", 10), obs("actual", 11), obs("target", 5)], [], S.OFF_TRACK, "", "no better than the baseline"),
    ("lower, improving on baseline", "lower",
     [obs("baseline", 10), obs("actual", 8), obs("target", 5)], [], S.AT_RISK, "", "improving on the baseline"),
    ("on trajectory", "higher",
     [obs("actual", 70, period="Q2"), obs("trajectory", 65, period="Q2"), obs("target", 90)], [], S.ON_TRACK, "",
     "meets the trajectory"),
    ("off trajectory", "higher",
     [obs("actual", 60, period="Q2"), obs("trajectory", 65, period="Q2"), obs("target", 90)], [], S.AT_RISK, "",
     "and the trajectory"),
    ("ambition when no target", "higher", [obs("actual", 6), obs("ambition", 5)], [], S.ON_TRACK, "",
     "the ambition of 5%"),
    ("several periods: latest by period", "higher",
     [obs("actual", 95, period="2019/20"), obs("actual", 70, period="2022/23"), obs("target", 90)], [],
     S.AT_RISK, "", "70%"),
    ("several periods: latest by date", "lower",
     [obs("actual", 12, date="2023-01"), obs("actual", 9, date="2021-01"), obs("target", 10)], [],
     S.AT_RISK, "", "12%"),
    ("several areas: worst local area", "higher",
     [obs("actual", 95, area="kent"), obs("actual", 70, area="medway"), obs("target", 90)], [],
     S.AT_RISK, "medway", "70%"),
    ("several areas: area target wins over a general one", "higher",
     [obs("actual", 80, area="kent"), obs("target", 75, area="kent"), obs("target", 90)], [],
     S.ON_TRACK, "kent", "75%"),
    ("england is a comparator when local values have a status", "lower",
     [obs("actual", 20, area="kent"), obs("actual", 30, area="england"), obs("target", 25)], [],
     S.ON_TRACK, "kent", "meets"),
    ("england counts when nothing local has a status", "lower",
     [obs("actual", 20, area="kent"), obs("actual", 14, area="england"), obs("target", 12, area="england")], [],
     S.AT_RISK, "england", "misses"),
    ("comparator only (stated in words)", "lower", [],
     [{"area": "kent", "comparison": "worse", "comparator": "England"}], S.NO_DATA, "", "in words only"),
]


@pytest.mark.parametrize("name,direction,observations,comparisons,status,area,words", CASES,
                         ids=[c[0] for c in CASES])
def test_status_rule(name, direction, observations, comparisons, status, area, words):
    data = {"observations": observations, "comparisons": comparisons}
    if direction:
        data["direction"] = direction
    result = S.metric_status(data)
    assert (result.status, result.area) == (status, area), result
    assert words in result.reason, result.reason


def test_stated_comparison_is_shown_in_the_documents_words():
    data = {"direction": "lower", "comparisons": [
        {"area": "kent", "comparison": "better", "comparator": "national average"},
        {"area": "medway", "comparison": "similar", "comparator": "the rest of England", "period": "2019"}]}
    got = [(c.area, c.label, c.stated, c.period) for c in S.metric_status(data).comparisons]
    assert got == [("kent", "Better than national average", True, ""),
                   ("medway", "Similar to the rest of England", True, "2019")]


@pytest.mark.parametrize("direction,local,expected", [
    ("lower", 15.4, "worse"), ("lower", 9.3, "better"), ("higher", 15.4, "better"), ("lower", 10.4, "similar")])
def test_comparison_worked_out_from_a_comparator_value(direction, local, expected):
    data = {"direction": direction, "observations": [
        obs("actual", local, area="medway", period="Q1 2018/19", comparator="England average (10.4%)"),
        obs("actual", 10.4, area="england", period="Q1 2018/19")]}
    comps = S.metric_status(data).comparisons
    assert [(c.area, c.comparison, c.comparator, c.stated) for c in comps] == [("medway", expected, "England", False)]


def test_no_comparison_is_worked_out_without_a_direction_or_a_matching_england_value():
    base = [obs("actual", 15, area="medway", period="2018", comparator="England")]
    assert S.metric_status({"observations": base + [obs("actual", 10, area="england", period="2018")]}).comparisons == ()
    assert S.metric_status({"direction": "lower", "observations": base + [
        obs("actual", 10, area="england", period="2017")]}).comparisons == ()


def test_stated_comparison_is_not_recomputed():
    data = {"direction": "lower", "observations": [
        obs("actual", 15, area="kent", period="2018", comparator="England", comparison="better"),
        obs("actual", 10, area="england", period="2018")]}
    assert [(c.comparison, c.stated) for c in S.metric_status(data).comparisons] == [("better", True)]


@pytest.mark.parametrize("text,year", [("2017/18", 2018), ("Q1 2018/19 (April to June 2018)", 2019),
                                       ("18/19", 2019), ("2014-2015", 2015), ("March 2024", 2024), ("Q3", 0)])
def test_period_year(text, year):
    assert S.period_year(text) == year


def test_bad_values_are_ignored_not_guessed():
    data = {"direction": "higher", "observations": [{"kind": "actual", "value": "n/a", "unit": "%"},
                                                    "junk", obs("target", 5)]}
    assert S.metric_status(data).status == S.NO_DATA


def test_action_status_absent_is_not_stated():
    assert S.action_status({}) == "not-stated"
    assert S.action_status({"status": "done"}) == "done"
    assert S.action_status({"status": "made-up"}) == "not-stated"
