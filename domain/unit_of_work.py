"""One look at the log per unit of work (a request, a CLI command, a worker pass).

The aggregate cache is not fast-forwarded aggregate by aggregate (a query for each of the six a
report reads); instead the log's head is read once when a unit starts, and every cached aggregate
that a newer event names is dropped. Inside the unit, cached aggregates are current as of that
head; a command decided on one that another process has since changed fails on its version at
save, exactly as before, and is retried or answered 409 on fresh state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Cache, Repository
from eventsourcing.persistence import ApplicationRecorder

# Notifications read per query while catching the cache up after a burst of writes elsewhere.
BATCH = 1_000
# How many aggregates' last logged versions the cache remembers while they are not cached.
FLOORS = 10_000


@dataclass
class _Unit:
    head: int | None = None


_UNIT: ContextVar[_Unit | None] = ContextVar("gridgov_unit_of_work", default=None)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Reads the log's head at most once inside; nested units share the outer one's look."""
    if _UNIT.get() is not None:
        yield
        return
    token = _UNIT.set(_Unit())
    try:
        yield
    finally:
        _UNIT.reset(token)


class MonotonicCache(Cache[Any, Any]):
    """The aggregate cache, which never goes back in version.

    The library puts an aggregate it rebuilt from the store into the cache after reading it. A
    thread that read version 4 may put it after another thread saved and cached version 5, or after
    the log head has already passed version 5 written by another process: either way version 4
    would be served as current until the aggregate next changes. So a put keeps the newer of the
    two, and refuses a version older than the log is known to hold (its floor).
    """

    def __init__(self, inner: Cache[Any, Any]) -> None:
        super().__init__()
        self._inner = inner
        self._floors: OrderedDict[UUID | str, int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: UUID, *, evict: bool = False) -> Any:
        return self._inner.get(key, evict=evict)

    def put(self, key: UUID, value: Any) -> None:
        if value is None:
            return
        with self._lock:
            if value.version < self._floors.get(key, 0):
                return
            try:
                if self._inner.get(key).version > value.version:
                    return
            except KeyError:
                pass
            self._inner.put(key, value)

    def logged(self, key: UUID | str, version: int) -> None:
        """The log holds `version` of `key`: drop an older cached copy and refuse one later."""
        with self._lock:
            try:
                if self._inner.get(key).version < version:
                    self._inner.get(key, evict=True)
            except KeyError:
                pass
            self._floors[key] = max(version, self._floors.pop(key, 0))
            if len(self._floors) > FLOORS:
                self._floors.popitem(last=False)

    def evict(self, key: UUID) -> None:
        with self._lock, suppress(KeyError):
            self._inner.get(key, evict=True)


class LogHead:
    """Where this process has read the log up to, and the cache kept current with it."""

    def __init__(self, recorder: ApplicationRecorder, repository: Repository[UUID]) -> None:
        self._recorder = recorder
        self._cache = None if repository.cache is None else MonotonicCache(repository.cache)
        repository.cache = self._cache
        self._lock = threading.Lock()
        self._seen = recorder.max_notification_id() or 0  # the cache starts empty

    def current(self) -> int:
        """The log's last position; inside a unit of work, as read when the unit first asked."""
        unit = _UNIT.get()
        if unit is not None and unit.head is not None:
            return unit.head
        head = self._advance()
        if unit is not None:
            unit.head = head
        return head

    def saved(self, notification_ids: list[int]) -> None:
        """Our own events are in the cache already: skip past them when they come next. The unit
        that wrote them reads its own writes: its head moves past them (the tree, the read models)."""
        if not notification_ids:
            return
        with self._lock:
            if min(notification_ids) == self._seen + 1:
                self._seen = max(notification_ids)
        unit = _UNIT.get()
        if unit is not None and unit.head is not None:
            unit.head = max(unit.head, *notification_ids)

    def forget(self, *aggregate_ids: UUID) -> None:
        """A save lost a race on these: reload them, and read the log again in this unit."""
        for aggregate_id in aggregate_ids:
            if self._cache is not None:
                self._cache.evict(aggregate_id)
        unit = _UNIT.get()
        if unit is not None:
            unit.head = None

    def _advance(self) -> int:
        with self._lock:
            if self._cache is None:  # nothing to keep current: the head alone will do
                self._seen = max(self._seen, self._recorder.max_notification_id() or 0)
                return self._seen
            while batch := self._recorder.select_notifications(self._seen, BATCH, inclusive_of_start=False):
                for notification in batch:
                    self._cache.logged(notification.originator_id, notification.originator_version)
                self._seen = batch[-1].id
                if len(batch) < BATCH:
                    break
            return self._seen
