"""Hashes every stored event, as stored, into the next leaf of the log's Merkle tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, func, insert, select

from projections.audit.tables import leaves
from verifier.merkle import leaf_hash
from verifier.record import encode_record


def record_of(notification: Notification) -> bytes:
    originator = notification.originator_id
    ident = originator if isinstance(originator, UUID) else UUID(originator)
    return encode_record(
        notification.id, ident, notification.originator_version, notification.topic, notification.state
    )


class LeafLog:
    """Reads raw notifications, not decoded events: the tree commits to the stored bytes."""

    name = "audit_leaves"
    topics: tuple[str, ...] = ()
    tables = (leaves,)
    raw = True

    def handle(self, conn: Connection, position: int, event: Any) -> None:
        self.handle_batch(conn, [(position, event)])

    def handle_batch(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        """One multi-row insert per batch: the leaves take the next indexes in log order."""
        start = conn.execute(_NEXT_INDEX).scalar_one()
        rows = [
            {"leaf_index": start + offset, "position": position, "leaf_hash": leaf_hash(record_of(notification))}
            for offset, (position, notification) in enumerate(items)
        ]
        conn.execute(_INSERT, rows)


# Built once: statements whose values travel as parameters are compiled once and cached.
_NEXT_INDEX = select(func.coalesce(func.max(leaves.c.leaf_index) + 1, 0))
_INSERT = insert(leaves)
