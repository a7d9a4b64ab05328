"""Synthetic graphs in acsa-graph's own ontology, for measuring speed at scale.

Each agreement binds Japan and one of many partner states, with two signatures, an entry into
force, a domestic approval, categories, activities, sources and, for some, a replaced predecessor
— about 60 triples an agreement. The output is N-Triples, written in one pass.

    python bench/generate.py 100000 > kg-100k.nt
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from typing import TextIO

ID = "https://w3id.org/acsa-graph/id/"
ACSA = "https://w3id.org/acsa-graph/ontology#"
VOCAB = "https://w3id.org/acsa-graph/vocab/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
DCT = "http://purl.org/dc/terms/"
CATEGORIES = [
    "food", "water", "billeting", "transportation", "petroleum-oils-lubricants", "clothing",
    "communications", "medical-services", "base-support", "storage", "use-of-facilities",
    "training-services", "spare-parts-and-components", "repair-and-maintenance",
    "airport-and-seaport-services", "ammunition",
]  # fmt: skip
ACTIVITIES = [
    "joint-training-and-exercises", "un-peacekeeping", "international-humanitarian-relief",
    "large-scale-disaster-response", "evacuation-of-nationals", "liaison-and-routine-activities",
]  # fmt: skip
SOURCE_KINDS = ["treaty-text", "official-release", "parliamentary-record", "news", "secondary"]
TRIPLES_PER_AGREEMENT = 60


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{XSD}{datatype}>" if datatype else text


def _state_code(number: int) -> str:
    """A distinct two-letter code for each of up to 600 partner states, never JP."""
    code = chr(ord("A") + number // 26) + chr(ord("A") + number % 26)
    return "ZZ" if code == "JP" else code


def triples(target: int, seed: int = 7, flawed: bool = False) -> Iterator[tuple[str, str, str]]:
    """About ``target`` triples, as (subject, predicate, object) in N-Triples syntax. With
    ``flawed``, about 2% of the agreements break a shape: one in 97 enters into force a year
    before it was signed (a SPARQL-based constraint), one in 89 has no kind (a core one)."""
    rng = random.Random(seed)
    agreements = max(1, target // TRIPLES_PER_AGREEMENT)
    states = max(2, min(600, agreements // 4))
    sources = max(5, agreements // 3)
    jp = _iri(ID + "state/JP")
    yield jp, _iri(RDF_TYPE), _iri(ACSA + "State")
    yield jp, _iri(ACSA + "iso3166Alpha2"), _lit("JP")
    yield jp, _iri(LABEL), _lit("Japan", lang="en")
    yield jp, _iri(EXACT), _iri("http://www.wikidata.org/entity/Q17")
    for number in range(states):
        code = _state_code(number)
        state = _iri(f"{ID}state/S{number}")
        yield state, _iri(RDF_TYPE), _iri(ACSA + "State")
        yield state, _iri(ACSA + "iso3166Alpha2"), _lit(code)
        yield state, _iri(LABEL), _lit(f"State {number}", lang="en")
        yield state, _iri(EXACT), _iri(f"http://www.wikidata.org/entity/Q{900000 + number}")
    for number in range(sources):
        source = _iri(f"{ID}source/s{number}")
        yield source, _iri(RDF_TYPE), _iri(ACSA + "Source")
        yield source, _iri(ACSA + "url"), _lit(f"https://example.org/source/{number}", "anyURI")
        yield source, _iri(DCT + "title"), _lit(f"Source {number}")
        yield source, _iri(DCT + "publisher"), _lit(f"Publisher {number % 40}")
        kind = SOURCE_KINDS[number % len(SOURCE_KINDS)]
        yield source, _iri(ACSA + "sourceKind"), _iri(f"{VOCAB}source-kind/{kind}")
    for number in range(agreements):
        partner = rng.randrange(states)
        agreement = _iri(f"{ID}agreement/a{number}")
        year = 1990 + rng.randrange(36)
        signed = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        later = year - 1 if flawed and number % 97 == 1 else year + 1
        in_force = f"{later}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        source = _iri(f"{ID}source/s{rng.randrange(sources)}")
        for p, o in [
            (RDF_TYPE, _iri(ACSA + "Agreement")),
            (ACSA + "kind", _iri(VOCAB + "agreement-kind/" + ("ACSA" if number % 5 else "RAA"))),
            (LABEL, _lit(f"Agreement {number}", lang="en")),
            (ACSA + "title", _lit(f"Agreement {number} concerning supplies", lang="en")),
            (ACSA + "title", _lit(f"協定{number}", lang="ja")),
            (ACSA + "party", jp),
            (ACSA + "party", _iri(f"{ID}state/S{partner}")),
            (ACSA + "source", source),
            (ACSA + "coverageSource", source),
            (ACSA + "activitySource", source),
        ]:
            if not (flawed and number % 89 == 1 and p == ACSA + "kind"):
                yield agreement, _iri(p), o
        for category in rng.sample(CATEGORIES, 8):
            yield agreement, _iri(ACSA + "covers"), _iri(f"{VOCAB}category/{category}")
        yield agreement, _iri(ACSA + "excludes"), _iri(f"{VOCAB}category/weapons")
        for activity in rng.sample(ACTIVITIES, 3):
            yield agreement, _iri(ACSA + "appliesTo"), _iri(f"{VOCAB}activity/{activity}")
        if number and number % 10 == 0:
            yield agreement, _iri(ACSA + "replaces"), _iri(f"{ID}agreement/a{number - 1}")
        for side, state in (("jp", jp), ("partner", _iri(f"{ID}state/S{partner}"))):
            signature = _iri(f"{ID}event/a{number}-signature-{side}")
            person = _iri(f"{ID}person/p{number}-{side}")
            yield agreement, _iri(ACSA + "event"), signature
            for p, o in [
                (RDF_TYPE, _iri(ACSA + "Signature")),
                (ACSA + "eventKind", _iri(VOCAB + "event-kind/signature")),
                (ACSA + "date", _lit(signed, "date")),
                (ACSA + "signatory", person),
                (ACSA + "office", _lit("Minister for Foreign Affairs", lang="en")),
                (ACSA + "actingFor", state),
                (ACSA + "source", source),
            ]:
                yield signature, _iri(p), o
            yield person, _iri(RDF_TYPE), _iri(ACSA + "Person")
            yield person, _iri(LABEL), _lit(f"Person {number} {side}", lang="en")
        for kind, date in (("entry-into-force", in_force), ("domestic-approval", signed)):
            event = _iri(f"{ID}event/a{number}-{kind}")
            yield agreement, _iri(ACSA + "event"), event
            yield event, _iri(RDF_TYPE), _iri(ACSA + "LifecycleEvent")
            yield event, _iri(ACSA + "eventKind"), _iri(f"{VOCAB}event-kind/{kind}")
            yield event, _iri(ACSA + "date"), _lit(date, "date")
            yield event, _iri(ACSA + "source"), source


def write(target: int, out: TextIO, flawed: bool = False) -> int:
    """Write about ``target`` triples to ``out``; return how many were written."""
    count = 0
    for subject, predicate, obj in triples(target, flawed=flawed):
        out.write(f"{subject} {predicate} {obj} .\n")
        count += 1
    return count


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(
        description="Write a synthetic graph in acsa-graph's ontology as N-Triples to stdout.",
        epilog="example: python bench/generate.py 100000 > kg-100k.nt",
    )
    parser.add_argument("triples", type=int, help="about how many triples to write")
    parser.add_argument(
        "--flawed",
        action="store_true",
        help="break a few agreements (in force before signing, no kind), so validation finds them",
    )
    args = parser.parse_args()
    if args.triples < 1:
        parser.error(f"triples must be a positive number, not {args.triples}")
    write(args.triples, sys.stdout, flawed=args.flawed)


if __name__ == "__main__":
    main()
