"""A department's dispatch queue (吹哨报到): what to check in to, act on, and what is overdue.

Read from the current dispatch versions (or those valid at a past log position): buckets, counts,
order and paging are all decided in SQL along one index, so a page costs the same at a hundred
open dispatches as at a hundred thousand; only the page's rows come back to Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Engine, and_, bindparam, case, func, or_, select

from domain.calendar.working import WorkingCalendar
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.status import Status
from projections.issues.tables import NO_DUE, STILL_VALID, dispatch_versions

_V = dispatch_versions.c


@dataclass(frozen=True)
class QueueItem:
    issue_id: str
    department: str
    bucket: Bucket
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


@dataclass(frozen=True)
class QueuePage:
    counts: dict[Bucket, int]  # every bucket, whichever one the page is of
    total: int  # items in the chosen bucket (or in all buckets)
    items: list[QueueItem]


def queue_page(
    engine: Engine,
    department: str,
    *,
    now: datetime,
    calendar: WorkingCalendar,
    bucket: Bucket | None = None,
    sort: Literal["due", "dispatched"] = "due",
    limit: int = 50,
    offset: int = 0,
    position: int | None = None,
) -> QueuePage:
    """One page of the department's queue at `now`; with `position`, as it stood at that log position.

    Sorting by due puts dispatches with no deadline running last; ties go by issue id.
    """
    where: tuple[Any, ...] = (_V.department == department, _V.valid_to == STILL_VALID)
    with engine.connect() as conn:
        if position is not None:
            latest = conn.execute(select(func.max(_V.valid_from)).where(_V.department == department)).scalar()
            where = _valid_at(department, position, latest or 0)
        counts = _counts(conn, where, now)
        chosen = or_(*IN_BUCKET.values()) if bucket is None else IN_BUCKET[bucket]
        order = (_V.due, _V.issue_id) if sort == "due" else (_V.dispatched_at, _V.issue_id)
        page = select(dispatch_versions, _BUCKET.label("bucket")).where(*where, chosen).order_by(*order)
        rows = [r._mapping for r in conn.execute(page.limit(limit).offset(offset), {"now": now})]
    total = counts[bucket] if bucket is not None else sum(counts.values())
    return QueuePage(counts, total, [item_of(row, now, calendar) for row in rows])


_ON_TIME = _V.due >= bindparam("now")
# Each bucket as a condition an index can serve; in this order, the first that holds names a row's
# bucket (none: e.g. fed back while a co-handler works on).
IN_BUCKET: dict[Bucket, ColumnElement[bool]] = {
    Bucket.OVERDUE: _V.due < bindparam("now"),
    Bucket.TO_CHECK_IN: and_(_ON_TIME, _V.status == DispatchStatus.ASSIGNED.value),
    Bucket.IN_PROGRESS: and_(_ON_TIME, _V.status == DispatchStatus.CHECKED_IN.value),
    Bucket.RETURNED: and_(_ON_TIME, _V.status == DispatchStatus.RETURNED.value),
    Bucket.AWAITING_VERIFICATION: and_(
        _ON_TIME,
        _V.status == DispatchStatus.FED_BACK.value,
        _V.issue_status == Status.AWAITING_VERIFICATION.value,
    ),
}
_BUCKET = case(*((condition, name.value) for name, condition in IN_BUCKET.items()), else_=None)


def _counts(conn: Connection, where: tuple[Any, ...], now: datetime) -> dict[Bucket, int]:
    """Items per bucket: overdue is one range count along the due index; the rest, usually few,
    are named and grouped."""
    counts = dict.fromkeys(Bucket, 0)
    overdue = select(func.count()).where(*where, IN_BUCKET[Bucket.OVERDUE])
    counts[Bucket.OVERDUE] = conn.execute(overdue, {"now": now}).scalar_one()
    on_time = select(_BUCKET, func.count()).where(*where, _ON_TIME).group_by(_BUCKET)
    counts |= {Bucket(name): n for name, n in conn.execute(on_time, {"now": now}) if name is not None}
    return counts


def _valid_at(department: str, position: int, latest: int) -> tuple[Any, ...]:
    """Versions valid at `position`, walking whichever index bound is nearer.

    An interval query can use one B-tree bound: versions begun by then (cheap for early positions)
    or versions ended after then (cheap for recent ones). `+ 0` keeps the other bound off its index
    on SQLite and PostgreSQL alike, so the scan covers at most half the department's versions.
    """
    if 2 * position >= latest:
        return _V.department == department, _V.valid_to > position, _V.valid_from + 0 <= position
    return _V.department == department, _V.valid_from <= position, _V.valid_to + 0 > position


def item_of(row: Any, now: datetime, calendar: WorkingCalendar) -> QueueItem:
    """A queue entry from a dispatch version with its bucket; the time left counts working time only."""
    due = None if row["due"] == NO_DUE else row["due"]
    return QueueItem(
        issue_id=row["issue_id"],
        department=row["department"],
        bucket=Bucket(row["bucket"]),
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
        time_left_seconds=int(calendar.working_time_between(now, due).total_seconds()) if due else None,
        overdue=due is not None and due < now,
        reworks=row["reworks"],
    )
