"""The bytes of one stored event that the Merkle tree commits to.

Built from the row exactly as stored (its state may be compressed, encrypted or erased), so
the proof holds for every event; length prefixes make the encoding unambiguous.
"""

from __future__ import annotations

import struct
from uuid import UUID

PREFIX = b"gridgov-event-v1\n"


def encode_record(position: int, originator_id: UUID, version: int, topic: str, state: bytes) -> bytes:
    topic_bytes = topic.encode()
    return b"".join(
        (
            PREFIX,
            struct.pack(">Q", position),
            originator_id.bytes,
            struct.pack(">Q", version),
            struct.pack(">I", len(topic_bytes)),
            topic_bytes,
            struct.pack(">I", len(state)),
            state,
        )
    )


def decode_position(record: bytes) -> int:
    """The log position a record claims, so a verifier can check it against the proof."""
    if not record.startswith(PREFIX):
        raise ValueError("not a gridgov event record")
    (position,) = struct.unpack_from(">Q", record, len(PREFIX))
    return int(position)
