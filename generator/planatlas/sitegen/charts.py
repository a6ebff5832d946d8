"""Charts drawn at build time as inline SVG: metric values against target and comparator,
and roadmap timelines.

Why SVG strings built here: the reader's browser needs no script to see them, the
same figures go into a `<title>`, a `<desc>` and a table beside the chart, and every
text from the records goes through `xml_text` (so a chart is well-formed XML whatever
the data says).  Charts are drawn in a 360-unit-wide viewBox and scale to the page
width, so labels stay readable on a 375 px phone.  Colours are dark on white (at
least 7:1) and meaning never rests on colour alone: every bar and line is labelled.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from planatlas.sitegen.escaping import plain
from planatlas.analysis.status import Obs

WIDTH = 360
FONT = 13
HALO = ' paint-order="stroke" stroke="#ffffff" stroke-width="3"'  # text stays legible over a line
KIND_LABELS = {"baseline": "Baseline", "target": "Target", "trajectory": "Trajectory", "actual": "Actual",
               "ambition": "Ambition"}
# (fill, stroke, dash) per kind: solid bars for measured values, outlines for aims.
KIND_STYLE = {"actual": ("#1a237e", "#1a237e", ""), "baseline": ("#4a4f63", "#4a4f63", ""),
              "trajectory": ("#ffffff", "#1a237e", "4 2"), "target": ("#ffffff", "#1b1d26", ""),
              "ambition": ("#ffffff", "#1b1d26", "2 2")}
TEXT = "#1b1d26"
TARGET_LINE = "#8a1c1c"     # 7.9:1 on white
COMPARATOR_LINE = "#00574b"  # 7.6:1 on white


def xml_text(text: object) -> str:
    """Record text for SVG/XML: one line, every markup character escaped."""
    return html.escape(plain(text), quote=True)


def fmt_value(value: Decimal, unit: str = "") -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    whole, _, frac = text.partition(".")
    if whole.lstrip("-").isdigit():
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    unit = unit.strip()
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class Row:
    obs: Obs
    label: str       # kind · area · period, in words


@dataclass(frozen=True)
class Chart:
    """One chart: its rows (same unit), target and comparator lines, and its SVG."""

    unit: str
    rows: tuple[Row, ...]
    target: Obs | None
    comparator: Obs | None
    svg: Markup
    title: str
    desc: str


def row_label(o: Obs, area_label) -> str:
    parts = [KIND_LABELS.get(o.kind, o.kind.capitalize())]
    if o.scope == "national" and o.kind in ("target", "ambition"):
        parts[0] = "National " + parts[0].lower()
    if o.area:
        parts.append(area_label(o.area))
    when = o.period or o.date
    if when:
        parts.append(when)
    return " · ".join(parts)


def metric_charts(title: str, obs: list[Obs], target: Obs | None, area_label, chart_id: str,
                  max_charts: int = 3, max_rows: int = 24) -> list[Chart]:
    """One horizontal bar chart per unit (the unit with most values first)."""
    groups: dict[str, list[Obs]] = {}
    for o in obs:
        groups.setdefault(" ".join(o.unit.lower().split()), []).append(o)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0].unit))[:max_charts]
    charts = []
    for n, group in enumerate(ordered):
        rows = tuple(Row(o, row_label(o, area_label)) for o in group[:max_rows])
        unit = group[0].unit
        same = lambda o: o is not None and " ".join(o.unit.lower().split()) == " ".join(unit.lower().split())  # noqa: E731
        tgt = target if same(target) else None
        comp = next((o for o in reversed(group) if o.kind == "actual" and o.area == "england"), None)
        charts.append(_bar_chart(title, unit, rows, tgt, comp, f"{chart_id}-{n}", len(group) - len(rows)))
    return charts


def _bar_chart(title: str, unit: str, rows: tuple[Row, ...], target: Obs | None, comp: Obs | None,
               cid: str, hidden: int) -> Chart:
    values = [r.obs.value for r in rows] + [o.value for o in (target, comp) if o is not None]
    lo = min([Decimal(0)] + values)
    hi = max([Decimal(0)] + values)
    span = (hi - lo) or Decimal(1)
    left, right = 4, WIDTH - 70          # room for the value text after the longest bar
    scale = lambda v: left + float((v - lo) / span) * (right - left)  # noqa: E731
    top = 8 + 14 * sum(o is not None for o in (target, comp))
    row_h = 38
    height = top + row_h * len(rows) + 26
    parts: list[str] = []
    chart_title = f"{title}: values in {unit}" if unit else f"{title}: values"
    desc_bits = [f"{r.label}: {fmt_value(r.obs.value, r.obs.unit)}" for r in rows]
    if target is not None:
        desc_bits.append(f"target line at {fmt_value(target.value, target.unit)}")
    if comp is not None:
        desc_bits.append(f"England line at {fmt_value(comp.value, comp.unit)}")
    if hidden:
        desc_bits.append(f"{hidden} more values are in the table")
    desc = "; ".join(desc_bits) + "."
    parts.append(f'<title id="{cid}-t">{xml_text(chart_title)}</title><desc id="{cid}-d">{xml_text(desc)}</desc>')
    zero = scale(Decimal(0))
    for i, r in enumerate(rows):
        y = top + i * row_h
        fill, stroke, dash = KIND_STYLE.get(r.obs.kind, KIND_STYLE["actual"])
        x0, x1 = sorted((zero, scale(r.obs.value)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<text x="{left}" y="{y + 12}" font-size="{FONT}" fill="{TEXT}"{HALO}>'
                     f'{xml_text(_short(r.label, 50))}</text>')
        parts.append(f'<rect x="{x0:.1f}" y="{y + 17}" width="{max(x1 - x0, 1.5):.1f}" height="14" fill="{fill}" '
                     f'stroke="{stroke}" stroke-width="1.5"{dash_attr}/>')
        parts.append(f'<text x="{x1 + 4:.1f}" y="{y + 28}" font-size="{FONT}" font-weight="700" fill="{TEXT}"{HALO}>'
                     f'{xml_text(fmt_value(r.obs.value, r.obs.unit if r.obs.unit.strip() == "%" else ""))}</text>')
    bottom = top + row_h * len(rows)
    parts.append(f'<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{bottom}" stroke="{TEXT}" stroke-width="1"/>')
    parts.append(f'<text x="{left}" y="{bottom + 16}" font-size="11" fill="{TEXT}">'
                 f'{xml_text(fmt_value(lo, unit if unit.strip() == "%" else ""))}</text>')
    parts.append(f'<text x="{right}" y="{bottom + 16}" font-size="11" fill="{TEXT}" text-anchor="end">'
                 f'{xml_text(fmt_value(hi, unit if unit.strip() == "%" else ""))}</text>')
    label_y = 11
    lines: list[str] = []
    for o, name, colour, dash in ((target, "Target", TARGET_LINE, "6 3"), (comp, "England", COMPARATOR_LINE, "2 3")):
        if o is None:
            continue
        x = scale(o.value)
        anchor = "end" if x > WIDTH / 2 else "start"
        tx = x - 3 if anchor == "end" else x + 3
        lines.append(f'<line x1="{x:.1f}" y1="{label_y + 4}" x2="{x:.1f}" y2="{bottom}" stroke="{colour}" '
                     f'stroke-width="2" stroke-dasharray="{dash}"/>')
        lines.append(f'<text x="{tx:.1f}" y="{label_y}" font-size="11" font-weight="700" fill="{colour}" '
                     f'text-anchor="{anchor}">{xml_text(name + " " + fmt_value(o.value, o.unit))}</text>')
        label_y += 14
    parts[1:1] = lines   # behind the bars and labels
    svg = (f'<svg class="pa-chart-svg" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
           f'aria-labelledby="{cid}-t {cid}-d" preserveAspectRatio="xMinYMin meet">' + "".join(parts) + "</svg>")
    return Chart(unit, rows, target, comp, Markup(svg), chart_title, desc)
