"""`gridgov restore`: the checks that need nothing but the backup and the target run first (restore_checks);
then the log, the keys and the photos go back, every read model is rebuilt, the restored log must give the
signed root, and every photo it names must be there.

A check failing after the load leaves the restored store in place for inspection; the message says
what differs, and nothing should serve from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application
from sqlalchemy import Engine, insert

from api.adapters import backup_postgres, backup_sqlite
from api.adapters.backup_files import Progress, sqlite_file
from api.adapters.backup_photos import PHOTOS_FILE, copy_photos, photo_file, stored_hashes
from api.backup_manifest import BackupError, Manifest, check_files, read_heads, read_manifest
from api.bootstrap import bootstrap
from api.restore_checks import (
    key_note,
    refuse_unless_empty,
    refuse_unsound_photos,
    refuse_without_master_key,
    signed_head,
)
from api.settings import Settings
from domain.issues.model import Issue
from projections.audit.leaves import record_of
from projections.audit.tables import tree_heads
from projections.audit.verify import verify_log
from projections.log import read_log
from projections.rebuild import rebuild
from verifier.heads import TreeHead
from verifier.merkle import RootBuilder, leaf_hash

BATCH = 1000
PHOTO_TOPICS = (Issue.Reported.TOPIC, Issue.FeedbackGiven.TOPIC)  # the events whose `attachments` name photos


@dataclass(frozen=True)
class Restored:
    events: int
    root: str
    heads: int
    photos: int
    read_models: int
    public_key: str  # hex, to compare with the one kept offline
    key_note: str | None  # when this data folder's tree-head key is not the backup's


def restore_backup(settings: Settings, folder: Path, progress: Progress, trusted_key: str | None = None) -> Restored:
    manifest = read_manifest(folder)
    check_files(folder, manifest)
    head = signed_head(folder, manifest, trusted_key)
    refuse_unsound_photos(folder, manifest)
    refuse_unless_empty(settings)
    refuse_without_master_key(settings, folder)
    services = bootstrap(settings, catch_up=False)  # creates the empty tables the rows go into
    try:
        _load_stores(settings, folder, progress)
        photos = _load_photos(services.engine, folder, manifest, progress)
        heads = read_heads(folder)
        with services.engine.begin() as conn:
            conn.execute(insert(tree_heads), [asdict(h) for h in heads])
        models = rebuild(services.runner, progress=lambda done, total: progress("rebuilding read models", done, total))
        progress("verifying the restored log", 0, None)
        _prove(services.app, manifest, head)
        _require_named_photos(services.app, services.engine)
        report = verify_log(services.app, services.engine)
    finally:
        services.close()
    if not report.ok:
        first = report.findings[0]
        raise BackupError(f"gridgov verify fails on the restored store at position {first.position}: {first.problem}")
    return Restored(
        head.size, head.root.hex(), len(heads), photos, len(models), head.public_key.hex(), key_note(settings, head)
    )


def _load_stores(settings: Settings, folder: Path, progress: Progress) -> None:
    progress("restoring the event store", 0, None)
    if events := sqlite_file(settings.event_store_url):
        backup_sqlite.load_events(events, folder)
    else:
        backup_postgres.load_events(settings.event_store_url, folder, progress)
    progress("restoring the key store", 0, None)
    if keys := sqlite_file(settings.keystore_sqlalchemy_url()):
        backup_sqlite.load_keys(keys, folder)
    else:
        backup_postgres.load_keys(settings.keystore_sqlalchemy_url(), folder)


def _load_photos(engine: Engine, folder: Path, manifest: Manifest, progress: Progress) -> int:
    if PHOTOS_FILE not in manifest.files:
        return 0  # a backup taken before photos were backed up: `_require_named_photos` names what it lacks
    progress("restoring the photo store", 0, None)
    with photo_file(folder / PHOTOS_FILE) as backed_up:
        return copy_photos(backed_up, engine)


def _require_named_photos(app: Application[UUID], engine: Engine) -> None:
    """A report or a result whose photo is gone could never show it again: nothing in the log rebuilds one."""
    named = {
        attachment["sha256"] for _, event in read_log(app, topics=PHOTO_TOPICS) for attachment in event.attachments
    }
    if missing := sorted(named - stored_hashes(engine)):
        raise BackupError(f"the restored events name photos the backup does not hold: {', '.join(missing)}")


def _prove(app: Application[UUID], manifest: Manifest, head: TreeHead) -> None:
    """From the events as the recorder reads them back, apart from the rebuilt leaves: a restore that lost
    its last events still passes `verify_log` (every head it holds is older), but not this."""
    builder, after = RootBuilder(), 0
    while batch := app.recorder.select_notifications(after, BATCH, inclusive_of_start=False):
        for notification in batch:
            builder.append(leaf_hash(record_of(notification)))
        after = batch[-1].id
    if builder.size != head.size:
        raise BackupError(f"the restored log has {builder.size} events; the signed tree head covers {head.size}")
    if after != manifest.last_position:
        raise BackupError(f"the restored log ends at position {after}; the backup ended at {manifest.last_position}")
    if builder.root() != head.root:
        raise BackupError(
            f"the restored log's Merkle root {builder.root().hex()} is not the signed root {head.root.hex()}"
        )
