"""API client commands: register (the key is handed out once), revoke, and the key check every
Open311 request goes through."""

from __future__ import annotations

import re
import secrets
from contextlib import suppress
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from domain.application_base import ApplicationBase
from domain.clients.model import ApiClient
from domain.shared.errors import ForbiddenError, NotFoundError
from domain.stored_topics import names_topic

# `<32 hex digits>.<token_urlsafe secret>`: checked before anything is loaded, so a stranger's
# string never reaches the store, and a refusal never has to echo it.
_KEY = re.compile(r"(?P<id>[0-9a-fA-F]{32})\.(?P<secret>[A-Za-z0-9_-]{16,128})")
_SECRET_BYTES = 24  # 192 bits, 32 characters


class ClientCommands(ApplicationBase):
    def register_client(self, *, name: str, actor: str, reason: str) -> tuple[ApiClient, str]:
        """The new client and its key: `<id hex>.<secret>`, shown this once (only a hash is kept)."""
        secret = secrets.token_urlsafe(_SECRET_BYTES)
        client = ApiClient.register(
            client_id=uuid4(), name=name, secret=secret, actor=actor, reason=reason, at=self.clock.now()
        )
        self.commit(client)
        return client, f"{client.id.hex}.{secret}"

    def revoke_client(
        self, client_id: UUID, *, actor: str, reason: str, expected_version: int | None = None
    ) -> ApiClient:
        """Revokes the key for good (a second revocation is a conflict); register anew to replace it."""
        client = self._expect(self.api_client(client_id), expected_version)
        client.revoke(actor=actor, reason=reason, at=self.clock.now())
        self.commit(client)
        return client

    def api_client(self, client_id: UUID) -> ApiClient:
        """The client as it is now. The id is checked to be a client's before it is loaded: a key can
        name any aggregate's id, and nothing else (a person's sealed data) is decoded for it."""
        first = self.recorder.select_events(client_id, limit=1)
        if first and names_topic(first[0].topic, ApiClient.Registered.TOPIC):
            self.log_head.current()
            with suppress(AggregateNotFoundError):
                client: object = self.repository.get(client_id)
                if isinstance(client, ApiClient):
                    return client
        raise NotFoundError(f"no API client {client_id}", field="client_id")

    def client_for_key(self, key: str) -> ApiClient:
        """The client a key belongs to, or ForbiddenError saying whether the key is malformed, unknown
        or revoked (never echoing it). A wrong secret for a real id reads as unknown."""
        match = _KEY.fullmatch(key) if len(key) <= 200 else None
        if match is None:
            raise ForbiddenError(
                "malformed API key: send the key as it was issued, <32 hex digits>.<secret>", field="api_key"
            )
        try:
            client = self.api_client(UUID(hex=match["id"]))
        except NotFoundError:
            client = None
        if client is None or not client.holds(match["secret"]):
            raise ForbiddenError(
                "unknown API key: ask the administrator for the key issued to your system", field="api_key"
            )
        if client.revoked_at is not None:
            raise ForbiddenError(
                f"the API key of {client.name!r} was revoked at {client.revoked_at.isoformat()}: "
                "ask the administrator for a new one",
                field="api_key",
            )
        return client
