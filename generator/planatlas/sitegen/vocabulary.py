"""The vocabulary reference: every YAML field, the predicate it becomes, its range and values.

Generated from `model.py` (fields, schemes) and the ontology, twice: `graph/VOCABULARY.md` in the
repository (one file, rewritten by `planatlas fmt --generated`, stale-checked by a test) and
`vocabulary/` on the site (an index and a page per record type).  Both come from the same
sections, so they cannot say different things.  Why: analysts found the borrowed terms
(`org:member`, `sdmx-measure:obsValue` ...) and the field-to-predicate mapping only by counting
predicates; a test now fails when the shipped graph uses a term this reference does not list.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from planatlas import model
from planatlas.model import Field
from planatlas.namespaces import DEFAULT_BASE, PREFIXES
from planatlas.graph.rdfgraph import CONCEPT_BASE
from planatlas.query.sparql import compact, prefix_map

# One real triple per record type, read from the shipped graph (tests/test_vocabulary.py checks that
# each is there, so the reference never shows a made-up fact): record id, YAML field, object as written
# in SPARQL.
EXAMPLES: dict[str, tuple[str, str, str]] = {
    "source": ("src-jfp-2023", "publisher", "organisation:nhs-kent-and-medway-icb"),
    "plan": ("jfp-2023", "kind", "plan-kind:delivery-plan"),
    "outcome": ("icstrat-outcome-1", "plan", "plan:km-integrated-care-strategy-2022"),
    "enabler": ("icstrat-enabler-1", "plan", "plan:km-integrated-care-strategy-2022"),
    "principle": ("kmics20-principle-1", "plan", "plan:kmics-draft-vision-2020"),
    "objective": ("jfp-o-community-diagnostic-centres", "plan", "plan:jfp-2023"),
    "action": ("jfp-a-cdc-2", "contributes_to", "objective:jfp-o-community-diagnostic-centres"),
    "metric": ("jfp-m-ae-four-hour-standard", "measures", "objective:jfp-o-urgent-and-emergency-care"),
    "organisation": ("medway-nhs-ft", "kind", "organisation-kind:foundation-trust"),
    "board": ("dgs-icp-advisory-board", "part_of", "partnership:dgs-icp"),
    "partnership": ("west-kent-hcp", "part_of", "partnership:kent-and-medway-ics"),
    "membership": ("dgspb-mem-kent-community-health-nhs-ft", "member",
                   "organisation:kent-community-health-nhs-ft"),
    "place": ("ashford", "part_of", "place:kent"),
    "programme": ("community-diagnostic-centres", "kind", "programme-kind:programme"),
    "change": ("change-dgs-icp-to-dgs-hcp", "from", "partnership:dgs-icp"),
    "person": ("david-brake", "name", '"David Brake"'),
    "post": ("post-david-brake-jhwb-chair-2018-10", "held_by", "person:david-brake"),
    "decision": ("jhwb-180628-116", "body", "board:kent-and-medway-joint-health-and-wellbeing-board"),
    "risk": ("stp-lc-risk-culture", "plan", "plan:stp-lc-2018-19"),
}

# What each borrowed vocabulary is, and what each borrowed term means in this graph.
VOCABULARIES: dict[str, str] = {
    "pa": "planatlas' own terms (classes and properties no standard covers); defined in graph/ontology/planatlas.ttl",
    "org": "W3C Organization Ontology: organisations, units, partnerships, memberships, change events",
    "skos": "W3C SKOS: concept schemes (the allowed values of `kind`, `status`, `role` ...) and names",
    "dcterms": "DCMI Metadata Terms: identifiers, titles, descriptions, dates, publishers",
    "prov": "W3C PROV-O: which source document (and section) each record was read from",
    "qb": "W3C RDF Data Cube: metric observations (baselines, targets, measured values)",
    "sdmx-dimension": "SDMX dimensions used with the Data Cube: area and period of an observation",
    "sdmx-measure": "SDMX measures: the observed number",
    "sdmx-attribute": "SDMX attributes: the unit of an observation",
    "rdf": "RDF: `rdf:type` (written `a` in SPARQL) gives every node its class",
    "rdfs": "RDF Schema: labels, comments, see-also links",
    "owl": "OWL: the ontology's declarations of classes and properties",
    "xsd": "XML Schema datatypes of literals (xsd:date, xsd:gYear, xsd:decimal ...)",
    "void": "VoID: the dataset description in data/void.ttl (not in the graph queried)",
    "dcat": "DCAT: the downloads' catalogue entries in data/void.ttl (not in the graph queried)",
    "sh": "SHACL: the validation shapes in graph/shapes/ (not in the graph queried)",
    "foaf": "FOAF: declared for convenience; not used by the shipped graph",
    "time": "OWL-Time: declared for convenience; not used by the shipped graph",
}

BORROWED: dict[str, str] = {
    "rdf:type": "The node's class (`a` in SPARQL): `?x a pa:Action`.",
    "rdfs:label": "The display name of every record, copied from its label field (title or name), so "
                  "`?x rdfs:label ?name` works for every type. Classes and properties of the ontology have one too.",
    "rdfs:comment": "On an observation or stated comparison: the document's words about it. In the ontology: "
                    "what a class or property means.",
    "rdfs:seeAlso": "Another record the text points to ('see shared outcome 1').",
    "rdfs:isDefinedBy": "Ontology only: the ontology that defines a pa: term.",
    "dcterms:identifier": "The record's id (the slug in its file name and IRI); on a concept scheme, its name.",
    "dcterms:title": "Title of a source, plan, outcome, enabler, principle, objective, action or metric (their "
                     "label field); `rdfs:label` carries the same text.",
    "dcterms:description": "Longer description, as the document gives it.",
    "dcterms:publisher": "Who published a source document or plan.",
    "dcterms:issued": "Date of a source document.",
    "dcterms:date": "On a change: when it took effect. On an observation: the value's date or the date a "
                    "target is due.",
    "dcterms:PeriodOfTime": "The period of a membership (node `<membership>/period`), with `pa:start` and `pa:end`.",
    "skos:prefLabel": "Name of an organisation, board, partnership, place or programme (their label field); "
                      "label of a concept (`@en`).",
    "skos:altLabel": "Short name or abbreviation (KCHFT, WK HCP).",
    "skos:hiddenLabel": "Other names the documents use for the same organisation or partnership.",
    "skos:definition": "What a metric counts, as the document defines it.",
    "skos:Concept": "An allowed value of a coded field (`timescale:long`).",
    "skos:ConceptScheme": "A list of allowed values (`timescale`, `programme-status` ...).",
    "skos:inScheme": "The scheme a concept belongs to.",
    "skos:hasTopConcept": "A scheme's concepts.",
    "skos:notation": "The concept's code, the value written in YAML (`long`).",
    "skos:broader": "A concept's group: a role's role group, a kind's shared parent concept.",
    "org:FormalOrganization": "Class of organisation records: trusts, councils, CCGs, the ICB, PCNs, charities.",
    "org:OrganizationalUnit": "Class of board records: boards, committees, networks, groups, posts that own work.",
    "org:OrganizationalCollaboration": "Class of partnership records: ICS, ICPs, place-based partnerships.",
    "org:Membership": "Class of membership records: one member in one body, in one role.",
    "org:ChangeEvent": "Class of change records: mergers, replacements, establishments.",
    "org:classification": "An organisation's kind (`organisation-kind:ccg`).",
    "org:subOrganizationOf": "The organisation or partnership an organisation is part of.",
    "org:unitOf": "The organisation, partnership or board a board belongs to.",
    "org:member": "The member (organisation, board or partnership) of a membership.",
    "org:organization": "The body (partnership, board or organisation) of a membership.",
    "org:role": "The member's role (`membership-role:chair`).",
    "org:memberDuring": "Links a membership to its period (`dcterms:PeriodOfTime`).",
    "org:originalOrganization": "What existed before a change.",
    "org:resultingOrganization": "What existed after a change.",
    "prov:qualifiedDerivation": "A citation node `<record>/source-ref/N`: which document, which section and page.",
    "prov:Derivation": "Class of citation nodes.",
    "prov:entity": "The source document a citation points to.",
    "prov:wasDerivedFrom": "Shortcut from a record to each source document it cites (no section).",
    "qb:Observation": "Class of observation nodes `<metric>/observation/N`.",
    "sdmx-measure:obsValue": "The observed number (xsd:decimal).",
    "sdmx-attribute:unitMeasure": "Unit of the value as text (%, people, days).",
    "sdmx-dimension:refArea": "The area (a place record) the value or comparison is for.",
    "sdmx-dimension:refPeriod": "The period the value refers to, as the document words it ('2017/18').",
    "owl:Ontology": "Ontology only: the ontology itself.",
    "owl:Class": "Ontology only: a record type's class.",
    "owl:ObjectProperty": "Ontology only: a pa: property whose values are nodes (records, concepts).",
    "owl:DatatypeProperty": "Ontology only: a pa: property whose values are literals.",
}

STRUCTURAL_PA: dict[str, str] = {
    "pa:position": "Position of a nested item (observation, citation, comparison) in its record's list, from 1.",
}

_KIND_RANGE = {
    model.TEXT: "text (xsd:string)", model.LONGTEXT: "text, Markdown subset (xsd:string)",
    model.INT: "whole number (xsd:integer)", model.NUMBER: "number (xsd:decimal)",
    model.BOOL: "true or false (xsd:boolean)",
    model.DATE: "date: xsd:gYear, xsd:gYearMonth or xsd:date (`\"2024-03\"^^xsd:gYearMonth`)",
}


@dataclass(frozen=True)
class Links:
    """Where a section points: one file with anchors (repository) or a page per type (site)."""

    rtype: Callable[[str], str]
    scheme: Callable[[str], str]
    section: Callable[[str], str]


REPO_LINKS = Links(rtype=lambda t: f"#type-{t}", scheme=lambda s: f"#scheme-{s}",
                   section=lambda name: f"#{name}")
SITE_LINKS = Links(rtype=lambda t: f"{t}.md", scheme=lambda s: f"index.md#scheme-{s}",
                   section=lambda name: f"index.md#{name}")


def _esc(text: str) -> str:
    """Model docs are code, not editor input; still keep table cells and raw HTML intact."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("*", "\\*"))


def _c(iri: str, prefixes: dict[str, str]) -> str:
    return compact(str(iri), prefixes)


def _prefixes() -> dict[str, str]:
    return prefix_map(DEFAULT_BASE)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


# Pieces -------------------------------------------------------------------------------------
def field_range(f: Field, links: Links) -> str:
    if f.kind == model.REF:
        return "link to " + " or ".join(f"[{t}]({links.rtype(t)})" for t in f.targets) + " (`<type>:<id>`)"
    if f.kind == model.ENUM:
        values = ", ".join(f"`{c}`" for c in model.concept_ids(f.scheme))
        return f"concept of [{f.scheme}]({links.scheme(f.scheme)}): {values}"
    if f.kind == model.NESTED:
        cls, _doc, _fields = model.NESTED_TYPES[f.item]
        return (f"node `<record>/{f.item}/N` ({_c(cls, _prefixes())}): "
                f"see [{f.item}]({links.section('nested-' + f.item)})")
    return _KIND_RANGE[f.kind]


def _flags(f: Field) -> str:
    out = []
    if f.required:
        out.append("required")
    if f.many:
        out.append("list")
    return ", ".join(out)


def type_rows(rtype: str, links: Links) -> list[str]:
    """The field table of one record type, including the triples every record gets."""
    rt = model.RECORD_TYPES[rtype]
    p = _prefixes()
    label_pred = _c(rt.field(rt.label_field).predicate, p)
    rows = [
        "| YAML field | predicate | range and allowed values | use | meaning |",
        "| --- | --- | --- | --- | --- |",
        f"| `id` | the IRI `{rtype}:<id>`, and `dcterms:identifier` | text (the id) | required | "
        f"{_esc(model.COMMON_FIELDS[0].doc)} |",
        f"| `type` | `rdf:type` | `{_c(rt.rdf_class, p)}` | required | The record type, as the class. |",
        f"| `{rt.label_field}` | `{label_pred}` and `rdfs:label` | text (xsd:string) | required | "
        f"{_esc(rt.field(rt.label_field).doc)} Also written as `rdfs:label`, the label of every record. |",
        f"| `sources` | `prov:qualifiedDerivation`, and `prov:wasDerivedFrom` to each document | "
        f"node `<record>/source-ref/N` (prov:Derivation): see [source-ref]({links.section('nested-source-ref')}) | "
        f"required, list | {_esc(model.COMMON_FIELDS[2].doc)} |",
    ]
    for f in rt.all_fields:
        if f.name in ("id", "type", "sources", rt.label_field):
            continue
        pred = f"`{_c(f.predicate, p)}`"
        if rtype == "membership" and f.name in ("start", "end"):
            pred = f"`org:memberDuring` / {pred} (on the node `<membership>/period`, a dcterms:PeriodOfTime)"
        rows.append(f"| `{f.name}` | {pred} | {field_range(f, links)} | {_flags(f)} | {_esc(f.doc)} |")
    return rows


def example_of(rtype: str) -> tuple[str, str, str]:
    """(id, field, object) of the type's example; a type without one in EXAMPLES gets its label field,
    so a new record type in model.py needs nothing here."""
    return EXAMPLES.get(rtype) or ("example-id", model.RECORD_TYPES[rtype].label_field, '"..."')


def example_triple(rtype: str) -> str:
    rid, fname, obj = example_of(rtype)
    f = model.RECORD_TYPES[rtype].field(fname)
    return f"{rtype}:{rid} {_c(f.predicate, _prefixes())} {obj} ."


def example_query(rtype: str) -> str:
    """One line that lists records of the type with their label and the example's field."""
    rt = model.RECORD_TYPES[rtype]
    _rid, fname, _obj = example_of(rtype)
    f = rt.field(fname)
    var = camel(fname) if fname not in (rtype, "from") else f"{camel(fname)}Value"
    return (f"SELECT ?{rtype} ?label ?{var} WHERE {{ ?{rtype} a {_c(rt.rdf_class, _prefixes())} ; "
            f"rdfs:label ?label ; {_c(f.predicate, _prefixes())} ?{var} }} LIMIT 10")


def type_section(rtype: str, links: Links, level: int) -> list[str]:
    rt = model.RECORD_TYPES[rtype]
    h = "#" * level
    p = _prefixes()
    lines = [
        f"{h} {'Type: ' if level > 1 else ''}{rtype}", "",
        f"{_esc(rt.doc)}", "",
        f"- class: `{_c(rt.rdf_class, p)}`; YAML files in `graph/data/{rtype}/`; "
        f"site pages under `{rt.plural}/`",
        f"- IRI: `{rtype}:<id>` = `<{DEFAULT_BASE}{rtype}/<id>>` (the base is `base_iri` in "
        f"`graph/planatlas.yaml`)",
        f"- label: `rdfs:label` (from `{rt.label_field}`, also `{_c(rt.field(rt.label_field).predicate, p)}`)",
        f"- example triple: `{example_triple(rtype)}`",
        f"- example query: `{example_query(rtype)}`", "",
    ]
    lines += type_rows(rtype, links)
    return lines + [""]


def nested_sections(links: Links, level: int) -> list[str]:
    h = "#" * level
    p = _prefixes()
    lines: list[str] = []
    for item, (cls, doc, fields) in model.NESTED_TYPES.items():
        lines += [f"{h} Nested: {item}", "",
                  f"{_esc(doc)} A node `<record IRI>/{item}/N` of class `{_c(cls, p)}`, with `pa:position` N "
                  f"(its place in the record's list, from 1).", "",
                  "| YAML key | predicate | range and allowed values | use | meaning |", "| --- | --- | --- | --- | --- |"]
        for f in fields:
            lines.append(f"| `{f.name}` | `{_c(f.predicate, p)}` | {field_range(f, links)} | {_flags(f)} | "
                         f"{_esc(f.doc)} |")
        lines.append("")
    return lines


def prefix_rows(links: Links) -> list[str]:
    p = _prefixes()
    rows = ["| prefix | namespace | what |", "| --- | --- | --- |"]
    for name, ns in PREFIXES.items():
        rows.append(f"| `{name}:` | `<{ns}>` | {VOCABULARIES.get(name, '')} |")
    rows.append(f"| `id:` | `<{DEFAULT_BASE}>` | the record base: `id:` + `<type>/<id>` (write `action:<id>` "
                f"instead: a `/` is not allowed in a prefixed name) |")
    for rtype in model.RECORD_TYPES:
        rows.append(f"| `{rtype}:` | `<{p[rtype]}>` | [{rtype}]({links.rtype(rtype)}) records: "
                    f"`{example_triple(rtype).split()[0]}` |")
    for scheme, (title, _values) in model.SCHEMES.items():
        rows.append(f"| `{scheme}:` | `<{p[scheme]}>` | concepts of [{_esc(title.lower())}]"
                    f"({links.scheme(scheme)}) |")
    return rows


def _users_by_term() -> dict[str, list[str]]:
    """{term: type.field names that map to it} (for the borrowed-terms table), in model order: one
    pass over the model (a pass per term was most of the vocabulary pages' time)."""
    p = _prefixes()
    out: dict[str, list[str]] = {}
    for rtype, rt in model.RECORD_TYPES.items():
        out.setdefault(_c(rt.rdf_class, p), []).append(f"{rtype} (class)")
        for f in rt.all_fields:
            if f.name not in ("id", "type"):
                out.setdefault(_c(f.predicate, p), []).append(f"{rtype}.{f.name}")
    for item, (cls, _doc, fields) in model.NESTED_TYPES.items():
        out.setdefault(_c(cls, p), []).append(f"{item} (class)")
        for f in fields:
            out.setdefault(_c(f.predicate, p), []).append(f"{item}.{f.name}")
    return out


def borrowed_rows() -> list[str]:
    rows = ["| term | what it means here | YAML fields |", "| --- | --- | --- |"]
    by_term = _users_by_term()
    for term, meaning in BORROWED.items():
        users = by_term.get(term, [])
        shown = ", ".join(users[:12]) + (f" and {len(users) - 12} more" if len(users) > 12 else "")
        rows.append(f"| `{term}` | {_esc(meaning)} | {shown} |")
    for term, meaning in STRUCTURAL_PA.items():
        rows.append(f"| `{term}` | {_esc(meaning)} | |")
    return rows


def scheme_sections(level: int) -> list[str]:
    h = "#" * level
    lines: list[str] = []
    users: dict[str, list[str]] = {}
    for rtype, rt in model.RECORD_TYPES.items():
        for f in rt.all_fields:
            if f.kind == model.ENUM:
                users.setdefault(f.scheme, []).append(f"{rtype}.{f.name}")
    for item, (_cls, _doc, fields) in model.NESTED_TYPES.items():
        for f in fields:
            if f.kind == model.ENUM:
                users.setdefault(f.scheme, []).append(f"{item}.{f.name}")
    broader = model.BROADER
    for scheme, (title, concepts) in model.SCHEMES.items():
        used = ", ".join(f"`{u}`" for u in users.get(scheme, [])) or "no field yet"
        lines += [f"{h} Scheme: {scheme}", "",
                  f"{_esc(title)}: `<{CONCEPT_BASE}{scheme}>`, prefix `{scheme}:`, used by {used}.", "",
                  *([_esc(model.SCHEME_NOTES[scheme]), ""] if scheme in model.SCHEME_NOTES else []),
                  "| value (YAML) | concept | label (skos:prefLabel) | group (skos:broader) |",
                  "| --- | --- | --- | --- |"]
        for cid, label in concepts.items():
            parent = broader.get(scheme, {}).get(cid, "")
            lines.append(f"| `{cid}` | `{scheme}:{cid}` | {_esc(label)} | {f'`{parent}`' if parent else ''} |")
        lines.append("")
    return lines


INTRO = [
    "Every record in `graph/data/` becomes one node of the graph, its IRI the type and id "
    "(`action:jfp-a-cdc-2`); every YAML field becomes the predicate below. Coded values "
    "(`kind`, `status`, `role` ...) are SKOS concepts (`timescale:long`). Nested lists "
    "(`sources`, `observations`, `comparisons`) become nodes of their own. All the prefixes below are "
    "predeclared in `planatlas query`, the answered questions, the site's Query page and queries sent "
    "to a SPARQL server.",
]


def repository_markdown() -> str:
    """graph/VOCABULARY.md: the whole reference in one file."""
    L = REPO_LINKS
    lines = ["<!-- GENERATED from generator/planatlas/model.py by `planatlas fmt --generated`: do not edit. -->",
             "", "# Vocabulary reference", "", *INTRO, "",
             "Record types: " + ", ".join(f"[{t}]({L.rtype(t)})" for t in model.RECORD_TYPES) + ".", "",
             "## Prefixes", "", *prefix_rows(L), "", "## Record types", ""]
    for rtype in model.RECORD_TYPES:
        lines += type_section(rtype, L, 3)
    lines += ["## Nested items", "", *nested_sections(L, 3),
              "## Borrowed terms", "",
              "Terms from standard vocabularies, and what each means in this graph.", "", *borrowed_rows(), "",
              "## Concept schemes", "", *scheme_sections(3)]
    return "\n".join(lines).rstrip("\n") + "\n"


_MADE: dict[str, dict[str, str]] = {}     # the pages of the last model seen (see site_pages)


def site_pages(kept: dict | None = None) -> dict[str, str]:
    """vocabulary/index.md (prefixes, nested items, borrowed terms, schemes) and one page per type.

    Made once per model: they are a function of model.py alone and took 0.08 s, a tenth of a build
    after one edit at 200 records.  The key is the model's text, so a type added at run time
    (tests/test_new_record_type.py) makes them again.  kept: {"key", "pages"} from a build's cache,
    used when its key is this model's (a new process pays nothing either)."""
    key = model.fingerprint()
    if key not in _MADE:
        _MADE.clear()
        if kept is not None and kept.get("key") == key and isinstance(kept.get("pages"), dict):
            _MADE[key] = dict(kept["pages"])
        else:
            _MADE[key] = _site_pages()
    return dict(_MADE[key])


def _site_pages() -> dict[str, str]:
    L = SITE_LINKS
    index = ["---", 'title: "Vocabulary"', "---", "", "# Vocabulary", "", *INTRO, "",
             "| record type | class | label | holds |", "| --- | --- | --- | --- |"]
    p = _prefixes()
    for rtype, rt in model.RECORD_TYPES.items():
        index.append(f"| [{rtype}]({rtype}.md) | `{_c(rt.rdf_class, p)}` | "
                     f"`{_c(rt.field(rt.label_field).predicate, p)}` | {_esc(rt.doc)} |")
    index += ["", "## Prefixes", "", *prefix_rows(L), "", "## Nested items", "", *nested_sections(L, 3),
              "## Borrowed terms", "", "Terms from standard vocabularies, and what each means in this graph.", "",
              *borrowed_rows(), "", "## Concept schemes", "", *scheme_sections(3)]
    pages = {"vocabulary/index.md": "\n".join(index).rstrip("\n") + "\n"}
    for rtype in model.RECORD_TYPES:
        body = type_section(rtype, L, 1)
        body.insert(2, "[All record types and prefixes](index.md)\n")
        pages[f"vocabulary/{rtype}.md"] = "\n".join(
            ["---", f'title: "Vocabulary: {rtype}"', "---", "", *body]).rstrip("\n") + "\n"
    return pages


def completion_terms(ctx) -> dict[str, list[dict[str, str]]]:
    """What the Query page's editor offers after each prefix: the vocabulary's classes and predicates,
    every concept of a scheme (with its label) and every record id of a type (with its label)."""
    p = prefix_map(ctx.config.base_iri)
    out: dict[str, dict[str, dict[str, str]]] = {}

    def add(iri: str, kind: str, detail: str) -> None:
        short = _c(iri, p)
        if ":" in short and not short.startswith("<"):
            prefix, local = short.split(":", 1)
            out.setdefault(prefix, {}).setdefault(local, {"name": local, "kind": kind, "detail": detail})

    for rtype, rt in model.RECORD_TYPES.items():
        add(str(rt.rdf_class), "class", f"class of {rtype} records")
        for f in rt.all_fields:
            if f.name not in ("id", "type"):
                add(str(f.predicate), "property", f"{rtype}.{f.name}")
    for item, (cls, _doc, fields) in model.NESTED_TYPES.items():
        add(str(cls), "class", f"class of {item} nodes")
        for f in fields:
            add(str(f.predicate), "property", f"{item}.{f.name}")
    for term in list(BORROWED) + list(STRUCTURAL_PA):
        prefix, local = term.split(":", 1)
        out.setdefault(prefix, {}).setdefault(local, {"name": local, "kind": "property" if local[:1].islower()
                                                      else "class", "detail": ""})
    for scheme, (_title, concepts) in model.SCHEMES.items():
        for cid, label in concepts.items():
            out.setdefault(scheme, {})[cid] = {"name": cid, "kind": "constant", "detail": label}
    for r in sorted(ctx.records, key=lambda r: r.id):
        out.setdefault(r.type, {})[r.id] = {"name": r.id, "kind": "variable", "detail": r.label[:60]}
    return {prefix: sorted(terms.values(), key=lambda t: t["name"]) for prefix, terms in sorted(out.items())}
