"""acsa-graph: an open, sourced knowledge graph of Japan's defence cooperation agreements.

>>> import acsa_graph
>>> kg = acsa_graph.load()
>>> kg.query("agreements", partner="IT").rows[0]["signed"]
'2024-11-25'
"""

from __future__ import annotations

# First, before anything opens a file: the descriptors the process was started with.
from .descriptors import INHERITED as _INHERITED  # noqa: F401
from .errors import AcsaGraphError, InputError, ParameterError
from .graph import KnowledgeGraph, load
from .results import QueryResult, Term

__version__ = "0.1.0"

__all__ = [
    "AcsaGraphError",
    "InputError",
    "KnowledgeGraph",
    "ParameterError",
    "QueryResult",
    "Term",
    "__version__",
    "load",
]
