"""Deadline watching: warnings, misses, escalations and reminders, each recorded exactly once.

The district: street S1 > community C1 > compound K1 > building B1, the default working calendar
(Beijing, 09:00-12:00 and 13:30-17:30 on weekdays). An issue is reported at building B1 on Monday
2026-03-02 at 09:00 Beijing time; with the default limits it must be accepted by 11:00.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import UUID

import pytest

from domain.application import GridGov
from domain.issues.model import DISTRICT, Issue
from domain.shared.clock import ManualClock
from tests.unit.district import small_district

GRID = {"actor": "grid-worker", "reason": "grid duty"}
BEIJING = timezone(timedelta(hours=8))


def beijing(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026, Beijing time (2 March is a Monday)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def app(clock: ManualClock) -> GridGov:
    """The command side on the in-memory store with the small district set up."""
    return small_district(clock)


@pytest.fixture
def issue_id(app: GridGov, clock: ManualClock) -> UUID:
    clock.set(beijing(2, 9))
    issue, _ = app.report_issue(node="B1", category="01.01", description="rubbish by the gate", actor="grid-worker")
    return issue.id


def version(app: GridGov, issue_id: UUID) -> int:
    return app.issue(issue_id).version


def recorded_since(app: GridGov, issue_id: UUID, since: int) -> list[tuple[object, ...]]:
    """The issue's events after version `since`, from the log, as (name, what) tuples."""
    events = (app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(0, 1000))
    return [describe(e) for e in events if e.originator_id == issue_id and e.originator_version > since]


def describe(event: object) -> tuple[object, ...]:
    name = type(event).__name__
    if isinstance(event, Issue.DeadlineApproaching | Issue.DeadlineMissed):
        return (name, event.stage, event.department, event.due)
    if isinstance(event, Issue.Escalated):
        return (name, event.from_node, event.to_node)
    if isinstance(event, Issue.DepartmentReminded):
        return (name, event.department)
    return (name,)


def check(app: GridGov, issue_id: UUID, clock: ManualClock, at: datetime) -> list[tuple[object, ...]]:
    """Runs the deadline check at `at`; what it recorded."""
    clock.set(at)
    before = version(app, issue_id)
    app.check_deadlines(issue_id)
    return recorded_since(app, issue_id, before)


def test_the_report_must_be_accepted_within_two_working_hours(app: GridGov, issue_id: UUID) -> None:
    assert app.issue(issue_id).deadlines == {"accept": beijing(2, 11)}


# Warnings.


def test_nothing_is_recorded_before_the_warning_window(app: GridGov, issue_id: UUID, clock: ManualClock) -> None:
    assert check(app, issue_id, clock, beijing(2, 9, 59)) == []
    assert check(app, issue_id, clock, beijing(2, 9, 59) + timedelta(seconds=59)) == []


def test_a_deadline_inside_the_warning_window_is_warned_once(app: GridGov, issue_id: UUID, clock: ManualClock) -> None:
    assert app.policy.warn_before == timedelta(hours=1)

    assert check(app, issue_id, clock, beijing(2, 10)) == [("DeadlineApproaching", "accept", None, beijing(2, 11))]
    assert check(app, issue_id, clock, beijing(2, 10)) == []
    assert check(app, issue_id, clock, beijing(2, 10, 59)) == []


# Misses and escalation.


def test_a_missed_deadline_is_recorded_and_escalated_one_level_exactly_once(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    assert check(app, issue_id, clock, beijing(2, 11)) == [
        ("DeadlineMissed", "accept", None, beijing(2, 11)),
        ("Escalated", "B1", "K1"),
    ]
    assert app.issue(issue_id).owner == "K1"

    assert check(app, issue_id, clock, beijing(2, 11)) == []
    assert check(app, issue_id, clock, beijing(3, 11)) == []
    assert app.issue(issue_id).owner == "K1"


def test_a_miss_without_an_earlier_warning_still_escalates(app: GridGov, issue_id: UUID, clock: ManualClock) -> None:
    assert check(app, issue_id, clock, beijing(6, 16)) == [
        ("DeadlineMissed", "accept", None, beijing(2, 11)),
        ("Escalated", "B1", "K1"),
    ]


def test_a_later_miss_of_another_stage_escalates_one_more_level(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    check(app, issue_id, clock, beijing(2, 11, 30))
    app.accept_issue(issue_id, **GRID)
    issue = app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=[], **GRID)
    # two working hours from 11:30: half an hour before lunch, an hour and a half after
    assert issue.deadlines["check_in:CG"] == beijing(2, 15)

    assert check(app, issue_id, clock, beijing(2, 15)) == [
        ("DeadlineMissed", "check_in", "CG", beijing(2, 15)),
        ("Escalated", "K1", "C1"),
    ]
    assert app.issue(issue_id).owner == "C1"


def test_several_deadlines_missed_in_one_pass_escalate_only_one_level(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=["ZJ"], **GRID)

    recorded = check(app, issue_id, clock, beijing(2, 11))

    assert sorted(recorded) == sorted(
        [
            ("DeadlineMissed", "check_in", "CG", beijing(2, 11)),
            ("DeadlineMissed", "check_in", "ZJ", beijing(2, 11)),
            ("Escalated", "B1", "K1"),
        ]
    )


def test_escalation_climbs_to_the_district_and_stops_there(app: GridGov, issue_id: UUID, clock: ManualClock) -> None:
    check(app, issue_id, clock, beijing(2, 11))
    owners = [app.issue(issue_id).owner]
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="emergency", lead="CG", co_handlers=[], **GRID)
    # each stalled dispatch moves on and misses its new check-in deadline in turn, a day later
    for stalled, next_department in (("CG", "ZJ"), ("ZJ", "XF"), ("XF", None)):
        clock.advance(timedelta(days=1))
        app.check_deadlines(issue_id)
        owners.append(app.issue(issue_id).owner)
        if next_department:
            app.redispatch(issue_id, from_department=stalled, to_department=next_department, **GRID)

    last_pass = check(app, issue_id, clock, beijing(12, 11))  # the handling deadline passes too

    assert owners == ["K1", "C1", "S1", DISTRICT]
    assert last_pass
    assert {name for name, *_ in last_pass} == {"DeadlineMissed"}
    assert app.issue(issue_id).owner == DISTRICT
    assert [name for name, *_ in recorded_since(app, issue_id, 0)].count("Escalated") == 4


# Silent departments.


def test_a_silent_department_is_reminded_once_per_period_of_silence(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=[], **GRID)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    silent_from = app.calendar().add(beijing(2, 9), app.policy.silence)
    assert silent_from == beijing(3, 17, 30)  # one working day after Monday: the end of Tuesday

    assert check(app, issue_id, clock, silent_from - timedelta(minutes=1)) == []
    assert check(app, issue_id, clock, silent_from) == [("DepartmentReminded", "CG")]
    assert check(app, issue_id, clock, silent_from + timedelta(minutes=30)) == []

    silent_again = app.calendar().add(silent_from, app.policy.silence)
    assert silent_again == beijing(4, 17, 30)
    assert check(app, issue_id, clock, silent_again - timedelta(minutes=1)) == []
    assert check(app, issue_id, clock, silent_again) == [("DepartmentReminded", "CG")]


def test_a_department_that_records_progress_is_not_silent(app: GridGov, issue_id: UUID, clock: ManualClock) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=[], **GRID)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    clock.set(beijing(3, 10))
    app.record_progress(issue_id, department="CG", note="skip ordered", actor="CG", reason="update")

    assert check(app, issue_id, clock, beijing(3, 17, 30)) == []
    assert check(app, issue_id, clock, beijing(4, 17, 30)) == [("DepartmentReminded", "CG")]


def test_a_department_yet_to_check_in_is_chased_by_its_deadline_not_reminded(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="hard_case", lead="CG", co_handlers=[], **GRID)

    recorded = check(app, issue_id, clock, beijing(3, 17, 30))

    assert ("DepartmentReminded", "CG") not in recorded
    assert ("DeadlineMissed", "check_in", "CG", beijing(2, 14, 30)) in recorded


# Parking.


def test_a_parked_issue_records_nothing(app: GridGov, issue_id: UUID, clock: ManualClock) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=["ZJ"], **GRID)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    app.park(issue_id, actor="street-office", reason="spring works")

    for at in (beijing(2, 10, 30), beijing(2, 11), beijing(9, 12), beijing(30, 12)):
        assert check(app, issue_id, clock, at) == []
    assert app.issue(issue_id).owner == "B1"


def test_after_unparking_a_deadline_not_yet_due_when_parked_is_not_missed(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=[], **GRID)  # check in by 11:00
    clock.set(beijing(2, 9, 30))
    app.park(issue_id, actor="street-office", reason="spring works")
    clock.set(beijing(20, 9, 30))
    app.unpark(issue_id, actor="street-office", reason="works started")

    assert app.issue(issue_id).deadlines["check_in:CG"] == beijing(20, 11)
    assert check(app, issue_id, clock, beijing(20, 9, 59)) == []
    assert check(app, issue_id, clock, beijing(20, 10)) == [("DeadlineApproaching", "check_in", "CG", beijing(20, 11))]


def test_a_deadline_missed_before_parking_is_not_missed_again_after_unparking(
    app: GridGov, issue_id: UUID, clock: ManualClock
) -> None:
    app.accept_issue(issue_id, **GRID)
    app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=[], **GRID)
    check(app, issue_id, clock, beijing(2, 11))  # the check-in is missed once: B1 -> K1
    app.park(issue_id, actor="street-office", reason="spring works")
    clock.set(beijing(2, 16))
    app.unpark(issue_id, actor="street-office", reason="works started")

    assert check(app, issue_id, clock, beijing(2, 16)) == []
    assert app.issue(issue_id).owner == "K1"
