"""The composition root: builds the Application, the read-model engine and the followers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Engine, create_engine, event

from api.adapters.audit_keys import signing_key
from api.adapters.clock import SystemClock
from api.settings import Settings
from domain.application import GridGov
from domain.shared.clock import Clock
from projections.accounts.projection import AccountList
from projections.audit.heads import publish_head
from projections.audit.leaves import LeafLog
from projections.audit.tables import tree_heads
from projections.audit.trail import AuditTrail
from projections.grid_tree import TreeFollower
from projections.issues.projection import IssueRows
from projections.runner import Runner
from projections.timeline.projection import IssueTimeline
from verifier.heads import TreeHead


@dataclass
class Services:
    """Everything a process needs, built once; nothing connects at import time."""

    settings: Settings
    app: GridGov
    engine: Engine
    runner: Runner
    follower: TreeFollower

    def catch_up(self) -> None:
        """Brings the tree and every read model up to the end of the log."""
        self.follower.catch_up()
        self.runner.catch_up()

    def publish_head(self) -> TreeHead:
        """Hashes what is new and signs the root over the whole log (a no-op if nothing is new)."""
        self.runner.catch_up()
        return publish_head(self.engine, signing_key(self.settings), self.app.clock.now())

    def audit_public_key(self) -> bytes:
        return signing_key(self.settings).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def close(self) -> None:
        self.engine.dispose()
        self.app.close()


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None, catch_up: bool = True) -> Services:
    """`catch_up=False` builds a process that only reads what others projected (an observer)."""
    settings = settings or Settings()
    app = GridGov(clock or SystemClock(), env=settings.event_store_env(), policy=settings.dispatch_policy())
    engine = readmodel_engine(settings.readmodel_sqlalchemy_url())
    runner = Runner(app, engine, [AccountList(), IssueRows(), IssueTimeline(), LeafLog(), AuditTrail()])
    runner.create_tables()
    tree_heads.create(engine, checkfirst=True)  # signed, not projected: never dropped by a rebuild
    services = Services(settings, app, engine, runner, TreeFollower(app))
    if catch_up:
        services.catch_up()
    return services


def readmodel_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _wal(dbapi_connection: Any, _: Any) -> None:  # concurrent readers while one writes
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
