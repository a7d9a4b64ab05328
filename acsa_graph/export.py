"""Writing the graph out: Turtle, JSON-LD or N-Triples, deterministic and atomic."""

from __future__ import annotations

import os
import stat
import sys
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
        from .graph import rdflib_copy

        # A copy of its own, with the canonical blank node labels (kg.graph has random ones).
        ntriples = kg.store.dump_ntriples()
        copy = rdflib_copy(ntriples, keep_labels=True)
        document = json.loads(copy.serialize(format="json-ld", context=context))
        # rdflib orders nodes and values by hash, which changes with every process. JSON-LD
        # arrays are sets, except an @list's, so sorting the others changes no meaning.
        document["@graph"] = _sorted_arrays(document.get("@graph", []))
        data = (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
        _check_json_ld_keeps_every_triple(data, ntriples)
        return data
    # Turtle: Oxigraph's writer, fed the triples in sorted order, so that the same graph always
    # gives the same bytes (grouped by subject, with the package's prefixes). rdflib's longturtle
    # was as deterministic but 30 times slower.
    import pyoxigraph as ox

    from .namespaces import DEFAULT_PREFIXES

    # Lenient: these N-Triples come from Oxigraph's own writer, so checking them again would
    # only cost time (0.46 s against 1.1 s for 900k triples).
    triples = ox.parse(kg.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=DEFAULT_PREFIXES)


def _check_json_ld_keeps_every_triple(data: bytes, expected: bytes) -> None:
    """rdflib's JSON-LD writer leaves out blank nodes that only refer to each other, and
    writes some literals as JSON numbers that read back as other terms ("1.0E0"^^xsd:double
    as 1): better no file than one that silently holds another graph. ``expected`` is the
    graph's canonical N-Triples; the file is read back and compared with it."""
    import pyoxigraph as ox

    from .store import Store

    again = Store()
    try:
        again._store.load(data, format=ox.RdfFormat.JSON_LD, to_graph=ox.DefaultGraph())
        same = again.dump_ntriples() == expected
    except (SyntaxError, ValueError):  # NaN and INF are not JSON
        same = False
    if not same:
        raise InputError(
            "JSON-LD cannot hold this graph as it is (rdflib's writer drops blank nodes that "
            "refer only to each other, and turns some typed numbers into others): export Turtle "
            "or N-Triples"
        )


def _sorted_arrays(value: object) -> object:
    import json

    if isinstance(value, dict):
        # An @list is ordered (an rdf:List): its items keep their places.
        return {
            key: [_sorted_arrays(i) for i in item] if key == "@list" else _sorted_arrays(item)
            for key, item in value.items()
        }
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
    target. The file keeps the permissions it had; a new one gets the usual ones (0666 less the
    umask).

    A path that names this process's standard output or error, however spelt (``/dev/stdout``),
    is written to through that descriptor, appending as the shell set it up; a device or a pipe
    is written to. A symbolic link is refused rather than followed or replaced: following it
    in Python would bypass the kernel's protection against links planted in shared folders."""
    descriptor = _standard_descriptor(path)
    if descriptor is not None:
        _write_to_descriptor(path, descriptor, data)
        return
    if path.is_symlink():
        if str(path).startswith(("/dev/fd/", "/dev/std", "/proc/self/fd/", "/proc/thread-self/")):
            raise InputError(
                f"{path}: names a descriptor that cannot take the output whole (read-only, or a "
                "file open at its start): redirect it with > or >>, or give a file"
            )
        raise InputError(f"{path}: is a symbolic link: give the path of the file it points to")
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_through(path, data)
        return
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{path}: cannot write: folder {folder} does not exist")
    if path.is_dir():
        raise InputError(f"{path}: cannot write: it is a folder")
    mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o666 & ~current_umask()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)  # mkstemp makes it 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)  # replaces a link planted meanwhile, never follows it
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise InputError(f"{path}: cannot write: {error.strerror}") from None
        raise


def _standard_descriptor(path: Path) -> int | None:
    """The descriptor ``path`` is the very file of, among those this process was started with
    (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``, the file the shell redirected
    standard output to): writing to it anew would truncate what the shell appends to (``>>``),
    or fail (a pipe's ``/dev/fd/63``)."""
    from .descriptors import INHERITED

    if str(path) in ("/dev/stdout", "/dev/stderr"):
        stream = sys.stdout if str(path) == "/dev/stdout" else sys.stderr
        if stream is None:  # closed by the shell: its number may now be another file's
            raise InputError(f"{path}: is closed: redirect it to a file, or give a file")
    try:
        named = os.stat(path)
    except (OSError, ValueError):
        return None
    streams = {1: sys.stdout, 2: sys.stderr}
    for descriptor in sorted(INHERITED - {0}):
        if descriptor in streams and streams[descriptor] is None:
            continue
        try:
            if os.path.samestat(named, os.fstat(descriptor)) and _writable(descriptor):
                return descriptor
        except OSError:
            continue
    return None


def _writable(descriptor: int) -> bool:
    """Whether writing to the descriptor gives the whole output and only it: opened for writing
    (a shell's </dev/null is not), and, for a regular file, appending or at its end (1<>file
    at its start would keep the old file's tail after what is written)."""
    import fcntl

    flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
    if flags & os.O_ACCMODE not in (os.O_WRONLY, os.O_RDWR):
        return False
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or flags & os.O_APPEND:
        return True
    return os.lseek(descriptor, 0, os.SEEK_CUR) == status.st_size


def _write_to_descriptor(path: Path, descriptor: int, data: bytes) -> None:
    stream = {1: sys.stdout, 2: sys.stderr}.get(descriptor)
    try:
        if stream is not None:
            stream.flush()  # what was printed before comes first
        with os.fdopen(os.dup(descriptor), "wb") as out:
            out.write(data)
    except BrokenPipeError:
        raise  # the reader stopped reading: not an error (as for standard output itself)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None


def _write_through(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as out:
            out.write(data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None


def current_umask() -> int:
    """The process's umask, read from /proc where it can be: setting it to read it would change
    it, for an instant, for every thread."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
