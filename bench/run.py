"""The benchmark harness: acsa-graph against plain rdflib + pyshacl and raw pyoxigraph, in one run.

    python bench/run.py            # 10k, 100k and 1M triples; the plain rdflib and pyshacl
                                   # baselines run up to 20k only (pyshacl took 100 s on 9k)
    python bench/run.py --quick    # 3k triples, under two minutes
    python bench/run.py --sizes 2000 --repeat 1 --no-memory   # a smoke run, as the tests do

For each size, on a synthetic graph in the project's ontology (bench/generate.py): load, every
named query, validation and export; peak memory of a load, each in a fresh process. Then the cold
start of `acsa-graph query agreements` and `acsa-graph validate` on the shipped data against
`python -c pass`. Prints medians and ratios to the baseline of each row; writes
bench/results/run.json. Measurements, not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

BIN = Path(sys.executable).parent
PARAMS = {"category": {"category": "ammunition"}, "compare": {"a": "AA", "b": "AB"}}
SLOW_BASELINES_UP_TO = 20_000  # plain rdflib and pyshacl: 100 s to validate 9k triples


def median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mib(code: str) -> float:
    """Peak resident memory of a fresh process running ``code``: VmHWM, the high-water mark of
    the process's own memory (ru_maxrss would also count the benchmark's pages copied at fork)."""
    report = (
        "print(next(int(line.split()[1]) for line in open('/proc/self/status') "
        "if line.startswith('VmHWM')))"
    )
    command = [sys.executable, "-c", f"{code}\n{report}"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def capped_rdflib_queries(
    files: list[Path], requests: dict[str, dict], cap: float
) -> tuple[float, dict[str, float | str]]:
    """Seconds plain rdflib takes to parse the files, and each query's seconds, or "> CAP s"
    where it ran past ``cap``: one run each, in a worker process that is killed and replaced
    when a query overruns (rdflib cannot be interrupted)."""
    import select

    times: dict[str, float | str] = {}
    parse: float | None = None
    worker = None
    for name, request in requests.items():
        if worker is None:
            worker = subprocess.Popen(
                [sys.executable, str(BENCH / "rdflib_worker.py"), *map(str, files)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            _ready, seconds = worker.stdout.readline().split()
            parse = float(seconds) if parse is None else parse
        worker.stdin.write(json.dumps(request) + "\n")
        worker.stdin.flush()
        answered, _, _ = select.select([worker.stdout], [], [], cap)
        if answered:
            times[name] = float(worker.stdout.readline())
        else:
            times[name] = f"> {cap:g} s"
            worker.kill()
            worker.wait()
            worker = None
    if worker is not None:
        worker.stdin.close()
        worker.wait()
    return parse or 0.0, times


def measure_size(
    size: int,
    repeat: int,
    memory: bool,
    pyshacl_up_to: int = SLOW_BASELINES_UP_TO,
    rdflib_cap: float | None = None,
) -> tuple[dict[str, dict[str, float | str | None]], Path]:
    """The measurements at one size, and the synthetic graph's file (kept for the cold starts)."""
    import pyoxigraph as ox
    import rdflib

    import acsa_graph
    from acsa_graph import namedqueries
    from acsa_graph.validation import validate

    folder = Path(tempfile.mkdtemp())
    data = folder / f"kg-{size}.nt"
    with data.open("w", encoding="utf-8") as out:
        # With a few broken agreements, so that validation finds and reports something.
        triples = generate.write(size, out, flawed=True)
    files = [*acsa_graph.resources.ontology_files(), data]
    slow = size <= SLOW_BASELINES_UP_TO
    rows: dict[str, dict[str, float | str | None]] = {}
    print(f"\n== {triples:,} triples", flush=True)

    def raw_load() -> ox.Store:
        store = ox.Store()
        for path in files:
            fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
            store.load(path=str(path), format=fmt)
        return store

    def rdflib_load() -> rdflib.Graph:
        graph = rdflib.Graph()
        for path in files:
            graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
        return graph

    rows["load"] = {
        "acsa-graph": median(lambda: acsa_graph.load([data]), repeat),
        "pyoxigraph": median(raw_load, repeat),
        "rdflib": median(rdflib_load, 1) if slow else None,
    }
    if memory:
        rows["peak memory (MiB)"] = {
            "acsa-graph": peak_memory_mib(f"import acsa_graph; acsa_graph.load([{str(data)!r}])"),
            "pyoxigraph": peak_memory_mib(
                "import pyoxigraph as ox; s = ox.Store(); "
                f"s.load(path={str(data)!r}, format=ox.RdfFormat.N_TRIPLES)"
            ),
            "rdflib": peak_memory_mib(f"import rdflib; rdflib.Graph().parse({str(data)!r})")
            if slow
            else None,
        }
    kg = acsa_graph.load([data])
    store = raw_load()
    graph = rdflib_load() if slow else None
    capped: dict[str, float | str] = {}
    if not slow and rdflib_cap:
        requests = {
            name: {
                "sparql": query.sparql,
                "bindings": {
                    k: v.n3() for k, v in kg.bindings(name, **PARAMS.get(name, {})).items()
                },
            }
            for name, query in namedqueries.named_queries().items()
        }
        rows["load"]["rdflib"], capped = capped_rdflib_queries(files, requests, rdflib_cap)
    for name, query in namedqueries.named_queries().items():
        params = PARAMS.get(name, {})
        bound = kg._bind(query, params)
        substitutions = {ox.Variable(k): v for k, v in bound.items()}

        def raw(query: namedqueries.NamedQuery = query, subs: dict = substitutions) -> list:
            solutions = store.query(query.sparql, substitutions=subs)
            return [[term.value if term else None for term in row] for row in solutions]

        def plain(sparql: str = query.sparql, name: str = name, params: dict = params) -> list:
            return list(graph.query(sparql, initBindings=kg.bindings(name, **params)))

        rows[f"query {name}"] = {
            "acsa-graph": median(lambda n=name, p=params: kg.query(n, **p), repeat),
            "pyoxigraph": median(raw, repeat),
            "rdflib": median(plain, 1) if slow else capped.get(name),
        }
    for label, suffix, fmt in [
        ("turtle", "ttl", ox.RdfFormat.TURTLE),
        ("n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ]:
        target, raw_target = folder / f"out.{suffix}", str(folder / f"raw.{suffix}")
        rows[f"export {label}"] = {
            "acsa-graph": median(lambda t=target: kg.export(t), repeat),
            "pyoxigraph": median(
                lambda r=raw_target, f=fmt: store.dump(r, format=f, from_graph=ox.DefaultGraph()),
                repeat,
            ),
            "rdflib": None,
        }
    # Validation last: the rdflib copy of the graph that pyshacl needs (over 1 GB at 1M triples)
    # would otherwise slow every measurement after it.
    rdflib_graph = kg.graph
    reports = {}
    rows["validate"] = {
        "acsa-graph": median(lambda: reports.update(ours=kg.validate()), 1),
        "pyoxigraph": None,
        "rdflib": median(lambda: reports.update(plain=validate(rdflib_graph)), 1)
        if size <= pyshacl_up_to
        else None,
    }
    if "plain" in reports:
        same = reports["ours"].results == reports["plain"].results
        print(f"  validation: the same {len(reports['ours'].results)} results as plain pyshacl: "
              f"{same}", flush=True)  # fmt: skip
    return rows, data


def cold_starts(repeat: int, largest: Path | None = None) -> dict[str, dict[str, float | None]]:
    """Whole commands in fresh processes: on the shipped data, and on a persisted store holding
    the largest synthetic graph (filled here first, so the commands only reopen it)."""

    def run(*args: str) -> float:
        return median(lambda: subprocess.run(args, capture_output=True, check=False), repeat)

    floor = run(sys.executable, "-c", "pass")
    script = str(BIN / "acsa-graph")
    rows: dict[str, dict[str, float | None]] = {
        "cold start (shipped data)": {
            "python -c pass": floor,
            "acsa-graph query agreements -f csv": run(script, "query", "agreements", "-f", "csv"),
            "acsa-graph validate": run(script, "validate"),
        }
    }
    if largest is not None:
        folder = largest.with_suffix(".store")
        command = [script, "query", "agreements", "-f", "csv", "--data", str(largest)]
        command += ["--store", f"oxigraph:{folder}"]
        subprocess.run(command, capture_output=True, check=True)  # fills the store once
        from acsa_graph.resources import queries_dir

        baseline = BENCH / "pyoxigraph_cold.py"
        for task, name, params in [
            ("agreements (every row)", "agreements", []),
            ("agreements -p partner=AA", "agreements", ["partner=AA"]),
            ("disputes (a point query)", "disputes", []),
        ]:
            query = str(queries_dir() / f"{name}.rq")
            ours = [*command[:2], name, *command[3:], *(x for p in params for x in ("-p", p))]
            rows[f"cold, persisted {largest.stem}: {task}"] = {
                "python -c pass": floor,
                "acsa-graph": run(*ours),
                "raw pyoxigraph": run(sys.executable, str(baseline), str(folder), query, *params),
            }
    return rows


def show(rows: dict[str, dict[str, float | str | None]]) -> None:
    for task, row in rows.items():
        base = next((v for v in row.values() if isinstance(v, float) and v), None)
        cells = []
        for label, value in row.items():
            if value is None:
                cells.append(f"{label} -")
            elif isinstance(value, str):  # a baseline stopped at its cap
                cells.append(f"{label} {value}")
            elif "MiB" in task:
                cells.append(f"{label} {value:,.0f} MiB ({value / base:.2f}x)")
            else:
                cells.append(f"{label} {value * 1000:,.1f} ms ({value / base:.2f}x)")
        print(f"  {task:34} " + "   ".join(cells), flush=True)


def environment() -> dict[str, object]:
    """What the numbers were measured on and with, written beside them."""
    import os
    import platform
    from importlib.metadata import version

    packages = ["acsa-graph", "pyoxigraph", "rdflib", "pyshacl"]
    return {
        "command": " ".join(["python", "bench/run.py", *sys.argv[1:]]),
        "python": platform.python_version(),
        "packages": {name: version(name) for name in packages},
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "system": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3k triples only, under 2 minutes")
    parser.add_argument("--sizes", type=int, nargs="+", help="graph sizes in triples")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--no-memory", action="store_true", help="skip peak-memory processes")
    parser.add_argument(
        "--pyshacl-up-to",
        type=int,
        default=SLOW_BASELINES_UP_TO,
        metavar="TRIPLES",
        help="run the plain pyshacl baseline up to this size (default 20000: it is slow)",
    )
    parser.add_argument(
        "--rdflib-cap",
        type=float,
        metavar="SECONDS",
        help="above 20k triples, run plain rdflib's load and queries too, each stopped after "
        "SECONDS (default: not run there)",
    )
    parser.add_argument("--output", type=Path, default=BENCH / "results" / "run.json")
    args = parser.parse_args()
    sizes = args.sizes or ([3_000] if args.quick else [10_000, 100_000, 1_000_000])
    repeat = 3 if args.quick and args.repeat == 5 else args.repeat
    results: dict[str, object] = {"environment": environment(), "sizes": {}}
    env = results["environment"]
    print(f"Python {env['python']}, " + ", ".join(f"{k} {v}" for k, v in env["packages"].items())
          + f"; {env['cpus']} CPUs, {env['system']}", flush=True)  # fmt: skip
    largest = None
    for size in sizes:
        rows, largest = measure_size(
            size, repeat, not args.no_memory, args.pyshacl_up_to, args.rdflib_cap
        )
        show(rows)
        results["sizes"][str(size)] = rows
    print("\n== cold start")
    cold = cold_starts(repeat, largest)
    show(cold)
    results["cold"] = cold
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
