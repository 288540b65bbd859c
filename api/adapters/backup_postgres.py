"""PostgreSQL stores' backup: the log and the key store read in REPEATABLE READ snapshots into the
backup's SQLite files, and loaded back with COPY.

Why not `pg_dump`: a dump is bytes in pg_dump's own format, so the Merkle root over the copy, which the
backup signs, could only be computed by restoring it somewhere first; pg_dump refuses a server of a newer
major version than itself; and a restore would need `pg_restore` of a matching version too. Read in
one transaction, the rows are the log exactly as of one snapshot (the count for the progress bar and
the rows agree), the server keeps serving (plain reads take no lock that a writer waits for), and the
copy has one format on both backends. `pg_dump` of the whole database remains a fine second line of
defence: see docs/operations.md.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from api.adapters.backup_files import (
    EVENTS_DDL,
    EVENTS_FILE,
    EVENTS_TABLE,
    KEYS_DDL,
    KEYS_FILE,
    Progress,
    count_in,
    events_in,
    keys_in,
)

BATCH = 1000
TABLE = "gridgov_events"  # the eventsourcing PostgreSQL recorder's table for the application "gridgov"
COLUMNS = "notification_id, originator_id, originator_version, topic, state"


def copy_events(url: str, folder: Path, progress: Progress) -> None:
    with _snapshot(url) as source, closing(sqlite3.connect(folder / EVENTS_FILE)) as target:
        target.execute(EVENTS_DDL)
        counted = source.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
        total, done = int(counted[0]) if counted else 0, 0
        with source.cursor(name="gridgov_backup") as rows:  # server-side: streamed, not held in memory
            rows.execute(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY notification_id")
            while batch := rows.fetchmany(BATCH):
                target.executemany(
                    f"INSERT INTO {EVENTS_TABLE} (rowid, originator_id, originator_version, topic, state) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(n, UUID(str(o)).hex, v, t, bytes(s)) for n, o, v, t, s in batch],
                )
                done += len(batch)
                progress("copying the event store", done, total)
        target.commit()


def copy_keys(url: str, folder: Path) -> None:
    with _snapshot(url) as source, closing(sqlite3.connect(folder / KEYS_FILE)) as target:
        target.execute(KEYS_DDL)
        target.executemany(
            "INSERT INTO person_keys VALUES (?, ?)", source.execute("SELECT person_id, wrapped FROM person_keys")
        )
        target.commit()


def load_events(url: str, folder: Path, progress: Progress) -> None:
    """COPY into the (empty) table bootstrap created; then the position sequence continues after the last."""
    total, last = count_in(folder / EVENTS_FILE, EVENTS_TABLE), 0
    with psycopg.connect(_plain(url)) as conn:
        with conn.cursor().copy(f"COPY {TABLE} ({COLUMNS}) FROM STDIN") as copy:
            for done, (position, originator, version, topic, state) in enumerate(events_in(folder / EVENTS_FILE), 1):
                copy.write_row((position, UUID(originator), version, topic, state))
                last = position
                if done % BATCH == 0 or done == total:
                    progress("restoring the event store", done, total)
        sequence = f"pg_get_serial_sequence('{TABLE}', 'notification_id')"
        conn.execute(f"SELECT setval({sequence}, %s, %s)", (max(last, 1), last > 0))


def load_keys(url: str, folder: Path) -> None:
    with (
        psycopg.connect(_plain(url)) as conn,
        conn.cursor().copy("COPY person_keys (person_id, wrapped) FROM STDIN") as copy,
    ):
        for row in keys_in(folder / KEYS_FILE):
            copy.write_row(row)


def _snapshot(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A connection whose transaction (opened by its first statement, closed with it) reads one snapshot."""
    conn = psycopg.connect(_plain(url))
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    return conn


def _plain(url: str) -> str:
    """psycopg takes the libpq form of the SQLAlchemy URLs the key store is configured with."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)
