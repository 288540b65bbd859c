"""Administrators maintain departments, categories and time limits; everyone else only reads them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.world import B1, BUILDING_WORK, S2, World


def test_changed_time_limits_apply_to_new_deadlines_only(client: TestClient, world: World) -> None:
    app, admin = world.services.app, world.headers("admin")
    before, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    body = {"limits": {"accept": {"amount": 30, "unit": "calendar_minutes"}}, "reason": "faster registration"}
    changed = client.post(f"/api/v1/categories/{BUILDING_WORK}/limits", json=body, headers=admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["limits"]["accept"] == {"amount": 30, "unit": "calendar_minutes"}
    after, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    assert (after.deadlines["accept"] - after.reported_at).total_seconds() == 30 * 60
    assert app.issue(before.id).deadlines["accept"] == before.deadlines["accept"]
    refused = client.post(f"/api/v1/categories/{BUILDING_WORK}/limits", json=body, headers=world.headers("office1"))
    assert refused.status_code == 403
    assert client.get(f"/api/v1/categories/{BUILDING_WORK}", headers=world.headers("dept1")).status_code == 200


def test_a_department_whose_remit_shrinks_can_no_longer_be_called_there(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    answer = client.post(
        "/api/v1/departments/CG/remit", json={"categories": [], "streets": [S2], "reason": "split"}, headers=admin
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["streets"] == [S2]
    app = world.services.app
    issue, _ = app.report_issue(node=B1, category=BUILDING_WORK, description="违建", actor="worker1")
    app.accept_issue(issue.id, actor="leader1", reason="立案")
    refused = client.post(
        f"/api/v1/issues/{issue.id}/whistle", json={"lead": "CG", "reason": "吹哨"}, headers=world.headers("leader1")
    )
    assert refused.status_code == 422
    assert "does not serve" in refused.json()["detail"]
