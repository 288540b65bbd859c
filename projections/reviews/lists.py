"""The joint-review list: per round, per community or street, by status, paged; readers see their grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, false, func, or_, select, true

from domain.reviews.values import ReviewStatus
from projections.reviews.tables import reviews, verdicts


@dataclass(frozen=True)
class ReviewFilter:
    round: str | None = None
    node: str | None = None  # a community or a street
    status: ReviewStatus | None = None
    unit: str | None = None  # reviews this unit sits on


def review_page(
    engine: Engine, *, everything: bool, scopes: Sequence[str], where: ReviewFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    conditions: list[ColumnElement[bool]] = [_visible(everything, scopes)]
    if where.round is not None:
        conditions.append(reviews.c.round == where.round)
    if where.node is not None:
        conditions.append(_under(where.node))
    if where.status is not None:
        conditions.append(reviews.c.status == str(where.status))
    if where.unit is not None:
        on_it = select(verdicts.c.review_id).where(verdicts.c.unit == where.unit)
        conditions.append(reviews.c.id.in_(on_it))
    query = select(reviews).where(*conditions).order_by(reviews.c.started_at.desc(), reviews.c.id)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(reviews).where(*conditions)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
    return total, rows


def _under(code: str) -> ColumnElement[bool]:
    return or_(reviews.c.node == code, reviews.c.street == code)


def _visible(everything: bool, scopes: Sequence[str]) -> ColumnElement[bool]:
    if everything:
        return true()
    return or_(*[_under(s) for s in scopes]) if scopes else false()
