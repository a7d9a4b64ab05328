"""The graph on Virtuoso Open Source, the engine behind large public endpoints: published with
`acsa-graph publish`, every named query must give the rows the embedded store gives.

Where Virtuoso is not installed (Debian: `tests/system-packages.sh` installs it) these tests are
skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import virtuoso

import acsa_graph

from golden_cases import CASES, golden_path

pytestmark = pytest.mark.skipif(
    not virtuoso.INSTALLED,
    reason="Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A Virtuoso server on 127.0.0.1 with the shipped graph published into its named graph."""
    process, url = virtuoso.start(tmp_path_factory.mktemp("virtuoso"))
    try:
        published = virtuoso.publish_with_the_command(url)
        assert published.returncode == 0, published.stderr
        yield url
    finally:
        virtuoso.stop(process)


@pytest.fixture(scope="module")
def on_virtuoso(server) -> acsa_graph.KnowledgeGraph:
    return acsa_graph.load(endpoint=f"{server}/sparql", graph=virtuoso.GRAPH)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[golden_path(*c).stem for c in CASES])
def test_named_query_gives_the_same_rows_on_virtuoso(kg, on_virtuoso, name, params):
    assert on_virtuoso.query(name, **params).terms == kg.query(name, **params).terms


def test_virtuoso_holds_exactly_the_published_triples(kg, on_virtuoso):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert on_virtuoso.run_sparql(count).rows == [{"n": str(len(kg))}]


def test_virtuoso_default_graph_without_graph_is_the_union_of_all_graphs(kg, server):
    # Why publish and --graph name a graph on Virtuoso: its own system graphs join the default.
    union = acsa_graph.load(endpoint=f"{server}/sparql")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(union.run_sparql(count).rows[0]["n"]) > len(kg)


def test_publishing_to_virtuoso_with_digest_auth_succeeds_every_time(kg, server):
    # Virtuoso may close the connection on an unsigned upload before reading it (a broken pipe,
    # most of the time here): publish signs the upload with a challenge fetched beforehand.
    outcomes = {
        (done.returncode, done.stderr)
        for done in map(virtuoso.publish_with_the_command, [server] * 5)
    }
    where = f"graph <{virtuoso.GRAPH}> at {server}/sparql-graph-crud-auth"
    assert outcomes == {(0, f"published {len(kg)} triples to {where}\n")}
