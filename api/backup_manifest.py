"""What a backup folder holds besides its data files, and the checks a restore makes before touching anything.

The manifest names every file with its SHA-256, so one changed byte is refused naming its file; the
tree heads and the public key travel beside the data, so the restored log can be proven to be the
signed one. The manifest itself is not signed: whoever could rewrite the files could rewrite it and
re-sign with a key of their own, which is why `restore --trusted-key` compares the key with yours.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

from api.adapters.backup_files import EVENTS_FILE, events_in
from verifier.heads import TreeHead
from verifier.merkle import RootBuilder, leaf_hash
from verifier.record import encode_record

FORMAT = "gridgov-backup-v1"
MANIFEST = "manifest.json"
HEADS_FILE = "tree-heads.json"
PUBLIC_KEY_FILE = "audit-ed25519.pub.pem"


class BackupError(Exception):
    """A backup or a restore was refused, or a check failed; the message names what differs."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Manifest:
    gridgov_version: str
    backend: str
    taken_at: str
    events: int
    last_position: int
    merkle_root: str
    tree_head: dict[str, object]  # the signed head over exactly the copied events
    files: dict[str, str]  # name -> SHA-256 (hex)
    format: str = FORMAT

    def head(self) -> TreeHead:
        return TreeHead.from_dict(self.tree_head)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(folder: Path, manifest: Manifest) -> None:
    (folder / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n")


def read_manifest(folder: Path) -> Manifest:
    try:
        data = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{folder} holds no readable {MANIFEST}: it is not a gridgov backup") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{folder / MANIFEST} is not a {FORMAT} manifest")
    return Manifest(**data)


def check_files(folder: Path, manifest: Manifest) -> None:
    """Every file the manifest names is there with the bytes it had when the backup was taken."""
    for name, expected in sorted(manifest.files.items()):
        path = folder / name
        if not path.is_file():
            raise BackupError(f"the backup file {name} is missing")
        if sha256_of(path) != expected:
            raise BackupError(f"the backup file {name} was changed after the backup (its SHA-256 differs)")


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def read_public_key(folder: Path) -> bytes:
    key = load_pem_public_key((folder / PUBLIC_KEY_FILE).read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise BackupError(f"{PUBLIC_KEY_FILE} does not hold an Ed25519 public key")
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def write_heads(folder: Path, heads: list[TreeHead]) -> None:
    (folder / HEADS_FILE).write_text(json.dumps([h.to_dict() for h in heads], indent=2) + "\n")


def read_heads(folder: Path) -> list[TreeHead]:
    return [TreeHead.from_dict(h) for h in json.loads((folder / HEADS_FILE).read_text())]


@dataclass(frozen=True)
class CopiedLog:
    events: int
    last_position: int
    root: bytes
    roots: dict[int, bytes]  # the root at each size a stored head names, to check those heads against


def hash_copy(folder: Path, sizes: set[int]) -> CopiedLog:
    """The Merkle root over the copied file itself, as `gridgov verify` hashes a live log."""
    builder, roots, last = RootBuilder(), {}, 0
    for position, originator, version, topic, state in events_in(folder / EVENTS_FILE):
        builder.append(leaf_hash(encode_record(position, UUID(originator), version, topic, state)))
        last = position
        if builder.size in sizes:
            roots[builder.size] = builder.root()
    return CopiedLog(builder.size, last, builder.root(), roots)
