"""The household standards read model: one row per item check, for standards per grid node."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, insert

from domain.standards.model import HouseholdStandards
from projections.monitoring.tables import standard_checks


class StandardChecks:
    name = "standards"
    topics = (HouseholdStandards.ItemChecked.TOPIC,)
    tables = (standard_checks,)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        assert isinstance(event, HouseholdStandards.ItemChecked)
        path = [*event.path, None, None, None, None]
        conn.execute(
            insert(standard_checks).values(
                household_id=event.household_id,
                position=position,
                item=event.item,
                status=event.status,
                measure=event.measure,
                checked_on=date.fromisoformat(event.checked_on),
                kind=event.kind,
                checker=event.actor,
                node=event.node,
                street=path[0],
                community=path[1],
                compound=path[2],
                building=path[3],
                recorded_at=event.timestamp,
            )
        )
