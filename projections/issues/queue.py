"""A department's dispatch queue (吹哨报到): what to check in to, act on, and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, func, select

from domain.calendar.working import WorkingCalendar
from projections.issues.tables import dispatch_versions, dispatches, issues

BUCKETS = ("to_check_in", "in_progress", "awaiting_verification", "returned", "overdue")
_FINISHED = ("closed", "merged", "declined")
# A dispatch is in its department's queue while it belongs to the issue's current round, has not
# been withdrawn, and the issue is still open.
QUEUE_VISIBLE = (
    dispatches.c.round == issues.c.round,
    dispatches.c.status != "withdrawn",
    issues.c.status.not_in(_FINISHED),
)


@dataclass(frozen=True)
class QueueItem:
    issue_id: str
    department: str
    bucket: str
    lead: bool
    kind: str
    category: str
    node: str
    owner: str
    description: str
    dispatch_status: str
    issue_status: str
    dispatched_at: datetime
    due: datetime | None
    time_left_seconds: int | None
    overdue: bool
    reworks: int


def department_queue(
    engine: Engine, department: str, *, now: datetime, calendar: WorkingCalendar, position: int | None = None
) -> list[QueueItem]:
    """Every open dispatch of the department, each in the bucket it needs action in.

    With `position`, the queue as it stood once the log reached that position, read from the
    dispatch versions; `now` is then the moment asked about, for the buckets and time left.
    """
    with engine.connect() as conn:
        if position is None:
            query = (
                select(dispatches, issues.c.node, issues.c.owner, issues.c.description)
                .join(issues, issues.c.id == dispatches.c.issue_id)
                .where(dispatches.c.department == department, *QUEUE_VISIBLE)
            )
        else:
            latest = conn.execute(
                select(func.max(dispatch_versions.c.valid_from)).where(dispatch_versions.c.department == department)
            ).scalar()
            query = select(dispatch_versions).where(*_valid_at(department, position, latest or 0))
        rows = [r._mapping for r in conn.execute(query)]
    return [_item(row, now, calendar) for row in rows if _bucket(row, now) is not None]


def _valid_at(department: str, position: int, latest: int) -> tuple[Any, ...]:
    """Versions valid at `position`, walking whichever index bound is nearer.

    An interval query can use one B-tree bound: versions begun by then (cheap for early positions)
    or versions ended after then (cheap for recent ones). `+ 0` keeps the other bound off its index
    on SQLite and PostgreSQL alike, so the scan covers at most half the department's versions.
    """
    begun, ended = dispatch_versions.c.valid_from, dispatch_versions.c.valid_to
    if 2 * position >= latest:
        return dispatch_versions.c.department == department, ended > position, begun + 0 <= position
    return dispatch_versions.c.department == department, begun <= position, ended + 0 > position


def _bucket(row: Any, now: datetime) -> str | None:
    status, due = row["status"], _due(row)
    if due is not None and due < now:
        return "overdue"
    if status == "assigned":
        return "to_check_in"
    if status == "checked_in":
        return "in_progress"
    if status == "returned":
        return "returned"
    if status == "fed_back" and row["issue_status"] == "awaiting_verification":
        return "awaiting_verification"
    return None


def _due(row: Any) -> datetime | None:
    if row["issue_status"] == "parked":
        return None
    column = {"assigned": "check_in_due", "checked_in": "handle_due"}.get(row["status"])
    return None if column is None else cast(datetime, row[column])


def _item(row: Any, now: datetime, calendar: WorkingCalendar) -> QueueItem:
    due = _due(row)
    left = int(calendar.working_time_between(now, due).total_seconds()) if due else None
    return QueueItem(
        issue_id=row["issue_id"],
        department=row["department"],
        bucket=_bucket(row, now) or "",
        lead=row["lead"],
        kind=row["kind"],
        category=row["category"],
        node=row["node"],
        owner=row["owner"],
        description=row["description"],
        dispatch_status=row["status"],
        issue_status=row["issue_status"],
        dispatched_at=row["dispatched_at"],
        due=due,
        time_left_seconds=left,
        overdue=due is not None and due < now,
        reworks=row["reworks"],
    )
