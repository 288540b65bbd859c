"""HTTP figures: the report endpoint under 32 connections and a queue page, each beside a trivial POST.

The server is a real uvicorn process on loopback (uvloop, httptools), or several on one port
(uvicorn's --workers, as `gridgov serve --workers N` runs them); the load generator runs in the
bench process (asyncio + aiohttp). On two cores the generator takes one of them, which caps the raw
baseline too.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import aiohttp
import httpx

from api.auth.tokens import issue_token
from api.cli.processes import HEALTHCHECK_SECONDS
from api.demo_catalogue import CATEGORIES
from api.demo_issues import DESCRIPTIONS
from api.settings import Settings
from bench.figures import percentiles

Body = Callable[[random.Random], dict[str, Any]]


@contextmanager
def server(settings: Settings, processes: int = 1) -> Iterator[str]:
    """`processes` uvicorn processes on one port serving `settings`' store; yields the base URL once all answer."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDGOV_")}
    env |= {
        "GRIDGOV_DATA_DIR": str(settings.data_dir),
        "GRIDGOV_DATABASE_URL": settings.event_store_url,
        "GRIDGOV_READMODEL_URL": settings.readmodel_sqlalchemy_url(),
    }
    args = ["-m", "uvicorn", "bench.server:app", "--port", str(port), "--log-level", "warning", "--no-access-log"]
    if processes > 1:  # the health check's wait as `gridgov serve --workers N` sets it (api/cli/processes.py)
        args += ["--workers", str(processes), "--timeout-worker-healthcheck", str(HEALTHCHECK_SECONDS)]
    process = subprocess.Popen([sys.executable, *args], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, processes)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(base: str, processes: int) -> None:
    """Until /healthz has answered from `processes` different processes (each request on a new connection)."""
    seen: set[str] = set()
    deadline = time.monotonic() + 30 * processes
    while len(seen) < processes:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the bench server did not come up: {len(seen)} of {processes} processes answer")
        try:
            answer = httpx.get(f"{base}/healthz", timeout=1)
            if answer.status_code == 200:
                seen.add(answer.headers["x-process-id"])
        except httpx.TransportError:
            time.sleep(0.1)


def token(settings: Settings, username: str) -> dict[str, str]:
    signed = issue_token(username, key=settings.signing_key(), now=datetime.now(UTC), minutes=60)
    return {"Authorization": f"Bearer {signed}"}


def load(
    url: str, headers: dict[str, str], body: Body, *, connections: int, seconds: float, probe: str = ""
) -> dict[str, Any]:
    """`connections` clients POSTing back to back for `seconds`: requests per second and latencies.

    With `probe` (a /healthz URL), also how many of the connections each server process held: the
    kernel hands a new connection to whichever process accepts first, and a kept-alive connection
    stays there, so several processes on one port need not share the load evenly.
    """
    return asyncio.run(_load(url, headers, body, connections, seconds, probe))


async def _load(
    url: str, headers: dict[str, str], body: Body, connections: int, seconds: float, probe: str
) -> dict[str, Any]:
    latencies: list[float] = []
    failures: list[int] = []
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(headers=headers, connector=connector) as session:

        async def one_client(n: int) -> None:
            rng = random.Random(n)
            while time.perf_counter() < stop:
                started = time.perf_counter()
                async with session.post(url, json=body(rng)) as response:
                    await response.read()
                latencies.append(time.perf_counter() - started)
                if response.status >= 400:
                    failures.append(response.status)

        async def holder() -> str:
            async with session.get(probe) as response:
                return response.headers["x-process-id"]

        started = time.perf_counter()
        stop = started + seconds
        await asyncio.gather(*(one_client(n) for n in range(connections)))
        elapsed = time.perf_counter() - started
        # as many requests at once as there are pooled connections: each goes out on one of them
        holders = await asyncio.gather(*(holder() for _ in range(connections))) if probe else []
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed under load, e.g. HTTP {failures[0]}")
    shares = sorted(Counter(holders).values(), reverse=True)
    return {"per_s": len(latencies) / elapsed, **percentiles(latencies), "connections_per_process": shares}


def sequential(client: httpx.Client, request: Callable[[], httpx.Response], count: int) -> dict[str, float]:
    """One request after another on one connection: latency with nothing queued ahead."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = request()
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
    return percentiles(samples)


def command_load(settings: Settings, buildings: list[str], *, seconds: float, processes: int = 1) -> dict[str, Any]:
    """POST /api/v1/issues (auth, tree, the decision, a durable commit) against the trivial POST, on
    `processes` API processes (no follower in any: requests catch up what they read)."""

    def report(rng: random.Random) -> dict[str, Any]:
        code = rng.choice(CATEGORIES)[0]
        return {"node": rng.choice(buildings), "category": code, "description": DESCRIPTIONS[code]}

    with server(settings, processes) as base:
        headers, probe = token(settings, "admin"), f"{base}/healthz"
        load(f"{base}/bench/echo", headers, report, connections=32, seconds=0.5)  # warm both paths up
        load(f"{base}/api/v1/issues", headers, report, connections=4 * processes, seconds=0.5)
        ours = load(f"{base}/api/v1/issues", headers, report, connections=32, seconds=seconds, probe=probe)
        raw = load(f"{base}/bench/echo", headers, report, connections=32, seconds=seconds, probe=probe)
    return {"processes": processes, "ours": ours, "raw": raw, "ratio": ours["per_s"] / raw["per_s"]}


def queue_read(settings: Settings, department: str, username: str, count: int) -> dict[str, Any]:
    """GET a department's queue page (first page by due, and the overdue bucket) against the trivial POST."""
    with server(settings) as base, httpx.Client(base_url=base, headers=token(settings, username)) as client:
        body = {"node": "x", "category": "x", "description": "x"}
        path = f"/api/v1/departments/{department}/queue"
        sequential(client, lambda: client.get(path), 10)
        first = client.get(path).json()
        ours = sequential(client, lambda: client.get(path), count)
        overdue = sequential(client, lambda: client.get(path, params={"bucket": "overdue", "offset": 500}), count)
        raw = sequential(client, lambda: client.post("/bench/echo", json=body), count)
    return {"open": first["total"], "counts": first["counts"], "ours": ours, "overdue": overdue, "raw": raw}
