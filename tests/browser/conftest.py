"""Browser tests: a real `gridgov serve` process on a seeded store, driven in Debian's Chromium.

Playwright drives /usr/bin/chromium (no browser is downloaded). Without it the tests are skipped
and the run says so in red; `.ci/run` sets GRIDGOV_REQUIRE_BROWSER, which turns that into a failure.
`pytest tests/browser --screens docs/screens` also saves each role's home at phone and desktop width.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from api.bootstrap import bootstrap
from api.settings import Settings
from domain.shared.clock import ManualClock
from tests.e2e.processes import served
from tests.support.world import PASSWORD, seed

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
_skipped: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        terminalreporter.section("BROWSER NOT TESTED", sep="!", red=True, bold=True)
        terminalreporter.line(_skipped[0], red=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"no {CHROMIUM}: install Debian's chromium (scripts/test does, as root)"
        if os.environ.get("GRIDGOV_REQUIRE_BROWSER"):
            pytest.fail(f"{reason}, and GRIDGOV_REQUIRE_BROWSER is set")
        _skipped.append(reason)
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Console:
    """A served store with the test world; `base` is its origin."""

    base: str
    settings: Settings

    def sign_in(self, browser: Browser, username: str, *, viewport: dict[str, int] = DESKTOP) -> Page:
        """A fresh browser context (its own cookies) signed in as `username`; returns its page."""
        context = browser.new_context(viewport=viewport, base_url=self.base)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/console/**")
        return page


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    """A world of the test's own: for a test that changes it, or reads anything another test could change."""
    yield from _console(tmp_path)


@pytest.fixture(scope="session")
def reading_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """One world served for the tests that only sign in, sign out, mistype a password and read the seeded
    grid, accounts and catalogue: none of that changes what another of them reads (a sign-out revokes
    only that account's earlier sessions), and each saves starting a server of its own."""
    yield from _console(tmp_path_factory.mktemp("reading"))


def _console(folder: Path) -> Iterator[Console]:
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'events.db'}")
    services = bootstrap(settings, clock=ManualClock(datetime.now(UTC)))
    seed(services.app)
    services.close()
    with served(settings) as base:
        yield Console(base, settings)


@pytest.fixture
def screens(request: pytest.FixtureRequest) -> Path | None:
    folder = request.config.getoption("--screens")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


_NAME = "e => (e.labels && e.labels.length ? e.labels[0].innerText : '') || e.getAttribute('aria-label') || ''"


def assert_labelled(page: Page) -> None:
    """Every visible control on the page has a label (or an aria-label) a screen reader can read."""
    for control in page.locator("main input:visible, main select:visible, main textarea:visible").all():
        if control.get_attribute("type") in ("hidden", "submit"):
            continue
        assert control.evaluate(_NAME).strip(), f"{page.url}: no label on {control.evaluate('e => e.outerHTML')}"
