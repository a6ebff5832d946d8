"""Every RDF namespace planatlas uses, in one place, so prefixes never drift."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

PA = Namespace("https://plan.example.org/def/planatlas#")
"""planatlas' own vocabulary (classes and properties not covered by a standard)."""
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
TIME = Namespace("http://www.w3.org/2006/time#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

DEFAULT_BASE = "https://plan.example.org/id/"
CONCEPT_BASE = "https://plan.example.org/def/concept/"
"""SKOS concepts of the schemes in model.py: <CONCEPT_BASE><scheme>/<id>."""

# Prefixes in wide use that a prefix of ours must never take: the W3C RDFa 1.1 initial context
# (https://www.w3.org/2011/rdfa-context/rdfa-1.1) plus the most used ones on prefix.cc and in
# Wikidata/DBpedia queries.  A test checks our record-type and concept-scheme prefixes against it.
COMMON_PREFIXES = frozenset("""
as cat cc cnt csvw ctag dc dcat dcterms dqv duv earl foaf gldp gr grddl ht ical ldp ma oa odrl og org
owl prov qb rdf rdfa rdfs rev rif rr schema sd sioc skos skosxl sosa ssn time v vcard void wdr wdrs xhv
xml xsd sh geo wgs84 dbo dbr dbp dbpedia wd wdt wikibase p ps pq bd ex bibo doap event locn adms dctype
sdmx sdmx-dimension sdmx-measure sdmx-attribute sdmx-code sdmx-concept qudt unit hydra dul frbr fabio
cito lemon ontolex gn geonames mo dce rss content dcmitype xkos disco vann cube interval admingeo
""".split())

PREFIXES: dict[str, Namespace] = {
    "pa": PA,
    "org": ORG,
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "qb": QB,
    "sdmx-dimension": SDMX_DIM,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTR,
    "void": Namespace(str(VOID)),
    "dcat": Namespace(str(DCAT)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "owl": Namespace(str(OWL)),
    "sh": Namespace(str(SH)),
    "foaf": FOAF,
    "time": TIME,
}


def bind_all(graph, base: str = DEFAULT_BASE) -> None:
    """Bind the project prefixes (and the data base as ``id:``) on an rdflib graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("id", Namespace(base), override=True)

