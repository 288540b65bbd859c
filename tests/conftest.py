"""Fixtures: a manual clock, each backend (a SQLite file and PostgreSQL), services, an HTTP client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services, bootstrap
from api.http.app import create_app
from api.settings import Settings
from domain.shared.clock import ManualClock
from tests.support import postgres
from tests.support.world import World, seed

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_skipped_postgres: list[str] = []


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    url = postgres.server_url()
    if postgres.reachable(url):
        yield url
        return
    with postgres.throwaway_server() as throwaway:
        if throwaway:
            yield throwaway
            return
    reason = f"no PostgreSQL at {url} and no local binaries to start one"
    if os.environ.get("GRIDGOV_REQUIRE_POSTGRES"):
        pytest.fail(f"{reason}, and GRIDGOV_REQUIRE_POSTGRES is set")
    _skipped_postgres.append(reason)
    pytest.skip(f"POSTGRESQL TESTS SKIPPED: {reason}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped_postgres:
        terminalreporter.section("PostgreSQL NOT TESTED", sep="!", red=True, bold=True)
        terminalreporter.line(_skipped_postgres[0], red=True)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    if backend == "sqlite":
        yield Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'events.db'}")
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    with postgres.fresh_database(admin_url) as url:
        yield Settings(data_dir=tmp_path, database_url=url)


@pytest.fixture
def services(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    svc = bootstrap(settings, clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def world(services: Services) -> World:
    seed(services.app)
    services.catch_up()
    return World(services)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    """Real HTTP requests through the app (ASGI), sharing the world's services."""
    app = create_app(lambda: world.services)
    with TestClient(app) as http:
        yield http
