"""Agreements side by side: one column per agreement, one row per aspect — kind, dates, days from
signature to entry into force, signatories, each supply and service category, each activity —
and a ``differs`` column marking the rows where the agreements do not all agree.

Every value comes from the named queries, so the table says no more than they do: a blank
category cell is "not stated", never "excluded".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ParameterError
from .namedqueries import Parameter
from .namespaces import DEFAULT_PREFIXES
from .results import QueryResult, Term

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .graph import KnowledgeGraph

_SIDE = Parameter("side", "partner-or-agreement", False, "a partner or an agreement")


def resolve_side(kg: KnowledgeGraph, side: str) -> ox.NamedNode:
    """The state or agreement a side names (a partner's code or name, an agreement's slug)."""
    from . import namedqueries

    return kg._resolve(namedqueries.get("compare"), _SIDE, side)


def agreements_of(kg: KnowledgeGraph, side: str) -> list[str]:
    """The agreement IRIs a side names: the agreement itself, or a partner's current agreements
    (those not replaced by another and not amending one)."""
    term = resolve_side(kg, side)
    if not term.value.startswith(DEFAULT_PREFIXES["state"]):
        return [term.value]
    code = term.value.removeprefix(DEFAULT_PREFIXES["state"])
    rows = kg.query("agreements", partner=code).rows
    links = kg.query("replacements", partner=code).rows
    replaced = {r["earlier"] for r in links if r["relation"] == "replaces"}
    amending = {r["agreement"] for r in links if r["relation"] == "amends"}
    return [
        r["agreement"] for r in rows if r["agreement"] not in replaced | amending and r["agreement"]
    ]


def side_by_side(kg: KnowledgeGraph, *sides: str) -> QueryResult:
    """The table for the agreements that ``sides`` name (partners or agreements)."""
    if len(sides) < 2:
        raise ParameterError("compare needs at least two partners or agreements")
    columns: list[str] = []
    for side in sides:
        for iri in agreements_of(kg, side):
            if iri not in columns:
                columns.append(iri)
    facts = {iri: {} for iri in columns}
    for row in kg.query("agreements").rows:
        if row["agreement"] in facts:
            facts[row["agreement"]].update(
                {
                    "kind": row["kind"],
                    "partner": row["partner"],
                    "signed": row["signed"],
                    "signed in": row["signed_place"],
                    "in force": row["in_force"],
                }
            )
    for row in kg.query("time-to-force").rows:
        if row["agreement"] in facts:
            facts[row["agreement"]]["days to entry into force"] = row["days"]
    for row in kg.query("signatories").rows:
        if row["agreement"] in facts:
            key = "signed for Japan" if row["acting_for"] == "JP" else "signed for the partner"
            facts[row["agreement"]][key] = f"{row['person']} ({row['office']})"
    for row in kg.query("coverage").rows:
        if row["agreement"] in facts:
            facts[row["agreement"]][f"category: {row['category']}"] = row["status"]
    activities = kg.run_sparql(
        "SELECT ?agreement ?activity WHERE { ?agreement acsa:appliesTo/skos:notation ?activity }"
    )
    for row in activities.rows:
        if row["agreement"] in facts:
            facts[row["agreement"]][f"activity: {row['activity']}"] = "applies"
    fixed = ["kind", "partner", "signed", "signed in", "in force", "days to entry into force",
             "signed for Japan", "signed for the partner"]  # fmt: skip
    varying = sorted({key for values in facts.values() for key in values} - set(fixed))
    names = [iri.rsplit("/", 1)[-1] for iri in columns]
    rows = []
    for aspect in fixed + varying:
        values = [facts[iri].get(aspect) for iri in columns]
        if not any(values):
            continue
        differs = "*" if len({value or "" for value in values}) > 1 else ""
        cells = [Term("literal", aspect)]
        cells += [None if value is None else Term("literal", value) for value in values]
        rows.append((*cells, Term("literal", differs)))
    return QueryResult(columns=["aspect", *names, "differs"], terms=rows)
