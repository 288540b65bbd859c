"""A grid node's worklist: open issues located in its subtree or escalated to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, or_, select

from projections.issues.tables import issues

OPEN = ("reported", "registered", "handling", "dispatched", "awaiting_verification", "verified", "parked")


def worklist(engine: Engine, code: str) -> list[dict[str, Any]]:
    located = or_(
        issues.c.street == code,
        issues.c.community == code,
        issues.c.compound == code,
        issues.c.building == code,
        issues.c.owner == code,
    )
    query = (
        select(issues)
        .where(located, issues.c.status.in_(OPEN))
        .order_by(issues.c.next_due.is_(None), issues.c.next_due, issues.c.reported_at)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
