"""Queries on the positions table and the organisation-life records: as of a day, per grid subtree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, and_, false, func, or_, select, true

from domain.reviews.values import Post
from projections.positions.tables import organisation_life, positions


def held_on(
    engine: Engine, *, day: date, everything: bool, scopes: Sequence[str], node: str | None, post: Post | None,
    limit: int, offset: int,
) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    """Holdings in force on `day`, by community and post."""
    conditions = [
        _visible(positions, everything, scopes),
        positions.c.valid_from <= day,
        or_(positions.c.valid_to.is_(None), positions.c.valid_to > day),
    ]
    if node is not None:
        conditions.append(_under(positions, node))
    if post is not None:
        conditions.append(positions.c.post == str(post))
    query = (
        select(positions).where(*conditions).order_by(positions.c.community, positions.c.post, positions.c.valid_from)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(positions).where(*conditions)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
    return total, rows


def life_records(
    engine: Engine, *, community: str, since: date, until: date, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    conditions = [
        organisation_life.c.community == community,
        and_(organisation_life.c.held_on >= since, organisation_life.c.held_on <= until),
    ]
    query = (
        select(organisation_life)
        .where(*conditions)
        .order_by(organisation_life.c.held_on, organisation_life.c.record_id)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(organisation_life).where(*conditions)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
    return total, rows


def _under(table: Table, code: str) -> ColumnElement[bool]:
    return or_(table.c.community == code, table.c.street == code)


def _visible(table: Table, everything: bool, scopes: Sequence[str]) -> ColumnElement[bool]:
    if everything:
        return true()
    return or_(*[_under(table, s) for s in scopes]) if scopes else false()
