"""The issues where a department asked for more time and the office has not yet answered (申请延期):
the list the street office works through, found in SQL however many issues are open."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.support.world import B1, BUILDING_WORK, World

ISSUES = "/api/v1/issues"


def _post(client: TestClient, world: World, who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(path, json={"reason": "test step", **body}, headers=world.headers(who))
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def _asked(client: TestClient, world: World) -> list[str]:
    answer = client.get(ISSUES, params={"extension_asked": True}, headers=world.headers("office1"))
    assert answer.status_code == 200, answer.text
    return [row["id"] for row in answer.json()["items"]]


def test_an_asked_extension_is_listed_until_it_is_granted_or_the_department_feeds_back(
    client: TestClient, world: World
) -> None:
    dispatched = []
    for n in range(3):
        issue = _post(
            client, world, "worker1", ISSUES, {"node": B1, "category": BUILDING_WORK, "description": f"违建{n}"}
        )
        _post(client, world, "leader1", f"{ISSUES}/{issue['id']}/accept", {})
        _post(client, world, "leader1", f"{ISSUES}/{issue['id']}/whistle", {"lead": "CG"})
        _post(client, world, "dept1", f"{ISSUES}/{issue['id']}/check-in", {})
        dispatched.append(issue["id"])
    assert _asked(client, world) == []
    first, second, _ = dispatched
    for issue in (first, second):
        due = _post(
            client, world, "dept1", f"{ISSUES}/{issue}/request-extension", {"until": "2026-04-30T18:00:00+08:00"}
        )
        assert any(d["extension_until"] for d in due["dispatches"])
    assert sorted(_asked(client, world)) == sorted([first, second])
    _post(client, world, "office1", f"{ISSUES}/{first}/grant-extension", {"department": "CG"})
    _post(client, world, "dept1", f"{ISSUES}/{second}/feedback", {"result": "已拆除"})
    assert _asked(client, world) == []


def test_an_extension_of_more_than_ninety_days_is_refused_naming_until(client: TestClient, world: World) -> None:
    issue = _post(client, world, "worker1", ISSUES, {"node": B1, "category": BUILDING_WORK, "description": "违建"})
    _post(client, world, "leader1", f"{ISSUES}/{issue['id']}/accept", {})
    _post(client, world, "leader1", f"{ISSUES}/{issue['id']}/whistle", {"lead": "CG"})
    answer = client.post(
        f"{ISSUES}/{issue['id']}/request-extension",
        json={"until": "2099-12-31T18:00:00+08:00", "reason": "慢慢来"},
        headers=world.headers("dept1"),
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "until"
    assert "at most 90 days" in answer.json()["detail"]
