"""PostgreSQL: each commit's events go in one statement that takes the table lock first, so
positions become visible in order: a follower that has read up to the head never finds a gap
filled in later (it would have skipped that event for good)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from api.adapters.pg_recorder import OneTripRecorder
from api.bootstrap import Services

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
