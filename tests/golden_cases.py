"""The golden cases: each named query, with the parameters it is run with, and the file that
holds its expected CSV. Regenerate the files after a deliberate change to the data or queries
with ``python tests/golden_cases.py``, then read the diff before committing it."""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"

CASES: list[tuple[str, dict[str, str]]] = [
    ("agreements", {}),
    ("agreements", {"partner": "Italy"}),
    ("signatories", {}),
    ("coverage", {}),
    ("coverage", {"partner": "UK", "category": "weapons"}),
    ("category", {"category": "ammunition"}),
    ("compare", {"a": "IT", "b": "US"}),
    ("compare", {"a": "jp-au-acsa-2010", "b": "Australia"}),
    ("time-to-force", {}),
    ("japan-signatories", {}),
    ("replacements", {}),
    ("sources", {"agreement": "jp-it-acsa-2024"}),
    ("disputes", {}),
    ("weakly-sourced", {}),
    ("gaps", {}),
]


def golden_path(name: str, params: dict[str, str]) -> Path:
    suffix = "".join(f"--{key}={value}" for key, value in sorted(params.items()))
    return GOLDEN / f"{name}{suffix}.csv"


# The flat tables, with the last year of dyad-years fixed so the golden file does not age.
TABLES: list[tuple[str, dict[str, int]]] = [("agreements", {}), ("dyad-years", {"until": 2026})]


def table_path(name: str) -> Path:
    return GOLDEN / f"table-{name}.csv"


if __name__ == "__main__":
    import acsa_graph
    from acsa_graph.tables import to_csv

    kg = acsa_graph.load()
    GOLDEN.mkdir(exist_ok=True)
    for name, params in CASES:
        path = golden_path(name, params)
        path.write_bytes(kg.query(name, **params).to_csv().encode("utf-8"))
        print(path.relative_to(GOLDEN.parent.parent))
    for name, options in TABLES:
        table_path(name).write_text(to_csv(kg.table(name, **options), name), encoding="utf-8")
        print(table_path(name).relative_to(GOLDEN.parent.parent))
