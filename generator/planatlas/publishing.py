"""`planatlas publish`: load the graph into a SPARQL 1.1 server."""
from __future__ import annotations


class PublishError(Exception):
    pass


def publish_graph(ctx, endpoint, graph_iri, user, password, progress=None) -> str:
    raise PublishError("publish is not implemented yet")
