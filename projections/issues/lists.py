"""Lists of issues from the issue rows: filtered, scoped and paged in SQL.

A node's worklist is the open issues located in its subtree or escalated to it; each row says
which departments sent their dispatch back (退回), so the grid sees what waits for a re-dispatch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, exists, false, func, or_, select, true

from domain.issues.dispatch import DispatchStatus
from domain.issues.duplicates import DuplicateQuery
from domain.issues.status import OPEN_STATUSES, Status
from projections.issues.tables import dispatches, issues

DUPLICATES_SHOWN = 10  # enough for a leader to merge by; a busy corner must not bloat every report


@dataclass(frozen=True)
class Reader:
    """Whose rows a list may show: everything, some grid subtrees, issues called to some departments."""

    everything: bool = False
    grid_scopes: Sequence[str] = ()
    departments: Sequence[str] = ()


@dataclass(frozen=True)
class IssueFilter:
    node: str | None = None
    status: Status | None = None
    category: str | None = None
    department: str | None = None
    overdue: bool | None = None
    returned: bool | None = None  # with a dispatch sent back and not yet re-dispatched
    unrated: bool = False  # only those with a department that fed back and is not yet rated (待评价)
    extension_asked: bool = False  # only those with an extension asked for and not yet granted (申请延期)


def issue_page(
    engine: Engine, reader: Reader, where: IssueFilter, *, now: datetime, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total matching and one page of rows, newest report first."""
    conditions = [_visible(reader), *_filters(where, now)]
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(issues).where(*conditions)).scalar_one()
        query = select(issues).where(*conditions).order_by(issues.c.reported_at.desc(), issues.c.id)
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
        return total, _with_returns(conn, rows)


def worklist(engine: Engine, code: str) -> list[dict[str, Any]]:
    """Open issues in `code`'s subtree or escalated to it, the soonest due first."""
    query = (
        select(issues)
        .where(_under(code), issues.c.status.in_(sorted(OPEN_STATUSES)))
        .order_by(issues.c.next_due.is_(None), issues.c.next_due, issues.c.reported_at)
    )
    with engine.connect() as conn:
        return _with_returns(conn, [dict(r._mapping) for r in conn.execute(query)])


def possible_duplicates(engine: Engine, query: DuplicateQuery) -> list[str]:
    """The newest open issues of the same subclass in the same compound (or at the same node above
    it), reported within the query's window."""
    path, until = query.path, query.until
    same_place = issues.c.compound == path[2] if len(path) >= 3 else issues.c.node == query.node
    reported = [issues.c.reported_at >= query.since] + ([issues.c.reported_at <= until] if until is not None else [])
    found = (
        select(issues.c.id)
        .where(
            issues.c.category == query.category,
            same_place,
            *reported,
            issues.c.id != query.excluding,
            issues.c.status.in_(sorted(OPEN_STATUSES)),
        )
        .order_by(issues.c.reported_at.desc())
        .limit(DUPLICATES_SHOWN)
    )
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(found))


def _filters(where: IssueFilter, now: datetime) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.node is not None:
        conditions.append(_under(where.node))
    if where.status is not None:
        conditions.append(issues.c.status == str(where.status))
    if where.category is not None:
        conditions.append(issues.c.category == where.category)
    if where.department is not None:
        conditions.append(
            issues.c.id.in_(select(dispatches.c.issue_id).where(dispatches.c.department == where.department))
        )
    if where.overdue is not None:
        late = and_(issues.c.next_due.is_not(None), issues.c.next_due < now)
        conditions.append(late if where.overdue else ~late)
    if where.returned is not None:
        conditions.append(_has_return() if where.returned else ~_has_return())
    if where.unrated:
        conditions.append(_unrated())
    if where.extension_asked:
        conditions.append(
            exists().where(
                dispatches.c.issue_id == issues.c.id,
                dispatches.c.round == issues.c.round,
                dispatches.c.extension_until.is_not(None),
            )
        )
    return conditions


def _has_return() -> ColumnElement[bool]:
    return exists().where(
        dispatches.c.issue_id == issues.c.id,
        dispatches.c.round == issues.c.round,
        dispatches.c.status == str(DispatchStatus.RETURNED),
    )


def _unrated() -> ColumnElement[bool]:
    """A dispatch of the current round the street could rate: rating needs a result (反馈)."""
    return exists().where(
        dispatches.c.issue_id == issues.c.id,
        dispatches.c.round == issues.c.round,
        dispatches.c.status == str(DispatchStatus.FED_BACK),
        dispatches.c.rating.is_(None),
    )


def _with_returns(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds to each row the departments whose dispatch of its current round is returned."""
    if not rows:
        return rows
    returned: dict[tuple[str, int], list[str]] = defaultdict(list)
    query = select(dispatches.c.issue_id, dispatches.c.round, dispatches.c.department).where(
        dispatches.c.issue_id.in_([r["id"] for r in rows]), dispatches.c.status == str(DispatchStatus.RETURNED)
    )
    for issue_id, round_, department in conn.execute(query):
        returned[(issue_id, round_)].append(department)
    return [{**row, "returned": sorted(returned.get((row["id"], row["round"]), []))} for row in rows]


def _under(code: str) -> ColumnElement[bool]:
    return or_(
        issues.c.street == code,
        issues.c.community == code,
        issues.c.compound == code,
        issues.c.building == code,
        issues.c.owner == code,
    )


def _visible(reader: Reader) -> ColumnElement[bool]:
    if reader.everything:
        return true()
    clauses = [_under(scope) for scope in reader.grid_scopes]
    if reader.departments:
        mine = select(dispatches.c.issue_id).where(dispatches.c.department.in_(list(reader.departments)))
        clauses.append(issues.c.id.in_(mine))
    return or_(*clauses) if clauses else false()
