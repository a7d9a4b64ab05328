"""The namespaces of the graph, and the prefixes used for them everywhere: in researchers' own
queries (predeclared), in exports, and to shorten IRIs in terminal tables."""

from __future__ import annotations

DEFAULT_PREFIXES = {
    "acsa": "https://w3id.org/acsa-graph/ontology#",
    "agr": "https://w3id.org/acsa-graph/id/agreement/",
    "state": "https://w3id.org/acsa-graph/id/state/",
    "person": "https://w3id.org/acsa-graph/id/person/",
    "src": "https://w3id.org/acsa-graph/id/source/",
    "ev": "https://w3id.org/acsa-graph/id/event/",
    "claim": "https://w3id.org/acsa-graph/id/claim/",
    "place": "https://w3id.org/acsa-graph/id/place/",
    "cat": "https://w3id.org/acsa-graph/vocab/category/",
    "act": "https://w3id.org/acsa-graph/vocab/activity/",
    "kind": "https://w3id.org/acsa-graph/vocab/agreement-kind/",
    "evk": "https://w3id.org/acsa-graph/vocab/event-kind/",
    "srck": "https://w3id.org/acsa-graph/vocab/source-kind/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}


def compact(iri: str) -> str:
    """``iri`` as prefix:local where a known namespace and a simple local name allow it."""
    for prefix, namespace in DEFAULT_PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}:{local}"
    return iri
