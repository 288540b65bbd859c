"""The photo store in a backup and in a move to PostgreSQL: the `photos` table copied row for row, and checked.

Nothing in the log can rebuild a photo (events hold only its hash), so the rows themselves must travel.
They go through SQLAlchemy and the photo store's own Table, so one copy serves the backup (live store
to `photos.db`), the restore (`photos.db` to the new store) and the migration (SQLite to PostgreSQL),
and the upload times keep their type on each backend. The copy is one SELECT, and one statement reads
one snapshot on both backends (SQLite in WAL mode, PostgreSQL at any isolation level): uploads go on
while it runs, and the copy is the table as of one moment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, inspect, select
from sqlalchemy.pool import NullPool

from api.adapters.backup_files import read_only
from api.adapters.photos import photos

PHOTOS_FILE = "photos.db"
BATCH = 16  # photos are up to 5 MiB each: a batch in memory stays under 80 MiB


@contextmanager
def photo_file(path: Path, *, writable: bool = False) -> Iterator[Engine]:
    """A backup's photo file; read-only unless written, so checking a backup never changes the bytes it hashed."""
    engine = (
        create_engine(f"sqlite:///{path}", poolclass=NullPool)
        if writable
        else create_engine("sqlite://", creator=lambda: read_only(path), poolclass=NullPool)
    )
    try:
        yield engine
    finally:
        engine.dispose()


def copy_photos(source: Engine, target: Engine) -> int:
    """Every stored photo into the target's table (created if missing), all or none; returns how many.

    A store where nobody uploaded a photo yet has no table (it is made on first use): nothing to copy."""
    photos.create(target, checkfirst=True)
    if not inspect(source).has_table(photos.name):
        return 0
    copied = 0
    with source.connect() as reading, target.begin() as writing:
        rows = reading.execution_options(stream_results=True, yield_per=BATCH).execute(select(photos))
        for batch in rows.partitions():
            writing.execute(insert(photos), [dict(row._mapping) for row in batch])
            copied += len(batch)
    return copied


def stored_hashes(engine: Engine) -> set[str]:
    if not inspect(engine).has_table(photos.name):
        return set()
    with engine.connect() as conn:
        return set(conn.execute(select(photos.c.sha256)).scalars())


def unsound_photos(engine: Engine) -> list[str]:
    """The hashes whose stored bytes hash to something else: a photo that rotted or was altered.

    Serving it would show a picture other than the one the events name."""
    if not inspect(engine).has_table(photos.name):
        return []
    query = select(photos.c.sha256, photos.c.content).order_by(photos.c.sha256)
    with engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
        return [key for key, content in rows if hashlib.sha256(content).hexdigest() != key]
