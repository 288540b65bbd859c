"""A department's dispatch queue (吹哨报到): what to check in to, act on, and what is overdue.

Read from the current dispatch versions (or those valid at a past log position): buckets, counts,
order and paging are all decided in SQL along one index, so a page costs the same at a hundred
open dispatches as at a hundred thousand; only the page's rows come back to Python. A past queue
is read from the department's latest checkpoint before it (`checkpoints.py`), so it costs what was
open then and what changed since, not the length of the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)

from domain.calendar.working import WorkingCalendar
from domain.issues.buckets import Bucket
from domain.issues.dispatch import DispatchStatus
from domain.issues.status import Status
from projections.issues.checkpoints import Columns, at_checkpoint, begun, ended, kept, latest_checkpoint
from projections.issues.tables import NO_DUE, STILL_VALID, dispatch_checkpoint_versions, dispatch_versions

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
    values: dict[str, Any] = {"department": department, "now": now, "limit": limit, "offset": offset}
    with engine.connect() as conn:
        versions = _Versions.LIVE
        if position is not None:
            values["position"] = position
            checkpoint = latest_checkpoint(conn, department, position)
            if checkpoint is not None:
                values["checkpoint"] = checkpoint
                counts = _counts_since(conn, values)
                rows = [r._mapping for r in conn.execute(_page_since(bucket, sort), values)]
                return _page(counts, bucket, rows, now, calendar)
            # Early history, or rows projected before there were checkpoints: the whole history.
            latest = conn.execute(select(func.max(_V.valid_from)).where(_V.department == department)).scalar()
            versions = _Versions.RECENT if 2 * position >= (latest or 0) else _Versions.EARLY
        counts = _counts(conn, versions, values)
        rows = [r._mapping for r in conn.execute(_page_of(versions, bucket, sort), values)]
    return _page(counts, bucket, rows, now, calendar)


def _page(
    counts: dict[Bucket, int], bucket: Bucket | None, rows: list[Any], now: datetime, calendar: WorkingCalendar
) -> QueuePage:
    total = counts[bucket] if bucket is not None else sum(counts.values())
    return QueuePage(counts, total, [item_of(row, now, calendar) for row in rows])


def buckets(c: Columns) -> dict[Bucket, ColumnElement[bool]]:
    """Each bucket as a condition an index can serve; in this order, the first that holds names a row's
    bucket (none: e.g. fed back while a co-handler works on)."""
    on_time = c.due >= bindparam("now")
    return {
        Bucket.OVERDUE: c.due < bindparam("now"),
        Bucket.TO_CHECK_IN: and_(on_time, c.status == DispatchStatus.ASSIGNED.value),
        Bucket.IN_PROGRESS: and_(on_time, c.status == DispatchStatus.CHECKED_IN.value),
        Bucket.RETURNED: and_(on_time, c.status == DispatchStatus.RETURNED.value),
        Bucket.AWAITING_VERIFICATION: and_(
            on_time,
            c.status == DispatchStatus.FED_BACK.value,
            c.issue_status == Status.AWAITING_VERIFICATION.value,
        ),
    }


def _named(in_bucket: dict[Bucket, ColumnElement[bool]]) -> ColumnElement[str | None]:
    return case(*((condition, name.value) for name, condition in in_bucket.items()), else_=None)


IN_BUCKET = buckets(_V)
_BUCKET = _named(IN_BUCKET)
_ON_TIME = _V.due >= bindparam("now")


class _Versions(Enum):
    """Which dispatch versions a queue reads: the current ones, or those valid at `position`.

    An interval query can use one B-tree bound: versions begun by then (cheap for early positions)
    or versions ended after then (cheap for recent ones). `+ 0` keeps the other bound off its index
    on SQLite and PostgreSQL alike, so the scan covers at most half the department's versions.
    """

    LIVE = "live"
    RECENT = "recent"
    EARLY = "early"

    @property
    def where(self) -> tuple[Any, ...]:
        department = _V.department == bindparam("department")
        if self is _Versions.LIVE:
            return department, _V.valid_to == STILL_VALID
        position = bindparam("position", type_=BigInteger)
        if self is _Versions.RECENT:
            return department, _V.valid_to > position, _V.valid_from + 0 <= position
        return department, _V.valid_from <= position, _V.valid_to + 0 > position


# Statements are built once with every value bound: building a Select and its cache key on every
# request cost a queue page as much as its three queries.
@cache
def _counting(versions: _Versions) -> tuple[Select[Any], Select[Any]]:
    """Items per bucket: overdue is one range count along the due index; the rest, usually few,
    are named and grouped."""
    overdue = select(func.count()).where(*versions.where, IN_BUCKET[Bucket.OVERDUE])
    on_time = select(_BUCKET, func.count()).where(*versions.where, _ON_TIME).group_by(_BUCKET)
    return overdue, on_time


def _counts(conn: Connection, versions: _Versions, values: dict[str, Any]) -> dict[Bucket, int]:
    overdue, on_time = _counting(versions)
    counts = dict.fromkeys(Bucket, 0)
    counts[Bucket.OVERDUE] = conn.execute(overdue, values).scalar_one()
    counts |= {Bucket(name): n for name, n in conn.execute(on_time, values) if name is not None}
    return counts


@cache
def _page_of(versions: _Versions, bucket: Bucket | None, sort: str) -> Select[Any]:
    chosen = or_(*IN_BUCKET.values()) if bucket is None else IN_BUCKET[bucket]
    order = (_V.due, _V.issue_id) if sort == "due" else (_V.dispatched_at, _V.issue_id)
    page = select(dispatch_versions, _BUCKET.label("bucket")).where(*versions.where, chosen).order_by(*order)
    return page.limit(bindparam("limit")).offset(bindparam("offset"))


# Since a checkpoint, the statements are built once with every value bound, so that building and
# caching them costs a request nothing; short aliases keep their text short enough for psycopg to
# cache its conversion. A page's other columns are read by key for its rows alone.
_C, _W = dispatch_checkpoint_versions.alias("c"), dispatch_versions.alias("v")
_KEY = ("department", "issue_id", "round", "valid_from")


def _counted(c: Columns, where: tuple[Any, ...], sign: int) -> list[Select[Any]]:
    """As `_counts` does, of one part of the versions since a checkpoint, each count with `sign`."""
    in_bucket = buckets(c)
    counted: ColumnElement[int] = literal_column(str(sign)) * func.count()
    overdue = select(literal(Bucket.OVERDUE.value), counted).where(*where, in_bucket[Bucket.OVERDUE])
    on_time = select(_named(in_bucket).label("bucket"), counted).where(*where, c.due >= bindparam("now"))
    return [overdue, on_time.group_by("bucket")]


_COUNTS_SINCE = union_all(
    *_counted(_C.c, at_checkpoint(_C.c), 1), *_counted(_W.c, ended(_W.c), -1), *_counted(_W.c, begun(_W.c), 1)
)


def _counts_since(conn: Connection, values: dict[str, Any]) -> dict[Bucket, int]:
    """The checkpoint's counts, minus those of the versions ended since, plus those of the ones begun."""
    counts = dict.fromkeys(Bucket, 0)
    for name, n in conn.execute(_COUNTS_SINCE, values):
        if name is not None:
            counts[Bucket(name)] += n
    return counts


@cache
def _page_since(bucket: Bucket | None, sort: str) -> Select[Any]:
    """The page's keys from both parts, merged in order (the checkpoint's along its key), then its rows."""
    order = ("due", "issue_id") if sort == "due" else ("dispatched_at", "issue_id")
    parts = []
    for c, where in ((_C.c, kept(_C.c, _W.c)), (_W.c, begun(_W.c))):
        in_bucket = buckets(c)
        chosen = or_(*in_bucket.values()) if bucket is None else in_bucket[bucket]
        columns = (c[name] for name in dict.fromkeys((*_KEY, *order)))
        parts.append(select(*columns, _named(in_bucket).label("bucket")).where(*where, chosen))
    merged = union_all(*parts)
    keys = (
        merged.order_by(*(merged.selected_columns[name] for name in order))
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    found = and_(*(_V[name] == keys.c[name] for name in _KEY))
    return select(dispatch_versions, keys.c.bucket).join(keys, found).order_by(*(_V[name] for name in order))


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
