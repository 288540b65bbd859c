"""The leaf hashes of the log, in log order, and the signed tree heads published over them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, LargeBinary, String, Table

from projections.tables import metadata

leaves = Table(
    "audit_leaves",
    metadata,
    Column("leaf_index", BigInteger, primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False, unique=True),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)

tree_heads = Table(
    "audit_tree_heads",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("timestamp", String(40), nullable=False),
    Column("signature", LargeBinary(64), nullable=False),
    Column("public_key", LargeBinary(32), nullable=False),
)
