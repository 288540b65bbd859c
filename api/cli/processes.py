"""`gridgov serve --workers N`: N uvicorn API processes and exactly one follower beside them.

The API processes run without a follower of their own; the follower (`gridgov worker`: follows the
log into the read models, watches deadlines, signs tree heads) is one child process that serve
starts before them and stops after them. A follower that dies is reported and started again, after
a pause that grows while it keeps dying young; one that was stopped (exit code 0, as SIGTERM or
SIGINT leave it) most often goes down with serve, and is started again only if serve runs on.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from types import FrameType

log = logging.getLogger(__name__)

WORKER = [sys.executable, "-c", "from api.cli import main; main()", "worker"]
STOP_SECONDS = 15  # time to finish the batch in hand; then the follower is killed
HEALTHCHECK_SECONDS = 30  # how long uvicorn waits for an API process to answer its ping
SETTLED_SECONDS = 60  # a follower that ran this long was not crash-looping: the next pause is short again
GRACE_SECONDS = 10  # after a follower stopped cleanly, for serve's own stop to begin


def serve_processes(host: str, port: int, workers: int, *, follower: bool) -> None:
    """Until SIGTERM or SIGINT, which uvicorn's supervisor passes to the API processes."""
    import uvicorn

    one = FollowerProcess() if follower else None
    signal.signal(signal.SIGTERM, _exit)  # until uvicorn's supervisor takes the signals over
    try:
        if one is not None:
            one.start()
        uvicorn.run(
            "api.http.factory:create",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            access_log=False,  # our middleware writes the one JSON line per request, in every process
            log_config=None,
            # uvicorn kills a child that does not answer its ping in time; on a busy box a starting
            # child (a fresh interpreter importing the app) can take longer than its default 5 s.
            timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
        )
    finally:
        if one is not None:
            one.stop()


def _exit(signum: int, _: FrameType | None) -> None:
    raise SystemExit(128 + signum)


class FollowerProcess:
    """A `gridgov worker` child, restarted if it dies until `stop`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self._watch_thread = threading.Thread(target=self._watch, name="gridgov-follower-watch", daemon=True)

    def start(self) -> None:
        self._process = self._spawn()
        self._watch_thread.start()

    def stop(self) -> int:
        """SIGTERM, then SIGKILL after STOP_SECONDS; logs and returns the exit code."""
        self._stopping.set()
        with self._lock:  # no replacement starts after this
            process = self._process
        assert process is not None, "stop() before start()"
        process.terminate()
        try:
            code = process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            log.warning("follower process [%d] did not stop in %d s: killing it", process.pid, STOP_SECONDS)
            process.kill()
            code = process.wait()
        log.info("follower process [%d] exited with code %d", process.pid, code)
        return code

    def _spawn(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(WORKER)  # same environment, same stdout and stderr
        self._started = time.monotonic()
        log.info("follower process [%d] started", process.pid)
        return process

    def _watch(self) -> None:
        pause = 0.5  # doubled before the first wait: 1 s
        while True:
            process = self._process
            assert process is not None
            code = process.wait()
            if code == 0:  # it was told to stop (SIGTERM, SIGINT): most often because serve is stopping too
                if self._stopping.wait(GRACE_SECONDS):
                    return
                log.error("follower process [%d] stopped while serve runs on; starting another", process.pid)
            else:
                pause = 1.0 if time.monotonic() - self._started >= SETTLED_SECONDS else min(2 * pause, 60.0)
                log.error("follower process [%d] exited with code %d; another in %.0f s", process.pid, code, pause)
                if self._stopping.wait(pause):
                    return
            with self._lock:
                if self._stopping.is_set():
                    return
                self._process = self._spawn()
