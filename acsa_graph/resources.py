"""Where the shipped ontology, data and queries are.

In an installed wheel they sit inside the package (``acsa_graph/ontology`` ...); in a source
checkout they sit at the top of the repository, next to the package. Both layouts are found here
and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    if (_PACKAGE / "ontology").is_dir():
        return _PACKAGE
    return _PACKAGE.parent


def ontology_dir() -> Path:
    """The folder holding the ontology, vocabularies, shapes and alignments."""
    return _root() / "ontology"


def data_dir() -> Path:
    """The folder holding the data: states, people, places, sources and one file per agreement."""
    return _root() / "data"


def queries_dir() -> Path:
    """The folder holding the named queries, one ``.rq`` file each."""
    return _root() / "queries"


def ontology_files() -> list[Path]:
    """The ontology and its vocabularies: the model that every graph is loaded with."""
    return [ontology_dir() / "acsa.ttl", ontology_dir() / "vocabularies.ttl"]


def shapes_file() -> Path:
    """The SHACL shapes that say what makes the data right."""
    return ontology_dir() / "shapes.ttl"


def alignments_file() -> Path:
    """Mappings of the ontology to schema.org, ELI, W3C ORG and Wikidata."""
    return ontology_dir() / "alignments.ttl"


def context_file() -> Path:
    """The JSON-LD context that gives the ontology's terms short names (``party``, ``covers``)."""
    return ontology_dir() / "context.jsonld"


def data_files() -> list[Path]:
    """Every Turtle file of the shipped data, in a stable order."""
    return sorted(data_dir().rglob("*.ttl"))
