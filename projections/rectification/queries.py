"""Cases per grid subtree (paged, filtered by stage, target kind and flag), on a given day.
As of a past moment, the same queries run on rows replayed from the log up to
that moment (`rows_as_of`), with that moment's date as "today".

A case's flag is its worst open item's: red if any open item is past its deadline, amber if any falls
within the amber days, green otherwise; the rule for one item is `domain/rectification/ledger.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, create_engine, exists, false, func, or_, select, true
from sqlalchemy.pool import StaticPool

from domain.application_base import ApplicationBase
from domain.rectification.status import CaseStage
from domain.rectification.values import ItemFlag, ItemState, TargetKind
from projections.rectification.projection import RectificationRows
from projections.rectification.tables import cases, items
from projections.runner import Runner


@dataclass(frozen=True)
class CaseReader:
    """Whose cases a list may show: everything, or some grid subtrees."""

    everything: bool = False
    grid_scopes: Sequence[str] = ()


@dataclass(frozen=True)
class CaseFilter:
    node: str | None = None
    stage: CaseStage | None = None
    target_kind: TargetKind | None = None
    flag: ItemFlag | None = None


def cases_page(
    engine: Engine, reader: CaseReader, where: CaseFilter, *, today: date, amber_days: int, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total matching and one page: red first, then amber, then the soonest deadline."""
    light = _case_flag(today, amber_days)
    conditions = [_visible(reader), *_filters(where, light)]
    order = case((light == str(ItemFlag.RED), 0), (light == str(ItemFlag.AMBER), 1), else_=2)
    query = (
        select(cases, light.label("flag"))
        .where(*conditions)
        .order_by(order, cases.c.deadline.is_(None), cases.c.deadline, cases.c.identified_at.desc(), cases.c.id)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(cases).where(*conditions)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
    return total, rows


def rows_as_of(app: ApplicationBase, position: int) -> Engine:
    """A throwaway database holding the rows as they were at log `position`."""
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    runner = Runner(app, engine, [RectificationRows()])
    runner.create_tables()
    if position > 0:
        runner.catch_up(until=position)
    return engine


def _case_flag(today: date, amber_days: int) -> ColumnElement[str]:
    open_items = and_(items.c.case_id == cases.c.id, items.c.state != str(ItemState.CLOSED_OFF))
    red = exists().where(open_items, items.c.deadline < today)
    amber = exists().where(open_items, items.c.deadline <= today + timedelta(days=amber_days))
    return case((red, str(ItemFlag.RED)), (amber, str(ItemFlag.AMBER)), else_=str(ItemFlag.GREEN))


def _filters(where: CaseFilter, light: ColumnElement[str]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.node is not None:
        conditions.append(_under(where.node))
    if where.stage is not None:
        conditions.append(cases.c.stage == str(where.stage))
    if where.target_kind is not None:
        conditions.append(cases.c.target_kind == str(where.target_kind))
    if where.flag is not None:
        conditions.append(light == str(where.flag))
    return conditions


def _under(code: str) -> ColumnElement[bool]:
    c = cases.c
    return or_(c.street == code, c.community == code, c.compound == code, c.building == code)


def _visible(reader: CaseReader) -> ColumnElement[bool]:
    if reader.everything:
        return true()
    clauses = [_under(scope) for scope in reader.grid_scopes]
    return or_(*clauses) if clauses else false()
