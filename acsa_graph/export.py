"""Writing the graph out: Turtle, JSON-LD or N-Triples, deterministic and atomic."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "n-triples", "void": "dcat-void"}
_SUFFIXES = {".ttl": "ttl", ".jsonld": "jsonld", ".json": "jsonld", ".nt": "nt"}


def serialize(kg: KnowledgeGraph, format: str) -> bytes:
    """The whole graph in ``format`` (one of ``FORMATS``), as UTF-8 bytes."""
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}: choose one of {', '.join(FORMATS)}")
    if format == "nt":
        return kg.store.dump_ntriples()
    if format == "void":
        from .describe import description

        return description(kg).encode("utf-8")
    if format == "jsonld":
        import json

        from . import resources

        context = json.loads(resources.context_file().read_text(encoding="utf-8"))["@context"]
        document = json.loads(kg.graph.serialize(format="json-ld", context=context))
        # rdflib orders nodes and values by hash, which changes with every process. The arrays
        # here are sets (the context declares no @list), so sorting them changes no meaning.
        document["@graph"] = _sorted_arrays(document.get("@graph", []))
        text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
        return (text + "\n").encode("utf-8")
    # Turtle: Oxigraph's writer, fed the triples in sorted order, so that the same graph always
    # gives the same bytes (grouped by subject, with the package's prefixes). rdflib's longturtle
    # was as deterministic but 30 times slower.
    import pyoxigraph as ox

    from .namespaces import DEFAULT_PREFIXES

    # Lenient: these N-Triples come from Oxigraph's own writer, so checking them again would
    # only cost time (0.46 s against 1.1 s for 900k triples).
    triples = ox.parse(kg.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=DEFAULT_PREFIXES)


def _sorted_arrays(value: object) -> object:
    import json

    if isinstance(value, dict):
        return {key: _sorted_arrays(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def export(kg: KnowledgeGraph, target: str | Path | IO[bytes], format: str | None = None) -> None:
    """Write the graph to a path (atomically) or to a binary stream."""
    if isinstance(target, str | Path):
        path = Path(target)
        chosen = format or _SUFFIXES.get(path.suffix.lower())
        if chosen is None:
            raise InputError(
                f"{path}: cannot tell the format from the file name: end it in .ttl, .jsonld or "
                f".nt, or choose the format ({', '.join(FORMATS)})"
            )
        write_atomically(path, serialize(kg, chosen))
    else:
        target.write(serialize(kg, format or "ttl"))


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` so that readers see the old file or the new
    one, never a half-written one: write a temporary file beside it, then rename it over the
    target. A symbolic link is followed (its target is replaced, the link kept); a device or a
    pipe (``/dev/stdout``, a FIFO) cannot be replaced, so it is written to directly. The file
    keeps the permissions it had; a new one gets the usual ones (0666 less the umask)."""
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_through(path, data)
        return
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"{path}: cannot write: folder {path.parent} does not exist")
    if target.is_dir():
        raise InputError(f"{path}: cannot write: it is a folder")
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~current_umask()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)  # mkstemp makes it 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise InputError(f"{path}: cannot write: {error.strerror}") from None
        raise


def _write_through(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as out:
            out.write(data)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
