"""Publishing signed tree heads over the leaf log, and reading them back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Connection, Engine, func, insert, select

from projections.audit.tables import leaves, tree_heads
from verifier.heads import TreeHead, head_message
from verifier.merkle import RootBuilder

LEAVES_AT_ONCE = 10_000  # hashed level by level (RootBuilder.extend), in bounded memory


def leaf_hashes(conn: Connection, size: int | None = None) -> Iterator[bytes]:
    query = select(leaves.c.leaf_hash).order_by(leaves.c.leaf_index)
    if size is not None:
        query = query.where(leaves.c.leaf_index < size)
    for (value,) in conn.execute(query, execution_options={"yield_per": 10_000}):
        yield bytes(value)


def publish_head(engine: Engine, key: Ed25519PrivateKey, now: datetime) -> TreeHead:
    """Signs the root over every leaf so far; returns the latest head if nothing was added since."""
    with engine.begin() as conn:
        latest = _latest(conn)
        top = conn.execute(select(func.max(leaves.c.leaf_index))).scalar()
        if latest is not None and latest.size == (-1 if top is None else top) + 1:
            return latest  # the worker asks every interval: a quiet log costs one indexed read, not every leaf
        builder, chunk = RootBuilder(), []
        for value in leaf_hashes(conn):
            chunk.append(value)
            if len(chunk) == LEAVES_AT_ONCE:
                builder.extend(chunk)
                chunk = []
        builder.extend(chunk)
        if latest is not None and latest.size == builder.size:
            return latest
        timestamp = now.isoformat()
        root = builder.root()
        public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        head = TreeHead(builder.size, root, timestamp, key.sign(head_message(builder.size, root, timestamp)), public)
        conn.execute(
            insert(tree_heads).values(
                size=head.size,
                root=head.root,
                timestamp=head.timestamp,
                signature=head.signature,
                public_key=head.public_key,
            )
        )
        return head


def all_heads(engine: Engine) -> list[TreeHead]:
    with engine.connect() as conn:
        return [_head(row) for row in conn.execute(select(tree_heads).order_by(tree_heads.c.size))]


def newest_heads(engine: Engine, count: int) -> list[TreeHead]:
    """The `count` largest heads, smallest first (as `all_heads` lists them)."""
    query = select(tree_heads).order_by(tree_heads.c.size.desc()).limit(count)
    with engine.connect() as conn:
        return [_head(row) for row in reversed(conn.execute(query).all())]


def head_of_size(engine: Engine, size: int) -> TreeHead | None:
    with engine.connect() as conn:
        row = conn.execute(select(tree_heads).where(tree_heads.c.size == size)).first()
    return _head(row) if row else None


def _latest(conn: Connection) -> TreeHead | None:
    row = conn.execute(select(tree_heads).order_by(tree_heads.c.size.desc()).limit(1)).first()
    return _head(row) if row else None


def _head(row: object) -> TreeHead:
    m = row._mapping  # type: ignore[attr-defined]
    return TreeHead(int(m["size"]), bytes(m["root"]), m["timestamp"], bytes(m["signature"]), bytes(m["public_key"]))
