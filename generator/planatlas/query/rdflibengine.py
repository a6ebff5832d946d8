"""rdflib's own SPARQL engine: slow, kept to cross-check Oxigraph's answers (tests/test_sparql.py).

A module of its own so that `planatlas query` never imports rdflib's SPARQL parser (40 ms of a
warm query that takes 0.2 s).
"""
from __future__ import annotations

import rdflib.plugins.sparql as rdflib_sparql
from pyparsing import ParseException
from rdflib import BNode, Graph, URIRef

from planatlas.errors import QueryError
from planatlas.namespaces import DEFAULT_BASE
from planatlas.query.sparql import XSD_STRING, Result, Term, check_no_network, prefix_map, to_ntriple


def _from_rdflib(term) -> Term:
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if term.language:
        return Term("literal", str(term), "", term.language)
    dt = str(term.datatype) if term.datatype is not None else ""
    return Term("literal", str(term), "" if dt == XSD_STRING else dt)


class RdflibEngine:
    """rdflib's own (Memory) store: slow, kept to cross-check Oxigraph's answers."""

    name = "rdflib"

    def __init__(self, graph: Graph, base: str = DEFAULT_BASE) -> None:
        self.graph, self.base = graph, base

    def run(self, query: str) -> Result:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False   # FROM <url> must never fetch anything
        check_no_network(query)
        try:
            answer = self.graph.query(query, initNs=prefix_map(self.base))
        except ParseException as exc:
            raise QueryError(f"line {exc.lineno}, column {exc.col}: {exc.msg}") from None
        except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes etc.
            raise QueryError(f"the query failed: {exc}") from None
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Result("graph", triples=sorted(
                " ".join(to_ntriple(_from_rdflib(x)) for x in t) + " ." for t in answer.graph))
        names = [str(v) for v in answer.vars]
        rows = [{str(k): _from_rdflib(v) for k, v in b.items() if v is not None and str(k) in names}
                for b in answer.bindings]
        return Result("select", names, rows)
