"""Defence in depth: a hostile graph, loaded straight into the generator (no validation),
builds a site where every hostile text shows as text.

Every hostile string carries the marker PAXSS, so markup that came from the data can be
told apart from the theme's own.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

MARK = "PAXSS"


class Collector(HTMLParser):
    """Every element with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(path: Path) -> Collector:
    c = Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_hostile_pages_exist(hostile_site):
    for rel in ("actions/evil-action/index.html", "organisations/evil-org/index.html",
                "outcomes/evil-outcome/index.html", "plans/evil-plan/index.html", "metrics/evil-metric/index.html"):
        assert (hostile_site / rel).is_file(), rel


def test_a_record_whose_id_is_not_a_slug_gets_no_page(tmp_path):
    """Ids become paths: one that is not a slug is skipped, never written outside docs/."""
    from planatlas.sitegen.pages import PageMaker
    from planatlas.reading.records import Record
    from planatlas.analysis.views import build_views
    from conftest import hostile_context
    ctx = hostile_context()
    bad = Record("action", "Bad Id/../../etc", {"id": "Bad Id/../../etc", "type": "action", "title": "PAXSS",
                                                 "owners": ["evil-org"]}, "x.yaml")
    ctx.records.records[bad.id] = bad
    pages = PageMaker(ctx, build_views(ctx.records)).all_pages({})
    assert pages and not [p for p in pages if "etc" in p or ".." in p or " " in p]
    assert "Bad Id/../../etc (no such record)" in pages["organisations/evil-org.md"].replace("&#39;", "'") \
        or "Bad Id" not in pages["organisations/evil-org.md"]


def test_no_script_handler_or_javascript_url_from_data(hostile_site):
    for path in html_files(hostile_site):
        c = parse(path)
        for tag, attrs in c.elements:
            assert tag not in ("iframe", "object", "embed", "form", "img", "svg", "style") or MARK not in str(attrs), \
                (path, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name, value)
                if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                    squashed = re.sub(r"\s", "", value).lower()
                    assert not squashed.startswith(("javascript:", "vbscript:", "data:")), (path, tag, value)
        for text in c.scripts:
            assert MARK not in text and "alert(" not in text, (path, text[:200])


def test_hostile_text_is_shown_as_text(hostile_site):
    page = (hostile_site / "actions" / "evil-action" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    # the title is visible as written (escaped), not interpreted
    assert "[link](javascript:alert(10))" in re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))),
                                                  page.replace("&amp;", "&").replace("&lt;", "<")
                                                  .replace("&gt;", ">").replace("&quot;", '"'))
    org = (hostile_site / "organisations" / "evil-org" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", org, re.S).group(1)
    assert "<" not in title and "&lt;/title&gt;" in title


def test_longtext_keeps_only_safe_markdown(hostile_site):
    page = (hostile_site / "plans" / "evil-plan" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/ok" rel="nofollow noopener">safe link</a>' in page
    assert "<em>one</em>" in page and "<strong>two</strong>" in page
    assert "<table" not in page.split('class="pa-fields"')[1].split("</dl>")[0]   # the Markdown table stays text


# Diagrams (svglayout), metric charts (charts) and roadmaps (roadmap) together: no script,
# foreignObject, style, event handler or off-site link can appear.
_SVG_TAGS = {"svg", "title", "desc", "defs", "marker", "path", "g", "text", "rect", "a", "line", "circle"}
_SVG_ATTRS = {"xmlns", "class", "role", "width", "height", "viewBox", "aria-labelledby", "aria-label", "id",
              "refX", "refY", "markerWidth", "markerHeight", "orient", "d", "fill", "stroke", "stroke-width",
              "marker-end", "x", "y", "rx", "font-size", "font-weight", "text-anchor", "href", "tabindex", "aria-hidden",
              "focusable", "preserveAspectRatio", "paint-order", "x1", "y1", "x2", "y2", "cx", "cy", "r",
              "stroke-dasharray"}


def test_diagrams_are_svg_with_only_generated_markup(hostile_site):
    """Diagrams are drawn at build time: only a fixed set of SVG elements and attributes, hrefs to
    pages of the site or anchors, and the hostile texts as escaped text."""

    class SvgCheck(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth = 0
            self.svgs = 0
            self.bad: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "svg":
                self.depth += 1
                self.svgs += 1
            if not self.depth:
                return
            if tag not in _SVG_TAGS:
                self.bad.append(tag)
            for name, value in attrs:
                if name not in {a.lower() for a in _SVG_ATTRS}:
                    self.bad.append(f"{tag} {name}")
                if name == "href" and not re.fullmatch(r"(\.\./)+[a-z]+/[a-z0-9-]+/|#[a-z0-9-]+", value or ""):
                    self.bad.append(f"href {value}")

        def handle_endtag(self, tag):
            if tag == "svg":
                self.depth -= 1

    svgs = 0
    for page in sorted(hostile_site.rglob("*.html")):
        check = SvgCheck()
        check.feed(page.read_text(encoding="utf-8"))
        assert not check.bad, (page, check.bad[:5])
        svgs += check.svgs
    assert svgs >= 10
    assert not any('class="mermaid"' in p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html"))
