"""Rows of the API client register: one per client, revoked ones kept with who, when and why."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table

from domain.clients.model import MAX_NAME, MAX_REASON
from projections.tables import UtcDateTime, metadata

api_clients = Table(
    "rm_api_clients",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(MAX_NAME), nullable=False),
    Column("registered_at", UtcDateTime(), nullable=False, index=True),
    Column("registered_by", String(40), nullable=False),
    Column("revoked_at", UtcDateTime()),  # NULL: the key works
    Column("revoked_by", String(40)),
    Column("revoke_reason", String(MAX_REASON)),
    Column("version", Integer, nullable=False),  # the aggregate's, for If-Match
    Column("position", BigInteger, nullable=False),
)
