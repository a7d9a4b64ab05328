"""``acsa-graph serve``: a local, read-only SPARQL 1.1 endpoint over the graph.

The queries are answered by the Oxigraph server (the ``oxigraph`` package's
``serve-read-only``), not by a hand-written SPARQL engine: SPARQL 1.1 Protocol over GET and
POST, JSON, CSV, TSV and XML results by content negotiation, Turtle for CONSTRUCT and DESCRIBE, a
query page at ``/``, updates refused, a time limit per query. The graph is persisted into a store
folder first (once: see ``graph.open_persisted``), which that server opens read-only.

It listens on 127.0.0.1 at a free port, behind a small front that takes the public address, for
two reasons found by testing. The Oxigraph server runs federated queries (``SERVICE <url>``) and
has no switch to turn them off, so anyone who can reach the endpoint could make this machine fetch
any URL it can reach: the front refuses them with HTTP 400. And its time limit is not checked
inside a property-path closure, so one such query could hold a core for as long as it runs: when
the engine has not answered a few seconds past the limit, the front restarts it and answers 504
(Gateway Timeout, which clients do not retry, unlike 503).

The front also reads each answer whole before passing it on, for two more reasons. When the
engine's time limit strikes mid-answer, it ends the answer cleanly with "The SPARQL operation has
been cancelled" appended — a 200 that parsers choke on or, worse, take as the full result: an answer
that took the whole time limit is answered 504 instead. And it bounds the size of an answer: one
past ``--max-result`` megabytes is dropped and answered 507, so a careless ``SELECT *`` over a big
graph cannot fill memory or the network. Everything else passes through unchanged, now with a
Content-Length.
"""

from __future__ import annotations

import gc
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import InputError

# Headers that belong to one connection, not to the message (RFC 9110 section 7.6.1).
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
}

# What can hide the keyword SERVICE without being it: strings, IRIs and comments.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# The keyword itself, not part of a prefixed name (ex:service, service:x) or a variable (?service).
_SERVICE = re.compile(r"(?<![\w:?$\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def uses_service(query: str) -> bool:
    """Whether a SPARQL query (or update) contains a ``SERVICE`` clause.

    A lexical check, erring on the side of refusing: codepoint escapes are decoded first (SPARQL
    decodes them before parsing, so ``\\u0053ERVICE`` is the keyword), then strings, IRIs and
    comments are blanked out, and any remaining word SERVICE counts.
    """

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= sys.maxunicode else match.group(0)

    text = _CODEPOINT_ESCAPE.sub(decode, query)
    return bool(_SERVICE.search(_NOT_KEYWORDS.sub(" ", text)))


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


class FrontServer(ThreadingHTTPServer):
    """The public address. Owns the Oxigraph server behind it, and restarts it when a query runs
    past the time limit: Oxigraph's own limit is not checked inside a property-path closure, so
    such a query would otherwise hold a core until it ends, however long that is."""

    daemon_threads = True
    grace = 5.0  # seconds past the time limit before the engine counts as stuck

    def __init__(
        self, address: tuple[str, int], store_folder: Path, timeout: int, max_result_mb: float
    ) -> None:
        super().__init__(address, Front)
        self.store_folder = store_folder
        self.timeout = timeout
        self.max_result_bytes = int(max_result_mb * 1_000_000)
        self.upstream_port = _free_port()
        self.engine: subprocess.Popen | None = None
        self._restarting = threading.Lock()

    def start_engine(self) -> None:
        self.engine = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve-read-only",
                "--location",
                str(self.store_folder),
                "--bind",
                f"127.0.0.1:{self.upstream_port}",
                "--timeout-s",
                str(self.timeout),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=_pass_on_messages, args=(self.engine,), daemon=True).start()
        _wait_for(self.engine, self.upstream_port)

    def stop_engine(self) -> None:
        if self.engine is None:
            return
        self.engine.terminate()
        try:
            self.engine.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.engine.kill()
            self.engine.wait()

    def restart_engine(self, stuck: subprocess.Popen | None) -> None:
        """Restart the engine unless another request already did since ``stuck`` hung."""
        with self._restarting:
            if self.engine is stuck:
                self.stop_engine()
                self.start_engine()

    def restarted_since(self, engine: subprocess.Popen | None) -> bool:
        """Whether the engine that ``engine`` was has been replaced, once any restart under way
        has finished: a request it dropped can then be sent again."""
        with self._restarting:
            return self.engine is not engine


class Front(BaseHTTPRequestHandler):
    """Refuses federated queries; forwards every other request to the Oxigraph server."""

    server: FrontServer
    server_version = "acsa-graph"

    def do_GET(self) -> None:
        self._handle(b"")

    def do_HEAD(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle(self.rfile.read(length) if length > 0 else b"")

    def _handle(self, body: bytes) -> None:
        if any(uses_service(text) for text in self._sparql_texts(body)):
            self._refuse(
                400,
                "This endpoint does not run federated queries (SERVICE): it would fetch other "
                "servers on the endpoint's behalf. Run the query against a copy of the graph "
                "(acsa-graph export) in your own SPARQL engine instead.\n",
            )
            return
        self._forward(body)

    def _sparql_texts(self, body: bytes) -> list[str]:
        """Every query or update the request carries, wherever the protocol lets it sit."""
        fields = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        texts = fields.get("query", []) + fields.get("update", [])
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            texts += form.get("query", []) + form.get("update", [])
        elif body:  # application/sparql-query, application/sparql-update, or unlabelled
            texts.append(body.decode("utf-8", "replace"))
        return texts

    def _forward(self, body: bytes) -> None:
        engine = self.server.engine
        try:
            answer = self._ask_engine(body)
        except TimeoutError:
            self.server.restart_engine(engine)
            self._refuse(504, self._past_the_limit("was stopped"))
            return
        except OSError as error:
            # A restart for another request's stuck query drops this one too: send it again.
            if not self.server.restarted_since(engine):
                self._refuse(502, f"the query engine did not answer: {error}\n")
                return
            try:
                answer = self._ask_engine(body)
            except OSError as again:
                self._refuse(502, f"the query engine did not answer: {again}\n")
                return
        if answer is None:
            limit = self.server.max_result_bytes / 1_000_000
            self._refuse(
                507,
                f"The answer is larger than this endpoint's limit ({limit:g} MB) and was dropped. "
                "Add a LIMIT, ask for fewer columns, or run the query on a copy of the graph "
                "(acsa-graph export).\n",
            )
            return
        status, reason, headers, payload, seconds = answer
        if seconds >= self.server.timeout:
            self._refuse(504, self._past_the_limit("may be incomplete, so it was dropped"))
            return
        self.send_response(status, reason)
        for key, value in headers:
            if key.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _ask_engine(self, body: bytes) -> tuple | None:
        """The engine's whole answer — status, reason, headers, body, seconds taken — or None
        when the body outgrows the size limit."""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        connection = http.client.HTTPConnection(
            "127.0.0.1",
            self.server.upstream_port,
            timeout=self.server.timeout + self.server.grace,
        )
        started = time.monotonic()
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            payload = bytearray()
            while chunk := answer.read(65536):
                payload += chunk
                if len(payload) > self.server.max_result_bytes:
                    return None  # closing the connection stops the engine's work on it
            seconds = time.monotonic() - started
            return answer.status, answer.reason, answer.getheaders(), bytes(payload), seconds
        finally:
            connection.close()

    def _past_the_limit(self, what: str) -> str:
        return (
            f"The query ran into the time limit ({self.server.timeout} s) and its answer {what}. "
            "Narrow it, or run it on a copy of the graph (acsa-graph export).\n"
        )

    def _refuse(self, status: int, message: str) -> None:
        payload = message.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request on stderr would drown the start-up message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(engine: subprocess.Popen, port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if engine.poll() is not None:
            raise InputError(f"the Oxigraph server stopped at start-up (exit {engine.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise InputError(f"the Oxigraph server did not start within {seconds:.0f} s")


def _pass_on_messages(engine: subprocess.Popen) -> None:
    """Copy the Oxigraph server's messages to stderr, but not the inner address it listens on."""
    for line in engine.stderr:
        if not line.startswith("Listening for requests at"):
            sys.stderr.write(line)


def _stop(signum: int, frame: object) -> None:
    """A service manager's SIGTERM stops the endpoint as Ctrl-C does."""
    raise KeyboardInterrupt


def serve(
    store_folder: Path, host: str, port: int, timeout: int, max_result_mb: float = 100.0
) -> int:
    """Serve ``store_folder`` read-only at ``host:port`` until interrupted; return 0."""
    gc.collect()  # close this process's handle on the store before the server opens it
    try:
        front = FrontServer((host, port), store_folder, timeout, max_result_mb)
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror}") from error
    signal.signal(signal.SIGTERM, _stop)
    try:
        front.start_engine()
        where = f"http://{host}:{port}"
        print(
            f"acsa-graph: serving the graph read-only at {where}/query (a query page at {where}/); "
            "Ctrl-C stops it",
            file=sys.stderr,
            flush=True,
        )
        front.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        front.server_close()
        front.stop_engine()
    return 0
