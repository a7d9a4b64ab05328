"""A graph that lives on a SPARQL 1.1 server, read with SPARQLWrapper.

It answers the same queries as the embedded store and turns the results into the same rows.
Parameters go in a ``VALUES`` block added to the query: the server binds the values, which are
written as escaped N-Triples terms and never spliced into the query's own text. Every request
names the package in its User-Agent; HTTP 429 and 503 are retried with backoff, honouring
Retry-After; every other failure becomes an :class:`InputError` that says what happened.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
import urllib.error
from collections.abc import Callable, Mapping
from typing import TypeVar

import pyoxigraph as ox

from . import __version__
from .errors import InputError
from .namespaces import DEFAULT_PREFIXES
from .results import QueryResult, Term
from .store import values_at_top, values_block

USER_AGENT = f"acsa-graph/{__version__} (+https://w3id.org/acsa-graph)"
RETRIED = (429, 503)
T = TypeVar("T")


def credentials() -> dict[str, str]:
    """Credentials for real servers, from the environment only (never from the command line):
    ACSA_GRAPH_TOKEN (bearer), or ACSA_GRAPH_USER and ACSA_GRAPH_PASSWORD with ACSA_GRAPH_AUTH
    ``basic`` (the default) or ``digest``."""
    found = {}
    for name in ("TOKEN", "USER", "PASSWORD", "AUTH"):
        value = os.environ.get(f"ACSA_GRAPH_{name}")
        if value:
            found[name.lower()] = value
    return found


def with_retries(action: Callable[[], T], what: str, *, attempts: int = 4) -> T:
    """Run ``action``; on HTTP 429 or 503 wait (Retry-After, else 1, 2, 4 s) and try again."""
    for attempt in range(attempts):
        try:
            return action()
        except urllib.error.HTTPError as error:
            if error.code not in RETRIED or attempt == attempts - 1:
                raise
            time.sleep(_retry_after(error.headers.get("Retry-After"), default=2.0**attempt))
    raise AssertionError("unreachable")


def _retry_after(value: str | None, *, default: float) -> float:
    if not value:
        return default
    if value.strip().isdigit():
        return min(float(value), 60.0)
    moment = email.utils.parsedate_to_datetime(value)
    return max(0.0, min(moment.timestamp() - time.time(), 60.0))


def check_endpoint(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else an InputError saying what to give."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"{url}: not an http(s) URL: give the endpoint's full address, such as "
            "http://127.0.0.1:7878/query"
        )
    return url


class RemoteStore:
    """A read-only view of a graph on a SPARQL 1.1 query endpoint."""

    def __init__(self, endpoint: str, *, graph: str | None = None, timeout: float = 60.0) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.graph = graph
        self.timeout = timeout
        self.path = None

    def load_files(self, paths: object) -> None:
        raise InputError(
            f"{self.endpoint}: a SPARQL endpoint is read, not loaded: use `acsa-graph publish` "
            "to put the graph there"
        )

    def query(
        self,
        sparql: str,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        *,
        source: str = "query",
    ) -> QueryResult:
        """Run a SELECT or ASK query on the endpoint and return the rows."""
        text = _with_prefixes(_with_values(sparql, substitutions or {}))
        document = self._request(text, source)
        return _result(document, self.endpoint)

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(result.column("n")[0] or 0)

    def dump_ntriples(self) -> bytes:
        """Every triple of the graph, as sorted N-Triples."""
        result = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        lines = sorted({" ".join(_nt(term) for term in row) + " ." for row in result.terms})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""

    def _request(self, text: str, source: str) -> dict:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        if self.graph:
            client.addDefaultGraph(self.graph)
        _authenticate(client)
        client.setQuery(text)

        def ask() -> bytes:
            return client.query().response.read()

        where = f"{source} on {self.endpoint}"
        try:
            body = with_retries(ask, where)
        except SPARQLWrapperException as error:
            # SPARQLWrapper turns these two statuses into exceptions of its own.
            code = {"EndPointNotFound": 404, "Unauthorized": 401}.get(type(error).__name__)
            if code:
                raise InputError(f"{where}: HTTP {code}{_advice(code, QUERY_ENDPOINT)}") from None
            raise InputError(
                f"{where}: the server refused the query: {_first_line(error)}"
            ) from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise request_failure(error, where, self.timeout, QUERY_ENDPOINT) from None
        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            snippet = body[:80].decode("utf-8", "replace").strip() or "an empty body"
            raise InputError(
                f"{where}: the server answered without SPARQL JSON results ({snippet!r})"
            ) from None
        if not isinstance(document, dict) or (
            "results" not in document and "boolean" not in document
        ):
            raise InputError(f"{where}: the server answered JSON that is not SPARQL results")
        return document


def _authenticate(client: object) -> None:
    found = credentials()
    if "token" in found:
        client.addCustomHttpHeader("Authorization", f"Bearer {found['token']}")  # type: ignore[attr-defined]
    elif "user" in found:
        from SPARQLWrapper import BASIC, DIGEST

        client.setHTTPAuth(DIGEST if found.get("auth") == "digest" else BASIC)  # type: ignore[attr-defined]
        client.setCredentials(found["user"], found.get("password", ""))  # type: ignore[attr-defined]


QUERY_ENDPOINT = "its SPARQL query endpoint (Oxigraph's is /query, Fuseki's /DATASET/sparql)"
STORE_ENDPOINT = "its Graph Store Protocol endpoint (Oxigraph's is /store, Fuseki's /DATASET/data)"


def _advice(code: int, endpoint: str) -> str:
    return {
        401: ": the server wants credentials: set ACSA_GRAPH_USER and ACSA_GRAPH_PASSWORD "
        "(and ACSA_GRAPH_AUTH=digest for Virtuoso), or ACSA_GRAPH_TOKEN",
        403: ": the server refuses this client or these credentials",
        404: f": nothing at this URL: is it {endpoint}?",
        429: ": too many requests, still refused after retrying",
        503: ": the server is unavailable, still after retrying",
        504: ": the query ran past the server's time limit; narrow it",
    }.get(code, "")


def request_failure(
    error: urllib.error.URLError | TimeoutError, where: str, timeout: float, endpoint: str
) -> InputError:
    """The one-line message for a failed request to a server; ``endpoint`` says what kind of
    endpoint the URL should be (``QUERY_ENDPOINT`` or ``STORE_ENDPOINT``)."""
    if isinstance(error, urllib.error.HTTPError):
        detail = " ".join(error.read()[:200].decode("utf-8", "replace").split())
        said = f" ({detail})" if detail else ""
        return InputError(
            f"{where}: HTTP {error.code} {error.reason}{_advice(error.code, endpoint)}{said}"
        )
    if isinstance(error, TimeoutError):
        return InputError(f"{where}: no answer within {timeout:g} s")
    return InputError(
        f"{where}: cannot reach the server ({error.reason}): is it running, and is the URL "
        f"{endpoint}?"
    )


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())[:300]


def _with_prefixes(sparql: str) -> str:
    """Declare the package's prefixes first, so researchers' own queries may use them; a query's
    own declarations come later and win."""
    lines = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in DEFAULT_PREFIXES.items()]
    return "\n".join(lines) + "\n" + sparql


def _with_values(sparql: str, substitutions: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters with a VALUES block: first inside the top-level WHERE group, where engines
    use it to narrow the query early; else after the query, where SPARQL joins it with the
    results."""
    if not substitutions:
        return sparql
    return values_at_top(sparql, substitutions) or f"{sparql}\n{values_block(substitutions)}\n"


def _result(document: dict, endpoint: str) -> QueryResult:
    if "boolean" in document:
        return QueryResult(boolean=bool(document["boolean"]))
    columns = list(document.get("head", {}).get("vars", []))
    rows = []
    for binding in document["results"].get("bindings", []):
        rows.append(tuple(_term(binding.get(name)) for name in columns))
    return QueryResult(columns=columns, terms=rows)


def _term(value: dict | None) -> Term | None:
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return Term("uri", value["value"])
    if kind == "bnode":
        return Term("bnode", value["value"])
    lang = value.get("xml:lang")
    datatype = value.get("datatype")
    if lang:
        return Term("literal", value["value"], lang=lang)
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Term("literal", value["value"], datatype=datatype)


def _nt(term: Term | None) -> str:
    if term is None:
        raise InputError("the server returned a triple with an unbound term")
    if term.kind == "uri":
        return str(ox.NamedNode(term.value))
    if term.kind == "bnode":
        return str(ox.BlankNode(term.value))
    if term.lang:
        return str(ox.Literal(term.value, language=term.lang))
    if term.datatype:
        return str(ox.Literal(term.value, datatype=ox.NamedNode(term.datatype)))
    return str(ox.Literal(term.value))
