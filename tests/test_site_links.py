"""Every internal link and anchor in the built shipped site resolves; pages and URLs are as promised."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from planatlas import model
from planatlas.sitegen.build import navigation
from planatlas.sitegen.outputs import record_url

pytestmark = pytest.mark.slow

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")}


class LinkParser(HTMLParser):
    """Ids (anchors) a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS and value is not None:
                self.links.append(value)


def parse_site(site: Path) -> dict[str, LinkParser]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        p = LinkParser()
        p.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = p
    return pages


def target_file(site: Path, path: str) -> str | None:
    """The site file a URL path resolves to, as a static server would serve it."""
    rel = unquote(path).lstrip("/")
    candidates = [rel + "index.html"] if rel.endswith("/") or rel == "" else [rel, rel + "/index.html"]
    for c in candidates:
        if (site / c).is_file():
            return c
    return None


def broken_links(site: Path, pages: dict[str, LinkParser]) -> list[str]:
    problems = []
    base = "http://site.invalid/"
    for page, parsed in pages.items():
        page_url = base + (page[: -len("index.html")] if page.endswith("index.html") else page)
        for link in parsed.links:
            url = urljoin(page_url, link)
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel") or (parts.scheme in ("http", "https") and parts.netloc != "site.invalid"):
                continue
            target = target_file(site, parts.path)
            if target is None:
                problems.append(f"{page}: {link} (no such file)")
            elif parts.fragment and target.endswith(".html"):
                if unquote(parts.fragment) not in pages[target].ids:
                    problems.append(f"{page}: {link} (no anchor #{parts.fragment} in {target})")
    return problems


@pytest.fixture(scope="module")
def shipped_pages(built_site) -> dict[str, LinkParser]:
    return parse_site(built_site)


def test_every_internal_link_and_anchor_resolves(built_site, shipped_pages):
    problems = broken_links(built_site, shipped_pages)
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:40])


def test_link_checker_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">gone</a><a href="a/#nope">x</a>'
                                         '<a href="#top" id="top">self</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<h1 id="here">A</h1><a href="../#top">up</a>', encoding="utf-8")
    problems = broken_links(tmp_path, parse_site(tmp_path))
    assert problems == ["index.html: b/ (no such file)", "index.html: a/#nope (no anchor #nope in a/index.html)"]


def test_every_record_has_a_page_at_its_stable_url(built_site):
    from planatlas.reading.records import load_records
    rs, _diags = load_records(Path(__file__).resolve().parents[1] / "graph")
    missing = [r.id for r in rs if not (built_site / record_url(r.type, r.id) / "index.html").is_file()]
    assert not missing, missing[:20]
    for rtype, rt in model.RECORD_TYPES.items():
        if rs.of_type(rtype):
            assert (built_site / rt.plural / "index.html").is_file()
    assert (built_site / "propose-a-change" / "index.html").is_file()
    assert (built_site / "owners" / "index.html").is_file()


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S)
    assert nav, "primary navigation not found"
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', nav.group(0))


def test_nav_is_small_and_lists_type_indexes(built_site):
    """The nav is in every page: a few sections (only the open one sent with a page), never one
    entry per record; every type's index is reachable from its section."""
    home = nav_links((built_site / "index.html").read_text(encoding="utf-8"))
    assert {"plans/", "organisations/", "dashboards/"} <= set(home) and len(home) <= 20, home
    record = nav_links((built_site / "actions" / "jfp-a-cdc-2" / "index.html").read_text(encoding="utf-8"))
    assert len(record) <= 8, record
    actions = nav_links((built_site / "actions" / "index.html").read_text(encoding="utf-8"))
    assert {"../outcomes/", "../objectives/", "../metrics/"} <= set(actions), actions
    people = nav_links((built_site / "organisations" / "index.html").read_text(encoding="utf-8"))
    assert {"../boards/", "../partnerships/", "../owners/"} <= set(people), people
    docs = built_site.parent / "docs"
    sections = [name for entry in navigation([p.relative_to(docs).as_posix() for p in docs.rglob("*.md")])
                for name in entry]
    assert "More" not in sections, sections        # every shipped page has its section
    for rel in built_site.glob("*/index.html"):
        links = nav_links(rel.read_text(encoding="utf-8"))
        assert not [h for h in links if re.fullmatch(r"(\.\./)*[a-z]+/[a-z0-9-]+/", h)], (rel, links)


def test_no_asset_from_another_host(built_site):
    for path in sorted(built_site.rglob("*.html"))[:200]:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html), path
    assert not (built_site / "assets" / "javascripts" / "mermaid.min.js").exists()   # diagrams are build-time SVG


def test_every_page_footer_links_the_downloads(built_site, shipped_pages):
    """Issue 6: the graph's downloads are linked from every page's footer, and the files exist."""
    from planatlas.sitegen.outputs import DOWNLOADS
    wanted = [DOWNLOADS[k] for k in ("turtle", "ntriples", "jsonld", "context", "void")] + ["data/"]
    assert len(shipped_pages) > 1000
    for rel, page in shipped_pages.items():
        if rel == "404.html":
            continue
        base = urljoin("http://site/" + rel, ".")
        resolved = {urljoin(base, link).removeprefix("http://site/") for link in page.links}
        missing = [w for w in wanted if w not in resolved]
        assert not missing, f"{rel} does not link {missing}"
    for w in wanted[:-1]:
        assert (built_site / w).stat().st_size > 100


def test_search_index_holds_no_repeated_boilerplate(built_site):
    """Issue 14: the index holds what a reader searches for (titles, ids, names, descriptions), not the
    sections every page of a type repeats or lists of other records (relations, impact, charts, answers)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    excluded = ("#what-is-at-risk-if-this-slips", "#the-answer", "#the-query", "#relations", "#chart",
                "#provenance", "#accountable", "#tracker", "#dependency-chain", "#needs-first", "#needed-by",
                "#document-by-document")
    assert not [loc for loc in locations if loc.endswith(excluded)], [loc for loc in locations if loc.endswith(excluded)][:5]
    assert not [loc for loc in locations if loc.startswith("themes/") and loc.count("/") > 1 and
                loc.endswith("#how-records-are-tagged")]                         # said once, on the themes index
    assert "themes/#how-records-are-tagged" in locations
    texts = " ".join(d["text"] for d in index["docs"])
    assert "No document in the plan graph states a status" not in texts          # the status line's boilerplate
    assert any(loc.startswith("actions/jfp-a-cdc-2/") for loc in locations)      # the record itself is there
    chained = next(d for d in index["docs"] if d["location"] == "actions/nw19-a-key-date-4/#record")
    assert chained["title"] and chained["text"]                                   # a record's own words stay
    size = (built_site / "search" / "search_index.json").stat().st_size
    assert size < 2_000 * len(list(built_site.glob("*/*/index.html"))), size   # bytes per page, measured 1.4 KB
