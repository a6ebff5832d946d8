"""The status rule: whether a metric is on track, and how an area compares with England.

Why one module: the metric pages, the dashboards, plan health, the "How status is
worked out" page and the tests all read the rule from here, so it is stated and
computed once.  The rule uses only what the documents say (values, targets, their
dates, baselines, trajectories, direction, stated comparisons): no clock, no guess.
A status is therefore "as the documents stand", and two builds give the same answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on-track", "at-risk", "off-track", "no-data"
STATUSES = {ON_TRACK: "On track", AT_RISK: "At risk", OFF_TRACK: "Off track", NO_DATA: "No data"}
# Worst first: the status of a metric over several areas is the worst of theirs.
SEVERITY = {OFF_TRACK: 3, AT_RISK: 2, ON_TRACK: 1, NO_DATA: 0}
COMPARISONS = {"better": "Better than", "similar": "Similar to", "worse": "Worse than"}

ACTION_STATUS_ORDER = ("planned", "in-progress", "done", "paused", "stopped", "not-stated")

# Areas and scopes that are the comparator rather than the place the plan is for.
NATIONAL_AREAS = {"england"}
_NATIONAL_WORDS = re.compile(r"\b(england|english|national)\b", re.I)

# The rule in words, shown on every metric page and on the "How status is worked out" page.
RULE_STEPS: tuple[str, ...] = (
    "For each area with a measured value, take the latest one: the one with the latest date, or else the "
    "latest year named in its period; values with neither count as older, and among equals the one listed "
    "last in the record.",
    "Compare it with the target for the same area and unit (a target with no area stated applies to every "
    "area). With several targets, the one due last is used. With no target, a stated ambition is used instead.",
    "No data: there is no measured value, no target or ambition in the same unit, or the metric does not say "
    "whether higher or lower is better.",
    "On track: the latest value meets or beats the target (at or above it where higher is better, at or "
    "below it where lower is better).",
    "Off track: the target is missed and either its date had passed when the value was measured, or the "
    "value is no better than the baseline.",
    "On track as well when the target is not yet met but the value meets the trajectory stated for the same "
    "period.",
    "At risk: the target is missed, it was not yet due when the value was measured (or no date is stated), "
    "and the value is better than the baseline or no baseline is stated.",
    "A metric with several areas takes the worst status of its local areas (England and other national "
    "values are comparators and count only when there is nothing local).",
)
COMPARISON_STEPS: tuple[str, ...] = (
    "Better, similar or worse than England (or the national average) is shown where the document says so, "
    "in its own words.",
    "Where the document gives a comparator value instead (an England value for the same unit and period), "
    "the comparison is worked out from the two numbers and the direction; equal values are similar. No test "
    "of statistical significance is made, and the page says the comparison was worked out.",
)


@dataclass(frozen=True)
class Obs:
    """One observation of a metric, with the fields the rule reads."""

    index: int
    kind: str
    value: Decimal
    unit: str
    period: str = ""
    date: str = ""
    area: str = ""
    scope: str = ""
    comparator: str = ""
    comparison: str = ""

    @property
    def national(self) -> bool:
        return self.area in NATIONAL_AREAS or (self.scope == "national" and not self.area)

    @property
    def when(self) -> tuple:
        """Sort key of 'how recent': ISO date, else the latest year in the period, else oldest."""
        if self.date:
            parts = [int(p) for p in self.date.split("-")]
            return (1, *parts, *([12, 31][len(parts) - 1:]), self.index)
        year = period_year(self.period)
        if year:
            return (1, year, 0, 0, self.index)
        return (0, 0, 0, 0, self.index)


@dataclass(frozen=True)
class AreaStatus:
    area: str            # place id, or "" when the document names no area
    status: str
    reason: str
    latest: Obs | None = None
    target: Obs | None = None
    baseline: Obs | None = None
    trajectory: Obs | None = None


@dataclass(frozen=True)
class Comparison:
    area: str
    comparison: str      # better / similar / worse
    comparator: str      # the document's words ('England', 'national average')
    stated: bool         # True: the document says it; False: worked out from values
    period: str = ""
    value: Obs | None = None
    comparator_value: Obs | None = None

    @property
    def label(self) -> str:
        return f"{COMPARISONS[self.comparison]} {self.comparator}"


@dataclass(frozen=True)
class MetricStatus:
    status: str
    reason: str                  # why, in words (without the area: pages add its name)
    area: str                    # the area the status comes from ("" if none or not stated)
    areas: tuple[AreaStatus, ...]
    comparisons: tuple[Comparison, ...]
    counted: int = 0             # how many areas had a status other than no data

    @property
    def label(self) -> str:
        return STATUSES[self.status]


def period_year(text: str) -> int:
    """The latest year a period names: '2017/18' → 2018, 'Q1 2018/19' → 2019, '2014-2015' → 2015; 0 if none."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
    for a, b in re.findall(r"(?<!\d)(\d{2}|\d{4})/(\d{2})(?!\d)", text):
        start = int(a) if len(a) == 4 else 2000 + int(a)
        years.append(start - start % 100 + int(b) + (100 if int(b) < start % 100 else 0))
    return max(years, default=0)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def observations(data: dict) -> list[Obs]:
    """The observations of a metric record that carry a number (others are ignored, never guessed)."""
    out = []
    items = data.get("observations") if isinstance(data.get("observations"), list) else []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        value = _decimal(item.get("value"))
        if value is None or not item.get("kind"):
            continue
        out.append(Obs(i, str(item["kind"]), value, str(item.get("unit") or data.get("unit") or ""),
                       str(item.get("period") or ""), str(item.get("date") or ""), str(item.get("area") or ""),
                       str(item.get("scope") or ""), str(item.get("comparator") or ""),
                       str(item.get("comparison") or "")))
    return out


def _same_unit(a: Obs, b: Obs) -> bool:
    return " ".join(a.unit.lower().split()) == " ".join(b.unit.lower().split())


def meets(value: Decimal, goal: Decimal, direction: str) -> bool:
    return value >= goal if direction == "higher" else value <= goal


def better(value: Decimal, other: Decimal, direction: str) -> bool:
    return value > other if direction == "higher" else value < other


def _fmt(o: Obs) -> str:
    text = format(o.value.normalize(), "f") if o.value == o.value.to_integral() else str(o.value)
    unit = o.unit.strip()
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def _when(o: Obs) -> str:
    return o.period or o.date


def _pick(candidates: list[Obs], area: str) -> list[Obs]:
    """Observations for the area, or those that name no area when the area has none of its own."""
    own = [o for o in candidates if o.area == area]
    return own or [o for o in candidates if not o.area]


def area_status(obs: list[Obs], area: str, direction: str | None) -> AreaStatus:
    """The rule (RULE_STEPS) for one area."""
    actuals = [o for o in obs if o.kind == "actual" and o.area == area]
    if not actuals:
        return AreaStatus(area, NO_DATA, "no measured value")
    latest = max(actuals, key=lambda o: o.when)
    same_unit = [o for o in obs if _same_unit(o, latest)]
    goals = _pick([o for o in same_unit if o.kind == "target"], area)
    goal_word = "target"
    if not goals:
        goals, goal_word = _pick([o for o in same_unit if o.kind == "ambition"], area), "ambition"
    if not goals:
        return AreaStatus(area, NO_DATA, f"latest value {_fmt(latest)}, but no target in the same unit",
                          latest=latest)
    target = max(goals, key=lambda o: o.when)
    if direction not in ("higher", "lower"):
        return AreaStatus(area, NO_DATA, "the metric does not say whether higher or lower is better",
                          latest=latest, target=target)
    baselines = _pick([o for o in same_unit if o.kind == "baseline"], area)
    baseline = max(baselines, key=lambda o: o.when) if baselines else None
    trajectories = [o for o in _pick([o for o in same_unit if o.kind == "trajectory"], area)
                    if (o.period and o.period == latest.period) or (o.date and o.date == latest.date)]
    trajectory = trajectories[-1] if trajectories else None
    kw = dict(latest=latest, target=target, baseline=baseline, trajectory=trajectory)
    got = f"latest value {_fmt(latest)}" + (f" ({_when(latest)})" if _when(latest) else "")
    aim = f"the {goal_word} of {_fmt(target)}" + (f" ({_when(target)})" if _when(target) else "")
    if meets(latest.value, target.value, direction):
        return AreaStatus(area, ON_TRACK, f"{got} meets {aim}", **kw)
    if target.date and latest.date and latest.date >= target.date:
        return AreaStatus(area, OFF_TRACK, f"{got} misses {aim}, which was due by then", **kw)
    if baseline is not None and not better(latest.value, baseline.value, direction):
        return AreaStatus(area, OFF_TRACK, f"{got} misses {aim} and is no better than the baseline of "
                          f"{_fmt(baseline)}", **kw)
    if trajectory is not None:
        if meets(latest.value, trajectory.value, direction):
            return AreaStatus(area, ON_TRACK, f"{got} misses {aim} but meets the trajectory of "
                              f"{_fmt(trajectory)} for the same period", **kw)
        return AreaStatus(area, AT_RISK, f"{got} misses {aim} and the trajectory of {_fmt(trajectory)}", **kw)
    why = ("improving on the baseline of " + _fmt(baseline)) if baseline is not None else "no baseline stated"
    due = "not yet due" if target.date and latest.date else "no date to judge it by"
    return AreaStatus(area, AT_RISK, f"{got} misses {aim} ({due}; {why})", **kw)


def comparisons(data: dict, obs: list[Obs], direction: str | None) -> list[Comparison]:
    """Better / similar / worse than the comparator, per area: stated ones first, then worked out."""
    out: list[Comparison] = []
    seen: set[tuple[str, str]] = set()
    stated = data.get("comparisons") if isinstance(data.get("comparisons"), list) else []
    for item in stated:
        if isinstance(item, dict) and item.get("comparison") in COMPARISONS:
            area, period = str(item.get("area") or ""), str(item.get("period") or "")
            out.append(Comparison(area, str(item["comparison"]), str(item.get("comparator") or "the comparator"),
                                  True, period))
            seen.add((area, period))
    for o in obs:
        if o.comparison in COMPARISONS and o.comparator:
            out.append(Comparison(o.area, o.comparison, o.comparator, True, _when(o), value=o))
            seen.add((o.area, _when(o)))
    if direction in ("higher", "lower"):
        national = [o for o in obs if o.kind == "actual" and o.area in NATIONAL_AREAS]
        for o in obs:
            if (o.kind != "actual" or o.comparison or not o.comparator or o.area in NATIONAL_AREAS
                    or not _NATIONAL_WORDS.search(o.comparator) or (o.area, _when(o)) in seen):
                continue
            match = [n for n in national if _same_unit(n, o) and n.period == o.period and n.date == o.date]
            if match:
                n = match[-1]
                word = "similar" if o.value == n.value else "better" if better(o.value, n.value, direction) \
                    else "worse"
                out.append(Comparison(o.area, word, "England", False, _when(o), value=o, comparator_value=n))
    return out


def metric_status(data: dict) -> MetricStatus:
    """The status of a metric record (its `data` mapping), with the reason in words."""
    direction = data.get("direction") if data.get("direction") in ("higher", "lower") else None
    obs = observations(data)
    areas_seen = sorted({o.area for o in obs if o.kind == "actual"})
    per_area = tuple(area_status(obs, a, direction) for a in areas_seen)
    comps = tuple(comparisons(data, obs, direction))
    local = [s for s in per_area if s.area not in NATIONAL_AREAS and not (s.latest and s.latest.national)]
    pool = [s for s in (local if any(s.status != NO_DATA for s in local) else per_area) if s.status != NO_DATA]
    if not pool:
        if not per_area:
            reason = "no measured value" + (" (the document compares it in words only)" if comps else "")
        elif len({s.reason for s in per_area}) == 1 or len(per_area) == 1:
            reason = per_area[0].reason
        else:
            reason = "no area has both a measured value and a target in the same unit"
        return MetricStatus(NO_DATA, reason, per_area[0].area if len(per_area) == 1 else "", per_area, comps)
    worst = max(pool, key=lambda s: (SEVERITY[s.status], s.area))
    return MetricStatus(worst.status, worst.reason, worst.area, per_area, comps, len(pool))


def action_status(data: dict) -> str:
    """The action's stated status, or 'not-stated' (never guessed)."""
    value = data.get("status")
    return str(value) if value in ACTION_STATUS_ORDER else "not-stated"


def count_by(values: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    counts = {k: 0 for k in order}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts
