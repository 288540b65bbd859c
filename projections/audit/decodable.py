"""Finding a stored event that no longer decodes, so a process can refuse to start naming it."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import MapperDeserialisationError
from eventsourcing.utils import TopicError

from domain.shared.errors import DomainError

BATCH = 1000


class UndecodableEventError(DomainError):
    """A stored event's bytes no longer decode into an event: changed outside gridgov."""

    def __init__(self, position: int) -> None:
        super().__init__(
            f"the stored event at position {position} no longer decodes (its bytes were changed outside gridgov): "
            "run `gridgov verify` and restore it from a backup",
            field="position",
        )
        self.position = position


def first_undecodable(app: Application[UUID], *, after: int = 0) -> int | None:
    """The first position after `after` whose stored bytes do not decode, or None if all do."""
    while True:
        try:
            batch = app.recorder.select_notifications(after, BATCH, inclusive_of_start=False)
        except (TypeError, ValueError):  # a row the recorder cannot even read (a NULL, a wrong type)
            return _first_unreadable(app, after)
        for notification in batch:
            try:
                app.mapper.to_domain_event(notification)
            except (MapperDeserialisationError, TopicError, TypeError, ValueError):  # a NULL or a wrong type too
                return notification.id
        if len(batch) < BATCH:
            return None
        after = batch[-1].id


def _first_unreadable(app: Application[UUID], after: int) -> int:
    """The row after `after` that the recorder fails to read: the smallest `stop` whose read fails
    (the failing read raises, naming no row, so the position is found by halving)."""
    readable, failing = after, app.recorder.max_notification_id() or after
    while failing - readable > 1:
        middle = (readable + failing) // 2
        try:
            app.recorder.select_notifications(after, BATCH, stop=middle, inclusive_of_start=False)
        except (TypeError, ValueError):
            failing = middle
        else:
            readable = middle
    return failing
