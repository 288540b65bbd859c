"""Catching read models up with the log: batches of events, rows and position in one transaction.

A pull loop over the recorder works on every backend (the SQLite recorder has no
subscriptions). The position update is conditional, so two runners of the same read model
never apply a batch twice: the slower one's transaction fails and it re-reads.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from domain.application_base import ApplicationBase
from projections.tables import tracking

BATCH = 500


class ReadModel(Protocol):
    """A projection: its name, the topics it reads, its tables, and how one event changes them."""

    @property
    def name(self) -> str: ...

    @property
    def topics(self) -> Sequence[str]: ...

    @property
    def tables(self) -> Sequence[Table]: ...

    def handle(self, conn: Connection, position: int, event: Any) -> None: ...


class Runner:
    """Keeps a set of read models current; `catch_up` is safe to call from any thread."""

    def __init__(self, app: ApplicationBase, engine: Engine, models: Sequence[ReadModel]) -> None:
        self.app = app
        self.engine = engine
        self.models = list(models)
        self._lock = threading.Lock()
        self._prepared: dict[str, int] = {}  # model name -> the position its memory is at
        self._reached: dict[str, int] = {}  # model name -> the position this process last brought it to

    def create_tables(self) -> None:
        tracking.create(self.engine, checkfirst=True)
        for model in self.models:
            for table in model.tables:
                table.create(self.engine, checkfirst=True)

    def position(self, model: ReadModel) -> int:
        with self.engine.connect() as conn:
            return tracked_position(conn, model.name)

    def catch_up(self, until: int | None = None, only: Collection[str] | None = None) -> int:
        """Applies every event not yet in the read models (up to position `until`); returns how many.

        `only` names the models a caller is about to read, so a request pays for those alone.
        """
        with self._lock:
            return sum(self._catch_up(m, until) for m in self.models if only is None or m.name in only)

    def _catch_up(self, model: ReadModel, until: int | None) -> int:
        if until is None and self._reached.get(model.name) == self.app.log_head.current():
            return 0  # nothing new since this process brought it up to date: no transaction at all
        prepare = getattr(model, "prepare", None)  # a model with in-memory state rebuilds it first
        if prepare is not None:
            position = self.position(model)
            if self._prepared.get(model.name) != position:  # first run, or rows moved elsewhere (a rebuild)
                prepare(self.app, position)
                self._prepared[model.name] = position
        try:
            return self._apply_batches(model, until)
        except Exception:
            self._prepared.pop(model.name, None)  # its memory may be ahead of its rolled-back rows
            raise

    def _apply_batches(self, model: ReadModel, until: int | None) -> int:
        applied = 0
        while True:
            try:
                count = self._apply_batch(model, until)
            except (LostRaceError, IntegrityError):
                # Another process applied this batch first: its rows stand, ours rolled back.
                self._reprepare(model)
                continue
            if count == 0:
                return applied
            applied += count

    def _apply_batch(self, model: ReadModel, until: int | None) -> int:
        with self.engine.begin() as conn:
            start = tracked_position(conn, model.name)
            # Positions commit in order (the recorders serialise inserts), so everything up to the
            # end read now is there: a model that reads few topics skips past the rest for good.
            end = self.app.log_head.current()
            end = end if until is None else min(end, until)
            batch = self.app.recorder.select_notifications(
                start, BATCH, stop=end, topics=model.topics, inclusive_of_start=False
            )
            reached = batch[-1].id if len(batch) == BATCH else end
            if not batch:
                if reached > start:
                    advance_tracking(conn, model.name, start, reached)
                    self._moved(model, reached)
                else:
                    self._reached[model.name] = start
                return 0
            raw = getattr(model, "raw", False)  # a model that needs the stored bytes, not the event
            items = [(n.id, n if raw else self.app.mapper.to_domain_event(n)) for n in batch]
            handle_batch = getattr(model, "handle_batch", None)  # one multi-row write per batch
            if handle_batch is not None:
                handle_batch(conn, items)
            else:
                for position, event in items:
                    model.handle(conn, position, event)
            advance_tracking(conn, model.name, start, reached)
        self._moved(model, reached)
        return len(batch)

    def _moved(self, model: ReadModel, position: int) -> None:
        self._reached[model.name] = position
        if model.name in self._prepared:  # its memory moved along with its rows
            self._prepared[model.name] = position

    def _reprepare(self, model: ReadModel) -> None:
        prepare = getattr(model, "prepare", None)
        if prepare is not None:
            position = self.position(model)
            prepare(self.app, position)
            self._prepared[model.name] = position


class LostRaceError(Exception):
    """Another runner advanced the read model first; the batch is re-read from its new position."""


def tracked_position(conn: Connection, name: str) -> int:
    row = conn.execute(select(tracking.c.position).where(tracking.c.name == name)).first()
    return int(row[0]) if row else 0


def advance_tracking(conn: Connection, name: str, start: int, end: int) -> None:
    if start == 0 and tracked_position(conn, name) == 0:
        conn.execute(insert(tracking).values(name=name, position=end))
        return
    result = conn.execute(
        update(tracking).where(tracking.c.name == name, tracking.c.position == start).values(position=end)
    )
    if result.rowcount != 1:
        raise LostRaceError(name)
