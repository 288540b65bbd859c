"""Editing the stored event rows directly, as a database administrator could, to test detection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from api.settings import Settings


@contextmanager
def _cursor(settings: Settings) -> Iterator[tuple[Any, str, str]]:
    """A cursor on the event store, the table name, and the column holding the log position."""
    if settings.is_postgres:
        with psycopg.connect(settings.event_store_url, autocommit=True) as conn:
            yield conn.cursor(), "gridgov_events", "notification_id"
        return
    conn = sqlite3.connect(settings.event_store_env()["SQLITE_DBNAME"])
    try:
        yield conn.cursor(), "stored_events", "rowid"
        conn.commit()
    finally:
        conn.close()


def _mark(settings: Settings) -> str:
    return "%s" if settings.is_postgres else "?"


def state_at(settings: Settings, position: int) -> bytes:
    with _cursor(settings) as (cur, table, column):
        cur.execute(f"SELECT state FROM {table} WHERE {column} = {_mark(settings)}", (position,))
        return bytes(cur.fetchone()[0])


def set_state(settings: Settings, position: int, state: bytes) -> None:
    with _cursor(settings) as (cur, table, column):
        cur.execute(
            f"UPDATE {table} SET state = {_mark(settings)} WHERE {column} = {_mark(settings)}", (state, position)
        )


def set_column(settings: Settings, position: int, column: str, value: Any) -> None:
    """Writes what no recorder would: a NULL, or (SQLite, whose columns take any type) the wrong type."""
    assert column in ("originator_id", "originator_version", "topic", "state")
    with _cursor(settings) as (cur, table, key):
        mark = _mark(settings)
        cur.execute(f"UPDATE {table} SET {column} = {mark} WHERE {key} = {mark}", (value, position))


def delete_row(settings: Settings, position: int) -> None:
    with _cursor(settings) as (cur, table, column):
        cur.execute(f"DELETE FROM {table} WHERE {column} = {_mark(settings)}", (position,))


def swap_states(settings: Settings, first: int, second: int) -> None:
    a, b = state_at(settings, first), state_at(settings, second)
    set_state(settings, first, b)
    set_state(settings, second, a)
