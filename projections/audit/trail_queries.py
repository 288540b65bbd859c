"""Queries over the audit trail: by entity, actor, grid subtree, kind and time, in log order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, or_, select

from projections.audit.trail_table import trail


@dataclass(frozen=True)
class TrailFilter:
    entity_kind: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    node: str | None = None  # the node or anything below it, where it was at the time
    kind: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        c = trail.c
        for column, value in (
            (c.entity_kind, self.entity_kind),
            (c.entity_id, self.entity_id),
            (c.actor, self.actor),
            (c.kind, self.kind),
        ):
            if value is not None:
                query = query.where(column == value)
        if self.node is not None:
            query = query.where(
                or_(
                    c.node == self.node,
                    c.node_path.like(f"{self.node}/%"),
                    c.node_path.like(f"%/{self.node}/%"),
                    c.node_path.like(f"%/{self.node}"),
                )
            )
        if self.start is not None:
            query = query.where(c.at >= self.start)
        if self.end is not None:
            query = query.where(c.at <= self.end)
        return query


def page(engine: Engine, where: TrailFilter, *, after: int, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` entries after log position `after`: pass the last position back for the next page."""
    query = where.apply(select(trail).where(trail.c.position > after).order_by(trail.c.position).limit(limit))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def stream(engine: Engine, where: TrailFilter) -> Iterator[dict[str, Any]]:
    """Every matching entry in log order, fetched in chunks so a year exports in constant memory."""
    query = where.apply(select(trail).order_by(trail.c.position))
    with engine.connect() as conn:
        for row in conn.execute(query, execution_options={"yield_per": 2000}):
            yield dict(row._mapping)


def position_at(engine: Engine, moment: datetime) -> int | None:
    """The last log position recorded at or before `moment` (the log's prefix at that time)."""
    with engine.connect() as conn:
        later = conn.execute(select(trail.c.position).where(trail.c.at > moment).order_by(trail.c.position).limit(1))
        first_later = later.scalar_one_or_none()
        if first_later is not None:
            earlier = select(trail.c.position).where(trail.c.position < first_later)
        else:
            earlier = select(trail.c.position)
        value = conn.execute(earlier.order_by(trail.c.position.desc()).limit(1)).scalar_one_or_none()
    return None if value is None else int(value)
