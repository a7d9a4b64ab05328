"""The offline report: every agreement has a page, every local link and image resolves, nothing
is loaded from the network, and (where Chromium is installed) a real browser renders it."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from acsa_graph import resources
from acsa_graph.report import build


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("img", "link") and (values.get("src") or values.get("href")):
            self.resources.append(values.get("src") or values.get("href") or "")
        if tag == "script":
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


def test_every_local_link_and_image_resolves_and_nothing_comes_from_the_network(site):
    broken, remote, scripts = [], [], 0
    for page in site.rglob("*.html"):
        found = parse(page)
        scripts += found.scripts
        for target in found.links + found.resources:
            if target.startswith(("http://", "https://")):
                if target in found.resources:
                    remote.append(target)
                continue
            if not (page.parent / target.split("#")[0]).resolve().is_file():
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


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)")
def test_a_real_browser_renders_the_overview(site):
    shot = Path(__file__).parent / "artifacts" / "overview.png"
    shot.parent.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            (site / "index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
