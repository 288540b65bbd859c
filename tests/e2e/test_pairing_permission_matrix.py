"""The pairing permission table, enforced over HTTP: every role and command, worked out from who each account is."""

from __future__ import annotations

from itertools import count
from typing import Any

from fastapi.testclient import TestClient

from domain.accounts.roles import Grant, Role
from domain.pairings.permissions import PERMISSIONS, matrix
from domain.pairings.values import PairingCommand
from tests.support.pairings import helper, resident
from tests.support.world import B1, C3, S2, World, password_hash

PAIRINGS = "/api/v1/pairings"
OUTSIDERS = {"office2": Grant(Role.OFFICE, S2), "leader3": Grant(Role.GRID_LEADER, C3)}
# Each account: its roles, and whether its grants reach building B1, where every subject lives.
ACCOUNTS: dict[str, tuple[set[Role], bool]] = {
    "admin": ({Role.ADMIN}, True),
    "auditor": ({Role.AUDITOR}, True),
    "office1": ({Role.OFFICE}, True),
    "leader1": ({Role.GRID_LEADER}, True),
    "worker1": ({Role.GRID_WORKER}, True),
    "worker2": ({Role.GRID_WORKER}, False),
    "office2": ({Role.OFFICE}, False),
    "leader3": ({Role.GRID_LEADER}, False),
    "dept1": ({Role.DEPARTMENT}, False),
    "cadre1": (set(), False),  # the helper of every pairing below, with no role at all
    "cadre2": (set(), False),
}


def expected(command: PairingCommand, username: str) -> bool:
    rule = PERMISSIONS[command]
    if rule.helper and username == "cadre1":
        return True
    roles, reaches = ACCOUNTS[username]
    return bool(roles & rule.roles) and reaches


def test_every_command_is_in_the_table_and_auditors_only_read() -> None:
    assert set(PERMISSIONS) == set(PairingCommand)
    assert [c for c, rule in PERMISSIONS.items() if Role.AUDITOR in rule.roles] == [PairingCommand.READ]
    assert ("approve-end", "admin, grid_leader, office", "place") in matrix()


def test_every_role_gets_exactly_what_the_pairing_table_allows_over_http(client: TestClient, world: World) -> None:
    app = world.services.app
    for username, grant in OUTSIDERS.items():
        app.open_account(
            username=username, display_name=username, phone="", password_hash=password_hash(), grants=[grant],
            actor="seed", reason="test",
        )  # fmt: skip
    helper(app, "cadre1")
    helper(app, "cadre2")
    serials = count(100)

    def subject() -> str:
        return str(resident(app, B1, next(serials)))

    def pairing(requested: bool = False) -> str:
        body = {"kind": "assistance", "subject_kind": "person", "subject_id": subject(), "helper": "cadre1"}
        made = client.post(PAIRINGS, json={**body, "reason": "r"}, headers=world.headers("admin"))
        assert made.status_code == 201, made.text
        if requested:
            asked = client.post(
                f"{PAIRINGS}/{made.json()['id']}/request-end",
                json={"reason": "目标达成"},
                headers=world.headers("cadre1"),
            )
            assert asked.status_code == 200, asked.text
        return str(made.json()["id"])

    bodies: dict[PairingCommand, dict[str, Any]] = {
        PairingCommand.LOG_CONTACT: {"kind": "contact", "on": "2026-03-02"},
        PairingCommand.CHANGE_HELPER: {"helper": "cadre2"},
    }
    for command in PairingCommand:
        target = ""  # each cell meets a fresh subject or pairing: a refusal or a read records nothing (checked)
        for username in ACCOUNTS:
            headers = world.headers(username)
            if not target:
                ending = command in (PairingCommand.APPROVE_END, PairingCommand.DECLINE_END)
                target = subject() if command is PairingCommand.CREATE else pairing(requested=ending)
            recorded = app.recorder.max_notification_id()
            if command is PairingCommand.CREATE:
                body = {"kind": "assistance", "subject_kind": "person", "subject_id": target, "helper": "cadre2"}
                answer = client.post(PAIRINGS, json={**body, "reason": "matrix"}, headers=headers)
            elif command is PairingCommand.READ:
                answer = client.get(f"{PAIRINGS}/{target}", headers=headers)
            else:
                body = {"reason": "matrix", **bodies.get(command, {})}
                answer = client.post(f"{PAIRINGS}/{target}/{command}", json=body, headers=headers)
            assert answer.status_code != 500, answer.text
            forbidden = answer.status_code == 403
            if forbidden or command is PairingCommand.READ:
                assert app.recorder.max_notification_id() == recorded, (command, username, "recorded")
            else:
                target = ""
            assert forbidden != expected(command, username), (command, username, answer.status_code, answer.text)
            if forbidden:
                assert username in answer.json()["detail"] or "read-only" in answer.json()["detail"], answer.text
                if username == "dept1" and PERMISSIONS[command].helper:  # refused for its role: says who may
                    assert "in whose grid it lies (or its own helper) may" in answer.json()["detail"], answer.text
