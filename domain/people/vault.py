"""The port through which people's personal data is sealed: the domain never holds a key or a cipher.

Each person's fields are encrypted with that person's own data key; destroying the key erases the
fields everywhere they were copied (crypto-shredding) while the log and its proofs stay intact.
The adapter (`api/adapters/vault.py`) keeps the keys apart from the log, wrapped by a master key.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class PersonalVault(Protocol):
    def seal(self, person_id: UUID, fields: dict[str, str]) -> str:
        """Encrypts `fields` under the person's key (made on first use) and returns the sealed text."""
        ...

    def open(self, person_id: UUID, sealed: str) -> dict[str, str] | None:
        """The fields, or None once the person's key is destroyed (erased)."""
        ...

    def erase(self, person_id: UUID) -> None:
        """Destroys the person's key for good; idempotent."""
        ...

    def fingerprint(self, value: str) -> str:
        """A keyed hash (HMAC) of an identifying value: finds duplicates without storing the value."""
        ...


class NoVault:
    """Until a vault is given, nothing personal can be recorded."""

    def _refuse(self) -> None:
        raise RuntimeError("no personal-data vault configured: build the application through api.bootstrap")

    def seal(self, person_id: UUID, fields: dict[str, str]) -> str:
        self._refuse()
        return ""

    def open(self, person_id: UUID, sealed: str) -> dict[str, str] | None:
        self._refuse()
        return None

    def erase(self, person_id: UUID) -> None:
        self._refuse()

    def fingerprint(self, value: str) -> str:
        self._refuse()
        return ""
