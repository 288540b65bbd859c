"""One row per report from a resident or a client system; its state lives in the issue rows.

The row keeps only what the issue rows lack: the intake, the client, and the keyed hash of the
phone (never the phone), which the per-phone limit counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, String, Table, func, insert, select

from domain.issues.intake import Intake
from domain.issues.model import Issue
from projections.runner import Runner
from projections.tables import UtcDateTime, metadata

public_requests = Table(
    "rm_public_requests",
    metadata,
    Column("issue_id", String(36), primary_key=True),
    Column("intake", String(16), nullable=False),
    Column("client", String(32), nullable=False, index=True),
    Column("contact_key", String(64), nullable=False),
    Column("requested_at", UtcDateTime(), nullable=False, index=True),
    Index("ix_rm_public_requests_contact", "contact_key", "requested_at"),
)


class PublicRequests:
    name = "public_requests"
    topics = (Issue.Reported.TOPIC,)
    tables = (public_requests,)

    def handle(self, conn: Any, position: int, event: Any) -> None:
        if not Intake(event.intake).public:
            return
        conn.execute(
            insert(public_requests).values(
                issue_id=str(event.originator_id),
                intake=event.intake,
                client=event.client,
                contact_key=event.contact_key,
                requested_at=event.timestamp,
            )
        )


@dataclass(frozen=True)
class ContactCountFromRows:
    """The counter the citizen-report command is given: the rows, brought up to date first."""

    runner: Runner

    def __call__(self, *, contact_key: str, since: datetime) -> int:
        self.runner.catch_up(only=(PublicRequests.name,))
        query = select(func.count()).where(
            public_requests.c.contact_key == contact_key, public_requests.c.requested_at >= since
        )
        with self.runner.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
