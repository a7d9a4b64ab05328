"""The acsa-graph command, run as a researcher runs it: a process started in another folder."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from acsa_graph import resources

from conftest import VALID

SCRIPT = Path(sys.executable).with_name("acsa-graph")


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_validate_shipped_data_conforms_from_any_folder(tmp_path):
    done = run("validate", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "Conforms: the graph satisfies every shape.\n",
        "",
    )


def test_validate_reports_violations_with_exit_1(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(VALID.replace('acsa:iso3166Alpha2 "IT"', 'acsa:iso3166Alpha2 "it"'))
    done = run("validate", str(bad), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (
        1,
        "Violation: https://w3id.org/acsa-graph/id/state/IT "
        "https://w3id.org/acsa-graph/ontology#iso3166Alpha2: A state has exactly one ISO 3166-1 "
        "alpha-2 code: two capital letters. (value: it)\nDoes not conform: 1 result(s).\n",
    )


def test_validate_new_record_against_shipped_data(tmp_path):
    new = tmp_path / "person.ttl"
    new.write_text(
        "@prefix acsa: <https://w3id.org/acsa-graph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/acsa-graph/id/place/osaka> a acsa:Place ; rdfs:label "Osaka"@en ;\n'
        "    acsa:country <https://w3id.org/acsa-graph/id/state/JP> .\n"
    )
    alone = run("validate", str(new), cwd=tmp_path)
    together = run("validate", "--with-shipped-data", str(new), cwd=tmp_path)
    assert (alone.returncode, together.returncode) == (1, 0)


def test_validate_unparseable_turtle_exits_2_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b .\n")
    done = run("validate", "bad.ttl", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("acsa-graph: error: bad.ttl:3:")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_query_agreements_as_csv(tmp_path):
    done = run("query", "agreements", "--format", "csv", cwd=tmp_path)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert done.returncode == 0
    assert rows[0] == [
        "agreement",
        "kind",
        "title",
        "partner",
        "signed",
        "signed_place",
        "in_force",
        "replaces",
    ]
    italy = [row[3:7] for row in rows if row[0].endswith("/jp-it-acsa-2024")]
    assert italy == [["IT", "2024-11-25", "Rome", "2025-09-05"]]
    assert len(rows) == 1 + len(list(resources.data_dir().glob("agreements/*.ttl")))


def test_query_with_partner_name_param(tmp_path):
    done = run(
        "query", "signatories", "--param", "partner=United States", "-f", "tsv", cwd=tmp_path
    )
    people = [line.split("\t")[2] for line in done.stdout.splitlines()[1:]]
    assert people == [
        "Keizo Obuchi",
        "Madeleine K. Albright",
        "Yoriko Kawaguchi",
        "Howard H. Baker, Jr.",
        "Fumio Kishida",
        "Caroline B. Kennedy",
    ]


def test_query_json_is_sparql_results_json(tmp_path):
    import json

    done = run("query", "replacements", "-f", "json", cwd=tmp_path)
    document = json.loads(done.stdout)
    assert document["head"]["vars"] == [
        "agreement",
        "partner",
        "relation",
        "earlier",
        "signed",
        "earlier_signed",
    ]
    assert document["results"]["bindings"][0]["relation"] == {"type": "literal", "value": "amends"}


def test_query_from_stdin(tmp_path):
    done = run(
        "query",
        "-",
        "-f",
        "csv",
        cwd=tmp_path,
        stdin="SELECT (COUNT(*) AS ?n) WHERE { ?a acsa:kind kind:RAA }",
    )
    assert (done.returncode, done.stdout) == (0, "n\n3\n")  # text mode reads CSV's CRLF as \n


def test_query_from_file(tmp_path):
    (tmp_path / "mine.rq").write_text(
        "SELECT ?code WHERE { ?s acsa:iso3166Alpha2 ?code } ORDER BY ?code"
    )
    done = run("query", "mine.rq", "-f", "csv", cwd=tmp_path)
    assert done.stdout.split() == [
        "code",
        "AU",
        "CA",
        "DE",
        "FR",
        "GB",
        "IN",
        "IT",
        "JP",
        "NL",
        "NZ",
        "PH",
        "US",
    ]


def test_unknown_query_exits_2_listing_known_ones(tmp_path):
    done = run("query", "treaties", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(
        "acsa-graph: error: unknown query 'treaties': known queries are agreements, category,"
    )


def test_sparql_syntax_error_exits_2_saying_where(tmp_path):
    done = run("query", "-", cwd=tmp_path, stdin="SELECT * WHERE {\n  ?s ?p }")
    assert done.returncode == 2
    assert done.stderr.startswith("acsa-graph: error: <stdin>:2:10: SPARQL syntax error: expected")


def test_bad_param_syntax_exits_2(tmp_path):
    done = run("query", "agreements", "--param", "partner", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: --param 'partner': write it as NAME=VALUE, like --param partner=IT\n",
    )


def test_compare_command_shows_agreements_side_by_side(tmp_path):
    done = run("compare", "Italy", "jp-fr-acsa-2018", "-f", "csv", cwd=tmp_path)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["aspect", "jp-it-acsa-2024", "jp-fr-acsa-2018", "differs"]
    assert ["category: ammunition", "covered", "covered", ""] in rows
    assert ["signed", "2024-11-25", "2018-07-13", "*"] in rows


def test_compare_only_in_lists_what_one_side_lacks(tmp_path):
    done = run("compare", "Italy", "UK", "--only-in", "-f", "csv", cwd=tmp_path)
    assert done.stdout.splitlines()[0] == "a,b,side,agreement,aspect,item,other_side"


def test_compare_only_in_needs_exactly_two_sides(tmp_path):
    done = run("compare", "IT", "US", "FR", "--only-in", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: compare: give two or more sides (partners or agreements), such as "
        "`acsa-graph compare Italy France`; with --only-in, exactly two\n",
    )


def test_queries_lists_names_and_parameters(tmp_path):
    done = run("queries", cwd=tmp_path)
    assert "compare: Compare two partners or agreements" in done.stdout
    assert (
        "    --param category=...  (required) The category to look up, by notation." in done.stdout
    )


def test_export_writes_turtle_file(tmp_path):
    done = run("export", "--output", "acsa.ttl", cwd=tmp_path)
    text = (tmp_path / "acsa.ttl").read_text()
    assert (done.returncode, done.stdout) == (0, "")
    assert "@prefix acsa: <https://w3id.org/acsa-graph/ontology#> ." in text
    assert "agr:jp-it-acsa-2024 a acsa:Agreement ;" in text


def test_export_to_unwritable_path_exits_2_and_writes_nothing(tmp_path):
    done = run("export", "--output", "no/such/dir/acsa.ttl", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr
        == "acsa-graph: error: no/such/dir/acsa.ttl: cannot write: folder no/such/dir does not exist\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_help_teaches_with_examples(tmp_path):
    done = run("--help", cwd=tmp_path)
    assert "acsa-graph query agreements --format csv" in done.stdout
    assert (
        "exit codes: 0 success, 1 validation found violations, 2 bad usage or bad input"
        in done.stdout
    )


@pytest.mark.parametrize("args", [["query"], ["export", "--format", "xml"], ["nonsense"]])
def test_bad_usage_exits_2(tmp_path, args):
    assert run(*args, cwd=tmp_path).returncode == 2


def exports_under_two_hash_seeds(*args: str, cwd: Path) -> set[bytes]:
    """What `acsa-graph export ARGS` writes in two processes whose string hashes are salted
    differently (Python salts them per process; nothing written may depend on them)."""
    return {
        subprocess.run(
            [str(SCRIPT), "export", *args],
            cwd=cwd,
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_gives_the_same_bytes_in_every_process(tmp_path, fmt):
    assert len(exports_under_two_hash_seeds("--format", fmt, cwd=tmp_path)) == 1


def test_validate_reports_an_impossible_date_without_a_traceback(tmp_path):
    (tmp_path / "bad.ttl").write_text(
        VALID.replace('"2020-06"^^xsd:gYearMonth', '"2020-13-45"^^xsd:date'), encoding="utf-8"
    )
    done = run("validate", "bad.ttl", "--with-shipped-data", cwd=tmp_path)
    dated = [line for line in done.stdout.splitlines() if "(value: 2020-13-45)" in line]
    assert (done.returncode, done.stderr, len(dated)) == (1, "", 1)


def test_an_endpoint_that_is_not_an_http_url_is_refused(tmp_path):
    done = run("query", "agreements", "--endpoint", "notaurl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: notaurl: not an http(s) URL: give the endpoint's full address, "
        "such as http://127.0.0.1:7878/query\n",
    )


def test_a_store_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "t.csv").write_text("x")
    done = run("query", "agreements", "--store", "oxigraph:t.csv", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: t.csv: is a file: --store oxigraph:PATH takes a folder for the store\n",
    )


def test_a_store_path_holding_other_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x")
    done = run("query", "agreements", "--store", "oxigraph:mine", cwd=tmp_path)
    assert (done.returncode, sorted(p.name for p in (tmp_path / "mine").iterdir())) == (
        2,
        ["notes.txt"],
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_ends_with_one_line_and_exit_2(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(SCRIPT), "query", "agreements"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: cannot write the output: No space left on device\n",
    )


def test_a_parameter_given_twice_is_refused(tmp_path):
    done = run("query", "coverage", "-p", "partner=IT", "-p", "partner=US", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: --param partner is given twice ('IT' and 'US'): a parameter takes "
        "one value; run the query once for each\n",
    )


def test_compare_as_json_is_read_back_by_a_sparql_results_parser(tmp_path):
    import pyoxigraph as ox

    done = run("compare", "IT", "FR", "--format", "json", cwd=tmp_path)
    parsed = ox.parse_query_results(done.stdout.encode("utf-8"), ox.QueryResultsFormat.JSON)
    assert [v.value for v in parsed.variables] == [
        "aspect",
        "jp_it_acsa_2024",
        "jp_fr_acsa_2018",
        "differs",
    ]


def test_validating_one_agreement_file_alone_suggests_the_shipped_data(tmp_path):
    italy = resources.data_dir() / "agreements" / "jp-it-acsa-2024.ttl"
    alone = run("validate", str(italy), cwd=tmp_path)
    with_shipped = run("validate", str(italy), "--with-shipped-data", cwd=tmp_path)
    assert (alone.returncode, alone.stderr, with_shipped.returncode, with_shipped.stderr) == (
        1,
        "acsa-graph: if these files refer to the shipped states, people, places or sources, "
        "check them with --with-shipped-data\n",
        0,
        "",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["table", "agreements", "--until", "2020"],
            "--until applies to the dyad-years table only",
        ),
        (
            ["compare", "IT", "Italy"],
            "compare: 'IT' and 'Italy' name the same side: give each once",
        ),
        (
            ["validate", "x.ttl", "--endpoint", "http://127.0.0.1:9/q"],
            "validate reads files or an endpoint, not both",
        ),
        (["query", "agreements", "--graph", "http://e/g"], "--graph applies to --endpoint only"),
        (
            ["query", "agreements", "--endpoint", "http://127.0.0.1:9/q", "--data", "x.ttl"],
            "an endpoint is read as it is: give files (data, extra, store) or an endpoint, not both",
        ),
    ],
)
def test_options_that_would_be_ignored_are_refused(tmp_path, args, message):
    done = run(*args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"acsa-graph: error: {message}\n")


def test_a_figure_of_a_graph_without_agreements_is_refused(tmp_path):
    (tmp_path / "empty.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    done = run("figure", "timeline", "-o", "t.svg", "--data", "empty.ttl", cwd=tmp_path)
    assert (done.returncode, done.stderr, (tmp_path / "t.svg").exists()) == (
        2,
        "acsa-graph: error: the graph holds no agreements to draw: load files that describe some\n",
        False,
    )


def test_a_missing_final_dot_is_reported_once_with_its_place(tmp_path):
    (tmp_path / "bad.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\n\nex:d ex:e ex:f .\n"
    )
    done = run("validate", "bad.ttl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "acsa-graph: error: bad.ttl:4:1: invalid RDF: A dot is expected at the end of statements "
        "(the statement before this point lacks its final '.')\n",
    )


def test_writing_to_dev_stdout_appends_where_the_shell_said(tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("keep\n")
    with log.open("a") as out:
        subprocess.run(
            [str(SCRIPT), "table", "agreements", "-o", "/dev/stdout"], stdout=out, check=True
        )
    lines = log.read_text().splitlines()
    assert (lines[0], lines[1].startswith("agreement,"), len(lines)) == ("keep", True, 20)


def test_a_closed_standard_output_is_not_an_error_when_writing_a_file(tmp_path):
    done = subprocess.run(
        f"{SCRIPT} table agreements -o x.csv >&-", shell=True, cwd=tmp_path, capture_output=True
    )
    assert (done.returncode, done.stderr, (tmp_path / "x.csv").is_file()) == (0, b"", True)


BLANK_NODES_AND_A_LIST = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "1" ; ex:r [ ex:q "2" ] ] .
ex:b ex:seq ( ex:z ex:a ex:m ) .
"""


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_of_blank_nodes_gives_the_same_bytes_in_every_process(tmp_path, fmt):
    (tmp_path / "b.ttl").write_text(BLANK_NODES_AND_A_LIST)
    assert len(exports_under_two_hash_seeds("--format", fmt, "--data", "b.ttl", cwd=tmp_path)) == 1


def test_json_ld_export_keeps_the_order_of_a_list(tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    (tmp_path / "b.ttl").write_text(BLANK_NODES_AND_A_LIST)
    run("export", "-o", "b.jsonld", "--data", "b.ttl", cwd=tmp_path)
    exported = rdflib.Graph().parse(tmp_path / "b.jsonld", format="json-ld")
    source = rdflib.Graph().parse(tmp_path / "b.ttl", format="turtle")
    ontology = rdflib.Graph()
    for path in resources.ontology_files():
        ontology.parse(path, format="turtle")
    assert isomorphic(exported, source + ontology)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "end.ttl",
            "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c",
            "end.ttl:2:15: invalid RDF: Unexpected end",
        ),
        (
            "open.ttl",
            '@prefix ex: <http://example.org/> .\nex:a ex:b "abc .\n',
            "open.ttl:2:11: invalid RDF: Unexpected end of file",
        ),
        (
            "my (copy).ttl",
            "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n",
            "my (copy).ttl:3:1: invalid RDF: A dot is expected at the end of statements (the "
            "statement before this point lacks its final '.')",
        ),
    ],
)
def test_turtle_mistakes_say_their_place_once(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    done = run("validate", name, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"acsa-graph: error: {message}\n")


def test_a_prefixed_name_inside_a_long_string_is_not_taken_for_a_prefix(tmp_path):
    done = run("query", "-", cwd=tmp_path, stdin="SELECT ?s WHERE { ?s ?p '''it's a:b''' . ?s ?p }")
    assert done.stderr.startswith("acsa-graph: error: <stdin>:1:49: SPARQL syntax error: expected")


def test_standard_output_however_spelt_is_appended_to(tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("keep\n")
    spelt = os.path.relpath("/dev/stdout", tmp_path)  # ../../dev/stdout and so on
    with log.open("a") as out:
        subprocess.run(
            [str(SCRIPT), "table", "agreements", "-o", spelt], stdout=out, cwd=tmp_path, check=True
        )
    assert log.read_text().splitlines()[0] == "keep"


def test_a_reader_that_stops_early_is_not_an_error_when_writing_to_dev_stdout(tmp_path):
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{SCRIPT} export -f nt -o /dev/stdout | head -c 10"],
        capture_output=True,
    )
    assert (done.returncode, done.stderr, len(done.stdout)) == (0, b"", 10)


def test_a_descriptor_the_shell_opened_is_appended_to(tmp_path):
    (tmp_path / "log").write_text("keep\n")
    subprocess.run(
        ["bash", "-c", f"{SCRIPT} table agreements -o /dev/fd/3 3>>log"], cwd=tmp_path, check=True
    )
    lines = (tmp_path / "log").read_text().splitlines()
    assert (lines[0], lines[1].startswith("agreement,")) == ("keep", True)


def test_writing_to_a_closed_standard_output_is_refused(tmp_path):
    done = subprocess.run(
        f"{SCRIPT} table agreements -o /dev/stdout >&-",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
    )
    assert (done.returncode, done.stderr) == (
        2,
        b"acsa-graph: error: /dev/stdout: is closed: redirect it to a file, or give a file\n",
    )


def test_json_ld_export_that_would_lose_triples_is_refused(tmp_path):  # a blank-node cycle
    (tmp_path / "c.ttl").write_text(
        "@prefix ex: <http://example.org/> .\n_:z ex:q _:y . _:y ex:q _:z .\n"
    )
    done = run("export", "-f", "jsonld", "-o", "c.jsonld", "--data", "c.ttl", cwd=tmp_path)
    assert (done.returncode, "JSON-LD cannot hold this graph" in done.stderr) == (2, True)
    assert not (tmp_path / "c.jsonld").exists()


def test_writing_to_dev_null_works_beside_a_read_only_descriptor_on_it(tmp_path):
    done = subprocess.run(
        ["bash", "-c", f"{SCRIPT} export -f nt -o /dev/null 3</dev/null"],
        cwd=tmp_path,
        capture_output=True,
    )
    assert (done.returncode, done.stderr) == (0, b"")


def test_a_file_the_program_opened_itself_is_replaced_whole(tmp_path):
    # Started with 0-2 only: files opened after import get descriptors 3 and 4, numbers the
    # package's own listing of descriptors used for a moment.
    code = "\n".join(
        [
            "import acsa_graph",
            "from acsa_graph.export import serialize",
            "kg = acsa_graph.load()",
            "open('r.nt', 'wb').write(b'X' * 2_000_000)",
            "log = open('other.log', 'w')",
            "held = open('r.nt', 'ab')",
            "kg.export('r.nt')",
            "print(open('r.nt', 'rb').read() == serialize(kg, 'nt'))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, close_fds=True
    )
    assert (done.returncode, done.stdout) == (0, "True\n")


def test_a_file_the_shell_opened_read_write_is_replaced_whole(tmp_path):
    (tmp_path / "rw.nt").write_bytes(b"X" * 2_000_000)
    subprocess.run(
        ["bash", "-c", f"{SCRIPT} export -f nt -o rw.nt 3<>rw.nt"], cwd=tmp_path, check=True
    )
    assert b"X" not in (tmp_path / "rw.nt").read_bytes()[-100:]


@pytest.mark.parametrize("objects", ['"1.0E0"^^xsd:double , "1"^^xsd:integer', '"NaN"^^xsd:double'])
def test_json_ld_export_that_would_change_a_literal_is_refused_in_one_line(tmp_path, objects):
    (tmp_path / "n.ttl").write_text(
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"ex:s ex:p {objects} .\n"
    )
    done = run("export", "-f", "jsonld", "--data", "n.ttl", cwd=tmp_path)
    assert (done.returncode, done.stderr.count("\n"), "JSON-LD cannot hold" in done.stderr) == (
        2,
        1,
        True,
    )


def test_a_descriptor_that_cannot_take_the_output_is_refused_by_name(tmp_path):
    (tmp_path / "z").write_bytes(b"keep")
    done = subprocess.run(
        ["bash", "-c", f"{SCRIPT} export -f nt -o /dev/fd/3 3<z"], cwd=tmp_path, capture_output=True
    )
    assert (done.returncode, done.stderr, (tmp_path / "z").read_bytes()) == (
        2,
        b"acsa-graph: error: /dev/fd/3: names a descriptor that cannot take the output whole "
        b"(read-only, or a file open at its start): redirect it with > or >>, or give a file\n",
        b"keep",
    )
