"""Rows of the issue and dispatch read models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from projections.tables import UtcDateTime, metadata

issues = Table(
    "rm_issues",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("node", String(40), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("community", String(40), index=True),
    Column("compound", String(40), index=True),
    Column("building", String(40), index=True),
    Column("category", String(40), nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("status", String(32), nullable=False, index=True),
    Column("owner", String(40), nullable=False, index=True),
    Column("urgency", String(16), nullable=False),
    Column("reporter", String(40), nullable=False),
    Column("reported_at", UtcDateTime(), nullable=False, index=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("closed_at", UtcDateTime()),
    Column("merged_into", String(36)),
    Column("parked_from", String(32)),
    Column("possible_duplicates", JSON, nullable=False),
    Column("escalations", Integer, nullable=False),
    Column("deadlines", JSON, nullable=False),
    Column("next_due", UtcDateTime(), index=True),
    Column("round", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
)

dispatches = Table(
    "rm_dispatches",
    metadata,
    Column("issue_id", String(36), primary_key=True),
    Column("department", String(40), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("lead", Boolean, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("issue_status", String(32), nullable=False),
    Column("street", String(40), nullable=False, index=True),
    Column("community", String(40)),
    Column("compound", String(40)),
    Column("building", String(40)),
    Column("category", String(40), nullable=False),
    Column("dispatched_at", UtcDateTime(), nullable=False, index=True),
    Column("check_in_due", UtcDateTime(), nullable=False),
    Column("checked_in_at", UtcDateTime()),
    Column("handle_due", UtcDateTime(), nullable=False),
    Column("fed_back_at", UtcDateTime()),
    Column("last_activity", UtcDateTime(), nullable=False),
    Column("reworks", Integer, nullable=False),
    Column("rating", String(24)),
    Column("extension_until", UtcDateTime()),  # asked for (申请延期) and not yet granted
    Column("closed", Boolean, nullable=False),
    Column("position", BigInteger, nullable=False),
)

# The queue, now and as it was: one row per version of each queue-visible dispatch, valid for log
# positions [valid_from, valid_to). A current version has valid_to = STILL_VALID. Written by the issue
# projection after each issue event, so a department's queue, now or at any past position, is one
# indexed query instead of a join or a replay (SQL:2011's system-versioned tables, by hand).
# `due` is the deadline running (check-in or handling), or NO_DUE: sorting and paging walk an index.
STILL_VALID = 2**62  # a version no later event has ended
PAST_ROUND = "reopened"  # issue_status of the dispatches of an issue's earlier rounds (before a reopen)
NO_DUE = datetime(9999, 12, 31, tzinfo=UTC)

dispatch_versions = Table(
    "rm_dispatch_versions",
    metadata,
    Column("issue_id", String(36), primary_key=True),
    Column("department", String(40), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("valid_from", BigInteger, primary_key=True),
    Column("valid_to", BigInteger, nullable=False),
    Column("lead", Boolean, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("issue_status", String(32), nullable=False),
    Column("category", String(40), nullable=False),
    Column("node", String(40), nullable=False),
    Column("owner", String(40), nullable=False),
    Column("description", Text, nullable=False),
    Column("dispatched_at", UtcDateTime(), nullable=False),
    Column("check_in_due", UtcDateTime(), nullable=False),
    Column("handle_due", UtcDateTime(), nullable=False),
    Column("due", UtcDateTime(), nullable=False),
    Column("reworks", Integer, nullable=False),
    # Each index holds the other bound, so an interval query filters without reading rows; the
    # valid_from one also what a past queue counts and sorts the versions begun since a checkpoint by.
    Index(
        "ix_rm_dispatch_versions_from",
        "department",
        "valid_from",
        "valid_to",
        "due",
        "status",
        "issue_status",
        "issue_id",
        "round",
    ),
    Index(
        "ix_rm_dispatch_versions_due",
        "department",
        "valid_to",
        "due",
        "issue_id",
        "status",
        "issue_status",
        "valid_from",
    ),
    Index("ix_rm_dispatch_versions_sent", "department", "valid_to", "dispatched_at", "issue_id"),
)

# Checkpoints of the versioned queue, so that a past queue costs what was open then, not the whole
# history (`checkpoints.py`). At checkpoint position c, one row per version of the department valid
# at c (valid_from ≤ c < valid_to) with its key and what the queue buckets and sorts it by, which
# never changes within a version: a past queue counts and sorts the checkpoint's own rows, not the
# versions they name. The versions valid at p ≥ c are those of c that had not ended by p and those
# begun in (c, p]. A head row marks each checkpoint, an empty one too, and holds its size.
dispatch_checkpoints = Table(
    "rm_dispatch_checkpoints",
    metadata,
    Column("department", String(40), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("size", Integer, nullable=False),
)

dispatch_checkpoint_versions = Table(
    "rm_dispatch_checkpoint_versions",
    metadata,
    # In due order, as the queue counts and pages (one version per issue and department is valid at a time).
    Column("department", String(40), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("due", UtcDateTime(), primary_key=True),
    Column("issue_id", String(36), primary_key=True),
    Column("round", Integer, nullable=False),
    Column("valid_from", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("issue_status", String(32), nullable=False),
    Column("dispatched_at", UtcDateTime(), nullable=False),
    sqlite_with_rowid=False,  # rows stored in key order: a checkpoint is one contiguous range
)
