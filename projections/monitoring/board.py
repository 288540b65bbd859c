"""The monitoring board: each case's step and deadline, overdue ones first, per grid subtree, paged.

As of a past moment, the same query runs on rows replayed from the log up to that moment
(`rows_as_of`), with that moment as "now": a case shows as overdue as of a date only if its
deadline had passed by then with its step still open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, create_engine, false, func, or_, select, true
from sqlalchemy.pool import StaticPool

from domain.application_base import ApplicationBase
from domain.monitoring.status import CaseStatus
from domain.monitoring.values import MonitoredCategory
from projections.monitoring.projection import MonitoringBoard
from projections.monitoring.tables import cases
from projections.runner import Runner


@dataclass(frozen=True)
class BoardReader:
    """Whose cases a board may show: everything, or some grid subtrees."""

    everything: bool = False
    grid_scopes: Sequence[str] = ()


@dataclass(frozen=True)
class BoardFilter:
    node: str | None = None
    status: CaseStatus | None = None
    category: MonitoredCategory | None = None
    overdue: bool | None = None


def board_page(
    engine: Engine, reader: BoardReader, where: BoardFilter, *, now: datetime, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total matching and one page: overdue first, then the soonest due, then the newest."""
    late = _late(now)
    conditions = [_visible(reader), *_filters(where, late)]
    query = (
        select(cases, late.label("overdue"))
        .where(*conditions)
        .order_by(case((late, 0), else_=1), cases.c.next_due.is_(None), cases.c.next_due, cases.c.opened_at.desc())
        .order_by(cases.c.id)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(cases).where(*conditions)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
    return total, rows


def rows_as_of(app: ApplicationBase, position: int) -> Engine:
    """A throwaway database holding the board as it was at log `position`."""
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    runner = Runner(app, engine, [MonitoringBoard()])
    runner.create_tables()
    if position > 0:
        runner.catch_up(until=position)
    return engine


def _late(now: datetime) -> ColumnElement[bool]:
    return and_(cases.c.next_due.is_not(None), cases.c.next_due < now)


def _filters(where: BoardFilter, late: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.node is not None:
        conditions.append(_under(where.node))
    if where.status is not None:
        conditions.append(cases.c.status == str(where.status))
    if where.category is not None:
        conditions.append(cases.c.category == str(where.category))
    if where.overdue is not None:
        conditions.append(late if where.overdue else ~late)
    return conditions


def _under(code: str) -> ColumnElement[bool]:
    return or_(
        cases.c.street == code,
        cases.c.community == code,
        cases.c.compound == code,
        cases.c.building == code,
        cases.c.owner == code,
    )


def _visible(reader: BoardReader) -> ColumnElement[bool]:
    if reader.everything:
        return true()
    clauses = [_under(scope) for scope in reader.grid_scopes]
    return or_(*clauses) if clauses else false()
