"""Broken and hostile input: generated graphs survive every export, generated parameter values
only ever bind, an interrupted export leaves the previous file, and big or odd input is handled."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

import acsa_graph
from acsa_graph import ParameterError
from acsa_graph.remote import _with_values

ACSA = rdflib.Namespace("https://w3id.org/acsa-graph/ontology#")
AGR = rdflib.Namespace("https://w3id.org/acsa-graph/id/agreement/")
CAT = rdflib.Namespace("https://w3id.org/acsa-graph/vocab/category/")
SCRIPT = Path(sys.executable).with_name("acsa-graph")

# Text as researchers' sources have it: any Unicode but lone surrogates, quotes, newlines, braces.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
DATES = st.one_of(
    st.dates().map(lambda d: rdflib.Literal(d.isoformat(), datatype=rdflib.XSD.date)),
    st.integers(1950, 2100).map(lambda y: rdflib.Literal(str(y), datatype=rdflib.XSD.gYear)),
)
CATEGORIES = st.sets(st.sampled_from(["food", "water", "ammunition", "weapons", "storage"]))


@st.composite
def agreement_graphs(draw) -> rdflib.Graph:
    graph = rdflib.Graph()
    for number in range(draw(st.integers(1, 3))):
        agreement = AGR[f"generated-{number}"]
        graph.add((agreement, rdflib.RDF.type, ACSA.Agreement))
        for language in draw(st.sets(st.sampled_from(["en", "ja", "fr"]), min_size=1)):
            graph.add((agreement, ACSA.title, rdflib.Literal(draw(TEXT), lang=language)))
        event = AGR[f"generated-{number}-signature"]
        graph.add((agreement, ACSA.event, event))
        graph.add((event, ACSA.date, draw(DATES)))
        for category in draw(CATEGORIES):
            graph.add((agreement, ACSA.covers, CAT[category]))
    return graph


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=agreement_graphs())
def test_generated_graphs_round_trip_through_every_export_format(tmp_path, generated):
    source = tmp_path / "generated.nt"
    source.write_text(generated.serialize(format="nt"), encoding="utf-8")
    kg = acsa_graph.load([source])
    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out = io.BytesIO()
        kg.export(out, format=fmt)
        parsed = rdflib.Graph().parse(data=out.getvalue().decode("utf-8"), format=parser)
        assert isomorphic(parsed, kg.graph), fmt


@settings(max_examples=60, deadline=None)
@given(value=TEXT)
def test_a_string_parameter_only_ever_binds(kg, value):
    result = kg.run_sparql(
        "SELECT ?state ?name WHERE { ?state skos:altLabel ?name }", {"name": value}
    )
    assert set(result.column("name")) <= {value}


@settings(max_examples=60, deadline=None)
@given(value=TEXT)
def test_a_partner_parameter_binds_a_known_partner_or_is_refused(kg, value):
    try:
        rows = kg.query("agreements", partner=value).rows
    except ParameterError:
        return
    assert len({row["partner"] for row in rows}) == 1


@settings(max_examples=60, deadline=None)
@given(value=TEXT)
def test_remote_values_block_binds_the_exact_value(value):
    store = ox.Store()
    query = _with_values("SELECT ?name\nWHERE {\n}\n", {"name": ox.Literal(value)})
    assert [solution["name"].value for solution in store.query(query)] == [value]


def test_very_large_literal_loads_and_comes_back_whole(tmp_path):
    big = "x" * 5_000_000
    path = tmp_path / "big.nt"
    path.write_text(f'<http://e/a> <http://e/p> "{big}" .\n')
    kg = acsa_graph.load([path])
    lengths = kg.run_sparql("SELECT (STRLEN(?o) AS ?n) WHERE { <http://e/a> <http://e/p> ?o }")
    assert lengths.column("n") == ["5000000"]


def test_killed_export_leaves_the_previous_file_intact(tmp_path):
    data = tmp_path / "many.nt"
    with data.open("w") as out:
        for number in range(60_000):
            out.write(f'<http://e/s{number}> <http://e/p> "value {number}" .\n')
    target = tmp_path / "export.jsonld"  # the slowest format: the kill lands mid-export
    target.write_text("previous export\n")
    process = subprocess.Popen(
        [str(SCRIPT), "export", "--data", str(data), "--output", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    assert process.poll() is None, "the export finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert target.read_text() == "previous export\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c", "bad.ttl:2:"),
        ('<http://e/a> <http://e/b> "unterminated .\n', "bad.ttl:1:"),
        ("<http://e/a> <http://e/b> <not an iri> .\n", "bad.ttl:1:"),
        ('<http://e/a> "a literal" <http://e/c> .\n', "bad.ttl:1:"),
    ],
)
def test_broken_turtle_is_reported_with_file_and_line(tmp_path, text, message):
    bad = tmp_path / "bad.ttl"
    bad.write_text(text)
    done = subprocess.run(
        [str(SCRIPT), "validate", "bad.ttl"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"acsa-graph: error: {message}")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c"])
def test_literal_with_a_unicode_line_separator_survives_export(tmp_path, separator):
    # Found by the property test above: these characters stay unescaped in N-Triples.
    path = tmp_path / "separator.nt"
    path.write_text(f'<http://e/a> <http://e/p> "before{separator}after"@en .\n', encoding="utf-8")
    kg = acsa_graph.load([path])
    out = io.BytesIO()
    kg.export(out, format="ttl")
    parsed = rdflib.Graph().parse(data=out.getvalue().decode("utf-8"), format="turtle")
    assert isomorphic(parsed, kg.graph)
