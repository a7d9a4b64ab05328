"""Where should the graph live? Load and query times of each store on the shipped data.

Run: python bench/stores.py [--repeat N]

Measures, in one process: parsing the shipped files with plain rdflib (the baseline a researcher
would otherwise use) and with acsa-graph's embedded Oxigraph store; reopening a persisted store;
and every named query on rdflib, the embedded store, the persisted store, a real Oxigraph
server on 127.0.0.1 (started here), `acsa-graph serve` (that server behind the front that
refuses SERVICE) and, where Debian's Virtuoso is installed, Virtuoso (started here too;
publishing into both servers is timed as their load). Then the cold start of the command line
against `python -c pass`. Prints medians and ratios to the embedded store; writes
bench/results/stores.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from functools import partial
from pathlib import Path

import rdflib

import acsa_graph
from acsa_graph import namedqueries, resources
from acsa_graph.publish import publish

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import virtuoso  # noqa: E402  (tests/virtuoso.py: starts Debian's Virtuoso on loopback)
from run import median as median_seconds  # noqa: E402


def time_rdflib(graph: rdflib.Graph, kg, name: str, params: dict, repeat: int) -> float:
    """A named query on plain rdflib, its parameters bound with rdflib's initBindings."""
    sparql, bindings = namedqueries.get(name).sparql, kg.bindings(name, **params)
    return median_seconds(lambda: list(graph.query(sparql, initBindings=bindings)), repeat)


def start_server(program: Path, *arguments: str) -> tuple[subprocess.Popen, str]:
    """Start a server on a free loopback port (``{}`` in ``arguments`` takes ``host:port`` for
    ``--bind``, the port number otherwise); return it with its base URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    filled = [
        arg if arg != "{}" else f"127.0.0.1:{port}" if previous == "--bind" else str(port)
        for previous, arg in zip(("", *arguments), arguments, strict=False)
    ]
    process = subprocess.Popen(
        [str(program), *filled], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    files = resources.ontology_files() + resources.data_files()
    results: dict[str, dict[str, float]] = {}

    def rdflib_load() -> rdflib.Graph:
        graph = rdflib.Graph()
        for path in files:
            graph.parse(path, format="turtle")
        return graph

    store_dir = Path(tempfile.mkdtemp()) / "store"
    acsa_graph.load(store=f"oxigraph:{store_dir}")
    results["load"] = {
        "rdflib": median_seconds(rdflib_load, repeat),
        "embedded": median_seconds(acsa_graph.load, repeat),
        "persisted-reopen": median_seconds(
            lambda: acsa_graph.load(store=f"oxigraph:{store_dir}"), repeat
        ),
    }

    graph = rdflib_load()
    embedded = acsa_graph.load()
    persisted = acsa_graph.load(store=f"oxigraph:{store_dir}")
    empty = tempfile.mkdtemp()
    server, oxigraph_url = start_server(
        BIN / "oxigraph", "serve", "--location", empty, "--bind", "{}"
    )
    # `acsa-graph serve`: the same Oxigraph server behind the front that refuses SERVICE.
    store = f"oxigraph:{tempfile.mkdtemp()}"
    served, served_url = start_server(BIN / "acsa-graph", "serve", "--store", store, "--port", "{}")
    servers = [server, served]
    try:
        data = embedded.store.dump_ntriples()
        results["load"]["oxigraph-server publish"] = median_seconds(
            lambda: publish(data, oxigraph_url + "/store"), repeat
        )
        remote = acsa_graph.load(endpoint=oxigraph_url + "/query")
        front = acsa_graph.load(endpoint=served_url + "/query")
        defaults = {"category": {"category": "ammunition"}, "compare": {"a": "IT", "b": "US"}}
        stores = {
            "embedded": embedded,
            "persisted": persisted,
            "oxigraph-server": remote,
            "acsa-graph serve": front,
        }
        if virtuoso.INSTALLED:
            process, virtuoso_url = virtuoso.start(Path(tempfile.mkdtemp()))
            servers.append(process)
            os.environ.update(virtuoso.DBA)
            results["load"]["virtuoso publish"] = median_seconds(
                lambda: publish(data, virtuoso_url + "/sparql-graph-crud-auth", virtuoso.GRAPH),
                repeat,
            )
            stores["virtuoso"] = acsa_graph.load(
                endpoint=virtuoso_url + "/sparql", graph=virtuoso.GRAPH
            )
        for name in namedqueries.named_queries():
            params = defaults.get(name, {})
            row = {"rdflib": time_rdflib(graph, embedded, name, params, repeat)}
            for label, store in stores.items():
                row[label] = median_seconds(partial(store.query, name, **params), repeat)
            results[f"query {name}"] = row
    finally:
        for process in servers:
            process.terminate()
            process.wait()

    def cold(*args: str) -> float:
        return median_seconds(lambda: subprocess.run(args, capture_output=True, check=True), repeat)

    results["cold start"] = {
        "python -c pass": cold(sys.executable, "-c", "pass"),
        "query agreements (embedded)": cold(
            str(BIN / "acsa-graph"), "query", "agreements", "-f", "csv"
        ),
        "query agreements (persisted)": cold(
            str(BIN / "acsa-graph"),
            "query",
            "agreements",
            "-f",
            "csv",
            "--store",
            f"oxigraph:{store_dir}",
        ),
    }

    for task, row in results.items():
        base = row.get("embedded") or row.get("python -c pass")
        cells = "  ".join(f"{k}={v * 1000:8.1f} ms ({v / base:5.1f}x)" for k, v in row.items())
        print(f"{task:32} {cells}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "stores.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
