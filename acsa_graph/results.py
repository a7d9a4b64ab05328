"""Query results as plain Python values, and the text formats they are written in.

A result keeps each value's RDF kind, datatype and language, so the JSON output loses nothing,
while ``rows`` gives researchers plain strings (lexical values; ``None`` where unbound).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple

from .errors import InputError
from .namespaces import compact

if TYPE_CHECKING:
    import pandas

FORMATS = ("table", "csv", "tsv", "json", "markdown")
XSD = "http://www.w3.org/2001/XMLSchema#"


# A NamedTuple and a plain class rather than dataclasses: the dataclasses module imports inspect,
# 12 ms of every command's start-up.
class Term(NamedTuple):
    """One RDF term of a result: an IRI, a literal or a blank node."""

    kind: Literal["uri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value


class QueryResult:
    """The answer to a SELECT query (``columns`` and rows) or an ASK query (``boolean``)."""

    def __init__(
        self,
        columns: list[str] | None = None,
        terms: list[tuple[Term | None, ...]] | None = None,
        boolean: bool | None = None,
    ) -> None:
        self.columns: list[str] = columns if columns is not None else []
        self.terms: list[tuple[Term | None, ...]] = terms if terms is not None else []
        self.boolean = boolean

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        mine = (self.columns, self.terms, self.boolean)
        return mine == (other.columns, other.terms, other.boolean)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the lists it holds

    def __repr__(self) -> str:
        return (
            f"QueryResult(columns={self.columns!r}, terms={self.terms!r}, boolean={self.boolean!r})"
        )

    @property
    def rows(self) -> list[dict[str, str | None]]:
        """Each row as a dict from column name to lexical value (``None`` where unbound)."""
        return [dict(zip(self.columns, _lexical(row), strict=True)) for row in self.terms]

    def values(self) -> list[tuple[str | None, ...]]:
        """Each row as a tuple of lexical values, in column order."""
        return [tuple(_lexical(row)) for row in self.terms]

    def column(self, name: str) -> list[str | None]:
        """All values of one column, in row order."""
        index = self.columns.index(name)
        return [None if row[index] is None else row[index].value for row in self.terms]

    def __iter__(self) -> Iterator[dict[str, str | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.terms)

    def to_csv(self) -> str:
        """CSV as the SPARQL 1.1 CSV results format writes it: a header, then lexical values."""
        return _delimited(self, ",")

    def to_tsv(self) -> str:
        """Tab-separated lexical values with a header; tabs and newlines in values are escaped."""
        return _delimited(self, "\t")

    def to_json(self) -> str:
        """The SPARQL 1.1 Query Results JSON format, which keeps datatypes and languages.

        Variable names follow SPARQL's rules: a column named like an agreement
        (``jp-it-acsa-2024``, in ``compare``) is written ``jp_it_acsa_2024``."""
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}, indent=2) + "\n"
        names = [re.sub(r"\W", "_", column) for column in self.columns]
        bindings = []
        for row in self.terms:
            binding = {}
            for name, term in zip(names, row, strict=True):
                if term is None:
                    continue
                entry: dict[str, str] = {"type": term.kind, "value": term.value}
                if term.datatype:
                    entry["datatype"] = term.datatype
                if term.lang:
                    entry["xml:lang"] = term.lang
                binding[name] = entry
            bindings.append(binding)
        document = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_table(self) -> str:
        """An aligned text table for reading in a terminal, IRIs shortened to prefix:name."""
        if self.boolean is not None:
            return ("true" if self.boolean else "false") + "\n"
        cells = [
            ["" if t is None else compact(t.value) if t.kind == "uri" else t.value for t in row]
            for row in self.terms
        ]
        widths = [len(c) for c in self.columns]
        for row in cells:
            widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
        lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (``pip install 'acsa-graph[pandas]'``): integers and
        decimals as numbers, everything else as text, unbound as missing."""
        try:
            import pandas
        except ImportError:
            raise InputError("to_pandas needs pandas: pip install 'acsa-graph[pandas]'") from None
        frame = pandas.DataFrame(self.values(), columns=self.columns)
        for index, name in enumerate(self.columns):
            kinds = {row[index].datatype for row in self.terms if row[index] is not None}
            if kinds and kinds <= {XSD + "integer", XSD + "decimal", XSD + "double"}:
                frame[name] = pandas.to_numeric(frame[name])
        return frame

    def _repr_html_(self) -> str:
        """How Jupyter shows a result: an HTML table."""
        from html import escape

        if self.boolean is not None:
            return f"<p>{'true' if self.boolean else 'false'}</p>"
        head = "".join(f"<th>{escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(v or '')}</td>" for v in row) + "</tr>"
            for row in self.values()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def to_markdown(self) -> str:
        """A Markdown (GitHub) table, for notes and papers drafted in Markdown."""
        if self.boolean is not None:
            return ("true" if self.boolean else "false") + "\n"

        def cell(value: str | None) -> str:
            return (value or "").replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.values()]
        return "\n".join(lines) + "\n"

    def format(self, name: str) -> str:
        """The result in one of ``FORMATS``."""
        writers = {
            "table": self.to_table,
            "csv": self.to_csv,
            "tsv": self.to_tsv,
            "json": self.to_json,
            "markdown": self.to_markdown,
        }
        if name not in writers:
            raise InputError(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")
        return writers[name]()


def _lexical(row: tuple[Term | None, ...]) -> Iterator[str | None]:
    return (None if term is None else term.value for term in row)


def _delimited(result: QueryResult, delimiter: str) -> str:
    out = io.StringIO()
    if result.boolean is not None:
        out.write(("true" if result.boolean else "false") + "\n")
        return out.getvalue()
    if delimiter == "\t":
        escape = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"})
        out.write("\t".join(result.columns) + "\n")
        for row in result.values():
            out.write("\t".join((v or "").translate(escape) for v in row) + "\n")
        return out.getvalue()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(result.columns)
    writer.writerows([[v or "" for v in row] for row in result.values()])
    return out.getvalue()
