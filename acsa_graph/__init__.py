"""acsa-graph: an open, sourced knowledge graph of Japan's defence cooperation agreements.

>>> import acsa_graph
>>> kg = acsa_graph.load()
>>> kg.query("agreements", partner="IT").rows[0]["signed"]
'2024-11-25'
"""

from __future__ import annotations

import os as _os

# The descriptors this process was started with (the shell's redirections, like 3>>log or
# >(wc -c)): written to when named as /dev/fd/N, unlike any the process opens itself later.
try:
    INHERITED_DESCRIPTORS = frozenset(int(fd) for fd in _os.listdir("/proc/self/fd"))
except OSError:
    INHERITED_DESCRIPTORS = frozenset({1, 2})

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
