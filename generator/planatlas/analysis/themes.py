"""Themes across plans: the keyword rule that proposes theme tags, and one page per theme that follows
it from the 2018 documents to the 2023 plan (what was planned, what recurs, what is new, what disappeared).

Why a rule and a review: tags must be reproducible and checkable.  ``propose`` is the deterministic
keyword pass (each theme is a list of named topics, each a regular expression over the record's own
words); an editor then read every proposal, and the few proposals the review overturned are listed in
``REVIEW`` with the reason.  The records carry the result in their ``themes`` field, which is what the
pages read; a test checks that the records equal rule + review.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from planatlas import model
from planatlas.sitegen.escaping import md_text
from planatlas.sitegen.outputs import record_page
from planatlas.reading.records import Record, RecordSet

TAGGED_TYPES = ("objective", "action", "metric", "programme")
# The record's own words: never its links, sources or review notes.
TEXT_FIELDS = ("title", "name", "short_name", "text", "statement", "summary", "definition", "description")

# theme -> ((topic, pattern), ...).  Patterns are case-insensitive and matched against the record's words.
THEMES: dict[str, tuple[tuple[str, str], ...]] = {
    "frailty": (("frailty and frail older people", r"\bfrail"), ("ageing well", r"ageing well|age well"),
                ("older people", r"\bolder (people|person|adults)|\belderly\b"),
                ("falls", r"\bfalls? (prevention|service)|\bfalls\b(?! (between|below))|#NOF"),
                ("frailty tools (eFi, Rockwood)", r"\beFi\b|rockwood")),
    "smoking-and-tobacco": (("smoking in pregnancy", r"(pregnan|maternal|time of delivery|SATOD)\w*\W+(\w+\W+){0,6}smok|smok\w*\W+(\w+\W+){0,6}(pregnan|maternal|time of delivery)"),
                            ("smokefree sites", r"smoke ?free"),
                            ("stop smoking services and quitting", r"stop smoking|\bquit(s|ting|ters?)?\b|cessation"),
                            ("tobacco dependence treatment", r"tobacco dependence"),
                            ("tobacco control and illicit tobacco", r"tobacco control|illicit"),
                            ("smoking and tobacco (any mention)", r"smok|tobacco|nicotine|e-cigarette")),
    "mental-health": (("mental health services", r"mental (ill-)?health"),
                      ("serious mental illness", r"(?-i:\bSMI\b)|serious mental illness|psychosis|bipolar"),
                      ("suicide and self-harm", r"suicid|self-harm"),
                      ("crisis care", r"crisis (house|line|care|service)|psychiatric liaison|liaison psychiatry"),
                      ("psychological therapies", r"psycholog|\bIAPT\b|talking therap|counselling"),
                      ("depression and anxiety", r"depression|anxiety|\bPTSD\b"),
                      ("eating disorders", r"eating disorder")),
    "dementia": (("dementia", r"dementia"),),
    "maternity-and-children": (("maternity and neonatal care", r"maternity|midwi|neonat|antenatal|postnatal|\bbirth"),
                               ("pregnancy", r"pregnan"),
                               ("perinatal care", r"perinatal"),
                               ("children and young people", r"\bchild(ren|hood)?\b|young people|\bCYP\b|paediatric|\byouth"),
                               ("schools", r"\bschools?\b"),
                               ("families", r"\bfamil(y|ies)\b"),
                               ("special educational needs", r"(?-i:\bSEND\b)|special educational")),
    "urgent-and-emergency-care": (("A&E and emergency departments", r"\bA&E\b|emergency department|accident and emergency"),
                                  ("urgent care and treatment centres", r"urgent (treatment|care)\b|\bUTCs?\b|urgent & emergency|urgent and emergency|\bUEC\b"),
                                  ("ambulance and 111", r"ambulance|\b111\b|\bSECAmb\b"),
                                  ("avoiding admissions", r"(avoid\w*|reduc\w*|prevent\w*)\W+(\w+\W+){0,4}admission|non-elective|(?-i:\bNEL\b)|admission avoidance"),
                                  ("rapid response and virtual wards", r"rapid response|virtual ward|urgent community response|(2|two)[- ]hour (rapid|urgent)"),
                                  ("discharge and length of stay", r"discharge|length of stay|\bDTOC\b|\bMFFD\b|step[- ](up|down)")),
    "primary-care": (("general practice", r"general practi|\bGPs?\b|practices\b"),
                     ("primary care networks", r"primary care network|\bPCNs?\b"),
                     ("primary care", r"primary care"),
                     ("community pharmacy, dentistry and optometry", r"pharmacy|pharmacies|dentist|dental|optom|ophthalm|eye care")),
    "workforce": (("workforce planning", r"workforce"),
                  ("recruitment and retention", r"recruit|retention|retain"),
                  ("training and skills", r"training|\bskills?\b|apprentic|career"),
                  ("staff wellbeing", r"staff (welfare|wellbeing|well-being)|wellbeing of staff|health and wellbeing of staff"),
                  ("new roles", r"new roles|generic roles|link workers?|health coaches")),
    "digital": (("digital services", r"digital|\bonline\b|\bapps?\b|video consultation|virtual"),
                ("shared records and data sharing", r"care record|\bKMCR\b|data[- ]shar|share (information|intelligence)|sharing of data|(?-i:\bEMIS\b)"),
                ("data and population health analytics", r"population health (management|data)|\banalytic|dashboard|risk stratification|data (capture|sets)"),
                ("IT infrastructure", r"(?-i:\bIT\b)|technolog")),
    "prevention": (("prevention", r"prevent(ion|ive|ing ill)"),
                   ("health checks and screening", r"health checks?|screening"),
                   ("immunisation and vaccination", r"immunis|vaccin"),
                   ("healthy lifestyles and health improvement", r"health improvement|healthy (living|lifestyle|new towns)|one you|change 4 life"),
                   ("making every contact count", r"making every contact count|\bMECC\b|very brief advice"),
                   ("wider determinants", r"wider determinants|social determinants|housing|worklessness")),
    "inequalities": (("health inequalities", r"inequalit"),
                     ("deprivation", r"depriv|disadvantag"),
                     ("Core20PLUS5", r"core ?20"),
                     ("ethnicity", r"ethnic|\bBAME\b"),
                     ("vulnerable groups", r"vulnerable|seldom[- ]heard|hard[- ]to[- ]reach")),
    "stroke": (("stroke units and services", r"stroke|\bHASUs?\b|\bASUs?\b"),
               ("thrombectomy", r"thrombectomy")),
    "cancer": (("cancer", r"cancer|oncolog"),
               ("lung health checks", r"lung health check"),
               ("faster diagnosis", r"faster diagnosis")),
    "obesity-and-physical-activity": (("obesity and healthy weight", r"obes|overweight|healthy weight|weight management|weight loss"),
                                      ("physical activity", r"physical(ly)? (in)?activ|\bexercise|daily mile|health walks?|cycling|\bsports?\b")),
    "alcohol": (("alcohol", r"alcohol"),),
    "diabetes": (("diabetes", r"diabet"),),
    "cardiovascular": (("hypertension and blood pressure", r"hypertension|blood pressure"),
                       ("cardiovascular disease", r"cardiovascular|\bCVD\b|cardiac|cardiolog|heart|\bCHD\b|cholesterol"),
                       ("vascular services", r"\bvascular"),
                       ("atrial fibrillation", r"atrial fibrillation")),
    "long-term-conditions": (("long-term conditions", r"long[- ]term (health )?conditions?|\bLTCs?\b"),
                             ("respiratory conditions", r"respiratory|\bCOPD\b|asthma|pulmonary"),
                             ("multiple conditions", r"multiple (health )?conditions|multi-?morbid|co-?morbid|complex (health )?needs"),
                             ("kidney disease", r"kidney|\bCKD\b")),
    "end-of-life-care": (("end of life and palliative care", r"end of life|palliative|(?-i:\bEOL\b)|dying|hospice"),
                         ("advance care planning", r"advance(d)? care plan")),
    "learning-disability-and-autism": (("learning disability and autism", r"learning disabilit|autis"),),
    "elective-care-and-diagnostics": (("elective care and waiting times", r"(?<!non-)elective|waiting (list|time)|backlog|\d+[- ]week waits?|over \d+ weeks"),
                                      ("outpatients", r"outpatient"),
                                      ("diagnostics", r"diagnostic|imaging|\bCDCs?\b"),
                                      ("musculoskeletal services", r"\bMSK\b|musculoskeletal"),
                                      ("referrals", r"referral optimisation|advice and guidance")),
    "integrated-local-care": (("local care", r"local care"),
                              ("multi-disciplinary teams", r"multi-?disciplinary|\bMDTs?\b"),
                              ("integrated case management and care", r"integrated (case|team|frailty|health and social|therap|community)|integrated care(?! (system|partnership|board|strateg))|case manag"),
                              ("community services and hubs", r"community (services?|nursing|hubs?|teams?)|neighbourhood"),
                              ("personalised care", r"personalised care|personal health budget|care plans?")),
    "social-prescribing": (("social prescribing", r"social prescrib"),
                           ("care navigation and signposting", r"care navigat|navigators?|signpost|community navigation")),
    "care-homes": (("care homes", r"care homes?"),),
    "estates": (("estates and buildings", r"\bestates?\b|building works|premises|capital (bid|funding|plans?)"),),
    "carers": (("carers", r"(?<!continuity of )\bcarers?\b"),),
    "safeguarding": (("safeguarding", r"safeguarding"),),
    "armed-forces": (("armed forces community", r"armed forces|military|veteran"),),
    "medicines": (("medicines", r"medicine|(?<!social )prescrib|polypharmacy|pharmacist"),),
}

# Proposals the review overturned: record id -> (themes removed, themes added, why).
_VOLUNTEERS = "'recruit' here means recruiting volunteers (Hypertension Heroes), not the health and care workforce"
_BUILDING = "'Healthy Living Centre' is the name of a building, not a prevention service"
_DOROTHY = "'Dorothy's family' is the persona of the Local Care model, not families with children"
REVIEW: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "hypertension-heroes": (("workforce",), (), _VOLUNTEERS),
    "jfp-a-cvd-3": (("workforce",), (), _VOLUNTEERS),
    "jfp-o-address-the-social-determinants-of-health": (("workforce",), (), "'employment and skills' are residents' "
                                                        "employment, a social determinant, not the workforce"),
    "ltp19-a-event-4": (("digital",), (), "'Technology' is in the venue's name (Dartford Science and Technology College)"),
    "jfp-a-cdc-1": (("prevention",), (), _BUILDING),
    "medway-and-swale-cdc": (("prevention",), (), _BUILDING),
    "rochester-healthy-living-centre-cdc-spoke": (("prevention",), (), _BUILDING),
    "stp-lc-upd-medway-11": (("prevention",), (), _BUILDING),
    "dgs-a-mental-health-y1-1": (("inequalities", "long-term-conditions"), (), "about staff shielding or vulnerable "
                                 "because of their own health conditions: a staff wellbeing goal"),
    "stp-prev-a-satod-5": (("long-term-conditions",), (), "'respiratory health' is one topic of advice in stop smoking "
                           "sessions for pregnant women"),
    "stp-lc-comms-m-10": (("maternity-and-children",), (), _DOROTHY),
    "stp-lc-comms-o-6": (("maternity-and-children",), (), _DOROTHY),
}

_COMPILED = {t: tuple((topic, re.compile(rx, re.I)) for topic, rx in topics) for t, topics in THEMES.items()}


def words(r: Record) -> str:
    """The record's own words the rule reads."""
    parts = []
    for name in TEXT_FIELDS:
        value = r.data.get(name)
        if isinstance(value, list):
            parts.extend(map(str, value))
        elif value:
            parts.append(str(value))
    return "\n".join(parts)


def topics_of(r: Record, theme: str) -> list[str]:
    """The theme's topics whose pattern the record's words match, in the rule's order."""
    text = words(r)
    return [topic for topic, rx in _COMPILED[theme] if rx.search(text)]


def propose(r: Record) -> list[str]:
    """The keyword rule: every theme with at least one topic matching the record's words."""
    return [t for t in THEMES if topics_of(r, t)]


def reviewed(r: Record) -> list[str]:
    """Rule plus review: the tags a record should carry."""
    tags = propose(r)
    removed, added, _why = REVIEW.get(r.id, ((), (), ""))
    return [t for t in THEMES if (t in tags and t not in removed) or t in added]


# Pages -----------------------------------------------------------------------------------------
def _years(rs: RecordSet) -> dict[str, int]:
    """Source document id -> the year it was issued."""
    out = {}
    for s in rs.of_type("source"):
        m = re.match(r"(\d{4})", str(s.data.get("issued", "")))
        if m:
            out[s.id] = int(m.group(1))
    return out


def _record_years(r: Record, years: dict[str, int]) -> list[int]:
    return sorted({years[s["document"]] for s in r.data.get("sources", []) if s.get("document") in years})


def _link(r: Record) -> str:
    """A Markdown link from a theme page (themes/<id>.md) to the record's page source, which MkDocs checks."""
    return f"[{md_text(r.label)}](../{record_page(r.type, r.id)})"


def _plan_of(r: Record, rs: RecordSet) -> str:
    plan = rs.records.get(str(r.data.get("plan", "")))
    return plan.label if plan else "No plan recorded"


def _status(r: Record) -> str:
    if r.type == "action":
        if r.data.get("status"):
            return f" ({model.SCHEMES['action-status'].concepts.get(r.data['status'], r.data['status']).lower()}" \
                   f"{', due ' + md_text(r.data['due']) if r.data.get('due') else ''})"
        return f" (due {md_text(r.data['due']).strip()})" if r.data.get("due") else ""
    if r.type == "programme" and r.data.get("status"):
        return f" ({model.SCHEMES['programme-status'].concepts.get(r.data['status'], r.data['status']).lower()})"
    return ""


def tagged(rs: RecordSet, theme: str) -> list[Record]:
    return [r for t in TAGGED_TYPES for r in rs.of_type(t) if theme in (r.data.get("themes") or [])]


def theme_page(rs: RecordSet, theme: str) -> str:
    label = model.SCHEMES["theme"].concepts[theme]
    years = _years(rs)
    docs = sorted(years, key=lambda d: (years[d], d))
    recs = tagged(rs, theme)
    by_year: dict[int, list[Record]] = defaultdict(list)
    topic_years: dict[str, dict[int, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for r in recs:
        tops = topics_of(r, theme) or ["other (tagged in review)"]
        for y in _record_years(r, years):
            by_year[y].append(r)
            for topic in tops:
                if r not in topic_years[topic][y]:
                    topic_years[topic][y].append(r)
    last = max(years.values()) if years else 0
    all_years = sorted(set(by_year) | {last})        # only the years the theme appears in, and the last plan
    lines = [f"# Theme: {md_text(label)}", ""]
    first_years = sorted(by_year)
    span = f"{first_years[0]} to {first_years[-1]}" if first_years else "none of the documents"
    lines += [f"{len(recs)} objectives, actions, metrics and programmes carry this theme, in documents from {span}. "
              "Each row below links to the record; an action shows its stated status and due date where the "
              "document gives one.", ""]
    # At a glance
    lines += ["## From 2018 to 2023 at a glance", "",
              "Topics of the theme (the named parts of its keyword rule) and how many tagged records mention each, "
              "by the year of the document that states them.", ""]
    head = "| Topic | Across the documents | " + " | ".join(str(y) for y in all_years) + " |"
    lines += [head, "|" + " --- |" * (len(all_years) + 2)]
    recurs, new, gone = [], [], []
    order = [t for t, _ in THEMES[theme]] + ["other (tagged in review)"]
    for topic in [t for t in order if t in topic_years]:
        ys = topic_years[topic]
        present = [y for y in all_years if ys.get(y)]
        early = [y for y in present if y < last]
        if early and last in present:
            verdict = f"recurs ({', '.join(map(str, present))})"
            recurs.append(topic)
        elif last in present:
            verdict = f"new in {last}"
            new.append(topic)
        else:
            verdict = f"not in the {last} plan (last in {present[-1]})"
            gone.append(topic)
        cells = " | ".join(str(len(ys.get(y, []))) if ys.get(y) else "" for y in all_years)
        lines.append(f"| {md_text(topic)} | {verdict} | {cells} |")
    lines.append("")

    def topic_block(title: str, topics: list[str], explain: str) -> None:
        lines.extend([f"## {title}", "", explain, ""])
        if not topics:
            lines.extend(["None.", ""])
            return
        for topic in topics:
            ys = topic_years[topic]
            lines.append(f"### {md_text(topic[:1].upper() + topic[1:])}")
            lines.append("")
            for y in sorted(ys):
                items = sorted({r.id: r for r in ys[y]}.values(), key=lambda r: (r.type, r.label))
                shown = "; ".join(_link(r) + _status(r) for r in items[:8])
                more = f"; and {len(items) - 8} more (see {y} below)" if len(items) > 8 else ""
                lines.append(f"- **{y}**: {shown}{more}")
            lines.append("")

    topic_block("What recurs", recurs, f"Topics stated in an earlier document and again in the {last} plan.")
    topic_block(f"What is new in {last}", new, f"Topics the {last} plan states that no earlier document does.")
    topic_block("What disappeared", gone, f"Topics earlier documents state that the {last} plan does not mention "
                "(it may still be done: the plan does not say).")
    # Document by document
    # lists of records found on their own pages: left out of the search index (its size at 20,000 records)
    lines += ["## Document by document { data-search-exclude }", ""]
    for d in docs:
        src = rs.records[d]
        items = [r for r in recs if d in {s.get("document") for s in r.data.get("sources", [])}]
        lines += [f"### {years[d]}: {md_text(src.label)} {{ data-search-exclude }}", ""]
        if not items:
            lines += ["Nothing in this document carries the theme.", ""]
            continue
        plans: dict[str, list[Record]] = defaultdict(list)
        for r in items:
            plans[_plan_of(r, rs)].append(r)
        for plan in sorted(plans):
            lines.append(f"**{md_text(plan)}** ({len(plans[plan])})")
            lines.append("")
            for r in sorted(plans[plan], key=lambda r: (TAGGED_TYPES.index(r.type), r.label)):
                lines.append(f"- {r.type.capitalize()}: {_link(r)}{_status(r)}")
            lines.append("")
    lines += ["## How records are tagged { data-search-exclude }", "", RULE_TEXT, "",
              "The topics of this theme and their patterns: " + "; ".join(
                  f"*{md_text(topic)}* `{rx}`" for topic, rx in THEMES[theme]) + ".", ""]
    return "\n".join(lines)


RULE_TEXT = ("A deterministic keyword rule proposes each tag: a theme is proposed for an objective, action, metric "
             "or programme when one of its topic patterns (case-insensitive regular expressions) matches the "
             "record's own words (title or name, text, statement, summary, definition, description). Every "
             "proposal was then read against the record and its document; the proposals the review overturned "
             "are listed with the reason in `generator/planatlas/themes.py` (`REVIEW`). The year of a record is "
             "the year of the document it is read from.")


def index_page(rs: RecordSet) -> str:
    years = _years(rs)
    lines = ["# Themes across plans", "",
             "How each theme runs from the 2018 documents to the 2023 Joint Forward Plan: what was planned, what "
             "recurs, what is new and what disappeared.", "",
             "| Theme | Records | Years |", "| --- | --- | --- |"]
    for theme, label in model.SCHEMES["theme"].concepts.items():
        recs = tagged(rs, theme)
        ys = sorted({y for r in recs for y in _record_years(r, years)})
        lines.append(f"| [{md_text(label)}]({theme}.md) | {len(recs)} | {', '.join(map(str, ys))} |")
    lines += ["", "## How records are tagged", "", RULE_TEXT, ""]
    return "\n".join(lines)


def theme_pages(rs: RecordSet) -> dict[str, str]:
    """{docs-relative path: Markdown} for the theme index and one page per theme."""
    pages = {"themes/index.md": index_page(rs)}
    for theme in model.SCHEMES["theme"].concepts:
        pages[f"themes/{theme}.md"] = theme_page(rs, theme)
    return pages


def site_pages(ctx) -> dict[str, str]:
    """The theme pages emitter (emitters.EMITTERS): reads only the records."""
    return theme_pages(ctx.records)


def proposals(records: Iterable[Record]) -> dict[str, list[str]]:
    """Record id -> tags the rule and review give (for the tagging script and the test)."""
    return {r.id: reviewed(r) for r in records if r.type in TAGGED_TYPES}
