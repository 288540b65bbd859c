"""Running the real `gridgov` command as a separate process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from api.settings import Settings

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
