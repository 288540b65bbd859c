"""The photo store: images kept by the SHA-256 of their bytes, in a table of the read-model database.

Events record only the hash and a file name, so the log stays small and an erased or replaced photo
never rewrites history. The table is not a projection: nothing in the log could rebuild it, so it
lives in its own metadata, outside every read model's tables, and no rebuild drops it. Every API
process reaches it through the same database.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Engine, Integer, LargeBinary, MetaData, String, Table, insert, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from domain.shared.errors import InvalidInputError
from projections.tables import UtcDateTime

MAX_BYTES = 5 << 20  # a phone photo, scaled down by the console before upload, is far below this

metadata = MetaData()
photos = Table(
    "photos",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(16), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", String(40), nullable=False),  # the first uploader: later equal uploads add nothing
    Column("uploaded_at", UtcDateTime(), nullable=False),
)

# The formats a phone camera or a browser's canvas produces, by their leading bytes: a client's
# Content-Type or file name is never trusted, since it is what a disguised file would lie about.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (8, b"WEBP", "image/webp"),
)
MEDIA_TYPES = tuple(media for _, _, media in _SIGNATURES)


def sniff(content: bytes) -> str | None:
    """The image type the bytes themselves declare, or None for anything else."""
    for offset, magic, media_type in _SIGNATURES:
        if content[offset : offset + len(magic)] == magic and (media_type != "image/webp" or content[:4] == b"RIFF"):
            return media_type
    return None


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    media_type: str
    size: int
    content: bytes


@dataclass(frozen=True)
class PhotoStore:
    engine: Engine

    def put(self, content: bytes, media_type: str, *, by: str, at: datetime) -> tuple[str, bool]:
        """Stores the bytes once; returns their hash and whether they were new."""
        digest = hashlib.sha256(content).hexdigest()
        if self._has(digest):
            return digest, False
        row = dict(sha256=digest, media_type=media_type, size=len(content), content=content)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(photos).values(**row, uploaded_by=by, uploaded_at=at))
        except IntegrityError:  # the same bytes, uploaded at the same moment by someone else
            return digest, False
        return digest, True

    def get(self, sha256: str) -> StoredPhoto | None:
        query = select(photos.c.sha256, photos.c.media_type, photos.c.size, photos.c.content)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(photos.c.sha256 == sha256)).first()
        return None if row is None else StoredPhoto(row.sha256, row.media_type, row.size, bytes(row.content))

    def require(self, hashes: Iterable[str], *, field: str = "attachments") -> None:
        """Refuses a reference to a photo that was never uploaded: the event would point at nothing."""
        wanted = set(hashes)
        if not wanted:
            return
        with self.engine.connect() as conn:
            found = set(conn.execute(select(photos.c.sha256).where(photos.c.sha256.in_(wanted))).scalars())
        if missing := sorted(wanted - found):
            raise InvalidInputError(
                f"no photo {', '.join(missing)} is stored: upload each file at POST /api/v1/photos first "
                "and send the sha256 it answers",
                field=field,
            )

    def _has(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(photos.c.sha256).where(photos.c.sha256 == sha256)).first() is not None


_ready: weakref.WeakKeyDictionary[Engine, PhotoStore] = weakref.WeakKeyDictionary()
_creating = threading.Lock()


def photo_store(engine: Engine) -> PhotoStore:
    """The store on this database, its table created on first use by this process."""
    with _creating:
        store = _ready.get(engine)
        if store is None:
            try:
                photos.create(engine, checkfirst=True)
            except DBAPIError:
                if not inspect(engine).has_table(photos.name):
                    raise  # not another process creating it between our check and our CREATE
            store = _ready[engine] = PhotoStore(engine)
    return store
