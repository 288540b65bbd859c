"""Rows of the joint-review list: one per review, one per reviewing unit's verdict."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Integer, String, Table, Text

from projections.tables import UtcDateTime, metadata

reviews = Table(
    "rm_reviews",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("person_id", String(36), nullable=False, index=True),
    Column("round", String(16), nullable=False, index=True),
    Column("post", String(16), nullable=False),
    Column("node", String(40), nullable=False, index=True),  # the community
    Column("street", String(40), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("units", Integer, nullable=False),
    Column("answered", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("overdue", Integer, nullable=False),  # units recorded as overdue (超期)
    Column("escalations", Integer, nullable=False),
    Column("deadlines", JSON, nullable=False),
    Column("next_due", UtcDateTime(), index=True),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("completed_at", UtcDateTime()),
    Column("position", BigInteger, nullable=False),
)

verdicts = Table(
    "rm_review_verdicts",
    metadata,
    Column("review_id", String(36), primary_key=True),
    Column("unit", String(40), primary_key=True),
    Column("verdict", String(8)),  # NULL: not answered yet
    Column("basis", Text),
    Column("answered_at", UtcDateTime()),
    Column("answered_by", String(40)),
)
