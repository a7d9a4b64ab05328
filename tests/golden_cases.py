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


if __name__ == "__main__":
    import acsa_graph

    kg = acsa_graph.load()
    GOLDEN.mkdir(exist_ok=True)
    for name, params in CASES:
        path = golden_path(name, params)
        path.write_bytes(kg.query(name, **params).to_csv().encode("utf-8"))
        print(path.relative_to(GOLDEN.parent.parent))
