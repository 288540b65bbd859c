"""Inclusion and consistency proofs against signed tree heads, as bundles a verifier can check offline."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine, select

from domain.shared.errors import InvalidInputError, NotFoundError
from projections.audit.heads import all_heads, head_of_size, leaf_hashes
from projections.audit.leaves import record_of
from projections.audit.tables import leaves
from verifier.heads import TreeHead
from verifier.merkle import consistency_proof, inclusion_proof


def inclusion_bundle(app: Application[UUID], engine: Engine, position: int) -> dict[str, Any]:
    """The event at `position`, its audit path, and the latest signed head that covers it."""
    with engine.connect() as conn:
        index = conn.execute(select(leaves.c.leaf_index).where(leaves.c.position == position)).scalar_one_or_none()
    if index is None:
        end = app.recorder.max_notification_id() or 0
        if position > end:
            raise NotFoundError(f"position {position} is beyond the end of the log (at {end})", field="position")
        raise NotFoundError(f"no hashed event at position {position}", field="position")
    heads = [h for h in all_heads(engine) if h.size > index]
    if not heads:
        raise NotFoundError(f"no signed tree head covers position {position} yet", field="position")
    head = heads[-1]
    found = app.recorder.select_notifications(position, 1)
    if not found or found[0].id != position:
        raise NotFoundError(f"the event at position {position} is missing from the store", field="position")
    with engine.connect() as conn:
        hashes = list(leaf_hashes(conn, head.size))
    return {
        "format": "gridgov-inclusion-proof-v1",
        "position": position,
        "leaf_index": index,
        "record": base64.b64encode(record_of(found[0])).decode(),
        "audit_path": [h.hex() for h in inclusion_proof(index, hashes)],
        "tree_head": head.to_dict(),
    }


def consistency_bundle(engine: Engine, old_size: int, new_size: int) -> dict[str, Any]:
    """Proof that the signed head of `new_size` extends the one of `old_size` without rewriting it."""
    if not 0 < old_size <= new_size:
        raise InvalidInputError("need 0 < from <= to", field="from")
    old, new = _head(engine, old_size, "from"), _head(engine, new_size, "to")
    with engine.connect() as conn:
        hashes = list(leaf_hashes(conn, new_size))
    return {
        "format": "gridgov-consistency-proof-v1",
        "from_head": old.to_dict(),
        "to_head": new.to_dict(),
        "proof": [h.hex() for h in consistency_proof(old_size, hashes)],
    }


def _head(engine: Engine, size: int, field: str) -> TreeHead:
    head = head_of_size(engine, size)
    if head is None:
        raise NotFoundError(f"no signed tree head of size {size}", field=field)
    return head
