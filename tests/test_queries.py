"""Named queries: a golden result for each, and checks that do not depend on the golden files."""

from __future__ import annotations

import datetime

import pytest

import acsa_graph

from golden_cases import CASES, golden_path


@pytest.mark.parametrize(("name", "params"), CASES, ids=[golden_path(*c).stem for c in CASES])
def test_named_query_matches_golden_result(kg, name, params):
    expected = golden_path(name, params).read_bytes().decode("utf-8")
    assert kg.query(name, **params).to_csv() == expected


def test_every_named_query_has_a_golden_case(kg):
    assert {query.name for query in kg.queries()} == {name for name, _ in CASES}


def test_every_named_query_header_has_title_and_description(kg):
    assert all(query.title and query.description for query in kg.queries())


def test_agreements_lists_one_row_per_agreement_file(kg):
    files = sorted(p.stem for p in acsa_graph.resources.data_dir().glob("agreements/*.ttl"))
    slugs = sorted(iri.rsplit("/", 1)[1] for iri in kg.query("agreements").column("agreement"))
    assert slugs == files


def test_time_to_force_days_match_calendar_arithmetic(kg):
    for row in kg.query("time-to-force"):
        signed = datetime.date.fromisoformat(row["signed"])
        in_force = datetime.date.fromisoformat(row["in_force"])
        assert int(row["days"]) == (in_force - signed).days


def test_time_to_force_average_is_mean_of_days(kg):
    rows = kg.query("time-to-force").rows
    mean = sum(int(r["days"]) for r in rows) / len(rows)
    assert {r["average_days"] for r in rows} == {f"{round(mean, 1)}"}


def test_partner_names_and_codes_give_the_same_rows(kg):
    by_name = kg.query("agreements", partner="United Kingdom").values()
    assert by_name == kg.query("agreements", partner="gb").values()
    assert by_name == kg.query("agreements", partner="Britain").values()


def test_coverage_tells_not_stated_from_excluded(kg):
    statuses = {
        r["agreement"].rsplit("/", 1)[1]: r["status"]
        for r in kg.query("category", category="weapons")
    }
    assert (statuses["jp-gb-acsa-2017"], statuses["jp-it-acsa-2024"]) == ("excluded", "not stated")
