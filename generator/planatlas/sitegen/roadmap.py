"""The roadmap: actions by planning horizon and by due date, split by outcome, as inline SVG
timelines with the same content as a text list beside them.

Why lanes per outcome in a narrow viewBox: a roadmap of 400 actions cannot label every
action and stay readable on a phone, so the drawing shows how many actions fall in each
horizon (and where dated ones fall in time) per outcome, and the list beside it names
every action with its due date and links to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from planatlas.analysis import views as V
from planatlas.sitegen.charts import TEXT, WIDTH, xml_text
from planatlas.reading.records import Record
from planatlas.analysis.scopes import TIMESCALE_LABELS, TIMESCALES, timescale

SHORT_LABELS = {"short": "Short", "medium": "Medium", "long": "Long", "ongoing": "Ongoing", "unclear": "Unclear",
                "": "None"}
LANE_FILL = "#e8eaf6"
DOT = "#1a237e"


@dataclass
class Lane:
    """One outcome (or 'not linked to an outcome') and its actions."""

    key: str             # outcome id, or '' for actions linked to no outcome
    label: str
    actions: list[Record]

    def by_horizon(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {t: [] for t in TIMESCALES}
        for a in self.actions:
            out[timescale(a)].append(a)
        return out

    def dated(self) -> list[tuple[str, Record]]:
        return sorted(((due_date(a), a) for a in self.actions if due_date(a)), key=lambda x: (x[0], x[1].id))


def due_date(a: Record) -> str:
    d = a.data.get("due_date")
    return str(d) if d and re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", str(d)) else ""


def lanes(v: V.Views, actions: list[Record]) -> list[Lane]:
    """Actions grouped by outcome (an action under each outcome it serves), outcomes by title."""
    groups: dict[str, list[Record]] = {}
    for a in actions:
        for o in v.outcomes_of.get(a.id) or [""]:
            groups.setdefault(o, []).append(a)
    def label(o: str) -> str:
        r = v.get(o)
        return r.label if r else "Not linked to an outcome"
    out = [Lane(o, label(o), sorted(acts, key=lambda r: (r.label.lower(), r.id))) for o, acts in groups.items()]
    return sorted(out, key=lambda ln: (ln.key == "", ln.label.lower(), ln.key))


def _short(text: str, limit: int = 52) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def horizon_svg(title: str, lanes_: list[Lane], cid: str) -> Markup:
    """Per outcome, how many actions fall in each horizon (a count in each cell, never colour alone)."""
    cols = len(TIMESCALES)
    cell_w = (WIDTH - 8) / cols
    head = 30
    lane_h = 44
    height = head + lane_h * len(lanes_) + 4
    parts = []
    desc = "; ".join(f"{ln.label}: " + ", ".join(f"{TIMESCALE_LABELS[t].lower()} {len(acts)}"
                                                 for t, acts in ln.by_horizon().items() if acts) for ln in lanes_)
    parts.append(f'<title id="{cid}-t">{xml_text(title)}</title><desc id="{cid}-d">{xml_text(desc)}.</desc>')
    for i, t in enumerate(TIMESCALES):
        x = 4 + i * cell_w + cell_w / 2
        parts.append(f'<text x="{x:.1f}" y="14" font-size="11" font-weight="700" fill="{TEXT}" '
                     f'text-anchor="middle">{xml_text(SHORT_LABELS[t])}</text>')
        sub = {"short": "< 1 year", "medium": "1-2 years", "long": "3-5 years"}.get(t, "")
        if sub:
            parts.append(f'<text x="{x:.1f}" y="26" font-size="10" fill="{TEXT}" text-anchor="middle">{xml_text(sub)}</text>')
    for j, ln in enumerate(lanes_):
        y = head + j * lane_h
        parts.append(f'<text x="4" y="{y + 13}" font-size="12" fill="{TEXT}">{xml_text(_short(ln.label))}</text>')
        for i, (t, acts) in enumerate(ln.by_horizon().items()):
            x = 4 + i * cell_w
            n = len(acts)
            fill = LANE_FILL if n else "#ffffff"
            parts.append(f'<rect x="{x + 1:.1f}" y="{y + 18}" width="{cell_w - 2:.1f}" height="20" rx="3" '
                         f'fill="{fill}" stroke="#6b7086" stroke-width="1"/>')
            parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + 32}" font-size="12" font-weight="700" '
                         f'fill="{TEXT}" text-anchor="middle">{n if n else "·"}</text>')
    return Markup(f'<svg class="pa-chart-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
                  f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{cid}-t {cid}-d">' + "".join(parts) + "</svg>")


def _year_frac(d: str) -> float:
    parts = [int(p) for p in d.split("-")]
    month = parts[1] if len(parts) > 1 else 6
    return parts[0] + (month - 0.5) / 12


def timeline_svg(title: str, lanes_: list[Lane], cid: str) -> Markup | None:
    """Per outcome, a dot for each action with a due date on a time axis (counts where dots share a month)."""
    dated = [ln for ln in lanes_ if ln.dated()]
    if not dated:
        return None
    years = [int(d[:4]) for ln in dated for d, _a in ln.dated()]
    lo, hi = min(years), max(years) + 1
    left, right = 8, WIDTH - 12
    x = lambda d: left + (_year_frac(d) - lo) / max(hi - lo, 1) * (right - left)  # noqa: E731
    head = 26
    lane_h = 40
    height = head + lane_h * len(dated) + 4
    desc = "; ".join(f"{ln.label}: " + ", ".join(f"{a.label} due {d}" for d, a in ln.dated()) for ln in dated)
    parts = [f'<title id="{cid}-t">{xml_text(title)}</title><desc id="{cid}-d">{xml_text(_short(desc, 3000))}.</desc>']
    step = 1 if hi - lo <= 8 else 2
    for year in range(lo, hi + 1, step):
        xx = left + (year - lo) / max(hi - lo, 1) * (right - left)
        parts.append(f'<line x1="{xx:.1f}" y1="18" x2="{xx:.1f}" y2="{height - 4}" stroke="#c4c7d4" stroke-width="1"/>')
        parts.append(f'<text x="{xx:.1f}" y="13" font-size="11" fill="{TEXT}" text-anchor="middle">{year}</text>')
    for j, ln in enumerate(dated):
        y = head + j * lane_h
        parts.append(f'<text x="4" y="{y + 12}" font-size="12" fill="{TEXT}">{xml_text(_short(ln.label))}</text>')
        parts.append(f'<line x1="{left}" y1="{y + 27}" x2="{right}" y2="{y + 27}" stroke="#6b7086" stroke-width="1"/>')
        by_month: dict[str, int] = {}
        for d, _a in ln.dated():
            by_month[d[:7]] = by_month.get(d[:7], 0) + 1
        for d, n in sorted(by_month.items()):
            cx = x(d)
            parts.append(f'<circle cx="{cx:.1f}" cy="{y + 27}" r="5" fill="{DOT}"/>')
            if n > 1:
                parts.append(f'<text x="{cx:.1f}" y="{y + 39}" font-size="10" font-weight="700" fill="{TEXT}" '
                             f'text-anchor="middle">{n}</text>')
    return Markup(f'<svg class="pa-chart-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
                  f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{cid}-t {cid}-d">' + "".join(parts) + "</svg>")


def roadmap_view(v: V.Views, actions: list[Record], title: str, cid: str) -> dict:
    """What the roadmap macro shows: lanes, the two drawings, and dated actions in date order."""
    ls = lanes(v, actions)
    dated = sorted(((due_date(a), a) for a in actions if due_date(a)), key=lambda x: (x[0], x[1].label.lower()))
    by_h: dict[str, list[Record]] = {t: [] for t in TIMESCALES}
    for a in sorted(actions, key=lambda r: (due_date(r) or "9999", r.label.lower(), r.id)):
        by_h[timescale(a)].append(a)
    return {"lanes": ls, "horizon_svg": horizon_svg(f"{title}: actions by horizon and outcome", ls, f"{cid}-h")
            if ls else None,
            "timeline_svg": timeline_svg(f"{title}: actions with a due date, by outcome", ls, f"{cid}-d"),
            "dated": dated, "by_horizon": by_h, "labels": TIMESCALE_LABELS, "due_date": due_date,
            "total": len(actions)}
