"""Front-matter titles always parse as front matter: a title outside the BMP (an emoji) used to be
written as JSON surrogate-pair escapes, which MkDocs' YAML loader refuses, so the whole front matter
became page text and a '[l](javascript:...)' in it became a live link (found by the property test)."""
from __future__ import annotations

import pytest
from mkdocs.utils.meta import get_data

from planatlas.sitegen.escaping import front_matter_title, yaml_string


@pytest.mark.parametrize("title", ["Plan \U0001f642 [l](javascript:x)", "\U0001d400 maths", "C1 \x8e\x9f end",
                                   "lone \ud800 surrogate", 'quote " and \\ backslash', "\ufffe\uffff",
                                   "</title><script>alert(1)</script>"])
def test_every_title_parses_as_front_matter(title):
    body, meta = get_data(f"---\ntitle: {front_matter_title(title)}\n---\nBODY")
    assert body == "BODY" and set(meta) == {"title"}
    assert "<" not in meta["title"] and ">" not in meta["title"]


def test_astral_characters_are_kept_as_written():
    assert yaml_string("a \U0001f642") == '"a \U0001f642"'
