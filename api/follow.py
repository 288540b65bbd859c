"""The background work of a process: follow the log into the read models, flag new reports'
possible duplicates, watch deadlines, publish signed tree heads at the configured interval.

`gridgov serve` runs it in a thread; `gridgov worker` runs it alone, for deployments with
several API processes and one worker against one PostgreSQL.
"""

from __future__ import annotations

import logging
import threading
import time

from api.bootstrap import Services
from projections.indicators.rectify import rectify_missed
from projections.issues.duplicates import flag_reports
from projections.issues.watcher import tick
from projections.monitoring import watcher as monitoring_watcher
from projections.reviews import watcher as review_watcher

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._last_head = 0.0
        self._last_rectify = time.monotonic()  # the first pass one interval after start

    def step(self) -> None:
        self._services.catch_up()
        flag_reports(self._services.app, self._services.runner)
        recorded = tick(self._services.app, self._services.runner)
        self._services.metrics.watcher_passes.inc()
        self._services.metrics.deadline_events.inc(recorded)
        monitoring_watcher.tick(self._services.app, self._services.runner)
        review_watcher.tick(self._services.app, self._services.runner)
        if time.monotonic() - self._last_head >= self._services.settings.tree_head_seconds:
            self._services.publish_head()
            self._last_head = time.monotonic()
        minutes = self._services.settings.rectify_minutes
        if minutes and time.monotonic() - self._last_rectify >= 60 * minutes:
            app = self._services.app
            opened = rectify_missed(app, self._services.indicator_source(), app.local_date(app.clock.now()))
            self._last_rectify = time.monotonic()
            if opened:
                log.info("missed indicators opened %d rectification cases", len(opened))

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self._services.settings.poll_seconds):
            try:
                self.step()
            except Exception:
                # A failing projection stops advancing and is retried; it never skips an event.
                log.exception("read models could not catch up; retrying")


class BackgroundFollower:
    """A Worker in a daemon thread of the API process."""

    def __init__(self, services: Services) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=Worker(services).run, args=(self._stop,), name="gridgov-worker", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
