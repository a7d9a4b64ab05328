"""Virtuoso Open Source on loopback, for the tests and the store benchmark: Debian's server
(`apt-get install virtuoso-opensource`, which `tests/system-packages.sh` runs in CI) started on two
free ports with its database in a folder of the caller's, and the graph published into it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
INSTALLED = VIRTUOSO is not None and DEBIAN_INI.exists()
GRAPH = "https://w3id.org/acsa-graph"
# Debian's Virtuoso: user dba, password dba; its Graph Store Protocol wants digest.
DBA = {"ACSA_GRAPH_USER": "dba", "ACSA_GRAPH_PASSWORD": "dba", "ACSA_GRAPH_AUTH": "digest"}


def free_port() -> int:
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


def start(folder: Path) -> tuple[subprocess.Popen, str]:
    """Start Virtuoso with its database in ``folder``; return it and its base URL once it
    answers. Raises RuntimeError, with the server's log, if it does not."""
    url = f"http://127.0.0.1:{free_port()}"
    (folder / "virtuoso.ini").write_text(
        virtuoso_ini(folder, free_port(), int(url.rsplit(":", 1)[1]))
    )
    with (folder / "server.log").open("w") as log:
        process = subprocess.Popen(
            [VIRTUOSO, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60  # the first start creates the database: about 5 s
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"Virtuoso did not start:\n{(folder / 'server.log').read_text()}")
        time.sleep(0.2)
    return process, url


def publish_with_the_command(url: str) -> subprocess.CompletedProcess:
    """`acsa-graph publish` of the shipped graph into ``GRAPH`` on the server at ``url``."""
    script = Path(sys.executable).with_name("acsa-graph")
    return subprocess.run(
        [str(script), "publish", "--endpoint", f"{url}/sparql-graph-crud-auth", "--graph", GRAPH],
        env={**os.environ, **DBA},
        capture_output=True,
        text=True,
        timeout=120,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()  # Virtuoso stops on SIGTERM in a fraction of a second
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
