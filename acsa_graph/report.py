"""``acsa-graph report``: a static HTML site about the graph that works offline.

An overview, one page per agreement with every fact and the sources and quotes behind it, the
figures (when matplotlib is installed), the ontology's terms and vocabularies, and each named query
with its SPARQL and its result. Plain HTML and one stylesheet: no scripts, no CDN.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .export import write_atomically

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .results import QueryResult

STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#111}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}pre{background:#f6f6f6;padding:.75rem;overflow-x:auto;font-size:.85rem}
nav a{margin-right:1rem}blockquote{margin:.25rem 0 .25rem 1rem;color:#444;font-style:italic}
.kind{font-size:.8rem;color:#555}img{max-width:100%}"""

EVENTS = """
SELECT ?agreement ?event ?kind ?date ?place ?person ?office ?actingFor ?comment WHERE {
  ?agreement acsa:event ?event .
  ?event acsa:eventKind/skos:notation ?kind ; acsa:date ?dateValue .
  BIND(STR(?dateValue) AS ?date)
  OPTIONAL { ?event acsa:place/rdfs:label ?placeLabel FILTER(LANG(?placeLabel) = "en") }
  OPTIONAL { ?event acsa:signatory/rdfs:label ?personLabel FILTER(LANG(?personLabel) = "en") }
  OPTIONAL { ?event acsa:office ?officeLabel FILTER(LANG(?officeLabel) = "en") }
  OPTIONAL { ?event acsa:actingFor/acsa:iso3166Alpha2 ?actingFor }
  OPTIONAL { ?event rdfs:comment ?comment }
  BIND(STR(?placeLabel) AS ?place) BIND(STR(?personLabel) AS ?person)
  BIND(STR(?officeLabel) AS ?office)
} ORDER BY ?date ?kind ?event
"""

EVIDENCE = """
SELECT ?node ?link ?url ?kind ?publisher ?title WHERE {
  ?node ?link ?source .
  ?source acsa:url ?urlValue ; acsa:sourceKind/skos:notation ?kind ; dct:publisher ?publisher .
  OPTIONAL { ?source dct:title ?titleValue }
  BIND(STR(?urlValue) AS ?url) BIND(STR(?titleValue) AS ?title)
} ORDER BY ?url
"""

QUOTES = (
    "SELECT ?node ?link ?quote WHERE { ?node ?link ?value . BIND(STR(?value) AS ?quote) } "
    "ORDER BY ?quote"
)


def build(kg: KnowledgeGraph, folder: Path) -> list[Path]:
    """Write the site into ``folder`` (created if needed); return the pages written."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agreements").mkdir(exist_ok=True)
    written = [_write(folder / "style.css", STYLE)]
    figures = _figures(kg, folder)
    agreements = kg.query("agreements")
    for row in agreements.rows:
        slug = row["agreement"].rsplit("/", 1)[1]
        written.append(_write(folder / "agreements" / f"{slug}.html", _agreement(kg, row, slug)))
    written.append(_write(folder / "index.html", _index(kg, agreements, figures)))
    written.append(_write(folder / "queries.html", _queries(kg)))
    reference = _ontology_reference()
    if reference is not None:
        written.append(_write(folder / "ontology-reference.html", reference))
    written.append(_write(folder / "ontology.html", _ontology(kg, reference is not None)))
    return written


def _write(path: Path, text: str) -> Path:
    write_atomically(path, text.encode("utf-8"))
    return path


def _page(title: str, body: str, depth: int = 0) -> str:
    up = "../" * depth
    nav = (
        f'<nav><a href="{up}index.html">Overview</a><a href="{up}queries.html">Queries</a>'
        f'<a href="{up}ontology.html">Ontology</a></nav>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} — acsa-graph</title>"
        f'<link rel="stylesheet" href="{up}style.css"></head>\n<body>{nav}\n'
        f"<h1>{escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def _table(result: QueryResult, link_agreements: str | None = None) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in result.columns)
    rows = []
    for row in result.values():
        cells = []
        for column, value in zip(result.columns, row, strict=True):
            text = escape(value or "")
            if link_agreements is not None and column == "agreement" and value:
                slug = value.rsplit("/", 1)[1]
                text = f'<a href="{link_agreements}{slug}.html">{escape(slug)}</a>'
            elif value and value.startswith(("http://", "https://")) and column in ("url",):
                text = f'<a href="{escape(value)}">{escape(value)}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _figures(kg: KnowledgeGraph, folder: Path) -> list[str]:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return []
    from .figures import FIGURES, figure

    for name in FIGURES:
        figure(kg, name, folder / f"{name}.svg")
    return list(FIGURES)


def _index(kg: KnowledgeGraph, agreements: QueryResult, figures: list[str]) -> str:
    from .figures import FIGURES

    body = [
        f"<p>{len(agreements)} agreements between Japan and its partners, {len(kg)} triples. Every "
        "fact links to the document it was read in; dates have the precision their sources "
        'give. See also the <a href="queries.html">named queries</a> and the '
        '<a href="ontology.html">ontology</a>.</p>',
        "<h2>Agreements</h2>",
        _table(agreements, link_agreements="agreements/"),
    ]
    for name in figures:
        body.append(
            f"<h2>Figure: {escape(name)}</h2><p>{escape(FIGURES[name])}</p>"
            f'<img src="{name}.svg" alt="{escape(FIGURES[name])}">'
        )
    return _page("Japan's defence cooperation agreements", "\n".join(body))


def _evidence(kg: KnowledgeGraph, node: str, link: str, quote_link: str) -> str:
    sources = kg.run_sparql(EVIDENCE, {"node": f"<{node}>", "link": f"<{link}>"})
    quotes = kg.run_sparql(QUOTES, {"node": f"<{node}>", "link": f"<{quote_link}>"})
    parts = [f"<blockquote>{escape(q)}</blockquote>" for q in quotes.column("quote") if q]
    items = [
        f'<li><a href="{escape(r["url"] or "")}">{escape(r["title"] or r["url"] or "")}</a> '
        f'<span class="kind">{escape(r["publisher"] or "")}; {escape(r["kind"] or "")}</span></li>'
        for r in sources.rows
    ]
    return "".join(parts) + (f"<ul>{''.join(items)}</ul>" if items else "")


def _agreement(kg: KnowledgeGraph, row: dict[str, str | None], slug: str) -> str:
    iri = row["agreement"] or ""
    acsa = "https://w3id.org/acsa-graph/ontology#"
    titles = kg.run_sparql(
        "SELECT ?agreement ?title ?language WHERE { ?agreement acsa:title|acsa:shortTitle ?t "
        "BIND(STR(?t) AS ?title) BIND(LANG(?t) AS ?language) } ORDER BY ?language ?title",
        {"agreement": f"<{iri}>"},
    )
    place = row["signed_place"] or "a place not recorded"
    in_force = row["in_force"] or "no date recorded"
    title_items = "".join(
        f"<li>{escape(t['title'] or '')} <span class='kind'>{escape(t['language'] or '')}"
        "</span></li>"
        for t in titles.rows
    )
    body = [
        f"<p>Kind: {escape(row['kind'] or '')}. Partner: {escape(row['partner'] or '')}. "
        f"Signed {escape(row['signed'] or '')} in {escape(place)}; "
        f"in force {escape(in_force)}.</p>",
        f"<h2>Titles</h2><ul>{title_items}</ul>",
        "<h3>Sources of the titles and parties</h3>",
        _evidence(kg, iri, acsa + "source", acsa + "quote"),
        "<h2>Lifecycle</h2>",
    ]
    events = kg.run_sparql(EVENTS, {"agreement": f"<{iri}>"})
    for event in events.rows:
        who = (
            f" — {escape(event['person'])}, {escape(event['office'] or '')}, for "
            f"{escape(event['actingFor'] or '')}"
            if event["person"]
            else ""
        )
        where = f" in {escape(event['place'])}" if event["place"] else ""
        comment = f"<p>{escape(event['comment'])}</p>" if event["comment"] else ""
        body.append(
            f"<h3>{escape(event['date'] or '')}: {escape(event['kind'] or '')}{where}{who}</h3>"
            f"{comment}{_evidence(kg, event['event'] or '', acsa + 'source', acsa + 'quote')}"
        )
    coverage = kg.query("coverage", agreement=slug)
    if len(coverage):
        body += [
            "<h2>Coverage</h2>",
            _table(coverage),
            _evidence(kg, iri, acsa + "coverageSource", acsa + "coverageQuote"),
        ]
    activities = kg.run_sparql(
        "SELECT ?agreement ?activity WHERE { ?agreement acsa:appliesTo/skos:notation ?activity } "
        "ORDER BY ?activity",
        {"agreement": f"<{iri}>"},
    )
    if len(activities):
        body += [
            "<h2>Activities</h2><ul>"
            + "".join(f"<li>{escape(a)}</li>" for a in activities.column("activity") if a)
            + "</ul>",
            _evidence(kg, iri, acsa + "activitySource", acsa + "activityQuote"),
        ]
    disputes = kg.query("disputes", partner=row["partner"] or "")
    mine = [r for r in disputes.rows if r["agreement"] == iri]
    if mine:
        body.append("<h2>Disputes</h2><ul>")
        for dispute in mine:
            body.append(
                f"<li>{escape(dispute['property'] or '')}: the graph states "
                f"<b>{escape(dispute['stated'] or '')}</b>; "
                f"<a href='{escape(dispute['url'] or '')}'>a "
                f"{escape(dispute['source_kind'] or '')} source</a> says "
                f"<b>{escape(dispute['claimed'] or '')}</b>. "
                f"{escape(dispute['reason'] or '')}</li>"
            )
        body.append("</ul>")
    body.append(f'<p class="kind">IRI: {escape(iri)}</p>')
    label = row["title"] or slug
    return _page(f"{slug}: {label}", "\n".join(body), depth=1)


def _queries(kg: KnowledgeGraph) -> str:
    defaults = {"category": {"category": "ammunition"}, "compare": {"a": "IT", "b": "US"}}
    body = []
    for query in kg.queries():
        params = defaults.get(query.name, {})
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        body.append(
            f'<h2 id="{escape(query.name)}">{escape(query.name)}: {escape(query.title)}</h2>'
            f"<p>{escape(query.description)}</p><pre>{escape(query.sparql)}</pre>"
            f"<h3>Result{' with ' + escape(shown) if shown else ''}</h3>"
            + _table(kg.query(query.name, **params), link_agreements="agreements/")
        )
    return _page("Named queries", "\n".join(body))


def _ontology_reference() -> str | None:
    """The ontology documented by pyLODE, the usual generator of ontology reference pages (the
    ``docs`` extra); None when it is not installed. Its page is self-contained: styles inline,
    no scripts, links out only to the IRIs of terms."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    except ImportError:
        return None
    finally:  # pyLODE sets up DEBUG logging to stderr when imported: undo it
        root.handlers[:] = handlers
        root.setLevel(level)
    import rdflib

    from . import resources

    graph = rdflib.Graph()
    graph.parse(resources.ontology_dir() / "acsa.ttl", format="turtle")
    # pyLODE shows one label per term and picks a language at random: keep English only (the
    # ontology page beside it lists the Japanese labels).
    for triple in list(graph):
        if isinstance(triple[2], rdflib.Literal) and triple[2].language not in (None, "en"):
            graph.remove(triple)
    return OntPub(ontology=graph).make_html()


def _ontology(kg: KnowledgeGraph, with_reference: bool = False) -> str:
    terms = kg.run_sparql(
        "SELECT ?term ?type ?en ?ja ?definition WHERE { ?term a ?typeIri ; "
        "rdfs:isDefinedBy <https://w3id.org/acsa-graph/ontology> ; skos:definition ?d . "
        "FILTER(STRSTARTS(STR(?term), STR(acsa:))) "
        "OPTIONAL { ?term rdfs:label ?l1 FILTER(LANG(?l1) = 'en') } "
        "OPTIONAL { ?term rdfs:label ?l2 FILTER(LANG(?l2) = 'ja') } "
        "FILTER(?typeIri IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, rdf:Property)) "
        "BIND(STRAFTER(STR(?typeIri), '#') AS ?type) BIND(STR(?l1) AS ?en) "
        "BIND(STR(?l2) AS ?ja) BIND(STR(?d) AS ?definition) } ORDER BY ?type ?term"
    )
    concepts = kg.run_sparql(
        "SELECT ?scheme ?notation ?en ?ja ?definition WHERE { ?c skos:inScheme ?s ; "
        "skos:notation ?notation ; skos:definition ?d . ?s skos:prefLabel ?sl "
        "FILTER(LANG(?sl) = 'en') "
        "OPTIONAL { ?c skos:prefLabel ?l1 FILTER(LANG(?l1) = 'en') } "
        "OPTIONAL { ?c skos:prefLabel ?l2 FILTER(LANG(?l2) = 'ja') } "
        "BIND(STR(?sl) AS ?scheme) BIND(STR(?l1) AS ?en) BIND(STR(?l2) AS ?ja) "
        "BIND(STR(?d) AS ?definition) } ORDER BY ?scheme ?notation"
    )
    reference = (
        '<p>The <a href="ontology-reference.html">ontology reference</a>, generated by pyLODE, '
        "documents every class and property with its domain, range and definition.</p>"
        if with_reference
        else ""
    )
    body = (
        "<p>Namespace <code>https://w3id.org/acsa-graph/ontology#</code> (prefix acsa:). "
        "The Turtle files are ontology/acsa.ttl and ontology/vocabularies.ttl.</p>"
        f"{reference}<h2>Classes and properties</h2>{_table(terms)}"
        f"<h2>Vocabularies</h2>{_table(concepts)}"
    )
    return _page("The acsa-graph ontology", body)
