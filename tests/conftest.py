"""Fixtures: a manual clock, each backend (a SQLite file and PostgreSQL), services, an HTTP client."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.bootstrap import Services, bootstrap, readmodel_engine
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


class SharedDatabase:
    """One PostgreSQL database with gridgov's tables, emptied for each test; a test that changed
    its tables or indexes (a rebuild switches tables) gets a new one, so none sees another's."""

    def __init__(self, admin_url: str, folder: Path) -> None:
        self.admin_url, self.folder = admin_url, folder
        self._database: contextlib.ExitStack | None = None
        self.url = ""
        self.baseline: set[str] = set()

    def take(self) -> str:
        if self.url and postgres.schema(self.url) == self.baseline:
            postgres.empty(self.url)
            return self.url
        self.close()
        self._database = contextlib.ExitStack()
        self.url = self._database.enter_context(postgres.fresh_database(self.admin_url))
        bootstrap(Settings(data_dir=self.folder, database_url=self.url), clock=ManualClock(datetime.now(UTC))).close()
        self.baseline = postgres.schema(self.url)
        return self.url

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


@pytest.fixture(scope="session")
def pg_shared(pg_admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedDatabase]:
    shared = SharedDatabase(pg_admin_url, tmp_path_factory.mktemp("shared"))
    yield shared
    shared.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screens", default=None, help="browser tests save each role's home as PNGs in this folder")


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
    yield Settings(data_dir=tmp_path, database_url=request.getfixturevalue("pg_shared").take())


@pytest.fixture
def services(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    svc = bootstrap(settings, clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def spare_engine(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty read-model database on the same backend, to rebuild into and compare with the live one."""
    if backend == "sqlite":
        engine = readmodel_engine(f"sqlite:///{tmp_path / 'rebuilt.db'}")
        yield engine
        engine.dispose()
        return
    with postgres.fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        engine = readmodel_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        yield engine
        engine.dispose()


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
