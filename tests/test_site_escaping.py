"""Escaping and the safe Markdown subset: property tests over arbitrary text."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from planatlas.sitegen.escaping import md_text, mermaid_label, render_longtext, safe_url, yaml_string

PIECES = list("<>&\"'`*_[]()!#{}%|-:=/\\ \n\t") + [
    "javascript:", "<script>", "-->", "\"]", "%%{init}%%", "classDef", "{{", "{%", "](", "http://x.org/a",
    "\u2028", "\x00", "onerror=", " word "]
NASTY = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
ANY = st.one_of(st.text(max_size=80), NASTY)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_md_text_leaves_no_markdown_or_html_syntax(text):
    out = md_text(text)
    assert re.fullmatch(r"([A-Za-z0-9 ,.;?/'\-\u0080-\uffff]|&#\d+;)*", out), out
    assert "\n" not in out


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_mermaid_label_has_only_words_and_entity_codes(text):
    out = mermaid_label(text)
    assert re.fullmatch(r"([A-Za-z0-9 ]|#\d+;)*", out), out
    assert "%%" not in out and "-->" not in out and '"' not in out


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_longtext_renders_only_allowed_tags_and_safe_links(text):
    out = str(render_longtext(text))
    parser = Tags()
    parser.feed(out)
    for tag, attrs in parser.tags:
        assert tag in {"p", "ul", "ol", "li", "em", "strong", "a"}, (tag, out)
        if tag == "a":
            assert set(attrs) == {"href", "rel"} and re.match(r"^https?://", attrs["href"]), attrs
        else:
            assert not attrs, (tag, attrs)
    assert "\n" not in out


@given(st.text(max_size=40))
def test_yaml_string_round_trips(text):
    import yaml
    assert isinstance(yaml.safe_load(f"title: {yaml_string(text)}")["title"], str)


def test_longtext_examples():
    out = str(render_longtext("Intro *em* and **strong**\n\n- one [site](https://example.org/x?a=1&b=2)\n"
                              "- two [bad](javascript:alert(1))\n\n<script>alert(1)</script>"))
    assert out == ('<p>Intro <em>em</em> and <strong>strong</strong></p><ul><li>one '
                   '<a href="https://example.org/x?a=1&amp;b=2" rel="nofollow noopener">site</a></li>'
                   '<li>two [bad](javascript:alert(1))</li></ul><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')


def test_safe_url():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,x", "//evil.org", "/relative",
                "https://exa mple.org", 'https://x.org/"onmouseover=', "vbscript:x"):
        assert safe_url(bad) is None, bad
