"""Flat tables for R, Stata and pandas, in the conventions political scientists use.

- ``agreements``: one row per agreement, like the treaty file of the Defense Cooperation
  Agreement Dataset (DCAD), with Correlates of War (COW) state codes.
- ``dyad_years``: one row per dyad and year in which an agreement was in force, like COW's
  dyadic files.

``COLUMNS`` documents every column; the README repeats it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

COLUMNS: dict[str, dict[str, str]] = {
    "agreements": {
        "agreement": "the agreement's slug, a stable identifier (jp-it-acsa-2024)",
        "kind": "ACSA or RAA",
        "title": "the English title, or the English short title where no official one is known",
        "ccode1": "COW state code of Japan (740)",
        "ccode2": "COW state code of the partner",
        "stateabb2": "COW state abbreviation of the partner",
        "iso2": "ISO 3166-1 alpha-2 code of the partner",
        "signed": "date of signature, at the precision known: YYYY-MM-DD, YYYY-MM or YYYY",
        "signed_year": "year of signature",
        "in_force": "date of entry into force, at the precision known; empty if none recorded",
        "in_force_year": "year of entry into force; empty if none recorded",
        "replaces": "slug of the agreement it replaced; empty if none",
        "replaced_by": "slug of the agreement that replaced it; empty if none",
        "amends": "slug of the agreement it amends; empty if none",
        "ammunition": "covered, excluded, or not stated (no source read says either way)",
        "categories_covered": "number of supply and service categories a source says it covers",
        "official_sources": "number of distinct treaty texts, official releases and parliamentary "
        "records behind its facts",
        "weak_sources": "number of distinct news and secondary sources behind its facts",
    },
    "dyad-years": {
        "ccode1": "COW state code of Japan (740)",
        "ccode2": "COW state code of the partner",
        "stateabb1": "COW state abbreviation of Japan (JPN)",
        "stateabb2": "COW state abbreviation of the partner",
        "year": "a year in which the agreement was in force",
        "kind": "ACSA or RAA",
        "agreement": "slug of the agreement in force",
        "in_force": "its date of entry into force, at the precision known",
    },
}

_AGREEMENTS = """
SELECT ?agreement ?kind ?title ?ccode1 ?ccode2 ?stateabb2 ?iso2 ?signed ?in_force ?replaces
       ?replaced_by ?amends ?ammunition ?categories_covered ?official_sources ?weak_sources
WHERE {
  ?a a acsa:Agreement ; acsa:kind/skos:notation ?kind ; acsa:party state:JP , ?partner .
  state:JP acsa:cowStateCode ?ccode1 .
  ?partner acsa:iso3166Alpha2 ?iso2 .
  FILTER(?iso2 != "JP")
  OPTIONAL { ?partner acsa:cowStateCode ?ccode2 }
  OPTIONAL { ?partner acsa:cowStateAbbreviation ?stateabb2 }
  OPTIONAL { ?a acsa:title ?officialTitle FILTER(LANGMATCHES(LANG(?officialTitle), "en")) }
  OPTIONAL { ?a acsa:shortTitle ?shortTitle FILTER(LANGMATCHES(LANG(?shortTitle), "en")) }
  BIND(STR(COALESCE(?officialTitle, ?shortTitle)) AS ?title)
  {
    SELECT ?a (MIN(STR(?date)) AS ?signed)
    WHERE { ?a acsa:event [ acsa:eventKind evk:signature ; acsa:date ?date ] }
    GROUP BY ?a
  }
  OPTIONAL { ?a acsa:event [ acsa:eventKind evk:entry-into-force ; acsa:date ?entry ] }
  BIND(STR(?entry) AS ?in_force)
  OPTIONAL { ?a acsa:replaces ?replacesIri }
  OPTIONAL { ?replacedByIri acsa:replaces ?a }
  OPTIONAL { ?a acsa:amends ?amendsIri }
  BIND(STRAFTER(STR(?replacesIri), "/agreement/") AS ?replaces)
  BIND(STRAFTER(STR(?replacedByIri), "/agreement/") AS ?replaced_by)
  BIND(STRAFTER(STR(?amendsIri), "/agreement/") AS ?amends)
  OPTIONAL { ?a acsa:covers cat:ammunition . BIND("covered" AS ?ammunitionCovered) }
  OPTIONAL { ?a acsa:excludes cat:ammunition . BIND("excluded" AS ?ammunitionExcluded) }
  BIND(COALESCE(?ammunitionCovered, ?ammunitionExcluded, "not stated") AS ?ammunition)
  {
    SELECT ?a (COUNT(DISTINCT ?category) AS ?categories_covered)
    WHERE { ?a a acsa:Agreement . OPTIONAL { ?a acsa:covers ?category } }
    GROUP BY ?a
  }
  {
    SELECT ?a (COUNT(DISTINCT ?official) AS ?official_sources)
              (COUNT(DISTINCT ?weak) AS ?weak_sources)
    WHERE {
      ?a a acsa:Agreement .
      OPTIONAL {
        { ?a acsa:source|acsa:coverageSource|acsa:activitySource ?source }
        UNION { ?a acsa:event/acsa:source ?source }
        ?source acsa:sourceKind ?sourceKind .
        BIND(IF(?sourceKind IN (srck:treaty-text, srck:official-release,
                                srck:parliamentary-record), ?source, ?none) AS ?official)
        BIND(IF(?sourceKind IN (srck:news, srck:secondary), ?source, ?none) AS ?weak)
      }
    }
    GROUP BY ?a
  }
  BIND(STRAFTER(STR(?a), "/agreement/") AS ?agreement)
}
ORDER BY ?signed ?agreement
"""


def agreements(kg: KnowledgeGraph) -> list[dict[str, str]]:
    """One row per agreement, with the columns ``COLUMNS["agreements"]`` documents."""
    rows = []
    for row in kg.run_sparql(_AGREEMENTS, source="agreements table"):
        values = {key: value or "" for key, value in row.items()}
        years = {"signed_year": values["signed"][:4], "in_force_year": values["in_force"][:4]}
        rows.append({name: {**values, **years}[name] for name in COLUMNS["agreements"]})
    return rows


def dyad_years(kg: KnowledgeGraph, until: int) -> list[dict[str, str]]:
    """One row per partner, year and agreement in force, from the year of entry into force to
    ``until``. The graph records no termination dates: a replaced agreement counts through the
    year its successor entered into force; amending agreements are not counted on their own."""
    table = agreements(kg)
    japan = kg.run_sparql("SELECT ?abb WHERE { state:JP acsa:cowStateAbbreviation ?abb }")
    stateabb1 = japan.column("abb")[0] or ""
    successors = {row["agreement"]: row["replaced_by"] for row in table}
    entry_year = {row["agreement"]: row["in_force_year"] for row in table}
    rows = []
    for row in table:
        if not row["in_force_year"] or row["amends"]:
            continue
        last = until
        successor = successors[row["agreement"]]
        if successor and entry_year.get(successor):
            last = min(until, int(entry_year[successor]))
        for year in range(int(row["in_force_year"]), last + 1):
            rows.append(
                {
                    "ccode1": row["ccode1"],
                    "ccode2": row["ccode2"],
                    "stateabb1": stateabb1,
                    "stateabb2": row["stateabb2"],
                    "year": str(year),
                    "kind": row["kind"],
                    "agreement": row["agreement"],
                    "in_force": row["in_force"],
                }
            )
    return sorted(
        rows, key=lambda r: (int(r["ccode2"] or 0), r["kind"], int(r["year"]), r["agreement"])
    )


def to_csv(rows: list[dict[str, str]], name: str) -> str:
    """The rows as CSV with a header of ``COLUMNS[name]``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS[name]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
