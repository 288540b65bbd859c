"""The versioned queue, now and at every log position, equals the joined rows of a replay of the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from domain.issues.buckets import Bucket
from domain.shared.clock import ManualClock
from projections.issues.as_of import issue_rows_as_of
from projections.issues.queue import QueueItem, queue_page
from projections.issues.watcher import tick
from tests.support.history import some_history
from tests.support.queues import joined_queue
from tests.support.world import B1, BUILDING_WORK, CALENDAR, World

DEPARTMENTS = ("CG", "ZJ", "XF")
EARLY = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # a moment when most deadlines were still ahead


def _rework_park_and_reopen(world: World, clock: ManualClock) -> None:
    """Rework, parking, a reopened issue and escalation: every way a dispatch leaves or re-enters a queue."""
    app = world.services.app
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建 rework", actor="worker1")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=["ZJ"], actor="leader1", reason="吹哨")
    app.check_in(issue.id, department="CG", actor="dept1", reason="报到")
    app.park(issue.id, actor="leader1", reason="等待产权认定")
    clock.advance(timedelta(hours=5))
    app.unpark(issue.id, actor="leader1", reason="认定完成")
    app.check_in(issue.id, department="ZJ", actor="dept2", reason="报到")
    for department in ("CG", "ZJ"):
        app.feed_back(issue.id, department=department, result="done", actor="dept", reason="反馈")
    app.verify(issue.id, passed=False, departments=["CG"], actor="worker1", reason="仍有残留")
    app.feed_back(issue.id, department="CG", result="done again", actor="dept1", reason="反馈")
    app.verify(issue.id, passed=True, departments=None, actor="worker1", reason="核查")
    app.close_issue(issue.id, actor="leader1", reason="结案")
    app.reopen(issue.id, actor="worker1", reason="复发")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    app.blow_whistle(issue.id, kind="hard_case", lead="XF", co_handlers=[], actor="leader1", reason="再吹哨")
    clock.advance(timedelta(days=4))
    tick(world.services.app, world.services.runner)
    world.services.runner.catch_up()


def _all(engine: Engine, department: str, now: datetime, position: int | None = None) -> list[QueueItem]:
    page = queue_page(engine, department, now=now, calendar=CALENDAR, limit=10_000, position=position)
    assert page.total == len(page.items)
    return page.items


def test_the_queue_at_every_log_position_equals_the_queue_replayed_to_it(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    _rework_park_and_reopen(world, clock)
    app, engine = world.services.app, world.services.engine
    end = app.recorder.max_notification_id() or 0
    seen = 0
    for position in range(end + 1):
        replayed = issue_rows_as_of(app, position)
        for department in DEPARTMENTS:
            for now in (EARLY, app.clock.now()):
                expected = joined_queue(replayed, department, now=now, calendar=CALENDAR)
                assert _all(engine, department, now, position) == expected, (position, department, now)
                seen += len(expected)
        replayed.dispose()
    assert seen > 50  # the history really passes through queues, for each department in turn
    for department in DEPARTMENTS:
        current = joined_queue(engine, department, now=app.clock.now(), calendar=CALENDAR)
        assert _all(engine, department, app.clock.now()) == current
        assert _all(engine, department, app.clock.now(), position=end) == current
    assert _all(engine, "XF", app.clock.now())  # the reopened issue's second whistle waits in XF's queue


def test_buckets_counts_sorting_and_pages_agree_with_the_whole_queue(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    _rework_park_and_reopen(world, clock)
    for n in range(7):  # more of CG's queue, so pages have something to split
        issue, _ = world.services.app.report_issue(node=B1, category=BUILDING_WORK, description=f"{n}", actor="worker1")
        world.services.app.accept_issue(issue.id, actor="leader1", reason="立案")
        world.services.app.blow_whistle(
            issue.id, kind="routine", lead="CG", co_handlers=[], actor="leader1", reason="吹哨"
        )
        clock.advance(timedelta(minutes=20 * n))
    world.services.runner.catch_up()
    engine, now = world.services.engine, world.services.app.clock.now() - timedelta(hours=1)
    whole = joined_queue(engine, "CG", now=now, calendar=CALENDAR)
    assert len({i.bucket for i in whole}) >= 2
    for bucket in Bucket:
        page = queue_page(engine, "CG", now=now, calendar=CALENDAR, bucket=bucket, limit=500)
        assert page.items == [i for i in whole if i.bucket == bucket]
        assert page.total == len(page.items) == page.counts[bucket]
    pages = [queue_page(engine, "CG", now=now, calendar=CALENDAR, limit=2, offset=o).items for o in range(0, 20, 2)]
    assert [i for p in pages for i in p] == whole
    by_sending = queue_page(engine, "CG", now=now, calendar=CALENDAR, sort="dispatched", limit=500).items
    assert by_sending == sorted(whole, key=lambda i: (i.dispatched_at, i.issue_id))
