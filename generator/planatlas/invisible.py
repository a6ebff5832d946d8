"""Characters that hide or reorder text without showing themselves: one definition for every check.

Why: record text is read by people deciding what the plan says, and printed on terminals; a
bidirectional control can make a line read otherwise than it is stored ("Trojan Source"), and a
zero-width or tag character can smuggle words that no reviewer sees.  Records refuse them
(`reading/yamlstrict.py`) and terminal lines show them as escapes (`diagnostics.printable`); the two
lists differed (U+061C ARABIC LETTER MARK passed in records, zero-width characters were printed raw).

The set: every format character (Unicode category Cf: bidirectional controls and marks, zero-width
characters, word joiners, the byte-order mark, the soft hyphen, tag characters, interlinear
annotation marks) and the characters that draw nothing though they are letters or marks (the
combining grapheme joiner, Hangul fillers, Khmer inherent vowels).  Variation selectors stay
allowed: emoji need them.  `tests/regressions/test_invisible_characters.py` checks the ranges
below against the running Python's Unicode database.
"""
from __future__ import annotations

import re
import unicodedata

# Category Cf in Unicode 14-15, as ranges (`FORMAT_RANGES` is checked against unicodedata in the tests)
FORMAT_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
# Not format characters, but they draw nothing: combining grapheme joiner, Hangul fillers, Khmer
# inherent vowels.
BLANK_LETTERS = "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"

_CLASS = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in FORMAT_RANGES)
INVISIBLE = re.compile(f"[{_CLASS}{re.escape(BLANK_LETTERS)}]")

NAMES = {"\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)"}


def is_invisible(c: str) -> bool:
    return INVISIBLE.match(c) is not None


def name(c: str) -> str:
    """'U+200B ZERO WIDTH SPACE': how a message names one."""
    return f"U+{ord(c):04X} {NAMES.get(c) or unicodedata.name(c, 'FORMAT CHARACTER')}"
