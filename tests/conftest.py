"""Shared fixtures: the shipped graph, loaded once, and small in-line graphs for shape tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import acsa_graph

PREFIXES = """\
@prefix acsa:   <https://w3id.org/acsa-graph/ontology#> .
@prefix act:    <https://w3id.org/acsa-graph/vocab/activity/> .
@prefix agr:    <https://w3id.org/acsa-graph/id/agreement/> .
@prefix cat:    <https://w3id.org/acsa-graph/vocab/category/> .
@prefix claim:  <https://w3id.org/acsa-graph/id/claim/> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix ev:     <https://w3id.org/acsa-graph/id/event/> .
@prefix evk:    <https://w3id.org/acsa-graph/vocab/event-kind/> .
@prefix kind:   <https://w3id.org/acsa-graph/vocab/agreement-kind/> .
@prefix person: <https://w3id.org/acsa-graph/id/person/> .
@prefix place:  <https://w3id.org/acsa-graph/id/place/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix src:    <https://w3id.org/acsa-graph/id/source/> .
@prefix srck:   <https://w3id.org/acsa-graph/vocab/source-kind/> .
@prefix state:  <https://w3id.org/acsa-graph/id/state/> .
@prefix wd:     <http://www.wikidata.org/entity/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
"""

# A small agreement that satisfies every shape; each shape test changes one thing in it.
VALID = (
    PREFIXES
    + """
state:JP a acsa:State ; rdfs:label "Japan"@en ; acsa:iso3166Alpha2 "JP" ; skos:exactMatch wd:Q17 .
state:IT a acsa:State ; rdfs:label "Italy"@en ; acsa:iso3166Alpha2 "IT" ; skos:exactMatch wd:Q38 .
state:FR a acsa:State ; rdfs:label "France"@en ; acsa:iso3166Alpha2 "FR" ; skos:exactMatch wd:Q142 .
person:a a acsa:Person ; rdfs:label "Person A"@en .
person:b a acsa:Person ; rdfs:label "Person B"@en .
place:x a acsa:Place ; rdfs:label "Rome"@en ; acsa:country state:IT .
src:s a acsa:Source ; acsa:url "https://example.org/s"^^xsd:anyURI ; dct:title "T" ;
    dct:publisher "P" ; acsa:sourceKind srck:official-release .

agr:test a acsa:Agreement ;
    acsa:kind kind:ACSA ;
    acsa:party state:JP , state:IT ;
    acsa:title "Test Agreement"@en ;
    acsa:source src:s ;
    acsa:event ev:sig-jp , ev:sig-it , ev:eif ;
    acsa:covers cat:food ;
    acsa:coverageSource src:s ;
    acsa:appliesTo act:un-peacekeeping ;
    acsa:activitySource src:s .

ev:sig-jp a acsa:Signature ; acsa:eventKind evk:signature ; acsa:date "2020-01-02"^^xsd:date ;
    acsa:place place:x ; acsa:signatory person:a ; acsa:office "Minister"@en ;
    acsa:actingFor state:JP ; acsa:source src:s .
ev:sig-it a acsa:Signature ; acsa:eventKind evk:signature ; acsa:date "2020-01-02"^^xsd:date ;
    acsa:place place:x ; acsa:signatory person:b ; acsa:office "Minister"@en ;
    acsa:actingFor state:IT ; acsa:source src:s .
ev:eif a acsa:LifecycleEvent ; acsa:eventKind evk:entry-into-force ;
    acsa:date "2020-06"^^xsd:gYearMonth ; acsa:source src:s .

claim:c a acsa:Claim ; acsa:claimAbout ev:eif ; acsa:claimProperty acsa:date ;
    acsa:claimValue "2020-06-01"^^xsd:date ; acsa:source src:s ; acsa:preferred false ;
    acsa:reason "Only one source gives the day."@en .
"""
)


@pytest.fixture(scope="session")
def kg() -> acsa_graph.KnowledgeGraph:
    """The shipped graph, loaded once for the whole run."""
    return acsa_graph.load()


@pytest.fixture
def load_text(tmp_path: Path):
    """Load the ontology with the given Turtle as the only data."""

    def load(text: str) -> acsa_graph.KnowledgeGraph:
        path = tmp_path / "fixture.ttl"
        path.write_text(text, encoding="utf-8")
        return acsa_graph.load([path])

    return load
