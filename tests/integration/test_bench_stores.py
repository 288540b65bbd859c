"""A bench store names its own URLs: an operator's GRIDGOV_* environment never points it at real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.bootstrap import bootstrap
from api.settings import Settings
from bench.stores import copy_of_kept, kept, scratch, store_at
from domain.shared.clock import ManualClock
from tests.support import postgres


@pytest.fixture
def sentinel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The operator's store, named by every GRIDGOV_* variable that says where data lives."""
    store = tmp_path / "operator"
    monkeypatch.setenv("GRIDGOV_DATA_DIR", str(store))
    monkeypatch.setenv("GRIDGOV_DATABASE_URL", f"sqlite:///{store / 'events.db'}")
    monkeypatch.setenv("GRIDGOV_READMODEL_URL", f"sqlite:///{store / 'readmodels.db'}")
    monkeypatch.setenv("GRIDGOV_AUDIT_KEY_FILE", str(store / "audit.pem"))
    monkeypatch.setenv("GRIDGOV_SECRET_KEY", "the-operator-s-key")
    monkeypatch.setenv("GRIDGOV_COMPRESS_EVENTS", "true")
    return store


def _write_a_little(settings: Settings, clock: ManualClock) -> None:
    """Events, read-model rows, a signed tree head and a token key: everything a bench run writes."""
    services = bootstrap(settings, clock=clock)
    try:
        services.app.create_street(code="S1", name="东华门街道", actor="bench", reason="bench data")
        services.catch_up()
        services.publish_head()
        settings.signing_key()
    finally:
        services.close()


def test_a_scratch_store_lives_in_its_own_folder_whatever_the_environment_says(
    sentinel: Path, clock: ManualClock
) -> None:
    with scratch("sqlite") as settings:
        folder = settings.data_dir
        assert settings.event_store_url == f"sqlite:///{folder / 'events.db'}"
        assert settings.readmodel_sqlalchemy_url() == f"sqlite:///{folder / 'readmodels.db'}"
        assert settings.secret_key != "the-operator-s-key"
        assert not settings.compress_events  # the figures measure the defaults, not the operator's choice
        _write_a_little(settings, clock)
        assert (folder / "events.db").stat().st_size > 0
        assert (folder / "readmodels.db").stat().st_size > 0
    assert not sentinel.exists()


def test_a_kept_store_lives_under_var_bench_whatever_the_environment_says(
    sentinel: Path, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = kept("sqlite", "queue_test")
    folder = Path("var/bench/queue_test-sqlite")
    assert settings.data_dir == folder
    assert settings.event_store_url == f"sqlite:///{folder / 'events.db'}"
    assert settings.readmodel_sqlalchemy_url() == f"sqlite:///{folder / 'readmodels.db'}"
    _write_a_little(settings, clock)
    assert (tmp_path / folder / "events.db").stat().st_size > 0
    assert (tmp_path / folder / "readmodels.db").stat().st_size > 0
    assert not sentinel.exists()


def test_a_kept_sqlite_store_is_copied_into_postgresql_with_the_same_log_and_read_models(
    clock: ManualClock, tmp_path: Path, pg_admin_url: str
) -> None:
    source = store_at(tmp_path / "sqlite")
    _write_a_little(source, clock)
    with postgres.fresh_database(pg_admin_url) as url:
        target = store_at(tmp_path / "postgresql", url)
        assert not copy_of_kept(source, target)  # not complete yet: the caller generates instead
        (source.data_dir / "generated").write_text("done\n")
        assert copy_of_kept(source, target)
        copied = bootstrap(target, clock=clock)
        try:
            assert copied.app.node("S1").name == "东华门街道"
            assert copied.app.recorder.max_notification_id() == 1
            assert copied.follower.catch_up().node("S1").name == "东华门街道"
        finally:
            copied.close()
