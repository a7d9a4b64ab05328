"""Flat tables for R, Stata and pandas: golden results, documented columns, and the years counted."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from acsa_graph.tables import COLUMNS, to_csv

from golden_cases import TABLES, table_path

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize(("name", "options"), TABLES)
def test_table_matches_golden_result(kg, name, options):
    assert to_csv(kg.table(name, **options), name) == table_path(name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_csv_has_exactly_the_documented_columns(kg, name):
    reader = csv.DictReader(io.StringIO(to_csv(kg.table(name, until=2026), name)))
    assert reader.fieldnames == list(COLUMNS[name])


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_readme_documents_every_column(name):
    text = README.read_text(encoding="utf-8")
    section = text[text.index(f"`{name}` columns") :]
    documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert documented[: len(COLUMNS[name])] == list(COLUMNS[name])


def test_dyad_years_count_a_replaced_agreement_until_its_successor_takes_effect(kg):
    years = {}
    for row in kg.table("dyad-years", until=2026):
        years.setdefault(row["agreement"], []).append(int(row["year"]))
    assert (min(years["jp-us-acsa-1996"]), max(years["jp-us-acsa-1996"])) == (1996, 2017)
    assert (min(years["jp-us-acsa-2016"]), max(years["jp-us-acsa-2016"])) == (2017, 2026)
    assert "jp-us-acsa-2004-amendment" not in years and "jp-nl-acsa-2025" not in years


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_csv_loads_in_pandas_with_the_documented_columns(kg, name):
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(to_csv(kg.table(name, until=2026), name)))
    assert (list(frame.columns), len(frame)) == (
        list(COLUMNS[name]),
        len(kg.table(name, until=2026)),
    )


def test_query_result_becomes_a_dataframe_with_numbers_as_numbers(kg):
    pytest.importorskip("pandas")
    frame = kg.query("time-to-force").to_pandas()
    assert (str(frame["days"].dtype), int(frame["days"].sum())) == (
        "int64",
        sum(int(row["days"]) for row in kg.query("time-to-force")),
    )
    assert (str(frame["average_days"].dtype), float(frame["average_days"][0])) == ("float64", 361.8)


def test_query_result_shows_as_an_html_table_in_jupyter(kg):
    html = kg.query("agreements", partner="IT")._repr_html_()
    assert html.startswith("<table><thead><tr><th>agreement</th><th>kind</th>")
    assert "<td>2024-11-25</td>" in html
