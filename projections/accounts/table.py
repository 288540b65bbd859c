"""Rows of the account list read model."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, String, Table

from projections.tables import UtcDateTime, metadata

accounts = Table(
    "rm_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("grants", JSON, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
    Column("position", BigInteger, nullable=False),
)
