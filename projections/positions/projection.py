"""Builds the positions table and the organisation-life records from roster and log events."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, update

from domain.positions.life import LIFE_TOPICS, OrganisationLife
from domain.positions.model import ROSTER_TOPICS, CommunityRoster
from projections.positions.tables import organisation_life, positions


class PositionRows:
    name = "positions"
    topics = (*ROSTER_TOPICS, *LIFE_TOPICS)
    tables = (positions, organisation_life)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        if isinstance(event, CommunityRoster.Appointed):
            conn.execute(
                insert(positions).values(
                    holding_id=event.holding_id, community=event.node, street=event.path[0], post=event.post,
                    person_id=event.person_id, valid_from=date.fromisoformat(event.valid_from), valid_to=None,
                    review_id=event.review_id, appointed_at=event.timestamp, ended_at=None, position=position,
                )
            )  # fmt: skip
        elif isinstance(event, CommunityRoster.HoldingEnded):
            conn.execute(
                update(positions)
                .where(positions.c.holding_id == event.holding_id)
                .values(valid_to=date.fromisoformat(event.valid_to), ended_at=event.timestamp, position=position)
            )
        elif isinstance(event, OrganisationLife.ActivityRecorded):
            conn.execute(
                insert(organisation_life).values(
                    record_id=event.record_id, community=event.node, street=event.path[0], kind=event.kind,
                    held_on=date.fromisoformat(event.held_on),
                    planned_on=None if event.planned_on is None else date.fromisoformat(event.planned_on),
                    attendees=event.attendees, note=event.note, recorded_by=event.actor,
                    recorded_at=event.timestamp, position=position,
                )
            )  # fmt: skip
