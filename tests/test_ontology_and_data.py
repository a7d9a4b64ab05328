"""The ontology is documented term by term, and the data is sourced agreement by agreement."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from acsa_graph import resources

ONTOLOGY = rdflib.URIRef("https://w3id.org/acsa-graph/ontology")
ACSA = "https://w3id.org/acsa-graph/ontology#"


def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(resources.ontology_dir() / "acsa.ttl")


def test_ontology_header_has_version_license_creator_and_prefix():
    g = ontology()
    vann = rdflib.Namespace("http://purl.org/vocab/vann/")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    assert (
        str(g.value(ONTOLOGY, OWL.versionInfo)),
        str(g.value(ONTOLOGY, dct.license)),
        str(g.value(ONTOLOGY, vann.preferredNamespacePrefix)),
    ) == ("0.1.0", "https://creativecommons.org/licenses/by/4.0/", "acsa")
    assert g.value(ONTOLOGY, dct.creator) is not None


def test_every_term_has_english_and_japanese_labels_definition_and_defined_by():
    g = ontology()
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(ACSA)}
    incomplete = []
    for term in sorted(terms):
        languages = {label.language for label in g.objects(term, RDFS.label)}
        if not (
            {"en", "ja"} <= languages
            and g.value(term, SKOS.definition) is not None
            and g.value(term, RDFS.isDefinedBy) == ONTOLOGY
        ):
            incomplete.append(str(term))
    assert (len(terms) > 30, incomplete) == (True, [])


def test_alignments_map_only_declared_terms():
    declared = set(ontology().subjects(RDF.type, None))
    aligned = rdflib.Graph().parse(resources.alignments_file())
    ours = {s for s in aligned.subjects() if str(s).startswith(ACSA)}
    assert ours - declared == set()


def test_every_agreement_has_its_own_file():
    for path in resources.data_dir().glob("agreements/*.ttl"):
        g = rdflib.Graph().parse(path)
        agreements = set(g.subjects(RDF.type, rdflib.URIRef(ACSA + "Agreement")))
        assert [str(a).rsplit("/", 1)[1] for a in agreements] == [path.stem]


def test_every_agreement_has_an_official_source(kg):
    official = {"treaty-text", "official-release", "parliamentary-record"}
    kinds: dict[str, set[str]] = {}
    for row in kg.query("sources"):
        kinds.setdefault(row["agreement"], set()).add(row["source_kind"])
    assert {a: bool(k & official) for a, k in kinds.items()} == dict.fromkeys(kinds, True)
    assert len(kinds) == len(list(resources.data_dir().glob("agreements/*.ttl")))


def test_every_source_url_is_recorded_once(kg):
    urls = kg.run_sparql("SELECT ?url WHERE { ?s acsa:url ?url }").column("url")
    assert len(urls) == len(set(urls))


def test_every_source_url_is_written_in_its_usual_form(kg):
    """Host names in lower case, without the root's trailing dot: the same page is then always
    the same string, for the check above and for anyone joining on URLs."""
    from urllib.parse import urlsplit

    urls = kg.run_sparql("SELECT ?url WHERE { ?s acsa:url ?url }").column("url")
    unusual = [
        url
        for url in urls
        if urlsplit(url).scheme not in ("http", "https")
        or urlsplit(url).netloc != urlsplit(url).netloc.lower().rstrip(".")
    ]
    assert unusual == []
