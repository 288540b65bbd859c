"""The composition root: builds the Application, the read-model engine and the followers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Engine, create_engine, event

from api.adapters.audit_keys import signing_key
from api.adapters.backoff import backoff
from api.adapters.clock import SystemClock
from api.adapters.vault import Vault, secure_delete
from api.auth.intake_limit import AddressLimit
from api.auth.throttle import AddressThrottle
from api.metrics import Metrics
from api.settings import Settings
from domain.application import GridGov
from domain.shared.clock import Clock
from projections.accounts.projection import AccountList
from projections.audit.decodable import UndecodableEventError, first_undecodable
from projections.audit.heads import publish_head
from projections.audit.leaves import LeafLog
from projections.audit.tables import tree_heads
from projections.audit.trail import AuditTrail
from projections.catalogue import CatalogueFollower
from projections.clients.projection import ApiClientList
from projections.grid_tree import TreeFollower
from projections.indicators.source import Source
from projections.intake.projection import ContactCountFromRows, PublicRequests
from projections.issues.duplicates import DuplicatesFromRows
from projections.issues.projection import IssueRows
from projections.monitoring.projection import MonitoringBoard
from projections.monitoring.standards import StandardChecks
from projections.pairings.projection import PairingRows
from projections.people.register import Register
from projections.positions.projection import PositionRows
from projections.rectification.projection import RectificationRows
from projections.reviews.projection import ReviewRows
from projections.runner import ReadModel, Runner
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
    catalogue: CatalogueFollower
    vault: Vault
    throttle: AddressThrottle
    metrics: Metrics
    intake_limit: AddressLimit

    def catch_up(self) -> None:
        """Brings the tree and every read model up to the end of the log."""
        self.follower.catch_up()
        self.runner.catch_up()

    def hash_log(self) -> None:
        """Hashes every event not yet in the leaf log, from the stored bytes alone (nothing is decoded)."""
        self.runner.catch_up(only={LeafLog.name})

    def record_read(self, what: str, params: dict[str, Any], *, actor: str) -> None:
        """Records an audit read as a fact, then brings the read models past it, so it is in the answer."""
        self.app.record_access(what=what, params=params, actor=actor)
        self.runner.catch_up()

    def indicator_source(self) -> Source:
        """What indicator measures read: the read models caught up, the grid now, the district's zone."""
        self.runner.catch_up()
        tree = self.follower.catch_up()
        return Source(self.engine, tree, self.app.policy, self.app.calendar().zone, self.app.clock.now())

    def settle_erasure(self) -> None:
        """After an erasure: the register overwrites the name at once, and on SQLite the write-ahead
        log, which still holds the old page, is checkpointed and truncated (secure_delete zeroes
        the freed bytes in the file itself). PostgreSQL keeps the old row version until VACUUM."""
        self.runner.catch_up(only=("people",))
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def publish_head(self) -> TreeHead:
        """Hashes what is new and signs the root over the whole log (a no-op if nothing is new)."""
        self.runner.catch_up()
        return publish_head(self.engine, signing_key(self.settings), self.app.clock.now())

    def audit_public_key(self) -> bytes:
        return signing_key(self.settings).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def close(self) -> None:
        self.engine.dispose()
        self.vault.close()
        self.app.close()


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None, catch_up: bool = True) -> Services:
    """`catch_up=False` builds a process that only reads what others projected (an observer)."""
    settings = settings or Settings()
    app = GridGov(clock or SystemClock(), env=settings.event_store_env(), policy=settings.dispatch_policy())
    engine = readmodel_engine(settings.readmodel_sqlalchemy_url())
    secure_delete(engine)  # an erased name leaves no bytes in free pages
    vault = personal_vault(settings)
    app.vault = vault
    models: list[ReadModel] = [
        AccountList(),
        IssueRows(),
        IssueTimeline(),
        LeafLog(),
        AuditTrail(),
        Register(vault),
        PairingRows(),
        MonitoringBoard(),
        StandardChecks(),
        RectificationRows(),
        ReviewRows(),
        PositionRows(),
        ApiClientList(),
        PublicRequests(),
    ]
    runner = Runner(app, engine, models)
    runner.create_tables()
    tree_heads.create(engine, checkfirst=True)  # signed, not projected: never dropped by a rebuild
    app.find_duplicates = DuplicatesFromRows(runner)  # the preview, and the worker flagging every report
    app.count_contact_reports = ContactCountFromRows(runner)  # the per-phone limit, from any process
    app.backoff = backoff  # commuting commands wait a random, growing while between tries
    throttle = AddressThrottle(settings.signing_key())
    services = Services(
        settings,
        app,
        engine,
        runner,
        TreeFollower(app),
        CatalogueFollower(app),
        vault,
        throttle,
        Metrics(),
        AddressLimit(settings.signing_key()),
    )
    services.metrics.watch(services)
    if catch_up:
        _catch_up_or_refuse(services)
    return services


def _catch_up_or_refuse(services: Services) -> None:
    """A stored event that no longer decodes stops the process here, named by its position."""
    try:
        services.catch_up()
    except Exception:
        reached = [services.follower.position, *(services.runner.position(m) for m in services.runner.models)]
        position = first_undecodable(services.app, after=min(reached))
        services.close()
        if position is None:
            raise
        raise UndecodableEventError(position) from None


def personal_vault(settings: Settings) -> Vault:
    """The per-person keys, in their own store apart from the log, wrapped by the master key."""
    keys = readmodel_engine(settings.keystore_sqlalchemy_url())
    secure_delete(keys)
    return Vault(keys, settings.master_key_bytes())


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
