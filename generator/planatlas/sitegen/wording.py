"""Numbers and concept labels in words, as the site and `planatlas diff` both print them."""
from __future__ import annotations

from decimal import Decimal

from planatlas import model


def number(value: object) -> str:
    """12.5, 6, 1,200: no trailing zeros, thousands separated."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (Decimal, float)):
        text = format(Decimal(str(value)).normalize(), "f")
        whole, _, frac = text.partition(".")
        return f"{int(whole):,}" + (f".{frac}" if frac else "") if whole.lstrip("-").isdigit() else text
    return str(value)


def concept(scheme: str, cid: object) -> str:
    """The label of a concept id in a scheme, or the id itself when the scheme does not know it."""
    return model.SCHEMES.get(scheme, model.EMPTY_SCHEME).concepts.get(str(cid), str(cid))
