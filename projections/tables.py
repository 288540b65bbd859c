"""The read-model database: one SQLAlchemy metadata, and the tracking table every model shares."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String, Table

metadata = MetaData()

# One row per read model: the last log position whose effects are in its tables.
tracking = Table(
    "projection_tracking",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
