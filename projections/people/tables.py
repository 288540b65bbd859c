"""Rows of the register. Only what search and display need is here: a name (erased with the person),
a masked ID, the gender; every other personal field stays sealed in the log."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, String, Table

from projections.tables import UtcDateTime, metadata

people = Table(
    "rm_people",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False, index=True),  # "" once erased
    Column("masked_id", String(18), nullable=False),
    Column("gender", String(8), nullable=False),
    Column("household", String(36)),
    Column("died_on", String(10)),
    Column("merged_into", String(36)),
    Column("erased", Boolean, nullable=False),
    Column("registered_at", UtcDateTime(), nullable=False),
    Column("position", BigInteger, nullable=False),
)

# One row per residence, valid for dates [valid_from, valid_to); valid_to "9999-12-31" while current.
residences = Table(
    "rm_person_residences",
    metadata,
    Column("person_id", String(36), primary_key=True),
    Column("valid_from", String(10), primary_key=True),
    Column("valid_to", String(10), nullable=False),
    Column("street", String(40), nullable=False),
    Column("community", String(40)),
    Column("compound", String(40)),
    Column("building", String(40), nullable=False),
    Index("ix_rm_person_residences_building", "building", "valid_from"),
)

person_tags = Table(
    "rm_person_tags",
    metadata,
    Column("person_id", String(36), primary_key=True),
    Column("tag", String(32), primary_key=True),
    Column("valid_from", String(10), primary_key=True),
    Column("valid_to", String(10), nullable=False),
    Column("details", JSON, nullable=False),
)

households = Table(
    "rm_households",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("head", String(36), nullable=False),
    Column("building", String(40), nullable=False, index=True),
    Column("members", JSON, nullable=False),  # [{person, relation, from, to}]
    Column("split_from", String(36)),
    Column("position", BigInteger, nullable=False),
)

FOREVER = "9999-12-31"
