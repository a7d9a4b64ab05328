"""Named queries: one ``.rq`` file per question, described by a header the package reads.

The header is a block of comment lines at the top of the file::

    # title: Agreements
    # description: One row per agreement, with its kind, title, partner and dates.
    #   A description may run on over lines indented by two spaces.
    # param partner : partner, optional : Only agreements with this partner.

A parameter line gives the parameter's name, its type (see ``PARAMETER_TYPES``), whether it is
optional, and what it does. A parameter binds the variable of the same name, which the query
must project (``SELECT ... ?partner``). The value is bound as an RDF term in a ``VALUES`` block
placed first in the query's top-level group (a line ``WHERE {``), on every store: engines use
it to narrow the query from the start (Oxigraph applies SEP-0007 substitutions only after
evaluating the whole query: 0.3 s instead of 1 ms at 1M triples). The term is written escaped
by Oxigraph, never spliced into the query's own text. So that every engine gives
the same answer, a query binds each parameter variable in a triple pattern of its top-level
group (``?state acsa:iso3166Alpha2 ?partner``) and uses it nowhere inside MINUS, OPTIONAL or a
subquery before that; and a variable holds IRIs or literals, never both (Virtuoso rejects a
literal where the query also treats the variable as a subject).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from . import resources
from .errors import InputError

# What each type accepts, and the term it binds.
PARAMETER_TYPES = {
    "partner": "a partner: ISO 3166 alpha-2 code or name (IT, Italy, UK, US ...); binds the code",
    "agreement": "an agreement: its slug (jp-it-acsa-2024) or full IRI; binds the IRI",
    "partner-or-agreement": (
        "a partner (code or name) or an agreement (slug or IRI); binds the state's or the "
        "agreement's IRI"
    ),
    "category": "a supply and service category (ammunition, food ...); binds its notation",
    "activity": "an activity (un-peacekeeping ...); binds its notation",
    "iri": "an absolute IRI",
    "string": "any text",
}

_PARAM = re.compile(
    r"^param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*"
    r"(?P<type>[a-z-]+)(?P<optional>\s*,\s*optional)?\s*:\s*(?P<description>.+)$"
)
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# NamedTuples rather than dataclasses: the dataclasses module imports inspect, 12 ms of every
# command's start-up.
class Parameter(NamedTuple):
    """One parameter of a named query."""

    name: str
    type: str
    optional: bool
    description: str


class NamedQuery(NamedTuple):
    """A query shipped with the graph, read from its ``.rq`` file."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    path: Path

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name``, or None."""
        return next((p for p in self.parameters if p.name == name), None)


def parse(text: str, path: Path) -> NamedQuery:
    """Read a named query's header and text; errors name the file and line."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if line.startswith("#   ") and last is not None:
            fields[last] += " " + body
            continue
        if body.startswith("param "):
            match = _PARAM.match(body)
            if not match or match["type"] not in PARAMETER_TYPES:
                raise InputError(
                    f"{path}:{number}: bad parameter line: write "
                    "'# param NAME : TYPE[, optional] : DESCRIPTION' with TYPE one of "
                    + ", ".join(PARAMETER_TYPES)
                )
            parameters.append(
                Parameter(
                    name=match["name"],
                    type=match["type"],
                    optional=bool(match["optional"]),
                    description=match["description"].strip(),
                )
            )
            last = None
            continue
        key, sep, value = body.partition(":")
        if sep and key.strip() in ("title", "description"):
            last = key.strip()
            fields[last] = value.strip()
    for required in ("title", "description"):
        if not fields.get(required):
            raise InputError(f"{path}:1: the header has no '# {required}:' line")
    return NamedQuery(
        name=path.stem,
        title=fields["title"],
        description=fields["description"],
        parameters=tuple(parameters),
        sparql=text,
        path=path,
    )


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every shipped named query, by name, in alphabetical order."""
    paths = sorted(resources.queries_dir().glob("*.rq"))
    return {path.stem: parse(path.read_text(encoding="utf-8"), path) for path in paths}


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name is an error that lists the known ones."""
    queries = named_queries()
    if name not in queries:
        raise InputError(f"unknown query {name!r}: known queries are {', '.join(queries)}")
    return queries[name]
