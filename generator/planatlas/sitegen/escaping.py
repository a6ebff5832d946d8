"""Escaping for every context record text lands in: Markdown, HTML, Mermaid, YAML front matter.

Validation already rejects markup in records, but the site must be safe even when it
did not run (a fixture loaded straight into the generator): so every value is escaped
again here, and long texts go through a renderer that only *builds* a small safe
subset of Markdown (paragraphs, lists, emphasis, http(s) links) and never passes
anything through.
"""
from __future__ import annotations

import functools
import html
import json
import re

from markupsafe import Markup

from planatlas.invisible import INVISIBLE

# Characters left as they are in Markdown text; everything else in ASCII punctuation
# becomes a numeric entity, so no Markdown, attr_list, Jinja or HTML syntax survives.
_MD_SAFE = re.compile(r"[A-Za-z0-9 ,.;?/'\u0080-\uffff-]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def plain(text: object) -> str:
    """One line of plain text: control characters and line breaks become spaces."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def md_text(text: object) -> str:
    """Plain text for a Markdown line (headings, list items): all syntax neutralised."""
    return "".join(c if _MD_SAFE.match(c) else f"&#{ord(c)};" for c in plain(text))


def html_text(text: object) -> Markup:
    """Plain text for HTML, quotes included (safe in attributes too)."""
    return Markup(html.escape(plain(text), quote=True))


# Characters YAML does not allow in a stream (outside the printable set), escaped as \uXXXX.
_YAML_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def yaml_string(text: object) -> str:
    """A YAML double-quoted scalar for front matter (JSON escaping of quotes and backslashes).

    Characters outside the BMP are written as themselves: as JSON's surrogate-pair escapes
    MkDocs' YAML loader refuses them, and the whole front matter would become page text."""
    body = json.dumps(_SURROGATE.sub("\ufffd", plain(text)), ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def front_matter_title(text: object) -> str:
    """A page title for YAML front matter. The theme prints titles unescaped (navigation, tabs),
    so the text is HTML-escaped first and then written as a YAML double-quoted scalar."""
    return yaml_string(html_text(text))


# CSV cells ---------------------------------------------------------------------
_CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]|" + INVISIBLE.pattern)
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_cell(value: object) -> str:
    """One CSV cell: line ends normalised to LF, other control and bidi characters removed, THEN the
    formula guard (a cell a spreadsheet would run gets a leading apostrophe), so no escape can
    slip a formula past it. The writer must quote every field (csv.QUOTE_ALL) for LF inside cells."""
    return _csv_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _csv_text(text: str) -> str:
    """csv_cell of a text, kept for the texts seen last: a download's cells repeat (owners, plans,
    statuses: 470,000 cells at 20,000 records, a third of the CSV time)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CSV_CONTROL.sub("", text)
    if text.lstrip(" \n").startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def mermaid_label(text: object, limit: int = 60) -> str:
    """A Mermaid node label body (to go inside ``["..."]``): only letters, digits and
    spaces stay; everything else is a ``#NNN;`` entity code, so ``"]``, ``-->``,
    ``%%{init}%%`` or ``classDef`` can never be read as diagram syntax."""
    s = plain(text)
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "\u2026"
    return "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"#{ord(c)};" for c in s)


# Safe Markdown subset --------------------------------------------------------
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s<>\"'`\\]*)?$")
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((\S{1,2000}?)\)")
_BARE_URL = re.compile(r"https?://[^\s<>\"'`\\()\[\]]+[^\s<>\"'`\\()\[\].,;:!?]")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_BULLET = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")


def safe_url(url: str) -> str | None:
    """The URL if it is a plain http(s) URL, else None (javascript:, data:, relative...)."""
    url = url.strip()
    return url if _URL.match(url) else None


def _inline(text: str) -> str:
    """Emphasis and http(s) links over already-escaped-at-the-end text."""
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(text):
        out.append(_emphasis(_bare_links(text[pos:m.start()])))
        url = safe_url(m.group(2))
        label = _emphasis(html.escape(m.group(1), quote=True))
        if url:
            out.append(f'<a href="{html.escape(url, quote=True)}" rel="nofollow noopener">{label}</a>')
        else:  # not a safe link: show what was written, as text
            out.append(html.escape(m.group(0), quote=True))
        pos = m.end()
    out.append(_emphasis(_bare_links(text[pos:])))
    return "".join(out)


def _bare_links(text: str) -> str:
    out, pos = [], 0
    for m in _BARE_URL.finditer(text):
        out.append(html.escape(text[pos:m.start()], quote=True))
        url = html.escape(m.group(0), quote=True)
        out.append(f'<a href="{url}" rel="nofollow noopener">{url}</a>' if safe_url(m.group(0)) else url)
        pos = m.end()
    out.append(html.escape(text[pos:], quote=True))
    return "".join(out)


def _emphasis(escaped: str) -> str:
    """Emphasis on escaped text, leaving the inside of tags (links we built) alone."""
    parts = re.split(r"(<[^>]*>)", escaped)
    for i in range(0, len(parts), 2):
        parts[i] = _EM.sub(r"<em>\2</em>", _STRONG.sub(r"<strong>\2</strong>", parts[i]))
    return "".join(parts)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split into ('p', lines) and ('ul'|'ol', items) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in _CONTROL.sub(" ", text.replace("\r\n", "\n")).split("\n"):
        line = raw.rstrip()
        m = _BULLET.match(line)
        if not line.strip():
            blocks.append(("", []))
        elif m:
            kind = "ol" if m.group(2)[0].isdigit() else "ul"
            if not blocks or blocks[-1][0] != kind:
                blocks.append((kind, []))
            blocks[-1][1].append(m.group(3))
        elif blocks and blocks[-1][0] in ("p", "ul", "ol") and blocks[-1][1]:
            blocks[-1][1][-1] += " " + line.strip()
        else:
            blocks.append(("p", [line.strip()]))
    return [b for b in blocks if b[0]]


def render_longtext(text: object) -> Markup:
    """Long text (a safe Markdown subset) as sanitised HTML on one line.

    One line matters: the result is embedded in a Markdown page as a raw HTML block,
    and a blank line would end the block and let Markdown read the rest.
    """
    html_parts = []
    for kind, items in _blocks(str(text)):
        if kind == "p":
            html_parts.append(f"<p>{_inline(items[0])}</p>")
        else:
            lis = "".join(f"<li>{_inline(item)}</li>" for item in items)
            html_parts.append(f"<{kind}>{lis}</{kind}>")
    return Markup("".join(html_parts))
