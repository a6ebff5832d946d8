"""Artefacts generated from the one model: ontology, SHACL shapes, JSON Schemas.

Run `planatlas fmt --generated` (or `python -m planatlas.codegen`) after changing
model.py; a test fails while the committed files differ from what this produces.
"""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from planatlas import model
from planatlas.model import Field
from planatlas.namespaces import PA, bind_all
from planatlas.graph.rdfgraph import concept_iri, scheme_iri
from planatlas.reading.records import one_of
from planatlas.sitegen.vocabulary import repository_markdown

SCHEMA_ID_BASE = "https://plan.example.org/schema/"

# Soft rules: reported as warnings, never block a merge.
SOFT_RULES = [
    ("objective", [(None, PA.measures)], "objective-without-metric",
     "This objective has no metric measuring it: add a metric whose 'measures' lists it."),
    ("action", [(PA.ownedBy, None)], "action-without-owner",
     "This action has no owner: add 'owners'."),
    ("outcome", [(None, PA.serves)], "outcome-without-objective",
     "No objective serves this outcome: add it to an objective's 'serves'."),
]


def _datatype(f: Field) -> URIRef | None:
    return {model.TEXT: XSD.string, model.LONGTEXT: XSD.string, model.INT: XSD.integer,
            model.NUMBER: XSD.decimal, model.BOOL: XSD.boolean}.get(f.kind)


def _property_shape(g: Graph, f: Field, owner: str, path_node) -> BNode:
    p = BNode(f"{owner}-{f.name}".replace("_", "-"))
    g.add((p, SH.path, path_node))
    g.add((p, SH.name, Literal(f.name)))
    g.add((p, SH.description, Literal(f.doc)))
    if f.required:
        g.add((p, SH.minCount, Literal(1)))
    if not f.many:
        g.add((p, SH.maxCount, Literal(1)))
    dt = _datatype(f)
    if dt is not None:
        g.add((p, SH.datatype, dt))
        what = {model.INT: "a whole number", model.NUMBER: "a number", model.BOOL: "true or false"}.get(
            f.kind, "text")
    elif f.kind == model.DATE:
        alts = []
        for d in (XSD.gYear, XSD.gYearMonth, XSD.date):
            b = BNode(f"{p}-{d.split('#')[-1]}")
            g.add((b, SH.datatype, d))
            alts.append(b)
        g.add((p, SH["or"], _list(g, f"{p}-or", alts)))
        what = "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    elif f.kind == model.ENUM:
        g.add((p, SH["in"], _list(g, f"{p}-in", [concept_iri(f.scheme, c) for c in model.concept_ids(f.scheme)])))
        what = f"one of the {model.SCHEMES[f.scheme].title.lower()}"
    elif f.kind == model.REF:
        classes = [model.RECORD_TYPES[t].rdf_class for t in f.targets]
        if len(classes) == 1:
            g.add((p, SH["class"], classes[0]))
        else:
            alts = []
            for c in classes:
                b = BNode(f"{p}-{c.split('#')[-1].split('/')[-1]}")
                g.add((b, SH["class"], c))
                alts.append(b)
            g.add((p, SH["or"], _list(g, f"{p}-or", alts)))
        what = f"a link to {one_of(f.targets)} record"
    else:  # nested
        g.add((p, SH.node, PA[f"{_camel(f.item)}Shape"]))
        what = f"a valid {f.item.replace('-', ' ')}"
    card = " (required)" if f.required else ""
    g.add((p, SH.message, Literal(f"'{f.name}' must be {what}{card}{'' if f.many else ', given once'}.")))
    return p


def _list(g: Graph, label: str, items: list) -> BNode:
    """An RDF list whose nodes have fixed labels (label, label-1, ...): rdflib's Collection mints
    random ones, which made the Turtle differ between runs unless relabelled canonically (13 s)."""
    nodes = [BNode(label if i == 0 else f"{label}-{i}") for i in range(len(items))]
    for i, (node, item) in enumerate(zip(nodes, items)):
        g.add((node, RDF.first, item))
        g.add((node, RDF.rest, nodes[i + 1] if i + 1 < len(nodes) else RDF.nil))
    return nodes[0] if nodes else RDF.nil


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def shapes_graph() -> Graph:
    g = Graph()
    bind_all(g)
    for tname, rt in model.RECORD_TYPES.items():
        shape = PA[f"{_camel(tname)}Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, rt.rdf_class))
        g.add((shape, RDFS.label, Literal(f"{tname} record")))
        for f in rt.all_fields:
            if f.name in ("id", "type"):
                continue
            path = f.predicate
            if tname == "membership" and f.name in ("start", "end"):
                path = _list(g, f"path-membership-{f.name}",
                             [URIRef("http://www.w3.org/ns/org#memberDuring"), f.predicate])
            g.add((shape, SH.property, _property_shape(g, f, tname, path)))
    for item, (cls, doc, fields) in model.NESTED_TYPES.items():
        shape = PA[f"{_camel(item)}Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, RDFS.label, Literal(doc)))
        for f in fields:
            g.add((shape, SH.property, _property_shape(g, f, item, f.predicate)))
    for tname, paths, code, message in SOFT_RULES:
        shape = PA[f"{_camel(code)}Rule"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, model.RECORD_TYPES[tname].rdf_class))
        g.add((shape, SH.severity, SH.Warning))
        for forward, inverse in paths:
            p = BNode(f"rule-{code}")
            if inverse is not None:
                inv = BNode(f"rule-{code}-path")
                g.add((inv, SH.inversePath, inverse))
                g.add((p, SH.path, inv))
            else:
                g.add((p, SH.path, forward))
            g.add((p, SH.minCount, Literal(1)))
            g.add((p, SH.name, Literal(code)))
            g.add((p, SH.message, Literal(message)))
            g.add((p, SH.severity, SH.Warning))
            g.add((shape, SH.property, p))
    return g


def ontology_graph() -> Graph:
    g = Graph()
    bind_all(g)
    onto = URIRef(str(PA).rstrip("#"))
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, DCTERMS.title, Literal("planatlas plan ontology")))
    g.add((onto, RDFS.comment, Literal(
        "Terms for plans, outcomes, objectives, actions, metrics and the partnerships that own them. "
        "Reuses W3C ORG for organisations, partnerships, memberships and change events; SKOS for concept "
        "schemes; DCTERMS for titles and dates; PROV-O for provenance; the RDF Data Cube for observations; "
        "VoID and DCAT for the published dataset. Terms in this namespace are defined here.")))
    for tname, rt in model.RECORD_TYPES.items():
        c = rt.rdf_class
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.label, Literal(tname.capitalize() if str(c).startswith(str(PA)) else tname)))
        g.add((c, RDFS.comment, Literal(rt.doc)))
        if str(c).startswith(str(PA)):
            g.add((c, RDFS.isDefinedBy, onto))
    for _rt, f in _all_fields():
        if not str(f.predicate).startswith(str(PA)):
            continue
        kind = OWL.ObjectProperty if f.kind in (model.REF, model.ENUM, model.NESTED) else OWL.DatatypeProperty
        g.add((f.predicate, RDF.type, kind))
        g.add((f.predicate, RDFS.label, Literal(f.label or f.name.replace("_", " "))))
        g.add((f.predicate, RDFS.comment, Literal(f.doc)))
        g.add((f.predicate, RDFS.isDefinedBy, onto))
    extra = {PA.position: "Position of a nested item (observation, citation) in its record's list."}
    for term, doc in extra.items():
        g.add((term, RDFS.label, Literal(str(term).split("#")[-1])))
        g.add((term, RDFS.comment, Literal(doc)))
        g.add((term, RDFS.isDefinedBy, onto))
    g.add((PA.position, RDF.type, OWL.DatatypeProperty))
    for scheme, (title, concepts) in model.SCHEMES.items():
        s = scheme_iri(scheme)
        g.add((s, RDF.type, SKOS.ConceptScheme))
        g.add((s, SKOS.prefLabel, Literal(title, lang="en")))
        g.add((s, DCTERMS.identifier, Literal(scheme)))
        for cid, label in concepts.items():
            c = concept_iri(scheme, cid)
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, SKOS.inScheme, s))
            g.add((c, SKOS.notation, Literal(cid)))
            g.add((c, SKOS.prefLabel, Literal(label, lang="en")))
            g.add((s, SKOS.hasTopConcept, c))
            parent = model.BROADER.get(scheme, {}).get(cid)
            if parent:
                g.add((c, SKOS.broader, concept_iri(*parent.split(":", 1))))
    return g


def _all_fields():
    seen = set()
    for rt in model.RECORD_TYPES.values():
        for f in rt.all_fields:
            if f.predicate not in seen:
                seen.add(f.predicate)
                yield rt, f
    for _cls, _doc, fields in model.NESTED_TYPES.values():
        for f in fields:
            if f.predicate not in seen:
                seen.add(f.predicate)
                yield None, f


def _json_type(f: Field) -> dict:
    if f.kind == model.NESTED:
        _cls, doc, fields = model.NESTED_TYPES[f.item]
        item = _object_schema(fields, doc)
        return item
    base: dict = {"description": f.doc}
    if f.kind in (model.TEXT, model.LONGTEXT):
        limit = f.max_length or (model.LONGTEXT_MAX if f.kind == model.LONGTEXT else model.TEXT_MAX)
        base.update(type="string", maxLength=limit)
    elif f.kind == model.REF:
        base.update(type="string", pattern=model.ID_PATTERN,
                    description=f"{f.doc} (id of {one_of(f.targets)} record)")
    elif f.kind == model.ENUM:
        base.update(type="string", enum=model.concept_ids(f.scheme))
    elif f.kind == model.INT:
        base.update(type="integer")
    elif f.kind == model.NUMBER:
        base.update(type="number")
    elif f.kind == model.BOOL:
        base.update(type="boolean")
    elif f.kind == model.DATE:
        base.update(anyOf=[{"type": "string", "pattern": model.DATE_PATTERN}, {"type": "integer"}])
    return base


def _object_schema(fields: tuple[Field, ...], doc: str) -> dict:
    props = {}
    for f in fields:
        t = _json_type(f)
        props[f.name] = {"type": "array", "minItems": 1, "items": t, "description": f.doc} if f.many else t
    return {"type": "object", "description": doc, "additionalProperties": False,
            "required": [f.name for f in fields if f.required], "properties": props}


def json_schema(tname: str) -> dict:
    rt = model.RECORD_TYPES[tname]
    schema = _object_schema(rt.all_fields, rt.doc)
    schema["properties"]["id"] = {"type": "string", "pattern": model.ID_PATTERN,
                                  "description": COMMON_ID_DOC}
    schema["properties"]["type"] = {"const": tname, "description": "The record type."}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_ID_BASE}{tname}.schema.json", "title": f"planatlas {tname} record", **schema}


COMMON_ID_DOC = "Stable slug (lower-case letters, digits, '-'); the record's IRI is minted from it. Never reused."


def generated_files() -> dict[str, str]:
    """Relative path under graph/ → file content."""
    files = {
        "ontology/planatlas.ttl": _turtle(ontology_graph(), "The planatlas ontology"),
        "shapes/planatlas-shapes.ttl": _turtle(shapes_graph(), "SHACL shapes for every record type"),
    }
    files["VOCABULARY.md"] = repository_markdown()
    for tname in sorted(model.RECORD_TYPES):
        files[f"schema/{tname}.schema.json"] = json.dumps(json_schema(tname), indent=2, ensure_ascii=False) + "\n"
    return files


def _turtle(g: Graph, title: str) -> str:
    header = f"# {title}.\n# GENERATED from generator/planatlas/model.py by `planatlas fmt --generated`: do not edit.\n"
    return header + g.serialize(format="turtle")   # every blank node has a fixed label (_list)


def write_generated(graph_dir: Path) -> list[str]:
    changed = []
    for rel, text in generated_files().items():
        path = graph_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            path.unlink()   # never write through a link: the generated file replaces it
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(rel)
    return changed


if __name__ == "__main__":  # pragma: no cover
    print("\n".join(write_generated(Path("graph"))) or "up to date")
