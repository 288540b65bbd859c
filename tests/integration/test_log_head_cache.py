"""The aggregate cache is brought up to the log's head once per unit of work, not per aggregate.

Two Applications on one store stand for two processes. What one records is seen by the other's
next unit of work; inside a unit, a command decided on what the other has since changed fails on
its version (never a lost update), and its retry reads the log again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.bootstrap import Services, bootstrap
from api.settings import Settings
from domain.application import GridGov
from domain.issues.status import Status
from domain.shared.clock import ManualClock
from domain.shared.errors import ConflictError
from domain.unit_of_work import unit_of_work
from tests.support.world import B1, BUILDING_WORK, World


@pytest.fixture
def other(settings: Settings, clock: ManualClock, world: World) -> Iterator[Services]:
    """A second process on the same store, started after the world was seeded."""
    svc = bootstrap(settings, clock=clock)
    yield svc
    svc.close()


def _report(services: Services) -> Any:
    issue, _ = services.app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    return issue.id


def test_a_change_made_elsewhere_is_seen_by_the_next_unit_of_work(world: World, other: Services) -> None:
    here = world.services.app
    issue_id = _report(world.services)
    with unit_of_work():
        assert here.issue(issue_id).status == Status.REPORTED  # now cached here
    other.app.accept_issue(issue_id, actor="leader1", reason="立案")
    with unit_of_work():
        assert here.issue(issue_id).status == Status.REGISTERED


def test_inside_a_unit_a_stale_decision_is_a_conflict_and_the_next_try_reads_again(
    world: World, other: Services
) -> None:
    here = world.services.app
    issue_id = _report(world.services)
    with unit_of_work():
        version = here.issue(issue_id).version
        other.app.accept_issue(issue_id, actor="leader1", reason="立案")  # after this unit read the head
        with pytest.raises(ConflictError):
            here.decline_issue(issue_id, actor="leader2", reason="不属实")  # decided on the stale copy
        assert here.issue(issue_id).version == version + 1  # the lost race made it read the log again
    assert here.issue(issue_id).status == Status.REGISTERED
    assert [type(e).__name__ for e in here.events.get(issue_id)] == ["Reported", "Accepted"]


def test_a_unit_reads_the_log_once_however_many_aggregates_it_loads(world: World, monkeypatch: Any) -> None:
    app = world.services.app
    issue_id = _report(world.services)

    def load_all() -> None:
        app.issue(issue_id)
        app.node(B1)
        app.category(BUILDING_WORK)
        app.calendar()
        app.account("worker1")

    with unit_of_work():
        load_all()  # into the cache
    reads: list[int] = []
    select = app.recorder.select_notifications
    monkeypatch.setattr(app.recorder, "select_notifications", lambda *a, **k: reads.append(1) or select(*a, **k))
    monkeypatch.setattr(app.repository.event_store, "get", _refuse)  # every aggregate comes from the cache
    with unit_of_work():
        load_all()
        load_all()
    assert len(reads) == 1


def _refuse(*_: Any, **__: Any) -> Any:
    raise AssertionError("read from the store although the aggregate is cached and current")


def test_without_a_cache_the_head_is_still_current_and_changes_are_seen(world: World, clock: ManualClock) -> None:
    uncached = world.services.settings.model_copy(update={"aggregate_cache": 0})
    here = GridGov(clock, env=uncached.event_store_env())
    try:
        assert here.repository.cache is None
        issue_id = _report(world.services)
        assert here.log_head.current() == here.recorder.max_notification_id()
        world.services.app.accept_issue(issue_id, actor="leader1", reason="立案")
        with unit_of_work():
            assert here.log_head.current() == here.recorder.max_notification_id()
            assert here.issue(issue_id).status == Status.REGISTERED
    finally:
        here.close()


def test_a_copy_read_before_a_save_never_replaces_the_saved_one_in_the_cache(world: World, other: Services) -> None:
    """The race behind a stale desk card: a thread rebuilds version n from the store, another saves
    n+1 (here or in another process), then the first puts its copy in the cache."""
    here = world.services.app
    issue_id = _report(world.services)
    assert here.repository.cache is not None
    read_before = here.repository.event_store.get(issue_id)
    stale = here.repository.get(issue_id)  # a copy as a slow reader holds it

    here.accept_issue(issue_id, actor="leader1", reason="立案")  # saved and cached in this process
    here.repository.cache.put(issue_id, stale)  # the slow reader's put comes last
    with unit_of_work():
        assert here.issue(issue_id).status == Status.REGISTERED

    here.repository.cache.get(issue_id, evict=True)  # not cached here when another process saves
    other.app.park(issue_id, actor="leader1", reason="待条件成熟")
    with unit_of_work():
        here.log_head.current()  # the head passes the other process's event
    here.repository.cache.put(issue_id, stale)
    with unit_of_work():
        assert here.issue(issue_id).status == Status.PARKED
    assert len(list(read_before)) == 1


def test_a_race_lost_only_to_the_workers_note_is_decided_again_and_one_lost_to_a_person_is_not(
    world: World, other: Services, clock: ManualClock
) -> None:
    """The worker flags possible duplicates moments after a report, in its own process. A leader
    who accepts at that moment lost the race to no person: the accept is decided again and lands.
    A decline that lost to another leader's accept is still a conflict."""
    here = world.services.app
    issue_id = _report(world.services)
    with unit_of_work():
        here.issue(issue_id)  # cached here, before the other process writes
        flagged = other.app.issue(issue_id)
        flagged.flag_duplicates([str(_report(other))], actor="worker", reason="同一小区同类", at=clock.now())
        other.app.save(flagged)
        accepted = here.accept_issue(issue_id, actor="leader1", reason="立案")
    assert accepted.status == Status.REGISTERED
    names = [type(e).__name__ for e in here.events.get(issue_id)]
    assert names == ["Reported", "DuplicatesFlagged", "Accepted"]

    second = _report(world.services)
    with unit_of_work():
        here.issue(second)
        other.app.accept_issue(second, actor="leader2", reason="立案")
        with pytest.raises(ConflictError):
            here.decline_issue(second, actor="leader1", reason="不属实")
    assert [type(e).__name__ for e in here.events.get(second)] == ["Reported", "Accepted"]
