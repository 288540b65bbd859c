"""Queries over the account list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from projections.accounts.table import accounts


def list_accounts(engine: Engine, *, role: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """One page of accounts by username, and the total, optionally only those holding `role`."""
    query = select(accounts).order_by(accounts.c.username)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    if role is not None:
        rows = [r for r in rows if any(g[0] == role for g in r["grants"])]
    return len(rows), rows[offset : offset + limit]
