"""The embedded triple store behind a knowledge graph: Oxigraph, in process.

In memory by default, or persisted in a folder so that a later process opens it without parsing
the files again. Files go in once (with errors that name the file, line and column); SPARQL comes
out, with parameters substituted as RDF terms by the engine (SPARQL SEP-0007), never pasted into
the text. ``remote.RemoteStore`` offers the same methods over a SPARQL endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import DEFAULT_PREFIXES
from .results import QueryResult, Term

# What the command reads, including its own exports (JSON-LD reads back to the same triples).
_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the ``.ttl``, ``.nt`` and ``.jsonld`` files inside any folder given,
    in a stable order."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in _FORMATS and p.is_file())
            if not found:
                raise InputError(f"{path}: folder holds no .ttl, .nt or .jsonld files")
            files.extend(found)
        else:
            files.append(path)
    return files


class Store:
    """An Oxigraph store holding one graph (the default graph): in memory, or in ``path``."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as error:
            busy = " (is another acsa-graph process writing to it?)" if "lock" in str(error) else ""
            raise InputError(f"{path}: cannot open the store: {_clean(str(error))}{busy}") from None
        except RuntimeError as error:  # RocksDB: "Corruption: ..."
            raise InputError(
                f"{path}: the store is damaged ({_clean(str(error))}): delete the folder; it is "
                "filled again from the files"
            ) from None

    def clear(self) -> None:
        """Remove every triple."""
        self._store.clear()

    def flush(self) -> None:
        """Write what was loaded to disk (a persisted store only)."""
        if self.path is not None:
            self._store.flush()

    def load_files(self, paths: Iterable[Path]) -> None:
        """Parse each Turtle (``.ttl``), N-Triples (``.nt``) or JSON-LD (``.jsonld``) file.

        Oxigraph reads the files itself, so that nothing is held twice in Python's memory.
        Raises InputError naming the file, and the line and column where parsing failed.
        """
        for path in paths:
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        """Parse one file; its suffix chooses the format."""
        rdf_format = _FORMATS.get(path.suffix.lower())
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a file: give .ttl files, or the folder")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        if rdf_format is None:
            raise InputError(
                f"{path}: unknown file type {path.suffix!r}: give .ttl, .nt or .jsonld files"
            )
        try:
            if path.stat().st_size == 0:
                raise InputError(f"{path}: file is empty: give a Turtle file with triples")
            self._store.load(path=str(path), format=rdf_format, to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            where = f"{path}:{error.lineno}:{error.offset}" if error.lineno else f"{path}"
            message = _clean(str(error))
            if "Invalid UTF-8" in message:
                raise InputError(f"{where}: not UTF-8: save the file as UTF-8") from None
            # The location is said once, in front, as compilers do.
            message = re.sub(r"^Parser error (at|between) line [\w ]*?: ", "", message)
            message = message.removesuffix(f" ({path}, line {error.lineno})")
            if "A dot is expected" in message:
                message += " (the statement before this point lacks its final '.')"
            raise InputError(f"{where}: invalid RDF: {message}") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None

    def __len__(self) -> int:
        return len(self._store)

    def query(
        self,
        sparql: str,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        *,
        source: str = "query",
    ) -> QueryResult:
        """Run a SELECT or ASK query; ``substitutions`` bind variables to terms before it runs."""
        bound = {ox.Variable(name): term for name, term in (substitutions or {}).items()}
        at_top = values_at_top(sparql, substitutions or {})
        if at_top is not None:
            # Oxigraph joins substituted values only after evaluating the query: the partner
            # parameter of `agreements` took 0.3 s at 1M triples as a substitution, 1 ms here.
            sparql, bound = at_top, {}
        try:
            answer = self._store.query(sparql, prefixes=DEFAULT_PREFIXES, substitutions=bound)
        except SyntaxError as error:
            raise InputError(syntax_message(sparql, str(error), source)) from None
        except RuntimeError as error:
            # Oxigraph substitutes only variables that the query projects (SEP-0007).
            raise InputError(f"{source}: cannot bind a parameter: {_clean(str(error))}") from None
        except OSError as error:
            raise InputError(f"{source}: query failed: {error}") from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            raise InputError(
                f"{source}: CONSTRUCT and DESCRIBE queries are not supported here: "
                "write a SELECT query, or use `acsa-graph export` for the graph itself"
            )
        columns = [variable.value for variable in answer.variables]
        # Convert each distinct term once: results repeat partners, kinds and categories.
        converted: dict[object, Term | None] = {None: None}

        def convert(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Term | None:
            found = converted.get(term, converted)
            if found is converted:
                found = converted[term] = _term(term)
            return found  # type: ignore[return-value]

        rows = [tuple(map(convert, solution)) for solution in answer]
        return QueryResult(columns=columns, terms=rows)

    def dump_ntriples(self, *, canonical: bool = True) -> bytes:
        """Every triple as N-Triples, one per line, sorted: the same graph always gives the same
        bytes, whatever order its files were loaded in. ``canonical`` relabels blank nodes
        (they get random labels at every load) as the W3C's RDF Dataset Canonicalization
        (RDFC-1.0) does, so that their labels depend only on the graph; it can be slow for
        many indistinguishable blank nodes (a list of 300 equal items: 2 s)."""
        raw = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        if canonical and (_has_blank_nodes(raw) or b"<<(" in raw):  # or in a triple term
            dataset = ox.Dataset(ox.parse(raw, format=ox.RdfFormat.N_TRIPLES))
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
            raw = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
        # Sort the bytes (UTF-8 sorts as code points do), splitting on b"\n" only: splitlines()
        # would also split inside literals holding U+2028, U+0085 and other characters N-Triples
        # leaves unescaped. The store holds no duplicates.
        lines = raw.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the empty string after the last line's newline
        lines.sort()
        lines.append(b"")  # so that the last line ends with a newline too
        return b"\n".join(lines) if len(lines) > 1 else b""


def _has_blank_nodes(ntriples: bytes) -> bool:
    """Whether N-Triples (as Oxigraph writes them: one space between terms) hold a blank node:
    one opens a line, or ends one as its object. A literal holding "_:" is not one."""
    return (
        ntriples.startswith(b"_:")
        or b"\n_:" in ntriples
        or re.search(rb" _:[^ \n]+ \.\n", ntriples) is not None
    )


def values_block(substitutions: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """``VALUES (?a ?b) { (term term) }``, the terms written as escaped N-Triples terms."""
    names = " ".join(f"?{name}" for name in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def values_at_top(
    sparql: str, substitutions: Mapping[str, ox.NamedNode | ox.Literal]
) -> str | None:
    """The query with its parameters bound by a VALUES block placed first in its top-level
    WHERE group (a line ``WHERE {``, as the named queries write it), where engines use it to
    narrow everything after; None when there is nothing to bind or no such line."""
    if not substitutions:
        return None
    lines = sparql.splitlines()
    for index, line in enumerate(lines):
        if line.rstrip() == "WHERE {":
            block = "  " + values_block(substitutions)
            return "\n".join([*lines[: index + 1], block, *lines[index + 1 :]]) + "\n"
    return None


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return Term("literal", term.value, lang=term.language)
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Term("literal", term.value)
        return Term("literal", term.value, datatype=datatype)
    return Term("literal", str(term))


UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def syntax_message(sparql: str, error: str, source: str) -> str:
    """Oxigraph's parse error said for a researcher: where (file:line:column), and what to do
    about the common cases (an undeclared prefix, an update, an empty query) instead of the
    parser's list of expected characters."""
    match = re.match(r"error at (\d+):(\d+): (.*)", _clean(error))
    where, detail = (f"{source}:{match[1]}:{match[2]}", match[3]) if match else (source, error)
    # The query without comments, strings and IRIs, to look at its words.
    bare = re.sub(
        r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|#[^\n]*|"(?:[^"\\\n]|\\.)*"'
        r"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>",
        " ",
        sparql,
    )
    words = re.sub(r"\bPREFIX\s+\S*:|\bBASE\b", " ", bare, flags=re.I).split()
    if not words:
        return f"{source}: the query is empty: write a SELECT or ASK query"
    if words[0].upper() in UPDATES:
        return (
            f"{source}: {words[0].upper()} is an update: the graph is read here, not changed; "
            "write a SELECT or ASK query (or edit the Turtle files)"
        )
    if words[0].upper() not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return f"{source}: a query starts with SELECT or ASK, not {words[0]!r}"
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w.-]*):", sparql, flags=re.I)}
    used = re.findall(r"(?<![\w?$:])([A-Za-z][\w.-]*):(?=[\w])", bare)
    missing = [p for p in dict.fromkeys(used) if p.lower() not in declared | set(DEFAULT_PREFIXES)]
    if missing:  # whatever the parser says, an undeclared prefix is the thing to fix
        return (
            f"{where}: prefix {missing[0]}: is not declared: add a PREFIX line for it "
            f"(declared already: {', '.join(p + ':' for p in DEFAULT_PREFIXES)})"
        )
    if len(detail) > 160:  # a list of character classes helps nobody
        detail = detail[:157] + "..."
    return f"{where}: SPARQL syntax error: {detail}"


def _clean(message: str) -> str:
    return " ".join(message.split())
