"""Builds the issue and dispatch rows from issue events, in log order.

Deadlines are followed here from the facts that set and clear them, so the queue and the
watcher can see what is due without loading aggregates. One small function per fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Connection, bindparam, case, insert, literal, select, update

from domain.issues.model import ISSUE_TOPICS, Issue
from projections.issues.queue import QUEUE_VISIBLE
from projections.issues.tables import NO_DUE, OPEN, dispatch_versions, dispatches, issues
from projections.tables import UtcDateTime


@dataclass
class Change:
    """One event's effect on an issue row and its dispatch rows, collected then written."""

    conn: Connection
    key: str
    row: Any
    event: Any
    deadlines: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)

    def set_dispatch(self, department: str | None, **values: Any) -> None:
        """Sets columns of one department's row (or of all this round's rows) through a cached statement."""
        params = {"k_issue": self.key, "k_round": self.row["round"], **values}
        if department is None:
            self.conn.execute(_ALL_DISPATCHES, params)
        else:
            self.conn.execute(_ONE_DISPATCH, {**params, "k_dept": department})

    def dispatch(self, department: str | None = None) -> Any:
        clauses = [dispatches.c.issue_id == self.key, dispatches.c.round == self.row["round"]]
        if department is not None:
            clauses.append(dispatches.c.department == department)
        return update(dispatches).where(*clauses)

    def set_due(self, stage: str, department: str | None, due: datetime) -> None:
        self.deadlines[f"{stage}:{department}" if department else stage] = due.isoformat()

    def clear_due(self, stage: str, department: str | None = None) -> None:
        self.deadlines.pop(f"{stage}:{department}" if department else stage, None)

    def open_dispatch(self, department: str, lead: bool, kind: str) -> None:
        event, row = self.event, self.row
        self.conn.execute(
            _INSERT_DISPATCH,
            dict(
                issue_id=self.key,
                department=department,
                round=row["round"],
                lead=lead,
                kind=kind,
                status="assigned",
                issue_status="dispatched",
                street=row["street"],
                community=row["community"],
                compound=row["compound"],
                building=row["building"],
                category=row["category"],
                dispatched_at=event.timestamp,
                check_in_due=event.check_in_due,
                handle_due=event.handle_due,
                last_activity=event.timestamp,
                reworks=0,
                closed=False,
                position=0,
            ),
        )
        self.set_due("check_in", department, event.check_in_due)
        self.set_due("handle", department, event.handle_due)


class IssueRows:
    name = "issues"
    topics = ISSUE_TOPICS
    tables = (issues, dispatches, dispatch_versions)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, Issue.Reported):
            _reported(conn, position, key, event)
            return
        row = conn.execute(_ROW, {"k_id": key}).one()._mapping
        change = Change(conn, key, row, event, dict(row["deadlines"]))
        status = _STATUS.get(type(event))
        if status is not None:
            change.values["status"] = status
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(change)
        values = change.values
        values.update(
            updated_at=event.timestamp,
            position=position,
            deadlines=change.deadlines,
            next_due=min((datetime.fromisoformat(v) for v in change.deadlines.values()), default=None),
        )
        conn.execute(_UPDATE_ISSUE, {"k_id": key, **values})
        if "status" in values and "round" not in values:
            change.set_dispatch(None, issue_status=values["status"], closed=values["status"] == "closed")
        conn.execute(_CLOSE_VERSIONS, {"k_issue": key, "k_pos": position})
        conn.execute(_OPEN_VERSIONS, {"k_issue": key, "k_pos": position})


def _reported(conn: Connection, position: int, key: str, event: Issue.Reported) -> None:
    path = [*event.path, None, None, None][:4]
    conn.execute(
        _INSERT_ISSUE,
        dict(
            id=key,
            node=event.node,
            street=path[0],
            community=path[1],
            compound=path[2],
            building=path[3],
            category=event.category,
            description=event.description[:500],
            status="reported",
            owner=event.node,
            urgency=event.urgency,
            reporter=event.actor,
            reported_at=event.timestamp,
            updated_at=event.timestamp,
            possible_duplicates=event.possible_duplicates,
            escalations=0,
            deadlines={"accept": event.accept_due.isoformat()},
            next_due=event.accept_due,
            round=0,
            position=position,
        ),
    )


def _accepted(c: Change) -> None:
    c.clear_due("accept")


def _finished(c: Change) -> None:
    c.deadlines.clear()
    if isinstance(c.event, Issue.Closed):
        c.values["closed_at"] = c.event.timestamp
    if isinstance(c.event, Issue.MergedInto):
        c.values["merged_into"] = c.event.target


def _handling(c: Change) -> None:
    c.deadlines.clear()
    c.set_due("handle_in_grid", None, c.event.handle_due)


def _whistle(c: Change) -> None:
    c.clear_due("handle_in_grid")
    for code in [c.event.lead, *c.event.co_handlers]:
        c.open_dispatch(code, code == c.event.lead, c.event.kind)


def _checked_in(c: Change) -> None:
    c.clear_due("check_in", c.event.department)
    at = c.event.timestamp
    c.set_dispatch(c.event.department, status="checked_in", checked_in_at=at, last_activity=at)


def _active(c: Change) -> None:
    c.set_dispatch(c.event.department, last_activity=c.event.timestamp)


def _feedback(c: Change) -> None:
    department, at = c.event.department, c.event.timestamp
    if department is None:
        c.clear_due("handle_in_grid")
    else:
        c.clear_due("handle", department)
        c.set_dispatch(department, status="fed_back", fed_back_at=at, last_activity=at)
    if c.event.verify_due is not None:
        c.values["status"] = "awaiting_verification"
        c.set_due("verify", None, c.event.verify_due)


def _returned(c: Change) -> None:
    c.clear_due("check_in", c.event.department)
    c.clear_due("handle", c.event.department)
    c.set_dispatch(c.event.department, status="returned", last_activity=c.event.timestamp)


def _redispatched(c: Change) -> None:
    old = c.event.from_department
    where = (dispatches.c.issue_id == c.key, dispatches.c.round == c.row["round"], dispatches.c.department == old)
    previous = c.conn.execute(select(dispatches.c.lead, dispatches.c.kind).where(*where)).one()
    c.set_dispatch(old, status="withdrawn")
    c.clear_due("check_in", old)
    c.clear_due("handle", old)
    c.open_dispatch(c.event.to_department, previous.lead, previous.kind)


def _verification_failed(c: Change) -> None:
    c.clear_due("verify")
    if not c.event.departments:
        c.values["status"] = "handling"
        c.set_due("handle_in_grid", None, c.event.handle_due)
        return
    c.values["status"] = "dispatched"
    for code in c.event.departments:
        c.set_due("handle", code, c.event.handle_due)
        c.conn.execute(
            c.dispatch(code).values(
                status="checked_in", reworks=dispatches.c.reworks + 1, fed_back_at=None, last_activity=c.event.timestamp
            )
        )


def _rated(c: Change) -> None:
    c.set_dispatch(c.event.department, rating=c.event.rating)


def _reopened(c: Change) -> None:
    c.deadlines.clear()
    c.set_due("accept", None, c.event.accept_due)
    c.set_dispatch(None, issue_status="reopened", closed=False)
    c.values.update(round=c.row["round"] + 1, closed_at=None)


def _extended(c: Change) -> None:
    c.set_due(c.event.stage, c.event.department, c.event.until)
    column = "check_in_due" if c.event.stage == "check_in" else "handle_due"
    c.set_dispatch(c.event.department, **{column: c.event.until})


def _parked(c: Change) -> None:
    c.values.update(status="parked", parked_from=c.row["status"])


def _unparked(c: Change) -> None:
    c.values.update(status=c.row["parked_from"], parked_from=None)
    at = c.event.timestamp
    c.conn.execute(c.dispatch().where(dispatches.c.last_activity < at).values(last_activity=at))
    pause = timedelta(seconds=c.event.paused_seconds)
    for name in c.event.shifted:
        c.deadlines[name] = (datetime.fromisoformat(c.deadlines[name]) + pause).isoformat()


def _escalated(c: Change) -> None:
    c.values.update(owner=c.event.to_node, escalations=c.row["escalations"] + 1)


_STATUS: dict[type, str] = {
    Issue.Accepted: "registered",
    Issue.Declined: "declined",
    Issue.HandlingStarted: "handling",
    Issue.WhistleBlown: "dispatched",
    Issue.VerificationPassed: "verified",
    Issue.Closed: "closed",
    Issue.Reopened: "reported",
    Issue.MergedInto: "merged",
}

_HANDLERS: dict[type, Callable[[Change], None]] = {
    Issue.Accepted: _accepted,
    Issue.Declined: _finished,
    Issue.VerificationPassed: _finished,
    Issue.Closed: _finished,
    Issue.MergedInto: _finished,
    Issue.HandlingStarted: _handling,
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
    Issue.ExtensionGranted: _extended,
    Issue.Parked: _parked,
    Issue.Unparked: _unparked,
    Issue.Escalated: _escalated,
}

# Built once, values passed as parameters: each statement compiles once and is cached.
_ROW = select(issues).where(issues.c.id == bindparam("k_id"))
_UPDATE_ISSUE = update(issues).where(issues.c.id == bindparam("k_id"))
_INSERT_ISSUE = insert(issues)
_INSERT_DISPATCH = insert(dispatches)
_ALL_DISPATCHES = update(dispatches).where(
    dispatches.c.issue_id == bindparam("k_issue"), dispatches.c.round == bindparam("k_round")
)
_ONE_DISPATCH = _ALL_DISPATCHES.where(dispatches.c.department == bindparam("k_dept"))
_CLOSE_VERSIONS = (
    update(dispatch_versions)
    .where(dispatch_versions.c.issue_id == bindparam("k_issue"), dispatch_versions.c.valid_to == OPEN)
    .values(valid_to=bindparam("k_pos"))
)
_VERSION_OF: dict[str, Any] = {
    "valid_from": bindparam("k_pos", type_=BigInteger),
    "valid_to": literal(OPEN, BigInteger),
    **{name: issues.c[name] for name in ("node", "owner", "description")},
    "due": case(
        (dispatches.c.issue_status == "parked", literal(NO_DUE, UtcDateTime())),
        (dispatches.c.status == "assigned", dispatches.c.check_in_due),
        (dispatches.c.status == "checked_in", dispatches.c.handle_due),
        else_=literal(NO_DUE, UtcDateTime()),
    ),
}
_VERSION_COLUMNS = [
    _VERSION_OF[c.name] if c.name in _VERSION_OF else dispatches.c[c.name] for c in dispatch_versions.columns
]
_OPEN_VERSIONS = insert(dispatch_versions).from_select(
    [c.name for c in dispatch_versions.columns],
    select(*_VERSION_COLUMNS)
    .join(issues, issues.c.id == dispatches.c.issue_id)
    .where(dispatches.c.issue_id == bindparam("k_issue"), *QUEUE_VISIBLE),
)
