"""Rows of the pairing read model. Dates of what happened (valid time) are ISO `YYYY-MM-DD` strings:
they sort and compare as dates on every backend, exactly as the events carry them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from projections.tables import UtcDateTime, metadata

pairings = Table(
    "rm_pairings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False, index=True),
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("helper", String(40), nullable=False, index=True),
    Column("node", String(40), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("community", String(40), index=True),
    Column("compound", String(40), index=True),
    Column("building", String(40), index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("goal", Text, nullable=False),
    Column("starts_on", String(10), nullable=False),
    Column("ended_on", String(10)),
    Column("end_requested_by", String(40)),
    Column("contacts", Integer, nullable=False),
    Column("last_contact_on", String(10)),
    Column("paired_at", UtcDateTime(), nullable=False, index=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("position", BigInteger, nullable=False),
)

# Who helped from which date: the helper on a day is the latest row from on or before it.
pairing_helpers = Table(
    "rm_pairing_helpers",
    metadata,
    Column("pairing_id", String(36), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("helper", String(40), nullable=False, index=True),
    Column("from_on", String(10), nullable=False),
)

pairing_contacts = Table(
    "rm_pairing_contacts",
    metadata,
    Column("pairing_id", String(36), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("on", String(10), nullable=False),
    Column("helper", String(40), nullable=False),
    Column("actor", String(40), nullable=False),
    Column("note", Text, nullable=False),
    Column("evidence", Integer, nullable=False),  # how many attachment hashes
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ix_rm_pairing_contacts_on", "pairing_id", "on"),
)
