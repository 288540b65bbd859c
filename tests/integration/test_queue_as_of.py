"""A department's queue as of any log position, read from dispatch versions, equals a replay of the log."""

from __future__ import annotations

from datetime import timedelta

from api.watch import tick
from domain.shared.clock import ManualClock
from projections.issues.as_of import issue_rows_as_of
from projections.issues.queue import QueueItem, department_queue
from tests.support.history import some_history
from tests.support.world import B1, BUILDING_WORK, World

DEPARTMENTS = ("CG", "ZJ", "XF")


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
    tick(world.services)
    world.services.runner.catch_up()


def _key(items: list[QueueItem]) -> list[QueueItem]:
    return sorted(items, key=lambda i: (i.issue_id, i.department))


def test_the_queue_at_every_log_position_equals_the_queue_replayed_to_it(world: World, clock: ManualClock) -> None:
    some_history(world, clock)
    _rework_park_and_reopen(world, clock)
    app, engine = world.services.app, world.services.engine
    end = app.recorder.max_notification_id() or 0
    now, calendar = app.clock.now(), app.calendar()
    seen_nonempty = 0
    for position in range(end + 1):
        replayed = issue_rows_as_of(app, position)
        for department in DEPARTMENTS:
            versions = department_queue(engine, department, now=now, calendar=calendar, position=position)
            expected = department_queue(replayed, department, now=now, calendar=calendar)
            assert _key(versions) == _key(expected), (position, department)
            seen_nonempty += bool(expected)
        replayed.dispose()
    assert seen_nonempty > 20  # the history really passes through queues, for each department in turn
    current = department_queue(engine, "XF", now=now, calendar=calendar)
    assert _key(current) == _key(department_queue(engine, "XF", now=now, calendar=calendar, position=end))
    assert current  # the reopened issue's second whistle is in XF's queue
