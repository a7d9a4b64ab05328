"""The offline report: every agreement has a page, every local link and image resolves, nothing
is loaded from the network, and (where Chromium is installed) a real browser renders it."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from acsa_graph import InputError, resources
from acsa_graph.report import build


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.scripts = 0
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("img", "link") and (values.get("src") or values.get("href")):
            self.resources.append(values.get("src") or values.get("href") or "")
        # A data block (JSON-LD) is not a script; anything a browser would run is.
        if tag == "script" and values.get("type") not in ("application/ld+json",):
            self.scripts += 1


@pytest.fixture(scope="module")
def site(tmp_path_factory, kg) -> Path:
    folder = tmp_path_factory.mktemp("site")
    build(kg, folder)
    return folder


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_agreement_has_a_page(site):
    slugs = sorted(p.stem for p in resources.data_dir().glob("agreements/*.ttl"))
    assert sorted(p.stem for p in (site / "agreements").glob("*.html")) == slugs


def test_every_local_link_anchor_and_image_resolves_and_nothing_comes_from_the_network(site):
    broken, remote, scripts = [], [], 0
    for page in site.rglob("*.html"):
        found = parse(page)
        scripts += found.scripts
        for target in found.links + found.resources:
            if target.startswith("data:"):  # inline, like pyLODE's icons
                continue
            if target.startswith(("http://", "https://")):
                if target in found.resources:
                    remote.append(target)
                continue
            path, _, fragment = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.is_file() or (fragment and fragment not in parse(linked).ids):
                broken.append((page.name, target))
    assert (broken, remote, scripts) == ([], [], 0)


def test_agreement_page_shows_facts_with_their_sources_and_quotes(site):
    text = (site / "agreements" / "jp-it-acsa-2024.html").read_text(encoding="utf-8")
    assert (
        "2024-11-25: signature in Rome — Takeshi Iwaya, Minister for Foreign Affairs of Japan"
        in text
    )
    assert "https://www.difesa.it/fra/primo-piano/" in text
    assert (
        "<blockquote>これにより、この協定は、本年9月5日に効力を生ずることとなります。</blockquote>"
        in text
    )
    assert "the graph states <b>Minister for Foreign Affairs of Japan</b>" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# No sandbox (CI runs as root); and no calls home, which a closed network refuses noisily.
BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)")
def test_a_real_browser_loads_every_page_offline_without_console_errors(site):
    from playwright.sync_api import sync_playwright

    problems: list[tuple[str, str, str]] = []
    shot = Path(__file__).parent / "artifacts" / "overview.png"
    shot.parent.mkdir(exist_ok=True)
    pages = sorted(site.rglob("*.html"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=BROWSER_FLAGS,
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        current = [""]

        def console(message) -> None:
            if message.type in ("error", "warning"):
                problems.append((current[0], message.type, message.text))

        page.on("console", console)
        page.on("pageerror", lambda error: problems.append((current[0], "error", str(error))))
        page.on("requestfailed", lambda r: problems.append((current[0], "failed", r.url)))

        def network(route):  # the report must not need it: every fetch from it is a problem
            problems.append((current[0], "network", route.request.url))
            route.abort()

        page.route(re.compile(r"^https?://"), network)
        for html in pages:
            current[0] = str(html.relative_to(site))
            page.goto(html.as_uri(), wait_until="load")
        page.goto((site / "index.html").as_uri(), wait_until="load")
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert (len(pages) > 20, problems, shot.read_bytes()[:8]) == (True, [], b"\x89PNG\r\n\x1a\n")


def test_ontology_reference_by_pylode_documents_every_class_and_property(site, kg):
    terms = kg.run_sparql(
        "SELECT ?term WHERE { ?term rdfs:isDefinedBy <https://w3id.org/acsa-graph/ontology> ; "
        "a ?type FILTER(?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) }"
    ).column("term")
    page = (site / "ontology-reference.html").read_text(encoding="utf-8")
    missing = [term for term in terms if f'href="{term}"' not in page and term not in page]
    assert (len(terms) > 30, missing, "acsa-graph ontology" in page) == (True, [], True)


def one_partner(load_text):
    """The Italy agreement alone, with the states, people, places and sources it refers to."""
    files = [resources.data_dir() / "agreements" / "jp-it-acsa-2024.ttl"]
    files += [
        resources.data_dir() / f"{name}.ttl" for name in ("states", "people", "places", "sources")
    ]
    return load_text("\n".join(f.read_text(encoding="utf-8") for f in files))


def test_a_report_of_a_graph_with_one_partner_shows_no_compare_example(load_text, tmp_path):
    written = build(one_partner(load_text), tmp_path / "site")
    queries = (tmp_path / "site" / "queries.html").read_text(encoding="utf-8")
    compare = queries[queries.index('id="compare"') : queries.index('id="coverage"')]
    assert ("No example: the graph holds nothing to give it." in compare, len(written)) == (
        True,
        len([p for p in (tmp_path / "site").rglob("*") if p.is_file()]),
    )


def test_a_report_replaces_a_previous_one_whole(kg, load_text, tmp_path):
    folder = tmp_path / "site"
    build(kg, folder)
    build(one_partner(load_text), folder)
    assert sorted(p.name for p in (folder / "agreements").iterdir()) == ["jp-it-acsa-2024.html"]


def test_a_failed_report_leaves_the_previous_one_and_nothing_else(
    kg, load_text, tmp_path, monkeypatch
):
    folder = tmp_path / "site"
    build(kg, folder)
    other = one_partner(load_text)

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*.*")}

    before = files()

    def fail(*args):
        raise RuntimeError("the ontology page failed")

    monkeypatch.setattr("acsa_graph.report._ontology", fail)
    with pytest.raises(RuntimeError):
        build(other, folder)  # fails after writing every other page
    assert files() == before


def test_a_report_keeps_other_files_in_its_folder_across_runs(kg, load_text, tmp_path):
    (tmp_path / "CNAME").write_text("acsa.example.org")
    build(kg, tmp_path)
    build(one_partner(load_text), tmp_path)
    assert ((tmp_path / "CNAME").read_text(), (tmp_path / "index.html").is_file()) == (
        "acsa.example.org",
        True,
    )


def test_a_report_does_not_overwrite_a_file_no_report_wrote(kg, tmp_path):
    (tmp_path / "index.html").write_text("mine")
    with pytest.raises(InputError, match=r"index\.html: exists, and no earlier report wrote it"):
        build(kg, tmp_path)
    assert [(p.name, p.read_text()) for p in tmp_path.iterdir()] == [("index.html", "mine")]


def test_a_report_deletes_nothing_outside_its_own_pages_whatever_its_manifest_says(kg, tmp_path):
    folder = tmp_path / "site"
    build(kg, folder)
    (tmp_path / "secret.txt").write_text("keep")
    manifest = folder / ".acsa-graph-report"
    manifest.write_text(manifest.read_text() + f"- ../secret.txt\n- {tmp_path / 'secret.txt'}\n")
    build(kg, folder)
    assert (tmp_path / "secret.txt").read_text() == "keep"


def test_a_page_changed_since_the_last_report_is_not_overwritten(kg, tmp_path):
    build(kg, tmp_path)
    (tmp_path / "queries.html").write_text("my notes")
    with pytest.raises(InputError, match="was changed since the last report wrote it"):
        build(kg, tmp_path)
    assert (tmp_path / "queries.html").read_text() == "my notes"


def test_a_folder_with_report_pages_but_no_manifest_is_refused_and_left_as_it_is(kg, tmp_path):
    build(kg, tmp_path)
    (tmp_path / ".acsa-graph-report").unlink()  # a copied site, or an older version's report
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(InputError, match="exists, and no earlier report wrote it"):
        build(kg, tmp_path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_report_stopped_halfway_is_finished_by_the_next_run(kg, load_text, tmp_path, monkeypatch):
    build(kg, tmp_path)
    from acsa_graph import report

    real_write, writes = report.write_atomically, []

    def full_disk_at_the_fourth(path, data):
        writes.append(path)
        if len(writes) == 4:
            raise InputError(f"{path}: cannot write: No space left on device")
        real_write(path, data)

    monkeypatch.setattr(report, "write_atomically", full_disk_at_the_fourth)
    with pytest.raises(InputError, match="No space left"):
        build(one_partner(load_text), tmp_path)
    monkeypatch.setattr(report, "write_atomically", real_write)
    build(one_partner(load_text), tmp_path)
    assert sorted(p.name for p in (tmp_path / "agreements").iterdir()) == ["jp-it-acsa-2024.html"]


def test_a_link_inside_the_report_folder_is_refused_before_anything_is_written(kg, tmp_path):
    (tmp_path / "index.html").symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(InputError, match="is a symbolic link"):
        build(kg, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_a_manifest_line_without_valid_digests_vouches_for_nothing(kg, tmp_path):
    build(kg, tmp_path)
    (tmp_path / "agreements" / "jp-zz-old.html").write_text("my own page")
    manifest = tmp_path / ".acsa-graph-report"
    manifest.write_text(manifest.read_text() + "ABCDEF agreements/jp-zz-old.html\n")
    build(kg, tmp_path)
    assert (tmp_path / "agreements" / "jp-zz-old.html").read_text() == "my own page"
