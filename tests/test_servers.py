"""The graph on real servers: a persisted Oxigraph store, the Oxigraph server (publish, then
query --endpoint), and `acsa-graph serve`; and how failures of a server are reported."""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

import acsa_graph
from acsa_graph import InputError
from acsa_graph.publish import publish

from golden_cases import CASES, golden_path

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
SCRIPT = Path(sys.executable).with_name("acsa-graph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not come up")


@contextmanager
def served(tmp_path: Path, *options: str) -> Iterator[str]:
    """`acsa-graph serve` on a free port over a store in ``tmp_path``; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(SCRIPT), "serve", "--port", str(port), "--store", f"oxigraph:{tmp_path / 's'}"]
    process = subprocess.Popen(
        [*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1, with the shipped graph published into it."""
    url = f"http://127.0.0.1:{free_port()}"
    folder = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(folder), "--bind", url.removeprefix("http://")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url, process)
        publish(acsa_graph.load().store.dump_ntriples(), url + "/store")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote(oxigraph_server) -> acsa_graph.KnowledgeGraph:
    return acsa_graph.load(endpoint=oxigraph_server + "/query")


@pytest.mark.parametrize(("name", "params"), CASES, ids=[golden_path(*c).stem for c in CASES])
def test_named_query_gives_the_same_rows_on_the_oxigraph_server(kg, remote, name, params):
    assert remote.query(name, **params).terms == kg.query(name, **params).terms


@pytest.mark.parametrize(("name", "params"), CASES, ids=[golden_path(*c).stem for c in CASES])
def test_named_query_gives_the_same_rows_on_a_persisted_store(kg, tmp_path_factory, name, params):
    persisted = acsa_graph.load(store=f"oxigraph:{tmp_path_factory.getbasetemp() / 'persisted'}")
    assert persisted.query(name, **params).terms == kg.query(name, **params).terms


def test_persisted_store_parses_the_files_once(tmp_path):
    first = acsa_graph.load(store=f"oxigraph:{tmp_path}")
    del first
    second = acsa_graph.load(store=f"oxigraph:{tmp_path}")
    assert (second.reloaded, len(second)) == (False, len(acsa_graph.load()))


def test_persisted_store_reloads_when_a_file_changes(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text("<http://e/a> <http://e/p> <http://e/b> .\n")
    store = f"oxigraph:{tmp_path / 'store'}"
    before = len(acsa_graph.load([data], store=store))
    data.write_text("<http://e/a> <http://e/p> <http://e/b> , <http://e/c> .\n")
    after = acsa_graph.load([data], store=store)
    assert (after.reloaded, len(after) - before) == (True, 1)


def test_a_database_that_acsa_graph_did_not_make_is_left_alone(tmp_path):
    import pyoxigraph as ox

    theirs = ox.Store(str(tmp_path / "theirs"))
    theirs.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    theirs.flush()
    del theirs
    with pytest.raises(InputError, match="is a folder that acsa-graph did not make"):
        acsa_graph.load(store=f"oxigraph:{tmp_path / 'theirs'}")
    assert len(ox.Store.read_only(str(tmp_path / "theirs"))) == 1


def test_a_store_with_an_unreadable_marker_is_filled_again(tmp_path):
    acsa_graph.load(store=f"oxigraph:{tmp_path}")
    (tmp_path / "acsa-graph-files.json").write_text('{"files": [')
    again = acsa_graph.load(store=f"oxigraph:{tmp_path}")
    assert (again.reloaded, len(again)) == (True, len(acsa_graph.load()))


def test_publishing_twice_leaves_the_same_content(oxigraph_server, kg, remote):
    assert publish(kg.store.dump_ntriples(), oxigraph_server + "/store") == len(kg)
    assert remote.store.dump_ntriples() == kg.store.dump_ntriples()


def test_publish_into_a_named_graph_and_read_it_there(oxigraph_server, kg):
    graph = "https://w3id.org/acsa-graph/published"
    publish(kg.store.dump_ntriples(), oxigraph_server + "/store", graph)
    named = acsa_graph.load(endpoint=oxigraph_server + "/query", graph=graph)
    assert named.query("agreements").terms == kg.query("agreements").terms


def test_publish_command_reports_the_count(oxigraph_server, kg, tmp_path):
    done = subprocess.run(
        [str(SCRIPT), "publish", "--endpoint", oxigraph_server + "/store"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        0,
        f"published {len(kg)} triples to the default graph at {oxigraph_server}/store\n",
    )


def test_serve_answers_sparqlwrapper_and_plain_http_and_refuses_updates(tmp_path):
    from SPARQLWrapper import JSON, SPARQLWrapper

    with served(tmp_path) as url:
        client = SPARQLWrapper(url + "/query")
        client.setReturnFormat(JSON)
        client.setQuery(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/acsa-graph/ontology#Agreement> }"
        )
        count = client.queryAndConvert()["results"]["bindings"][0]["n"]["value"]
        request = urllib.request.Request(
            url + "/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", headers={"Accept": "text/csv"}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            csv_answer = answer.read().decode()
        update = urllib.request.Request(
            url + "/update",
            data=b"update=CLEAR%20ALL",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
    agreements = len(list(acsa_graph.resources.data_dir().glob("agreements/*.ttl")))
    assert (count, csv_answer.strip(), refused.value.code) == (str(agreements), "true", 403)


class FlakyEndpoint(BaseHTTPRequestHandler):
    """A SPARQL endpoint stand-in that answers as the test tells it to, recording requests."""

    answers: ClassVar[list[tuple[int, dict[str, str], bytes]]] = []
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append(dict(self.headers))
        status, headers, body = type(self).answers.pop(0)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    FlakyEndpoint.answers, FlakyEndpoint.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()


ONE_ROW = json.dumps(
    {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}
).encode()
JSON_TYPE = {"Content-Type": "application/sparql-results+json"}


def test_remote_retries_503_honouring_retry_after(flaky):
    FlakyEndpoint.answers = [(503, {"Retry-After": "0"}, b"busy"), (200, JSON_TYPE, ONE_ROW)]
    rows = acsa_graph.load(endpoint=flaky).query("SELECT ?n WHERE {}").column("n")
    agents = {seen["User-Agent"].split("/")[0] for seen in FlakyEndpoint.seen}
    assert (rows, len(FlakyEndpoint.seen), agents) == (["1"], 2, {"acsa-graph"})


def test_remote_reports_a_200_that_is_not_sparql_results(flaky):
    FlakyEndpoint.answers = [(200, {"Content-Type": "text/html"}, b"<html>maintenance</html>")]
    with pytest.raises(
        InputError, match="answered without SPARQL JSON results \\('<html>maintenance"
    ):
        acsa_graph.load(endpoint=flaky).query("SELECT ?n WHERE {}")


def test_remote_reports_an_empty_200(flaky):
    FlakyEndpoint.answers = [(200, JSON_TYPE, b"")]
    with pytest.raises(
        InputError, match="answered without SPARQL JSON results \\('an empty body'\\)"
    ):
        acsa_graph.load(endpoint=flaky).query("SELECT ?n WHERE {}")


def test_remote_reports_server_errors(flaky):
    FlakyEndpoint.answers = [(502, {}, b"bad gateway")]
    with pytest.raises(InputError, match="HTTP 502 Bad Gateway"):
        acsa_graph.load(endpoint=flaky).query("SELECT ?n WHERE {}")


def test_remote_reports_a_time_limit_once_without_retrying(flaky):
    FlakyEndpoint.answers = [(504, {}, b"ran past the time limit"), (200, JSON_TYPE, ONE_ROW)]
    with pytest.raises(InputError) as failed:
        acsa_graph.load(endpoint=flaky).query("SELECT ?n WHERE {}")
    assert (str(failed.value), len(FlakyEndpoint.seen)) == (
        f"query on {flaky}: HTTP 504 Gateway Timeout: the query ran past the server's time "
        "limit; narrow it (ran past the time limit)",
        1,
    )


def test_remote_says_what_endpoint_a_404_url_should_be(flaky):
    FlakyEndpoint.answers = [(404, {}, b"")]
    with pytest.raises(InputError) as failed:
        acsa_graph.load(endpoint=flaky).query("SELECT ?n WHERE {}")
    assert str(failed.value) == (
        f"query on {flaky}: HTTP 404: nothing at this URL: is it its SPARQL query "
        "endpoint (Oxigraph's is /query, Fuseki's /DATASET/sparql)?"
    )


def test_publish_asks_for_credentials_on_401(flaky, monkeypatch):
    for name in ("USER", "PASSWORD", "AUTH", "TOKEN"):
        monkeypatch.delenv(f"ACSA_GRAPH_{name}", raising=False)
    FlakyEndpoint.answers = [(401, {}, b"Unauthorized")]
    store = flaky.replace("/query", "/store")
    with pytest.raises(InputError) as failed:
        publish(b"<http://e/a> <http://e/b> <http://e/c> .\n", store)
    assert str(failed.value) == (
        f"PUT {store}?default: HTTP 401 Unauthorized: the server wants credentials: set "
        "ACSA_GRAPH_USER and ACSA_GRAPH_PASSWORD (and ACSA_GRAPH_AUTH=digest for Virtuoso), or "
        "ACSA_GRAPH_TOKEN (Unauthorized)"
    )


def test_remote_reports_a_server_that_never_answers():
    from acsa_graph.remote import RemoteStore

    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with pytest.raises(InputError) as failed:
            RemoteStore(url, timeout=1).query("SELECT ?n WHERE {}")
    assert str(failed.value) == f"query on {url}: no answer within 1 s"


def test_unreachable_endpoint_exits_2_without_traceback(tmp_path):
    done = subprocess.run(
        [str(SCRIPT), "query", "agreements", "--endpoint", f"http://127.0.0.1:{free_port()}/query"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "cannot reach the server" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def rdflib_graph():
    """The same files parsed by plain rdflib: a second SPARQL engine, in process."""
    import rdflib

    graph = rdflib.Graph()
    for path in acsa_graph.resources.ontology_files() + acsa_graph.resources.data_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize(("name", "params"), CASES, ids=[golden_path(*c).stem for c in CASES])
def test_named_query_gives_the_same_rows_on_rdflib(kg, rdflib_graph, name, params):
    import rdflib

    from acsa_graph import namedqueries

    query = namedqueries.get(name)
    bindings = {
        rdflib.Variable(key): rdflib.URIRef(term.value)
        if type(term).__name__ == "NamedNode"
        else rdflib.Literal(term.value)
        for key, term in kg._bind(query, params).items()
    }
    found = rdflib_graph.query(query.sparql, initBindings=bindings)
    rows = sorted(tuple("" if value is None else str(value) for value in row) for row in found)
    assert rows == sorted(tuple(v or "" for v in row) for row in kg.query(name, **params).values())


@pytest.mark.parametrize(
    ("pathological", "outcome"),
    [
        # Oxigraph's own limit: it stops and says so in the body of a 200, which the front drops.
        ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "HTTP 504"),
        # Stopped mid-stream: the answer so far is no answer.
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "HTTP 504"),
        # Not checked inside path closures: the front restarts the engine and answers 504.
        (
            "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<http://example.org/x>)* ?b . "
            "?c (!<http://example.org/x>|^!<http://example.org/x>)* ?d }",
            "HTTP 504",
        ),
    ],
    ids=["cartesian-count", "cartesian-rows", "deep-property-paths"],
)
def test_served_endpoint_cuts_off_a_pathological_query_and_keeps_answering(
    tmp_path, pathological, outcome
):
    from concurrent.futures import ThreadPoolExecutor

    def count_agreements(url: str) -> str:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/acsa-graph/ontology#Agreement> }"
        request = urllib.request.Request(
            url + "/query",
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.read().decode().split()[-1]

    with served(tmp_path, "--timeout", "1") as url:
        started = time.monotonic()
        request = urllib.request.Request(
            url + "/query",
            data=urllib.parse.urlencode({"query": pathological}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                cut_off = f"{answer.status}: {answer.read()[-40:]!r}"
        except urllib.error.HTTPError as error:
            cut_off = f"HTTP {error.code}"
        elapsed = time.monotonic() - started
        with ThreadPoolExecutor(max_workers=8) as pool:
            counts = set(pool.map(count_agreements, [url] * 40))
    agreements = str(len(list(acsa_graph.resources.data_dir().glob("agreements/*.ttl"))))
    assert (cut_off, elapsed < 10, counts) == (outcome, True, {agreements})


@pytest.mark.parametrize(
    ("query", "federated"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", True),
        ("select * { service silent <http://127.0.0.1:9/> {} }", True),
        ("SELECT * { ?s ?p ?o .SERVICE <http://127.0.0.1:9/> {} }", True),
        (r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> {} }", True),
        ('SELECT ?service { ?service ex:SERVICE "SERVICE" } # SERVICE', False),
        ("SELECT * { <http://example.org/SERVICE> ?p ?o }", False),
        ("PREFIX service: <http://example.org/> SELECT * { service:a ?p ?o }", False),
        ("SELECT * { ?s ?p '''a\nSERVICE <http://127.0.0.1:9/> {}''' }", False),
        ("SELECT * { ?a ?b ?c FILTER(?a<?b) }", False),
    ],
)
def test_service_clauses_are_told_from_the_word_in_names_strings_and_comments(query, federated):
    from acsa_graph.serve import uses_service

    assert uses_service(query) is federated


class CountingEndpoint(BaseHTTPRequestHandler):
    """Where a federated query would go: counts the requests it receives."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_serve_refuses_an_answer_larger_than_its_limit_and_sends_smaller_ones_whole(tmp_path):
    def ask(url: str, query: str) -> tuple[int, str]:
        request = urllib.request.Request(
            url + "/query?" + urllib.parse.urlencode({"query": query}),
            headers={"Accept": "text/csv"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    with served(tmp_path, "--max-result", "0.05") as url:
        everything = ask(url, "SELECT * WHERE { ?s ?p ?o }")
        count = ask(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert (everything, count) == (
        (
            507,
            "The answer is larger than this endpoint's limit (0.05 MB) and was dropped. Add a "
            "LIMIT, ask for fewer columns, or run the query on a copy of the graph (acsa-graph "
            "export).\n",
        ),
        (200, f"n\r\n{len(acsa_graph.load())}\r\n"),
    )


def test_a_query_dropped_by_an_engine_restart_is_sent_again(tmp_path):
    from acsa_graph.serve import FrontServer

    acsa_graph.load(store=f"oxigraph:{tmp_path}")
    gc.collect()  # let go of the store, which the engine opens
    front = FrontServer(("127.0.0.1", 0), tmp_path, timeout=5, max_result_mb=1)
    threading.Thread(target=front.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{front.server_address[1]}/query?query=ASK%7B%7D"
    try:
        front.start_engine()
        with front._restarting:  # a restart under way: the engine is down
            front.stop_engine()
            answers: list[bytes] = []
            client = threading.Thread(
                target=lambda: answers.append(urllib.request.urlopen(url, timeout=20).read())
            )
            client.start()
            time.sleep(0.5)  # the client's request fails against the stopped engine meanwhile
            front.start_engine()
        client.join(timeout=20)
    finally:
        front.shutdown()
        front.server_close()
        front.stop_engine()
    assert answers == [b'{"head":{},"boolean":true}']


def test_serve_refuses_federated_queries_and_loads_without_fetching_anything(tmp_path):
    target = ThreadingHTTPServer(("127.0.0.1", 0), CountingEndpoint)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    target_url = f"http://127.0.0.1:{target.server_address[1]}/sparql"
    federated = f"SELECT * WHERE {{ SERVICE <{target_url}> {{ ?s ?p ?o }} }}"
    statuses = []
    with served(tmp_path) as url:
        requests = [
            urllib.request.Request(url + "/query?" + urllib.parse.urlencode({"query": federated})),
            urllib.request.Request(
                url + "/query",
                data=urllib.parse.urlencode({"query": federated}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            urllib.request.Request(
                url + "/query",
                data=federated.encode(),
                headers={"Content-Type": "application/sparql-query"},
            ),
        ]
        try:
            for request in requests:
                with pytest.raises(urllib.error.HTTPError) as refused:
                    urllib.request.urlopen(request, timeout=10)
                statuses.append(refused.value.code)
            message = refused.value.read().decode()
            load = urllib.request.Request(
                url + "/update",
                data=urllib.parse.urlencode({"update": f"LOAD <{target_url}>"}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            with pytest.raises(urllib.error.HTTPError) as refused_load:
                urllib.request.urlopen(load, timeout=10)
            statuses.append(refused_load.value.code)
        finally:
            target.shutdown()
    assert (statuses, CountingEndpoint.hits, message.split(":")[0]) == (
        [400, 400, 400, 403],
        [],
        "This endpoint does not run federated queries (SERVICE)",
    )


def relay_that_stalls(upstream_port: int, after_bytes: int) -> tuple[int, threading.Event]:
    """A one-connection TCP relay to the server that stops passing the request on after
    ``after_bytes`` and sets the returned event, so a client can be killed mid-upload."""
    listener = socket.create_server(("127.0.0.1", 0))
    stalled = threading.Event()

    def relay() -> None:
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", upstream_port))
        passed = 0
        while chunk := client.recv(4096):
            if passed >= after_bytes:
                stalled.set()
                continue  # swallow the rest until the client's side closes
            server.sendall(chunk)
            passed += len(chunk)
        server.close()  # as the dead client's own connection would close
        client.close()
        listener.close()

    threading.Thread(target=relay, daemon=True).start()
    return listener.getsockname()[1], stalled


def test_publish_killed_midway_leaves_the_previously_published_graph(oxigraph_server, tmp_path):
    graph = "https://w3id.org/acsa-graph/interrupted"
    previous = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    publish(previous, oxigraph_server + "/store", graph)
    port = int(oxigraph_server.rsplit(":", 1)[1])
    relay_port, stalled = relay_that_stalls(port, after_bytes=64 * 1024)
    process = subprocess.Popen(
        [
            str(SCRIPT),
            "publish",
            "--endpoint",
            f"http://127.0.0.1:{relay_port}/store",
            "--graph",
            graph,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    upload_started = stalled.wait(timeout=30)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(0.5)  # let the server notice the closed connection
    held = acsa_graph.load(endpoint=oxigraph_server + "/query", graph=graph)
    assert (upload_started, held.store.dump_ntriples()) == (True, previous)


def test_loading_and_validating_data_never_fetches_what_it_names(tmp_path):
    target = ThreadingHTTPServer(("127.0.0.1", 0), CountingEndpoint)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    elsewhere = f"http://127.0.0.1:{target.server_address[1]}/ontology"
    (tmp_path / "imports.ttl").write_text(
        f"@base <{elsewhere}/> .\n"
        "<> <http://www.w3.org/2002/07/owl#imports> <" + elsewhere + "> .\n"
        "<a> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <b> .\n"
    )
    (tmp_path / "entities.rdf").write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "' + elsewhere + '">]><r>&e;</r>'
    )
    try:
        validated = subprocess.run(
            [str(SCRIPT), "validate", "imports.ttl"], cwd=tmp_path, capture_output=True, text=True
        )
        rdfxml = subprocess.run(
            [str(SCRIPT), "validate", "entities.rdf"], cwd=tmp_path, capture_output=True, text=True
        )
    finally:
        target.shutdown()
    assert (validated.returncode, rdfxml.returncode, CountingEndpoint.hits) == (0, 2, [])
    assert rdfxml.stderr == (
        "acsa-graph: error: entities.rdf: unknown file type '.rdf': give .ttl, .nt or .jsonld files\n"
    )


def test_a_store_whose_database_was_removed_is_filled_again(tmp_path):
    acsa_graph.load(store=f"oxigraph:{tmp_path}")
    for path in tmp_path.iterdir():
        if path.name != "acsa-graph-files.json":
            path.unlink()
    again = acsa_graph.load(store=f"oxigraph:{tmp_path}")
    assert (again.reloaded, len(again)) == (True, len(acsa_graph.load()))
