"""Group commit under a crash: 200 concurrent reports and check-ins from 16 clients, the API
process killed with SIGKILL in the middle and started again, on SQLite and on PostgreSQL.

Every request that was answered 2xx is durable; a report retried with its Idempotency-Key after
the crash is recorded once; two departments checking in on one issue at the same moment both land.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest

from api.auth.tokens import issue_token
from api.bootstrap import bootstrap
from api.settings import Settings
from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from domain.shared.ids import issue_id_for
from projections.log import read_log
from tests.e2e.processes import GRIDGOV, environment, free_port, wait_until_answering
from tests.support.world import B1, B2, BUILDING_WORK, seed

CLIENTS = 16
REPORTS = 160
WHISTLED = 20  # issues each checked in by two departments at once: 40 check-ins
KILL_AFTER = 90  # answers before the SIGKILL


@dataclass
class Server:
    settings: Settings
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.settings.data_dir / "serve.log"
        self.process = subprocess.Popen(
            [GRIDGOV, "serve", "--port", str(self.port)],
            env=environment(self.settings),
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_until_answering(self.base, self.process, log)

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def restart(self) -> None:
        """SIGKILL, as a crash or the OOM killer would, then start again on the same port."""
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def server(settings: Settings) -> Iterator[Server]:
    services = bootstrap(settings, clock=ManualClock(datetime.now(UTC)))
    seed(services.app)
    services.close()
    running = Server(settings, free_port())
    running.start()
    yield running
    running.stop()


def _whistled(server: Server, headers: dict[str, dict[str, str]]) -> list[str]:
    """Issues whistled to 城管 (lead) and 住建, before the load starts."""
    ids = []
    with httpx.Client(base_url=server.base, timeout=30) as http:
        for n in range(WHISTLED):
            body = {"node": B2, "category": BUILDING_WORK, "description": f"待报到 {n}"}
            issue = http.post("/api/v1/issues", json=body, headers=headers["worker1"]).json()["id"]
            for command, extra in (("accept", {}), ("whistle", {"lead": "CG", "co_handlers": ["ZJ"]})):
                answer = http.post(
                    f"/api/v1/issues/{issue}/{command}", json={"reason": "r", **extra}, headers=headers["leader1"]
                )
                assert answer.status_code == 200, answer.text
            ids.append(issue)
    return ids


def test_every_acknowledged_request_survives_a_kill_9_of_the_api_process(server: Server) -> None:
    key = server.settings.signing_key()
    now = datetime.now(UTC)
    headers = {
        name: {"Authorization": f"Bearer {issue_token(name, key=key, now=now, minutes=60)}"}
        for name in ("worker1", "leader1", "dept1", "dept2")
    }
    whistled = _whistled(server, headers)
    jobs: list[tuple[str, str, str]] = [("report", f"key-{n}", "worker1") for n in range(REPORTS)]
    for issue in whistled:  # the two departments' check-ins on one issue sit side by side
        jobs += [("check-in", issue, "dept1"), ("check-in", issue, "dept2")]
    jobs.sort(key=lambda job: hash(job[1]) % 97)  # interleaved, the same on every run of one process
    answered = 0
    killed = threading.Event()
    restart = threading.Thread(target=server.restart)
    lock = threading.Lock()
    acknowledged: list[tuple[str, str, str, int]] = []
    retried: set[tuple[str, str, str]] = set()

    def send(job: tuple[str, str, str], http: httpx.Client) -> None:
        nonlocal answered
        kind, what, who = job
        deadline = time.monotonic() + 120
        while True:
            try:
                if kind == "report":
                    answer = http.post(
                        "/api/v1/issues",
                        json={"node": B1, "category": BUILDING_WORK, "description": f"违建 {what}"},
                        headers={**headers[who], "Idempotency-Key": what},
                    )
                else:
                    answer = http.post(f"/api/v1/issues/{what}/check-in", json={"reason": "报到"}, headers=headers[who])
            except httpx.TransportError:  # the process is down: retry the same request, as a client would
                with lock:
                    retried.add(job)
                assert time.monotonic() < deadline, f"{job} got no answer in 120 s"
                time.sleep(0.05)
                continue
            break
        with lock:
            acknowledged.append((kind, what, who, answer.status_code))
            answered += 1
            if answered == KILL_AFTER and not killed.is_set():
                killed.set()
                restart.start()

    def client(share: list[tuple[str, str, str]]) -> None:
        with httpx.Client(base_url=server.base, timeout=30) as http:
            for job in share:
                send(job, http)

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, [jobs[i::CLIENTS] for i in range(CLIENTS)]))
    assert killed.is_set()
    restart.join()
    assert retried  # the kill cut requests in flight, and their clients sent them again

    statuses = {(kind, what, who): status for kind, what, who, status in acknowledged}
    reports_ok = {what for (kind, what, _), status in statuses.items() if kind == "report" and status in (200, 201)}
    check_ins_ok = {
        (what, who) for (kind, what, who), status in statuses.items() if kind == "check-in" and status == 200
    }
    refused = {job: status for job, status in statuses.items() if status not in (200, 201)}
    # Only a check-in sent again after its answer was lost in the crash is refused: as already done.
    assert all(job in retried and job[0] == "check-in" and status == 422 for job, status in refused.items()), refused
    assert len(reports_ok) == REPORTS

    services = bootstrap(server.settings, clock=ManualClock(datetime.now(UTC)), catch_up=False)
    try:
        app = services.app
        for key_ in reports_ok:
            first = next(iter(app.events.get(issue_id_for("worker1", key_))))
            assert isinstance(first, Issue.Reported) and first.description == f"违建 {key_}", key_
        stored = [e for _, e in read_log(app) if isinstance(e, Issue.Reported) and e.node == B1]
        assert len(stored) == REPORTS  # no report twice, however often it was retried
        for issue in whistled:
            checked = [e.department for e in app.events.get(UUID(issue)) if isinstance(e, Issue.DepartmentCheckedIn)]
            assert sorted(checked) == ["CG", "ZJ"], issue  # both departments, neither update lost
        departments = {"dept1": "CG", "dept2": "ZJ"}
        for issue, who in check_ins_ok:
            assert departments[who] in [
                e.department for e in app.events.get(UUID(issue)) if isinstance(e, Issue.DepartmentCheckedIn)
            ]
    finally:
        services.close()
