"""Settings: one URL selects the backend; street policy comes from GRIDGOV_* variables."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from api.settings import Settings


def test_the_default_is_sqlite_files_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.event_store_env() == {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "events.db"),
        "SQLITE_LOCK_TIMEOUT": "30",
        "APPLICATION_RECORDER_TOPIC": "api.adapters.topic_codes:SQLiteRecorder",
        "COMPRESSOR_TOPIC": "api.adapters.stored_state:PLAIN",
        "MAPPER_TOPIC": "api.adapters.topic_codes:CodedMapper",
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "n",
    }
    assert settings.readmodel_sqlalchemy_url() == f"sqlite:///{tmp_path / 'readmodels.db'}"


def test_the_aggregate_cache_can_be_turned_off(tmp_path: Path) -> None:
    assert "AGGREGATE_CACHE_MAXSIZE" not in Settings(data_dir=tmp_path, aggregate_cache=0).event_store_env()


def test_a_postgresql_url_moves_events_and_read_models_to_the_server() -> None:
    settings = Settings(database_url="postgresql://grid:s%40cret@db.internal:6543/gridgov")
    env = settings.event_store_env()
    assert (env["PERSISTENCE_MODULE"], env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == (
        "eventsourcing.postgres",
        "db.internal",
        "6543",
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DBNAME"]) == ("grid", "s@cret", "gridgov")
    assert settings.readmodel_sqlalchemy_url() == "postgresql+psycopg://grid:s%40cret@db.internal:6543/gridgov"


def test_another_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="sqlite:/// or postgresql://"):
        Settings(database_url="mysql://x/y").event_store_env()


def test_street_policy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDGOV_RATE_WEIGHTS", "[0.2, 0.4, 0.4]")
    monkeypatch.setenv("GRIDGOV_WARN_MINUTES", "30")
    policy = Settings().dispatch_policy()
    assert policy.weights == {"response": 0.2, "resolution": 0.4, "satisfaction": 0.4}
    assert policy.warn_before == timedelta(minutes=30)
