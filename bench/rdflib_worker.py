"""A plain-rdflib baseline that can be stopped. It parses the files given as arguments and
says "ready" with the seconds that took, then runs each query sent on standard input (one JSON
object a line: sparql, and bindings as N3 terms) and answers with the seconds it took.
``bench/run.py`` kills it when a query runs past its cap (rdflib cannot be interrupted) and
starts another for the next query."""

from __future__ import annotations

import json
import sys
import time

import rdflib
from rdflib.util import from_n3

start = time.perf_counter()
graph = rdflib.Graph()
for path in sys.argv[1:]:
    graph.parse(path, format="nt" if path.endswith(".nt") else "turtle")
print("ready", time.perf_counter() - start, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    bindings = {name: from_n3(term) for name, term in request["bindings"].items()}
    start = time.perf_counter()
    list(graph.query(request["sparql"], initBindings=bindings))
    print(time.perf_counter() - start, flush=True)
