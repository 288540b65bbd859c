"""Rebuilding read models from the log into fresh tables, switched in only when complete; and their lag.

One pass over the log feeds every model being rebuilt: each batch of notifications is read once,
each notification decoded once, and all the models' rows for the batch are written in one
transaction. The models share the decoded events: events are facts, read and never changed.

The fresh tables are token-named copies beside the live ones. Models write to their module-level
tables, and SQLAlchemy's one render-time redirect, `schema_translate_map`, moves a table to another
schema but cannot rename it; so the replay writes under the live names in another namespace. On
PostgreSQL that is a temporary schema of views, one per live name, onto the copies: the replay fills
the copies themselves. SQLite views are read-only, so there it is a temporary file of scratch tables
(no journal, no fsync), attached to the live database afterwards and copied by one INSERT … SELECT
per table, the copy's indexes built after its rows. One transaction then drops every rebuilt model's
live tables, renames the copies into their place and sets each model's tracking position to the log
end read at the start: readers see the old rows until that commit, and the models switch together.
A failure before it drops the scratch and the copies and leaves every live model serving. Index
names are global per schema (per database on SQLite): the copies' carry the token, keep it after
the rename, and so never collide with the next rebuild's.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.utils import TopicError, resolve_topic
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, delete, event, insert, quoted_name, select
from sqlalchemy.schema import CreateSchema, CreateTable, DropSchema

from domain.application_base import ApplicationBase
from domain.shared.errors import NotFoundError
from projections.runner import BATCH, ReadModel, Runner
from projections.tables import tracking

Progress = Callable[[int, int], None]

# Notifications read and decoded at a time, and applied in one transaction. Each model is still handed
# at most the runner's BATCH of its events per call: some size statements, or checkpoints, by it.
LOG_BATCH = 5000


@dataclass
class ModelStatus:
    name: str
    position: int
    log_position: int
    lag: int  # the model's events in the log after its position


def status(runner: Runner) -> list[ModelStatus]:
    recorder = runner.app.recorder
    log_position = recorder.max_notification_id() or 0
    report = []
    for model in runner.models:
        position = after = runner.position(model)
        lag = 0
        while batch := recorder.select_notifications(after, BATCH, topics=model.topics, inclusive_of_start=False):
            lag, after = lag + len(batch), batch[-1].id
            if len(batch) < BATCH:
                break
        report.append(ModelStatus(model.name, position, log_position, lag))
    return report


def rebuild(runner: Runner, name: str | None = None, *, progress: Progress | None = None) -> dict[str, int]:
    """Replays the whole log into fresh tables of each model (or the one named); returns events applied."""
    models = [model for model in runner.models if name is None or model.name == name]
    if not models:
        raise NotFoundError(f"no read model is named {name!r}", field="name")
    token = secrets.token_hex(4)
    tables = [table for model in models for table in model.tables]
    copies = [_copy_of(table, token) for table in tables]
    # The replay drives the runner's own model objects (some keep memory): no catch-up meanwhile.
    with runner._lock:
        end = runner.app.recorder.max_notification_id() or 0
        try:
            with _scratch(runner.engine, token, tables, copies) as scratch:
                applied = _replay(runner.app, scratch.engine, models, end, progress)
                if scratch.attach is not None:
                    _copy_rows(scratch.attach, scratch.schema, runner.engine, tables, copies)
            _vacuum(runner.engine, copies)
            _swap(runner.engine, models, tables, copies, end)
        except Exception:
            for model in models:
                prepare = getattr(model, "prepare", None)
                if prepare is not None:  # its memory ran past the live rows it still serves
                    prepare(runner.app, runner.position(model))
            raise
        finally:
            with runner.engine.begin() as conn:  # after a switch there are none left
                for copy in copies:
                    copy.drop(conn, checkfirst=True)
    return applied


def _copy_of(table: Table, token: str) -> Table:
    copy = table.to_metadata(MetaData(), name=f"{table.name}__rb_{token}")
    for index in copy.indexes:  # `index=True` names already follow the table name; explicit ones do not
        if index.name and token not in index.name:
            index.name = quoted_name(f"{index.name}__rb_{token}", None)
    return copy


@dataclass
class Scratch:
    """Where a replay writes: an engine that renders the live table names into another namespace."""

    engine: Engine
    schema: str
    attach: Path | None = None  # SQLite: the scratch file, to attach as `schema`; PostgreSQL: none to copy


@contextmanager
def _scratch(engine: Engine, token: str, tables: Sequence[Table], copies: Sequence[Table]) -> Iterator[Scratch]:
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gridgov-rebuild-") as folder:
            path = Path(folder) / "scratch.db"
            scratch = create_engine(f"sqlite:///{path}")
            event.listen(scratch, "connect", _throwaway)
            try:
                with scratch.begin() as conn:
                    for table in tables:
                        table.create(conn)
                yield Scratch(scratch, f"scratch_{token}", attach=path)
            finally:
                scratch.dispose()
        return
    schema = f"scratch__rb_{token}"
    with engine.begin() as conn:  # one transaction: every commit waits for a flush
        conn.execute(CreateSchema(schema))
        quote = conn.dialect.identifier_preparer.quote
        for table, copy in zip(tables, copies, strict=True):
            copy.create(conn)
            view = f"{quote(schema)}.{quote(table.name)}"
            conn.exec_driver_sql(f"CREATE VIEW {view} AS SELECT * FROM {quote(copy.name)}")
    try:
        yield Scratch(engine.execution_options(schema_translate_map={None: schema}), schema)
    finally:
        with engine.begin() as conn:
            conn.execute(DropSchema(schema, cascade=True, if_exists=True))


def _throwaway(dbapi_connection: Any, _: Any) -> None:
    """The scratch file is deleted if anything fails, so it needs no journal and no fsync."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=OFF")
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


def _replay(
    app: ApplicationBase, engine: Engine, models: Sequence[ReadModel], end: int, progress: Progress | None
) -> dict[str, int]:
    """Reads the log up to `end` once and hands each model its events in batches, as the runner would."""
    for model in models:
        prepare = getattr(model, "prepare", None)
        if prepare is not None:  # the scratch tables are empty: its memory starts from nothing too
            prepare(app, 0)
    wanted = [(model, _reads(model)) for model in models]
    decoded = _decoded(wanted)
    kinds = _Kinds()
    applied = dict.fromkeys((model.name for model in models), 0)
    after = 0
    while after < end:
        batch = app.recorder.select_notifications(after, LOG_BATCH, stop=end, inclusive_of_start=False)
        if not batch:
            break
        of = [kinds[n.topic] for n in batch]
        events = [
            app.mapper.to_domain_event(n) if decoded is None or kind in decoded else None
            for n, kind in zip(batch, of, strict=True)
        ]
        with engine.begin() as conn:
            for model, reads in wanted:
                chosen = [i for i, kind in enumerate(of) if reads is None or kind in reads]
                applied[model.name] += _apply(conn, model, [(batch[i], events[i]) for i in chosen])
        after = batch[-1].id
        if progress is not None:
            progress(after, end)
    return applied


class _Kinds(dict[str, Any]):
    """Stored topic -> the event class it names: a row stored under a long topic or under its short
    code reaches the same models, as the recorders' topic filters match both."""

    def __missing__(self, topic: str) -> Any:
        try:
            kind = resolve_topic(topic)
        except TopicError:
            kind = topic  # no class: only models that read every event see it
        self[topic] = kind
        return kind


def _reads(model: ReadModel) -> frozenset[Any] | None:
    """The event classes a model reads; None: every event."""
    return frozenset(_Kinds()[topic] for topic in model.topics) if model.topics else None


def _decoded(wanted: Sequence[tuple[ReadModel, frozenset[Any] | None]]) -> frozenset[Any] | None:
    """The event classes some model wants decoded (not as raw notifications); None: every event."""
    chosen: set[Any] = set()
    for model, reads in wanted:
        if not _raw(model):
            if reads is None:
                return None
            chosen |= reads
    return frozenset(chosen)


def _raw(model: ReadModel) -> bool:
    return bool(getattr(model, "raw", False))  # a model that needs the stored bytes, not the event


def _apply(conn: Connection, model: ReadModel, chosen: Sequence[tuple[Notification, Any]]) -> int:
    """What `Runner._apply_batch` does with a batch, with the notifications it reads already decoded."""
    if not chosen:
        return 0
    raw = _raw(model)
    items = [(n.id, n if raw else event) for n, event in chosen]
    handle_batch = getattr(model, "handle_batch", None)  # one multi-row write per batch
    for start in range(0, len(items), BATCH):  # never more at once than a catch-up hands it
        part = items[start : start + BATCH]
        if handle_batch is not None:
            handle_batch(conn, part)
        else:
            for position, item in part:
                model.handle(conn, position, item)
    return len(items)


def _copy_rows(scratch: Path, schema: str, target: Engine, tables: Sequence[Table], copies: Sequence[Table]) -> None:
    """One INSERT … SELECT per table inside the database: the rows never pass through Python."""
    with target.connect() as conn:
        conn.exec_driver_sql(f"ATTACH DATABASE ? AS {schema}", (str(scratch),))
        conn.commit()
        try:
            for table, copy in zip(tables, copies, strict=True):
                conn.execute(CreateTable(copy))
                source = table.to_metadata(MetaData(), schema=schema)
                conn.execute(insert(copy).from_select([c.name for c in table.columns], select(source)))
                for index in copy.indexes:  # one sort per index, not an insert into each per row
                    index.create(conn)
            conn.commit()
        finally:
            conn.rollback()
            conn.exec_driver_sql(f"DETACH DATABASE {schema}")
            conn.commit()


def _vacuum(engine: Engine, copies: Sequence[Table]) -> None:
    """On PostgreSQL, VACUUM (ANALYZE) the new tables before readers query them. The replay closes
    versions by UPDATE, so a fresh copy holds a dead row for every version it closed, still in its
    indexes, no visibility map (no index-only scans) and no planner statistics until autovacuum
    comes by: a department's overdue count read 12,392 index entries for 1,944 rows, 17 ms instead
    of 3. (SQLite plans without statistics unless ANALYZE was ever run, and gridgov never runs it.)"""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # VACUUM runs outside one
        quote = conn.dialect.identifier_preparer.quote
        for copy in copies:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {quote(copy.name)}")


def _swap(
    engine: Engine, models: Sequence[ReadModel], tables: Sequence[Table], copies: Sequence[Table], position: int
) -> None:
    """Every rebuilt model switches in one transaction: all of them serve the new rows, or none."""
    names = [model.name for model in models]
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # else pysqlite runs each DDL statement on its own
        quote = conn.dialect.identifier_preparer.quote
        for table, copy in zip(tables, copies, strict=True):
            table.drop(conn, checkfirst=True)
            conn.exec_driver_sql(f"ALTER TABLE {quote(copy.name)} RENAME TO {quote(table.name)}")
        conn.execute(delete(tracking).where(tracking.c.name.in_(names)))
        if position:  # no row at 0, as the runner expects before its first batch
            conn.execute(insert(tracking), [{"name": name, "position": position} for name in names])
