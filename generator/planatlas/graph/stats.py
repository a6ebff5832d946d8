"""Counts per type in records, graph and export: they must agree, or something was lost."""
from __future__ import annotations

import json

from rdflib import Graph
from rdflib.namespace import RDF

from planatlas import model
from planatlas.graph.exporting import serialise
from planatlas.graph.dataset import dataset_store


def compute_stats(ctx) -> dict:
    export = Graph()
    export.parse(data=serialise(ctx, "nt"), format="nt")
    rows = []
    for name, rt in sorted(model.RECORD_TYPES.items()):
        rows.append({
            "type": name,
            "records": len(ctx.records.of_type(name)),
            "graph": len(set(ctx.graph.subjects(RDF.type, rt.rdf_class))),
            "export": len(set(export.subjects(RDF.type, rt.rdf_class))),
        })
    observations = sum(len(r.data.get("observations", [])) for r in ctx.records)
    review_notes = sum(1 for r in ctx.records if r.data.get("review_note"))
    agree = all(row["records"] == row["graph"] == row["export"] for row in rows)
    published = len(dataset_store(ctx))   # what the downloads, the Query page and publish hold
    return {"types": rows, "records": len(ctx.records), "triples": len(ctx.graph), "published_triples": published,
            "observations": observations, "review_notes": review_notes, "agree": agree}


def format_stats(result: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2)
    lines = [f"{'type':<14}{'records':>9}{'graph':>9}{'export':>9}"]
    for row in result["types"]:
        lines.append(f"{row['type']:<14}{row['records']:>9}{row['graph']:>9}{row['export']:>9}")
    lines.append(f"{'total':<14}{result['records']:>9}")
    lines.append(f"observations: {result['observations']}")
    lines.append(f"review notes: {result['review_notes']}")
    lines.append(f"triples: {result['triples']}")
    lines.append(f"published triples (records and ontology): {result['published_triples']}")
    lines.append("counts agree: " + ("yes" if result["agree"] else "NO"))
    return "\n".join(lines)
