"""Rows of the monitoring board and of the household standards checks."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Date, Float, Index, Integer, String, Table

from projections.tables import UtcDateTime, metadata

# One row per monitoring case, as it is now; `next_due` is its soonest running deadline (NULL: none).
cases = Table(
    "rm_monitoring_cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("household_id", String(36), nullable=False, index=True),
    Column("node", String(40), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("community", String(40), index=True),
    Column("compound", String(40), index=True),
    Column("building", String(40), index=True),
    Column("owner", String(40), nullable=False, index=True),
    Column("category", String(24), nullable=False, index=True),
    Column("source", String(24), nullable=False),
    Column("status", String(24), nullable=False, index=True),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("deadlines", JSON, nullable=False),
    Column("next_due", UtcDateTime(), index=True),
    Column("pipeline_due", UtcDateTime(), nullable=False),
    Column("notice_until", UtcDateTime()),
    Column("missed", Integer, nullable=False),  # deadlines recorded as missed (超期次数)
    Column("escalations", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
)

# One row per item check of a household (valid time `checked_on`, recorded at log `position`).
standard_checks = Table(
    "rm_standard_checks",
    metadata,
    Column("household_id", String(36), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("item", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("measure", Float),
    Column("checked_on", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("checker", String(40), nullable=False),
    Column("node", String(40), nullable=False),
    Column("street", String(40), nullable=False),
    Column("community", String(40)),
    Column("compound", String(40)),
    Column("building", String(40)),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ix_rm_standard_checks_street", "street", "checked_on"),
    Index("ix_rm_standard_checks_community", "community", "checked_on"),
)
