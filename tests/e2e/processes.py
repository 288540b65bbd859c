"""Running the real `gridgov` command as a separate process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from api.bootstrap import Services
from api.settings import Settings
from projections.issues.duplicates import CHECKED
from projections.rebuild import status
from projections.runner import tracked_position

GRIDGOV = str(Path(sys.executable).parent / "gridgov")


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDGOV_")}
    env["GRIDGOV_DATA_DIR"] = str(settings.data_dir)
    env["GRIDGOV_DATABASE_URL"] = settings.event_store_url
    env["COLUMNS"] = "200"
    return env


def run(settings: Settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GRIDGOV, *args],
        env=environment(settings),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Until `/healthz` answers 200; a server that exits first fails with its log."""
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.1)


@contextmanager
def served(settings: Settings, *args: str) -> Iterator[str]:
    """`gridgov serve` on a free port over `settings`' store until the block ends; yields its origin."""
    log = settings.data_dir / "serve.log"  # a file, not a pipe: a pipe nobody reads fills up and stalls the server
    port = free_port()
    server = subprocess.Popen(
        [GRIDGOV, "serve", "--port", str(port), *args],
        env=environment(settings),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, server, log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def worker_settled(services: Services, *, seconds: float = 60) -> int:
    """The log's end once a worker process has finished with it: every read model there, and every
    report checked for possible duplicates (a check that finds some writes events, so the end moves
    until it is done). `services` only looks; it catches nothing up itself."""
    deadline = time.monotonic() + seconds
    while True:
        end = services.app.recorder.max_notification_id() or 0
        with services.engine.connect() as conn:
            checked = tracked_position(conn, CHECKED)
        if checked >= end and not any(m.lag for m in status(services.runner)):
            return end
        assert time.monotonic() < deadline, f"the worker did not settle in {seconds:.0f} s"
        time.sleep(0.2)
