"""Migration of the shipped records for the model's ambiguities (issue 12).  Idempotent, text-level
(record files keep their comments and layout), run once from the repository root:

    .venv/bin/python migrations/2026_11_model_ambiguities.py

1. Programme status `on-hold` split by the words the document uses (status_text):
   'remain on hold' -> on-hold; 'on hold/restart proposal papers due' -> on-hold-restart-proposed;
   'were paused' -> paused.
2. Health and wellbeing boards are boards: the Kent and the Medway HWB move from partnership/ to board/
   (kind health-and-wellbeing-board, part_of their council as the 2018 minutes say, `covers` -> `area`);
   the Joint HWB takes the same kind.
3. Population sub-groups of observations move out of free text into `group` where the metric's title
   or the observation's note states one.
Nothing is needed in the records for the split of pa:partOfProgramme (action `programmes` now maps to
pa:refersToProgramme), the shared 'priority' parent or the membership role groups: those are model changes.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path("graph/data")


def status_split() -> int:
    changed = 0
    for path in sorted((DATA / "programme").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r"^status: on-hold$", text, re.M):
            continue
        words = (re.search(r"^status_text: (.*)$", text, re.M) or [None, ""])[1]
        if "remain on hold" in words:
            continue
        if "restart proposal" in words:
            new = "on-hold-restart-proposed"
        elif "were paused" in words:
            new = "paused"
        else:
            sys.exit(f"{path}: on-hold with words that say neither: {words!r}")
        path.write_text(re.sub(r"^status: on-hold$", f"status: {new}", text, flags=re.M), encoding="utf-8")
        changed += 1
    return changed


MINUTES = """  - document: src-jhwb-2018
    section: 'Record of the meeting of 28 June 2018: 119 Chairman''s Announcements'
    page: 5-12
    quote: >-
      The Chairman emphasised that the Joint Board had been constituted as an advisory sub-committee of Kent
      County Council's and Medway Council's Health and Wellbeing Boards
"""


def hwb_boards() -> int:
    changed = 0
    for rid, council in (("kent-health-and-wellbeing-board", "kent-county-council"),
                         ("medway-health-and-wellbeing-board", "medway-council")):
        old, new = DATA / "partnership" / f"{rid}.yaml", DATA / "board" / f"{rid}.yaml"
        if not old.exists():
            continue
        text = old.read_text(encoding="utf-8")
        text = text.replace("schema/partnership.schema.json", "schema/board.schema.json")
        text = re.sub(r"^type: partnership$", "type: board", text, flags=re.M)
        text = re.sub(r"^kind: hwb$", f"kind: health-and-wellbeing-board\npart_of: {council}", text, flags=re.M)
        text = re.sub(r"^covers:$", "area:", text, flags=re.M)
        text = text.rstrip("\n") + "\n" + MINUTES
        new.write_text(text, encoding="utf-8")
        old.unlink()
        changed += 1
    joint = DATA / "board" / "kent-and-medway-joint-health-and-wellbeing-board.yaml"
    text = joint.read_text(encoding="utf-8")
    if "kind: sub-committee" in text:
        text = text.replace("kind: sub-committee", "kind: health-and-wellbeing-board")
        text = re.sub(r"review_note: >-\n(  .*\n)+", (
            "review_note: >-\n"
            "  The document calls it an advisory joint sub-committee of the Kent and the Medway Health and Wellbeing\n"
            "  Boards; like them it is a board of kind health-and-wellbeing-board, linked to both through advises.\n"
            "  Its membership list marks non-voting members with an asterisk.\n"), text, count=1)
        joint.write_text(text, encoding="utf-8")
        changed += 1
    return changed


# metric id -> {item number: group} (or "*" for every item), as the document words it: from the metric's
# title, or the observation's own note.  Items are observations and stated comparisons.
GROUPS: dict[str, dict[int | str, str]] = {
    "jfp-m-mental-health-length-of-stay": {1: "younger adults", 2: "older adult wards"},
    "jfp-m-respiratory-flu-vaccination-65-and-over": {"*": "aged 65 and over"},
    "jfp-m-covid-immunisation-eligible-adults": {"*": "eligible adults"},
    "stp-prev-m-smoking-prevalence-age-15": {"*": "age 15"},
    "stp-prev-m-obesity-children-10-11": {"*": "children aged 10-11"},
    "stp-prev-m-adults-overweight-or-obese": {"*": "adults"},
    "stp-prev-m-physically-active-adults": {"*": "adults"},
    "stp-prev-m-smoking-prevalence-routine-manual": {"*": "routine and manual workers"},
    "stp-prev-m-smoking-prevalence-adults": {n: "adults" for n in (1, 2, 3, 4, 6, 7)},
    "wkhcp21-m-people-65-84": {"*": "aged 65 to 84"},
    "wkhcp21-m-people-over-85": {"*": "aged over 85"},
    "wkhcp21-m-life-expectancy-men": {"*": "men"},
    "wkhcp21-m-life-expectancy-women": {"*": "women"},
    "wkhcp21-hn-asthma-epilepsy-admissions-u19": {"*": "under 19 years"},
    "wkhcp21-hn-bowel-screening": {"*": "persons aged 60-74"},
    "wkhcp21-hn-breast-screening": {"*": "females aged 50-70"},
    "wkhcp21-hn-cancer-deaths-u75": {"*": "under 75 years"},
    "wkhcp21-hn-cervical-screening": {"*": "females aged 25-64"},
    "wkhcp21-hn-children-excess-weight-y6": {"*": "children, Year 6"},
    "wkhcp21-hn-circulatory-deaths-u75": {"*": "under 75 years"},
    "wkhcp21-hn-epilepsy-admissions-u19": {"*": "under 19 years"},
    "wkhcp21-hn-falls-admissions-65": {"*": "65 and over"},
    "wkhcp21-hn-physically-inactive-adults": {"*": "adults"},
    "wkhcp21-hn-under-18-conceptions": {"*": "under 18s"},
    "dgs-m-long-term-conditions-4": {"*": "adults"},
}


def observation_groups() -> tuple[int, int]:
    """Adds `group:` as the second key of each chosen item; drops a note that said only the group."""
    records = items = 0
    for rid, groups in GROUPS.items():
        path = DATA / "metric" / f"{rid}.yaml"
        if not path.exists():
            sys.exit(f"{path} is missing")
        lines = path.read_text(encoding="utf-8").split("\n")
        out: list[str] = []
        block, n, group, i = "", 0, None, 0
        while i < len(lines):
            line = lines[i]
            if re.match(r"^\S", line):
                block, n = line.split(":")[0], 0
            if block in ("observations", "comparisons") and line.startswith("  - "):
                n += 1
                group = groups.get(n, groups.get("*"))
                out.append(line)
                if group:
                    out.append(f"    group: {group}")
                    items += 1
                i += 1
                continue
            if block in ("observations", "comparisons") and group and line.startswith("    note:"):
                inline = line[len("    note:"):].strip()
                body = [inline] if inline not in ("|-", ">-", "|", ">") else []
                j = i + 1
                while not body and j < len(lines) and lines[j].startswith("      "):
                    body.append(lines[j].strip())
                    j += 1
                if len(body) == 1 and body[0].rstrip(".").lower() == group.lower():
                    i = j if inline in ("|-", ">-", "|", ">") else i + 1
                    continue
            out.append(line)
            i += 1
        if out != lines:
            path.write_text("\n".join(out), encoding="utf-8")
            records += 1
    return records, items


if __name__ == "__main__":
    print(f"programme statuses split: {status_split()} records")
    print(f"health and wellbeing boards: {hwb_boards()} records")
    if not any("    group: " in p.read_text(encoding="utf-8") for p in (DATA / "metric").glob("*.yaml")):
        print("observation groups: {} records, {} observations".format(*observation_groups()))
