"""The audit trail: one row per event, with who, in which role, on what, where, and why."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, String, Table, Text

from projections.tables import UtcDateTime, metadata

trail = Table(
    "rm_audit_trail",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime(), nullable=False, index=True),
    Column("actor", String(40), nullable=False, index=True),
    Column("roles", Text, nullable=False),
    Column("kind", String(60), nullable=False, index=True),
    Column("entity_kind", String(30), nullable=False),
    Column("entity_id", String(60), nullable=False, index=True),
    Column("node", String(40), index=True),
    Column("node_path", Text),
    Column("reason", Text, nullable=False),
    Column("summary_zh", Text, nullable=False),
    Column("summary_en", Text, nullable=False),
    Column("payload", JSON, nullable=False),
)
