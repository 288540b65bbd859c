"""Checking a proof bundle offline: one event, its inclusion proof, and a signed tree head.

Run as `python -m verifier.bundle FILE KEY` or `gridgov verify-proof FILE --trusted-key KEY`; it
needs no database. Exit status: 0 the event is in the log signed by the key you trust; 1 a check
failed; 2 every check passed but no trusted key was given, so the signature was checked only
against the key the bundle itself carries (which a forger would replace along with the rest).
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

OK = "OK: the event is included in the log signed by the key you trust"
UNTRUSTED_EXIT = 2


def untrusted(how_to_trust: str) -> str:
    """What to say when every check passed against the bundle's own key, which proves nothing alone."""
    return (
        "OK, but UNTRUSTED: the signature was checked only against the key the bundle carries, "
        f"which a forger would replace too; {how_to_trust}"
    )


def check_bundle(bundle: dict[str, Any], trusted_key: str | None = None) -> list[str]:
    """Returns the problems found; an empty list means the event is in the signed log."""
    problems = []
    head = TreeHead.from_dict(bundle["tree_head"])
    if not head.signature_ok():
        problems.append("the tree head's signature does not verify")
    if trusted_key is not None and _hex(trusted_key) != head.public_key:
        problems.append("the tree head is signed by a key other than the trusted one")
    record = base64.b64decode(bundle["record"])
    position, index = int(bundle["position"]), int(bundle["leaf_index"])
    if decode_position(record) != position:
        problems.append(f"the record is for position {decode_position(record)}, not {position}")
    proof = [bytes.fromhex(h) for h in bundle["audit_path"]]
    if not verify_inclusion(index, head.size, leaf_hash(record), proof, head.root):
        problems.append(f"the record at position {position} is not in the tree of size {head.size}")
    return problems


def _hex(key: str) -> bytes | None:
    try:
        return bytes.fromhex(key)
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m verifier.bundle PROOF.json [TRUSTED_PUBLIC_KEY_HEX]", file=sys.stderr)
        return 2
    trusted_key = args[1] if len(args) == 2 else None
    problems = check_bundle(json.loads(Path(args[0]).read_text()), trusted_key)
    for problem in problems:
        print(f"FAILED: {problem}")
    if problems:
        return 1
    if trusted_key is None:
        print(untrusted("pass TRUSTED_PUBLIC_KEY_HEX, the key you kept from /audit/tree-heads, as the second argument"))
        return UNTRUSTED_EXIT
    print(OK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
