"""The two data files of a backup, the same on both backends: the log and the key store as SQLite files.

One format whatever the source: `events.db` is laid out as the embedded store's own event file (the
rowid is the log position), so `sqlite3` alone can read a backup, and one reader computes the Merkle
root over any backup. Files are opened read-only (a URI with `mode=ro`), so reading a backup never
changes the bytes its manifest hashed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

EVENTS_FILE = "events.db"
KEYS_FILE = "keys.db"
EVENTS_TABLE = "stored_events"  # the eventsourcing SQLite recorder's table
# The library's own DDL for that table, so a copy taken from PostgreSQL has the embedded store's layout.
EVENTS_DDL = (
    f"CREATE TABLE {EVENTS_TABLE} (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
    "PRIMARY KEY (originator_id, originator_version))"
)
KEYS_DDL = "CREATE TABLE person_keys (person_id VARCHAR(36) NOT NULL PRIMARY KEY, wrapped BLOB NOT NULL)"
EVENT_COLUMNS = "originator_id, originator_version, topic, state"

Row = tuple[int, str, int, str, bytes]  # position, originator id (hex), version, topic, state as stored
Progress = Callable[[str, int, int | None], None]  # what is being done, how far, out of how many (None: unknown)


def sqlite_file(url: str) -> Path | None:
    """The file of a `sqlite:///` URL (the settings' form for every embedded store), else None."""
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(path)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def events_in(path: Path) -> Iterator[Row]:
    """The copied log in log order, streamed."""
    with closing(read_only(path)) as conn:
        yield from conn.execute(f"SELECT rowid, {EVENT_COLUMNS} FROM {EVENTS_TABLE} ORDER BY rowid")


def keys_in(path: Path) -> Iterator[tuple[str, bytes]]:
    with closing(read_only(path)) as conn:
        yield from conn.execute("SELECT person_id, wrapped FROM person_keys ORDER BY person_id")


def count_in(path: Path, table: str) -> int:
    with closing(read_only(path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
