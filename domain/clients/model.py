"""The API client aggregate: a system outside gridgov (a city platform, a hotline) that sends
Open311 service requests with a key.

The key is `<client id hex>.<secret>`; only a SHA-256 of the secret is ever recorded, so the log,
its backups and its audit exports can hand out no working key. A plain hash suffices (no argon2):
the secret is 192 random bits, nothing a dictionary or a GPU could guess.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.shared.errors import ConflictError, InvalidInputError

MAX_NAME = 80
MAX_REASON = 500  # as every reason the API takes


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiClient(Aggregate):
    """A client system and its key (接入系统): registered, later perhaps revoked, never deleted."""

    TOPIC = "gridgov.clients:ApiClient"

    class Event(Aggregate.Event):
        """Every client fact says who did it and why."""

        actor: str
        reason: str

    class Registered(Event, Aggregate.Created):
        """A client system was registered and handed its key once (接入系统登记); only the secret's hash is kept."""

        TOPIC = "gridgov.clients:ApiClient.Registered"
        name: str
        secret_hash: str

    Created = Registered

    class Revoked(Event):
        """The client's key was revoked (停用密钥): every request with it is refused from now on."""

        TOPIC = "gridgov.clients:ApiClient.Revoked"

        def apply(self, client: Any) -> None:
            client.revoked_at, client.revoked_by, client.revoke_reason = self.timestamp, self.actor, self.reason

    def __init__(self, name: str, secret_hash: str, actor: str, timestamp: datetime) -> None:
        """Applies Registered: the library passes the event's fields this names, on every replay."""
        self.name = name
        self.secret_hash = secret_hash
        self.registered_by = actor
        self.registered_at = timestamp
        self.revoked_at: datetime | None = None
        self.revoked_by: str | None = None
        self.revoke_reason: str | None = None

    @classmethod
    def register(cls, *, client_id: UUID, name: str, secret: str, actor: str, reason: str, at: datetime) -> ApiClient:
        name = name.strip()
        if not 1 <= len(name) <= MAX_NAME:
            raise InvalidInputError(f"a client's name is 1–{MAX_NAME} characters", field="name")
        return cls._create(
            cls.Registered, id=client_id, timestamp=at, name=name, secret_hash=secret_hash(secret), actor=actor,
            reason=_reason(reason),
        )  # fmt: skip

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def holds(self, secret: str) -> bool:
        """Whether `secret` is this client's, compared in constant time."""
        return hmac.compare_digest(secret_hash(secret), self.secret_hash)

    def revoke(self, *, actor: str, reason: str, at: datetime) -> None:
        if self.revoked_at is not None:
            raise ConflictError(
                f"API client {self.name!r} was already revoked at {self.revoked_at.isoformat()} by {self.revoked_by}",
                field="client_id",
            )
        self.trigger_event(self.Revoked, timestamp=at, actor=actor, reason=_reason(reason))


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not 1 <= len(reason) <= MAX_REASON:
        raise InvalidInputError(f"give a reason of 1–{MAX_REASON} characters", field="reason")
    return reason


CLIENT_TOPICS: tuple[str, ...] = (ApiClient.Registered.TOPIC, ApiClient.Revoked.TOPIC)
