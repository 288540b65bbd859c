"""Events stored under their short codes (`domain/stored_topics.py`), and read under either name.

The mapper writes the code; every recorder's topic filter is widened to the long topic and the code
alike, so a read model that names the long topics reads rows from before and after the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Mapper, Notification, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from domain.stored_topics import stored_topic, with_codes


class CodedMapper(Mapper[Any]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored_topic(stored.topic),
            state=stored.state,
        )


class CodedTopics:
    """Mixed into a recorder: its notification filters match both names of a topic."""

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        return super().select_notifications(  # type: ignore[misc, no-any-return]
            start, limit, stop, with_codes(topics), inclusive_of_start=inclusive_of_start
        )


class SQLiteRecorder(CodedTopics, SQLiteApplicationRecorder):
    pass
