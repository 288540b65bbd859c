"""Relapse monitoring deadlines on the working calendar, watched like dispatch: the acceptance test.

Test calendar: Monday 2026-03-09 is a public holiday (tests/support/world.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.bootstrap import Services, bootstrap
from domain.monitoring.model import MonitoringCase
from domain.monitoring.status import CaseStatus, Step
from domain.shared.clock import ManualClock
from domain.shared.errors import IllegalTransitionError
from projections.audit.trail_queries import position_at
from projections.monitoring.board import BoardFilter, BoardReader, board_page, rows_as_of
from projections.monitoring.watcher import tick
from tests.support.households import household
from tests.support.monitoring import BEFORE_NOTICE, step
from tests.support.world import B1, HOLIDAY, K1, World

CST = timedelta(hours=8)


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC) - CST


def _kinds(services: Services, case: MonitoringCase) -> list[str]:
    return [type(e).__name__ for e in services.app.events.get(case.id)]


def _board_as_of(services: Services, moment: datetime) -> dict[str, bool]:
    engine = rows_as_of(services.app, position_at(services.engine, moment) or 0)
    try:
        _, rows = board_page(engine, BoardReader(everything=True), BoardFilter(), now=moment, limit=50, offset=0)
    finally:
        engine.dispose()
    return {row["id"]: row["overdue"] for row in rows}


def test_a_home_check_not_done_in_three_working_days_is_overdue_and_escalates_on_the_right_day(
    world: World, clock: ManualClock
) -> None:
    services, app = world.services, world.services.app
    clock.set(_local(2026, 3, 6, 10, 0))  # a Friday
    case = app.open_case(
        household_id=household(app, B1), category="marginal", source="grid_worker", clue="因灾受损", actor="worker1"
    )
    # Three working days, the day of the clue not counted: (weekend, the Monday holiday) Tue, Wed, Thu.
    assert datetime(2026, 3, 9).date() == HOLIDAY
    due = case.deadlines[Step.HOME_CHECK]
    assert due == _local(2026, 3, 12, 17, 30)

    clock.set(_local(2026, 3, 9, 17, 31))  # three calendar days later: not yet due
    assert tick(app, services.runner) == 0
    clock.set(_local(2026, 3, 12, 9, 0))  # within the day's warning
    tick(app, services.runner)
    assert _kinds(services, case).count("DeadlineApproaching") == 1
    assert "DeadlineMissed" not in _kinds(services, case)

    clock.set(_local(2026, 3, 12, 17, 31))
    tick(app, services.runner)
    tick(app, services.runner)  # a second pass records nothing new
    kinds = _kinds(services, case)
    assert (kinds.count("DeadlineMissed"), kinds.count("Escalated")) == (1, 1)
    assert app.monitoring_case(case.id).owner == K1
    missed = next(e for e in app.events.get(case.id) if type(e).__name__ == "DeadlineMissed")
    assert (missed.timestamp + CST).date() == datetime(2026, 3, 12).date()

    restarted = bootstrap(services.settings, clock=clock)
    try:
        assert tick(restarted.app, restarted.runner) == 0
    finally:
        restarted.close()

    key = str(case.id)
    assert _board_as_of(services, _local(2026, 3, 12, 17, 29)) == {key: False}
    assert _board_as_of(services, _local(2026, 3, 12, 17, 31)) == {key: True}
    assert _board_as_of(services, _local(2026, 3, 11, 12, 0)) == {key: False}


def test_each_missed_stage_escalates_one_more_level_per_pass(world: World, clock: ManualClock) -> None:
    services, app = world.services, world.services.app
    clock.set(_local(2026, 3, 2, 9, 0))  # a Monday
    case = app.open_case(
        household_id=household(app, B1), category="unstable", source="hotline_12317", clue="12317来电", actor="worker1"
    )
    step(app, case.id, Step.HOME_CHECK)
    clock.set(_local(2026, 3, 4, 9, 0))
    tick(app, services.runner)
    assert app.monitoring_case(case.id).owner == B1  # the home check was done in time
    clock.set(_local(2026, 3, 11, 17, 31))  # data comparison: 5 working days from Monday, holiday skipped
    tick(app, services.runner)
    assert app.monitoring_case(case.id).owner == K1
    clock.set(_local(2026, 3, 24, 17, 31))  # the whole pipeline: 15 working days from the first clue
    tick(app, services.runner)
    assert app.monitoring_case(case.id).owner == "100001001"  # the community above the compound


def test_an_application_is_taken_up_within_two_working_days_then_the_home_check_runs(
    world: World, clock: ManualClock
) -> None:
    app = world.services.app
    clock.set(_local(2026, 3, 5, 10, 0))  # a Thursday
    case = app.open_case(
        household_id=household(app, B1), category="sudden_hardship", source="application", clue="申请", actor="worker1"
    )
    assert case.status is CaseStatus.APPLIED
    assert case.deadlines == {"pipeline": case.pipeline_due, "accept_application": _local(2026, 3, 10, 17, 30)}
    case = step(app, case.id, Step.ACCEPT_APPLICATION)
    assert case.status is CaseStatus.HOME_CHECK and "accept_application" not in case.deadlines


def test_the_notice_cannot_end_nor_approval_come_before_five_working_days(world: World, clock: ManualClock) -> None:
    app = world.services.app
    clock.set(_local(2026, 3, 2, 9, 0))
    case = app.open_case(
        household_id=household(app, B1), category="marginal", source="grid_worker", clue="失业", actor="worker1"
    )
    for which in BEFORE_NOTICE:
        case = step(app, case.id, which)
    assert case.status is CaseStatus.PUBLIC_NOTICE
    assert case.notice_until == _local(2026, 3, 10, 17, 30)  # Tue..Fri, (holiday), Tuesday
    clock.set(_local(2026, 3, 9, 12, 0))  # seven calendar days on, but only four working days
    with pytest.raises(IllegalTransitionError, match="it cannot end before"):
        step(app, case.id, Step.PUBLIC_NOTICE)
    with pytest.raises(IllegalTransitionError):
        step(app, case.id, Step.APPROVAL)
    clock.set(_local(2026, 3, 10, 17, 30))
    assert step(app, case.id, Step.PUBLIC_NOTICE).status is CaseStatus.TOWNSHIP_REVIEW


def test_a_failed_review_closes_the_case_as_not_enrolled_and_stops_its_clock(world: World, clock: ManualClock) -> None:
    app = world.services.app
    case = app.open_case(
        household_id=household(app, B1), category="marginal", source="department_data", clue="医保预警", actor="worker1"
    )
    step(app, case.id, Step.HOME_CHECK)
    case = step(app, case.id, Step.DATA_COMPARISON, passed=False)
    assert case.status is CaseStatus.NOT_ENROLLED and case.deadlines == {}
    clock.advance(timedelta(days=60))
    assert tick(app, world.services.runner) == 0
    with pytest.raises(IllegalTransitionError):
        step(app, case.id, Step.DEMOCRATIC_REVIEW)
