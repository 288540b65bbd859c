"""What each issue fact does to its issue row and dispatch rows: one small function per fact.

Deadlines are not here: they move by the aggregate's own table (`domain/issues/deadlines.py`),
applied once per event by the batch before these functions run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from domain.issues import deadlines
from domain.issues.dispatch import DispatchStatus
from domain.issues.intake import Intake
from domain.issues.model import Issue
from domain.issues.status import Status
from domain.issues.values import Stage
from projections.issues.tables import PAST_ROUND

Row = dict[str, Any]
DispatchKey = tuple[str, int]  # department, round


@dataclass
class Change:
    """One event's effect on an issue row and its dispatch rows, applied in memory."""

    row: Row
    rows: dict[DispatchKey, Row]  # every dispatch row of the issue, all rounds
    event: Any
    deadlines: dict[str, str]
    touched: set[DispatchKey]
    values: dict[str, Any] = field(default_factory=dict)

    def current(self, department: str | None = None) -> list[Row]:
        """This round's dispatch rows (of one department, if named)."""
        return [
            row
            for (code, round_), row in self.rows.items()
            if round_ == self.row["round"] and (department is None or code == department)
        ]

    def set_dispatch(self, department: str | None, **values: Any) -> None:
        for row in self.current(department):
            row.update(values)
            self.touched.add((row["department"], row["round"]))

    def open_dispatch(self, department: str, lead: bool, kind: str) -> None:
        event, row = self.event, self.row
        key = (department, row["round"])
        self.rows[key] = dict(
            issue_id=row["id"],
            department=department,
            round=row["round"],
            lead=lead,
            kind=kind,
            status=DispatchStatus.ASSIGNED,
            issue_status=Status.DISPATCHED,
            street=row["street"],
            community=row["community"],
            compound=row["compound"],
            building=row["building"],
            category=row["category"],
            dispatched_at=event.timestamp,
            check_in_due=event.check_in_due,
            checked_in_at=None,
            handle_due=event.handle_due,
            fed_back_at=None,
            last_activity=event.timestamp,
            reworks=0,
            rating=None,
            extension_until=None,
            closed=False,
            position=0,
        )
        self.touched.add(key)


def reported(position: int, key: str, event: Issue.Reported) -> Row:
    path = [*event.path, None, None, None][:4]
    return dict(
        id=key,
        node=event.node,
        street=path[0],
        community=path[1],
        compound=path[2],
        building=path[3],
        category=event.category,
        description=event.description[:500],
        status=Status.CITIZEN if Intake(event.intake).public else Status.REPORTED,
        owner=event.node,
        urgency=event.urgency,
        reporter=event.actor,
        reported_at=event.timestamp,
        updated_at=event.timestamp,
        closed_at=None,
        merged_into=None,
        parked_from=None,
        possible_duplicates=event.possible_duplicates,
        escalations=0,
        deadlines={deadlines.key(Stage.ACCEPT): event.accept_due.isoformat()},
        next_due=event.accept_due,
        round=0,
        position=position,
    )


def _finished(c: Change) -> None:
    if isinstance(c.event, Issue.Closed):
        c.values["closed_at"] = c.event.timestamp
    if isinstance(c.event, Issue.MergedInto):
        c.values["merged_into"] = c.event.target


def _whistle(c: Change) -> None:
    for code in [c.event.lead, *c.event.co_handlers]:
        c.open_dispatch(code, code == c.event.lead, c.event.kind)


def _checked_in(c: Change) -> None:
    at = c.event.timestamp
    c.set_dispatch(c.event.department, status=DispatchStatus.CHECKED_IN, checked_in_at=at, last_activity=at)


def _active(c: Change) -> None:
    c.set_dispatch(c.event.department, last_activity=c.event.timestamp)


def _feedback(c: Change) -> None:
    department, at = c.event.department, c.event.timestamp
    if department is not None:
        c.set_dispatch(
            department, status=DispatchStatus.FED_BACK, fed_back_at=at, last_activity=at, extension_until=None
        )
    if c.event.verify_due is not None:
        c.values["status"] = Status.AWAITING_VERIFICATION


def _returned(c: Change) -> None:
    c.set_dispatch(c.event.department, status=DispatchStatus.RETURNED, last_activity=c.event.timestamp)


def _redispatched(c: Change) -> None:
    old = c.event.from_department
    (previous,) = c.current(old)
    c.set_dispatch(old, status=DispatchStatus.WITHDRAWN)
    c.open_dispatch(c.event.to_department, previous["lead"], previous["kind"])


def _verification_failed(c: Change) -> None:
    if not c.event.departments:
        c.values["status"] = Status.HANDLING
        return
    c.values["status"] = Status.DISPATCHED
    for code in c.event.departments:
        for row in c.current(code):
            c.set_dispatch(
                code,
                status=DispatchStatus.CHECKED_IN,
                reworks=row["reworks"] + 1,
                fed_back_at=None,
                last_activity=c.event.timestamp,
            )


def _rated(c: Change) -> None:
    c.set_dispatch(c.event.department, rating=c.event.rating)


def _reopened(c: Change) -> None:
    c.set_dispatch(None, issue_status=PAST_ROUND, closed=False)
    c.values.update(round=c.row["round"] + 1, closed_at=None)


def _extension_requested(c: Change) -> None:
    c.set_dispatch(c.event.department, extension_until=c.event.until)


def _extended(c: Change) -> None:
    column = "check_in_due" if c.event.stage == Stage.CHECK_IN else "handle_due"
    c.set_dispatch(c.event.department, **{column: c.event.until}, extension_until=None)


def _parked(c: Change) -> None:
    c.values.update(status=Status.PARKED, parked_from=c.row["status"])


def _unparked(c: Change) -> None:
    """Back from parking: each dispatch deadline still running moves by the parked time, as the
    issue's own do (`deadlines.py`), so the queue's due and the rates see the same moment."""
    c.values.update(status=c.row["parked_from"], parked_from=None)
    at, pause = c.event.timestamp, timedelta(seconds=c.event.paused_seconds)
    columns = {Stage.CHECK_IN.value: "check_in_due", Stage.HANDLE.value: "handle_due"}
    for name in c.event.shifted:
        stage, _, department = name.partition(":")
        if department and stage in columns:
            for row in c.current(department):
                c.set_dispatch(department, **{columns[stage]: row[columns[stage]] + pause})
    for row in c.current():
        if row["last_activity"] < at:
            row["last_activity"] = at
            c.touched.add((row["department"], row["round"]))


def _duplicates(c: Change) -> None:
    c.values.update(possible_duplicates=list(c.event.possible_duplicates))


def _escalated(c: Change) -> None:
    c.values.update(owner=c.event.to_node, escalations=c.row["escalations"] + 1)


STATUS: dict[type, Status] = {
    Issue.Accepted: Status.REGISTERED,
    Issue.Declined: Status.DECLINED,
    Issue.Confirmed: Status.REGISTERED,
    Issue.Dismissed: Status.DECLINED,
    Issue.HandlingStarted: Status.HANDLING,
    Issue.WhistleBlown: Status.DISPATCHED,
    Issue.VerificationPassed: Status.VERIFIED,
    Issue.Closed: Status.CLOSED,
    Issue.Reopened: Status.REPORTED,
    Issue.MergedInto: Status.MERGED,
}

HANDLERS: dict[type, Callable[[Change], None]] = {
    Issue.Declined: _finished,
    Issue.Dismissed: _finished,
    Issue.VerificationPassed: _finished,
    Issue.Closed: _finished,
    Issue.MergedInto: _finished,
    Issue.WhistleBlown: _whistle,
    Issue.DepartmentCheckedIn: _checked_in,
    Issue.ProgressRecorded: _active,
    Issue.DepartmentReminded: _active,
    Issue.FeedbackGiven: _feedback,
    Issue.DispatchReturned: _returned,
    Issue.Redispatched: _redispatched,
    Issue.VerificationFailed: _verification_failed,
    Issue.DepartmentRated: _rated,
    Issue.Reopened: _reopened,
    Issue.ExtensionRequested: _extension_requested,
    Issue.ExtensionGranted: _extended,
    Issue.Parked: _parked,
    Issue.Unparked: _unparked,
    Issue.Escalated: _escalated,
    Issue.DuplicatesFlagged: _duplicates,
}
