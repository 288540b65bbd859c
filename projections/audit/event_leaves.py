"""Leaf hashes straight from the event store's rows: a raw cursor, large batches, no Notification.

The bytes hashed are exactly `leaf_hash(record_of(notification))` (verifier/record.py): the row's
state as stored (plain or zlib-compressed), the originator id as the 16 bytes of the UUID the
recorder would have built. Reading a range needs only a `StoreAddress`, so that a worker process
opens its own connection to the same store.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.adapt import Loader
from psycopg.conninfo import make_conninfo
from psycopg.pq import Format
from psycopg.rows import tuple_row

from verifier.record import PREFIX

_LEAF = b"\x00" + PREFIX  # leaf_hash's prefix, then encode_record's
_HEAD = struct.Struct(">Q16sQ")  # position, originator id, version
_SIZE = struct.Struct(">I")
# The leaf of a row no recorder writes (a NULL; on SQLite a value of the wrong type): a digest under
# a prefix neither leaves (0x00) nor nodes (0x01) use, so it matches no stored leaf and the
# comparison names the row's position as altered.
UNREADABLE = sha256(b"\x02a row no recorder writes").digest()
_SQLITE = "SELECT rowid, originator_id, originator_version, topic, state FROM {} WHERE rowid > ? AND rowid <= ? "
_POSTGRES = (
    "SELECT notification_id, originator_id, originator_version, topic, state FROM {}.{} "
    "WHERE notification_id > %s AND notification_id <= %s "
)


@dataclass(frozen=True)
class Leaves:
    """Leaves in log order, positions and hashes side by side, so that runs of them compare as whole lists."""

    positions: list[int]
    hashes: list[bytes]


@dataclass(frozen=True)
class StoreAddress:
    """Where the events are, in plain data a worker process can receive: a SQLite file, or PostgreSQL."""

    table: str
    sqlite_path: str = ""
    postgres: tuple[tuple[str, str], ...] = ()  # psycopg connection keywords
    schema: str = "public"

    @property
    def shareable(self) -> bool:
        return bool(self.postgres) or _file_backed(self.sqlite_path)


def _file_backed(path: str) -> bool:
    return bool(path) and ":memory:" not in path and "mode=memory" not in path


def address_of(recorder: ApplicationRecorder) -> StoreAddress:
    if isinstance(recorder, PostgresApplicationRecorder):
        keywords = recorder.datastore.pool.kwargs
        assert isinstance(keywords, dict)
        given = tuple((k, str(v)) for k, v in keywords.items() if k in ("dbname", "host", "port", "user", "password"))
        return StoreAddress(recorder.events_table_name, postgres=given, schema=recorder.datastore.schema)
    if isinstance(recorder, SQLiteApplicationRecorder):
        return StoreAddress(recorder.events_table_name, sqlite_path=recorder.datastore.pool.db_name)
    raise TypeError(f"verification reads SQLite or PostgreSQL rows, not {type(recorder).__name__}")


def uuid_bytes(text: str) -> bytes:
    """What `UUID(text).bytes` gives, without the object when the text is the stored 32 hex digits."""
    if len(text) == 32:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = b""
        if len(raw) == 16:
            return raw
    return UUID(text).bytes


def hash_rows(rows: Sequence[tuple[Any, ...]], ident: Callable[[Any], bytes]) -> Leaves:
    """The leaves of (position, originator id, version, topic, state) rows."""
    hashes: list[bytes] = []
    append, pack, size = hashes.append, _HEAD.pack, _SIZE.pack
    names: dict[str, bytes] = {}  # a log has a few dozen topics
    ids: dict[Any, bytes] = {}  # and an aggregate's events share its id
    for position, originator, version, topic, state in rows:
        try:
            name = names.get(topic) or names.setdefault(topic, _named(topic))
            key = ids.get(originator) or ids.setdefault(originator, ident(originator))
            append(sha256(b"".join((_LEAF, pack(position, key, version), name, size(len(state)), state))).digest())
        except (TypeError, ValueError, AttributeError, struct.error):
            append(UNREADABLE)
    return Leaves([row[0] for row in rows], hashes)


def _named(topic: str) -> bytes:
    name = topic.encode()
    return _SIZE.pack(len(name)) + name


class _UUIDAsBytes(Loader):
    """PostgreSQL's binary uuid is the 16 bytes the record holds: no UUID object on the way."""

    format = Format.BINARY

    def load(self, data: Any) -> bytes:
        return bytes(data)


@contextmanager
def own_cursor(recorder: ApplicationRecorder) -> Iterator[tuple[Any, str, Callable[[Any], bytes]]]:
    """A raw cursor on the recorder's own connection, the range query, and the id conversion."""
    if isinstance(recorder, PostgresApplicationRecorder):
        with recorder.datastore.get_connection() as conn:
            yield _postgres_cursor(conn), _postgres_query(address_of(recorder)), bytes
        return
    assert isinstance(recorder, SQLiteApplicationRecorder)
    with recorder.datastore.transaction(commit=False) as wrapped:
        cursor = wrapped.sqlite_cursor
        cursor.row_factory = None  # plain tuples, not sqlite3.Row
        yield cursor, _SQLITE.format(recorder.events_table_name), uuid_bytes


@contextmanager
def cursor_at(address: StoreAddress) -> Iterator[tuple[Any, str, Callable[[Any], bytes]]]:
    """The same, on a connection of its own (in a worker process)."""
    if address.postgres:
        with psycopg.connect(make_conninfo(**dict(address.postgres)), autocommit=True) as conn:
            yield _postgres_cursor(conn), _postgres_query(address), bytes
        return
    file = sqlite3.connect(address.sqlite_path, uri=True)
    try:
        yield file.cursor(), _SQLITE.format(address.table), uuid_bytes
    finally:
        file.close()


def _postgres_cursor(conn: psycopg.Connection[Any]) -> Any:
    cursor = conn.cursor(binary=True, row_factory=tuple_row)
    cursor.adapters.register_loader("uuid", _UUIDAsBytes)
    return cursor


def _postgres_query(address: StoreAddress) -> str:
    return _POSTGRES.format(_quoted(address.schema), _quoted(address.table))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def leaves_between(
    cursor: Any, query: str, ident: Callable[[Any], bytes], after: int, last: int, batch: int
) -> Iterator[Leaves]:
    """The leaves of positions after..last, one `Leaves` per batch of rows."""
    for rows in pages(cursor, query + "ORDER BY 1 LIMIT " + str(int(batch)), after, last, batch):
        yield hash_rows(rows, ident)


def pages(cursor: Any, statement: str, after: int, last: int, batch: int) -> Iterator[list[Any]]:
    """The rows of a statement bounded by `after < key <= last` and ordered by that key (its first
    column), `batch` at a time.

    On PostgreSQL the next page is fetched in a thread while the caller works on this one: the
    server reads and sends it meanwhile, and psycopg holds no GIL while it waits. SQLite reads in
    the caller's thread, as its module gives up the GIL around every row and column, which a busy
    thread would stall.
    """
    found = _pages(cursor, statement, after, last, batch)
    return _ahead(found) if isinstance(cursor, psycopg.Cursor) else found


def _pages(cursor: Any, statement: str, after: int, last: int, batch: int) -> Iterator[list[Any]]:
    while True:
        cursor.execute(statement, (after, last))
        rows = cursor.fetchall()
        if rows:
            yield rows
        if len(rows) < batch:
            return
        after = rows[-1][0]


def _ahead(pages: Iterator[list[Any]]) -> Iterator[list[Any]]:
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(next, pages, None)
        while (rows := pending.result()) is not None:
            pending = pool.submit(next, pages, None)
            yield rows


def leaves_at(address: StoreAddress, after: int, last: int, batch: int) -> Leaves:
    """A worker's task: the leaves of one range of positions, read on its own connection."""
    whole = Leaves([], [])
    with cursor_at(address) as (cursor, query, ident):
        for part in leaves_between(cursor, query, ident, after, last, batch):
            whole.positions.extend(part.positions)
            whole.hashes.extend(part.hashes)
    return whole
