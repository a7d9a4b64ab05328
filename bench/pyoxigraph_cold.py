"""The cold-start baseline: one named query on a persisted store with pyoxigraph alone.

    python bench/pyoxigraph_cold.py STORE_FOLDER QUERY.rq [NAME=VALUE ...]

What a researcher would write without acsa-graph: open the store read-only, run the query with
its parameters as SEP-0007 substitutions (plain literals), and read every value. Run by
bench/run.py in a fresh process, beside the same `acsa-graph query` command."""

import sys

# No argparse: its import would slow the baseline being measured.
if sys.argv[1:2] in (["-h"], ["--help"]):
    print(__doc__)
    sys.exit(0)
if len(sys.argv) < 3:
    print(__doc__, file=sys.stderr)
    sys.exit(2)

import pyoxigraph as ox

store = ox.Store.read_only(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as query:
    sparql = query.read()
pairs = (argument.split("=", 1) for argument in sys.argv[3:])
substitutions = {ox.Variable(name): ox.Literal(value) for name, value in pairs}
for row in store.query(sparql, substitutions=substitutions):
    [term.value if term else None for term in row]
