"""API client requests and responses; the key appears in one answer only, the registration's."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Reason
from domain.clients.model import MAX_NAME


class RegisterClient(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_NAME, description=f"the client system, 1–{MAX_NAME} characters")
    reason: Reason


class RevokeClient(BaseModel):
    reason: Reason


class ApiClientOut(BaseModel):
    id: UUID
    name: str
    registered_at: datetime
    registered_by: str
    revoked: bool
    revoked_at: datetime | None
    revoked_by: str | None
    revoke_reason: str | None
    version: int = Field(description='send it back as If-Match: "<version>" to revoke only what you saw')


class RegisteredClient(ApiClientOut):
    key: str = Field(description="the client's api_key, shown this once: only a hash of it is kept")


class ApiClientPage(BaseModel):
    total: int
    items: list[ApiClientOut]
