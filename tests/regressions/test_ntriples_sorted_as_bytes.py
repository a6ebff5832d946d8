"""N-Triples are now sorted as UTF-8 bytes (decoded lines held four copies of the text: the build's
peak at 20,000 records, issue 14).  The order must be the code point order it had, whatever the
characters."""
from __future__ import annotations

import pyoxigraph as ox

from planatlas.graph.rdfio import ntriples, ntriples_bytes

TEXTS = ["plain", "é accent", "→ arrow", "𝄞 astral", "Zulu", "~tilde", "\u00a0no-break", "日本", "a\"quote\\", ""]


def test_the_bytes_are_the_lines_sorted_by_code_point():
    p = ox.NamedNode("https://example.org/p")
    triples = [ox.Triple(ox.NamedNode(f"https://example.org/{i % 3}"), p, ox.Literal(text))
               for i, text in enumerate(TEXTS)]
    made = ntriples_bytes(triples)
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    expected = "\n".join(sorted(line for line in body.split("\n") if line.strip())) + "\n"
    assert made.decode("utf-8") == expected == ntriples(triples)
    assert len(expected.splitlines()) == len(TEXTS)
