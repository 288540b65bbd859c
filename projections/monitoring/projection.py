"""Builds the monitoring board's rows from case events, in log order.

Deadlines move by the case aggregate's own table (`domain/monitoring/deadlines.py`), so the board
and the watcher see what is due without loading aggregates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from domain.monitoring import deadlines
from domain.monitoring.model import MONITORING_TOPICS, MonitoringCase
from domain.monitoring.status import ON_PASS, CaseStatus, Step
from projections.monitoring.tables import cases


class MonitoringBoard:
    name = "monitoring"
    topics = MONITORING_TOPICS
    tables = (cases,)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, MonitoringCase.ClueReceived):
            conn.execute(insert(cases).values(_opened(key, position, event)))
            return
        row = conn.execute(select(cases).where(cases.c.id == key)).mappings().one()
        due = {name: datetime.fromisoformat(value) for name, value in row["deadlines"].items()}
        deadlines.follow(due, event)
        values: dict[str, Any] = _changes(event, row)
        values.update(
            deadlines={str(name): at.isoformat() for name, at in due.items()},
            next_due=min(due.values(), default=None),
            updated_at=event.timestamp,
            position=position,
        )
        conn.execute(update(cases).where(cases.c.id == key).values(**values))


def _opened(key: str, position: int, e: MonitoringCase.ClueReceived) -> dict[str, Any]:
    due: dict[str, datetime] = {}
    deadlines.follow(due, e)
    path = [*e.path, None, None, None, None]
    return dict(
        id=key,
        household_id=e.household_id,
        node=e.node,
        street=path[0],
        community=path[1],
        compound=path[2],
        building=path[3],
        owner=e.node,
        category=e.category,
        source=e.source,
        status=str(CaseStatus.APPLIED if e.accept_due is not None else CaseStatus.HOME_CHECK),
        opened_at=e.timestamp,
        updated_at=e.timestamp,
        deadlines={str(name): at.isoformat() for name, at in due.items()},
        next_due=min(due.values(), default=None),
        pipeline_due=e.pipeline_due,
        notice_until=None,
        missed=0,
        escalations=0,
        position=position,
    )


def _changes(event: Any, row: Any) -> dict[str, Any]:
    """What a fact changes on the row besides its deadlines (the aggregate's appliers, as rows)."""
    if isinstance(event, MonitoringCase.StepRecorded):
        status = ON_PASS[Step(event.step)] if event.passed else CaseStatus.NOT_ENROLLED
        values: dict[str, Any] = {"status": str(status)}
        if isinstance(event, MonitoringCase.DemocraticallyReviewed) and event.passed:
            values["notice_until"] = event.notice_until
        return values
    if isinstance(event, MonitoringCase.RiskCleared):
        return {"status": str(CaseStatus.CLEARED)}
    if isinstance(event, MonitoringCase.ClearanceReverted):
        return {"status": str(CaseStatus.ENROLLED)}
    if isinstance(event, MonitoringCase.DeadlineMissed):
        return {"missed": row["missed"] + 1}
    if isinstance(event, MonitoringCase.Escalated):
        return {"owner": event.to_node, "escalations": row["escalations"] + 1}
    return {}
