"""The benchmark harness runs (in a tiny mode); benchmarks are not tests, so no time is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_generator_writes_a_graph_that_conforms(tmp_path):
    data = tmp_path / "kg.nt"
    with data.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "1500"], stdout=out, check=True)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("acsa-graph")), "validate", str(data)],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0,
        "Conforms: the graph satisfies every shape.",
    )


def test_harness_runs_in_tiny_mode_and_writes_every_measurement(tmp_path):
    output = tmp_path / "run.json"
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "600",
            "--repeat",
            "1",
            "--no-memory",
            "--output",
            str(output),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    results = json.loads(output.read_text())
    assert set(results["environment"]) == {
        "command",
        "python",
        "packages",
        "machine",
        "cpus",
        "system",
    }
    rows = results["sizes"]["600"]
    assert {"load", "validate", "export turtle", "query agreements", "query compare"} <= set(rows)
    assert set(rows["load"]) == {"acsa-graph", "pyoxigraph", "rdflib"}
    assert set(results["cold"]["cold start (shipped data)"]) == {
        "python -c pass",
        "acsa-graph query agreements -f csv",
        "acsa-graph validate",
    }
    persisted = [task for task in results["cold"] if task.startswith("cold, persisted")]
    assert len(persisted) == 3
    assert all(
        set(results["cold"][task]) == {"python -c pass", "acsa-graph", "raw pyoxigraph"}
        for task in persisted
    )
