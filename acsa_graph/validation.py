"""SHACL validation of a graph against the shipped shapes, as a report researchers can read."""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
import rdflib.collection
from rdflib.namespace import RDF, SH

from . import resources


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One thing the shapes found wrong: where (focus node, path), what (message), how bad."""

    focus_node: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    constraint: str = ""
    shape: str = ""

    def __str__(self) -> str:
        where = self.focus_node + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of validation: whether the graph conforms, and each result, sorted."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)

    def text(self) -> str:
        """The report as lines of text, one per result, ending with a summary line."""
        lines = [str(result) for result in self.results]
        if self.conforms:
            lines.append("Conforms: the graph satisfies every shape.")
        else:
            lines.append(f"Does not conform: {len(self.results)} result(s).")
        return "\n".join(lines) + "\n"


def shapes_graph() -> rdflib.Graph:
    """The shipped SHACL shapes."""
    return rdflib.Graph().parse(resources.shapes_file(), format="turtle")


def validate(data: rdflib.Graph) -> ValidationReport:
    """Validate ``data`` (ontology, vocabularies and data in one graph) against the shapes.

    No inference is run: the shapes are written against the asserted triples, which keeps
    validation fast and its results easy to trace back to a line of Turtle.
    """
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    # Only the report's own results: nested sh:detail results explain them, they are not more.
    top = report.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    results = [_result(report, node) for node in report.objects(top, SH.result)]
    return ValidationReport(conforms=bool(conforms), results=sorted(results))


def _result(report: rdflib.Graph, node: rdflib.term.Node) -> ValidationResult:
    def one(predicate: rdflib.URIRef) -> str | None:
        value = report.value(node, predicate)
        return None if value is None else str(value)

    severity = one(SH.resultSeverity) or str(SH.Violation)
    path = report.value(node, SH.resultPath)
    return ValidationResult(
        focus_node=one(SH.focusNode) or "",
        path=None if path is None else _path(report, path),
        message=one(SH.resultMessage) or "",
        severity=severity.rsplit("#", 1)[-1],
        value=one(SH.value),
        constraint=(one(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
        shape=one(SH.sourceShape) or "",
    )


def _path(graph: rdflib.Graph, path: rdflib.term.Node) -> str:
    """A SHACL property path as text: an IRI as it is, a complex path in SPARQL syntax."""
    if isinstance(path, rdflib.URIRef):
        return str(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _bracketed(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        items = rdflib.collection.Collection(graph, alternatives)
        return "(" + "|".join(_bracketed(graph, item) for item in items) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(
            _bracketed(graph, item) for item in rdflib.collection.Collection(graph, path)
        )
    return str(path)


def _bracketed(graph: rdflib.Graph, path: rdflib.term.Node) -> str:
    return f"<{path}>" if isinstance(path, rdflib.URIRef) else _path(graph, path)
