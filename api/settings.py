"""One typed Settings, read from GRIDGOV_* variables, translated once into each store's config."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.issues.policy import DispatchPolicy


class Settings(BaseSettings):
    """Where data lives and how tokens are signed; the database URL alone selects the backend."""

    model_config = SettingsConfigDict(env_prefix="GRIDGOV_")

    data_dir: Path = Path("var")
    database_url: str = Field(
        default="", description="sqlite:///path/events.db (default under data_dir) or postgresql://…"
    )
    readmodel_url: str = Field(default="", description="defaults to beside the event store")
    secret_key: str = Field(default="", description="token signing key; defaults to data_dir/secret.key")
    token_minutes: int = 8 * 60
    compress_events: bool = Field(
        default=False,
        description="store new events' state zlib-compressed (about a third smaller); either form reads back",
    )
    aggregate_cache: int = Field(
        default=10_000,
        ge=0,
        description="aggregates kept in memory per process (0: none); brought up to the log's head once per request",
    )
    poll_seconds: float = 1.0
    log_level: str = Field(default="INFO", pattern="^(?i)(DEBUG|INFO|WARNING|ERROR)$", description="JSON log lines")
    ready_max_lag: int = Field(
        default=1000, ge=0, description="/readyz answers 503 while a read model is more events than this behind"
    )
    metrics_from_loopback: bool = Field(
        default=True, description="/metrics without a token from 127.0.0.1; turn off behind a proxy on the same box"
    )
    audit_key_file: Path | None = Field(default=None, description="Ed25519 PEM; defaults to data_dir")
    tree_head_seconds: float = Field(default=300, description="how often serve publishes a signed tree head")
    warn_minutes: int = Field(default=60, description="DeadlineApproaching this long before a deadline")
    reopen_days: int = Field(default=7, description="a closed issue may be reopened this long")
    duplicate_hours: int = Field(default=24, description="window for flagging possible duplicates")
    basically_satisfied: float = Field(default=0.9, ge=0, le=1, description="weight of 基本满意 in satisfaction")
    master_key: str = Field(
        default="",
        description="hex of 32 bytes wrapping every person's data key; defaults to data_dir/master.key. "
        "Lose it and every sealed personal field is lost; back it up apart from the database",
    )
    keystore_url: str = Field(
        default="", description="where the wrapped per-person keys live: keys.db beside the events, or the PostgreSQL"
    )
    rectify_minutes: int = Field(
        default=60,
        ge=0,
        le=7 * 24 * 60,
        description="how often the worker opens rectification cases for missed indicators (0: never)",
    )
    rate_weights: tuple[float, float, float] = Field(
        default=(0.1, 0.5, 0.4), description="composite score weights: response, resolution, satisfaction"
    )

    def dispatch_policy(self) -> DispatchPolicy:
        response, resolution, satisfaction = self.rate_weights
        return DispatchPolicy(
            warn_before=timedelta(minutes=self.warn_minutes),
            reopen_window=timedelta(days=self.reopen_days),
            duplicate_window=timedelta(hours=self.duplicate_hours),
            basically_satisfied=self.basically_satisfied,
            weights={"response": response, "resolution": resolution, "satisfaction": satisfaction},
        )

    @property
    def event_store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'events.db'}"

    @property
    def is_postgres(self) -> bool:
        return self.event_store_url.startswith(("postgresql://", "postgres://"))

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing library's environment for this URL, with the aggregate cache."""
        stored = "api.adapters.stored_state:COMPRESSED" if self.compress_events else "api.adapters.stored_state:PLAIN"
        # Not fast-forwarded one by one: the log head brings the cache up to date once per request.
        cache = (
            {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache), "AGGREGATE_CACHE_FASTFORWARD": "n"}
            if self.aggregate_cache
            else {}
        )
        # Events are stored under short topic codes and filters match both names (topic_codes.py).
        coded = {"MAPPER_TOPIC": "api.adapters.topic_codes:CodedMapper"}
        return self._persistence_env() | {"COMPRESSOR_TOPIC": stored} | coded | cache

    def _persistence_env(self) -> dict[str, str]:
        url = urlsplit(self.event_store_url)
        if self.is_postgres:
            return {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
                "POSTGRES_HOST": url.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(url.port or 5432),
                "POSTGRES_USER": unquote(url.username or "postgres"),
                "POSTGRES_PASSWORD": unquote(url.password or ""),
                # One round trip per commit, positions in commit order (api/adapters/pg_recorder.py).
                "APPLICATION_RECORDER_TOPIC": "api.adapters.pg_recorder:OneTripRecorder",
            }
        if url.scheme != "sqlite":
            raise ValueError(f"GRIDGOV_DATABASE_URL must be sqlite:/// or postgresql://, not {url.scheme}")
        path = Path(self.event_store_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # Writers in other processes (serve --workers N, the CLI) wait for the lock as long as the
        # read-model and key databases do, instead of the library's 5 s.
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": "api.adapters.topic_codes:SQLiteRecorder",
        }

    def readmodel_sqlalchemy_url(self) -> str:
        """Read models live beside the event store: the same PostgreSQL database, or a sibling file."""
        if self.readmodel_url:
            return self.readmodel_url
        if self.is_postgres:
            rest = self.event_store_url.split("://", 1)[1]
            return f"postgresql+psycopg://{rest}"
        events = Path(self.event_store_url.removeprefix("sqlite:///"))
        return f"sqlite:///{events.parent / 'readmodels.db'}"

    def keystore_sqlalchemy_url(self) -> str:
        """Person keys live apart from the log: their own SQLite file, or their own table in PostgreSQL."""
        if self.keystore_url:
            return self.keystore_url
        if self.is_postgres:
            return self.readmodel_sqlalchemy_url()
        events = Path(self.event_store_url.removeprefix("sqlite:///"))
        return f"sqlite:///{events.parent / 'keys.db'}"

    def master_key_bytes(self) -> bytes:
        """The configured master key, or one generated once into the data folder (owner-readable only)."""
        if self.master_key:
            return bytes.fromhex(self.master_key)
        path = self.data_dir / "master.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return bytes.fromhex(path.read_text().strip())

    def signing_key(self) -> str:
        """The configured key, or one generated once into the data folder (readable by owner only)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()
