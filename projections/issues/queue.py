"""A department's dispatch queue (吹哨报到): what to check in to, act on, and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, select

from domain.calendar.working import WorkingCalendar
from projections.issues.tables import dispatches, issues

BUCKETS = ("to_check_in", "in_progress", "awaiting_verification", "returned", "overdue")
_FINISHED = ("closed", "merged", "declined")


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


def department_queue(engine: Engine, department: str, *, now: datetime, calendar: WorkingCalendar) -> list[QueueItem]:
    """Every open dispatch of the department, each in the bucket it needs action in."""
    query = (
        select(dispatches, issues.c.node, issues.c.owner, issues.c.description)
        .join(issues, issues.c.id == dispatches.c.issue_id)
        .where(
            dispatches.c.department == department,
            dispatches.c.round == issues.c.round,
            dispatches.c.status != "withdrawn",
            issues.c.status.not_in(_FINISHED),
        )
    )
    with engine.connect() as conn:
        rows = [r._mapping for r in conn.execute(query)]
    return [_item(row, now, calendar) for row in rows if _bucket(row, now) is not None]


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
