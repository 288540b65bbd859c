"""HTTP figures: the report endpoint under 32 connections and a queue page, each beside a trivial POST.

The server is a real uvicorn process on loopback (uvloop, httptools); the load generator runs in
the bench process (asyncio + aiohttp). On two cores the generator takes one of them, which caps the
raw baseline too.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import aiohttp
import httpx

from api.auth.tokens import issue_token
from api.demo_catalogue import CATEGORIES
from api.demo_issues import DESCRIPTIONS
from api.settings import Settings
from bench.figures import percentiles

Body = Callable[[random.Random], dict[str, Any]]


@contextmanager
def server(settings: Settings) -> Iterator[str]:
    """A uvicorn process serving `settings`' store; yields its base URL."""
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
    process = subprocess.Popen([sys.executable, *args], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the bench server did not come up")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def token(settings: Settings, username: str) -> dict[str, str]:
    signed = issue_token(username, key=settings.signing_key(), now=datetime.now(UTC), minutes=60)
    return {"Authorization": f"Bearer {signed}"}


def load(url: str, headers: dict[str, str], body: Body, *, connections: int, seconds: float) -> dict[str, Any]:
    """`connections` clients POSTing back to back for `seconds`: requests per second and latencies."""
    return asyncio.run(_load(url, headers, body, connections, seconds))


async def _load(url: str, headers: dict[str, str], body: Body, connections: int, seconds: float) -> dict[str, Any]:
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

        started = time.perf_counter()
        stop = started + seconds
        await asyncio.gather(*(one_client(n) for n in range(connections)))
        elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed under load, e.g. HTTP {failures[0]}")
    return {"per_s": len(latencies) / elapsed, **percentiles(latencies)}


def sequential(client: httpx.Client, request: Callable[[], httpx.Response], count: int) -> dict[str, float]:
    """One request after another on one connection: latency with nothing queued ahead."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = request()
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
    return percentiles(samples)


def command_load(settings: Settings, buildings: list[str], *, seconds: float) -> dict[str, Any]:
    """POST /api/v1/issues (auth, tree, duplicates check, durable commit) against the trivial POST."""

    def report(rng: random.Random) -> dict[str, Any]:
        code = rng.choice(CATEGORIES)[0]
        return {"node": rng.choice(buildings), "category": code, "description": DESCRIPTIONS[code]}

    with server(settings) as base:
        headers = token(settings, "admin")
        load(f"{base}/bench/echo", headers, report, connections=32, seconds=0.5)  # warm both paths up
        load(f"{base}/api/v1/issues", headers, report, connections=4, seconds=0.5)
        ours = load(f"{base}/api/v1/issues", headers, report, connections=32, seconds=seconds)
        raw = load(f"{base}/bench/echo", headers, report, connections=32, seconds=seconds)
    return {"ours": ours, "raw": raw, "ratio": ours["per_s"] / raw["per_s"]}


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
