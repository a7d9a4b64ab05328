"""A DCAT and VoID description of the dataset: what it is, its licence, version and release, how
to cite it, and what it holds (triples, and entities per class), computed from the graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

RELEASED = "2026-11-25"
DATASET = "https://w3id.org/acsa-graph/dataset"
CITATION = (
    f"acsa-graph developers ({RELEASED[:4]}). acsa-graph: an open knowledge graph of Japan's "
    f"defence cooperation agreements, version {__version__}. https://w3id.org/acsa-graph"
)
DESCRIPTION = (
    "An open knowledge graph of Japan's Acquisition and Cross-Servicing Agreements and Reciprocal "
    "Access Agreements: parties, signatories, dated lifecycle events, coverage and sources, every "
    "fact linked to the document it was read in."
)
KEYWORDS = ("Japan", "defence cooperation", "ACSA", "Reciprocal Access Agreement", "treaties")
CLASSES = (
    "Agreement",
    "LifecycleEvent",
    "Signature",
    "State",
    "Person",
    "Place",
    "Source",
    "Claim",
)


def description(kg: KnowledgeGraph) -> str:
    """The description as Turtle, deterministic for a given graph."""
    counts = kg.run_sparql(
        "SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE { ?entity a ?class . "
        "FILTER(STRSTARTS(STR(?class), STR(acsa:))) } GROUP BY ?class"
    )
    per_class = {iri.rsplit("#", 1)[1]: n for iri, n in counts.values()}
    partitions = "\n".join(
        f"<{DATASET}/class/{name}>\n    void:class acsa:{name} ;\n"
        f"    void:entities {per_class.get(name, '0')} .\n"
        for name in CLASSES
    )
    keywords = " , ".join(f'"{word}"' for word in KEYWORDS)
    partition_list = " ,\n        ".join(f"<{DATASET}/class/{name}>" for name in CLASSES)
    return f"""@prefix acsa: <https://w3id.org/acsa-graph/ontology#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<{DATASET}>
    a dcat:Dataset , void:Dataset ;
    dct:title "acsa-graph: Japan's defence cooperation agreements"@en ,
        "acsa-graph: 日本の防衛協力協定"@ja ;
    dct:description "{DESCRIPTION}"@en ;
    dct:license <https://creativecommons.org/licenses/by/4.0/> ;
    dct:creator "acsa-graph developers" ;
    dct:issued "{RELEASED}"^^xsd:date ;
    dcat:version "{__version__}" ;
    dct:bibliographicCitation "{CITATION}" ;
    dcat:keyword {keywords} ;
    dcat:landingPage <https://w3id.org/acsa-graph> ;
    void:vocabulary <https://w3id.org/acsa-graph/ontology> ;
    void:triples {len(kg)} ;
    void:classPartition {partition_list} ;
    dcat:distribution <{DATASET}/turtle> , <{DATASET}/jsonld> , <{DATASET}/ntriples> .

<{DATASET}/turtle> a dcat:Distribution ; dcat:mediaType "text/turtle" ;
    dct:description "acsa-graph export --format ttl"@en .
<{DATASET}/jsonld> a dcat:Distribution ; dcat:mediaType "application/ld+json" ;
    dct:description "acsa-graph export --format jsonld"@en .
<{DATASET}/ntriples> a dcat:Distribution ; dcat:mediaType "application/n-triples" ;
    dct:description "acsa-graph export --format nt"@en .

{partitions}"""
