"""The embedded stores' backup: SQLite's online backup API while the service writes, and rows back in.

The backup API copies a whole database file inside one read transaction; in WAL mode (which the
recorder and the read-model engines switch on) readers never block the writer, so reports keep being
acknowledged while the copy runs, and the copy is the file exactly as of that transaction's start.
It is taken in one step: a copy made page batch by page batch restarts whenever another connection
writes, and under a steady stream of reports it might never finish.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from api.adapters.backup_files import EVENT_COLUMNS, EVENTS_FILE, EVENTS_TABLE, KEYS_FILE, read_only


def copy_file(live: Path, copy: Path) -> None:
    with closing(read_only(live)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)  # pages=-1: every page in one step, one read snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, as hashed: no -wal beside it


def load_events(store: Path, folder: Path) -> None:
    """Into the (empty) table bootstrap created, every event at its position (the rowid)."""
    _insert_from(
        store,
        folder / EVENTS_FILE,
        f"INSERT INTO main.{EVENTS_TABLE} (rowid, {EVENT_COLUMNS}) "
        f"SELECT rowid, {EVENT_COLUMNS} FROM backup.{EVENTS_TABLE} ORDER BY rowid",
    )


def load_keys(store: Path, folder: Path) -> None:
    _insert_from(
        store,
        folder / KEYS_FILE,
        "INSERT INTO main.person_keys (person_id, wrapped) SELECT person_id, wrapped FROM backup.person_keys",
    )


def _insert_from(store: Path, source: Path, statement: str) -> None:
    with closing(sqlite3.connect(store.resolve().as_uri(), uri=True, timeout=30)) as conn:
        conn.execute("ATTACH DATABASE ? AS backup", (f"{source.resolve().as_uri()}?mode=ro",))
        with conn:  # one transaction: all the rows or none
            conn.execute(statement)
        conn.execute("DETACH DATABASE backup")
