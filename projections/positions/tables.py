"""The positions table (who holds what on which community, valid from / to) and the organisation-life
records. Columns are documented in docs/reviews-and-positions.md for the indicators' readers.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table, Text

from projections.tables import UtcDateTime, metadata

# One row per holding; it holds on day d iff valid_from <= d and (valid_to IS NULL or d < valid_to).
positions = Table(
    "rm_positions",
    metadata,
    Column("holding_id", String(36), primary_key=True),
    Column("community", String(40), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("post", String(16), nullable=False),  # secretary | director | member | reserve
    Column("person_id", String(36), nullable=False, index=True),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),  # the first day no longer held; NULL: still held
    Column("review_id", String(36), nullable=False),
    Column("appointed_at", UtcDateTime(), nullable=False),
    Column("ended_at", UtcDateTime()),
    Column("position", BigInteger, nullable=False),
    Index("ix_rm_positions_community_post", "community", "post"),
)

# One row per organisation-life record.
organisation_life = Table(
    "rm_organisation_life",
    metadata,
    Column("record_id", String(36), primary_key=True),
    Column("community", String(40), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("kind", String(24), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("planned_on", Date),
    Column("attendees", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_rm_organisation_life_community", "community", "held_on"),
)
