"""Moving a SQLite event log into PostgreSQL with every position kept, and proving it arrived intact.

The Merkle leaves encode each event's position and stored bytes, so equal roots over the source
and the target mean the same events at the same positions; the signed tree heads published on
SQLite stay valid on PostgreSQL, and are copied across. The photo store goes too, since nothing in the
log rebuilds it: the copy must hold the source's hashes, each read back with the bytes it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from sqlalchemy import Engine, insert, select

from api.adapters.backup_photos import copy_photos, stored_hashes, unsound_photos
from api.bootstrap import bootstrap
from api.settings import Settings
from domain.shared.errors import InvalidInputError
from projections.audit.leaves import record_of
from projections.audit.tables import tree_heads
from projections.rebuild import rebuild
from verifier.merkle import RootBuilder, leaf_hash

BATCH = 1000


@dataclass(frozen=True)
class Migration:
    events: int
    root: str
    tree_heads: int
    photos: int


def migrate_store(source: Settings, target: Settings, progress: Callable[[int, int], None] | None = None) -> Migration:
    if source.is_postgres or not target.is_postgres:
        raise InvalidInputError("migrate-store copies a SQLite event store into PostgreSQL", field="to")
    old, new = bootstrap(source), bootstrap(target)
    try:
        if new.app.recorder.max_notification_id():
            raise InvalidInputError("the PostgreSQL event store is not empty", field="to")
        if stored_hashes(new.engine):
            raise InvalidInputError("the PostgreSQL photo store is not empty", field="to")
        total = old.app.recorder.max_notification_id() or 0
        source_root, target_root = RootBuilder(), RootBuilder()
        with psycopg.connect(target.event_store_url) as conn:
            after = 0
            while batch := old.app.recorder.select_notifications(after, BATCH, inclusive_of_start=False):
                conn.cursor().executemany(
                    "INSERT INTO gridgov_events (originator_id, originator_version, topic, state, notification_id) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(n.originator_id, n.originator_version, n.topic, n.state, n.id) for n in batch],
                )
                for notification in batch:
                    source_root.append(leaf_hash(record_of(notification)))
                after = batch[-1].id
                if progress:
                    progress(after, total)
            conn.execute(
                "SELECT setval(pg_get_serial_sequence('gridgov_events', 'notification_id'), %s)", (max(after, 1),)
            )
        after = 0
        while batch := new.app.recorder.select_notifications(after, BATCH, inclusive_of_start=False):
            for notification in batch:
                target_root.append(leaf_hash(record_of(notification)))
            after = batch[-1].id
        if (source_root.size, source_root.root()) != (target_root.size, target_root.root()):
            raise InvalidInputError("the copied log does not match the source: nothing should use it", field="to")
        with old.engine.connect() as source_conn, new.engine.begin() as target_conn:
            heads = [dict(r._mapping) for r in source_conn.execute(select(tree_heads))]
            if heads:
                target_conn.execute(insert(tree_heads), heads)
        photos = copy_photos(old.engine, new.engine)
        _verify_photos(old.engine, new.engine)
        rebuild(new.runner)  # every read model in one pass over the copied log, not one pass each
        new.catch_up()
        return Migration(source_root.size, source_root.root().hex(), len(heads), photos)
    finally:
        old.close()
        new.close()


def _verify_photos(source: Engine, target: Engine) -> None:
    """Read back from PostgreSQL: the same hashes as the source, and bytes that hash to each."""
    if missing := sorted(stored_hashes(source) - stored_hashes(target)):
        raise InvalidInputError(f"photos {', '.join(missing)} did not arrive: nothing should use the copy", field="to")
    if unsound := unsound_photos(target):
        raise InvalidInputError(
            f"the copied photo {', '.join(unsound)} does not hash to its name: nothing should use the copy", field="to"
        )
