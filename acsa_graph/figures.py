"""Figures drawn from the graph with matplotlib: the coverage matrix, the timeline from signature to
entry into force, and the partner network. Every figure is computed from named queries, so it
changes when the data does; SVG output is deterministic (no date, fixed ids).

matplotlib is an optional extra: ``pip install 'acsa-graph[figures]'``.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

FIGURES = {
    "coverage": "agreements by supply and service categories: covered (●), excluded (x), "
    "not stated (blank)",
    "timeline": "each agreement from signature (●) to entry into force (■), by partner; open "
    "marks where only the month or year is known",
    "network": "Japan and its partners; one edge per agreement, labelled with kind and year",
}


def figure(kg: KnowledgeGraph, name: str, path: str | Path) -> None:
    """Draw figure ``name`` (one of ``FIGURES``) into ``path``, as SVG or PNG by its suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".svg", ".png"):
        raise InputError(f"{path}: give a .svg or .png file name")
    data = render(kg, name, suffix[1:])
    from .export import write_atomically

    write_atomically(Path(path), data)


def render(kg: KnowledgeGraph, name: str, format: str = "svg") -> bytes:
    """Figure ``name`` (one of ``FIGURES``) as SVG or PNG bytes (deterministic for SVG)."""
    if name not in FIGURES:
        raise InputError(f"unknown figure {name!r}: choose one of {', '.join(FIGURES)}")
    try:
        import matplotlib
    except ImportError:
        raise InputError("figures need matplotlib: pip install 'acsa-graph[figures]'") from None
    if not len(kg.query("agreements")):
        raise InputError("the graph holds no agreements to draw: load files that describe some")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "acsa-graph"
    plt.rcParams["svg.fonttype"] = (
        "none"  # text stays text: searchable, and readable by screen readers
    )
    drawn = {"coverage": _coverage, "timeline": _timeline, "network": _network}[name](kg, plt)
    out = io.BytesIO()
    metadata = {"Date": None} if format == "svg" else {}
    drawn.savefig(out, format=format, bbox_inches="tight", metadata=metadata, dpi=150)
    plt.close(drawn)
    return out.getvalue()


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _coverage(kg: KnowledgeGraph, plt):
    agreements = [_short(a) for a in kg.query("agreements").column("agreement")]
    categories = kg.run_sparql(
        "SELECT ?n WHERE { ?c skos:inScheme cat:scheme ; skos:notation ?n } ORDER BY ?n"
    ).column("n")
    status = {
        (_short(row["agreement"]), row["category"]): row["status"] for row in kg.query("coverage")
    }
    fig, ax = plt.subplots(figsize=(0.45 * len(categories) + 3, 0.32 * len(agreements) + 1.5))
    for y, agreement in enumerate(agreements):
        for x, category in enumerate(categories):
            mark = status.get((agreement, category))
            if mark == "covered":
                ax.plot(x, y, "o", color="black", markersize=6)
            elif mark == "excluded":
                ax.plot(x, y, "x", color="black", markersize=7, markeredgewidth=1.5)
    ax.set_xticks(range(len(categories)), categories, rotation=90, fontsize=8)
    ax.set_yticks(range(len(agreements)), agreements, fontsize=8)
    ax.set_xlim(-0.5, len(categories) - 0.5)
    ax.set_ylim(len(agreements) - 0.5, -0.5)
    ax.grid(True, color="#dddddd", linewidth=0.5)
    ax.set_title("Coverage: covered (●), excluded (x), not stated (blank)", fontsize=10)
    return fig


def _period(text: str | None) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a date at any precision (YYYY, YYYY-MM or YYYY-MM-DD, with or
    without a time zone) can be; None for no date, or one that is not a date at all (the shapes
    report those)."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            exact = datetime.date(year, month, day)
            return exact, exact
        if month is not None:
            following = datetime.date(year + month // 12, month % 12 + 1, 1)
            return datetime.date(year, month, 1), following - datetime.timedelta(days=1)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        return None


def _after(
    period: tuple[datetime.date, datetime.date], signed: datetime.date | None
) -> tuple[datetime.date, datetime.date]:
    """The days of ``period`` an entry into force can fall on: not before the (earliest day of
    the) signing. (A year drawn at its 1 January put the UK ACSA, in force in "2017", before its
    signing on 26 January 2017.)"""
    first, last = period
    if signed is not None and first < signed <= last:
        first = signed
    return first, last


def _timeline(kg: KnowledgeGraph, plt):
    import matplotlib.dates as mdates

    rows = sorted(kg.query("agreements").rows, key=lambda r: (r["partner"], r["signed"] or ""))
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(rows) + 1.5))
    for y, row in enumerate(rows):
        signed_first, signed_last = _period(row["signed"]) or (None, None)
        signed_day = signed_first is not None and signed_first == signed_last
        ax.plot(signed_first, y, "o", color="black", fillstyle="full" if signed_day else "none")
        entry = _period(row["in_force"])
        if entry is None:
            continue
        first, last = _after(entry, signed_first)
        if entry[0] == entry[1]:
            ax.plot([signed_first, first], [y, y], "-", color="black", linewidth=1.5)
            ax.plot(first, y, "s", color="black")
            continue
        # Only the month or year is known: the grey bar spans every day it can be, and the
        # open mark sits in its middle.
        middle = first + (last - first) / 2
        ax.plot([first, last], [y, y], "-", color="#bbbbbb", linewidth=5, solid_capstyle="butt")
        ax.plot([signed_first, middle], [y, y], ":", color="black", linewidth=1.5)
        ax.plot(middle, y, "s", color="black", fillstyle="none")
    labels = [f"{r['partner']}  {_short(r['agreement'])}" for r in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.5)
    ax.set_title(
        "From signature (●) to entry into force (■). Where only the month or year of entry into "
        "force is known: an open mark and\na dotted line, the grey bar spanning every day it can "
        "be after the signing",
        fontsize=9,
    )
    return fig


def _network(kg: KnowledgeGraph, plt):
    import math

    rows = kg.query("agreements").rows
    partners = sorted({row["partner"] for row in rows})
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.text(
        0,
        0,
        "JP",
        ha="center",
        va="center",
        fontsize=14,
        fontweight="bold",
        bbox={"boxstyle": "circle", "facecolor": "white", "edgecolor": "black"},
    )
    for index, partner in enumerate(partners):
        angle = 2 * math.pi * index / len(partners)
        x, y = math.cos(angle), math.sin(angle)
        labels = sorted(
            f"{r['kind']} {(r['signed'] or '')[:4]}" for r in rows if r["partner"] == partner
        )
        for offset, label in enumerate(labels):
            shift = (offset - (len(labels) - 1) / 2) * 0.03
            style = "-" if label.startswith("ACSA") else "--"
            ax.plot([0, x], [shift, y + shift], style, color="black", linewidth=1)
        ax.text(
            x * 1.12,
            y * 1.12,
            partner,
            ha="center",
            va="center",
            fontsize=12,
            bbox={"boxstyle": "circle", "facecolor": "white", "edgecolor": "black"},
        )
        ax.text(x * 0.6, y * 0.6 + 0.05, "\n".join(labels), ha="center", va="bottom", fontsize=7)
    ax.set_title("Japan's agreements: ACSA (solid), RAA (dashed)", fontsize=10)
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.4)
    return fig
