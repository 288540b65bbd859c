"""Builds the API client register from client events (the secret's hash is not copied)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, update

from domain.clients.model import CLIENT_TOPICS, ApiClient
from projections.clients.table import api_clients


class ApiClientList:
    name = "api_clients"
    topics = CLIENT_TOPICS
    tables = (api_clients,)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        key = str(event.originator_id)
        if isinstance(event, ApiClient.Registered):
            conn.execute(
                insert(api_clients).values(
                    id=key, name=event.name, registered_at=event.timestamp, registered_by=event.actor,
                    version=event.originator_version, position=position,
                )
            )  # fmt: skip
        elif isinstance(event, ApiClient.Revoked):
            conn.execute(
                update(api_clients)
                .where(api_clients.c.id == key)
                .values(
                    revoked_at=event.timestamp, revoked_by=event.actor, revoke_reason=event.reason,
                    version=event.originator_version, position=position,
                )
            )  # fmt: skip
