"""README command 1 in miniature: `gridgov serve --demo` in a real process, queried with CLI tokens.

On SQLite only, as the README's command runs it: the demo on PostgreSQL takes minutes of the suite's
ten, and serving on PostgreSQL in real processes is tested by tests/e2e/test_scale_out.py.
"""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest

from api.settings import Settings
from tests.e2e.processes import GRIDGOV, environment, free_port, run


@pytest.mark.parametrize("backend", ["sqlite"])
def test_serve_with_demo_answers_a_street_subtree_to_an_admin_token(settings: Settings) -> None:
    port = free_port()
    server = subprocess.Popen(
        [GRIDGOV, "serve", "--demo", "--port", str(port)],
        env=environment(settings),
        stdout=(settings.data_dir / "serve.log").open("w"),  # not a pipe: unread, it would fill and stall
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the demo registers thousands of residents first
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert server.poll() is None, (settings.data_dir / "serve.log").read_text()
                time.sleep(0.3)
        front = httpx.get(f"{base}/", follow_redirects=True, timeout=10)
        assert (front.status_code, front.url.path) == (200, "/login")
        assert "用户名" in front.text and "密码" in front.text  # the console's sign-in page
        token = run(settings, "users", "token", "admin").stdout.strip()
        answer = httpx.get(
            f"{base}/api/v1/grid/nodes/110101001/subtree", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert answer.status_code == 200
        counts = answer.json()["counts"]
        assert counts["street"] == 1
        assert counts["community"] == 7
        assert counts["building"] == 350
        assert httpx.get(f"{base}/api/v1/grid/nodes/110101001/subtree", timeout=10).status_code == 401
        department = run(settings, "users", "token", "dept-cg").stdout.strip()
        queue = httpx.get(
            f"{base}/api/v1/departments/CG/queue", headers={"Authorization": f"Bearer {department}"}, timeout=10
        ).json()
        assert queue["total"] > 0
        assert queue["counts"]["overdue"] > 0
        assert queue["counts"]["in_progress"] + queue["counts"]["awaiting_verification"] > 0
        admin = {"Authorization": f"Bearer {token}"}
        register = httpx.get(f"{base}/api/v1/people", params={"limit": 1}, headers=admin, timeout=10).json()
        assert register["total"] > 2000
        pairings = httpx.get(f"{base}/api/v1/pairings", params={"limit": 1}, headers=admin, timeout=10).json()
        assert pairings["total"] > 50
        board = httpx.get(f"{base}/api/v1/monitoring/cases", params={"limit": 1}, headers=admin, timeout=10).json()
        assert board["total"] > 20
        cases = httpx.get(f"{base}/api/v1/rectification/cases", params={"limit": 1}, headers=admin, timeout=10).json()
        assert cases["total"] >= 7  # one a stage, a failed 初验, a relapse
        reviews = httpx.get(f"{base}/api/v1/reviews", params={"limit": 1}, headers=admin, timeout=10).json()
        assert reviews["total"] > 20
    finally:
        server.terminate()
        server.wait(timeout=20)
