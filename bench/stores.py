"""Scratch stores for one measurement: a folder of SQLite files, or a new PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from api.settings import Settings

PG_URL = os.environ.get("GRIDGOV_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def postgres_reachable(url: str = PG_URL) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


class BenchSettings(Settings):
    """Settings from the bench's own arguments alone: no GRIDGOV_* variable (an operator's shell
    has them) may point a bench store at real data or change what the figures measure."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def store_at(folder: Path, database_url: str = "") -> Settings:
    """A bench store in `folder` (SQLite files, keys), or on `database_url` with its keys in `folder`;
    the read models live beside the events and every other setting keeps its default."""
    return BenchSettings(data_dir=folder, database_url=database_url or f"sqlite:///{folder / 'events.db'}")


@contextmanager
def scratch(backend: str) -> Iterator[Settings]:
    """Settings for an empty store on `backend` ("sqlite" or "postgresql"), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gridgov-bench-") as folder:
        if backend == "sqlite":
            yield store_at(Path(folder))
            return
        name = f"gridgov_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield store_at(Path(folder), urlsplit(PG_URL)._replace(path=f"/{name}").geturl())
        finally:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kept(backend: str, name: str) -> Settings:
    """A store that outlives the run (var/bench/NAME-BACKEND), for data that takes minutes to generate."""
    folder = Path("var/bench") / f"{name}-{backend}"
    if backend == "sqlite":
        return store_at(folder)
    return store_at(folder, urlsplit(PG_URL)._replace(path=f"/gridgov_bench_{name}").geturl())


def copy_of_kept(source: Settings, target: Settings) -> bool:
    """The kept SQLite store's log copied into the empty PostgreSQL store `target` (as `gridgov
    migrate-store` does, proving the copy by its Merkle root), its read models built there; False
    if there is no complete SQLite store to copy. Writing a history through the Application takes
    several times longer on PostgreSQL, and the events would be the same."""
    if not (source.data_dir / "generated").exists() and not (source.data_dir / "state.json").exists():
        return False
    from api.adapters.migrate import migrate_store

    migrate_store(source, target)
    return True


def recreate_database(url: str, *, template: str = "") -> None:
    """An empty database at `url`, or a copy of the database named `template`."""
    name = urlsplit(url).path.lstrip("/")
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"{copy}')


def settle(settings: Settings) -> None:
    """VACUUM ANALYZE a PostgreSQL store after bulk writing, as autovacuum would in service.

    The bench server may run with autovacuum off; without it index-only scans fetch every heap
    row and the planner has no statistics, which would measure the server's setup, not ours.
    """
    if settings.is_postgres:
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
