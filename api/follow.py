"""A thread that keeps one process's tree and read models following the log."""

from __future__ import annotations

import logging
import threading

from api.bootstrap import Services

log = logging.getLogger(__name__)


class BackgroundFollower:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gridgov-follower", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._services.settings.poll_seconds):
            try:
                self._services.catch_up()
            except Exception:
                # A failing projection stops advancing and is retried; it never skips an event.
                log.exception("read models could not catch up; retrying")
