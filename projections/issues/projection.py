"""Builds the issue and dispatch rows from issue events, in log order, a batch at a time.

Deadlines are followed here from the facts that set and clear them, so the queue and the
watcher can see what is due without loading aggregates. One small function per fact. A batch
loads the rows of the issues it touches once, applies its events to them in memory and writes
them back with a few multi-row statements: per event there would be five round trips.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from domain.issues.model import ISSUE_TOPICS, Issue
from projections.issues.queue import FINISHED
from projections.issues.tables import NO_DUE, OPEN, dispatch_versions, dispatches, issues

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

    def set_due(self, stage: str, department: str | None, due: datetime) -> None:
        self.deadlines[f"{stage}:{department}" if department else stage] = due.isoformat()

    def clear_due(self, stage: str, department: str | None = None) -> None:
        self.deadlines.pop(f"{stage}:{department}" if department else stage, None)

    def open_dispatch(self, department: str, lead: bool, kind: str) -> None:
        event, row = self.event, self.row
        key = (department, row["round"])
        self.rows[key] = dict(
            issue_id=row["id"],
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
            checked_in_at=None,
            handle_due=event.handle_due,
            fed_back_at=None,
            last_activity=event.timestamp,
            reworks=0,
            rating=None,
            closed=False,
            position=0,
        )
        self.touched.add(key)
        self.set_due("check_in", department, event.check_in_due)
        self.set_due("handle", department, event.handle_due)


@dataclass
class Batch:
    """The rows one batch touches: loaded once, changed in memory, written back at the end."""

    issues: dict[str, Row]
    dispatches: dict[str, dict[DispatchKey, Row]]
    stored: set[tuple[str, str, int]]  # dispatch rows already in the database (the rest are inserted)
    new_issues: set[str] = field(default_factory=set)
    changed_issues: set[str] = field(default_factory=set)
    changed_dispatches: set[tuple[str, str, int]] = field(default_factory=set)
    closed_at: dict[str, int] = field(default_factory=dict)  # the issue's stored open versions end here
    open_versions: dict[str, list[Row]] = field(default_factory=dict)  # written in this batch, still open
    versions: list[Row] = field(default_factory=list)

    @classmethod
    def load(cls, conn: Connection, keys: set[str]) -> Batch:
        found = {r["id"]: dict(r) for r in conn.execute(_ROWS, {"keys": sorted(keys)}).mappings()}
        rows: dict[str, dict[DispatchKey, Row]] = {key: {} for key in keys}
        for r in conn.execute(_DISPATCH_ROWS, {"keys": sorted(keys)}).mappings():
            rows[r["issue_id"]][(r["department"], r["round"])] = dict(r)
        stored = {(key, department, round_) for key, held in rows.items() for department, round_ in held}
        return cls(found, rows, stored)

    def apply(self, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, Issue.Reported):
            self.issues[key] = _reported(position, key, event)
            self.new_issues.add(key)
            return
        row = self.issues[key]
        touched: set[DispatchKey] = set()
        change = Change(row, self.dispatches[key], event, dict(row["deadlines"]), touched)
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
        row.update(values)
        if "status" in values and "round" not in values:
            change.set_dispatch(None, issue_status=values["status"], closed=values["status"] == "closed")
        self.changed_issues.add(key)
        self.changed_dispatches.update((key, department, round_) for department, round_ in touched)
        self._version(key, position)

    def _version(self, key: str, position: int) -> None:
        """Ends the issue's open dispatch versions at `position` and opens the ones visible now.

        A dispatch is in its department's queue while it belongs to the issue's current round,
        has not been withdrawn, and the issue is still open.
        """
        self.closed_at.setdefault(key, position)
        for version in self.open_versions.get(key, []):
            version["valid_to"] = position
        row = self.issues[key]
        visible = [
            d
            for d in self.dispatches[key].values()
            if d["round"] == row["round"] and d["status"] != "withdrawn" and row["status"] not in FINISHED
        ]
        opened = [_version_of(d, row, position) for d in visible]
        self.open_versions[key] = opened
        self.versions.extend(opened)

    def write(self, conn: Connection) -> None:
        """Inserts what is new and updates what changed: a few multi-row statements per batch."""
        inserted = sorted(self.new_issues)
        updated = sorted(self.changed_issues - self.new_issues)
        if inserted:
            conn.execute(insert(issues), [self.issues[k] for k in inserted])
        if updated:
            conn.execute(_UPDATE_ISSUE, [{"k_id": k, **self.issues[k]} for k in updated])
        fresh = sorted(self.changed_dispatches - self.stored)
        if fresh:
            conn.execute(insert(dispatches), [self.dispatches[k][(d, r)] for k, d, r in fresh])
        changed = sorted(self.changed_dispatches & self.stored)
        if changed:
            rows = [{"k_issue": k, "k_dept": d, "k_round": r, **self.dispatches[k][(d, r)]} for k, d, r in changed]
            conn.execute(_UPDATE_DISPATCH, rows)
        had_versions = {k for k, _, _ in self.stored}  # an issue with no dispatch row stored has no version stored
        closing = [{"k_issue": k, "k_pos": p} for k, p in sorted(self.closed_at.items()) if k in had_versions]
        if closing:
            conn.execute(_CLOSE_VERSIONS, closing)
        if self.versions:
            conn.execute(insert(dispatch_versions), self.versions)


class IssueRows:
    name = "issues"
    topics = ISSUE_TOPICS
    tables = (issues, dispatches, dispatch_versions)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        self.handle_batch(conn, [(position, event)])

    def handle_batch(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        batch = Batch.load(conn, {str(event.originator_id) for _, event in items})
        for position, event in items:
            batch.apply(position, event)
        batch.write(conn)


def _version_of(dispatch: Row, issue: Row, position: int) -> Row:
    """A dispatch as its department's queue shows it, valid from `position` until further notice."""
    status = dispatch["status"]
    due = NO_DUE
    if dispatch["issue_status"] != "parked" and status in ("assigned", "checked_in"):
        due = dispatch["check_in_due"] if status == "assigned" else dispatch["handle_due"]
    return {
        **{c.name: dispatch.get(c.name) for c in dispatch_versions.columns},
        **{name: issue[name] for name in ("node", "owner", "description")},
        "valid_from": position,
        "valid_to": OPEN,
        "due": due,
    }


def _reported(position: int, key: str, event: Issue.Reported) -> Row:
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
        status="reported",
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
        deadlines={"accept": event.accept_due.isoformat()},
        next_due=event.accept_due,
        round=0,
        position=position,
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
    (previous,) = c.current(old)
    c.set_dispatch(old, status="withdrawn")
    c.clear_due("check_in", old)
    c.clear_due("handle", old)
    c.open_dispatch(c.event.to_department, previous["lead"], previous["kind"])


def _verification_failed(c: Change) -> None:
    c.clear_due("verify")
    if not c.event.departments:
        c.values["status"] = "handling"
        c.set_due("handle_in_grid", None, c.event.handle_due)
        return
    c.values["status"] = "dispatched"
    for code in c.event.departments:
        c.set_due("handle", code, c.event.handle_due)
        for row in c.current(code):
            c.set_dispatch(
                code, status="checked_in", reworks=row["reworks"] + 1, fed_back_at=None, last_activity=c.event.timestamp
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
    for row in c.current():
        if row["last_activity"] < at:
            row["last_activity"] = at
            c.touched.add((row["department"], row["round"]))
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
_ROWS = select(issues).where(issues.c.id.in_(bindparam("keys", expanding=True)))
_DISPATCH_ROWS = select(dispatches).where(dispatches.c.issue_id.in_(bindparam("keys", expanding=True)))
_UPDATE_ISSUE = update(issues).where(issues.c.id == bindparam("k_id"))
_UPDATE_DISPATCH = update(dispatches).where(
    dispatches.c.issue_id == bindparam("k_issue"),
    dispatches.c.department == bindparam("k_dept"),
    dispatches.c.round == bindparam("k_round"),
)
_CLOSE_VERSIONS = (
    update(dispatch_versions)
    .where(dispatch_versions.c.issue_id == bindparam("k_issue"), dispatch_versions.c.valid_to == OPEN)
    .values(valid_to=bindparam("k_pos"))
)
