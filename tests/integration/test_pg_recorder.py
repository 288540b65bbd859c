"""PostgreSQL: each commit's events go in one statement that takes the table lock first, so
positions become visible in order: a follower that has read up to the head never finds a gap
filled in later (it would have skipped that event for good)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from api.adapters.pg_recorder import OneTripRecorder
from api.bootstrap import Services
from api.settings import Settings
from domain.application import GridGov
from domain.shared.clock import ManualClock
from tests.support import postgres

pytestmark = pytest.mark.postgres
WRITERS, COMMITS = 8, 40


@pytest.fixture
def backend() -> str:
    return "postgres"


def _stored(originator: uuid.UUID, version: int) -> StoredEvent:
    return StoredEvent(originator_id=originator, originator_version=version, topic="test:Written", state=b"{}")


def test_the_store_uses_the_one_trip_recorder_and_a_version_taken_twice_is_refused(services: Services) -> None:
    recorder = services.app.recorder
    assert isinstance(recorder, OneTripRecorder)
    originator = uuid.uuid4()
    first = recorder.insert_events([_stored(originator, 1), _stored(originator, 2)])
    assert first is not None and len(first) == 2 and first[1] == first[0] + 1
    with pytest.raises(IntegrityError):
        recorder.insert_events([_stored(uuid.uuid4(), 1), _stored(originator, 2)])
    assert recorder.max_notification_id() == first[1]  # the refused commit left nothing behind


def test_a_follower_never_sees_a_position_filled_in_behind_the_head(services: Services) -> None:
    recorder = services.app.recorder
    start = recorder.max_notification_id() or 0
    done = threading.Event()
    gaps: list[tuple[int, int]] = []

    def follow() -> None:
        while not done.is_set():
            head = recorder.max_notification_id() or 0
            seen = [n.id for n in recorder.select_notifications(start + 1, 10_000, stop=head)]
            if seen != list(range(start + 1, head + 1)):
                gaps.append((head, len(seen)))

    def write(_: int) -> None:
        for _ in range(COMMITS):
            originator = uuid.uuid4()
            recorder.insert_events([_stored(originator, 1), _stored(originator, 2)])

    follower = threading.Thread(target=follow)
    follower.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))
    done.set()
    follower.join()
    assert gaps == []
    assert recorder.max_notification_id() == start + WRITERS * COMMITS * 2


def test_processes_starting_together_on_a_new_database_all_create_the_schema(pg_admin_url: str, tmp_path: Path) -> None:
    """`serve --workers N` starts N processes at once; each creates the tables and the insert
    function, and none may fail on another's concurrent CREATE OR REPLACE."""
    with postgres.fresh_database(pg_admin_url) as url:
        env = Settings(data_dir=tmp_path, database_url=url).event_store_env()
        start = threading.Barrier(6)

        def open_app() -> int:
            start.wait()
            app = GridGov(ManualClock(datetime.now(UTC)), env=env)
            try:
                return app.recorder.max_notification_id() or 0
            finally:
                app.close()

        with ThreadPoolExecutor(6) as pool:
            assert list(pool.map(lambda _: open_app(), range(6))) == [0] * 6
