"""The Merkle tree matches RFC 6962: published Certificate Transparency vectors and a reference from the RFC text.

The reference below is the RFC's recursive definitions transcribed as they are written, over raw data and
hashlib, so it shares no code with verifier.merkle: the module's iterative versions must agree with it.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.merkle import (
    EMPTY_ROOT,
    RootBuilder,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# The reference tree of Certificate Transparency's merkle_tree_test and Trillian's log_verifier_test.
CT_INPUTS = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
]
CT_LEAF_HASHES = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]
CT_ROOTS = [  # the root over the first 1..8 inputs
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CT_CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        3,
        8,
        [
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
]

CT_LEAVES = [leaf_hash(d) for d in CT_INPUTS]


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    """RFC 6962 §2.1: the largest power of two smaller than n."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return _sha256(b"")
    if len(d) == 1:
        return _sha256(b"\x00" + d[0])
    k = _k(len(d))
    return _sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [ref_mth(d)]
    k = _k(len(d))
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def _data(seed: int, n: int) -> list[bytes]:
    return [seed.to_bytes(8, "big") + i.to_bytes(4, "big") for i in range(n)]


def _flip(h: bytes) -> bytes:
    return bytes([h[0] ^ 1]) + h[1:]


def _hashes(hexes: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in hexes]


def test_leaf_and_node_hashes_use_the_domain_separation_prefixes() -> None:
    assert [leaf_hash(d).hex() for d in CT_INPUTS] == CT_LEAF_HASHES
    assert node_hash(CT_LEAVES[0], CT_LEAVES[1]).hex() == CT_ROOTS[1]


def test_the_empty_tree_has_the_hash_of_the_empty_string() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root([]) == EMPTY_ROOT == RootBuilder().root()


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_published_vectors(size: int) -> None:
    assert root(CT_LEAVES[:size]).hex() == CT_ROOTS[size - 1] == ref_mth(CT_INPUTS[:size]).hex()


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_audit_paths_match_the_published_vectors(index: int, size: int, path: list[str]) -> None:
    proof = inclusion_proof(index, CT_LEAVES[:size])
    assert proof == _hashes(path) == ref_path(index, CT_INPUTS[:size])
    assert verify_inclusion(index, size, CT_LEAVES[index], proof, bytes.fromhex(CT_ROOTS[size - 1]))


@pytest.mark.parametrize(("old", "new", "path"), CT_CONSISTENCY)
def test_consistency_proofs_match_the_published_vectors(old: int, new: int, path: list[str]) -> None:
    proof = consistency_proof(old, CT_LEAVES[:new])
    assert proof == _hashes(path)
    roots = [bytes.fromhex(r) for r in CT_ROOTS]
    assert verify_consistency(old, new, roots[old - 1], roots[new - 1], proof)


def test_every_proof_in_small_trees_matches_the_rfc_definitions() -> None:
    for n in range(1, 34):
        data = _data(n, n)
        leaves = [leaf_hash(d) for d in data]
        top = ref_mth(data)
        for m in range(n):
            assert inclusion_proof(m, leaves) == ref_path(m, data)
            assert verify_inclusion(m, n, leaves[m], ref_path(m, data), top)
        for m in range(1, n + 1):
            proof = ref_subproof(m, data, True)
            assert consistency_proof(m, leaves) == proof
            assert verify_consistency(m, n, ref_mth(data[:m]), top, proof)


def test_provers_refuse_out_of_range_arguments() -> None:
    for index in (-1, 8):
        with pytest.raises(ValueError, match="outside"):
            inclusion_proof(index, CT_LEAVES)
    for old in (-1, 9):
        with pytest.raises(ValueError, match="outside"):
            consistency_proof(old, CT_LEAVES)
    with pytest.raises(ValueError, match="leaf_hash"):
        root([b"raw data, not a leaf hash"])


def test_verifiers_fail_out_of_range_arguments_instead_of_raising() -> None:
    top = root(CT_LEAVES)
    assert not verify_inclusion(8, 8, CT_LEAVES[0], [], top)
    assert not verify_inclusion(-1, 8, CT_LEAVES[0], [], top)
    assert not verify_inclusion(0, 0, CT_LEAVES[0], [], EMPTY_ROOT)
    assert not verify_consistency(8, 7, top, top, [])
    assert not verify_consistency(-1, 8, EMPTY_ROOT, top, [])


def test_the_empty_tree_is_consistent_with_every_tree_but_only_with_its_own_root() -> None:
    top = root(CT_LEAVES)
    assert consistency_proof(0, CT_LEAVES) == []
    assert verify_consistency(0, 8, EMPTY_ROOT, top, [])
    assert not verify_consistency(0, 8, top, top, [])
    assert not verify_consistency(0, 8, EMPTY_ROOT, top, [top])


def test_a_proof_needs_the_exact_number_of_elements() -> None:
    top = root(CT_LEAVES)
    path = inclusion_proof(5, CT_LEAVES)
    for bad in (path[:-1], [*path, top], [top, *path], [*path[:1], b"", *path[1:]]):
        assert not verify_inclusion(5, 8, CT_LEAVES[5], bad, top)
    old = root(CT_LEAVES[:6])
    proof = consistency_proof(6, CT_LEAVES)
    for bad in ([], proof[:-1], [*proof, top], [proof[0], *proof]):
        assert not verify_consistency(6, 8, old, top, bad)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 200), st.data())
def test_an_audit_path_proves_its_leaf_and_nothing_else(seed: int, n: int, data: st.DataObject) -> None:
    raw = _data(seed, n)
    leaves = [leaf_hash(d) for d in raw]
    top = root(leaves)
    index = data.draw(st.integers(0, n - 1), label="index")
    proof = inclusion_proof(index, leaves)
    assert proof == ref_path(index, raw)
    assert verify_inclusion(index, n, leaves[index], proof, top)
    assert not verify_inclusion(index, n, _flip(leaves[index]), proof, top)
    assert not verify_inclusion(index, n, leaves[index], proof, _flip(top))
    if n > 1:
        other = data.draw(st.integers(0, n - 1).filter(lambda i: i != index), label="other index")
        assert not verify_inclusion(other, n, leaves[index], proof, top)
        assert not verify_inclusion(other, n, leaves[other], proof, top)
    for i in range(len(proof)):
        altered = [*proof[:i], _flip(proof[i]), *proof[i + 1 :]]
        assert not verify_inclusion(index, n, leaves[index], altered, top)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 200), st.data())
def test_a_consistency_proof_holds_only_for_the_true_old_tree(seed: int, n: int, data: st.DataObject) -> None:
    raw = _data(seed, n)
    leaves = [leaf_hash(d) for d in raw]
    old_size = data.draw(st.integers(0, n), label="old size")
    old, new = root(leaves[:old_size]), root(leaves)
    proof = consistency_proof(old_size, leaves)
    assert verify_consistency(old_size, n, old, new, proof)
    assert not verify_consistency(old_size, n, _flip(old), new, proof)
    if old_size > 0:  # the empty tree is a prefix of every tree, whatever that tree's root
        assert proof == ref_subproof(old_size, raw, True)
        assert not verify_consistency(old_size, n, old, _flip(new), proof)
    for i in range(len(proof)):
        altered = [*proof[:i], _flip(proof[i]), *proof[i + 1 :]]
        assert not verify_consistency(old_size, n, old, new, altered)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 300))
def test_streaming_gives_the_same_root_as_the_whole_list(seed: int, n: int) -> None:
    leaves = [leaf_hash(d) for d in _data(seed, n)]
    builder = RootBuilder()
    for count, leaf in enumerate(iter(leaves), start=1):
        builder.append(leaf)
        if count % 37 == 0:  # root() must not disturb the stack it reads
            assert builder.root() == ref_mth(_data(seed, count))
    assert builder.size == n
    assert builder.root() == root(iter(leaves)) == root(leaves) == ref_mth(_data(seed, n))


def test_extending_by_a_list_gives_the_roots_of_appending_one_by_one() -> None:
    leaves = [leaf_hash(d) for d in _data(7, 300)]
    one_by_one = RootBuilder()
    for n in range(301):
        batched = RootBuilder()
        batched.extend(leaves[:n])
        assert (batched.size, batched.root()) == (one_by_one.size, one_by_one.root())
        if n < 300:
            one_by_one.append(leaves[n])
    assert one_by_one.root() == ref_mth(_data(7, 300))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.lists(st.integers(0, 70), max_size=8))
def test_extending_in_batches_of_any_sizes_keeps_every_root(seed: int, sizes: list[int]) -> None:
    leaves = [leaf_hash(d) for d in _data(seed, sum(sizes))]
    batched, one_by_one = RootBuilder(), RootBuilder()
    for size in sizes:
        batch = leaves[batched.size : batched.size + size]
        batched.extend(batch)
        for leaf in batch:
            one_by_one.append(leaf)
        assert (batched.size, batched.root()) == (one_by_one.size, one_by_one.root())
    batched.append(leaf_hash(b"one more"))  # appending after extending goes on from the same stack
    one_by_one.append(leaf_hash(b"one more"))
    assert batched.root() == one_by_one.root()


def test_extend_refuses_a_leaf_that_is_not_a_hash_and_keeps_its_tree() -> None:
    builder = RootBuilder()
    builder.extend(CT_LEAVES[:3])
    with pytest.raises(ValueError, match="not 5"):
        builder.extend([CT_LEAVES[3], b"short"])
    assert (builder.size, builder.root().hex()) == (3, CT_ROOTS[2])
