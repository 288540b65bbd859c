"""An independent reading of a department's queue, to check the versioned one against.

It joins the current dispatch and issue rows and decides each bucket in Python, the way the
queue was first written; the versioned queue decides them in SQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, select

from domain.calendar.working import WorkingCalendar
from domain.issues.status import FINISHED
from projections.issues.queue import QueueItem, item_of
from projections.issues.tables import NO_DUE, dispatches, issues

# Visibility as a join reads it: the dispatch's round is the issue's, it stands, the issue is open.
QUEUE_VISIBLE = (
    dispatches.c.round == issues.c.round,
    dispatches.c.status != "withdrawn",
    issues.c.status.not_in(sorted(FINISHED)),
)


def joined_queue(engine: Engine, department: str, *, now: datetime, calendar: WorkingCalendar) -> list[QueueItem]:
    """Every item of the department's queue, ordered as the queue sorts by due."""
    query = (
        select(dispatches, issues.c.node, issues.c.owner, issues.c.description)
        .join(issues, issues.c.id == dispatches.c.issue_id)
        .where(dispatches.c.department == department, *QUEUE_VISIBLE)
    )
    with engine.connect() as conn:
        rows = [r._mapping for r in conn.execute(query)]
    items = [
        item_of({**row, "bucket": _bucket(row, now), "due": _due(row) or NO_DUE}, now, calendar)
        for row in rows
        if _bucket(row, now) is not None
    ]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(items, key=lambda i: (i.due or far, i.issue_id))


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
