"""``acsa-graph serve``: a local, read-only SPARQL 1.1 endpoint over the graph.

It is the Oxigraph server (the ``oxigraph`` package's ``serve-read-only``), not a hand-written
HTTP server: SPARQL 1.1 Protocol over GET and POST, JSON, CSV, TSV and XML results by content
negotiation, Turtle for CONSTRUCT and DESCRIBE, a query page at ``/``, updates refused, a time
limit per query. The graph is persisted into a store folder first (once: see
``graph.open_persisted``), which the server then opens read-only.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import InputError


def default_store_folder() -> Path:
    """Where ``serve`` keeps its store unless told otherwise: the user's cache folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "acsa-graph" / "store"


def oxigraph_binary() -> str:
    """The Oxigraph server installed with the package (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise InputError(
            "the Oxigraph server is not installed: pip install oxigraph (it comes with acsa-graph)"
        )
    return found


def serve(store_folder: Path, host: str, port: int, timeout: int) -> int:
    """Run the read-only server on ``store_folder`` until interrupted; return its exit code."""
    gc.collect()  # close this process's handle on the store before the server opens it
    command = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store_folder),
        "--bind",
        f"{host}:{port}",
        "--timeout-s",
        str(timeout),
    ]
    where = f"http://{host}:{port}"
    print(
        f"acsa-graph: serving the graph read-only at {where}/query (a query page at {where}/); "
        "Ctrl-C stops it",
        file=sys.stderr,
        flush=True,
    )
    if os.name == "posix":
        # Become the server, so that signals (Ctrl-C, a service manager's SIGTERM) reach it.
        os.execv(command[0], command)
    server = subprocess.Popen(command)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=10)
        return 0
