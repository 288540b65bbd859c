"""Every role is refused what it must not see or do; every request but /healthz is signed."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from domain.shared.clock import ManualClock
from tests.support.world import B1, B3, B4, C1, C2, K1, K2, K3, PASSWORD, S1, S2, World

API = "/api/v1/grid/nodes"
# POST endpoints that change nothing: signing in, and re-running the audit check (an auditor's read)
# Reads that POST: signing in, verifying, and revealing a sealed field (recorded with its reason).
# Not changes an auditor is refused: reads sent as POST, and signing in and out of one's own account.
READS_BY_POST = {
    "/api/v1/auth/token",
    "/api/v1/auth/sign-out",
    "/api/v1/audit/verify",
    "/api/v1/people/{person_id}/reveal",
}
# Residents report without an account (随手拍): whoever sends it is a resident, not an account's role.
OPEN_TO_RESIDENTS = {"/public/v1/reports"}
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _rename(client: TestClient, world: World, who: str, code: str) -> int:
    return client.post(
        f"{API}/{code}/rename", json={"name": f"{who}改名", "reason": "r"}, headers=world.headers(who)
    ).status_code


def _assign(client: TestClient, world: World, who: str, code: str, username: str, duty: str) -> int:
    body = {"username": username, "duty": duty, "reason": "staffing"}
    return client.post(f"{API}/{code}/assign", json=body, headers=world.headers(who)).status_code


def test_every_endpoint_but_healthz_needs_a_valid_token(client: TestClient, world: World, clock: ManualClock) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get(API).status_code == 401
    assert client.get(API, headers={"Authorization": "Bearer forged.token.value"}).status_code == 401
    expired = world.headers("admin")
    clock.advance(timedelta(days=2))
    answer = client.get(API, headers=expired)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_signing_in_with_the_password_flow_issues_a_working_token(client: TestClient) -> None:
    wrong = client.post("/api/v1/auth/token", data={"username": "worker1", "password": "nope-nope"})
    assert wrong.status_code == 401
    right = client.post("/api/v1/auth/token", data={"username": "worker1", "password": PASSWORD})
    token = right.json()["access_token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["grants"] == [{"role": "grid_worker", "scope": K1}]


def test_an_auditor_is_refused_every_command_endpoint(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    paths = client.get("/openapi.json").json()["paths"]
    commands = [
        (p, method)
        for p, methods in paths.items()
        for method in ("post", "put")
        if method in methods and p not in READS_BY_POST | OPEN_TO_RESIDENTS
    ]
    assert len(commands) >= 25
    before = world.services.app.recorder.max_notification_id()
    for path, method in commands:
        url = path.replace("{code}", K1).replace("{username}", "worker1").replace("{issue_id}", str(uuid4()))
        body = {
            "code": "999",
            "name": "x",
            "reason": "r",
            "new_parent": C2,
            "username": "worker2",
            "duty": "worker",
            "role": "auditor",
            "display_name": "x",
            "password": "longenough",
        }
        if path.endswith("/import"):
            answer = client.post(url, files={"file": ("g.csv", b"x")}, data={"reason": "r"}, headers=auditor)
        else:
            answer = client.request(method, url, json=body, headers=auditor)
        assert answer.status_code == 403, (path, answer.text)
    assert world.services.app.recorder.max_notification_id() == before


def test_an_auditor_reads_everything(client: TestClient, world: World) -> None:
    auditor = world.headers("auditor")
    assert client.get(f"{API}/{S2}/subtree", headers=auditor).status_code == 200
    node = client.get(f"{API}/{K1}", headers=auditor).json()
    assert node["workers"][0]["phone"] == "13912345678"


def test_a_grid_worker_sees_their_compound_and_path_but_not_a_sibling(client: TestClient, world: World) -> None:
    worker = world.headers("worker1")
    assert client.get(f"{API}/{K1}/subtree", headers=worker).status_code == 200
    assert client.get(f"{API}/{B1}", headers=worker).status_code == 200
    assert client.get(f"{API}/{K1}/path", headers=worker).status_code == 200
    assert client.get(f"{API}/{C1}", headers=worker).status_code == 200
    assert client.get(f"{API}/{K2}", headers=worker).status_code == 403
    assert client.get(f"{API}/{B3}", headers=worker).status_code == 403
    assert client.get(f"{API}/{C1}/subtree", headers=worker).status_code == 403
    assert client.get(f"{API}/{S2}/subtree", headers=worker).status_code == 403
    listed = client.get(API, params={"level": "compound"}, headers=worker).json()
    assert [n["code"] for n in listed["items"]] == [K1]


def test_a_grid_worker_cannot_change_the_grid(client: TestClient, world: World) -> None:
    assert _rename(client, world, "worker1", K1) == 403
    assert _rename(client, world, "worker1", K2) == 403
    assert _assign(client, world, "worker1", K1, "worker2", "worker") == 403
    create = {"code": "100001001001009", "name": "9号楼", "parent_code": K1, "reason": "r"}
    assert client.post(API, json=create, headers=world.headers("worker1")).status_code == 403


def test_a_grid_leader_staffs_workers_below_them_but_not_leaders_or_elsewhere(client: TestClient, world: World) -> None:
    assert _assign(client, world, "leader1", K2, "worker1", "worker") == 200
    assert _assign(client, world, "leader1", K1, "worker2", "leader") == 403
    assert _assign(client, world, "leader1", K3, "worker2", "worker") == 403
    assert _rename(client, world, "leader1", K1) == 403


def test_a_street_office_works_in_its_own_street_only(client: TestClient, world: World) -> None:
    office = world.headers("office1")
    create = {"code": "100001001009", "name": "新小区", "parent_code": C1, "reason": "r"}
    assert client.post(API, json=create, headers=office).status_code == 201
    elsewhere = {"code": "100002001009", "name": "别处", "parent_code": "100002001", "reason": "r"}
    assert client.post(API, json=elsewhere, headers=office).status_code == 403
    assert _rename(client, world, "office1", K3) == 200
    assert _assign(client, world, "office1", K2, "worker1", "leader") == 200
    assert client.post(f"{API}/{B1}/move", json={"new_parent": K2, "reason": "r"}, headers=office).status_code == 403
    assert client.post(f"{API}/{B4}/retire", json={"reason": "r"}, headers=office).status_code == 403
    street = {"code": "300009", "name": "x", "reason": "r"}
    assert client.post(API, json=street, headers=office).status_code == 403
    assert client.get(f"{API}/{S2}", headers=office).status_code == 403


def test_a_department_reads_locations_with_phones_masked_and_changes_nothing(client: TestClient, world: World) -> None:
    dept = world.headers("dept1")
    node = client.get(f"{API}/{K1}", headers=dept).json()
    assert node["workers"][0]["phone"] == "139****5678"
    assert _rename(client, world, "dept1", K1) == 403
    assert client.get("/api/v1/users", headers=dept).status_code == 403


def test_only_admins_manage_accounts_and_a_revocation_takes_effect_at_once(client: TestClient, world: World) -> None:
    body = {"username": "newbie", "display_name": "新人", "password": "longenough", "reason": "hire"}
    assert client.post("/api/v1/users", json=body, headers=world.headers("office1")).status_code == 403
    assert client.get("/api/v1/users", headers=world.headers("auditor")).status_code == 403
    admin = world.headers("admin")
    listed = client.get("/api/v1/users", params={"role": "grid_worker"}, headers=admin).json()
    assert [u["username"] for u in listed["items"]] == ["worker1", "worker2"]

    worker = world.headers("worker1")
    assert client.get(f"{API}/{K1}", headers=worker).status_code == 200
    revoke = {"role": "grid_worker", "scope": K1, "reason": "moved on"}
    assert client.post("/api/v1/users/worker1/revoke", json=revoke, headers=admin).status_code == 200
    assert client.get(f"{API}/{K1}", headers=worker).status_code == 403


def test_a_closed_account_cannot_use_an_old_token(client: TestClient, world: World) -> None:
    token = world.headers("worker2")
    world.services.app.close_account(username="worker2", actor="admin", reason="left")
    assert client.get(f"{API}/{K2}", headers=token).status_code == 401
    assert client.get(f"{API}/{S1}", headers=world.headers("office1")).status_code == 200


def test_the_last_administrator_cannot_revoke_their_own_admin_role(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    step_down = {"role": "admin", "reason": "stepping down"}
    refused = client.post("/api/v1/users/admin/revoke", json=step_down, headers=admin)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {
            "field": "role",
            "reason": "admin is the last active administrator: grant admin to another account first, "
            "so that someone can still administer",
        }
    ]
    assert client.get("/api/v1/users", headers=admin).status_code == 200
    grant = {"role": "admin", "reason": "a deputy"}
    assert client.post("/api/v1/users/office1/grants", json=grant, headers=admin).status_code == 200
    assert client.post("/api/v1/users/admin/revoke", json=step_down, headers=admin).status_code == 200
    assert client.get("/api/v1/users", headers=admin).status_code == 403
