"""Administrators maintain departments, categories and time limits; everyone else only reads them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.world import B1, BUILDING_WORK, RUBBISH, S1, S2, World


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


EVERY_ROLE = ("admin", "auditor", "office1", "leader1", "worker1", "dept1")


def test_every_signed_in_role_can_list_the_departments(client: TestClient, world: World) -> None:
    for who in EVERY_ROLE:
        answer = client.get("/api/v1/departments", headers=world.headers(who))
        assert answer.status_code == 200, (who, answer.text)
        assert answer.json() == {
            "total": 3,
            "items": [
                {"code": "CG", "name": "城管", "categories": [], "streets": []},
                {"code": "XF", "name": "消防", "categories": [], "streets": []},
                {"code": "ZJ", "name": "住建", "categories": [], "streets": [S1]},
            ],
        }
    assert client.get("/api/v1/departments").status_code == 401


def test_departments_are_filtered_by_the_street_served_and_the_category_handled(
    client: TestClient, world: World
) -> None:
    worker = world.headers("worker1")

    def codes(**params: str) -> list[str]:
        answer = client.get("/api/v1/departments", params=params, headers=worker)
        assert answer.status_code == 200, answer.text
        return [d["code"] for d in answer.json()["items"]]

    assert codes(street=S2) == ["CG", "XF"]  # ZJ serves S1 only; an empty list means the whole district
    assert codes(category=BUILDING_WORK) == ["CG", "ZJ"]
    assert codes(category=BUILDING_WORK, street=S2) == ["CG"]
    assert codes(category=RUBBISH) == ["CG"]
    assert codes(category="99.99") == []
    page = client.get("/api/v1/departments", params={"limit": 1, "offset": 1}, headers=worker).json()
    assert (page["total"], [d["code"] for d in page["items"]]) == (3, ["XF"])


def test_a_grid_worker_can_list_the_categories_and_filter_them_by_department(client: TestClient, world: World) -> None:
    worker = world.headers("worker1")
    answer = client.get("/api/v1/categories", headers=worker)
    assert answer.status_code == 200, answer.text
    listed = answer.json()
    assert listed["total"] == 2
    assert [(c["code"], c["major"], c["name"]) for c in listed["items"]] == [
        (RUBBISH, "市容环境", "暴露垃圾"),
        (BUILDING_WORK, "违法建设", "违法建设"),
    ]
    assert listed["items"][1]["limits"]["handle"] == {"amount": 5, "unit": "working_days"}
    by_zj = client.get("/api/v1/categories", params={"department": "ZJ"}, headers=worker).json()
    assert [c["code"] for c in by_zj["items"]] == [BUILDING_WORK]
    page = client.get("/api/v1/categories", params={"limit": 1, "offset": 1}, headers=worker).json()
    assert (page["total"], [c["code"] for c in page["items"]]) == (2, [BUILDING_WORK])


def test_the_lists_follow_changes_to_the_catalogue(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    assert client.get("/api/v1/departments", headers=admin).json()["total"] == 3
    body = {"code": "JT", "name": "交通", "streets": [S2], "reason": "new department"}
    assert client.post("/api/v1/departments", json=body, headers=admin).status_code == 201
    remit = {"categories": [RUBBISH], "streets": [S1], "reason": "remit"}
    assert client.post("/api/v1/departments/JT/remit", json=remit, headers=admin).status_code == 200
    served = client.get("/api/v1/departments", params={"street": S1, "category": RUBBISH}, headers=admin).json()
    assert [d["code"] for d in served["items"]] == ["CG", "JT"]
    category = {"code": "03.01", "major": "交通", "name": "占道", "departments": ["JT"], "reason": "new category"}
    assert client.post("/api/v1/categories", json=category, headers=admin).status_code == 201
    by_jt = client.get("/api/v1/categories", params={"department": "JT"}, headers=admin).json()
    assert [c["code"] for c in by_jt["items"]] == [RUBBISH, "03.01"]
