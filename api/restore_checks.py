"""What a restore checks before it writes anything: the backup's signature, its photos' bytes, an empty target,
the master key.

Each refusal says what to do instead; none of them creates a file or a table, so a refused restore
leaves the target exactly as it was.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import create_engine, func, inspect, select, table

from api.adapters import backup_postgres
from api.adapters.audit_keys import signing_key
from api.adapters.backup_files import EVENTS_TABLE, KEYS_FILE, keys_in, sqlite_file
from api.adapters.backup_photos import PHOTOS_FILE, photo_file, unsound_photos
from api.adapters.photos import photos
from api.backup_manifest import BackupError, Manifest, read_public_key
from api.settings import Settings
from projections.audit.tables import tree_heads
from verifier.heads import TreeHead


def signed_head(folder: Path, manifest: Manifest, trusted_key: str | None) -> TreeHead:
    """The head the restored log must reproduce: signed by the backup's key (and by yours, if given)."""
    head, public = manifest.head(), read_public_key(folder)
    if head.public_key != public:
        raise BackupError("the manifest's tree head names a key other than the backed-up public key")
    if not head.signature_ok():
        raise BackupError("the manifest's tree head does not verify with the backed-up public key (bad signature)")
    if trusted_key is not None and public.hex() != trusted_key.strip().lower():
        raise BackupError(f"the backup is signed by key {public.hex()}, not by the trusted key")
    if (head.size, head.root.hex()) != (manifest.events, manifest.merkle_root):
        raise BackupError("the manifest's event count and root differ from its signed tree head")
    return head


def refuse_unsound_photos(folder: Path, manifest: Manifest) -> None:
    """A photo whose bytes no longer hash to its name would be served as the picture the events name.

    The manifest's file hash cannot tell: a photo that rotted in the live store was copied as it was."""
    if PHOTOS_FILE not in manifest.files:
        return  # a backup taken before photos were backed up: the restore names any photo its events miss
    with photo_file(folder / PHOTOS_FILE) as backed_up:
        if unsound := unsound_photos(backed_up):
            raise BackupError(
                f"the backed-up photo {', '.join(unsound)} does not hash to its name: its bytes changed "
                "before the backup was taken; an older backup may hold it intact"
            )


def refuse_unless_empty(settings: Settings) -> None:
    """Rows already there would clash with the restored positions and keys, and another log's heads would fail
    verify."""
    events_url = settings.event_store_url.replace("postgresql://", "postgresql+psycopg://", 1)
    events_table = backup_postgres.TABLE if settings.is_postgres else EVENTS_TABLE
    for what, url, name in (
        ("event store", events_url, events_table),
        ("key store", settings.keystore_sqlalchemy_url(), "person_keys"),
        ("signed tree heads", settings.readmodel_sqlalchemy_url(), tree_heads.name),
        ("photo store", settings.readmodel_sqlalchemy_url(), photos.name),
    ):
        if rows := _rows(url, name):
            raise BackupError(f"the {what} is not empty ({rows} rows in {name}): restore only into an empty store")


def _rows(url: str, name: str) -> int:
    if (path := sqlite_file(url)) and not path.is_file():
        return 0  # never create the file just to look
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table(name):
            return 0
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
    finally:
        engine.dispose()


def refuse_without_master_key(settings: Settings, folder: Path) -> None:
    """Without the backup's master key every sealed field is lost, and the register could not be rebuilt."""
    if not settings.master_key and not (settings.data_dir / "master.key").is_file():
        raise BackupError(
            "no master key here: put the one kept apart from the backups in GRIDGOV_MASTER_KEY "
            "or DATA_DIR/master.key before restoring"
        )
    first = next(keys_in(folder / KEYS_FILE), None)
    if first is None:
        return
    person, wrapped = first
    try:  # a data key is wrapped as nonce ‖ AES-GCM(master key), the person's id bound in (api/adapters/vault.py)
        AESGCM(settings.master_key_bytes()).decrypt(wrapped[:12], wrapped[12:], UUID(person).bytes)
    except InvalidTag:
        raise BackupError(
            "the master key here does not open the backed-up key store: it is not this backup's"
        ) from None


def key_note(settings: Settings, head: TreeHead) -> str | None:
    """Heads signed after the restore should carry on under the same key, or auditors see a new signer."""
    path = settings.audit_key_file or settings.data_dir / "audit-ed25519.pem"
    if not path.is_file():
        return f"no tree-head key at {path}: put back the one kept apart, or the next head gets a new key"
    here = signing_key(settings).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return None if here == head.public_key else f"the tree-head key at {path} is not the one that signed this backup"
