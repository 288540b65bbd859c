"""The RFC 6962 / RFC 9162 Merkle tree over the event log: roots, audit paths, consistency proofs.

Stdlib only, so that anyone can re-check a signed tree head without installing gridgov. Hashes
are raw 32-byte SHA-256 digests; the 0x00 / 0x01 prefixes keep a leaf from passing for a node.
Provers raise ValueError on bad arguments (a caller's bug); verifiers return False instead,
because their inputs come from a proof bundle that may have been tampered with (RFC 9162 §2.1.3.2
and §2.1.4.2 say "fail the proof verification").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256
from itertools import islice

HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right).digest()


class RootBuilder:
    """Streams leaf hashes into MTH with O(log n) memory: a stack of perfect subtrees, one per set bit of size."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        if len(leaf) != HASH_SIZE:
            raise ValueError(f"a leaf hash has {HASH_SIZE} bytes, not {len(leaf)}: hash the data with leaf_hash")
        self._stack.append(leaf)
        count = self.size
        while count & 1:  # like a binary carry: equal-sized neighbours merge
            right = self._stack.pop()
            self._stack[-1] = node_hash(self._stack[-1], right)
            count >>= 1
        self.size += 1

    def extend(self, leaves: Sequence[bytes]) -> None:
        """Appends many leaves as `append` would, hashing level by level over lists: n - 1 node hashes
        either way, but the Python work per hash falls to a list comprehension's."""
        wrong = set(map(len, leaves)) - {HASH_SIZE}
        if wrong:
            raise ValueError(f"a leaf hash has {HASH_SIZE} bytes, not {min(wrong)}: hash the data with leaf_hash")
        nodes, count = list(leaves), self.size
        self.size += len(nodes)
        kept: list[bytes] = []  # the new subtrees of the levels passed, lowest first
        while nodes:
            if count & 1:  # this level's subtree so far sits left of the new nodes
                nodes.insert(0, self._stack.pop())
            if len(nodes) & 1:
                kept.append(nodes.pop())
            nodes = [
                sha256(b"\x01" + left + right).digest() for left, right in zip(nodes[::2], nodes[1::2], strict=True)
            ]
            count >>= 1
        self._stack.extend(reversed(kept))

    def root(self) -> bytes:
        # RFC 6962 splits at the largest power of two below n, so the smaller subtrees fold in from the right.
        if not self._stack:
            return EMPTY_ROOT
        result = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            result = node_hash(left, result)
        return result


def root(leaves: Iterable[bytes]) -> bytes:
    """MTH over leaf hashes (RFC 6962 §2.1); takes any iterable so that millions of leaves can stream."""
    builder, stream = RootBuilder(), iter(leaves)
    while batch := list(islice(stream, 4096)):
        builder.extend(batch)
    return builder.root()


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 §2.1.1, deepest sibling first; O(n) hashing, O(log n) extra memory."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf index {index} is outside a tree of size {len(leaves)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            path.append(_range_root(leaves, mid, hi))
            hi = mid
        else:
            path.append(_range_root(leaves, lo, mid))
            lo = mid
    path.reverse()
    return path


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2; empty when m is 0 or n (see verify_consistency)."""
    if not 0 <= old_size <= len(leaves):
        raise ValueError(f"old size {old_size} is outside 0..{len(leaves)}")
    if old_size in (0, len(leaves)):
        return []
    proof: list[bytes] = []
    lo, hi, complete = 0, len(leaves), True  # SUBPROOF(old_size - lo, D[lo:hi], complete)
    while old_size != hi:
        mid = lo + _split(hi - lo)
        if old_size <= mid:
            proof.append(_range_root(leaves, mid, hi))
            hi = mid
        else:
            proof.append(_range_root(leaves, lo, mid))
            lo, complete = mid, False
    if not complete:
        proof.append(_range_root(leaves, lo, hi))
    proof.reverse()
    return proof


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `leaf` (a leaf hash) sit at `index` of the tree of `size` with this root."""
    if not 0 <= index < size or not _well_formed(leaf, *proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: is the tree of `new_size` an append-only extension of the one of `old_size`.

    Equal sizes need an empty proof and equal roots. Every tree extends the empty one (the RFC 9162
    convention), so old size 0 needs an empty proof, and here also the empty tree's root.
    """
    if not 0 <= old_size <= new_size or not _well_formed(*proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0


def _split(n: int) -> int:
    """The largest power of two strictly below n (n > 1): where RFC 6962 splits a tree of n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def _range_root(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    return root(leaves[i] for i in range(lo, hi))


def _well_formed(*hashes: bytes) -> bool:
    return all(len(h) == HASH_SIZE for h in hashes)
