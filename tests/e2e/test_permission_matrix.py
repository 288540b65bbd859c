"""The permission table, printed and enforced: every role and command over HTTP, and the CLI alike.

The expected answer of each cell is worked out here from who each account is (which grants reach
the issue's building, which department was called), then compared with what the table says and
with what the API and the CLI answer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.cli.issues import FEATURES, markdown_matrix
from api.settings import Settings
from domain.accounts.permissions import Scope
from domain.accounts.roles import Grant, Role
from domain.issues.permissions import PERMISSIONS
from domain.issues.status import Command
from tests.e2e.processes import run
from tests.support.world import B1, BUILDING_WORK, C3, K2, K4, S2, World, password_hash

DOCS = Path(__file__).parents[2] / "docs" / "permissions.md"
ISSUES = "/api/v1/issues"

# Accounts beyond the seeded ones: the same roles, granted somewhere else.
OUTSIDERS = {
    "office2": Grant(Role.OFFICE, S2),
    "leader3": Grant(Role.GRID_LEADER, C3),
    "worker4": Grant(Role.GRID_WORKER, K4),
    "leader2": Grant(Role.GRID_LEADER, K2),  # a sibling compound in the same community
}
# Each account: its roles, and whether its grants reach building B1 (grid roles) or it was called (departments).
ACCOUNTS: dict[str, tuple[set[Role], bool]] = {
    "admin": ({Role.ADMIN}, True),
    "auditor": ({Role.AUDITOR}, False),
    "office1": ({Role.OFFICE}, True),
    "leader1": ({Role.GRID_LEADER}, True),
    "worker1": ({Role.GRID_WORKER}, True),
    "worker2": ({Role.GRID_WORKER}, False),
    "office2": ({Role.OFFICE}, False),
    "leader3": ({Role.GRID_LEADER}, False),
    "worker4": ({Role.GRID_WORKER}, False),
    "leader2": ({Role.GRID_LEADER}, False),
    "dept1": ({Role.DEPARTMENT}, True),  # CG, called
    "dept2": ({Role.DEPARTMENT}, True),  # ZJ, called
    "dept3": ({Role.DEPARTMENT}, False),  # XF, not called
}
BODIES: dict[Command, dict[str, Any]] = {
    Command.GRID_FEEDBACK: {"result": "处理完毕"},
    Command.WHISTLE: {"lead": "CG"},
    Command.PROGRESS: {"note": "已到场"},
    Command.FEEDBACK: {"result": "已处理"},
    Command.REDISPATCH: {"from_department": "ZJ", "to_department": "XF"},
    Command.REQUEST_EXTENSION: {"until": "2026-03-30T08:00:00+08:00"},
    Command.GRANT_EXTENSION: {"department": "CG"},
    Command.VERIFY: {"passed": False},
    Command.RATE: {"department": "CG", "rating": "satisfied"},
}


def expected(command: Command, username: str) -> bool:
    roles, reaches = ACCOUNTS[username]
    rule = PERMISSIONS[command]
    if not roles & rule.roles:
        return False
    return Role.ADMIN in roles or reaches


def _add_outsiders(world: World) -> None:
    for username, grant in OUTSIDERS.items():
        world.services.app.open_account(
            username=username,
            display_name=username,
            phone="13900000000",
            password_hash=password_hash(),
            grants=[grant],
            actor="seed",
            reason="test",
        )


def _dispatched(client: TestClient, world: World) -> str:
    report = {"node": B1, "category": BUILDING_WORK, "description": "楼顶违建"}
    issue = client.post(ISSUES, json=report, headers=world.headers("worker1")).json()["id"]
    for path, body in (("accept", {}), ("whistle", {"lead": "CG", "co_handlers": ["ZJ"]})):
        answer = client.post(f"{ISSUES}/{issue}/{path}", json={"reason": "r", **body}, headers=world.headers("leader1"))
        assert answer.status_code == 200, answer.text
    return str(issue)


def test_the_published_matrix_is_the_table() -> None:
    page = DOCS.read_text()
    for feature, rows in FEATURES.items():
        assert f"## {feature}\n\n{markdown_matrix(rows())}\n" in page, f"docs/permissions.md is stale for {feature}"
    assert set(PERMISSIONS) == set(Command)
    assert all(Role.AUDITOR not in rule.roles for rule in PERMISSIONS.values())
    departmental = {c for c, rule in PERMISSIONS.items() if rule.scope is Scope.CALLED_DEPARTMENT}
    assert all(PERMISSIONS[c].roles == {Role.DEPARTMENT} for c in departmental)


def test_every_role_gets_exactly_what_the_table_allows_over_http(client: TestClient, world: World) -> None:
    _add_outsiders(world)
    world.services.catch_up()
    cells: list[tuple[str, str, int]] = []
    for command in Command:
        issue, into = "", ""  # each cell meets a freshly dispatched issue: a refusal records nothing (checked)
        for username in ACCOUNTS:
            if not issue:
                issue, into = _dispatched(client, world), _dispatched(client, world) if command is Command.MERGE else ""
            if command is Command.REPORT:
                path, body = ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "堆物"}
            else:
                path, body = f"{ISSUES}/{issue}/{command}", dict(BODIES.get(command, {}))
                if command is Command.MERGE:
                    body["into"] = into
            recorded = world.services.app.recorder.max_notification_id()
            answer = client.post(path, json={"reason": "matrix", **body}, headers=world.headers(username))
            forbidden = answer.status_code == 403
            assert answer.status_code != 500, answer.text
            if forbidden:
                problem = answer.json()
                assert username in problem["detail"] or "auditors are read-only" in problem["detail"], problem
                assert world.services.app.recorder.max_notification_id() == recorded, (command, username, "recorded")
            else:
                issue = ""
            cells.append((command, username, answer.status_code))
            assert forbidden != expected(command, username), (command, username, answer.status_code, answer.text)
    assert len(cells) == len(Command) * len(ACCOUNTS)


def test_a_refusal_says_who_may_and_where_the_building_now_is(client: TestClient, world: World) -> None:
    _add_outsiders(world)
    world.services.catch_up()
    issue = _dispatched(client, world)
    refused = client.post(f"{ISSUES}/{issue}/accept", json={"reason": "r"}, headers=world.headers("worker1"))
    assert refused.status_code == 403
    assert re.search(r"only admin or grid_leader or office .* may", refused.json()["detail"])
    elsewhere = client.post(f"{ISSUES}/{issue}/close", json={"reason": "r"}, headers=world.headers("leader3"))
    assert f"{B1} (now under 100001 › 100001001 › 100001001001)" in elsewhere.json()["detail"]


def test_the_cli_applies_the_same_table(settings: Settings, world: World, client: TestClient) -> None:
    issue = _dispatched(client, world)
    refused = run(settings, "issue", "close", issue, "--as", "worker1", "--reason", "by hand")
    assert refused.returncode == 1
    assert "worker1 may not close issue" in refused.stderr
    stranger = run(settings, "issue", "check-in", issue, "--as", "dept3", "--reason", "by hand")
    assert stranger.returncode == 1
    assert "XF was not called" in stranger.stderr
    allowed = run(settings, "issue", "check-in", issue, "--as", "dept1", "--reason", "报到")
    assert allowed.returncode == 0, allowed.stderr
    assert world.services.app.issue(UUID(issue)).dispatches["CG"].status == "checked_in"
