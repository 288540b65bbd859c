"""The closed issues a node still has to rate (待评价): the board's list of what awaits the office."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.support.world import B1, B5, BUILDING_WORK, C1, K2, S1, S2, World

ISSUES = "/api/v1/issues"


def _post(client: TestClient, world: World, who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(path, json={"reason": "test step", **body}, headers=world.headers(who))
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def _closed_with_two_departments(client: TestClient, world: World, node: str, reporter: str, leader: str) -> str:
    report = {"node": node, "category": BUILDING_WORK, "description": "违章搭建"}
    issue = _post(client, world, reporter, ISSUES, report)["id"]
    _post(client, world, leader, f"{ISSUES}/{issue}/accept", {})
    _post(client, world, leader, f"{ISSUES}/{issue}/whistle", {"lead": "CG", "co_handlers": ["XF"]})
    for department in ("dept1", "dept3"):
        _post(client, world, department, f"{ISSUES}/{issue}/check-in", {})
        _post(client, world, department, f"{ISSUES}/{issue}/feedback", {"result": "已处理"})
    _post(client, world, leader, f"{ISSUES}/{issue}/verify", {"passed": True})
    _post(client, world, leader, f"{ISSUES}/{issue}/close", {})
    return issue


def _awaiting(client: TestClient, world: World, who: str, node: str, status: int = 200) -> Any:
    answer = client.get(f"/api/v1/grid/nodes/{node}/awaiting-rating", headers=world.headers(who))
    assert answer.status_code == status, answer.text
    return answer.json()


def test_a_closed_issue_awaits_rating_until_every_department_that_fed_back_is_rated(
    client: TestClient, world: World
) -> None:
    issue = _closed_with_two_departments(client, world, B1, "worker1", "leader1")
    elsewhere = _closed_with_two_departments(client, world, B5, "admin", "admin")
    open_one = _post(client, world, "worker1", ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "另一处"})

    page = _awaiting(client, world, "office1", S1)
    assert page["total"] == 1 and [row["id"] for row in page["items"]] == [issue]
    assert [row["id"] for row in _awaiting(client, world, "leader1", C1)["items"]] == [issue]
    assert _awaiting(client, world, "leader1", K2)["total"] == 0
    assert _awaiting(client, world, "dept3", S1)["total"] == 1  # XF fed back on it
    assert _awaiting(client, world, "dept2", S1)["total"] == 0  # ZJ was never called
    assert {row["id"] for row in _awaiting(client, world, "admin", S2)["items"]} == {elsewhere}
    assert open_one["id"] not in {row["id"] for row in _awaiting(client, world, "admin", S1)["items"]}

    _post(client, world, "office1", f"{ISSUES}/{issue}/rate", {"department": "CG", "rating": "satisfied"})
    assert _awaiting(client, world, "office1", S1)["total"] == 1
    _post(client, world, "office1", f"{ISSUES}/{issue}/rate", {"department": "XF", "rating": "unsatisfied"})
    assert _awaiting(client, world, "office1", S1)["total"] == 0


def test_awaiting_rating_is_scoped_bounded_and_names_an_unknown_node(client: TestClient, world: World) -> None:
    assert _awaiting(client, world, "office1", S2, 403)["status"] == 403
    assert _awaiting(client, world, "leader1", S1, 403)["status"] == 403
    missing = _awaiting(client, world, "office1", "999999", 404)
    assert missing["errors"][0]["field"] == "code"
    answer = client.get(f"/api/v1/grid/nodes/{S1}/awaiting-rating?limit=501", headers=world.headers("office1"))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "limit"
