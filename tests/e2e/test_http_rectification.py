"""Rectification over HTTP: refusals per role from the permission table, refusals that name the field,
the ledger's red/amber/green flags with a manual clock (now and as of a date), the list's filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.accounts.roles import Role
from domain.rectification.permissions import PERMISSIONS
from domain.rectification.status import RectificationCommand
from domain.shared.clock import ManualClock
from tests.support.rectification import close_off, in_progress, today
from tests.support.world import C1, C3, World

CASES = "/api/v1/rectification/cases"
# Each account: its roles, and whether its grants reach community C1.
ACCOUNTS: dict[str, tuple[set[Role], bool]] = {
    "admin": ({Role.ADMIN}, True),
    "auditor": ({Role.AUDITOR}, True),
    "office1": ({Role.OFFICE}, True),
    "leader1": ({Role.GRID_LEADER}, True),
    "worker1": ({Role.GRID_WORKER}, False),  # a worker of compound K1, below C1: C1 is outside their grid
    "dept1": ({Role.DEPARTMENT}, False),
}
IDENTIFY = {"target_kind": "grid_node", "target_id": C1, "source": "年度排查", "criterion": "low_satisfaction"}


def allowed(command: RectificationCommand, username: str) -> bool:
    roles, reaches = ACCOUNTS[username]
    rule = PERMISSIONS[command]
    return bool(roles & rule.roles) and (Role.ADMIN in roles or Role.AUDITOR in roles or reaches)


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_each_role_is_refused_or_allowed_as_the_table_says(world: World, client: TestClient, username: str) -> None:
    case, _ = in_progress(world.services.app)
    url = f"{CASES}/{case.id}"
    calls: dict[RectificationCommand, tuple[str, dict[str, Any]]] = {
        RectificationCommand.IDENTIFY: (CASES, IDENTIFY),
        RectificationCommand.PUBLISH_NOTICE: (f"{url}/notices", {"title": "通报", "text": "进展"}),
        RectificationCommand.ADD_ITEM: (
            f"{url}/items",
            {"problem": "p", "measure": "m", "owner": "worker1", "reviewer": "leader1", "deadline": "2026-05-01"},
        ),
    }
    for command, (path, body) in calls.items():
        answer = client.post(path, json=body, headers=world.headers(username))
        writes = allowed(command, username) and username != "auditor"
        assert (answer.status_code < 300) is writes, (command, answer.json())
        if not writes:
            assert answer.status_code == 403
    read = client.get(url, headers=world.headers(username))
    assert (read.status_code == 200) is allowed(RectificationCommand.READ, username)


def test_only_the_owner_records_progress_and_only_the_reviewer_closes_off(world: World, client: TestClient) -> None:
    case, item_id = in_progress(world.services.app)
    item = f"{CASES}/{case.id}/items/{item_id}"
    assert client.post(f"{item}/progress", json={"note": "进展"}, headers=world.headers("worker2")).status_code == 403
    assert client.post(f"{item}/progress", json={"note": "进展"}, headers=world.headers("worker1")).status_code == 200
    evidence = {"before": "空缺", "after": "到任", "after_sha256": ["0" * 64]}
    assert client.post(f"{item}/evidence", json=evidence, headers=world.headers("worker1")).status_code == 200
    for refused in ("worker1", "office1", "admin"):
        answer = client.post(f"{item}/close-off", json={"reason": "销号"}, headers=world.headers(refused))
        assert answer.status_code == 403 and answer.json()["errors"][0]["field"] == "role", refused
    closed = client.post(f"{item}/close-off", json={"reason": "销号"}, headers=world.headers("leader1"))
    assert closed.status_code == 200 and closed.json()["state"] == "closed_off"
    assert (
        client.post(
            f"{item}/reopen", json={"deadline": "2026-06-01", "reason": "x"}, headers=world.headers("auditor")
        ).status_code
        == 403
    )


def test_refusals_name_the_field(world: World, client: TestClient) -> None:
    office = world.headers("office1")
    outside = client.post(CASES, json={**IDENTIFY, "target_id": C3}, headers=office)
    assert outside.status_code == 403 and outside.json()["errors"][0]["field"] == "node"
    unknown = client.post(CASES, json={**IDENTIFY, "criterion": "quota"}, headers=office)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "criterion"
    other = client.post(CASES, json={**IDENTIFY, "criterion": "other"}, headers=office)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "criterion_text"
    bad_kind = client.post(CASES, json={**IDENTIFY, "target_kind": "village"}, headers=office)
    assert bad_kind.status_code == 422 and "target_kind" in str(bad_kind.json()["errors"][0]["field"])
    case = client.post(CASES, json=IDENTIFY, headers=office).json()
    early = client.post(f"{CASES}/{case['id']}/stages", json={"step": "start_work", "reason": "x"}, headers=office)
    assert early.status_code == 422 and "approve_plan" in str(early.json())
    item = {"problem": "p", "measure": "m", "owner": "worker1", "reviewer": "leader1", "deadline": "2026-05-01"}
    hashes = client.post(f"{CASES}/{case['id']}/items", json=item, headers=office).json()
    url = f"{CASES}/{case['id']}/items/{hashes['id']}/evidence"
    bad = client.post(url, json={"before": "b", "after": "a", "before_sha256": ["xyz"]}, headers=office)
    assert bad.status_code == 422 and "before_sha256" in str(bad.json()["errors"][0]["field"])


def test_flags_follow_the_deadline_with_a_manual_clock_now_and_as_of(
    world: World, client: TestClient, clock: ManualClock
) -> None:
    app = world.services.app
    case, item_id = in_progress(app)  # its item is due in 30 days; amber from 7 days before
    start = clock.now()

    def flags(**params: Any) -> tuple[str, list[str]]:
        office = world.headers("office1")  # a fresh token: the clock moves by weeks
        ledger = client.get(f"{CASES}/{case.id}/items", params=params, headers=office).json()
        page = client.get(CASES, params={"node": C1, **params}, headers=office).json()
        return page["items"][0]["flag"], [i["flag"] for i in ledger["items"]]

    assert flags() == ("green", ["green"])
    clock.advance(timedelta(days=23))
    assert flags() == ("amber", ["amber"])
    clock.advance(timedelta(days=8))
    assert flags() == ("red", ["red"])
    office = world.headers("office1")
    red = client.get(CASES, params={"flag": "red"}, headers=office).json()
    assert [row["id"] for row in red["items"]] == [str(case.id)] and red["total"] == 1
    assert client.get(CASES, params={"flag": "green"}, headers=office).json()["total"] == 0
    assert flags(as_of=(start + timedelta(days=1)).isoformat()) == ("green", ["green"])
    close_off(app, case.id, item_id)
    assert flags() == ("green", ["green"])
    assert flags(as_of=(clock.now() - timedelta(seconds=1)).isoformat()) == ("red", ["red"])
    assert today(app) > app.local_date(start)
    office = world.headers("office1")
    staged = client.get(CASES, params={"stage": "in_progress", "target_kind": "grid_node"}, headers=office).json()
    assert staged["total"] == 1
    assert client.get(CASES, params={"limit": 501}, headers=office).status_code == 422


def test_every_endpoint_of_a_case_from_identification_to_a_relapse(
    world: World, client: TestClient, clock: ManualClock
) -> None:
    office, owner, reviewer = (world.headers(u) for u in ("office1", "worker1", "leader1"))
    case = client.post(CASES, json=IDENTIFY, headers=office).json()
    url = f"{CASES}/{case['id']}"

    def stage(step: str, **body: Any) -> dict[str, Any]:
        answer = client.post(f"{url}/stages", json={"step": step, "reason": step, **body}, headers=office)
        assert answer.status_code == 200, answer.json()
        return dict(answer.json())

    item = {
        "problem": "满意度低",
        "measure": "走访",
        "owner": "worker1",
        "reviewer": "leader1",
        "deadline": "2026-04-01",
    }
    item_id = client.post(f"{url}/items", json=item, headers=office).json()["id"]
    stage("approve_plan", plan="整改方案", deadline="2026-06-01")
    stage("start_work")
    client.post(f"{url}/items/{item_id}/progress", json={"note": "已走访"}, headers=owner)
    client.post(f"{url}/items/{item_id}/evidence", json={"before": "b", "after": "a"}, headers=owner)
    client.post(f"{url}/items/{item_id}/close-off", json={"reason": "销号"}, headers=reviewer)
    stage("submit_self_evaluation", summary="已整改")
    stage("conclude_self_evaluation", passed=True)
    points = {"leadership": 27, "party_life": 18, "ledger": 27, "satisfaction": 18}
    assert client.post(f"{url}/scores", json={"points": points}, headers=office).json()["scores"][0]["total"] == 90
    assert stage("conclude_preliminary_acceptance")["stage"] == "assessment_acceptance"
    client.post(f"{url}/scores", json={"points": points, "sheet_version": 1}, headers=office)
    tally = {"satisfied": 10, "basically_satisfied": 2, "unsatisfied": 3}
    assert client.post(f"{url}/votes", json=tally, headers=office).status_code == 200
    too_many = client.post(f"{url}/votes", json={**tally, "satisfied": 11}, headers=office)
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "votes"
    closed = stage("conclude_assessment_acceptance")
    assert closed["stage"] == "closed" and closed["reinspect_on"] == "2026-09-02"
    notice = client.post(f"{url}/notices", json={"title": "通报", "text": "已验收"}, headers=office).json()
    fed = client.post(f"{url}/notices/{notice['id']}/feedback", json={"text": "好"}, headers=reviewer)
    assert fed.status_code == 200 and fed.json()["feedback"][0]["text"] == "好"
    clock.advance(timedelta(days=184))
    office = world.headers("office1")
    relapse = {"relapse": True, "findings": "反弹", "new_deadline": "2026-12-31"}
    reopened = client.post(f"{url}/reinspections", json=relapse, headers=office).json()
    assert reopened["stage"] == "in_progress" and reopened["reinspections"][0]["relapse"] is True
    rules = client.get("/api/v1/rectification/rules", headers=office).json()
    assert rules["pass_points"] == 70 and rules["representatives"] == 15 and rules["sheets"][0]["version"] == 1
