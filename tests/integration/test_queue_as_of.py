"""The versioned queue, now and at every log position, equals the joined rows of a replay of the log;
read from checkpoints, it equals the queue read from the whole history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import pairwise

import pytest
from sqlalchemy import Engine, Table, delete, func, select

from api.bootstrap import bootstrap
from api.settings import Settings
from domain.issues.buckets import Bucket
from domain.shared.clock import ManualClock
from projections.issues import checkpoints
from projections.issues.as_of import issue_rows_as_of
from projections.issues.queue import QueueItem, QueuePage, queue_page
from projections.issues.tables import dispatch_checkpoint_versions, dispatch_checkpoints, dispatch_versions
from projections.issues.watcher import tick
from projections.rebuild import rebuild
from tests.support.history import some_history
from tests.support.queues import joined_queue
from tests.support.world import B1, BUILDING_WORK, CALENDAR, World

DEPARTMENTS = ("CG", "ZJ", "XF")
EARLY = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # a moment when most deadlines were still ahead
INTERVAL = 4  # versions a department begins between checkpoints, at least: several in a short history


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


def _churn(world: World, clock: ManualClock, issues: int, first: int = 0) -> None:
    """Dispatches opened, checked in to, fed back and closed, staggered so that each department's queue
    grows and shrinks; the runner catches up after every command or two, so batches end all along the log."""
    app, runner = world.services.app, world.services.runner
    ids = []
    for step in range(issues + 3):
        for n, stage in ((n, step - n) for n in range(issues)):
            lead, co = DEPARTMENTS[(first + n) % 3], DEPARTMENTS[(first + n + 1) % 3]
            if stage == 0:
                issue, _ = app.report_issue(
                    node=B1, category=BUILDING_WORK, description=f"{first + n}", actor="worker1"
                )
                ids.append(issue.id)
                app.accept_issue(issue.id, actor="leader1", reason="立案")
                runner.catch_up()
                app.blow_whistle(issue.id, kind="routine", lead=lead, co_handlers=[co], actor="leader1", reason="吹哨")
            elif stage == 1:
                app.check_in(ids[n], department=lead, actor="dept", reason="报到")
            elif stage == 2:
                app.check_in(ids[n], department=co, actor="dept", reason="报到")
                app.feed_back(ids[n], department=lead, result="done", actor="dept", reason="反馈")
            elif stage == 3 and n % 4 != 3:  # every fourth stays in its queues
                app.feed_back(ids[n], department=co, result="done", actor="dept", reason="反馈")
                runner.catch_up()
                app.verify(ids[n], passed=True, departments=None, actor="worker1", reason="核查")
                app.close_issue(ids[n], actor="leader1", reason="结案")
            runner.catch_up()
        clock.advance(timedelta(hours=7))


def _answers(world: World) -> list[tuple[QueuePage, QueuePage]]:
    """At every log position, for each department: the whole queue at one moment, and at another one
    page of one bucket (or of all) sorted by sending."""
    app, engine = world.services.app, world.services.engine
    end = app.recorder.max_notification_id() or 0
    answers = []
    for position in range(end + 1):
        bucket = [None, *Bucket][position % (len(Bucket) + 1)]
        for department in DEPARTMENTS:
            page = partial(queue_page, engine, department, calendar=CALENDAR, position=position)
            whole = page(now=app.clock.now(), limit=10_000)
            answers.append((whole, page(now=EARLY, bucket=bucket, sort="dispatched", limit=2, offset=1)))
    return answers


def _from_whole_history(world: World) -> list[tuple[QueuePage, QueuePage]]:
    """The same answers with the checkpoints gone: read from the whole history, as before there were any."""
    with world.services.engine.begin() as conn:
        conn.execute(delete(dispatch_checkpoint_versions))
        conn.execute(delete(dispatch_checkpoints))
    return _answers(world)


def _checkpoints(engine: Engine) -> dict[str, list[tuple[int, int]]]:
    """Each department's checkpoints: position and size."""
    heads = dispatch_checkpoints.c
    query = select(heads.department, heads.position, heads.size).order_by(heads.department, heads.position)
    with engine.connect() as conn:
        taken: dict[str, list[tuple[int, int]]] = {}
        for department, position, size in conn.execute(query):
            taken.setdefault(department, []).append((position, size))
    return taken


def _rows(engine: Engine, table: Table) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(select(table).order_by(*table.primary_key.columns))]


def _valid(engine: Engine, department: str, position: int) -> int:
    versions = dispatch_versions.c
    query = select(func.count()).where(
        versions.department == department, versions.valid_from <= position, versions.valid_to > position
    )
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _begun(engine: Engine, department: str, after: int, until: int) -> int:
    versions = dispatch_versions.c
    query = select(func.count()).where(
        versions.department == department, versions.valid_from > after, versions.valid_from <= until
    )
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_the_queue_read_from_checkpoints_equals_the_queue_read_from_the_whole_history(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "MIN_INTERVAL", INTERVAL)
    _churn(world, clock, issues=10)
    _rework_park_and_reopen(world, clock)
    engine = world.services.engine

    taken = _checkpoints(engine)
    assert set(taken) == set(DEPARTMENTS) and all(len(heads) >= 3 for heads in taken.values())
    for department, heads in taken.items():  # each at the version that matches the one before in number
        for (after, size), (until, next_size) in pairwise([(0, 0), *heads]):
            assert _begun(engine, department, after, until) == max(INTERVAL, size)
            assert next_size == _valid(engine, department, until) > 0
    with_checkpoints = _answers(world)
    assert sum(len(whole.items) for whole, _ in with_checkpoints) > 100  # the queues really fill up
    assert with_checkpoints == _from_whole_history(world)


def test_a_store_projected_before_there_were_checkpoints_takes_them_from_then_on(
    world: World, settings: Settings, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _churn(world, clock, issues=6)
    old_end = world.services.app.recorder.max_notification_id() or 0
    with world.services.engine.begin() as conn:  # read models built before checkpoints existed
        dispatch_checkpoint_versions.drop(conn)
        dispatch_checkpoints.drop(conn)
    monkeypatch.setattr(checkpoints, "MIN_INTERVAL", INTERVAL)
    restarted = World(bootstrap(settings, clock=clock))  # the next start creates the tables
    try:
        _churn(restarted, clock, issues=6, first=1)

        taken = _checkpoints(restarted.services.engine)
        assert set(taken) == set(DEPARTMENTS)
        assert min(position for heads in taken.values() for position, _ in heads) > old_end
        assert _answers(restarted) == _from_whole_history(restarted)
    finally:
        restarted.services.close()


def test_a_rebuild_takes_the_same_checkpoints(
    world: World, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "MIN_INTERVAL", INTERVAL)
    _churn(world, clock, issues=6)  # batches of a command or two; the replay's hold the whole log
    engine = world.services.engine
    before, taken = _answers(world), _rows(engine, dispatch_checkpoint_versions)
    assert set(_checkpoints(engine)) == set(DEPARTMENTS)

    rebuild(world.services.runner, "issues")

    assert _rows(engine, dispatch_checkpoint_versions) == taken
    assert _answers(world) == before
