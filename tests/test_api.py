"""The Python API: loading, querying with parameters, validating, exporting."""

from __future__ import annotations

import io
import os
import random
import stat
import threading
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

import acsa_graph
from acsa_graph import InputError, ParameterError, resources
from acsa_graph.export import serialize


def test_load_returns_ontology_vocabularies_and_data(kg):
    kinds = kg.run_sparql("SELECT ?n WHERE { ?k skos:inScheme kind:scheme ; skos:notation ?n }")
    assert sorted(kinds.column("n")) == ["ACSA", "RAA"]


def test_graph_is_an_rdflib_graph_with_every_triple(kg):
    assert isinstance(kg.graph, rdflib.Graph)
    assert len(kg.graph) == len(kg)


def test_query_binds_partner_given_by_name(kg):
    rows = kg.query("agreements", partner="Italy").rows
    assert [(r["partner"], r["signed"], r["signed_place"], r["in_force"]) for r in rows] == [
        ("IT", "2024-11-25", "Rome", "2025-09-05")
    ]


def test_query_rejects_unknown_partner_listing_known_ones(kg):
    with pytest.raises(
        ParameterError,
        match="'Narnia' is not a known partner: choose one of AU, CA, DE, FR, GB, IN, IT, NL, NZ, PH, US",
    ):
        kg.query("agreements", partner="Narnia")


def test_query_rejects_japan_as_partner(kg):
    with pytest.raises(ParameterError, match="Japan is a party to every agreement"):
        kg.query("coverage", partner="Japan")


def test_query_rejects_unknown_parameter(kg):
    with pytest.raises(ParameterError, match="query 'agreements' has no parameter 'country'"):
        kg.query("agreements", country="IT")


def test_query_requires_required_parameter(kg):
    with pytest.raises(ParameterError, match="query 'category' needs parameter 'category'"):
        kg.query("category")


def test_query_rejects_unknown_query_name(kg):
    with pytest.raises(
        InputError, match="unknown query 'agrements': known queries are agreements,"
    ):
        kg.query("agrements")


def test_parameter_value_cannot_change_the_query(kg):
    hostile = '" } UNION { ?s ?p ?o } #'
    with pytest.raises(ParameterError, match="is not a known partner"):
        kg.query("agreements", partner=hostile)
    labelled = kg.run_sparql("SELECT ?s ?name WHERE { ?s rdfs:label ?name }", {"name": hostile})
    assert len(labelled) == 0


def test_own_sparql_binds_iri_parameters(kg):
    result = kg.run_sparql(
        "SELECT ?state ?code WHERE { ?state acsa:iso3166Alpha2 ?code }",
        {"state": "<https://w3id.org/acsa-graph/id/state/FR>"},
    )
    assert result.column("code") == ["FR"]


def test_own_sparql_parameter_must_be_projected(kg):
    with pytest.raises(InputError, match=r"cannot bind a parameter: .*variable \?code"):
        kg.run_sparql("SELECT ?state WHERE { ?state acsa:iso3166Alpha2 ?code }", {"code": "FR"})


def test_own_sparql_syntax_error_says_where(kg):
    with pytest.raises(InputError, match=r"^query:1:\d+: SPARQL syntax error: expected"):
        kg.query("SELECT ?x WHERE { ?x ?y }")


def test_ask_query_gives_a_boolean(kg):
    assert kg.query("ASK { agr:jp-it-acsa-2024 acsa:covers cat:ammunition }").boolean is True


def test_compare_lists_what_only_one_side_covers(kg):
    rows = kg.compare("IT", "jp-gb-acsa-2017", only_in=True).rows
    only_in_italy = [(r["aspect"], r["item"]) for r in rows if r["side"] == "a"]
    assert only_in_italy == []
    assert ("category", "weapons") not in [(r["aspect"], r["item"]) for r in rows]
    assert len([r for r in rows if r["side"] == "b"]) == 19


def test_validate_reports_focus_path_message_and_severity(load_text):
    from conftest import VALID

    report = load_text(
        VALID.replace('acsa:iso3166Alpha2 "IT"', 'acsa:iso3166Alpha2 "Italy"')
    ).validate()
    assert report.conforms is False
    assert [(r.focus_node, r.path, r.severity, r.value) for r in report.results] == [
        (
            "https://w3id.org/acsa-graph/id/state/IT",
            "https://w3id.org/acsa-graph/ontology#iso3166Alpha2",
            "Violation",
            "Italy",
        )
    ]


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_round_trips_to_an_isomorphic_graph(kg, tmp_path, fmt):
    path = tmp_path / f"acsa.{fmt}"
    kg.export(path)
    parsed = rdflib.Graph().parse(
        path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    )
    assert isomorphic(parsed, kg.graph)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_export_is_deterministic_whatever_the_load_order(kg, fmt):
    files = resources.data_files()
    random.Random(7).shuffle(files)
    shuffled = acsa_graph.load(files)
    first, second = io.BytesIO(), io.BytesIO()
    kg.export(first, format=fmt)
    shuffled.export(second, format=fmt)
    assert first.getvalue() == second.getvalue()


def test_export_to_missing_folder_fails_and_writes_nothing(kg, tmp_path):
    target = tmp_path / "missing" / "acsa.ttl"
    with pytest.raises(InputError, match=r"folder .* does not exist"):
        kg.export(target)
    assert not target.parent.exists()


def test_export_failure_keeps_the_previous_file(kg, tmp_path):
    target = tmp_path / "acsa.ttl"
    target.write_text("previous")
    with pytest.raises(InputError, match="unknown export format 'xml'"):
        kg.export(target, format="xml")
    assert (target.read_text(), sorted(p.name for p in tmp_path.iterdir())) == (
        "previous",
        ["acsa.ttl"],
    )


def test_export_gives_a_new_file_the_usual_permissions(kg, tmp_path):
    target = tmp_path / "acsa.nt"
    previous = os.umask(0o022)
    try:
        kg.export(target)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_export_keeps_the_permissions_of_the_file_it_replaces(kg, tmp_path):
    target = tmp_path / "acsa.nt"
    target.write_text("previous")
    target.chmod(0o640)
    kg.export(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("target", ["file", "pipe"])
def test_export_refuses_a_symbolic_link_and_leaves_it_and_its_target_alone(kg, tmp_path, target):
    # Followed in Python, a link planted in a shared folder could aim the write anywhere.
    real = tmp_path / "real"
    reader = None
    if target == "pipe":
        os.mkfifo(real)
        reader = os.open(real, os.O_RDONLY | os.O_NONBLOCK)  # so a write could not hang
    else:
        real.write_text("keep")
    link = tmp_path / "acsa.nt"
    link.symlink_to(real)
    try:
        with pytest.raises(InputError, match="is a symbolic link: give the path of the file"):
            kg.export(link)
    finally:
        if reader is not None:
            os.close(reader)
    assert (link.is_symlink(), target == "pipe" or real.read_text() == "keep") == (True, True)


def test_export_to_a_named_pipe_writes_into_it(kg, tmp_path):
    pipe = tmp_path / "pipe.nt"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    kg.export(pipe, format="nt")
    reader.join(timeout=10)
    assert (received, stat.S_ISFIFO(pipe.stat().st_mode)) == ([serialize(kg, "nt")], True)


def test_load_names_file_line_and_column_of_bad_turtle(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(InputError, match=rf"^{bad}:2:\d+: invalid RDF: "):
        acsa_graph.load([bad])


def test_load_rejects_undefined_prefix(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("ex:a ex:b ex:c .\n")
    with pytest.raises(InputError, match=rf"^{bad}:1:\d+: invalid RDF: .*ex"):
        acsa_graph.load([bad])


def test_load_rejects_non_utf8_with_line(tmp_path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(b'<http://e/a> <http://e/b> "ok" .\n<http://e/a> <http://e/b> "caf\xe9" .\n')
    with pytest.raises(InputError, match=rf"^{bad}:2:\d+: not UTF-8: save the file as UTF-8"):
        acsa_graph.load([bad])


def test_load_rejects_empty_file(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(InputError, match="file is empty"):
        acsa_graph.load([empty])


def test_load_reads_every_turtle_file_in_a_folder(tmp_path):
    (tmp_path / "a.ttl").write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    (tmp_path / "b.ttl").write_text("<http://e/b> <http://e/p> <http://e/c> .\n")
    kg = acsa_graph.load([tmp_path])
    assert [p.name for p in kg.files[-2:]] == ["a.ttl", "b.ttl"]


def test_load_rejects_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        acsa_graph.load([tmp_path / "nope.ttl"])


def test_shipped_resources_are_found():
    assert [Path(p).name for p in resources.ontology_files()] == ["acsa.ttl", "vocabularies.ttl"]
    assert resources.shapes_file().is_file() and resources.alignments_file().is_file()


def test_void_description_counts_the_graph(kg):
    out = io.BytesIO()
    kg.export(out, format="void")
    description = rdflib.Graph().parse(data=out.getvalue().decode("utf-8"), format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/acsa-graph/dataset")
    agreements = rdflib.URIRef("https://w3id.org/acsa-graph/dataset/class/Agreement")
    files = len(list(resources.data_dir().glob("agreements/*.ttl")))
    assert (
        int(description.value(dataset, void.triples)),
        int(description.value(agreements, void.entities)),
        str(description.value(dataset, rdflib.DCTERMS.license)),
    ) == (len(kg), files, "https://creativecommons.org/licenses/by/4.0/")


def test_jsonld_export_uses_the_shipped_context_names(kg):
    import json

    out = io.BytesIO()
    kg.export(out, format="jsonld")
    nodes = {node["@id"]: node for node in json.loads(out.getvalue())["@graph"]}
    assert nodes["agr:jp-it-acsa-2024"]["party"] == ["state:IT", "state:JP"]


def test_side_by_side_expands_a_partner_to_its_current_agreements(kg):
    result = kg.side_by_side("Australia", "jp-au-acsa-2010")
    assert result.columns == [
        "aspect",
        "jp-au-acsa-2017",
        "jp-au-raa-2022",
        "jp-au-acsa-2010",
        "differs",
    ]
    ammunition = [row for row in result.rows if row["aspect"] == "category: ammunition"]
    assert ammunition == [
        {
            "aspect": "category: ammunition",
            "jp-au-acsa-2017": "covered",
            "jp-au-raa-2022": None,
            "jp-au-acsa-2010": "excluded",
            "differs": "*",
        }
    ]


def test_markdown_table(kg):
    text = kg.query("replacements", partner="AU").to_markdown()
    assert text.splitlines()[:2] == [
        "| agreement | partner | relation | earlier | signed | earlier_signed |",
        "|---|---|---|---|---|---|",
    ]


@pytest.mark.parametrize(
    "written",
    [
        "jp-it-acsa-2024",
        "agr:jp-it-acsa-2024",
        "<https://w3id.org/acsa-graph/id/agreement/jp-it-acsa-2024>",
        "https://w3id.org/acsa-graph/id/agreement/jp-it-acsa-2024",
    ],
)
def test_an_agreement_is_found_however_the_tool_itself_writes_it(kg, written):
    assert kg.bindings("sources", agreement=written) == {
        "agreement": rdflib.URIRef("https://w3id.org/acsa-graph/id/agreement/jp-it-acsa-2024")
    }


@pytest.mark.parametrize("written", ["GB", "UK", "United Kingdom", "UKG"])
def test_a_partner_is_found_by_code_name_or_cow_abbreviation(kg, written):
    assert kg.bindings("agreements", partner=written) == {"partner": rdflib.Literal("GB")}


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        (
            "SELECT * WHERE { ?a a foo:Agreement }",
            "query:1:36: prefix foo: is not declared: add a PREFIX line for it (declared already: "
            "acsa:, agr:, state:, person:, src:, ev:, claim:, place:, cat:, act:, kind:, evk:, "
            "srck:, rdf:, rdfs:, owl:, skos:, xsd:, dct:, wd:)",
        ),
        (
            "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
            "query: INSERT is an update: the graph is read here, not changed; write a SELECT or "
            "ASK query (or edit the Turtle files)",
        ),
        ("# nothing\n", "query: the query is empty: write a SELECT or ASK query"),
        ("SELEC * WHERE { ?a ?b ?c }", "query: a query starts with SELECT or ASK, not 'SELEC'"),
    ],
)
def test_own_sparql_mistakes_are_explained(kg, sparql, message):
    with pytest.raises(InputError) as raised:
        kg.query(sparql)
    assert str(raised.value) == message


def test_a_json_ld_export_loads_back_to_the_same_graph(kg, tmp_path):
    kg.export(tmp_path / "acsa.jsonld")
    again = acsa_graph.load([tmp_path / "acsa.jsonld"])
    assert again.store.dump_ntriples() == kg.store.dump_ntriples()


def test_rdflib_copies_of_two_graphs_do_not_share_blank_nodes(tmp_path):
    for name, value in (("a", "1"), ("b", "2")):
        (tmp_path / f"{name}.ttl").write_text(f'[] <http://example.org/q> "{value}" .\n')
    both = acsa_graph.load([tmp_path / "a.ttl"]).graph + acsa_graph.load([tmp_path / "b.ttl"]).graph
    assert len(set(both.subjects(rdflib.URIRef("http://example.org/q")))) == 2


@pytest.mark.parametrize(
    ("ntriples", "found"),
    [
        (b"_:b0 <http://e/p> <http://e/o> .\n", True),
        (b'<http://e/s> <http://e/p> "x" .\n_:b0 <http://e/p> "y" .\n', True),
        (b"<http://e/s> <http://e/p> _:b0 .\n", True),
        (b'<http://e/s> <http://e/p> "see _:b0 ." .\n', False),
    ],
)
def test_blank_nodes_are_told_from_text_that_looks_like_them(ntriples, found):
    from acsa_graph.store import _has_blank_nodes

    assert _has_blank_nodes(ntriples) is found
