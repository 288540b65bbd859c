"""`gridgov serve --workers 2` in real processes, on a SQLite file and on PostgreSQL.

Two API processes answer, exactly one follower runs beside them (and is replaced when it dies),
concurrent reports through both all land (on SQLite, writers in two processes wait for the file's
lock rather than fail), every request is one JSON log line, and SIGTERM to `serve` leaves no
process behind.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from api.auth.tokens import issue_token
from api.bootstrap import Services, bootstrap
from api.settings import Settings
from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from projections.audit.tables import tree_heads
from projections.rebuild import status
from tests.e2e.processes import GRIDGOV, environment, free_port, worker_settled
from tests.support.world import B1, B2, BUILDING_WORK, seed

REPORTS = 24
WRITES = 60  # reports by each of two processes on one SQLite store
REPORTED = Issue.Reported.TOPIC
READY = "worker following the log"  # what `gridgov worker` prints once it follows


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    services = bootstrap(settings, clock=ManualClock(datetime.now(UTC)))
    seed(services.app)
    services.close()
    return settings


@pytest.fixture
def served(seeded: Settings) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    env = environment(seeded) | {"GRIDGOV_POLL_SECONDS": "0.2", "GRIDGOV_TREE_HEAD_SECONDS": "1"}
    log = seeded.data_dir / "serve.log"  # a file, not a pipe: a pipe nobody reads fills up and stalls the server
    server = subprocess.Popen(
        [GRIDGOV, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, for the cleanup below
    )
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # whatever the test has already failed for leaving behind
            os.killpg(server.pid, signal.SIGKILL)


def test_two_api_processes_and_one_follower_serve_concurrent_reports_and_stop_together(
    seeded: Settings, served: tuple[subprocess.Popen[bytes], str]
) -> None:
    server, base = served
    log = seeded.data_dir / "serve.log"
    api_pids = _serving_pids(server, base, log)
    processes = _descendants(server.pid)
    assert api_pids <= processes
    followers = [pid for pid in processes if _cmdline(pid)[-1:] == ["worker"]]
    assert len(followers) == 1, [_cmdline(pid) for pid in processes]

    token = issue_token("worker1", key=seeded.signing_key(), now=datetime.now(UTC), minutes=60)

    def report(n: int) -> str:
        answer = httpx.post(  # a connection of its own each time, so the kernel hands them to both processes
            f"{base}/api/v1/issues",
            json={"node": B1 if n % 2 else B2, "category": BUILDING_WORK, "description": f"违建 {n}"},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"workers-{n}"},
            timeout=30,
        )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        acknowledged = set(pool.map(report, range(REPORTS)))
    assert len(acknowledged) == REPORTS

    # No request reads the timeline, the audit trail or the Merkle leaves: only the follower brings them up.
    checker = bootstrap(seeded, catch_up=False)
    try:
        end = worker_settled(checker)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _head(checker) < end:
            time.sleep(0.2)
        assert _head(checker) == end  # a tree head signed over the whole log
        reported = list(checker.app.recorder.select_notifications(1, 10_000, topics=[REPORTED]))
        assert {str(n.originator_id) for n in reported} == acknowledged
    finally:
        checker.close()

    requests = [line for line in _json_lines(log) if line.get("message") == "request"]
    assert sum(1 for line in requests if line["route"] == "/api/v1/issues" and line["status"] == 201) == REPORTS

    killed = followers[0]
    os.kill(killed, signal.SIGKILL)  # a follower that dies is replaced, and stays the only one
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and log.read_text().count(READY) < 2:
        time.sleep(0.2)
    processes = _descendants(server.pid)
    followers = [pid for pid in processes if _cmdline(pid)[-1:] == ["worker"]]
    assert len(followers) == 1 and followers != [killed], log.read_text()
    assert f"follower process [{killed}] exited with code -9" in log.read_text()

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=20) == 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(processes):
        time.sleep(0.1)
    assert not _alive(processes), [_cmdline(pid) for pid in _alive(processes)]
    assert f"follower process [{followers[0]}] exited with code 0" in log.read_text()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_two_processes_writing_one_sqlite_store_wait_for_each_other(seeded: Settings) -> None:
    """Reports and read-model catch-ups from two processes at once: none fails with "database is locked"."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    writers = [context.Process(target=_report_many, args=(str(seeded.data_dir), barrier, results, n)) for n in range(2)]
    for writer in writers:
        writer.start()
    failures = [results.get(timeout=120) for _ in writers]
    for writer in writers:
        writer.join(timeout=30)
    assert failures == [[], []]
    services = bootstrap(seeded)
    try:
        reported = list(services.app.recorder.select_notifications(1, 10_000, topics=[REPORTED]))
        assert len(reported) == 2 * WRITES
        assert not [m for m in status(services.runner) if m.lag]
    finally:
        services.close()


def _report_many(folder: str, barrier: Barrier, results: Queue[list[str]], n: int) -> None:
    data = Path(folder)
    failures: list[str] = []
    services = None
    try:
        services = bootstrap(Settings(data_dir=data, database_url=f"sqlite:///{data / 'events.db'}"))
        barrier.wait(timeout=60)
        for i in range(WRITES):
            try:  # each report first brings the issue rows up to date: both processes project too
                services.app.report_issue(
                    node=B1 if i % 2 else B2, category=BUILDING_WORK, description=f"违建 {n}-{i}", actor="worker1"
                )
            except Exception as error:
                failures.append(repr(error))
        services.runner.catch_up()
    except Exception as error:
        failures.append(repr(error))
    finally:
        if services is not None:
            services.close()
        results.put(failures)


def _serving_pids(server: subprocess.Popen[bytes], base: str, log: Path) -> set[int]:
    """The processes answering /healthz, once both answer (each request on a new connection)."""
    seen: set[int] = set()
    deadline = time.monotonic() + 90
    while len(seen) < 2:
        assert server.poll() is None, log.read_text()
        assert time.monotonic() < deadline, f"answered by {seen} only\n{log.read_text()}"
        try:
            with ThreadPoolExecutor(max_workers=4) as pool:
                answers = list(pool.map(lambda _: httpx.get(f"{base}/healthz", timeout=2), range(8)))
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        seen |= {int(answer.headers["x-process-id"]) for answer in answers if answer.status_code == 200}
    assert server.pid not in seen
    return seen


def _head(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(select(func.max(tree_heads.c.size))).scalar() or 0)


def _json_lines(log: Path) -> list[dict[str, object]]:
    lines = []
    for text in log.read_text().splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    return lines


def _parents() -> dict[int, int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    return parents


def _descendants(pid: int) -> set[int]:
    parents, found, frontier = _parents(), set[int](), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    return pids & set(_parents())


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")
    except FileNotFoundError:
        return []
