"""Figures are drawn from the graph: they name what the data holds, change with it, and are
deterministic."""

from __future__ import annotations

import datetime

import pytest

from acsa_graph import InputError, resources
from acsa_graph.figures import FIGURES, figure

from conftest import VALID

pytest.importorskip("matplotlib")


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_svg_figure_is_deterministic(kg, tmp_path, name):
    figure(kg, name, tmp_path / "one.svg")
    figure(kg, name, tmp_path / "two.svg")
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()


def test_coverage_figure_names_every_agreement_and_category(kg, tmp_path):
    figure(kg, "coverage", tmp_path / "coverage.svg")
    text = (tmp_path / "coverage.svg").read_text()
    slugs = [p.stem for p in resources.data_dir().glob("agreements/*.ttl")]
    assert [slug for slug in slugs if slug not in text] == []
    assert "petroleum-oils-lubricants" in text and "weapons" in text


def test_figure_follows_the_data(load_text, tmp_path):
    figure(load_text(VALID), "timeline", tmp_path / "timeline.svg")
    text = (tmp_path / "timeline.svg").read_text()
    assert "IT  test" in text and "jp-it-acsa-2024" not in text


def test_png_figure_is_a_png(kg, tmp_path):
    figure(kg, "network", tmp_path / "network.png")
    assert (tmp_path / "network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_figure_and_format_are_refused(kg, tmp_path):
    with pytest.raises(InputError, match="unknown figure 'pie': choose one of coverage"):
        figure(kg, "pie", tmp_path / "pie.svg")
    with pytest.raises(InputError, match=r"give a \.svg or \.png file name"):
        figure(kg, "coverage", tmp_path / "coverage.pdf")


def test_timeline_places_a_year_of_entry_into_force_after_the_signing():
    from acsa_graph.figures import _after, _period

    signed = datetime.date(2017, 1, 26)
    assert _after(_period("2017"), signed) == (signed, datetime.date(2017, 12, 31))


def test_timeline_spans_a_month_to_its_last_day():
    from acsa_graph.figures import _period

    assert _period("2024-02") == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert _period("2019-12") == (datetime.date(2019, 12, 1), datetime.date(2019, 12, 31))


def test_timeline_bounds_an_entry_into_force_by_the_earliest_day_of_an_imprecise_signing():
    from acsa_graph.figures import _after, _period

    signed_first, _ = _period("2017-03")
    assert _after(_period("2017-03"), signed_first) == (
        datetime.date(2017, 3, 1),
        datetime.date(2017, 3, 31),
    )


def test_timeline_reads_a_date_with_a_time_zone_and_skips_an_impossible_one():
    from acsa_graph.figures import _period

    assert (_period("2024-11-25+09:00"), _period("2020-13-45")) == (
        (datetime.date(2024, 11, 25), datetime.date(2024, 11, 25)),
        None,
    )
