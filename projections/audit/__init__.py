"""Tamper evidence: a Merkle tree over the stored events, signed tree heads, proofs, verification."""
