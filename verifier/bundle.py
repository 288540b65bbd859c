"""Checking a proof bundle offline: one event, its inclusion proof, and a signed tree head.

Run as `python -m verifier.bundle FILE` or `gridgov verify-proof FILE`; it needs no database.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from verifier.heads import TreeHead
from verifier.merkle import leaf_hash, verify_inclusion
from verifier.record import decode_position


def check_bundle(bundle: dict[str, Any], trusted_key: str | None = None) -> list[str]:
    """Returns the problems found; an empty list means the event is in the signed log."""
    problems = []
    head = TreeHead.from_dict(bundle["tree_head"])
    if not head.signature_ok():
        problems.append("the tree head's signature does not verify")
    if trusted_key is not None and bytes.fromhex(trusted_key) != head.public_key:
        problems.append("the tree head is signed by a key other than the trusted one")
    record = base64.b64decode(bundle["record"])
    position, index = int(bundle["position"]), int(bundle["leaf_index"])
    if decode_position(record) != position:
        problems.append(f"the record is for position {decode_position(record)}, not {position}")
    proof = [bytes.fromhex(h) for h in bundle["audit_path"]]
    if not verify_inclusion(index, head.size, leaf_hash(record), proof, head.root):
        problems.append(f"the record at position {position} is not in the tree of size {head.size}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m verifier.bundle PROOF.json [TRUSTED_PUBLIC_KEY_HEX]", file=sys.stderr)
        return 2
    problems = check_bundle(json.loads(Path(args[0]).read_text()), args[1] if len(args) == 2 else None)
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("OK: the event is included in the signed log")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
