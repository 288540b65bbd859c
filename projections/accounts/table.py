"""Rows of the account list read model."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, DateTime, String, Table

from projections.tables import metadata

accounts = Table(
    "rm_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("grants", JSON, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
)
