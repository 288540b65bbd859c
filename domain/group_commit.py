"""Group commit: saves that arrive together in one process are written in one transaction.

Each command is still decided alone, on current aggregates; only the write is shared. The first
thread to arrive writes everything queued by then (one commit, one fsync) while the others wait,
and nobody returns before the transaction holding its events has committed. Saves touching the
same aggregate never share a batch, so each is still guarded by its own version; if a batch
fails on a version (another process won a race), each save in it is written again alone, and
only the one that lost fails, exactly as it would have alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import IntegrityError, Recording

MAX_BATCH = 64  # saves per transaction: bounds how long the first one waits for the rest

Record = Callable[[ProcessingEvent[UUID]], list[Recording[UUID]]]


@dataclass(eq=False)
class _Save:
    processing: ProcessingEvent[UUID]
    done: bool = False
    recordings: list[Recording[UUID]] = field(default_factory=list)
    error: Exception | None = None

    @property
    def ids(self) -> set[UUID]:
        return {event.originator_id for event in self.processing.events}


class GroupCommit:
    """Writes queued saves in batches through `record` (the Application's own recording step)."""

    def __init__(self, record: Record) -> None:
        self._record = record
        self._cond = threading.Condition()
        self._queue: list[_Save] = []
        self._writing = False

    def write(self, processing: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Returns once the events are durable; raises what their transaction raised."""
        save = _Save(processing)
        with self._cond:
            self._queue.append(save)
            while self._writing and not save.done:
                self._cond.wait()
            leading = not save.done
            self._writing = self._writing or leading
        if leading:
            try:
                while not save.done:
                    with self._cond:
                        batch = self._take()
                    self._write(batch)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()
        if save.error is not None:
            raise save.error
        return save.recordings

    def _take(self) -> list[_Save]:
        """The oldest queued saves that touch no aggregate in common, up to MAX_BATCH."""
        batch: list[_Save] = []
        touched: set[UUID] = set()
        for save in list(self._queue):
            if len(batch) == MAX_BATCH:
                break
            if save.ids.isdisjoint(touched):
                batch.append(save)
                touched |= save.ids
                self._queue.remove(save)
        return batch

    def _write(self, batch: list[_Save]) -> None:
        merged: ProcessingEvent[UUID] = ProcessingEvent()
        for save in batch:
            merged.events.extend(save.processing.events)
            merged.aggregates.update(save.processing.aggregates)
        try:
            recordings = self._record(merged)
        except IntegrityError as error:
            if len(batch) == 1:
                batch[0].error = error
            else:
                for save in batch:  # alone, so that only the one that lost a race fails
                    try:
                        save.recordings = self._record(save.processing)
                    except Exception as alone:
                        save.error = alone
        except Exception as error:
            for save in batch:
                save.error = error
        else:
            start = 0
            for save in batch:
                save.recordings = recordings[start : start + len(save.processing.events)]
                start += len(save.processing.events)
        finally:
            with self._cond:
                for save in batch:
                    save.done = True
                self._cond.notify_all()
