"""`gridgov backup`: the log, the key store and the photo store copied while the service serves, with a signed
tree head over exactly the copied events, so a restore can prove it got back the log that was signed.

The root is computed from the copied file itself, not from the live store: the head then covers
the copy byte for byte, however many reports landed while it was taken. Heads the service signed
earlier are checked against the copy on the way (a mismatch means the live log was altered) and
carried along, so auditors' consistency proofs still work after a restore. Only the public half of
the tree-head key is written; the private key and the master key are backed up apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from api.adapters import backup_postgres, backup_sqlite
from api.adapters.audit_keys import signing_key
from api.adapters.backup_files import EVENTS_FILE, KEYS_FILE, Progress, sqlite_file
from api.adapters.backup_photos import PHOTOS_FILE, copy_photos, photo_file
from api.backup_manifest import (
    HEADS_FILE,
    PUBLIC_KEY_FILE,
    BackupError,
    CopiedLog,
    Manifest,
    hash_copy,
    public_key_pem,
    sha256_of,
    write_heads,
    write_manifest,
)
from api.bootstrap import readmodel_engine
from api.settings import Settings
from projections.audit.heads import all_heads
from verifier.heads import TreeHead, head_message


def take_backup(settings: Settings, folder: Path, progress: Progress) -> Manifest:
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: take each backup into a new folder")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        copy_stores(settings, folder, progress)
    except FileNotFoundError as missing:
        raise BackupError(f"no store at {missing}: run the backup with the service's GRIDGOV_* settings") from None
    engine = readmodel_engine(settings.readmodel_sqlalchemy_url())
    try:
        stored = {head.size: head for head in all_heads(engine)}
    finally:
        engine.dispose()
    progress("hashing the copy", 0, None)
    copied = hash_copy(folder, set(stored))
    for size, root in sorted(copied.roots.items()):
        if stored[size].root != root:
            raise BackupError(
                f"the signed tree head of size {size} does not match the store's events: run gridgov verify"
            )
    key = signing_key(settings)
    covering = _covering_head(stored.get(copied.events), copied, key)
    write_heads(folder, [stored[size] for size in sorted(copied.roots) if size < copied.events] + [covering])
    (folder / PUBLIC_KEY_FILE).write_bytes(public_key_pem(key.public_key()))
    manifest = Manifest(
        gridgov_version=version("gridgov"),
        backend="postgresql" if settings.is_postgres else "sqlite",
        taken_at=datetime.now(UTC).isoformat(),
        events=copied.events,
        last_position=copied.last_position,
        merkle_root=copied.root.hex(),
        tree_head=covering.to_dict(),
        files={
            name: sha256_of(folder / name)
            for name in (EVENTS_FILE, KEYS_FILE, PHOTOS_FILE, HEADS_FILE, PUBLIC_KEY_FILE)
        },
    )
    write_manifest(folder, manifest)
    for path in folder.iterdir():  # staff names and phones are in the log in clear: the owner's eyes only
        path.chmod(0o600)
    return manifest


def copy_stores(settings: Settings, folder: Path, progress: Progress) -> None:
    """The log first, then the keys and the photos: a key is stored before the first event that seals with it,
    and a photo before the first event that names it, so every person in the copied log has a key in the
    copy and every photo it names is there; an erasure made meanwhile stays made."""
    progress("copying the event store", 0, None)
    if events := sqlite_file(settings.event_store_url):
        backup_sqlite.copy_file(events, folder / EVENTS_FILE)
    else:
        backup_postgres.copy_events(settings.event_store_url, folder, progress)
    progress("copying the key store", 0, None)
    if keys := sqlite_file(settings.keystore_sqlalchemy_url()):
        backup_sqlite.copy_file(keys, folder / KEYS_FILE)
    else:
        backup_postgres.copy_keys(settings.keystore_sqlalchemy_url(), folder)
    progress("copying the photo store", 0, None)
    live = readmodel_engine(settings.readmodel_sqlalchemy_url())
    try:
        with photo_file(folder / PHOTOS_FILE, writable=True) as copy:
            copy_photos(live, copy)
    finally:
        live.dispose()


def _covering_head(existing: TreeHead | None, copied: CopiedLog, key: Ed25519PrivateKey) -> TreeHead:
    """The service's head of exactly the copy's size if it signed one with this key, else a fresh one.

    The fresh head stays in the backup: the live store's heads are the service's to publish."""
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if existing is not None and existing.public_key == public:  # its root was checked against the copy
        return existing
    timestamp = datetime.now(UTC).isoformat()
    signature = key.sign(head_message(copied.events, copied.root, timestamp))
    return TreeHead(copied.events, copied.root, timestamp, signature, public)
