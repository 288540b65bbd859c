"""Queries over the API client register."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select

from projections.clients.table import api_clients


def list_clients(engine: Engine, *, revoked: bool | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """One page of clients, newest first, and the total; `revoked` keeps only revoked (or only working) ones."""
    conditions: list[ColumnElement[bool]] = []
    if revoked is not None:
        column = api_clients.c.revoked_at
        conditions.append(column.is_not(None) if revoked else column.is_(None))
    query = select(api_clients).where(*conditions).order_by(api_clients.c.registered_at.desc(), api_clients.c.id)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(api_clients).where(*conditions)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
    return total, rows
