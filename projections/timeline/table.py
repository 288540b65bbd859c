"""Rows of the issue timeline."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, String, Table, Text

from projections.tables import UtcDateTime, metadata

timeline = Table(
    "rm_issue_timeline",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("issue_id", String(36), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("actor", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("department", String(40)),
    Column("summary_zh", Text, nullable=False),
    Column("summary_en", Text, nullable=False),
    Column("data", JSON, nullable=False),
)
