"""The plan model: the one definition every other artefact is generated from.

Record types, their fields, the RDF term each field maps to, and the SKOS concept
schemes live here.  The loader, the JSON Schemas, the SHACL shapes, the ontology,
the graph builder and the graph-to-records reader all read this module, so a field
is declared exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from .namespaces import ORG, PA, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, FOAF

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


@dataclass(frozen=True)
class RecordType:
    """A kind of record, its RDF class and its fields (after the common ones)."""

    name: str
    rdf_class: URIRef
    doc: str
    label_field: str
    fields: tuple[Field, ...]
    plural: str = ""

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
NESTED_TYPES: dict[str, tuple[URIRef, str, tuple[Field, ...]]] = {
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
    ), plural="objectives"),
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
              targets=("action", "programme"), label="Depends on", inverse_label="Needed by"),
        Field("programmes", REF, PA.partOfProgramme, "Programmes, services or sites the action refers to.",
              many=True, targets=("programme",), label="Programmes", inverse_label="Actions"),
        _PRIORITY_FOR,
        _SEE_ALSO,
    ), plural="actions"),
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
    ), plural="metrics"),
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
              targets=("organisation", "partnership"), label="Part of", inverse_label="Has part"),
        Field("founded", DATE, PA.founded, "When it was established."),
        Field("dissolved", DATE, PA.dissolved, "When it ceased to exist."),
        Field("population", INT, PA.population, "Population served, where stated."),
        _DESCRIPTION,
    ), plural="organisations"),
    RecordType("board", ORG.OrganizationalUnit, "A board, committee, network or group that owns work but is not an "
               "organisation in its own right.", "name", (
        Field("name", TEXT, SKOS.prefLabel, "Name of the board.", required=True),
        Field("short_name", TEXT, SKOS.altLabel, "Abbreviation."),
        Field("kind", ENUM, PA.boardKind, "Board, committee, network, group...", required=True,
              scheme="board-kind"),
        Field("part_of", REF, ORG.unitOf, "Organisation, partnership or board it belongs to.",
              targets=("organisation", "partnership", "board"), label="Part of", inverse_label="Has board"),
        Field("advises", REF, PA.advises, "Boards it advises or reports to.", many=True,
              targets=("board", "organisation", "partnership"), label="Reports to", inverse_label="Advised by"),
        Field("status", ENUM, PA.membershipStatus, "Established or to be established.",
              scheme="establishment-status"),
        Field("stands_for", REF, PA.standsFor, "For a collective owner named in a plan ('Provider Trust Boards'): "
              "the bodies the name stands for, as the documents name them.", many=True,
              targets=("organisation", "board", "partnership"), label="Stands for",
              inverse_label="Named collectively in"),
        _DESCRIPTION,
    ), plural="boards"),
    RecordType("partnership", ORG.OrganizationalCollaboration, "A partnership of organisations: system, ICP, "
               "place-based partnership, health and wellbeing board.", "name", (
        Field("name", TEXT, SKOS.prefLabel, "Full name.", required=True),
        Field("short_name", TEXT, SKOS.altLabel, "Abbreviation (DGS ICP, WK HCP...)."),
        Field("other_names", TEXT, SKOS.hiddenLabel, "Other names the documents use.", many=True),
        Field("kind", ENUM, PA.partnershipKind, "What kind of partnership.", required=True,
              scheme="partnership-kind"),
        Field("covers", REF, PA.coversArea, "Areas it covers.", many=True, targets=("place",),
              label="Covers", inverse_label="Covered by"),
        Field("part_of", REF, PA.partOfSystem, "The system or partnership it is part of.",
              targets=("partnership",), label="Part of", inverse_label="Has part"),
        Field("population", INT, PA.population, "Population covered, where stated."),
        Field("population_text", TEXT, PA.populationText, "Population as the document words it."),
        Field("founded", DATE, PA.founded, "When it was established."),
        Field("dissolved", DATE, PA.dissolved, "When it ended or became something else."),
        _DESCRIPTION,
    ), plural="partnerships"),
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
    ), plural="memberships"),
    RecordType("place", PA.Place, "An area: county, unitary area, district, locality.", "name", (
        Field("name", TEXT, SKOS.prefLabel, "Name of the area.", required=True),
        Field("kind", ENUM, PA.placeKind, "County, district, ...", required=True, scheme="place-kind"),
        Field("part_of", REF, PA.withinArea, "Area it lies within.", targets=("place",),
              label="Within", inverse_label="Contains"),
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
              label="Part of", inverse_label="Has part"),
        Field("depends_on", REF, PA.dependsOn, "Programmes or actions that must come first.", many=True,
              targets=("programme", "action"), label="Depends on", inverse_label="Needed by"),
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

# SKOS concept schemes ------------------------------------------------------
SCHEMES: dict[str, tuple[str, dict[str, str]]] = {
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
    "programme-status": ("Programme and action statuses", {
        "live": "Live", "on-hold": "On hold", "proposal": "Proposal", "bau": "Business as usual",
        "planned": "Planned", "in-progress": "In progress", "complete": "Complete",
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
        "post": "Post or office",
    }),
    "partnership-kind": ("Kinds of partnership", {
        "stp": "Sustainability and transformation partnership", "ics": "Integrated care system",
        "icp-statutory": "Integrated care partnership (statutory joint committee)",
        "icp": "Integrated care partnership (local, 2019-2021)",
        "hcp": "Place-based health and care partnership", "hwb": "Health and wellbeing board",
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
}


def concept_ids(scheme: str) -> list[str]:
    return list(SCHEMES[scheme][1])
