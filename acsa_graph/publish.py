"""Publishing the graph to a server that speaks the SPARQL 1.1 Graph Store Protocol.

The graph replaces the target graph (HTTP PUT), so publishing twice leaves the same content; the
triples are then read back (HTTP GET) and counted, so a partial load is reported, not trusted.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request

from .errors import InputError
from .remote import (
    STORE_ENDPOINT,
    USER_AGENT,
    check_endpoint,
    credentials,
    request_failure,
    with_retries,
)

NTRIPLES = "application/n-triples"


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """The URL of the target graph: ``?default`` or ``?graph=IRI`` on the Graph Store endpoint,
    unless the endpoint URL already carries its own query string (as Virtuoso's does)."""
    if "?" in endpoint:
        return endpoint
    if graph is None:
        return endpoint + "?default"
    return endpoint + "?" + urllib.parse.urlencode({"graph": graph})


def publish(data: bytes, endpoint: str, graph: str | None = None, *, timeout: float = 300.0) -> int:
    """Replace the target graph with ``data`` (sorted N-Triples); return the triple count the
    server holds afterwards, which must equal the count sent."""
    url = graph_store_url(check_endpoint(endpoint), graph)
    sent = sum(1 for line in data.split(b"\n") if line.strip())
    _send("PUT", url, data, timeout)
    held = sum(
        1
        for line in _send("GET", url, None, timeout).split(b"\n")
        if line.strip() and not line.startswith(b"#")
    )
    if held != sent:
        raise InputError(f"{url}: published {sent} triples but the server holds {held}")
    return held


def _send(method: str, url: str, body: bytes | None, timeout: float) -> bytes:
    headers = {"User-Agent": USER_AGENT}
    if body is not None:
        headers["Content-Type"] = NTRIPLES
    else:
        headers["Accept"] = NTRIPLES
    opener = urllib.request.build_opener(*_auth_handlers(url, headers, method, body, timeout))

    def send() -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        with opener.open(request, timeout=timeout) as response:
            return response.read()

    try:
        return with_retries(send, f"{method} {url}")
    except (urllib.error.URLError, TimeoutError) as error:
        raise request_failure(error, f"{method} {url}", timeout, STORE_ENDPOINT) from None


def _auth_handlers(
    url: str, headers: dict[str, str], method: str, body: bytes | None, timeout: float
) -> list[urllib.request.BaseHandler]:
    found = credentials()
    if "token" in found:
        headers["Authorization"] = f"Bearer {found['token']}"
        return []
    if "user" not in found:
        return []
    if found.get("auth") == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, found["user"], found.get("password", ""))
        digest = urllib.request.HTTPDigestAuthHandler(manager)
        if body:
            # A server may answer an unsigned upload's challenge and close the connection before
            # reading the body (Virtuoso does, now and then: a broken pipe). So fetch the
            # challenge with a request that has no body, and send the upload already signed.
            challenge = _digest_challenge(url, timeout)
            if challenge is not None:
                signed = urllib.request.Request(url, data=body, method=method)
                headers["Authorization"] = "Digest " + digest.get_authorization(signed, challenge)
        return [digest]
    pair = f"{found['user']}:{found.get('password', '')}".encode()
    headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    return []


def _digest_challenge(url: str, timeout: float) -> dict[str, str] | None:
    """The server's digest challenge for ``url``, or None if it does not ask for one."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT})
    try:
        urllib.request.urlopen(request, timeout=timeout).close()
    except urllib.error.HTTPError as error:
        scheme, _, fields = (error.headers.get("WWW-Authenticate") or "").partition(" ")
        if error.code == 401 and scheme.lower() == "digest":
            return urllib.request.parse_keqv_list(urllib.request.parse_http_list(fields))
    except (urllib.error.URLError, TimeoutError):
        pass  # the upload itself will report it
    return None
