"""An issue from report to rating, driven through the Application on the in-memory store.

The district: street S1 > community C1 > compound K1 > building B1, the default working calendar
(Beijing, 09:00-12:00 and 13:30-17:30 on weekdays), departments CG, ZJ and XF serving every street,
category 01.01 the grid may handle itself and 02.01 it may not. The clock starts on Monday
2026-03-02 at 09:00 in Beijing (01:00 UTC).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

import pytest

from domain.application import GridGov
from domain.issues.dispatch import DispatchStatus
from domain.issues.intake import Intake
from domain.issues.model import Issue
from domain.issues.status import ALLOWED, Command, Status
from domain.issues.values import Stage
from domain.shared.clock import ManualClock
from domain.shared.errors import IllegalTransitionError, InvalidInputError
from tests.unit.district import small_district

GRID = {"actor": "grid-worker", "reason": "grid duty"}


@pytest.fixture
def app(clock: ManualClock) -> GridGov:
    """The command side on the in-memory store with the small district set up."""
    return small_district(clock)


def report(app: GridGov, category: str = "01.01") -> UUID:
    issue, _ = app.report_issue(node="B1", category=category, description="rubbish by the gate", actor="grid-worker")
    return issue.id


def registered(app: GridGov, category: str = "01.01") -> UUID:
    issue_id = report(app, category)
    app.accept_issue(issue_id, **GRID)
    return issue_id


def dispatched(app: GridGov, *, kind: str = "routine", co_handlers: tuple[str, ...] = ("ZJ",)) -> UUID:
    """Registered, then the whistle: CG leads, the co-handlers help."""
    issue_id = registered(app)
    app.blow_whistle(issue_id, kind=kind, lead="CG", co_handlers=list(co_handlers), **GRID)
    return issue_id


def fed_back(app: GridGov) -> UUID:
    """CG and ZJ both checked in and fed back: the issue awaits verification."""
    issue_id = dispatched(app)
    for department in ("CG", "ZJ"):
        app.check_in(issue_id, department=department, actor=department, reason="on site")
    for department in ("CG", "ZJ"):
        app.feed_back(issue_id, department=department, result="cleared", actor=department, reason="done")
    return issue_id


def closed(app: GridGov) -> UUID:
    issue_id = fed_back(app)
    app.verify(issue_id, passed=True, departments=None, **GRID)
    app.close_issue(issue_id, **GRID)
    return issue_id


def dispatch_statuses(issue: Issue) -> dict[str, DispatchStatus]:
    return {code: dispatch.status for code, dispatch in issue.dispatches.items()}


# The whole loop.


def test_an_issue_awaits_verification_only_after_the_second_department_fed_back(app: GridGov) -> None:
    issue_id = dispatched(app)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    app.check_in(issue_id, department="ZJ", actor="ZJ", reason="on site")

    after_first = app.feed_back(issue_id, department="CG", result="cleared", actor="CG", reason="done")

    assert after_first.status == Status.DISPATCHED
    assert dispatch_statuses(after_first) == {"CG": DispatchStatus.FED_BACK, "ZJ": DispatchStatus.CHECKED_IN}
    assert "verify" not in after_first.deadlines

    after_second = app.feed_back(issue_id, department="ZJ", result="signs put up", actor="ZJ", reason="done")

    assert after_second.status == Status.AWAITING_VERIFICATION
    assert dispatch_statuses(after_second) == {"CG": DispatchStatus.FED_BACK, "ZJ": DispatchStatus.FED_BACK}
    assert set(after_second.deadlines) == {"verify"}


def test_failed_verification_sends_only_the_named_department_back_to_rework(app: GridGov) -> None:
    issue_id = fed_back(app)

    issue = app.verify(issue_id, passed=False, departments=["CG"], actor="grid-worker", reason="still dirty")

    assert issue.status == Status.DISPATCHED
    assert issue.dispatches["CG"].status == DispatchStatus.CHECKED_IN
    assert issue.dispatches["CG"].reworks == 1
    assert issue.dispatches["ZJ"].status == DispatchStatus.FED_BACK
    assert issue.dispatches["ZJ"].reworks == 0
    assert set(issue.deadlines) == {"handle:CG"}


def test_a_closed_issue_rates_each_department_once(app: GridGov) -> None:
    issue_id = closed(app)

    app.rate(issue_id, department="CG", rating="satisfied", actor="street-office", reason="quick")
    issue = app.rate(issue_id, department="ZJ", rating="basically_satisfied", actor="street-office", reason="slow")

    assert issue.status == Status.CLOSED
    assert {code: d.rating for code, d in issue.dispatches.items()} == {
        "CG": "satisfied",
        "ZJ": "basically_satisfied",
    }
    with pytest.raises(InvalidInputError, match="already rated"):
        app.rate(issue_id, department="CG", rating="unsatisfied", actor="street-office", reason="changed my mind")
    assert app.issue(issue_id).dispatches["CG"].rating == "satisfied"


def test_a_closed_issue_reopens_up_to_the_last_moment_of_the_window(app: GridGov, clock: ManualClock) -> None:
    issue_id = closed(app)
    clock.advance(app.policy.reopen_window)

    issue = app.reopen(issue_id, actor="resident", reason="it is back")

    assert issue.status == Status.REPORTED
    assert issue.closed_at is None
    assert issue.dispatches == {}
    assert issue.deadlines == {"accept": app.calendar().add(clock.now(), app.category("01.01").limit(Stage.ACCEPT))}


def test_a_closed_issue_cannot_be_reopened_after_the_window(app: GridGov, clock: ManualClock) -> None:
    issue_id = closed(app)
    version = app.issue(issue_id).version
    clock.advance(app.policy.reopen_window + timedelta(seconds=1))

    with pytest.raises(InvalidInputError, match="reopen window"):
        app.reopen(issue_id, actor="resident", reason="it is back")

    assert app.issue(issue_id).status == Status.CLOSED
    assert app.issue(issue_id).version == version


def test_a_declined_report_is_final_and_keeps_no_deadline(app: GridGov) -> None:
    issue_id = report(app)

    issue = app.decline_issue(issue_id, actor="grid-leader", reason="private property")

    assert issue.status == Status.DECLINED
    assert not issue.is_open
    assert issue.deadlines == {}
    with pytest.raises(IllegalTransitionError):
        app.accept_issue(issue_id, **GRID)


def test_the_grid_handles_an_issue_itself_and_feeds_back_without_a_department(app: GridGov) -> None:
    issue_id = registered(app)

    handling = app.handle_in_grid(issue_id, **GRID)
    assert (handling.status, handling.in_grid, set(handling.deadlines)) == (Status.HANDLING, True, {"handle_in_grid"})

    issue = app.feed_back(issue_id, department=None, result="swept", **GRID)

    assert issue.status == Status.AWAITING_VERIFICATION
    assert set(issue.deadlines) == {"verify"}
    reworked = app.verify(issue_id, passed=False, departments=None, actor="grid-leader", reason="not swept")
    assert (reworked.status, set(reworked.deadlines)) == (Status.HANDLING, {"handle_in_grid"})


def test_the_grid_cannot_handle_a_category_reserved_for_departments(app: GridGov) -> None:
    issue_id = registered(app, category="02.01")

    with pytest.raises(IllegalTransitionError) as refused:
        app.handle_in_grid(issue_id, **GRID)

    assert "whistle" in refused.value.allowed
    assert refused.value.state == Status.REGISTERED
    assert app.issue(issue_id).status == Status.REGISTERED


def test_a_returned_dispatch_moves_to_another_department_which_inherits_the_lead(app: GridGov) -> None:
    issue_id = dispatched(app)
    app.return_dispatch(issue_id, department="CG", actor="CG", reason="not ours: fire escape")

    issue = app.redispatch(issue_id, from_department="CG", to_department="XF", **GRID)

    assert dispatch_statuses(issue) == {
        "CG": DispatchStatus.WITHDRAWN,
        "ZJ": DispatchStatus.ASSIGNED,
        "XF": DispatchStatus.ASSIGNED,
    }
    assert issue.dispatches["XF"].lead is True
    assert issue.dispatches["ZJ"].lead is False
    assert set(issue.deadlines) == {"check_in:ZJ", "handle:ZJ", "check_in:XF", "handle:XF"}


def test_a_granted_extension_moves_the_handle_deadline_to_the_requested_time(app: GridGov) -> None:
    issue_id = dispatched(app)
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    until = app.issue(issue_id).deadlines["handle:CG"] + timedelta(days=5)

    requested = app.request_extension(issue_id, department="CG", until=until, actor="CG", reason="parts on order")
    assert requested.deadlines["handle:CG"] != until

    issue = app.grant_extension(issue_id, department="CG", actor="street-office", reason="agreed")

    assert issue.deadlines["handle:CG"] == until
    assert issue.extension_requests == {}


def test_parking_moves_every_deadline_by_exactly_the_parked_time(app: GridGov, clock: ManualClock) -> None:
    issue_id = dispatched(app)
    before = dict(app.issue(issue_id).deadlines)
    app.park(issue_id, actor="street-office", reason="waits for the spring works")
    parked_for = timedelta(days=12, hours=5, minutes=7)
    clock.advance(parked_for)

    issue = app.unpark(issue_id, actor="street-office", reason="works started")

    assert issue.status == Status.DISPATCHED
    assert issue.deadlines == {key: due + parked_for for key, due in before.items()}
    assert len(before) == 4


def test_a_merged_duplicate_points_to_its_target_and_the_target_records_it(app: GridGov) -> None:
    target = registered(app)
    source = report(app)

    app.merge(source, into=target, actor="grid-leader", reason="same rubbish")

    assert app.issue(source).status == Status.MERGED
    assert app.issue(source).merged_into == str(target)
    assert app.issue(source).deadlines == {}
    assert app.issue(target).absorbed == [str(source)]
    assert app.issue(target).status == Status.REGISTERED


# Illegal transitions: every command the table does not allow is refused, naming the state.

C = Command
COMMANDS: dict[Command, Callable[[GridGov, UUID, UUID], object]] = {
    C.ACCEPT: lambda app, i, _: app.accept_issue(i, **GRID),
    C.DECLINE: lambda app, i, _: app.decline_issue(i, **GRID),
    C.HANDLE: lambda app, i, _: app.handle_in_grid(i, **GRID),
    C.GRID_FEEDBACK: lambda app, i, _: app.feed_back(i, department=None, result="done", **GRID),
    C.WHISTLE: lambda app, i, _: app.blow_whistle(i, kind="routine", lead="XF", co_handlers=[], **GRID),
    C.CHECK_IN: lambda app, i, _: app.check_in(i, department="CG", **GRID),
    C.PROGRESS: lambda app, i, _: app.record_progress(i, department="CG", note="half done", **GRID),
    C.FEEDBACK: lambda app, i, _: app.feed_back(i, department="CG", result="done", **GRID),
    C.RETURN: lambda app, i, _: app.return_dispatch(i, department="CG", **GRID),
    C.REDISPATCH: lambda app, i, _: app.redispatch(i, from_department="CG", to_department="XF", **GRID),
    C.REQUEST_EXTENSION: lambda app, i, _: app.request_extension(
        i, department="CG", until=app.clock.now() + timedelta(days=9), **GRID
    ),
    C.GRANT_EXTENSION: lambda app, i, _: app.grant_extension(i, department="CG", **GRID),
    C.VERIFY: lambda app, i, _: app.verify(i, passed=True, departments=None, **GRID),
    C.CLOSE: lambda app, i, _: app.close_issue(i, **GRID),
    C.RATE: lambda app, i, _: app.rate(i, department="CG", rating="satisfied", **GRID),
    C.REOPEN: lambda app, i, _: app.reopen(i, **GRID),
    C.PARK: lambda app, i, _: app.park(i, **GRID),
    C.UNPARK: lambda app, i, _: app.unpark(i, **GRID),
    C.MERGE: lambda app, i, other: app.merge(i, into=other, **GRID),
    C.CONFIRM: lambda app, i, _: app.confirm_report(i, **GRID),
    C.DISMISS: lambda app, i, _: app.dismiss_report(i, **GRID),
}


def citizen(app: GridGov) -> UUID:
    issue, _ = app.report_from_outside(
        intake=Intake.CITIZEN, node="B1", category="01.01", description="门口有垃圾", address="1号楼门口"
    )
    return issue.id


def _parked(app: GridGov) -> UUID:
    issue_id = registered(app)
    app.park(issue_id, **GRID)
    return issue_id


def _declined(app: GridGov) -> UUID:
    issue_id = report(app)
    app.decline_issue(issue_id, **GRID)
    return issue_id


def _merged(app: GridGov) -> UUID:
    issue_id = report(app)
    app.merge(issue_id, into=report(app), **GRID)
    return issue_id


def _handling(app: GridGov) -> UUID:
    issue_id = registered(app)
    app.handle_in_grid(issue_id, **GRID)
    return issue_id


def _verified(app: GridGov) -> UUID:
    issue_id = fed_back(app)
    app.verify(issue_id, passed=True, departments=None, **GRID)
    return issue_id


REACH: dict[Status, Callable[[GridGov], UUID]] = {
    Status.CITIZEN: citizen,
    Status.REPORTED: report,
    Status.DECLINED: _declined,
    Status.REGISTERED: registered,
    Status.HANDLING: _handling,
    Status.DISPATCHED: dispatched,
    Status.AWAITING_VERIFICATION: fed_back,
    Status.VERIFIED: _verified,
    Status.CLOSED: closed,
    Status.PARKED: _parked,
    Status.MERGED: _merged,
}


def test_every_command_appears_in_the_transition_table() -> None:
    assert set(REACH) == set(Status)
    assert {command for allowed in ALLOWED.values() for command in allowed} == set(COMMANDS)
    assert set(COMMANDS) == set(Command) - {Command.REPORT}  # a report makes the issue: it has no state yet


@pytest.mark.parametrize("state", list(Status))
def test_a_command_the_state_does_not_allow_is_refused_and_changes_nothing(app: GridGov, state: Status) -> None:
    issue_id = REACH[state](app)
    other = registered(app)
    version = app.issue(issue_id).version
    assert app.issue(issue_id).status == state

    for command in sorted(set(COMMANDS) - set(ALLOWED[state])):
        with pytest.raises(IllegalTransitionError) as refused:
            COMMANDS[command](app, issue_id, other)

        assert (command, refused.value.state) == (command, state)
        assert (command, refused.value.allowed) == (command, [str(c) for c in ALLOWED[state]])
        assert app.issue(issue_id).version == version


# Reporting.


def test_a_retried_report_with_the_same_key_returns_the_first_issue(app: GridGov) -> None:
    first, first_new = app.report_issue(
        node="B1", category="01.01", description="broken lamp", actor="grid-worker", retry_key="k-1"
    )
    again, again_new = app.report_issue(
        node="B1", category="01.01", description="broken lamp", actor="grid-worker", retry_key="k-1"
    )

    assert (first_new, again_new) == (True, False)
    assert again.id == first.id
    assert again.version == first.version
    other, other_new = app.report_issue(
        node="B1", category="01.01", description="broken lamp", actor="someone-else", retry_key="k-1"
    )
    assert other_new is True
    assert other.id != first.id


# Deadlines set by commands.


def test_an_emergency_whistle_wants_check_in_within_thirty_calendar_minutes(app: GridGov, clock: ManualClock) -> None:
    issue_id = registered(app)
    # Saturday 23:50 in Beijing: working hours would push the deadline to Monday
    clock.set(clock.now() + timedelta(days=5, hours=14, minutes=50))
    whistled_at = clock.now()

    issue = app.blow_whistle(issue_id, kind="emergency", lead="XF", co_handlers=["CG"], **GRID)

    assert issue.deadlines["check_in:XF"] == whistled_at + timedelta(minutes=30)
    assert issue.deadlines["check_in:CG"] == whistled_at + timedelta(minutes=30)


def test_a_routine_whistle_wants_check_in_within_the_category_working_hours(app: GridGov) -> None:
    issue_id = dispatched(app, co_handlers=())
    start = app.clock.now()

    issue = app.issue(issue_id)

    assert issue.deadlines["check_in:CG"] == start + timedelta(hours=2)  # Monday 09:00 + 2 working hours
    assert issue.deadlines["handle:CG"] == start + timedelta(days=3, hours=8, minutes=30)  # Thursday 17:30


# The log.


def test_every_issue_event_records_who_why_where_and_when(app: GridGov, clock: ManualClock) -> None:
    expected: list[tuple[str, str, str, str, object]] = []

    def step(name: str, actor: str, reason: str, command: Callable[[], object]) -> None:
        clock.advance(timedelta(minutes=7))
        command()
        expected.append((name, actor, reason, "B1", clock.now()))

    clock.advance(timedelta(minutes=7))
    issue_id = report(app)
    expected.append(("Reported", "grid-worker", "reported from the grid", "B1", clock.now()))
    step(
        "Accepted",
        "leader",
        "a real problem",
        lambda: app.accept_issue(issue_id, actor="leader", reason="a real problem"),
    )
    step(
        "WhistleBlown",
        "leader",
        "needs CG",
        lambda: app.blow_whistle(
            issue_id, kind="hard_case", lead="CG", co_handlers=[], actor="leader", reason="needs CG"
        ),
    )
    step(
        "DepartmentCheckedIn",
        "cg-1",
        "here",
        lambda: app.check_in(issue_id, department="CG", actor="cg-1", reason="here"),
    )
    step(
        "FeedbackGiven",
        "cg-1",
        "done",
        lambda: app.feed_back(issue_id, department="CG", result="ok", actor="cg-1", reason="done"),
    )
    step(
        "VerificationPassed",
        "leader",
        "seen",
        lambda: app.verify(issue_id, passed=True, departments=None, actor="leader", reason="seen"),
    )
    step("Closed", "leader", "solved", lambda: app.close_issue(issue_id, actor="leader", reason="solved"))
    step(
        "DepartmentRated",
        "office",
        "fast",
        lambda: app.rate(issue_id, department="CG", rating="satisfied", actor="office", reason="fast"),
    )

    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(0, 1000)]
    recorded = [
        (type(e).__name__, e.actor, e.reason, e.node, e.timestamp)
        for e in events
        if isinstance(e, Issue.Event) and e.originator_id == issue_id
    ]

    assert recorded == expected


def test_an_extension_must_move_the_deadline_later_and_lapses_with_feedback(app: GridGov, clock: ManualClock) -> None:
    issue_id = dispatched(app, co_handlers=())
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    due = app.issue(issue_id).deadlines["handle:CG"]
    with pytest.raises(InvalidInputError, match="beyond the deadline"):
        app.request_extension(issue_id, department="CG", until=due, actor="CG", reason="too soon")
    app.request_extension(issue_id, department="CG", until=due + timedelta(days=2), actor="CG", reason="parts")
    app.feed_back(issue_id, department="CG", result="cleared", actor="CG", reason="done")
    app.verify(issue_id, passed=False, departments=None, **GRID)
    with pytest.raises(InvalidInputError, match="has not asked"):
        app.grant_extension(issue_id, department="CG", actor="street-office", reason="stale request")


def test_a_department_is_never_called_twice_to_one_issue(app: GridGov) -> None:
    issue_id = dispatched(app, co_handlers=())
    app.return_dispatch(issue_id, department="CG", actor="CG", reason="not ours")
    with pytest.raises(InvalidInputError, match="already called"):
        app.redispatch(issue_id, from_department="CG", to_department="CG", **GRID)
    app.redispatch(issue_id, from_department="CG", to_department="ZJ", **GRID)
    assert app.issue(issue_id).dispatches["CG"].status == DispatchStatus.WITHDRAWN


def test_parked_time_does_not_count_as_a_departments_silence(app: GridGov, clock: ManualClock) -> None:
    issue_id = dispatched(app, co_handlers=())
    app.check_in(issue_id, department="CG", actor="CG", reason="on site")
    app.park(issue_id, actor="street-office", reason="winter")
    clock.advance(timedelta(days=10))
    app.unpark(issue_id, actor="street-office", reason="spring")
    before = app.issue(issue_id).version
    app.check_deadlines(issue_id)
    kinds = [type(e).__name__ for e in app.events.get(issue_id, gt=before)]
    assert "DepartmentReminded" not in kinds


def test_a_citizen_report_waits_for_the_on_site_check_then_joins_the_loop(app: GridGov) -> None:
    confirmed, dismissed = citizen(app), citizen(app)
    assert app.issue(confirmed).status == Status.CITIZEN
    assert app.issue(confirmed).reporter == "citizen" and app.issue(confirmed).address == "1号楼门口"

    app.confirm_report(confirmed, actor="grid-worker", reason="到现场看过，属实")
    app.blow_whistle(confirmed, kind="routine", lead="CG", co_handlers=[], **GRID)
    assert app.issue(confirmed).status == Status.DISPATCHED

    with pytest.raises(InvalidInputError) as silent:
        app.dismiss_report(dismissed, actor="grid-worker", reason="  ")
    assert silent.value.field == "reason"
    app.dismiss_report(dismissed, actor="grid-worker", reason="现场已清理，无需立案")
    assert app.issue(dismissed).status == Status.DECLINED
    assert app.issue(dismissed).deadlines == {}


def test_a_citizen_description_is_bounded_like_open311s(app: GridGov) -> None:
    with pytest.raises(InvalidInputError) as long:
        app.report_from_outside(intake=Intake.CITIZEN, node="B1", category="01.01", description="长" * 4_001)
    assert long.value.field == "description"
    app.report_from_outside(intake=Intake.CITIZEN, node="B1", category="01.01", description="长" * 4_000)
