"""Reading one issue's timeline, in log order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from projections.timeline.table import timeline


def issue_timeline(engine: Engine, issue_id: str) -> list[dict[str, Any]]:
    query = select(timeline).where(timeline.c.issue_id == issue_id).order_by(timeline.c.position)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
