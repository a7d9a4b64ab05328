"""The ``acsa-graph`` command line: validate, list and run queries, compare, export.

Exit codes: 0 success; 1 validation found violations; 2 bad usage or bad input.
Only what a command needs is imported, so that simple commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import EXIT_OK, EXIT_USAGE, EXIT_VIOLATIONS, AcsaGraphError, InputError

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

EPILOG = """\
examples:
  acsa-graph validate                          check the shipped data against the shapes
  acsa-graph validate mydata.ttl               check your own Turtle files
  acsa-graph queries                           list the named queries and their parameters
  acsa-graph query agreements --format csv     one row per agreement, as CSV
  acsa-graph query coverage --param partner=Italy
  acsa-graph query compare --param a=IT --param b=US
  acsa-graph query my-question.rq              run your own SPARQL from a file (or - for stdin)
  acsa-graph compare UK France Italy           agreements side by side, differences marked
  acsa-graph export --format ttl --output acsa.ttl

exit codes: 0 success, 1 validation found violations, 2 bad usage or bad input
"""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (and exits with it when run as a script)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code = args.run(args)
        if sys.stdout is not None:  # None when the shell closed it (>&-)
            _flush_output()
        return code
    except AcsaGraphError as error:
        print(f"acsa-graph: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("acsa-graph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        # What the system refused and no check foresaw: a path under /proc, a full disk.
        where = f"{error.filename}: " if error.filename else ""
        _discard_unwritten_output()
        print(f"acsa-graph: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE


def _output(data: str | bytes) -> None:
    """Write to standard output; a full disk there is said as such."""
    if sys.stdout is None:
        raise InputError("standard output is closed: redirect it to a file")
    try:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise InputError(f"cannot write the output: {error.strerror or error}") from None


def _flush_output() -> None:
    """Flush standard output here, so that a full disk is reported, not printed as noise after
    main returns."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise InputError(f"cannot write the output: {error.strerror or error}") from None


def _discard_unwritten_output() -> None:
    """Point standard output at /dev/null, so that what could not be written is not tried
    again (with a second error) when Python exits."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acsa-graph",
        description="An open, sourced knowledge graph of Japan's defence cooperation agreements: "
        "validate it, query it with SPARQL, compare agreements and export the graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"acsa-graph {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")

    validate = commands.add_parser(
        "validate",
        help="check data against the ontology and SHACL shapes",
        description="Check Turtle data against the shipped ontology and SHACL shapes. With no "
        "files, checks the shipped data. Prints one line per problem: severity, the node and "
        "property at fault, and what is wrong. Exits 1 if anything does not conform.",
    )
    validate.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="Turtle, N-Triples or JSON-LD files, or folders (default: shipped data)",
    )
    validate.add_argument(
        "--with-shipped-data",
        action="store_true",
        help="check FILEs together with the shipped data, for new records that refer to its "
        "states, people, places and sources",
    )
    _add_store(validate)
    validate.set_defaults(run=_validate)

    queries = commands.add_parser(
        "queries",
        help="list the named queries",
        description="List the named queries with their descriptions and parameters.",
    )
    queries.set_defaults(run=_queries)

    query = commands.add_parser(
        "query",
        help="run a named query or your own SPARQL",
        description="Run a named query (see `acsa-graph queries`), a SPARQL file, or SPARQL from "
        "standard input (-). Parameters of named queries are checked: partners may be given as "
        "ISO codes or names (IT, Italy, UK, 'United States'). In your own SPARQL, "
        "--param name=value binds ?name to the string value, or to an IRI if written <...>; the "
        "prefixes acsa:, agr:, cat:, act:, skos:, rdfs:, xsd: and others are predeclared.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  acsa-graph query agreements --format csv\n"
        "  acsa-graph query coverage --param partner=IT\n"
        "  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?a a acsa:Agreement }' | acsa-graph query -",
    )
    query.add_argument("query", metavar="NAME|FILE|-", help="a query name, a .rq file, or -")
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value; repeat for several",
    )
    _add_format(query)
    _add_data_and_store(query)
    query.set_defaults(run=_query)

    compare = commands.add_parser(
        "compare",
        help="agreements side by side, differences marked",
        description="Show agreements side by side — kind, dates, days from signature to entry "
        "into force, signatories, each category and activity — one column per agreement, with "
        "the rows where they differ marked *. A partner (code or name) stands for its current "
        "agreements. With --only-in and two sides: what each covers or applies to that the "
        "other does not (the named query `compare`).",
    )
    compare.add_argument(
        "sides", nargs="+", metavar="SIDE", help="partners (codes or names) or agreements (slugs)"
    )
    compare.add_argument(
        "--only-in",
        action="store_true",
        help="two sides only: list what one covers or applies to that the other does not",
    )
    _add_format(compare)
    _add_data_and_store(compare)
    compare.set_defaults(run=_compare)

    export = commands.add_parser(
        "export",
        help="write the whole graph as Turtle, JSON-LD or N-Triples",
        description="Write the whole graph — ontology, vocabularies and data — to standard "
        "output or a file. A file is replaced atomically: it never holds half an export. "
        "Turtle and N-Triples output is deterministic, so exports diff cleanly.",
    )
    export.add_argument(
        "--format",
        "-f",
        choices=["ttl", "jsonld", "nt", "void"],
        default=None,
        help="output format (default: from the output suffix, else ttl); void: a DCAT/VoID "
        "description of the dataset",
    )
    export.add_argument("--output", "-o", metavar="PATH", help="file to write (default: stdout)")
    _add_data_and_store(export)
    export.set_defaults(run=_export)

    table = commands.add_parser(
        "table",
        help="flat CSV tables for R, Stata and pandas",
        description="Write a flat CSV table: `agreements`, one row per agreement like the treaty "
        "file of the Defense Cooperation Agreement Dataset (DCAD), or `dyad-years`, one row per "
        "dyad and year in which an agreement was in force, like the Correlates of War dyadic "
        "files; both with COW state codes. The README documents every column.",
    )
    table.add_argument("name", choices=["agreements", "dyad-years"], help="which table")
    table.add_argument(
        "--until", type=int, metavar="YEAR", help="dyad-years: the last year (default: this year)"
    )
    table.add_argument("--output", "-o", metavar="PATH", help="file to write (default: stdout)")
    _add_data_and_store(table)
    table.set_defaults(run=_table)

    figure = commands.add_parser(
        "figure",
        help="draw a figure from the graph (SVG or PNG)",
        description="Draw a figure from the graph with matplotlib (pip install "
        "'acsa-graph[figures]'): coverage (agreements by categories; covered ●, excluded x, not "
        "stated blank), timeline (signature to entry into force, by partner), or network "
        "(Japan and its partners, one edge per agreement).",
    )
    figure.add_argument("name", choices=["coverage", "timeline", "network"], help="which figure")
    figure.add_argument("--output", "-o", required=True, metavar="PATH", help=".svg or .png file")
    _add_data_and_store(figure)
    figure.set_defaults(run=_figure)

    report = commands.add_parser(
        "report",
        help="a static HTML site about the graph, for reading offline",
        description="Write a static HTML site into a folder: an overview, one page per "
        "agreement with every fact and the sources and quotes behind it, the figures (with "
        "matplotlib), the ontology's terms and vocabularies, and each named query with its "
        "SPARQL and result. No scripts, no CDN: it works offline.",
    )
    report.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write")
    _add_data_and_store(report)
    report.set_defaults(run=_report)

    publish = commands.add_parser(
        "publish",
        help="load the graph into a SPARQL server (Graph Store Protocol)",
        description="Replace a graph on a server that speaks the SPARQL 1.1 Graph Store Protocol "
        "with the whole graph (HTTP PUT: publishing twice leaves the same content), then read it "
        "back and check the triple count. Without --graph it replaces the default graph, which "
        "`acsa-graph query --endpoint` reads. Credentials come from the environment only: "
        "ACSA_GRAPH_USER and ACSA_GRAPH_PASSWORD (ACSA_GRAPH_AUTH=digest for Virtuoso), or "
        "ACSA_GRAPH_TOKEN.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  oxigraph serve --location ./store --bind 127.0.0.1:7878 &\n"
        "  acsa-graph publish --endpoint http://127.0.0.1:7878/store\n"
        "  acsa-graph query agreements --endpoint http://127.0.0.1:7878/query",
    )
    publish.add_argument(
        "--endpoint", required=True, metavar="URL", help="the Graph Store Protocol URL"
    )
    publish.add_argument(
        "--graph", metavar="IRI", help="a named graph to replace (default: the default graph)"
    )
    _add_data(publish, "publish")
    publish.set_defaults(run=_publish)

    serve = commands.add_parser(
        "serve",
        help="a local read-only SPARQL endpoint over the graph",
        description="Serve the graph read-only over the SPARQL 1.1 Protocol with the Oxigraph "
        "server: GET and POST, results as JSON, CSV, TSV or XML by content negotiation, Turtle "
        "for CONSTRUCT and DESCRIBE, a query page at /, a time limit per query. Updates and "
        "federated queries (SERVICE) are refused. Binds to 127.0.0.1 unless told otherwise.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    serve.add_argument(
        "--timeout",
        type=int,
        default=30,
        metavar="SECONDS",
        help="time limit per query (default 30)",
    )
    serve.add_argument(
        "--max-result",
        type=_positive_float,
        default=100.0,
        metavar="MB",
        help="largest answer sent, in megabytes; a larger one is refused with HTTP 507 "
        "(default 100)",
    )
    serve.add_argument(
        "--store",
        metavar="oxigraph:PATH",
        help="the store folder to serve from (default: a folder in the user's cache)",
    )
    _add_data(serve, "serve")
    serve.set_defaults(run=_serve)
    return parser


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        "-f",
        choices=["table", "csv", "tsv", "json", "markdown"],
        default="table",
        help="output format: an aligned table (default), CSV, TSV, SPARQL 1.1 results JSON, or "
        "a Markdown table",
    )


def _add_data(parser: argparse.ArgumentParser, verb: str = "use") -> None:
    parser.add_argument(
        "--data",
        action="append",
        metavar="PATH",
        help=f"{verb} these files (.ttl, .nt, .jsonld) or folders instead of the shipped data "
        "(repeatable)",
    )


def _add_data_and_store(parser: argparse.ArgumentParser) -> None:
    _add_data(parser)
    _add_store(parser)


def _add_store(parser: argparse.ArgumentParser) -> None:
    where = parser.add_argument_group("where the graph lives")
    where.add_argument(
        "--store",
        default="memory",
        metavar="memory|oxigraph:PATH",
        help="memory (default: parse the files in process), or oxigraph:PATH, an Oxigraph store "
        "in the folder PATH, filled once, reopened without parsing while the files are unchanged",
    )
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="read the graph from a SPARQL 1.1 query endpoint instead (see `acsa-graph publish`); "
        "credentials come from ACSA_GRAPH_USER/ACSA_GRAPH_PASSWORD or ACSA_GRAPH_TOKEN",
    )
    where.add_argument("--graph", metavar="IRI", help="with --endpoint: the named graph to read")


def _load(args: argparse.Namespace) -> KnowledgeGraph:
    from .graph import load

    _check_graph_option(args)
    return load(args.data, store=args.store, endpoint=args.endpoint, graph=args.graph)


def _check_graph_option(args: argparse.Namespace) -> None:
    if getattr(args, "graph", None) and not getattr(args, "endpoint", None):
        raise InputError("--graph applies to --endpoint only")


def _validate(args: argparse.Namespace) -> int:
    from .graph import load

    _check_graph_option(args)
    if args.endpoint and (args.files or args.with_shipped_data or args.store != "memory"):
        raise InputError("validate reads files or an endpoint, not both")
    if args.endpoint:
        kg = load(endpoint=args.endpoint, graph=args.graph)
    elif args.with_shipped_data:
        kg = load(extra=args.files, store=args.store)
    else:
        kg = load(args.files or None, store=args.store)
    report = kg.validate()
    _output(report.text())
    if args.files and not args.with_shipped_data and not args.endpoint and not report.conforms:
        print(
            "acsa-graph: if these files refer to the shipped states, people, places or sources, "
            "check them with --with-shipped-data",
            file=sys.stderr,
        )
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def _queries(args: argparse.Namespace) -> int:
    from .namedqueries import PARAMETER_TYPES, named_queries

    lines = []
    for query in named_queries().values():
        lines.append(f"{query.name}: {query.title}")
        lines.append(f"    {query.description}")
        for p in query.parameters:
            need = "optional" if p.optional else "required"
            lines.append(f"    --param {p.name}=...  ({need}) {p.description}")
            lines.append(f"        {PARAMETER_TYPES[p.type]}")
    _output("\n".join(lines) + "\n")
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    params = _params(args.param)
    kg = _load(args)
    if args.query == "-":
        result = kg.run_sparql(sys.stdin.read(), params, source="<stdin>")
    elif args.query.endswith(".rq") or "/" in args.query or Path(args.query).is_file():
        path = Path(args.query)
        try:
            text = path.read_text(encoding="utf-8-sig")  # a BOM is not part of the query
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: cannot read the query: {error}") from None
        result = kg.run_sparql(text, params, source=str(path))
    else:
        result = kg.query(args.query, **params)
    _output(result.format(args.format))
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    if len(args.sides) < 2 or (args.only_in and len(args.sides) != 2):
        raise InputError(
            "compare: give two or more sides (partners or agreements), such as "
            "`acsa-graph compare Italy France`; with --only-in, exactly two"
        )
    kg = _load(args)
    _output(kg.compare(*args.sides, only_in=args.only_in).format(args.format))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .export import serialize

    kg = _load(args)
    if args.output:
        kg.export(args.output, args.format)
    else:
        _output(serialize(kg, args.format or "ttl"))
    return EXIT_OK


def _table(args: argparse.Namespace) -> int:
    from .export import write_atomically
    from .tables import to_csv

    if args.until is not None and args.name != "dyad-years":
        raise InputError("--until applies to the dyad-years table only")
    text = to_csv(_load(args).table(args.name, until=args.until), args.name)
    if args.output:
        write_atomically(Path(args.output), text.encode("utf-8"))
    else:
        _output(text)
    return EXIT_OK


def _figure(args: argparse.Namespace) -> int:
    from .figures import figure

    figure(_load(args), args.name, args.output)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .report import build

    pages = build(_load(args), Path(args.output))
    print(f"wrote {len(pages)} files to {args.output}", file=sys.stderr)
    return EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    from .graph import load
    from .publish import publish

    kg = load(args.data)
    count = publish(kg.store.dump_ntriples(), args.endpoint, args.graph)
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"published {count} triples to {where} at {args.endpoint}", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .graph import load
    from .serve import default_store_folder, serve

    if args.store and not args.store.startswith("oxigraph:"):
        raise InputError(f"--store {args.store!r}: serve needs a store folder, oxigraph:PATH")
    folder = Path(args.store.removeprefix("oxigraph:")) if args.store else default_store_folder()
    kg = load(args.data, store=f"oxigraph:{folder}")
    del kg
    return serve(folder, args.host, args.port, args.timeout, args.max_result)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive, finite number")
    return value


def _params(texts: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for text in texts:
        name, value = _split_param(text)
        if name in params:
            raise InputError(
                f"--param {name} is given twice ({params[name]!r} and {value!r}): a parameter "
                "takes one value; run the query once for each"
            )
        params[name] = value
    return params


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise InputError(f"--param {text!r}: write it as NAME=VALUE, like --param partner=IT")
    return name.strip(), value


if __name__ == "__main__":
    sys.exit(main())
