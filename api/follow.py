"""A thread that keeps one process's tree and read models following the log, watches deadlines
and publishes signed tree heads at the configured interval."""

from __future__ import annotations

import logging
import threading
import time

from api.bootstrap import Services
from api.watch import tick

log = logging.getLogger(__name__)


class BackgroundFollower:
    def __init__(self, services: Services, *, watch: bool = True) -> None:
        self._services = services
        self._watch = watch
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gridgov-follower", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        last_head = 0.0
        while not self._stop.wait(self._services.settings.poll_seconds):
            try:
                self._services.catch_up()
                if self._watch:
                    tick(self._services)
                if time.monotonic() - last_head >= self._services.settings.tree_head_seconds:
                    self._services.publish_head()
                    last_head = time.monotonic()
            except Exception:
                # A failing projection stops advancing and is retried; it never skips an event.
                log.exception("read models could not catch up; retrying")
