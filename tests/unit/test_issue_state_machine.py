"""Random commands against one issue: after every step its state is one the rules allow.

Commands are fired whether or not the table allows them; a refused command must leave the
stored issue untouched, and an accepted one must leave the same issue in memory as in the log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.application import GridGov
from domain.issues.dispatch import DispatchStatus
from domain.issues.model import Issue
from domain.issues.status import Status
from domain.shared.clock import ManualClock
from domain.shared.errors import DomainError
from tests.unit.district import small_district

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Beijing
SETUP = {"actor": "admin", "reason": "setting up the district"}
WHO = {"actor": "tester", "reason": "property test"}
DEPARTMENTS = ("CG", "ZJ", "XF")
DEPARTMENT = st.sampled_from(DEPARTMENTS)
RATINGS = st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied"])
# minutes: within the warning window, across a deadline, a working day, past the reopen window
ADVANCES = st.sampled_from([1, 59, 61, 121, 60 * 6, 60 * 24, 60 * 24 * 3, 60 * 24 * 8])
FIXED_DEADLINES: dict[Status, set[str]] = {
    Status.REPORTED: {"accept"},
    Status.REGISTERED: set(),
    Status.HANDLING: {"handle_in_grid"},
    Status.AWAITING_VERIFICATION: {"verify"},
    Status.VERIFIED: set(),
    Status.CLOSED: set(),
    Status.DECLINED: set(),
    Status.MERGED: set(),
}


def district(clock: ManualClock) -> GridGov:
    return small_district(clock)


def effective_status(issue: Issue) -> Status:
    """A parked issue keeps the deadlines of the state it was parked from."""
    if issue.status == Status.PARKED:
        assert issue.parked_from is not None
        return issue.parked_from
    return issue.status


def snapshot(issue: Issue) -> dict[str, object]:
    return {
        "version": issue.version,
        "status": issue.status,
        "parked_from": issue.parked_from,
        "deadlines": issue.deadlines,
        "dispatches": {
            code: (d.status, d.lead, d.reworks, d.rating, d.last_activity) for code, d in issue.dispatches.items()
        },
        "owner": issue.owner,
        "flagged": issue.flagged,
        "in_grid": issue.in_grid,
        "closed_at": issue.closed_at,
        "extension_requests": issue.extension_requests,
    }


class IssueMachine(RuleBasedStateMachine):
    """One issue in a small district; commands by the grid, departments and the deadline watcher."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(START)
        self.app = district(self.clock)
        self.issue_id = UUID(int=0)
        self.issue: Issue | None = None

    @initialize(
        category=st.sampled_from(["01.01", "02.01"]),
        path=st.sampled_from(["dispatch", "redispatch", "in grid"]),
        steps=st.integers(min_value=0, max_value=9),
    )
    def report_and_walk_part_of_the_way(self, category: str, path: str, steps: int) -> None:
        """Random commands alone seldom get far: start from a point on one of the usual paths."""
        issue, created = self.app.report_issue(node="B1", category=category, description="rubbish", actor="worker")
        assert created
        self.issue_id, self.issue = issue.id, issue
        for name, command in self.usual_path(path)[:steps]:
            self.attempt(name, command)

    def usual_path(self, path: str) -> list[tuple[str, Callable[[], Issue]]]:
        app, issue_id = self.app, self.issue_id
        accept = ("accept", lambda: app.accept_issue(issue_id, **WHO))
        verify = ("verify", lambda: app.verify(issue_id, passed=True, departments=None, **WHO))
        close = ("close", lambda: app.close_issue(issue_id, **WHO))
        if path == "in grid":
            handle = ("handle", lambda: app.handle_in_grid(issue_id, **WHO))
            feed = ("feed back", lambda: app.feed_back(issue_id, department=None, result="done", **WHO))
            return [accept, handle, feed, verify, close]
        whistle = ("whistle", lambda: app.blow_whistle(issue_id, kind="routine", lead="CG", co_handlers=["ZJ"], **WHO))
        if path == "redispatch":
            return [
                accept,
                whistle,
                ("return", lambda: app.return_dispatch(issue_id, department="CG", **WHO)),
                ("redispatch", lambda: app.redispatch(issue_id, from_department="CG", to_department="XF", **WHO)),
                ("check in", lambda: app.check_in(issue_id, department="XF", **WHO)),
                ("feed back", lambda: app.feed_back(issue_id, department="XF", result="done", **WHO)),
                ("check in", lambda: app.check_in(issue_id, department="ZJ", **WHO)),
                ("feed back", lambda: app.feed_back(issue_id, department="ZJ", result="done", **WHO)),
                ("verify", lambda: app.verify(issue_id, passed=False, departments=None, **WHO)),
            ]
        return [
            accept,
            whistle,
            ("check in", lambda: app.check_in(issue_id, department="CG", **WHO)),
            ("check in", lambda: app.check_in(issue_id, department="ZJ", **WHO)),
            ("feed back", lambda: app.feed_back(issue_id, department="CG", result="done", **WHO)),
            ("feed back", lambda: app.feed_back(issue_id, department="ZJ", result="done", **WHO)),
            verify,
            close,
            ("rate", lambda: app.rate(issue_id, department="CG", rating="satisfied", **WHO)),
        ]

    def stored(self) -> Issue:
        """The issue replayed from the log."""
        issue: Aggregate = self.app.repository.get(self.issue_id)
        assert isinstance(issue, Issue)
        return issue

    def attempt(self, name: str, command: Callable[[], Issue]) -> None:
        before = self.stored().version
        try:
            issue = command()
        except DomainError:
            event(f"refused: {name}")
            assert self.stored().version == before, f"refused {name} still changed the issue"
            return
        event(f"accepted: {name}")
        self.issue = issue

    def pick(self, data: st.DataObject) -> str:
        """Mostly a department on the issue, so that department commands get past the first check."""
        on_issue = sorted(self.stored().dispatches)
        prefer_the_issue: bool = data.draw(st.booleans())
        if on_issue and prefer_the_issue:
            return data.draw(st.sampled_from(on_issue))
        return data.draw(DEPARTMENT)

    # The grid.

    @rule()
    def accept(self) -> None:
        self.attempt("accept", lambda: self.app.accept_issue(self.issue_id, **WHO))

    @rule()
    def decline(self) -> None:
        self.attempt("decline", lambda: self.app.decline_issue(self.issue_id, **WHO))

    @rule()
    def handle(self) -> None:
        self.attempt("handle", lambda: self.app.handle_in_grid(self.issue_id, **WHO))

    @rule(
        kind=st.sampled_from(["routine", "hard_case", "emergency"]),
        lead=DEPARTMENT,
        co_handlers=st.lists(DEPARTMENT, max_size=2),
    )
    def whistle(self, kind: str, lead: str, co_handlers: list[str]) -> None:
        self.attempt(
            "whistle",
            lambda: self.app.blow_whistle(self.issue_id, kind=kind, lead=lead, co_handlers=co_handlers, **WHO),
        )

    @rule(data=st.data())
    def redispatch(self, data: st.DataObject) -> None:
        source, target = self.pick(data), data.draw(DEPARTMENT)
        self.attempt(
            "redispatch",
            lambda: self.app.redispatch(self.issue_id, from_department=source, to_department=target, **WHO),
        )

    @rule(
        passed=st.booleans(),
        departments=st.none() | st.lists(DEPARTMENT, max_size=2, unique=True),
    )
    def verify(self, passed: bool, departments: list[str] | None) -> None:
        self.attempt("verify", lambda: self.app.verify(self.issue_id, passed=passed, departments=departments, **WHO))

    @rule()
    def close(self) -> None:
        self.attempt("close", lambda: self.app.close_issue(self.issue_id, **WHO))

    @rule(data=st.data(), rating=RATINGS)
    def rate(self, data: st.DataObject, rating: str) -> None:
        department = self.pick(data)
        self.attempt("rate", lambda: self.app.rate(self.issue_id, department=department, rating=rating, **WHO))

    @rule()
    def reopen(self) -> None:
        self.attempt("reopen", lambda: self.app.reopen(self.issue_id, **WHO))

    @rule()
    def park(self) -> None:
        self.attempt("park", lambda: self.app.park(self.issue_id, **WHO))

    @rule()
    def unpark(self) -> None:
        self.attempt("unpark", lambda: self.app.unpark(self.issue_id, **WHO))

    # Departments.

    @rule(data=st.data())
    def check_in(self, data: st.DataObject) -> None:
        department = self.pick(data)
        self.attempt("check in", lambda: self.app.check_in(self.issue_id, department=department, **WHO))

    @rule(data=st.data())
    def record_progress(self, data: st.DataObject) -> None:
        department = self.pick(data)
        self.attempt(
            "progress",
            lambda: self.app.record_progress(self.issue_id, department=department, note="half done", **WHO),
        )

    @rule(data=st.data(), by_the_grid=st.booleans())
    def feed_back(self, data: st.DataObject, by_the_grid: bool) -> None:
        department = None if by_the_grid else self.pick(data)
        self.attempt(
            "feed back", lambda: self.app.feed_back(self.issue_id, department=department, result="done", **WHO)
        )

    @rule(data=st.data())
    def return_dispatch(self, data: st.DataObject) -> None:
        department = self.pick(data)
        self.attempt("return", lambda: self.app.return_dispatch(self.issue_id, department=department, **WHO))

    @rule(data=st.data(), days=st.integers(min_value=-1, max_value=10))
    def extend(self, data: st.DataObject, days: int) -> None:
        department = self.pick(data)
        until = self.clock.now() + timedelta(days=days)
        self.attempt(
            "request extension",
            lambda: self.app.request_extension(self.issue_id, department=department, until=until, **WHO),
        )
        self.attempt("grant extension", lambda: self.app.grant_extension(self.issue_id, department=department, **WHO))

    # Time.

    @rule(minutes=ADVANCES)
    def time_passes_and_the_watcher_looks(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))
        self.attempt("check deadlines", lambda: self.app.check_deadlines(self.issue_id))
        again = self.stored().version
        self.app.check_deadlines(self.issue_id)
        assert self.stored().version == again, "a second look at the same moment recorded more"

    # Invariants.

    @invariant()
    def the_status_is_a_status(self) -> None:
        assert self.issue is not None
        event(f"status: {self.issue.status}")
        assert isinstance(self.issue.status, Status)
        assert isinstance(self.stored().status, Status)

    @invariant()
    def the_issue_replayed_from_the_log_equals_the_one_in_memory(self) -> None:
        assert self.issue is not None
        assert snapshot(self.stored()) == snapshot(self.issue)

    @invariant()
    def every_deadline_belongs_to_the_status(self) -> None:
        issue = self.stored()
        status = effective_status(issue)
        if status != Status.DISPATCHED:
            assert set(issue.deadlines) == FIXED_DEADLINES[status], f"{status} with {sorted(issue.deadlines)}"
            return
        working = {
            code
            for code, d in issue.dispatches.items()
            if d.status in (DispatchStatus.ASSIGNED, DispatchStatus.CHECKED_IN)
        }
        for key in issue.deadlines:
            stage, _, department = key.partition(":")
            assert stage in ("check_in", "handle"), f"{status} with a {key} deadline"
            assert department in working, f"{key} for a dispatch that is not being worked on"

    @invariant()
    def a_dispatch_has_its_check_in_deadline_exactly_while_it_is_assigned(self) -> None:
        issue = self.stored()
        if effective_status(issue) != Status.DISPATCHED:
            return
        for code, dispatch in issue.dispatches.items():
            if dispatch.status in (DispatchStatus.RETURNED, DispatchStatus.WITHDRAWN):
                assert f"check_in:{code}" not in issue.deadlines
                assert f"handle:{code}" not in issue.deadlines
                continue
            assert (f"check_in:{code}" in issue.deadlines) == (dispatch.status == DispatchStatus.ASSIGNED), code
            assert (f"handle:{code}" in issue.deadlines) == (dispatch.status != DispatchStatus.FED_BACK), code


TestIssueMachine = IssueMachine.TestCase
TestIssueMachine.settings = settings(max_examples=40, stateful_step_count=25, deadline=None, database=None)
