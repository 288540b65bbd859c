"""Rows of the rectification cases and their ledger items (整改台账)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, String, Table

from projections.tables import UtcDateTime, metadata

# One row per case, as it is now; flags are derived at query time from the items and the day asked about.
cases = Table(
    "rm_rectification_cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("target_kind", String(24), nullable=False, index=True),
    Column("target_id", String(64), nullable=False),
    Column("node", String(40), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("community", String(40), index=True),
    Column("compound", String(40), index=True),
    Column("building", String(40), index=True),
    Column("criterion", String(40), nullable=False),
    Column("stage", String(32), nullable=False, index=True),
    Column("deadline", Date),
    Column("reinspect_on", Date),
    Column("identified_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("position", BigInteger, nullable=False),
)

# One row per ledger item, as it is now.
items = Table(
    "rm_rectification_items",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("item_id", String(16), primary_key=True),
    Column("problem", String(2000), nullable=False),
    Column("measure", String(2000), nullable=False),
    Column("owner", String(40), nullable=False, index=True),
    Column("reviewer", String(40), nullable=False, index=True),
    Column("found_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("state", String(24), nullable=False),
    Column("closed_on", Date),
    Column("position", BigInteger, nullable=False),
    Index("ix_rm_rectification_items_open", "case_id", "state", "deadline"),
)
