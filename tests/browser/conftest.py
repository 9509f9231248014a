"""Browser fixtures: Debian's chromium driven by Playwright, every non-file:// request blocked."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@dataclass
class Tab:
    """A page plus what it tried to fetch from the network and the errors it raised."""

    page: object
    shots: Path
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        """Load a local file and wait until its figures have drawn."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")

    def shot(self, name: str) -> Path:
        """Save a full-page screenshot into the test's temporary folder."""
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture(scope="module")
def chromium():
    """One headless chromium per test module (never downloaded: the system's binary)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium, tmp_path: Path):
    """A fresh context and page: non-file requests aborted and recorded, console errors and
    page errors recorded; screenshots go to the test's tmp_path."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    seen = Tab(page=None, shots=tmp_path)

    def route(r) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    seen.page = page
    yield seen
    context.close()


@pytest.fixture(scope="module")
def seed_site(seed_pipeline, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seed corpus's site, built once: {index, dir, events}."""
    from threadline.html import write_site

    out = tmp_path_factory.mktemp("seed_site")
    index = write_site(out, seed_pipeline["documents"], seed_pipeline["events"])
    return {"index": index, "dir": out, "events": seed_pipeline["events"]}


@pytest.fixture(scope="module")
def payload_site(payload_corpus, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The payload corpus's site, built once: {index, dir, events}."""
    from threadline.html import write_site

    out = tmp_path_factory.mktemp("payload_site")
    index = write_site(out, payload_corpus["documents"], payload_corpus["events"])
    return {"index": index, "dir": out, "events": payload_corpus["events"]}
