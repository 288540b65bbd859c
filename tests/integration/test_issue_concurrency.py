"""Concurrent commands on one issue: meaningful conflicts are refused, commuting ones both land."""

from __future__ import annotations

import threading
from uuid import UUID

import pytest
from sqlalchemy import func, select

from domain.application import GridGov
from domain.shared.clock import ManualClock
from domain.shared.errors import IllegalTransitionError
from projections.issues.tables import issues
from tests.support.world import B1, BUILDING_WORK, World


def _dispatched(app: GridGov) -> UUID:
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    app.blow_whistle(issue.id, kind="routine", lead="CG", co_handlers=["ZJ"], actor="leader1", reason="吹哨")
    return issue.id


def _check_in_at_once(apps: list[GridGov], issue_id: UUID) -> list[BaseException]:
    """Both departments check in to the same issue version at the same moment, from two processes' apps."""
    start, failures = threading.Barrier(2), []

    def check_in(app: GridGov, department: str) -> None:
        start.wait()
        try:
            app.check_in(issue_id, department=department, actor=department, reason="报到")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=check_in, args=pair) for pair in zip(apps, ("CG", "ZJ"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_two_departments_checking_in_at_once_are_both_recorded(world: World, clock: ManualClock) -> None:
    env = world.services.settings.event_store_env()
    apps = [GridGov(clock, env=env), GridGov(clock, env=env)]
    try:
        for issue_id in [_dispatched(world.services.app) for _ in range(6)]:
            assert _check_in_at_once(apps, issue_id) == []
            issue = world.services.app.issue(issue_id)
            assert {d.department: str(d.status) for d in issue.dispatches.values()} == {
                "CG": "checked_in",
                "ZJ": "checked_in",
            }
    finally:
        for app in apps:
            app.close()


def test_a_retried_report_with_the_same_key_is_one_issue(world: World) -> None:
    app = world.services.app
    first, created = app.report_issue(
        node=B1, category=BUILDING_WORK, description="违建", actor="worker1", retry_key="k-1"
    )
    again, created_again = app.report_issue(
        node=B1, category=BUILDING_WORK, description="违建", actor="worker1", retry_key="k-1"
    )
    assert (first.id, created, created_again) == (again.id, True, False)
    world.services.runner.catch_up()
    with world.services.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(issues)).scalar_one() == 1


def test_a_second_verification_of_the_same_issue_is_refused(world: World) -> None:
    app = world.services.app
    issue_id = _dispatched(app)
    for department in ("CG", "ZJ"):
        app.check_in(issue_id, department=department, actor=department, reason="报到")
        app.feed_back(issue_id, department=department, result="done", actor=department, reason="反馈")
    app.verify(issue_id, passed=True, departments=None, actor="worker1", reason="ok")
    with pytest.raises(IllegalTransitionError):
        app.verify(issue_id, passed=False, departments=None, actor="worker1", reason="late")
