"""The plan model: the one definition every other artefact is generated from.

Record types, their fields, the RDF term each field maps to, and the SKOS concept
schemes live here.  The loader, the JSON Schemas, the SHACL shapes, the ontology,
the graph builder and the graph-to-records reader all read this module, so a field
is declared exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from planatlas.namespaces import ORG, PA, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, FOAF

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

# Field kinds ---------------------------------------------------------------
TEXT = "text"          # one line of plain text: no markup of any kind
LONGTEXT = "longtext"  # prose: a safe Markdown subset (lists, emphasis, http(s) links)
REF = "ref"            # the id of another record
ENUM = "enum"          # a concept id from a SKOS scheme
INT = "int"
NUMBER = "number"
BOOL = "bool"
DATE = "date"          # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
NESTED = "nested"      # a list of small mappings (observations, sources)


@dataclass(frozen=True)
class Field:
    """One key an editor may write in a record."""

    name: str
    kind: str
    predicate: URIRef
    doc: str
    required: bool = False
    many: bool = False
    targets: tuple[str, ...] = ()   # record types a REF may point to
    scheme: str = ""                # concept scheme of an ENUM
    max_length: int = 0             # 0 = the kind's default
    item: str = ""                  # NESTED: name of the nested item type
    inverse_label: str = ""         # how the site labels the reverse link
    label: str = ""                 # how the site labels the forward link
    acyclic: str = ""               # a relation that must never loop ("depends on", "part of"): checks.py


@dataclass(frozen=True)
class RecordType:
    """A kind of record, its RDF class and its fields (after the common ones)."""

    name: str
    rdf_class: URIRef
    doc: str
    label_field: str
    fields: tuple[Field, ...]
    plural: str = ""
    # The type's index page: its columns and filters when named here; otherwise the label, then the
    # fields the index shows for every type, then `computed_columns` ("outcome": the outcomes a record
    # serves; "now": current or past).
    index_columns: tuple[str, ...] = ()
    index_filters: tuple[str, ...] = ()
    computed_columns: tuple[str, ...] = ()

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return COMMON_FIELDS + self.fields

    def field(self, name: str) -> Field | None:
        for f in self.all_fields:
            if f.name == name:
                return f
        return None

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.all_fields if f.required]


TEXT_MAX = 300
LONGTEXT_MAX = 20_000

# Every record carries these.
COMMON_FIELDS: tuple[Field, ...] = (
    Field("id", TEXT, PA.id, "Stable slug; the record's IRI is minted from it. Never reused.", required=True),
    Field("type", TEXT, PA.recordType, "The record type.", required=True),
    Field("sources", NESTED, PROV.qualifiedDerivation,
          "Where this record comes from: source document and page or section.",
          required=True, many=True, item="source-ref"),
    Field("review_note", LONGTEXT, PA.reviewNote,
          "What an editor should check: an unclear reading of the source document."),
)

# Nested item types (not records: they live inside one) -----------------------
class NestedType(NamedTuple):
    """A kind of item that lives inside a record (a citation, an observation): its class and fields."""

    rdf_class: URIRef
    doc: str
    fields: tuple[Field, ...]


class Scheme(NamedTuple):
    """A SKOS concept scheme: its title and its concepts (id → label), in their order."""

    title: str
    concepts: dict[str, str]


EMPTY_SCHEME = Scheme("", {})

NESTED_TYPES: dict[str, NestedType] = {
    "source-ref": (PROV.Derivation, "A citation: which document, and where in it.", (
        Field("document", REF, PROV.entity, "The source document record.", required=True,
              targets=("source",)),
        Field("section", TEXT, PA.section, "Page heading or section the fact was read from.", required=True),
        Field("page", TEXT, PA.page, "Page number(s) in the document, where known."),
        Field("quote", LONGTEXT, PA.quote, "The words of the document, where a reader should see them.",
              max_length=2000),
    )),
    "observation": (QB.Observation, "A baseline, target or measured value of a metric.", (
        Field("kind", ENUM, PA.observationKind, "What the value is.", required=True,
              scheme="observation-kind"),
        Field("value", NUMBER, SDMX_MEASURE.obsValue, "The number (no units, no commas).", required=True),
        Field("unit", TEXT, SDMX_ATTR.unitMeasure, "Unit of the value (%, people, referrals, days).",
              required=True, max_length=80),
        Field("period", TEXT, SDMX_DIM.refPeriod, "The period the value refers to, as the document words it "
              "(e.g. '2017/18', 'March 2024', 'Q3 2023/24').", max_length=80),
        Field("date", DATE, DCTERMS.date, "Date by which a target is due, or the value's date (ISO)."),
        Field("area", REF, SDMX_DIM.refArea, "The area the value is for.", targets=("place",)),
        Field("group", TEXT, PA.populationGroup, "The population sub-group the value is for, as the document "
              "words it ('aged 65 and over', 'females aged 50-70', 'younger adults'); absent: the whole "
              "population of the area.", max_length=120),
        Field("comparator", TEXT, PA.comparator, "What the value is compared with (e.g. 'England').",
              max_length=120),
        Field("comparison", ENUM, PA.comparison, "How the value compares with the comparator.",
              scheme="comparison"),
        Field("scope", ENUM, PA.scope, "Local, or a national ambition.", scheme="observation-scope"),
        Field("note", LONGTEXT, RDFS.comment, "Anything the document says about this value.", max_length=2000),
    )),
    "comparison": (PA.Comparison, "A comparison the document states without a number ('Kent is worse than "
                   "England').", (
        Field("area", REF, SDMX_DIM.refArea, "The area compared.", required=True, targets=("place",)),
        Field("comparison", ENUM, PA.comparison, "How it compares.", required=True, scheme="comparison"),
        Field("comparator", TEXT, PA.comparator, "What it is compared with (e.g. 'England').", required=True,
              max_length=120),
        Field("group", TEXT, PA.populationGroup, "The population sub-group compared, as the document words it.",
              max_length=120),
        Field("period", TEXT, SDMX_DIM.refPeriod, "The period, as the document words it.", max_length=80),
        Field("note", LONGTEXT, RDFS.comment, "The document's words about it.", max_length=2000),
    )),
}

# Record types --------------------------------------------------------------
def _owners(doc: str = "Organisations, boards or partnerships that own this.") -> Field:
    return Field("owners", REF, PA.ownedBy, doc, many=True,
                 targets=("organisation", "board", "partnership"),
                 label="Owned by", inverse_label="Owns")


_SEE_ALSO = Field("see_also", REF, RDFS.seeAlso, "Other records the text points to ('see shared outcome 1').",
                  many=True, targets=("plan", "outcome", "enabler", "objective", "action", "metric", "programme",
                                      "principle"),
                  label="See also", inverse_label="Referred to by")
_PRIORITY_FOR = Field("also_priority_for", REF, PA.alsoPriorityFor,
                      "Partnerships for which this is also a priority.", many=True, targets=("partnership",),
                      label="Also a priority for", inverse_label="Shared priorities")
_DESCRIPTION = Field("description", LONGTEXT, DCTERMS.description, "Longer description, as the document gives it.")

RECORD_TYPES: dict[str, RecordType] = {t.name: t for t in (
    RecordType("source", PA.SourceDocument, "A public document the plan graph is read from.", "title", (
        Field("title", TEXT, DCTERMS.title, "Title of the document.", required=True),
        Field("file", TEXT, PA.sourceFile, "File name of the text copy in the seeds folder.", required=True),
        Field("publisher", REF, DCTERMS.publisher, "Who published it.",
              targets=("organisation", "board", "partnership")),
        Field("issued", DATE, DCTERMS.issued, "Date of the document (ISO, as precise as known)."),
        Field("date_text", TEXT, PA.dateText, "The date as the document words it."),
        _DESCRIPTION,
    ), plural="sources"),
    RecordType("plan", PA.Plan, "A plan, strategy or work programme with outcomes, objectives and actions.",
               "title", (
        Field("title", TEXT, DCTERMS.title, "Title of the plan.", required=True),
        Field("short_title", TEXT, PA.shortTitle, "Short title or acronym."),
        Field("kind", ENUM, PA.planKind, "What sort of plan it is.", required=True, scheme="plan-kind"),
        Field("status", ENUM, PA.status, "Draft, published, ...", required=True, scheme="plan-status"),
        Field("publisher", REF, DCTERMS.publisher, "Who publishes the plan.",
              targets=("organisation", "board", "partnership"), label="Published by",
              inverse_label="Publishes"),
        _owners("Organisations, boards or partnerships that own the plan."),
        Field("partnership", REF, PA.planOf, "The partnership whose plan this is.", targets=("partnership",),
              label="Plan of", inverse_label="Plans"),
        Field("year", TEXT, PA.yearText, "Year or financial year of the plan as worded (e.g. '2023', '2020/21')."),
        Field("period_start", DATE, PA.periodStart, "First year the plan covers."),
        Field("period_end", DATE, PA.periodEnd, "Last year the plan covers."),
        Field("horizons", ENUM, PA.horizon, "Planning horizons the plan uses.", many=True, scheme="timescale"),
        Field("delivers", REF, PA.delivers, "The plan or strategy this plan delivers.", targets=("plan",),
              label="Delivers", inverse_label="Delivered by"),
        Field("purpose", LONGTEXT, PA.purpose, "Purpose statement."),
        _DESCRIPTION,
    ), plural="plans"),
    RecordType("outcome", PA.Outcome, "A shared outcome, aim or priority a plan works towards.", "title", (
        Field("title", TEXT, DCTERMS.title, "Short title of the outcome.", required=True),
        Field("plan", REF, PA.inPlan, "The plan that contains it.", required=True, targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("number", INT, PA.number, "Its number in the plan (Shared Outcome 1 → 1)."),
        Field("kind", ENUM, PA.outcomeKind, "Outcome, aim, priority, vision...", scheme="outcome-kind"),
        Field("statement", LONGTEXT, PA.statement, "The full wording.", required=True),
        Field("summary", LONGTEXT, PA.summary, "The chapter's strategy summary for this outcome."),
        _DESCRIPTION,
    ), plural="outcomes"),
    RecordType("enabler", PA.Enabler, "An enabler of a strategy (research, leadership, engagement...).", "title", (
        Field("title", TEXT, DCTERMS.title, "Short title.", required=True),
        Field("plan", REF, PA.inPlan, "The plan that contains it.", required=True, targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("number", INT, PA.number, "Its number in the plan."),
        Field("statement", LONGTEXT, PA.statement, "The full wording.", required=True),
        _DESCRIPTION,
    ), plural="enablers"),
    RecordType("principle", PA.Principle, "A principle partners agree to work by.", "title", (
        Field("title", TEXT, DCTERMS.title, "Short title.", required=True),
        Field("plan", REF, PA.inPlan, "The plan that states it.", required=True, targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("number", INT, PA.number, "Its position in the list."),
        Field("statement", LONGTEXT, PA.statement, "The full wording.", required=True),
    ), plural="principles"),
    RecordType("objective", PA.Objective, "An objective (priority, critical area) that serves outcomes.", "title", (
        Field("title", TEXT, DCTERMS.title, "The objective's heading.", required=True),
        Field("plan", REF, PA.inPlan, "The plan that contains it.", required=True, targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("serves", REF, PA.serves, "Outcomes or enablers it serves.", many=True,
              targets=("outcome", "enabler"), label="Serves", inverse_label="Served by"),
        Field("chapter", INT, PA.chapter, "Chapter of the plan it appears in."),
        Field("number", INT, PA.number, "Its position within the chapter or list."),
        Field("kind", ENUM, PA.objectiveKind, "Objective, priority, critical area...", scheme="objective-kind"),
        _owners(),
        Field("summary", LONGTEXT, PA.summary, "What the document says about it."),
        _DESCRIPTION,
        _PRIORITY_FOR,
        _SEE_ALSO,
    ), plural="objectives", computed_columns=("outcome",)),
    RecordType("action", PA.Action, "Something a plan says will be done, by whom and by when.", "title", (
        Field("title", TEXT, DCTERMS.title, "Short title (the action's first words, or a summary).",
              required=True),
        Field("text", LONGTEXT, PA.actionText, "The action's full text (OCR repaired, sub-bullets kept).",
              required=True),
        Field("plan", REF, PA.inPlan, "The plan that contains it.", required=True, targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("contributes_to", REF, PA.contributesTo, "Objectives (or outcomes) it contributes to.", many=True,
              targets=("objective", "outcome"), label="Contributes to", inverse_label="Actions"),
        Field("number", INT, PA.number, "Its position under the objective."),
        Field("timescale", ENUM, PA.timescale, "Planning horizon.", scheme="timescale"),
        Field("timescale_note", TEXT, PA.timescaleNote, "What the document shows where the horizon is unclear."),
        _owners("Organisations or boards that own the action."),
        Field("due", TEXT, PA.dueText, "Dates stated in the text, as worded ('by March 2024')."),
        Field("due_date", DATE, PA.dueDate, "The stated date in ISO form, where the text gives one."),
        Field("status", ENUM, PA.actionStatus, "Status where a document states one; absent means not stated "
              "(never guessed).", scheme="action-status"),
        Field("status_date", DATE, PA.statusDate, "When the status was stated (the date of the document or "
              "report that states it)."),
        Field("status_text", TEXT, PA.statusText, "The status in the document's own words ('developed and "
              "agreed', 'planned for Oct 2018').", max_length=300),
        Field("status_source", REF, PA.statusSource, "The document that states the status.", targets=("source",),
              label="Status stated in", inverse_label="States the status of"),
        Field("depends_on", REF, PA.dependsOn, "Actions or programmes that must come first.", many=True,
              targets=("action", "programme"), label="Depends on", inverse_label="Needed by", acyclic="depends on"),
        Field("programmes", REF, PA.refersToProgramme, "Programmes, services or sites the action refers to "
              "(not 'part of': a programme's own part_of is pa:partOfProgramme).",
              many=True, targets=("programme",), label="Programmes", inverse_label="Actions"),
        _PRIORITY_FOR,
        _SEE_ALSO,
    ), plural="actions", index_columns=("title", "plan", "outcome", "owners", "timescale", "due", "status"),
       index_filters=("plan", "owners", "timescale", "status", "outcome")),
    RecordType("metric", PA.Metric, "A measure with baselines, targets and values.", "title", (
        Field("title", TEXT, DCTERMS.title, "Name of the metric.", required=True),
        Field("definition", LONGTEXT, SKOS.definition, "What it counts, as the document defines it."),
        Field("plan", REF, PA.inPlan, "The plan that names it.", targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("measures", REF, PA.measures, "Objectives, outcomes, actions or partnerships it measures.",
              many=True, targets=("objective", "outcome", "action", "programme", "partnership", "plan"),
              label="Measures", inverse_label="Measured by"),
        Field("unit", TEXT, SDMX_ATTR.unitMeasure, "Default unit of its values.", max_length=80),
        Field("direction", ENUM, PA.direction, "Whether higher or lower is better.", scheme="direction"),
        _owners("Who owns the metric."),
        Field("observations", NESTED, PA.observation, "Baselines, targets and values.", many=True,
              item="observation"),
        Field("comparisons", NESTED, PA.statedComparison, "Comparisons stated without a number.", many=True,
              item="comparison"),
        _DESCRIPTION,
    ), plural="metrics", computed_columns=("outcome",)),
    RecordType("organisation", ORG.FormalOrganization, "A real organisation: trust, council, CCG, PCN, charity...",
               "name", (
        Field("name", TEXT, SKOS.prefLabel, "Full name.", required=True),
        Field("short_name", TEXT, SKOS.altLabel, "Abbreviation or short name (KCHFT, MTW...)."),
        Field("other_names", TEXT, SKOS.hiddenLabel, "Other names the documents use.", many=True),
        Field("kind", ENUM, ORG.classification, "What kind of organisation it is.", required=True,
              scheme="organisation-kind"),
        Field("area", REF, PA.coversArea, "Areas it serves.", many=True, targets=("place",),
              label="Covers", inverse_label="Served by"),
        Field("part_of", REF, ORG.subOrganizationOf, "Organisation or partnership it is part of.",
              targets=("organisation", "partnership"), label="Part of", inverse_label="Has part", acyclic="part of"),
        Field("founded", DATE, PA.founded, "When it was established."),
        Field("dissolved", DATE, PA.dissolved, "When it ceased to exist."),
        Field("population", INT, PA.population, "Population served, where stated."),
        _DESCRIPTION,
    ), plural="organisations", computed_columns=("now",)),
    RecordType("board", ORG.OrganizationalUnit, "A board, committee, network or group that owns work but is not an "
               "organisation in its own right (health and wellbeing boards included).", "name", (
        Field("name", TEXT, SKOS.prefLabel, "Name of the board.", required=True),
        Field("short_name", TEXT, SKOS.altLabel, "Abbreviation."),
        Field("kind", ENUM, PA.boardKind, "Board, committee, network, group...", required=True,
              scheme="board-kind"),
        Field("part_of", REF, ORG.unitOf, "Organisation, partnership or board it belongs to.",
              targets=("organisation", "partnership", "board"), label="Part of", inverse_label="Has board",
              acyclic="part of"),
        Field("advises", REF, PA.advises, "Boards it advises or reports to.", many=True,
              targets=("board", "organisation", "partnership"), label="Reports to", inverse_label="Advised by"),
        Field("status", ENUM, PA.membershipStatus, "Established or to be established.",
              scheme="establishment-status"),
        Field("area", REF, PA.coversArea, "Areas it covers (a health and wellbeing board: its council's area).",
              many=True, targets=("place",), label="Covers", inverse_label="Served by"),
        Field("stands_for", REF, PA.standsFor, "For a collective owner named in a plan ('Provider Trust Boards'): "
              "the bodies the name stands for, as the documents name them.", many=True,
              targets=("organisation", "board", "partnership"), label="Stands for",
              inverse_label="Named collectively in"),
        _DESCRIPTION,
    ), plural="boards", computed_columns=("now",)),
    RecordType("partnership", ORG.OrganizationalCollaboration, "A partnership of organisations: system, ICP, "
               "place-based partnership (a health and wellbeing board is a board).", "name", (
        Field("name", TEXT, SKOS.prefLabel, "Full name.", required=True),
        Field("short_name", TEXT, SKOS.altLabel, "Abbreviation (DGS ICP, WK HCP...)."),
        Field("other_names", TEXT, SKOS.hiddenLabel, "Other names the documents use.", many=True),
        Field("kind", ENUM, PA.partnershipKind, "What kind of partnership.", required=True,
              scheme="partnership-kind"),
        Field("covers", REF, PA.coversArea, "Areas it covers.", many=True, targets=("place",),
              label="Covers", inverse_label="Covered by"),
        Field("part_of", REF, PA.partOfSystem, "The system or partnership it is part of.",
              targets=("partnership",), label="Part of", inverse_label="Has part", acyclic="part of"),
        Field("population", INT, PA.population, "Population covered, where stated."),
        Field("population_text", TEXT, PA.populationText, "Population as the document words it."),
        Field("founded", DATE, PA.founded, "When it was established."),
        Field("dissolved", DATE, PA.dissolved, "When it ended or became something else."),
        _DESCRIPTION,
    ), plural="partnerships", computed_columns=("now",)),
    RecordType("membership", ORG.Membership, "That a member belongs to a partnership or board, in a role, "
               "for a period.", "title", (
        Field("title", TEXT, RDFS.label, "Short label ('KCHFT on the DGS ICP Partnership Board').", required=True),
        Field("member", REF, ORG.member, "The member.", required=True,
              targets=("organisation", "board", "partnership"), label="Member", inverse_label="Member of"),
        Field("body", REF, ORG.organization, "The partnership, board or organisation it is a member of.",
              required=True, targets=("partnership", "board", "organisation"), label="Member of",
              inverse_label="Members"),
        Field("role", ENUM, ORG.role, "The member's role.", required=True, scheme="membership-role"),
        Field("post", TEXT, PA.post, "The post that holds the seat ('Director of Public Health').",
              max_length=200),
        Field("start", DATE, PA.start, "When the membership started."),
        Field("end", DATE, PA.end, "When it ended."),
        Field("status", ENUM, PA.membershipStatus, "Established or to be established.",
              scheme="establishment-status"),
        _DESCRIPTION,
    ), plural="memberships", computed_columns=("now",)),
    RecordType("place", PA.Place, "An area: county, unitary area, district, locality.", "name", (
        Field("name", TEXT, SKOS.prefLabel, "Name of the area.", required=True),
        Field("kind", ENUM, PA.placeKind, "County, district, ...", required=True, scheme="place-kind"),
        Field("part_of", REF, PA.withinArea, "Area it lies within.", targets=("place",),
              label="Within", inverse_label="Contains", acyclic="part of"),
        Field("population", INT, PA.population, "Population, where stated."),
        Field("population_text", TEXT, PA.populationText, "Population as the document words it."),
        _DESCRIPTION,
    ), plural="places"),
    RecordType("programme", PA.Programme, "A programme, service, site or workstream that actions refer to.",
               "name", (
        Field("name", TEXT, SKOS.prefLabel, "Name.", required=True),
        Field("short_name", TEXT, SKOS.altLabel, "Abbreviation."),
        Field("kind", ENUM, PA.programmeKind, "Programme, service, site...", required=True,
              scheme="programme-kind"),
        Field("plan", REF, PA.inPlan, "Plan it belongs to.", targets=("plan",),
              label="In plan", inverse_label="Contains"),
        Field("status", ENUM, PA.status, "Live, on hold, proposal, BAU...", scheme="programme-status"),
        _owners("Who leads or owns it."),
        Field("part_of", REF, PA.partOfProgramme, "Programme it is part of.", targets=("programme",),
              label="Part of", inverse_label="Has part", acyclic="part of"),
        Field("depends_on", REF, PA.dependsOn, "Programmes or actions that must come first.", many=True,
              targets=("programme", "action"), label="Depends on", inverse_label="Needed by", acyclic="depends on"),
        Field("supports", REF, PA.supports, "Programmes, actions or objectives it supports.", many=True,
              targets=("programme", "action", "objective", "outcome"), label="Supports",
              inverse_label="Supported by"),
        Field("area", REF, PA.coversArea, "Areas it covers.", many=True, targets=("place",),
              label="Covers", inverse_label="Served by"),
        Field("sequence", INT, PA.sequence, "Position in a roll-out or phase sequence."),
        _DESCRIPTION,
        Field("status_date", DATE, PA.statusDate, "When the status was stated (the date of the document that "
              "states it)."),
        Field("status_text", TEXT, PA.statusText, "The status in the document's own words ('Original Programmes "
              "that remain on hold').", max_length=300),
        Field("status_source", REF, PA.statusSource, "The document that states the status.", targets=("source",),
              label="Status stated in", inverse_label="States the status of"),
    ), plural="programmes"),
    RecordType("change", ORG.ChangeEvent, "An organisational change: merger, establishment, renaming, "
               "succession.", "title", (
        Field("title", TEXT, RDFS.label, "What happened, in a few words.", required=True),
        Field("kind", ENUM, PA.changeKind, "Merger, establishment, replacement...", required=True,
              scheme="change-kind"),
        Field("date", DATE, DCTERMS.date, "When it took effect."),
        Field("date_text", TEXT, PA.dateText, "The date as the document words it."),
        Field("from", REF, ORG.originalOrganization, "Organisations or partnerships before the change.",
              many=True, targets=("organisation", "partnership", "board"), label="Before",
              inverse_label="Changed by"),
        Field("to", REF, ORG.resultingOrganization, "Organisations or partnerships after the change.",
              many=True, targets=("organisation", "partnership", "board"), label="After",
              inverse_label="Resulted from"),
        _DESCRIPTION,
    ), plural="changes"),
)}

# People in post, decisions and themes (data engineer, issue 13) ------------------------------
# Added after the core types so the core tuple above stays untouched.  People are recorded only as
# the public documents print them; a post says who was *named* in it, in which document and when.
_POST_BODIES = ("board", "partnership", "organisation")
RECORD_TYPES.update({t.name: t for t in (
    RecordType("person", FOAF.Person, "A person named in a public document (name and honorific as printed, "
               "nothing else).", "name", (
        Field("name", TEXT, FOAF.name, "The name as the document prints it.", required=True),
        Field("honorific", TEXT, FOAF.title, "Title or honour the document prints with the name ('Councillor', "
              "'Dr', 'CBE')."),
        Field("other_names", TEXT, SKOS.hiddenLabel, "Other spellings the documents print ('Cath Foad').",
              many=True),
        _DESCRIPTION,
    ), plural="people"),
    RecordType("post", ORG.Post, "A post (chair, member, substitute, senior responsible officer, report author) in "
               "a body, and who a document names in it on a date: 'named as chair in the October 2018 pack', "
               "never 'is chair'.", "title", (
        Field("title", TEXT, RDFS.label, "Short label ('Chairman of the Joint Board, named 9 October 2018').",
              required=True),
        Field("role", ENUM, ORG.role, "The role the post holds.", required=True, scheme="post-role"),
        Field("post_in", REF, ORG.postIn, "The board, partnership or organisation the post is in.", required=True,
              targets=_POST_BODIES, label="Post in", inverse_label="Posts"),
        Field("held_by", REF, ORG.heldBy, "The person the document names in the post.", required=True,
              targets=("person",), label="Held by", inverse_label="Posts held"),
        Field("job_title", TEXT, PA.jobTitle, "The person's job as the document prints it beside the name "
              "('Portfolio Holder for Adults' Services').", max_length=300),
        Field("represents", REF, PA.represents, "The organisation or body the person sits for or works for, as "
              "printed.", many=True, targets=_POST_BODIES, label="For", inverse_label="Represented by"),
        Field("seat", REF, PA.seat, "The membership (seat) record this post fills.", targets=("membership",),
              label="Seat", inverse_label="Named in the seat"),
        Field("substitute_for", REF, PA.substituteFor, "For a substitute: the post of the member substituted.",
              targets=("post",), label="Substitute for", inverse_label="Substitutes"),
        Field("named_date", DATE, PA.namedDate, "Date of the document or meeting that names the person in the "
              "post.", required=True),
        Field("named_in", TEXT, PA.namedIn, "Where the person is named ('membership list of the 9 October 2018 "
              "agenda pack').", required=True, max_length=300),
        Field("start", DATE, PA.start, "When the document says the post began (elected, appointed)."),
        Field("decided_by", REF, PA.decidedBy, "The decision that elected or appointed the person.",
              targets=("decision",), label="Appointed by", inverse_label="Appoints"),
        _DESCRIPTION,
    ), plural="posts"),
    RecordType("decision", PA.Decision, "What a meeting decided, agreed, noted or requested, or what was reported "
               "or raised in its discussion, as the minutes record it.", "title", (
        Field("title", TEXT, DCTERMS.title, "Short title.", required=True),
        Field("kind", ENUM, PA.decisionKind, "Decided, agreed, noted, requested...", required=True,
              scheme="decision-kind"),
        Field("body", REF, PA.meetingOf, "The board, partnership or organisation whose meeting it was.",
              required=True, targets=_POST_BODIES, label="Meeting of", inverse_label="Decisions and minutes"),
        Field("date", DATE, DCTERMS.date, "Date of the meeting.", required=True),
        Field("meeting", TEXT, PA.meeting, "The meeting as the minutes name it.", required=True),
        Field("minute", TEXT, PA.minute, "Minute number and item ('123 Prevention Action Plan, decision b').",
              max_length=200),
        Field("text", LONGTEXT, PA.decisionText, "What was decided, noted or said, in the minutes' words.",
              required=True),
        Field("by", REF, PA.decisionBy, "Who: the body that decided, or the people who reported or raised it.",
              many=True, targets=("person", "post") + _POST_BODIES, label="By",
              inverse_label="Decided, reported or raised"),
        Field("about", REF, DCTERMS.subject, "Records the item is about.", many=True,
              targets=("plan", "programme", "action", "objective", "metric", "board", "partnership",
                       "organisation", "membership", "post", "person"), label="About",
              inverse_label="Decisions and minutes"),
        Field("amount", NUMBER, PA.amount, "A sum or figure the item states (digits only; unit in `unit`)."),
        Field("unit", TEXT, SDMX_ATTR.unitMeasure, "Unit of `amount` (GBP, %).", max_length=80),
    ), plural="decisions"),
    RecordType("risk", PA.Risk, "A risk, issue or barrier a document names, in its words.", "title", (
        Field("title", TEXT, DCTERMS.title, "Short title.", required=True),
        Field("kind", ENUM, PA.riskKind, "Risk, barrier or issue.", required=True, scheme="risk-kind"),
        Field("category", TEXT, PA.riskCategory, "The heading the document files it under ('Financial', "
              "'Culture and structure').", max_length=120),
        Field("statement", LONGTEXT, PA.statement, "The document's wording.", required=True),
        Field("plan", REF, PA.inPlan, "The plan or report that states it.", required=True, targets=("plan",),
              label="In plan", inverse_label="Risks"),
        Field("threatens", REF, PA.threatens, "Objectives, programmes or plans it puts at risk.", many=True,
              targets=("objective", "programme", "plan", "outcome"), label="Threatens",
              inverse_label="Risks and barriers"),
        Field("owners", REF, PA.ownedBy, "Who manages it, where stated.", many=True,
              targets=("organisation", "board", "partnership"), label="Owned by", inverse_label="Owns"),
        Field("stated_date", DATE, PA.statedDate, "When the document says it was identified or reviewed."),
        _DESCRIPTION,
    ), plural="risks"),
)})

# Where each record type's index sits in the site's navigation (a few sections, so the navigation
# fits one screen and `navigation.prune` sends only the open section with each page).
SITE_SECTIONS: dict[str, tuple[str, ...]] = {
    "The plans": ("plan", "outcome", "enabler", "principle", "objective", "action", "programme", "metric", "risk",
              "decision"),
    "Progress": (),
    "Who's who": ("organisation", "board", "partnership", "membership", "place", "person", "post", "change"),
    "Data and queries": ("source",),
    "Contribute": (),
}

# Themes: a SKOS scheme tagged on objectives, actions, metrics and programmes (see themes.py for the
# keyword rule that proposes tags and the review that confirms them).
_THEMES = Field("themes", ENUM, PA.theme, "Themes the record's text supports (see the theme scheme).", many=True,
                scheme="theme", label="Themes", inverse_label="Tagged")
for _tname in ("objective", "action", "metric", "programme"):
    RECORD_TYPES[_tname] = replace(RECORD_TYPES[_tname], fields=RECORD_TYPES[_tname].fields + (_THEMES,))

# SKOS concept schemes ------------------------------------------------------
SCHEMES: dict[str, Scheme] = {
    "timescale": ("Planning horizons", {
        "short": "Short term (less than 1 year)",
        "medium": "Medium term (1-2 years)",
        "long": "Long term (3-5 years+)",
        "ongoing": "Ongoing",
        "unclear": "Unclear in the source document",
    }),
    "plan-status": ("Plan statuses", {
        "draft": "Draft", "published": "Published", "interim": "Interim", "superseded": "Superseded",
    }),
    "plan-kind": ("Kinds of plan", {
        "strategy": "Strategy", "delivery-plan": "Delivery plan", "work-programme": "Work programme",
        "vision": "Vision and priorities", "programme-plan": "Programme plan", "update": "Update report",
        "dashboard": "Dashboard", "legacy-report": "Legacy report", "response": "Response to a national plan",
    }),
    "outcome-kind": ("Kinds of outcome", {
        "shared-outcome": "Shared outcome", "aim": "Aim", "priority": "Priority", "vision": "Vision",
        "outcome": "Outcome",
    }),
    "objective-kind": ("Kinds of objective", {
        "objective": "Objective", "priority": "Priority", "critical-area": "Critical area",
        "goal": "Goal", "next-step": "Next step", "support": "Support arrangement",
        "health-need": "Health need",
    }),
    "programme-status": ("Programme statuses", {
        "live": "Live", "on-hold": "On hold (remains on hold)", "proposal": "Proposal", "bau": "Business as usual",
        "planned": "Planned", "in-progress": "In progress", "complete": "Complete",
        "on-hold-restart-proposed": "On hold, restart proposal due", "paused": "Paused",
    }),
    "action-status": ("Action statuses", {
        "planned": "Planned", "in-progress": "In progress", "done": "Done", "paused": "Paused",
        "stopped": "Stopped", "not-stated": "Not stated",
    }),
    "organisation-kind": ("Kinds of organisation", {
        "nhs-trust": "NHS trust", "foundation-trust": "NHS foundation trust",
        "icb": "Integrated care board", "ccg": "Clinical commissioning group",
        "nhs-england": "NHS England or its regions", "county-council": "County council",
        "unitary-council": "Unitary council", "district-council": "District or borough council",
        "pcn": "Primary care network", "gp-practice": "GP practice", "gp-federation": "GP federation",
        "vcse": "Voluntary, community or social enterprise", "healthwatch": "Healthwatch",
        "ambulance-service": "Ambulance service", "emergency-service": "Fire, police or other emergency service",
        "nhs-111": "NHS 111 or out-of-hours provider", "independent-provider": "Independent sector provider",
        "professional-committee": "Local professional committee (LMC, LPC...)",
        "university": "University or college", "regulator": "Regulator or national body",
        "hospice": "Hospice", "housing": "Housing provider", "other": "Other",
    }),
    "board-kind": ("Kinds of board", {
        "board": "Board", "committee": "Committee", "sub-committee": "Sub-committee", "network": "Network",
        "group": "Group or forum", "programme-board": "Programme board", "executive": "Executive group",
        "post": "Post or office", "health-and-wellbeing-board": "Health and wellbeing board",
    }),
    "partnership-kind": ("Kinds of partnership", {
        "stp": "Sustainability and transformation partnership", "ics": "Integrated care system",
        "icp-statutory": "Integrated care partnership (statutory joint committee)",
        "icp": "Integrated care partnership (local, 2019-2021)",
        "hcp": "Place-based health and care partnership",
        "pcn-group": "Group of primary care networks", "vanguard": "Vanguard", "alliance": "Alliance",
        "other": "Other partnership",
    }),
    "membership-role": ("Membership roles", {
        "member": "Member", "voting-member": "Voting member", "non-voting-member": "Non-voting member",
        "chair": "Chair", "co-chair": "Co-chair", "vice-chair": "Vice-chair",
        "sro": "Senior responsible officer", "wider-stakeholder": "Wider stakeholder",
        "advisory-member": "Advisory board member", "observer": "Observer", "host": "Host organisation",
        "lead": "Lead", "attendee": "Attendee",
    }),
    "establishment-status": ("Establishment statuses", {
        "established": "Established", "to-be-established": "To be established",
    }),
    "place-kind": ("Kinds of place", {
        "country": "Country", "region": "Region", "system": "System footprint", "county": "County",
        "unitary": "Unitary authority area", "district": "District or borough", "locality": "Locality",
        "place": "Place (partnership footprint)", "neighbourhood": "Neighbourhood", "town": "Town",
    }),
    "programme-kind": ("Kinds of programme", {
        "programme": "Programme", "service": "Service", "site": "Site", "workstream": "Workstream",
        "project": "Project", "network": "Clinical network", "phase": "Phase", "initiative": "Initiative",
        "strategy": "Strategy document",
    }),
    "change-kind": ("Kinds of organisational change", {
        "merger": "Merger", "establishment": "Establishment", "replacement": "Replacement by a successor",
        "renaming": "Renaming", "dissolution": "Dissolution", "transition": "Transition",
    }),
    "observation-kind": ("Kinds of observation", {
        "baseline": "Baseline", "target": "Target", "actual": "Measured value", "trajectory": "Trajectory",
        "ambition": "Ambition",
    }),
    "observation-scope": ("Scopes", {"local": "Local", "national": "National ambition"}),
    "comparison": ("Comparisons", {
        "better": "Better than comparator", "worse": "Worse than comparator", "similar": "Similar to comparator",
        "not-compared": "Not compared",
    }),
    "direction": ("Directions", {"higher": "Higher is better", "lower": "Lower is better"}),
    # Group schemes: no field takes these values; concepts of other schemes point at them (BROADER).
    "membership-role-group": ("Membership role groups", {
        "member": "Counts as a member", "leadership": "Leadership (chairs and leads; counts as a member)",
        "stakeholder": "Stakeholder or attendee (not a member)",
    }),
    "plan-element-kind": ("Kinds shared by outcomes and objectives", {
        "priority": "Priority (an outcome or an objective the plan calls a priority)",
    }),
}

# skos:broader, as "scheme:concept" of the parent: one query finds every narrower value
# (`?role skos:broader* membership-role-group:member`).
BROADER: dict[str, dict[str, str]] = {
    "programme-status": {"on-hold-restart-proposed": "programme-status:on-hold"},
    "outcome-kind": {"priority": "plan-element-kind:priority"},
    "objective-kind": {"priority": "plan-element-kind:priority"},
    "membership-role": {
        "member": "membership-role-group:member", "voting-member": "membership-role-group:member",
        "non-voting-member": "membership-role-group:member", "advisory-member": "membership-role-group:member",
        "chair": "membership-role-group:leadership", "co-chair": "membership-role-group:leadership",
        "vice-chair": "membership-role-group:leadership", "sro": "membership-role-group:leadership",
        "lead": "membership-role-group:leadership",
        "wider-stakeholder": "membership-role-group:stakeholder", "observer": "membership-role-group:stakeholder",
        "host": "membership-role-group:stakeholder", "attendee": "membership-role-group:stakeholder",
    },
    "membership-role-group": {"leadership": "membership-role-group:member"},
}

# Why a scheme is as it is: shown in the vocabulary reference under the scheme.
SCHEME_NOTES: dict[str, str] = {
    "programme-status": "The three ways a document says a programme is not going ahead are kept apart, by the "
        "document's words: 'remain on hold' (`on-hold`), 'on hold, restart proposal papers due' "
        "(`on-hold-restart-proposed`, narrower than `on-hold`) and 'were paused' (`paused`). `status_text`, "
        "`status_date` and `status_source` say where and when.",
    "outcome-kind": "Rule for 'priority': a priority that objectives serve is an outcome of kind `priority`; a "
        "priority that actions contribute to directly is an objective of kind `priority`. Both are narrower "
        "than `plan-element-kind:priority`, so `?x (pa:outcomeKind|pa:objectiveKind)/skos:broader "
        "plan-element-kind:priority` finds every priority.",
    "objective-kind": "For 'priority', see the rule under outcome-kind.",
    "board-kind": "Health and wellbeing boards are boards (committees of their council, `part_of` the council), "
        "of kind `health-and-wellbeing-board`, including the Kent and Medway Joint Health and Wellbeing Board "
        "(an advisory joint sub-committee that `advises` both). No partnership is a health and wellbeing board.",
    "membership-role": "Every role has a group (skos:broader): members (`membership-role-group:member`), "
        "leadership (chairs, leads, SROs; narrower than member, so they count as members) and stakeholders or "
        "attendees (not members).",
    "membership-role-group": "Groups of membership roles; no field takes these values.",
    "plan-element-kind": "The parent of outcome-kind `priority` and objective-kind `priority`; no field takes "
        "these values.",
}


# Schemes of the people, decisions and themes types (data engineer, issue 13).
SCHEMES.update({
    "post-role": ("Roles of posts", {
        "chair": "Chair", "vice-chair": "Vice-chair", "co-chair": "Co-chair", "acting-chair": "Acting chair",
        "voting-member": "Voting member", "non-voting-member": "Non-voting member", "member": "Member",
        "substitute": "Named substitute", "sro": "Senior responsible officer", "programme-director": "Programme director",
        "lead": "Lead", "report-from": "Report from (presenting officer)", "report-author": "Report author",
        "lead-officer": "Lead officer contact", "presenter": "Presenter", "in-attendance": "In attendance",
        "advisory-board-member": "Advisory board member", "ned-lead": "Non-executive director lead",
        "accountable-officer": "Accountable officer", "director": "Director",
    }),
    "risk-kind": ("Kinds of risk", {
        "risk": "Risk", "barrier": "Barrier to joint working", "issue": "Issue",
    }),
    "decision-kind": ("Kinds of decision and minute", {
        "decided": "Decided", "agreed": "Agreed", "noted": "Noted", "requested": "Requested",
        "recommended": "Recommended", "supported": "Supported", "elected": "Elected",
        "reported": "Reported to the meeting", "raised": "Raised by a member",
    }),
    "theme": ("Themes across plans", {
        "frailty": "Frailty and ageing well", "smoking-and-tobacco": "Smoking and tobacco",
        "mental-health": "Mental health", "dementia": "Dementia", "maternity-and-children": "Maternity and children",
        "urgent-and-emergency-care": "Urgent and emergency care", "primary-care": "Primary care",
        "workforce": "Workforce", "digital": "Digital and data", "prevention": "Prevention",
        "inequalities": "Health inequalities", "stroke": "Stroke", "cancer": "Cancer",
        "obesity-and-physical-activity": "Obesity, healthy weight and physical activity", "alcohol": "Alcohol",
        "diabetes": "Diabetes", "cardiovascular": "Cardiovascular disease and hypertension",
        "long-term-conditions": "Long-term conditions", "end-of-life-care": "End of life care",
        "learning-disability-and-autism": "Learning disability and autism",
        "elective-care-and-diagnostics": "Elective care, outpatients and diagnostics",
        "integrated-local-care": "Integrated local care and multi-disciplinary teams",
        "social-prescribing": "Social prescribing and care navigation", "care-homes": "Care homes",
        "estates": "Estates", "carers": "Carers", "safeguarding": "Safeguarding",
        "armed-forces": "Armed forces community", "medicines": "Medicines",
    }),
})


# The tables above are written as plain tuples; they are read by name (`.fields`, `.concepts`).
for _name, _value in list(NESTED_TYPES.items()):
    NESTED_TYPES[_name] = NestedType(*_value)
for _name, _value in list(SCHEMES.items()):
    SCHEMES[_name] = Scheme(*_value)


def acyclic_relations() -> dict[str, list[tuple[str, str]]]:
    """Relations that must never loop, from the fields marked `acyclic`: {relation: [(type, field)]}."""
    out: dict[str, list[tuple[str, str]]] = {}
    for rt in RECORD_TYPES.values():
        for f in rt.fields:
            if f.acyclic:
                out.setdefault(f.acyclic, []).append((rt.name, f.name))
    return out


def concept_ids(scheme: str) -> list[str]:
    return list(SCHEMES[scheme].concepts)


def fingerprint() -> str:
    """The model's text (1 ms): what every output made from the model alone is keyed by (the
    vocabulary pages, the ontology), so a type added at run time (a test) makes them again."""
    return repr((RECORD_TYPES, NESTED_TYPES, SCHEMES))
