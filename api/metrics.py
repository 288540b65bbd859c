"""What an operator watches, in the Prometheus text format: requests, commands, read-model lag,
watcher passes, tree-head age and the size of the log.

Counters live in one registry per process (`Metrics`); lag, head age and log size are read from the
stores when scraped, so they are right even for work another process did.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import select

from projections.audit.tables import tree_heads
from projections.rebuild import status

if TYPE_CHECKING:
    from api.bootstrap import Services

# An HTTP status → what became of the command it carried.
OUTCOMES = {401: "refused", 403: "refused", 409: "conflict", 429: "refused"}


def outcome(status_code: int) -> str:
    if status_code < 400:
        return "ok"
    if status_code >= 500:
        return "error"
    return OUTCOMES.get(status_code, "invalid")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "gridgov_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "gridgov_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.commands = Counter(
            "gridgov_commands",
            "commands by kind and outcome (ok, refused, conflict, invalid, error)",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.watcher_passes = Counter("gridgov_watcher_passes", "deadline watcher passes", registry=self.registry)
        self.deadline_events = Counter(
            "gridgov_watcher_deadline_events",
            "warnings, misses and escalations the watcher recorded",
            registry=self.registry,
        )

    def watch(self, services: Services) -> None:
        """Adds the figures read from the stores at scrape time."""
        self.registry.register(StoreCollector(services))


class StoreCollector(Collector):
    def __init__(self, services: Services) -> None:
        self._services = services

    def collect(self) -> Iterator[Metric]:
        svc = self._services
        now = svc.app.clock.now()
        behind = GaugeMetricFamily(
            "gridgov_projection_lag_events", "events a read model has still to apply", labels=["model"]
        )
        seconds = GaugeMetricFamily(
            "gridgov_projection_lag_seconds",
            "age of the oldest event a read model has still to apply",
            labels=["model"],
        )
        for row in status(svc.runner):
            behind.add_metric([row.name], row.lag)
            seconds.add_metric([row.name], _age(svc, row.position, row.name, now) if row.lag else 0.0)
        yield behind
        yield seconds
        size = GaugeMetricFamily("gridgov_event_store_events", "events in the log (its last position)")
        size.add_metric([], svc.app.recorder.max_notification_id() or 0)
        yield size
        with svc.engine.connect() as conn:
            latest = conn.execute(select(tree_heads.c.timestamp).order_by(tree_heads.c.size.desc()).limit(1)).scalar()
        if latest is not None:
            head = GaugeMetricFamily("gridgov_tree_head_age_seconds", "seconds since the newest signed tree head")
            head.add_metric([], (now - datetime.fromisoformat(latest)).total_seconds())
            yield head


def _age(svc: Services, position: int, name: str, now: datetime) -> float:
    model = next(m for m in svc.runner.models if m.name == name)
    first = svc.app.recorder.select_notifications(position, 1, topics=model.topics, inclusive_of_start=False)
    if not first:
        return 0.0
    event = svc.app.mapper.to_domain_event(first[0])
    recorded: datetime = getattr(event, "timestamp", now)
    return max(0.0, (now - recorded).total_seconds())
