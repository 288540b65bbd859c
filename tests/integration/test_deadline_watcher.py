"""The deadline watcher: a missed check-in escalates up the tree exactly once, across restarts.

The deadline is counted on the working calendar across a weekend and a public holiday.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.bootstrap import Services, bootstrap
from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from projections.issues.watcher import tick
from tests.support.world import B1, BUILDING_WORK, HOLIDAY, K1, World

CST = timedelta(hours=8)


def _kinds(services: Services, issue: Issue) -> list[str]:
    return [type(e).__name__ for e in services.app.events.get(issue.id)]


def test_a_missed_check_in_escalates_once_across_a_weekend_holiday_and_a_restart(
    world: World, clock: ManualClock
) -> None:
    app = world.services.app
    friday_1630 = datetime(2026, 3, 6, 16, 30, tzinfo=UTC) - CST
    clock.set(friday_1630)
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=[], actor="leader1", reason="吹哨")

    # 2 working hours: Friday 16:30-17:30, then (Saturday, Sunday, the Monday holiday) Tuesday 09:00-10:00.
    assert datetime(2026, 3, 9).date() == HOLIDAY
    due = app.issue(issue.id).deadlines["check_in:CG"]
    assert due == datetime(2026, 3, 10, 10, 0, tzinfo=UTC) - CST

    clock.set(due - timedelta(minutes=30))
    assert tick(world.services.app, world.services.runner) >= 1
    assert "DeadlineApproaching" in _kinds(world.services, issue)
    assert "DeadlineMissed" not in _kinds(world.services, issue)

    clock.set(due + timedelta(minutes=1))
    tick(world.services.app, world.services.runner)
    kinds = _kinds(world.services, issue)
    assert kinds.count("DeadlineMissed") == 1
    assert kinds.count("Escalated") == 1
    assert app.issue(issue.id).owner == K1

    tick(world.services.app, world.services.runner)
    restarted = bootstrap(world.services.settings, clock=clock)
    second_watcher = bootstrap(world.services.settings, clock=clock)
    try:
        assert tick(restarted.app, restarted.runner) == 0
        assert tick(second_watcher.app, second_watcher.runner) == 0
    finally:
        restarted.close()
        second_watcher.close()
    kinds = _kinds(world.services, issue)
    assert (kinds.count("DeadlineMissed"), kinds.count("Escalated")) == (1, 1)
    world.services.runner.catch_up()
    queue_owner = world.services.app.issue(issue.id).owner
    assert queue_owner == K1


def test_a_silent_department_is_reminded(world: World, clock: ManualClock) -> None:
    app = world.services.app
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC) - CST)  # a Monday morning
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=[], actor="leader1", reason="吹哨")
    app.check_in(issue.id, department="CG", actor="dept1", reason="报到")
    clock.advance(timedelta(days=1, hours=9))  # past the end of Tuesday: one working day of silence
    tick(world.services.app, world.services.runner)
    assert _kinds(world.services, issue).count("DepartmentReminded") == 1
    tick(world.services.app, world.services.runner)
    assert _kinds(world.services, issue).count("DepartmentReminded") == 1
