"""One access record per audit query, so the watchers are watched too."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from eventsourcing.domain import Aggregate


class AccessRecord(Aggregate):
    TOPIC = "gridgov.audit:AccessRecord"

    class Event(Aggregate.Event):
        actor: str
        reason: str

    class Queried(Event, Aggregate.Created):
        """Someone read the audit trail, an entity's history or a proof (查询留痕)."""

        TOPIC = "gridgov.audit:AccessRecord.Queried"
        what: str
        params: dict[str, Any]

    Created = Queried

    def __init__(self, what: str, params: dict[str, Any]) -> None:
        self.what = what
        self.params = params

    @classmethod
    def record(cls, *, what: str, params: dict[str, Any], actor: str, reason: str, at: datetime) -> AccessRecord:
        return cls._create(cls.Queried, id=uuid4(), timestamp=at, what=what, params=params, actor=actor, reason=reason)
