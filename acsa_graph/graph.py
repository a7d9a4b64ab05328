"""The knowledge graph: ontology, vocabularies and data in one store, and what researchers do
with it — query, validate, compare, export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from . import namedqueries, resources
from .errors import InputError, ParameterError
from .namedqueries import NAME, NamedQuery, Parameter
from .namespaces import DEFAULT_PREFIXES, compact
from .results import QueryResult
from .store import Store, expand_paths

if TYPE_CHECKING:
    import rdflib

    from .remote import RemoteStore
    from .validation import ValidationReport

Bound = ox.NamedNode | ox.Literal
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


class KnowledgeGraph:
    """Japan's defence cooperation agreements as one RDF graph, with the operations on it.

    Create one with :func:`acsa_graph.load`.
    """

    def __init__(self, store: Store | RemoteStore, files: list[Path]) -> None:
        self.store = store
        #: The files the graph was loaded from, in load order.
        self.files = files
        self._graph: rdflib.Graph | None = None
        #: Whether this load parsed the files (False when a persisted store already held them).
        self.reloaded = True
        self._lookups: dict[str, dict[str, Bound]] = {}

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self)} triples from {len(self.files)} files>"

    # -- queries ---------------------------------------------------------------------------------

    def query(self, name_or_sparql: str, **params: str) -> QueryResult:
        """Answer a named query (``"agreements"``) or any SPARQL SELECT or ASK query.

        Named-query parameters are given as keywords (``partner="IT"``) and checked against the
        query's header: an unknown partner, agreement or category, or a malformed IRI, is a
        :class:`ParameterError`. In your own SPARQL, ``name="value"`` binds ``?name`` to the string
        ``value``, or to an IRI if written ``"<http://...>"``. Values are bound by the engine,
        never pasted into the query text.
        """
        if NAME.match(name_or_sparql):
            named = namedqueries.get(name_or_sparql)
            return self.store.query(named.sparql, self._bind(named, params), source=str(named.path))
        return self.run_sparql(name_or_sparql, params)

    def run_sparql(
        self, sparql: str, params: Mapping[str, str] | None = None, *, source: str = "query"
    ) -> QueryResult:
        """Run your own SPARQL; ``params`` bind ``?name`` to a string, or an IRI if ``<...>``.

        ``source`` names the query in error messages (a file name, say).
        """
        return self.store.query(sparql, _bind_free(params or {}), source=source)

    def bindings(self, name: str, **params: str) -> dict[str, rdflib.term.Identifier]:
        """The terms a named query's parameters bind, as rdflib terms: to run the query's SPARQL
        on another engine, e.g. ``graph.query(sparql, initBindings=...)`` in rdflib."""
        import rdflib

        return {
            variable: rdflib.URIRef(term.value)
            if isinstance(term, ox.NamedNode)
            else rdflib.Literal(term.value)
            for variable, term in self._bind(namedqueries.get(name), params).items()
        }

    def queries(self) -> list[NamedQuery]:
        """The named queries shipped with the graph."""
        return list(namedqueries.named_queries().values())

    def compare(self, *sides: str, only_in: bool = False) -> QueryResult:
        """Compare partners (codes or names: their current agreements) or agreements (slugs or
        IRIs): side by side, one column per agreement with the differing aspects marked (see
        :meth:`side_by_side`); or, with ``only_in`` and two sides, what each covers or applies to
        that the other does not (the named query ``compare``)."""
        from .sidebyside import resolve_side

        named: dict[str, str] = {}
        for side in sides:
            term = resolve_side(self, side).value
            if term in named:
                raise ParameterError(
                    f"compare: {named[term]!r} and {side!r} name the same side: give each once"
                )
            named[term] = side
        if only_in:
            if len(sides) != 2:
                raise ParameterError("compare with only_in takes exactly two sides")
            return self.query("compare", a=sides[0], b=sides[1])
        return self.side_by_side(*sides)

    def table(self, name: str, *, until: int | None = None) -> list[dict[str, str]]:
        """A flat table for R, Stata or pandas: ``"agreements"`` (one row per agreement, like
        DCAD's treaty file) or ``"dyad-years"`` (one row per dyad and year in force, like COW's
        dyadic files, up to ``until``, by default this year). See ``tables.COLUMNS``."""
        from . import tables

        if name == "agreements":
            return tables.agreements(self)
        if name == "dyad-years":
            import datetime

            return tables.dyad_years(self, until or datetime.date.today().year)
        raise ParameterError(f"unknown table {name!r}: choose agreements or dyad-years")

    def side_by_side(self, *sides: str) -> QueryResult:
        """Agreements side by side — kind, dates, days to entry into force, signatories,
        categories, activities — one column per agreement and a ``differs`` column marking the
        aspects where they differ. A partner (code or name) stands for its current agreements."""
        from .sidebyside import side_by_side

        return side_by_side(self, *sides)

    # -- validation and export -------------------------------------------------------------------

    def validate(self) -> ValidationReport:
        """Check the graph against the shipped SHACL shapes; see :class:`ValidationReport`."""
        from .validation import validate

        return validate(self.graph, self.store)

    def export(self, target: str | Path | IO[bytes], format: str | None = None) -> None:
        """Write the whole graph as Turtle (``ttl``), JSON-LD (``jsonld``) or N-Triples (``nt``).

        With a path, the format defaults to the path's suffix and the file is replaced
        atomically: it holds either the previous content or the complete new one.
        Turtle and N-Triples output is deterministic.
        """
        from .export import export

        export(self, target, format)

    @property
    def graph(self) -> rdflib.Graph:
        """The graph as an ``rdflib.Graph``, for rdflib and the tools built on it.

        It is a copy of the store made on first use: changes to it do not reach ``query``.
        """
        if self._graph is None:
            self._graph = rdflib_copy(self.store.dump_ntriples(canonical=False))
        return self._graph

    # -- parameters ------------------------------------------------------------------------------

    def _bind(self, named: NamedQuery, params: dict[str, str]) -> dict[str, Bound]:
        unknown = [name for name in params if named.parameter(name) is None]
        if unknown:
            known = ", ".join(p.name for p in named.parameters)
            raise ParameterError(
                f"query {named.name!r} has no parameter {unknown[0]!r}: "
                + (f"its parameters are {known}" if known else "it takes none")
            )
        bound: dict[str, Bound] = {}
        for parameter in named.parameters:
            value = params.get(parameter.name)
            if value is None:
                if not parameter.optional:
                    raise ParameterError(
                        f"query {named.name!r} needs parameter {parameter.name!r}: "
                        f"{parameter.description} ({namedqueries.PARAMETER_TYPES[parameter.type]})"
                    )
                continue
            bound[parameter.name] = self._resolve(named, parameter, str(value))
        return bound

    def _resolve(self, named: NamedQuery, parameter: Parameter, value: str) -> Bound:
        where = f"query {named.name!r}, parameter {parameter.name!r}"
        kind = parameter.type
        if kind == "string":
            return ox.Literal(value)
        if kind == "iri":
            if not _IRI.match(value):
                raise ParameterError(
                    f"{where}: {value!r} is not an absolute IRI (like https://example.org/x)"
                )
            return ox.NamedNode(value)
        tables = {
            "partner": ["partner"],
            "agreement": ["agreement"],
            "partner-or-agreement": ["agreement", "state"],
            "category": ["category"],
            "activity": ["activity"],
        }[kind]
        for table in tables:
            found = self._lookup(table).get(_key(value))
            if found is None:
                continue
            if table in ("partner", "state") and _short(found.value) == "JP":
                raise ParameterError(
                    f"{where}: Japan is a party to every agreement: name its partner instead"
                )
            return found
        choices = sorted({_short(term.value) for t in tables for term in self._lookup(t).values()})
        choices = [c for c in choices if c != "JP"]
        raise ParameterError(
            f"{where}: {value!r} is not a known {kind.replace('-', ' ')}: "
            f"choose one of {', '.join(choices)}"
        )

    def _lookup(self, table: str) -> dict[str, Bound]:
        """What researchers type (codes, names, slugs, notations), mapped to the term a parameter
        type binds. Each table is built on first use, and only the tables a parameter needs: the
        agreements table alone took 0.1 s on a persisted 1M-triple store."""
        if table not in self._lookups:
            if table in ("partner", "state"):
                self._lookups.update(self._state_tables())
            elif table == "agreement":
                self._lookups.update(self._agreement_table())
            else:
                self._lookups.update(self._concept_tables())
        return self._lookups[table]

    def _state_tables(self) -> dict[str, dict[str, Bound]]:
        tables: dict[str, dict[str, Bound]] = {"partner": {}, "state": {}}
        states = self.store.query(
            # A partner is a state that is party to at least one agreement.
            "SELECT DISTINCT ?state ?code ?name WHERE { ?state acsa:iso3166Alpha2 ?code . "
            "FILTER EXISTS { ?agreement acsa:party ?state } "
            # COW's abbreviations too (UKG, GMY, AUL): the tables print them.
            "OPTIONAL { ?state rdfs:label|skos:altLabel|acsa:cowStateAbbreviation ?name } }"
        )
        for state, code, name in states.terms:
            for said in [code, name] if name is not None else [code]:
                tables["partner"][_key(said.value)] = ox.Literal(code.value)
                tables["state"][_key(said.value)] = ox.NamedNode(state.value)
        return tables

    def _agreement_table(self) -> dict[str, dict[str, Bound]]:
        table: dict[str, Bound] = {}
        for (agreement,) in self.store.query("SELECT ?a WHERE { ?a a acsa:Agreement }").terms:
            term = ox.NamedNode(agreement.value)
            # As written in the data, in tables (agr:slug) and in SPARQL (<IRI>).
            for said in (agreement.value, _short(agreement.value), compact(agreement.value)):
                table[_key(said)] = term
                table[_key(f"<{said}>")] = term
        return {"agreement": table}

    def _concept_tables(self) -> dict[str, dict[str, Bound]]:
        tables: dict[str, dict[str, Bound]] = {"category": {}, "activity": {}}
        concepts = self.store.query(
            "SELECT ?scheme ?concept ?notation WHERE { ?concept skos:inScheme ?scheme ; "
            "skos:notation ?notation . VALUES ?scheme { cat:scheme act:scheme } }"
        )
        for scheme, concept, notation in concepts.terms:
            table = "category" if scheme.value.endswith("/category/scheme") else "activity"
            term = ox.Literal(notation.value)
            tables[table][_key(notation.value)] = term
            tables[table][_key(concept.value)] = term
        return tables


def load(
    data: Iterable[str | Path] | None = None,
    *,
    extra: Iterable[str | Path] = (),
    store: str = "memory",
    endpoint: str | None = None,
    graph: str | None = None,
) -> KnowledgeGraph:
    """Load the knowledge graph: the ontology and vocabularies, and the data.

    ``data`` replaces the shipped data with your own Turtle files or folders; ``extra`` adds files
    to it. ``store`` chooses where the graph lives: ``"memory"`` (the default: parsed into an
    in-process Oxigraph store), or ``"oxigraph:PATH"`` (an Oxigraph store persisted in the folder
    PATH: the files are parsed into it once, and later loads of the same files open it without
    parsing them again). ``endpoint`` instead reads a graph already published to a SPARQL 1.1
    endpoint (see ``acsa-graph publish``); ``graph`` then names the graph to read there.

    Raises :class:`InputError` naming the file, line and column of anything unparseable.
    """
    if endpoint is not None:
        from .remote import RemoteStore

        if data is not None or tuple(extra) or store != "memory":
            raise ParameterError(
                "an endpoint is read as it is: give files (data, extra, store) or an endpoint, "
                "not both"
            )
        return KnowledgeGraph(RemoteStore(endpoint, graph=graph), [])
    files = resources.ontology_files()
    files += resources.data_files() if data is None else expand_paths(data)
    files += expand_paths(extra)
    if store == "memory":
        memory = Store()
        memory.load_files(files)
        return KnowledgeGraph(memory, files)
    if store.startswith("oxigraph:") and store != "oxigraph:":
        persisted, reloaded = open_persisted(Path(store.removeprefix("oxigraph:")), files)
        kg = KnowledgeGraph(persisted, files)
        kg.reloaded = reloaded
        return kg
    raise ParameterError(f"unknown store {store!r}: use 'memory' or 'oxigraph:PATH'")


MARKER = "acsa-graph-files.json"


def open_persisted(path: Path, files: list[Path]) -> tuple[Store, bool]:
    """Open the Oxigraph store in ``path``, parsing ``files`` into it only if it does not hold
    exactly them already (their paths, sizes and times are kept beside the data, in a marker
    file that also says the folder is acsa-graph's: any other non-empty folder is refused, so
    that no one's files, nor another program's database, are ever cleared).

    Returns the store and whether the files were parsed."""
    fingerprint = _fingerprint(files)
    marker = path / MARKER
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: is a file: --store oxigraph:PATH takes a folder for the store")
    if path.is_dir() and not marker.is_file() and any(path.iterdir()):
        raise InputError(
            f"{path}: is a folder that acsa-graph did not make (or a store whose first load was "
            "stopped, by an older version): give a new or empty folder for the store"
        )
    # A marker without a database beside it (removed by hand) means: fill again.
    if _marked_files(marker) == fingerprint and (path / "CURRENT").is_file():
        return Store(path, read_only=True), False
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{path}: cannot create the store's folder: {error.strerror}") from None
    from .export import write_atomically

    # Claimed before anything is loaded, and marked as holding nothing until the load is done.
    write_atomically(marker, json.dumps({"files": None}).encode("utf-8"))
    store = Store(path)
    store.clear()
    try:
        store.load_files(files)
    except BaseException:
        store.clear()
        store.flush()
        raise
    store.flush()
    write_atomically(marker, json.dumps({"files": fingerprint}, indent=1).encode("utf-8"))
    return store, True


def _marked_files(marker: Path) -> object:
    """The files a store's marker lists; None if it lists none or cannot be read."""
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return content.get("files") if isinstance(content, dict) else None


def _fingerprint(files: list[Path]) -> list[list[str | int | None]]:
    """Names, sizes and modification times of the files: reading 100 MB of data to hash it
    would cost more than the query a persisted store is there to make fast. Kept as they are,
    not hashed: hashlib's import alone cost 3 ms of each start."""
    stamps = []
    for path in files:
        stat = path.stat() if path.is_file() else None
        if stat is None:
            stamps.append([str(path), None, None])
        else:
            stamps.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    return stamps


def rdflib_copy(ntriples: bytes, *, keep_labels: bool = False) -> rdflib.Graph:
    """An rdflib graph of N-Triples, with the package's prefixes. ``keep_labels`` keeps the
    blank nodes' labels (canonical ones, for a deterministic export) where rdflib would give
    each a new random one; otherwise two copies never share a blank node."""
    import logging

    import rdflib

    graph = rdflib.Graph()
    # rdflib logs a traceback for each literal it cannot read as its datatype (a date
    # "2020-13-45"); the shapes report those as violations, with the node and value.
    literals = logging.getLogger("rdflib.term")
    level = literals.level
    literals.setLevel(logging.ERROR)
    try:
        graph.parse(
            data=ntriples.decode("utf-8"),
            format="nt",
            bnode_context=_SameLabels() if keep_labels else None,
        )
    except Exception as error:  # rdflib's parser raises its own types (RDF 1.2 triple terms)
        raise InputError(f"rdflib cannot hold this graph: {error}") from None
    finally:
        literals.setLevel(level)
    for prefix, namespace in DEFAULT_PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


class _SameLabels(dict):
    """For rdflib's N-Triples parser: each blank node keeps its label (rdflib would give it a
    new random one), so that what is serialised from the copy is the same in every run."""

    def get(self, key: str, default: object = None) -> str:
        return key


def _bind_free(params: Mapping[str, str]) -> dict[str, Bound]:
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in params.items():
        if not re.match(r"^\w+$", name):
            raise ParameterError(f"parameter name {name!r} is not a SPARQL variable name")
        text = str(value)
        if text.startswith("<") and text.endswith(">"):
            if not _IRI.match(text[1:-1]):
                raise ParameterError(f"parameter {name!r}: {text} is not an absolute IRI")
            bound[name] = ox.NamedNode(text[1:-1])
        else:
            bound[name] = ox.Literal(text)
    return bound


def _key(text: str) -> str:
    """How a typed name is compared: case, dots, 'the' and spacing do not matter."""
    words = re.sub(r"[.\s]+", " ", text.replace(".", "")).strip().casefold()
    return re.sub(r"^the ", "", words)


def _short(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
