"""Rebuilding read models from the log into fresh tables, switched in only when complete; and their lag.

Models write to their module-level tables, and SQLAlchemy's one render-time redirect,
`schema_translate_map`, moves a table to another schema but cannot rename it. So an ordinary Runner
replays the log into scratch tables under the live names in another namespace: a temporary schema in
the same PostgreSQL database (the live engine with `schema_translate_map={None: scratch}`), or a
temporary SQLite file (an engine of its own, attached to the live database for the copy). The rows
are then copied by one INSERT … SELECT per table into token-named tables beside the live ones, and
one transaction drops the live tables, renames the copies into their place and sets the model's
tracking position: readers see the old rows until that commit. A failure before it drops the scratch
and the copies and leaves the live model serving. Index names are global per schema (per database on
SQLite): the copies' carry the token, keep it after the rename, and so never collide with the next
rebuild's.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, delete, event, insert, quoted_name, select
from sqlalchemy.schema import CreateSchema, DropSchema

from domain.shared.errors import NotFoundError
from projections.runner import BATCH, ReadModel, Runner
from projections.tables import tracking

Progress = Callable[[int, int], None]


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
    # The replay drives the runner's own model objects (some keep memory): no catch-up meanwhile.
    with runner._lock:
        return {model.name: _rebuild(runner, model, progress) for model in models}


def _rebuild(runner: Runner, model: ReadModel, progress: Progress | None) -> int:
    token = secrets.token_hex(4)
    copies = [_copy_of(table, token) for table in model.tables]
    end = runner.app.recorder.max_notification_id() or 0
    try:
        with _scratch(runner.engine, token) as scratch:
            applied = _replay(Runner(runner.app, scratch.engine, [model]), end, progress)
            for table, copy in zip(model.tables, copies, strict=True):
                copy.create(runner.engine)
                _copy_rows(scratch, runner.engine, table, copy)
        _swap(runner.engine, model, copies, end)
    except Exception:
        prepare = getattr(model, "prepare", None)
        if prepare is not None:  # its memory ran past the live rows it still serves
            prepare(runner.app, runner.position(model))
        raise
    finally:
        for copy in copies:
            copy.drop(runner.engine, checkfirst=True)
    return applied


def _copy_of(table: Table, token: str) -> Table:
    copy = table.to_metadata(MetaData(), name=f"{table.name}__rb_{token}")
    for index in copy.indexes:  # `index=True` names already follow the table name; explicit ones do not
        if index.name and token not in index.name:
            index.name = quoted_name(f"{index.name}__rb_{token}", None)
    return copy


@dataclass
class Scratch:
    """Where a replay writes: an engine, and the schema its tables are seen under from the live one."""

    engine: Engine
    schema: str
    attach: Path | None = None  # SQLite: the scratch file, attached to the live database as `schema`


@contextmanager
def _scratch(engine: Engine, token: str) -> Iterator[Scratch]:
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gridgov-rebuild-") as folder:
            path = Path(folder) / "scratch.db"
            scratch = create_engine(f"sqlite:///{path}")
            event.listen(scratch, "connect", _throwaway)
            try:
                yield Scratch(scratch, f"scratch_{token}", attach=path)
            finally:
                scratch.dispose()
        return
    schema = f"scratch__rb_{token}"
    with engine.begin() as conn:
        conn.execute(CreateSchema(schema))
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


def _replay(scratch: Runner, end: int, progress: Progress | None) -> int:
    scratch.create_tables()
    applied = done = 0
    while done < end:
        done = min(done + BATCH, end)
        applied += scratch.catch_up(until=done)
        if progress is not None:
            progress(done, end)
    return applied


def _copy_rows(scratch: Scratch, target: Engine, table: Table, copy: Table) -> None:
    """One INSERT … SELECT inside the database: the rows never pass through Python."""
    source = table.to_metadata(MetaData(), schema=scratch.schema)
    with target.connect() as conn:
        if scratch.attach is not None:
            conn.exec_driver_sql(f"ATTACH DATABASE ? AS {scratch.schema}", (str(scratch.attach),))
            conn.commit()
        try:
            conn.execute(insert(copy).from_select([c.name for c in table.columns], select(source)))
            conn.commit()
        finally:
            if scratch.attach is not None:
                conn.rollback()
                conn.exec_driver_sql(f"DETACH DATABASE {scratch.schema}")
                conn.commit()


def _swap(engine: Engine, model: ReadModel, copies: list[Table], position: int) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # else pysqlite runs each DDL statement on its own
        quote = conn.dialect.identifier_preparer.quote
        for table, copy in zip(model.tables, copies, strict=True):
            table.drop(conn, checkfirst=True)
            conn.exec_driver_sql(f"ALTER TABLE {quote(copy.name)} RENAME TO {quote(table.name)}")
        conn.execute(delete(tracking).where(tracking.c.name == model.name))
        if position:  # no row at 0, as the runner expects before its first batch
            conn.execute(insert(tracking).values(name=model.name, position=position))
