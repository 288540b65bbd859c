"""The city deployment: two API processes and one worker on one PostgreSQL.

Writes go through both API processes at once while the worker is killed and restarted; no
acknowledged event is lost or duplicated, every read model equals a fresh rebuild, and each API
process sees a grid change made through the other.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from api.auth.tokens import issue_token
from api.bootstrap import bootstrap, readmodel_engine
from api.settings import Settings
from domain.issues.model import Issue
from domain.shared.clock import ManualClock
from projections.runner import Runner
from tests.e2e.processes import GRIDGOV, environment, free_port, worker_settled
from tests.support import postgres
from tests.support.world import B1, B2, BUILDING_WORK, K1, seed

pytestmark = pytest.mark.postgres
REPORTS = 40


@pytest.fixture
def city(pg_admin_url: str, tmp_path: Path) -> Iterator[Settings]:
    with postgres.fresh_database(pg_admin_url) as url:
        settings = Settings(
            data_dir=tmp_path, database_url=url, secret_key="a-shared-secret-for-every-process-of-the-city"
        )
        services = bootstrap(settings, clock=ManualClock(_now()))
        seed(services.app)
        services.close()
        yield settings


def _now() -> object:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _start(settings: Settings, *args: str) -> subprocess.Popen[str]:
    env = {**environment(settings), "GRIDGOV_SECRET_KEY": settings.secret_key, "GRIDGOV_POLL_SECONDS": "0.2"}
    return subprocess.Popen([GRIDGOV, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)


def _ready(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


def _rows(engine: Engine, runner: Runner) -> dict[str, list[dict[str, object]]]:
    with engine.connect() as conn:
        return {
            table.name: [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for model in runner.models
            for table in model.tables
        }


def test_two_api_processes_and_a_restarted_worker_lose_and_duplicate_nothing(city: Settings, pg_admin_url: str) -> None:
    ports = free_port(), free_port()
    apis = [_start(city, "serve", "--no-worker", "--port", str(port)) for port in ports]
    worker = _start(city, "worker")
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    token = issue_token("worker1", key=city.secret_key, now=_now(), minutes=60)  # type: ignore[arg-type]
    admin = issue_token("admin", key=city.secret_key, now=_now(), minutes=60)  # type: ignore[arg-type]
    try:
        for base in bases:
            _ready(base)

        def report(n: int) -> str:
            answer = httpx.post(
                f"{bases[n % 2]}/api/v1/issues",
                json={"node": B1 if n % 3 else B2, "category": BUILDING_WORK, "description": f"违建 {n}"},
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"scale-{n}"},
                timeout=30,
            )
            assert answer.status_code == 201, answer.text
            return str(answer.json()["id"])

        with ThreadPoolExecutor(max_workers=8) as pool:
            first = list(pool.map(report, range(REPORTS // 2)))
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            worker = _start(city, "worker")
            second = list(pool.map(report, range(REPORTS // 2, REPORTS)))
        acknowledged = set(first) | set(second)
        assert len(acknowledged) == REPORTS

        renamed = httpx.post(
            f"{bases[0]}/api/v1/grid/nodes/{K1}/rename",
            json={"name": "锦绣新城", "reason": "renamed"},
            headers={"Authorization": f"Bearer {admin}"},
            timeout=30,
        )
        assert renamed.status_code == 200, renamed.text
        seen = httpx.get(f"{bases[1]}/api/v1/grid/nodes/{K1}", headers={"Authorization": f"Bearer {admin}"}, timeout=30)
        assert seen.json()["name"] == "锦绣新城"
        created = httpx.post(
            f"{bases[1]}/api/v1/grid/nodes",
            json={"code": "100001001001009", "name": "9号楼", "parent_code": K1, "reason": "new building"},
            headers={"Authorization": f"Bearer {admin}"},
            timeout=30,
        )
        assert created.status_code == 201, created.text
        path = httpx.get(
            f"{bases[0]}/api/v1/grid/nodes/100001001001009/path",
            headers={"Authorization": f"Bearer {admin}"},
            timeout=30,
        )
        assert path.status_code == 200

        checker = bootstrap(city, catch_up=False)  # it only looks: the worker must do the catching up
        try:
            log_end = worker_settled(checker)  # the restarted worker catches up on its own
            reported = checker.app.recorder.select_notifications(1, 100_000, topics=[Issue.Reported.TOPIC])
            assert {str(n.originator_id) for n in reported} == acknowledged
            assert len(reported) == REPORTS
            with postgres.fresh_database(pg_admin_url) as spare_url:  # a rebuild from nothing, for comparison
                spare = readmodel_engine(spare_url.replace("postgresql://", "postgresql+psycopg://", 1))
                fresh = Runner(checker.app, spare, checker.runner.models)
                fresh.create_tables()
                fresh.catch_up(until=log_end)
                assert _rows(checker.engine, checker.runner) == _rows(spare, fresh)
                spare.dispose()
        finally:
            checker.close()
    finally:
        for process in [*apis, worker]:
            process.terminate()
        for process in [*apis, worker]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
