"""The graph on Virtuoso Open Source, the engine behind large public endpoints: published with
`acsa-graph publish`, every named query must give the rows the embedded store gives.

Virtuoso comes from Debian (`tests/system-packages.sh` installs it); where it is not installed
these tests are skipped. The server gets its own folder and two free loopback ports.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import acsa_graph

from golden_cases import CASES, golden_path

VIRTUOSO = shutil.which("virtuoso-t")
DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SCRIPT = Path(sys.executable).with_name("acsa-graph")
GRAPH = "https://w3id.org/acsa-graph"
# Debian's Virtuoso: user dba, password dba; its Graph Store Protocol wants digest.
DBA = {"ACSA_GRAPH_USER": "dba", "ACSA_GRAPH_PASSWORD": "dba", "ACSA_GRAPH_AUTH": "digest"}

pytestmark = pytest.mark.skipif(
    VIRTUOSO is None or not DEBIAN_INI.exists(),
    reason="Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)",
)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> str:
    """Debian's configuration with the database in ``folder`` and both servers on loopback."""
    lines, section = [], ""
    for line in DEBIAN_INI.read_text().splitlines():
        if line.startswith("["):
            section = line.strip()
        if re.match(r"ServerPort\s*=", line) and section in ("[Parameters]", "[HTTPServer]"):
            port = sql_port if section == "[Parameters]" else http_port
            line = f"ServerPort = 127.0.0.1:{port}"
        lines.append(line.replace("/var/lib/virtuoso-opensource-7/db", str(folder)))
    return "\n".join(lines) + "\n"


def answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """A Virtuoso server on 127.0.0.1 with the shipped graph published into ``GRAPH``."""
    folder = tmp_path_factory.mktemp("virtuoso")
    url = f"http://127.0.0.1:{free_port()}"
    (folder / "virtuoso.ini").write_text(
        virtuoso_ini(folder, free_port(), int(url.rsplit(":", 1)[1]))
    )
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [VIRTUOSO, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60  # the first start creates the database: about 5 s
        while not answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Virtuoso did not start:\n{(folder / 'server.log').read_text()}")
            time.sleep(0.2)
        published = subprocess.run(
            [
                str(SCRIPT),
                "publish",
                "--endpoint",
                f"{url}/sparql-graph-crud-auth",
                "--graph",
                GRAPH,
            ],
            env={**os.environ, **DBA},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert published.returncode == 0, published.stderr
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def on_virtuoso(virtuoso) -> acsa_graph.KnowledgeGraph:
    return acsa_graph.load(endpoint=f"{virtuoso}/sparql", graph=GRAPH)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[golden_path(*c).stem for c in CASES])
def test_named_query_gives_the_same_rows_on_virtuoso(kg, on_virtuoso, name, params):
    assert on_virtuoso.query(name, **params).terms == kg.query(name, **params).terms


def test_virtuoso_holds_exactly_the_published_triples(kg, on_virtuoso):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert on_virtuoso.run_sparql(count).rows == [{"n": str(len(kg))}]


def test_virtuoso_default_graph_without_graph_is_the_union_of_all_graphs(kg, virtuoso):
    # Why publish and --graph name a graph on Virtuoso: its own system graphs join the default.
    union = acsa_graph.load(endpoint=f"{virtuoso}/sparql")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(union.run_sparql(count).rows[0]["n"]) > len(kg)
