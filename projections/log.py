"""Reading the event log in bulk, in log order, decoded into domain events."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.application import Application

BATCH = 1000


def read_log(
    app: Application[Any], *, after: int = 0, topics: Sequence[str] = (), stop: int | None = None
) -> Iterator[tuple[int, Any]]:
    """Yields (position, event) after `after`, in batches, up to `stop` if given."""
    while True:
        batch = app.recorder.select_notifications(after, BATCH, stop=stop, topics=topics, inclusive_of_start=False)
        for notification in batch:
            yield notification.id, app.mapper.to_domain_event(notification)
        if len(batch) < BATCH:
            return
        after = batch[-1].id
