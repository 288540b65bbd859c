"""The personal-data vault: one AES-GCM data key per person, wrapped by the master key, kept apart
from the log; destroying a person's key erases their sealed fields everywhere (crypto-shredding).

Sealed text is `v1.` + base64(nonce ‖ ciphertext), the person's id bound in as associated data, so
one person's sealed field cannot be passed off as another's. The keyed hash that finds duplicate
ID numbers is HMAC-SHA256 under a key derived from the master key (HKDF), never the number itself.
SQLite files run with `secure_delete`, so a destroyed key's bytes are overwritten, not left in free
pages, and the WAL is checkpointed and truncated after each erasure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Column, Engine, LargeBinary, MetaData, String, Table, delete, event, insert, select, text
from sqlalchemy.exc import IntegrityError

_metadata = MetaData()
person_keys = Table(
    "person_keys",
    _metadata,
    Column("person_id", String(36), primary_key=True),
    Column("wrapped", LargeBinary, nullable=False),  # nonce ‖ AES-GCM(master, data key)
)
_PREFIX = "v1."


class Vault:
    """Implements `domain.people.vault.PersonalVault` over a SQLAlchemy engine of its own."""

    def __init__(self, engine: Engine, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key is 32 bytes (64 hex characters)")
        self._engine = engine
        self._master = AESGCM(master_key)
        self._hmac_key = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"gridgov id fingerprint").derive(
            master_key
        )
        person_keys.create(engine, checkfirst=True)

    def seal(self, person_id: UUID, fields: dict[str, str]) -> str:
        key = self._key(person_id, create=True)
        assert key is not None
        nonce = os.urandom(12)
        plain = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        sealed = nonce + AESGCM(key).encrypt(nonce, plain, person_id.bytes)
        return _PREFIX + base64.b64encode(sealed).decode()

    def open(self, person_id: UUID, sealed: str) -> dict[str, str] | None:
        key = self._key(person_id, create=False)
        if key is None:
            return None
        raw = base64.b64decode(sealed.removeprefix(_PREFIX))
        try:
            plain = AESGCM(key).decrypt(raw[:12], raw[12:], person_id.bytes)
        except InvalidTag:
            raise ValueError(f"sealed data of person {person_id} does not open with their key") from None
        opened: dict[str, str] = json.loads(plain)
        return opened

    def erase(self, person_id: UUID) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(person_keys).where(person_keys.c.person_id == str(person_id)))
        if self._engine.dialect.name == "sqlite":
            with self._engine.connect() as conn:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def close(self) -> None:
        self._engine.dispose()

    def fingerprint(self, value: str) -> str:
        return hmac.new(self._hmac_key, value.encode(), hashlib.sha256).hexdigest()

    def _key(self, person_id: UUID, *, create: bool) -> bytes | None:
        """Read from the key store every time: a key another process destroyed is gone here too."""
        with self._engine.connect() as conn:
            wrapped = conn.execute(
                select(person_keys.c.wrapped).where(person_keys.c.person_id == str(person_id))
            ).scalar_one_or_none()
        if wrapped is None and create:
            wrapped = self._new_key(person_id)
        return None if wrapped is None else self._master.decrypt(wrapped[:12], wrapped[12:], person_id.bytes)

    def _new_key(self, person_id: UUID) -> bytes:
        nonce = os.urandom(12)
        wrapped = nonce + self._master.encrypt(nonce, AESGCM.generate_key(bit_length=256), person_id.bytes)
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(person_keys).values(person_id=str(person_id), wrapped=wrapped))
        except IntegrityError:  # another process made it first: use theirs
            with self._engine.connect() as conn:
                stored: bytes = conn.execute(
                    select(person_keys.c.wrapped).where(person_keys.c.person_id == str(person_id))
                ).scalar_one()
            return stored
        return wrapped


def secure_delete(engine: Engine) -> None:
    """SQLite overwrites deleted content with zeros, so erased data leaves no bytes in free pages."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
