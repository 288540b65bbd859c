"""Signed tree heads: the root of the log at a size, signed with the service's Ed25519 key."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


@dataclass(frozen=True)
class TreeHead:
    size: int
    root: bytes
    timestamp: str  # ISO 8601, UTC
    signature: bytes
    public_key: bytes  # raw 32-byte Ed25519 key

    def message(self) -> bytes:
        return head_message(self.size, self.root, self.timestamp)

    def signature_ok(self) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(self.signature, self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_dict(self) -> dict[str, object]:
        return {
            "size": self.size,
            "root": self.root.hex(),
            "timestamp": self.timestamp,
            "signature": self.signature.hex(),
            "public_key": self.public_key.hex(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TreeHead:
        return cls(
            size=int(str(data["size"])),
            root=bytes.fromhex(str(data["root"])),
            timestamp=str(data["timestamp"]),
            signature=bytes.fromhex(str(data["signature"])),
            public_key=bytes.fromhex(str(data["public_key"])),
        )


def head_message(size: int, root: bytes, timestamp: str) -> bytes:
    """What is signed: canonical JSON, so any language can rebuild it."""
    body = {"log": "gridgov", "size": size, "root": root.hex(), "timestamp": timestamp}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
