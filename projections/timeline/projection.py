"""Builds the issue timeline: one row per issue event, keyed by its log position."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, insert

from domain.audit.kinds import EntityKind
from domain.issues.model import ISSUE_TOPICS
from projections.timeline.summaries import summarise
from projections.timeline.table import timeline

_COMMON = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "reason", "node"}


class IssueTimeline:
    name = "timeline"
    topics = ISSUE_TOPICS
    tables = (timeline,)

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        self.handle_batch(conn, [(position, event)])

    def handle_batch(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        conn.execute(_INSERT, [_row(position, event) for position, event in items])


def _row(position: int, event: Any) -> dict[str, Any]:
    zh, en = summarise(event)
    data = {k: _plain(v) for k, v in vars(event).items() if k not in _COMMON}
    return dict(
        position=position,
        issue_id=str(event.originator_id),
        at=event.timestamp,
        kind=f"{EntityKind.ISSUE}.{type(event).__name__}",  # spelled as the audit trail spells it
        actor=event.actor,
        reason=event.reason,
        department=getattr(event, "department", None),
        summary_zh=zh,
        summary_en=en,
        data=data,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


_INSERT = insert(timeline)  # values go as parameters, so the statement compiles once
