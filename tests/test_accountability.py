"""The accountability roll-up: collective owners stand for what the Joint Forward Plan names, the
organisation page lists what the organisation owns directly, through its boards and through
collective owners, and `planatlas query` of the answered question gives the same rows."""
from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import REPO
from planatlas.analysis import accountability as A
from planatlas.cli import main
from planatlas.pipeline import load
from planatlas.reading.records import RecordSet
from planatlas.analysis.views import build_views

SEEDS = Path("/work/shared/seeds")
KCHFT = "kent-community-health-nhs-ft"
QUESTION = REPO / "graph" / "queries" / "what-kchft-is-accountable-for.rq"


@pytest.fixture(scope="module")
def records():
    return load(REPO / "graph", root=REPO, shacl=False).records


@pytest.fixture(scope="module")
def views(records):
    return build_views(records)


def test_provider_trust_boards_stand_for_the_trusts_the_plan_names(views):
    """Each trust the Joint Forward Plan's introduction names as a partner trust, and no other."""
    pt = views.get("provider-trust-boards")
    named = pt.data["stands_for"]
    assert len(named) == 7 and pt.data.get("review_note")
    intro = next(s for s in pt.data["sources"] if s["section"] == "Introduction")["quote"]
    intro = " ".join(intro.split())
    for rid in named:
        org = views.get(rid)
        assert org.type == "organisation" and org.data["kind"] in ("nhs-trust", "foundation-trust", "ambulance-service"), rid
        names = [org.label] + list(org.data.get("other_names", []))
        # the document words a few names differently ("Ambulance NHS FT", "Kent Community NHS FT")
        words = lambda s: set(re.findall(r"[a-z]+", s.lower())) - {"service", "health"}  # noqa: E731
        assert any(words(n) <= words(intro) for n in names), (rid, names)
    seed = next(SEEDS.glob("001_*.txt"), None)
    if seed is not None:   # the quote is the document's own words
        text = " ".join(seed.read_text(encoding="utf-8").split())
        assert " ".join(intro.split()[-12:]) in text


def test_community_service_provider_boards_record_only_the_named_community_trust(views):
    c = views.get("community-service-provider-boards")
    assert c.data["stands_for"] == [KCHFT] and c.data.get("review_note")


def test_kchft_roll_up_has_every_path(views):
    rows = A.duties(views, KCHFT)
    paths = {d.via for d in rows}
    assert ("kent-community-health-nhs-ft-board",) in paths   # through its own board
    assert ("provider-trust-boards",) in paths and ("community-service-provider-boards",) in paths
    jfp = [d for d in rows if views.get(d.record).data.get("plan") == "jfp-2023"]
    assert len(jfp) >= 10


def test_an_action_owned_directly_is_listed_as_direct(records):
    """No shipped action names KCHFT itself as owner (the documents name its board or a collective
    owner), so the direct path is checked on a copy where one action also names the trust."""
    copied = RecordSet(records={rid: replace(r, data=copy.deepcopy(r.data)) for rid, r in records.records.items()})
    copied.records["jfp-a-stroke-1"].data["owners"].append(KCHFT)
    rows = [d for d in A.duties(build_views(copied), KCHFT) if d.record == "jfp-a-stroke-1"]
    assert sorted(d.via for d in rows) == [(), ("provider-trust-boards",)]


def test_partnership_lists_what_current_members_are_asked_to_do(views):
    rows = A.member_duties(views, "west-kent-hcp")
    members = {d.member for d in rows}
    assert KCHFT in members
    assert "nhs-kent-and-medway-ccg" not in A.current_members(views, "west-kent-hcp")


class Rows(HTMLParser):
    """Record ids in the first cell, and the path text, of each row of the accountability table."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.cell = -1
        self.rows: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "pa-accountable" in (a.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "tr" and "data-plan" in a:
            self.rows.append({"ids": [], "path": ""})
            self.cell = -1
        elif self.inside and tag == "td" and self.rows:
            self.cell += 1
        elif self.inside and tag == "a" and self.rows and self.cell == 0:
            m = re.search(r"/([a-z]+)/([a-z0-9-]+)/$", a.get("href", ""))
            if m:
                self.rows[-1]["ids"].append(m.group(2))

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.rows and self.cell == 1:
            self.rows[-1]["path"] += data


def test_question_gives_the_rows_the_page_shows(built_site):
    result = CliRunner().invoke(main, ["query", str(QUESTION), "--graph", str(REPO / "graph"), "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    queried = {(b["record"]["value"].rsplit("/", 1)[1], b["path"]["value"]) for b in bindings}
    parser = Rows()
    parser.feed((built_site / "organisations" / KCHFT / "index.html").read_text(encoding="utf-8"))
    shown = set()
    for row in parser.rows:
        path = " ".join(row["path"].split())
        kind = "directly" if path == "Directly" else \
            "through a collective owner" if ("Provider Trust Boards" in path or "provider boards" in path) else \
            "through its board"
        shown.add((row["ids"][0], kind))
    assert len(shown) >= 11
    assert queried == shown
    assert any("via Provider Trust Boards" == " ".join(r["path"].split()) for r in parser.rows)


def test_the_summary_line_counts_the_table_it_stands_above(built_site):
    """"Are we on track, and by when" in one screen: the line above the table counts the stated statuses
    of the actions and the due dates of the rows the table holds (never a guessed status)."""
    html = (built_site / "organisations" / KCHFT / "index.html").read_text(encoding="utf-8")
    summary = re.search(r'<p class="pa-summary">(.*?)</p>', html[html.index('id="accountable"'):], re.S).group(1)
    table = html[html.index("pa-accountable"):]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr data-plan.*?</tr>", table, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    actions = [c for c, r in zip(cells, rows) if "pa-t-action" in r]
    statuses = {}
    for c in actions:
        statuses[c[5]] = statuses.get(c[5], 0) + 1
    for status, n in statuses.items():
        assert f"{n} {status.lower()}" in summary, (status, n, summary)
    dated = sum(1 for c in cells if "<time " in c[4])
    assert f"{dated} of {len(rows)} rows have a due date" in summary, summary
    assert summary.index("not stated") > summary.index("in progress")     # stated statuses first


def test_who_sits_where_is_one_tap_from_the_title(built_site):
    """A partnership's members and what it is asked to do come after its description (a long scroll at
    375 px): a line under the title links to them with their counts, which are the sections' own."""
    html = (built_site / "partnerships" / "west-kent-hcp" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="pa-jumps" aria-label="On this page"[^>]*>(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="#([a-z-]+)">(.*?)</a>', nav)
    assert [a for a, _ in links] == ["members", "accountable", "member-of"]
    assert html.index("pa-jumps") < html.index('class="pa-fields"')
    for anchor, _words in links:
        assert f'id="{anchor}"' in html
    members = html[html.index('id="members"'):]
    current, past = re.search(r"<p>(\d+) current, (\d+) past\.", members).groups()
    assert links[0][1] == f"Members: {current} current, {past} past"
    n_rows = len(re.findall(r"<tr data-plan", html[html.index("pa-accountable"):].split("</table>")[0]))
    assert links[1][1].endswith(f"({n_rows})") and n_rows > 0
